// Counters over a run's typed events: messages sent by type (for message-complexity bounds),
// without reading the trace.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"
#include "runtime/sim/simulator.hpp"

namespace dslab::labkit {

/// The type name of the alternative a message variant holds ("Prepare").
template <class... Ts>
std::string_view type_name(const std::variant<Ts...>& v) {
  return std::visit([](const auto& m) { return codec::Access::type_name<std::decay_t<decltype(m)>>(); },
                    v);
}

/// Counts every message the nodes send (whatever the network then does with it), by type.
/// Subscribe before the run; it must outlive the simulator's run. Not thread-safe.
template <node::Protocol P>
class MessageCounts {
 public:
  using Message = typename P::Message;

  explicit MessageCounts(sim::Simulator<P>& sim) : counts_(std::variant_size_v<Message>, 0) {
    sim.run_events().on_send([this](const sim::SendEvent<P>& e) {
      ++counts_[e.msg.index()];
      ++total_;
    });
  }
  MessageCounts(const MessageCounts&) = delete;
  MessageCounts& operator=(const MessageCounts&) = delete;

  /// Messages sent in all.
  std::size_t total() const { return total_; }
  /// Messages sent of the type of `sample` (any value of that alternative).
  std::size_t of(const Message& sample) const { return counts_[sample.index()]; }
  /// "3 Prepare, 3 Promise, 9 Accepted" (types never sent are left out; "none" if nothing).
  std::string describe() const {
    std::string out;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (counts_[i] == 0) continue;
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", counts_[i], name(i));
    }
    return out.empty() ? "none" : out;
  }

 private:
  template <std::size_t I = 0>
  static std::string_view name(std::size_t index) {
    if constexpr (I < std::variant_size_v<Message>) {
      if (index == I) {
        return codec::Access::type_name<std::variant_alternative_t<I, Message>>();
      }
      return name<I + 1>(index);
    } else {
      return "?";
    }
  }

  std::vector<std::size_t> counts_;
  std::size_t total_ = 0;
};

}  // namespace dslab::labkit
