// Composition: a node made of parts (sub-nodes with a protocol of their own), e.g. a student's
// lab-2 failure detector inside their lab-3 Paxos node. The part is an ordinary node object, a
// member of the parent listed in the parent's DSLAB_STATE; the parent forwards events to it with
// Part<Mapping>, which runs the part's handler with a Context of the part's own protocol and
// maps everything the part did into the parent's event:
//
//   part's effect            becomes, in the parent's event
//   send(to, m)              send(to, Mapping::message(m))     (a wrapper alternative of P)
//   set_timer(after, t)      a timer Mapping::timer(t) with the same id (cancel_timer works)
//   cancel_timer(id), log    the same
//   storage put/erase(k)     the same under key Mapping::storage_prefix + k (parts never collide)
//   output(o)                a call on_output(parent_ctx, o): the parent decides (act on it,
//                            re-emit it as its own output, or ignore it)
//
//   struct DetectorInPaxos {                        // the mapping, written once by the parent
//     using Parent = lab3x::Protocol;  using Child = lab2::Protocol;
//     static constexpr std::string_view storage_prefix = "detector/";
//     static Parent::Message message(Child::Message m) { return DetectorMsg{std::move(m)}; }
//     static Parent::Timer timer(Child::Timer t) { return DetectorTimer{std::move(t)}; }
//   };
//   using Detector = dslab::node::Part<DetectorInPaxos>;
//   void on(Context& ctx, NodeId from, const DetectorMsg& m) {
//     Detector::deliver(detector_, ctx, from, m.inner, [&](Context& c, const lab2::Protocol::Output& o) {
//       if (auto* trust = std::get_if<lab2::Trust>(&o)) on_leader(c, trust->leader);
//     });
//   }
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/node/dispatch.hpp"

namespace dslab::node {

/// How a part's protocol (Child) sits inside its parent's (Parent): wrappers for its messages
/// and timers, and the prefix of its stable-storage keys.
template <class M>
concept PartMapping =
    Protocol<typename M::Parent> && Protocol<typename M::Child> &&
    requires(typename M::Child::Message msg, typename M::Child::Timer timer) {
      { M::message(std::move(msg)) } -> std::convertible_to<typename M::Parent::Message>;
      { M::timer(std::move(timer)) } -> std::convertible_to<typename M::Parent::Timer>;
      { M::storage_prefix } -> std::convertible_to<std::string_view>;
    };

/// Runs a part's handlers inside a parent's event (see the file comment). Stateless: the part's
/// state is the node object the parent passes in. Not thread-safe (like every node).
template <PartMapping M>
class Part {
 public:
  using Parent = typename M::Parent;
  using Child = typename M::Child;

  /// Calls child.on_start with a Context of the part's protocol.
  template <class ChildNode, class OnOutput>
  static void start(ChildNode& child, Context<Parent>& parent, OnOutput&& on_output) {
    run(parent, on_output, [&](Context<Child>& ctx) { child.on_start(ctx); });
  }
  /// Delivers one of the part's messages (typed dispatch to the part's handler).
  template <class ChildNode, class OnOutput>
  static void deliver(ChildNode& child, Context<Parent>& parent, NodeId from,
                      const typename Child::Message& msg, OnOutput&& on_output) {
    run(parent, on_output, [&](Context<Child>& ctx) { node::deliver<Child>(child, ctx, from, msg); });
  }
  /// Fires one of the part's timers (typed dispatch to the part's handler).
  template <class ChildNode, class OnOutput>
  static void fire(ChildNode& child, Context<Parent>& parent, const typename Child::Timer& timer,
                   OnOutput&& on_output) {
    run(parent, on_output, [&](Context<Child>& ctx) { node::fire<Child>(child, ctx, timer); });
  }

 private:
  template <class OnOutput, class Call>
  static void run(Context<Parent>& parent, OnOutput& on_output, Call&& call) {
    const EventScope<Parent>& outer = parent.scope();
    const std::string prefix(M::storage_prefix);
    // The part's storage is a view of the parent's under its prefix (nested parts add up): it
    // sees only its own keys, and its writes land in the parent's storage as they happen.
    Effects<Child> effects;
    EventScope<Child> inner{outer.self, outer.nodes,   outer.now, outer.rng, outer.next_timer,
                            outer.storage, &effects, outer.storage_prefix + prefix};
    {
      Context<Child> ctx(inner);
      call(ctx);
    }
    for (auto& effect : effects) {
      std::visit([&](auto& e) { forward(parent, outer, prefix, on_output, e); }, effect);
    }
  }

  template <class OnOutput>
  static void forward(Context<Parent>& parent, const EventScope<Parent>&, const std::string&,
                      OnOutput&, Send<Child>& e) {
    parent.send(e.to, M::message(std::move(e.msg)));
  }
  template <class OnOutput>
  static void forward(Context<Parent>&, const EventScope<Parent>& outer, const std::string&,
                      OnOutput&, SetTimer<Child>& e) {
    outer.effects->emplace_back(SetTimer<Parent>{e.id, e.after, M::timer(std::move(e.timer))});
  }
  template <class OnOutput>
  static void forward(Context<Parent>& parent, const EventScope<Parent>&, const std::string&,
                      OnOutput&, CancelTimer& e) {
    parent.cancel_timer(e.id);
  }
  template <class OnOutput>
  static void forward(Context<Parent>&, const EventScope<Parent>& outer, const std::string&,
                      OnOutput&, StorageWrite& e) {
    outer.effects->emplace_back(std::move(e));  // already in storage, under its full key
  }
  template <class OnOutput>
  static void forward(Context<Parent>& parent, const EventScope<Parent>&, const std::string&,
                      OnOutput& on_output, Emit<Child>& e) {
    on_output(parent, e.output);
  }
  template <class OnOutput>
  static void forward(Context<Parent>& parent, const EventScope<Parent>&, const std::string&,
                      OnOutput&, Log& e) {
    parent.log(std::move(e.text));
  }
};

}  // namespace dslab::node
