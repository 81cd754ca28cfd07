// Typed dispatch: the runtime turns a message or timer variant into a call of the node's handler
// overload for that alternative, so student code never switches on the variant itself.
//
//   class PaxosNode {
//    public:
//     void on_start(Context& ctx);
//     void on(Context& ctx, NodeId from, const Prepare& prepare);   // one per message type
//     void on(Context& ctx, NodeId from, const Promise& promise);
//     void on(Context& ctx, const Progress& timer);                 // one per timer type
//   };
//
// A message or timer type without a handler is a compile error whose note names the type:
//   note: 'dslab::node::node_has_no_handler_for_message<lab3::Promise>' evaluates to false
#pragma once

#include <variant>

#include "runtime/node/context.hpp"

namespace dslab::node {

/// N handles message type M with `on(Context<P>&, NodeId from, const M&)`.
template <class N, class P, class M>
concept HandlesMessage = requires(N& node, Context<P>& ctx, NodeId from, const M& msg) {
  node.on(ctx, from, msg);
};
/// N handles timer type T with `on(Context<P>&, const T&)`.
template <class N, class P, class T>
concept HandlesTimer = requires(N& node, Context<P>& ctx, const T& timer) { node.on(ctx, timer); };

/// A node that takes the whole message variant (`on_message(ctx, from, msg)`) instead of one
/// handler per type: runtime wrappers that forward every event to an inner node (test hosts,
/// adapters). Student nodes write typed handlers.
template <class N, class P>
concept TakesWholeMessage = requires(N& node, Context<P>& ctx, NodeId from,
                                     const typename P::Message& msg) {
  node.on_message(ctx, from, msg);
};
/// The same for timers (`on_timer(ctx, timer)`).
template <class N, class P>
concept TakesWholeTimer = requires(N& node, Context<P>& ctx, const typename P::Timer& timer) {
  node.on_timer(ctx, timer);
};

// Named in the compiler's note when a handler is missing (the static_assert text cannot hold
// the type, the note does).
template <class M>
inline constexpr bool node_has_no_handler_for_message = false;
template <class T>
inline constexpr bool node_has_no_handler_for_timer = false;

/// Calls the handler of `node` for this message alternative.
template <class P, class N, class M>
void handle_message(N& node, Context<P>& ctx, NodeId from, const M& msg) {
  if constexpr (HandlesMessage<N, P, M>) {
    node.on(ctx, from, msg);
  } else {
    static_assert(node_has_no_handler_for_message<M>,
                  "dslab: the node has no handler for a message type; add "
                  "`void on(Context& ctx, NodeId from, const M& msg);` for the type M named in "
                  "the note 'node_has_no_handler_for_message<M>' below");
  }
}

/// Calls the handler of `node` for this timer alternative.
template <class P, class N, class T>
void handle_timer(N& node, Context<P>& ctx, const T& timer) {
  if constexpr (HandlesTimer<N, P, T>) {
    node.on(ctx, timer);
  } else {
    static_assert(node_has_no_handler_for_timer<T>,
                  "dslab: the node has no handler for a timer type; add "
                  "`void on(Context& ctx, const T& timer);` for the type T named in the note "
                  "'node_has_no_handler_for_timer<T>' below");
  }
}

/// Delivers `msg` from `from` to `node`: its typed handler for the alternative `msg` holds (or
/// its whole-variant on_message). What every engine calls.
template <class P, class N>
void deliver(N& node, Context<P>& ctx, NodeId from, const typename P::Message& msg) {
  if constexpr (TakesWholeMessage<N, P>) {
    node.on_message(ctx, from, msg);
  } else {
    std::visit([&](const auto& m) { handle_message<P>(node, ctx, from, m); }, msg);
  }
}

/// Fires `timer` at `node`: its typed handler for the alternative (or its whole-variant
/// on_timer).
template <class P, class N>
void fire(N& node, Context<P>& ctx, const typename P::Timer& timer) {
  if constexpr (TakesWholeTimer<N, P>) {
    node.on_timer(ctx, timer);
  } else {
    std::visit([&](const auto& t) { handle_timer<P>(node, ctx, t); }, timer);
  }
}

}  // namespace dslab::node
