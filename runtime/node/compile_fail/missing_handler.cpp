// Must NOT compile (runtime/node/CMakeLists.txt, test node_missing_handler_names_the_type): the
// node lacks a handler for Pong, and the error must name that type.
#include "runtime/node/dispatch.hpp"

namespace demo {
struct Ping {
  DSLAB_STATE(Ping)
};
struct Pong {
  DSLAB_STATE(Pong)
};
struct Tick {
  DSLAB_STATE(Tick)
};
struct Protocol {
  using Message = std::variant<Ping, Pong>;
  using Timer = std::variant<Tick>;
  using Output = std::variant<Tick>;
};
struct Node {
  using Protocol = demo::Protocol;
  void on_start(dslab::node::Context<Protocol>&) {}
  void on(dslab::node::Context<Protocol>&, dslab::NodeId, const Ping&) {}
  void on(dslab::node::Context<Protocol>&, const Tick&) {}
};
}  // namespace demo

void deliver_to(demo::Node& node, dslab::node::Context<demo::Protocol>& ctx, const demo::Protocol::Message& m) {
  dslab::node::deliver<demo::Protocol>(node, ctx, 1, m);
}
