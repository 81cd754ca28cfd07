// A node host for lab 2's protocol whose node 2 crashes its process (SIGSEGV) in a handler: the
// first HeartbeatRequest it receives. The exam tests use it to see a student's crash shown as an
// event while the session goes on. Test-only; not a detector.
#include <csignal>

#include "labs/lab2-detector/api/protocol.hpp"
#include "runtime/host/serve.hpp"

namespace {

class CrashingNode {
 public:
  using Protocol = lab2::Protocol;
  using Context = dslab::node::Context<Protocol>;
  void on_start(Context& ctx) { ctx.set_timer(lab2::kInitialDelay, lab2::Timeout{}); }
  void on(Context& ctx, dslab::NodeId from, const lab2::HeartbeatRequest& /*request*/) {
    if (ctx.self() == 2) std::raise(SIGSEGV);
    ctx.send(from, lab2::HeartbeatReply{});
  }
  void on(Context& /*ctx*/, dslab::NodeId /*from*/, const lab2::HeartbeatReply& /*reply*/) {
    ++replies_;
  }
  void on(Context& ctx, const lab2::Timeout& /*timeout*/) {
    ctx.broadcast(lab2::HeartbeatRequest{});
    ctx.set_timer(lab2::kInitialDelay, lab2::Timeout{});
  }

 private:
  int replies_ = 0;
  DSLAB_STATE(CrashingNode, replies_)
};

}  // namespace

int main(int argc, char** argv) { return dslab::host::serve<CrashingNode>(argc, argv); }
