// The pieces every Paxos lab's rule checker shares (see paxos_rules.hpp).
#include "runtime/testing/paxos_rules.hpp"

namespace dslab::labkit {

std::string PromisedRound::text(int current) const {
  return fmt::format("it promised or accepted round {} at t={}{}", round, format_time(at),
                     incarnation != current ? ", before it crashed" : "");
}

std::string own_rounds_text(NodeId self, int n) {
  return fmt::format("n{}'s rounds are {}, {}, {}, ...", self, self, self + n, self + 2 * n);
}

std::optional<std::string> not_leader(NodeId self, NodeId leader) {
  if (leader == self) return std::nullopt;
  if (leader == 0) return std::string("it received no Leader since its start");
  return fmt::format("the last Leader it received named n{}", leader);
}

std::optional<std::string> below_reloaded_promise(PaxosRound round,
                                                  PaxosRound promised_at_start) {
  if (round > promised_at_start) return std::nullopt;
  return fmt::format("it restarted with a promise for round {} in its storage",
                     promised_at_start);
}

}  // namespace dslab::labkit
