// runtime/ipc/channel.cpp: Channel::call and its validation of everything the child writes.
#include "runtime/ipc/channel.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "runtime/ipc/wait.hpp"

namespace dslab::ipc {
namespace {

long long millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

Channel::Channel(const Options& options)
    : region_(Region::create(options.request_capacity, options.response_capacity)),
      request_capacity_(options.request_capacity),
      response_capacity_(options.response_capacity),
      spin_(options.spin),
      sleep_slice_(std::max<std::chrono::nanoseconds>(options.sleep_slice,
                                                      std::chrono::microseconds(10))) {}

Channel::~Channel() {
  if (region_.fd() >= 0) close();
}

void Channel::close() {
  if (broken_ && broken_->kind == FailureKind::Closed) return;
  layout::Header& header = region_.header();
  header.shutdown.store(1, std::memory_order_seq_cst);
  // Bumping request_seq makes a child sleeping in FUTEX_WAIT (or about to) see a change.
  wait::publish(header.request_seq, seq_ + 1, header.child_sleeping);
  wait::futex_wake(header.request_seq, 1);
  broken_ = Failure{FailureKind::Closed, "the channel was closed by the parent"};
}

Result Channel::fail(FailureKind kind, std::string detail) {
  return fail(Failure{kind, std::move(detail)});
}

Result Channel::fail(Failure failure) {
  broken_ = failure;
  return Result::failure(std::move(failure));
}

Result Channel::call(std::span<const std::byte> request, Deadline deadline) {
  if (broken_) return Result::failure(*broken_);
  if (request.size() > request_capacity_) {
    return Result::failure({FailureKind::TooLarge, "request of " + std::to_string(request.size()) +
                                                       " bytes exceeds the capacity of " +
                                                       std::to_string(request_capacity_)});
  }
  layout::Header& header = region_.header();
  const std::uint32_t before = header.response_seq.load(std::memory_order_acquire);
  if (before != seq_) {
    return fail(FailureKind::Protocol, "child moved the response sequence number to " +
                                           std::to_string(before) + " without a request (expected " +
                                           std::to_string(seq_) + ")");
  }
  if (!request.empty()) std::memcpy(region_.request_area().data(), request.data(), request.size());
  header.request_len.store(static_cast<std::uint32_t>(request.size()), std::memory_order_relaxed);
  ++seq_;
  wait::publish(header.request_seq, seq_, header.child_sleeping);

  std::uint32_t observed = 0;
  if (auto failure = await_response(deadline, observed)) return fail(std::move(*failure));
  if (observed != seq_) {
    return fail(FailureKind::Protocol, "response sequence number " + std::to_string(observed) +
                                           " out of step (expected " + std::to_string(seq_) + ")");
  }
  return take_response();
}

std::optional<Failure> Channel::await_response(Deadline deadline, std::uint32_t& observed) {
  layout::Header& header = region_.header();
  const std::uint32_t waiting = seq_ - 1;
  const auto started = Clock::now();
  observed = wait::spin_while_equal(header.response_seq, waiting, spin_.next_budget());
  spin_.record(observed != waiting);
  while (observed == waiting) {
    const auto now = Clock::now();
    if (now >= deadline) {
      return Failure{FailureKind::Timeout, "no response to request #" + std::to_string(seq_) +
                                               " after " + std::to_string(millis(now - started)) +
                                               " ms"};
    }
    const auto slice = std::min<Clock::duration>(sleep_slice_, deadline - now);
    observed = wait::sleep_while_equal(header.response_seq, waiting, header.parent_sleeping,
                                       std::chrono::duration_cast<std::chrono::nanoseconds>(slice));
    if (observed != waiting) break;
    if (!probe_) continue;
    if (auto gone = probe_()) {
      // The child may have answered just before exiting: prefer its answer.
      observed = header.response_seq.load(std::memory_order_acquire);
      if (observed == waiting) return gone;
    }
  }
  return std::nullopt;
}

Result Channel::take_response() {
  const layout::Header& header = region_.header();
  // Read the length once: the child may keep scribbling, but we only act on this value.
  const std::uint32_t length = header.response_len.load(std::memory_order_acquire);
  if (length > response_capacity_) {
    return fail(FailureKind::Protocol, "response length " + std::to_string(length) +
                                           " exceeds the capacity of " +
                                           std::to_string(response_capacity_));
  }
  const std::byte* source = region_.response_area().data();
  response_.assign(source, source + length);
  return Result::success(response_);
}

}  // namespace dslab::ipc
