// Hostile lab-2 submission "shm-garbage" (grader/hostile/README.md): before each handler the node
// maps the node host's shared-memory channel (DSLAB_IPC_FD) and writes the harness-facing header
// itself: a response length beyond the capacity, garbage response bytes, a sequence number out of
// step and a scribbled constant part. Expected: score 0; the trusted test binary never crashes.
#include "node.hpp"

#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "runtime/ipc/layout.hpp"

namespace lab2 {
namespace {

namespace layout = dslab::ipc::layout;

void wake(std::atomic<std::uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

// Lets the harness observe one forged state before the next one replaces it.
void publish(layout::Header& h, std::uint32_t seq) {
  h.response_seq.store(seq, std::memory_order_release);
  wake(h.response_seq);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

void scribble() {
  const char* fd_text = std::getenv("DSLAB_IPC_FD");
  if (fd_text == nullptr) return;
  const int fd = std::atoi(fd_text);
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(layout::kHeaderBytes)) return;
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return;
  auto* base = static_cast<unsigned char*>(map);
  auto* h = reinterpret_cast<layout::Header*>(base);
  const std::uint32_t n = h->request_seq.load(std::memory_order_acquire);
  // The first forgery the harness observes ends the session, so which one comes first varies
  // with the request (different tests send requests of different lengths).
  const std::uint32_t first = h->request_len.load(std::memory_order_relaxed) % 3;
  for (std::uint32_t k = 0; k < 3; ++k) {
    switch ((first + k) % 3) {
      case 0:
        h->response_len.store(0xFFFFFFF0U, std::memory_order_relaxed);  // beyond any capacity
        publish(*h, n);
        break;
      case 1:
        if (h->response_offset < size) {  // garbage answer
          std::memset(base + h->response_offset, 0xFF, std::min<std::size_t>(size - h->response_offset, 256));
          h->response_len.store(256, std::memory_order_relaxed);
          publish(*h, n);
        }
        break;
      default:
        publish(*h, n + 7);  // out of step
        break;
    }
  }
  h->request_capacity = ~std::uint64_t{0};
  h->response_capacity = ~std::uint64_t{0};
  h->response_offset = ~std::uint64_t{0};
  h->magic = 0;
  munmap(map, size);
}

}  // namespace


void DetectorNode::on_start(Context& ctx) {
  scribble();
  alive_ = std::set<NodeId>(ctx.nodes().begin(), ctx.nodes().end());
  detector_.reset(ctx.nodes());
  leader_.reset(ctx.nodes());
  announce_leader(ctx);
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::on_message(Context& ctx, NodeId from, const Protocol::Message& msg) {
  scribble();
  if (std::holds_alternative<HeartbeatRequest>(msg)) {
    ctx.send(from, HeartbeatReply{});
  } else if (std::holds_alternative<HeartbeatReply>(msg)) {
    alive_.insert(from);
  }
}

void DetectorNode::on_timer(Context& ctx, const Protocol::Timer& /*timer*/) {
  scribble();
  const Changes changes = detector_.on_timeout(alive_);
  for (NodeId p : changes.suspected) ctx.output(Suspect{p});
  for (NodeId p : changes.restored) ctx.output(Restore{p});
  if (!changes.suspected.empty() || !changes.restored.empty()) announce_leader(ctx);
  ctx.broadcast(HeartbeatRequest{});
  alive_.clear();
  ctx.set_timer(detector_.delay(), Timeout{});
}

void DetectorNode::announce_leader(Context& ctx) {
  if (auto leader = leader_.on_suspected_changed(detector_.suspected())) ctx.output(Trust{*leader});
}

}  // namespace lab2
