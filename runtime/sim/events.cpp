// Names of the typed run events' enums (for reports and counters).
#include "runtime/sim/events.hpp"

namespace dslab::sim {

const char* fate_name(Fate fate) {
  switch (fate) {
    case Fate::kInFlight: return "in flight";
    case Fate::kSelf: return "self";
    case Fate::kLost: return "lost";
    case Fate::kPartitioned: return "partitioned";
    case Fate::kNoSuchNode: return "no such node";
  }
  return "unknown";
}

const char* drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::kLost: return "lost";
    case DropReason::kPartitioned: return "partitioned";
    case DropReason::kNoSuchNode: return "no such node";
    case DropReason::kDown: return "receiver down";
    case DropReason::kNotStarted: return "receiver not started";
  }
  return "unknown";
}

}  // namespace dslab::sim
