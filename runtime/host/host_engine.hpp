// The harness side of the node host: an Engine that runs the nodes in separate (sandboxable)
// host processes, one for the whole cluster or one per node (the isolation audit), driven
// event by event over the shared-memory channel. Every answer is decoded as untrusted input.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/codec/wire.hpp"
#include "runtime/engine/engine.hpp"
#include "runtime/host/effect_check.hpp"
#include "runtime/host/protocol.hpp"
#include "runtime/ipc/session.hpp"

namespace dslab::host {

/// How to start and bound host processes.
struct HostOptions {
  std::string host_path;               ///< the host executable (student files + serve<N>)
  std::vector<std::string> launcher;   ///< sandbox command prefix; empty for none
  bool process_per_node = false;       ///< isolation audit: one process per node, restarted on crash
  std::chrono::milliseconds call_timeout{5000};  ///< a handler that takes longer is a hang
  std::size_t output_limit = std::size_t{64} << 10;
  std::size_t max_effects = 100'000;   ///< more effects in one answer is a flood
  std::vector<std::string> env;        ///< extra "NAME=value" for the host's environment
};

/// Reads HostOptions from the environment on top of `defaults`: DSLAB_HOST (path), else
/// DSLAB_STUDENT_BIN (directory holding a host of the default's file name),
/// DSLAB_HOST_LAUNCHER_FILE (one launcher argument per line), DSLAB_HOST_TIMEOUT_MS,
/// DSLAB_HOST_PER_NODE=1.
HostOptions options_from_env(HostOptions defaults);

/// Runs nodes in host processes. Failures of the host (exit, signal, hang, garbage, flood,
/// exception inside a handler, an effect no Context can produce: effect_check.hpp) throw
/// engine::EngineFailure with a readable reason.
/// Not thread-safe.
template <node::Protocol P>
class HostEngine final : public engine::Engine<P> {
 public:
  using Message = typename P::Message;
  using Timer = typename P::Timer;

  explicit HostEngine(HostOptions options) : options_(std::move(options)) {
    if (options_.host_path.empty()) throw std::invalid_argument("HostEngine: no host executable");
  }

  void create(NodeId self, std::span<const NodeId> nodes, const node::StorageMap& storage) override {
    if (options_.process_per_node) sessions_.erase(self);  // a crash ends the process too
    expect_done(call(self, Request<P>{Create{self, {nodes.begin(), nodes.end()}, storage}}), "create");
  }
  void destroy(NodeId self) override {
    if (options_.process_per_node) {
      sessions_.erase(self);
      return;
    }
    expect_done(call(self, Request<P>{Destroy{self}}), "destroy");
  }
  void reset() override {
    if (options_.process_per_node) {
      sessions_.clear();
    } else if (!sessions_.empty()) {
      expect_done(call(0, Request<P>{Reset{}}), "reset");
    }
  }
  void start(node::EventScope<P>& scope) override {
    run_event(scope, Request<P>{Start{input(scope)}}, "on_start");
  }
  void deliver(node::EventScope<P>& scope, NodeId from, const Message& msg) override {
    run_event(scope, Request<P>{Deliver<P>{input(scope), from, msg}}, "on_message");
  }
  void fire(node::EventScope<P>& scope, const Timer& timer) override {
    run_event(scope, Request<P>{Fire<P>{input(scope), timer}}, "on_timer");
  }
  codec::Bytes snapshot(NodeId self) override {
    auto r = call(self, Request<P>{Snapshot{self}});
    if (auto* b = std::get_if<BytesReply>(&r)) return std::move(b->bytes);
    throw unexpected(r, "snapshot");
  }
  void restore(NodeId self, std::span<const std::byte> state) override {
    expect_done(call(self, Request<P>{Restore{self, {state.begin(), state.end()}}}), "restore");
  }
  codec::Json view(NodeId self) override {
    auto r = call(self, Request<P>{View{self}});
    if (auto* t = std::get_if<TextReply>(&r)) {
      try {
        return codec::Json::parse(t->text);
      } catch (const std::exception&) {
        throw engine::EngineFailure("node host answered an unreadable state view");
      }
    }
    throw unexpected(r, "view");
  }
  std::string describe() const override {
    return options_.process_per_node ? "node host (one process per node)" : "node host (1 process)";
  }

 private:
  static EventInput input(const node::EventScope<P>& s) {
    return EventInput{s.self, s.now, *s.rng, *s.next_timer};
  }

  ipc::Session& session_for(NodeId self) {
    const NodeId key = options_.process_per_node ? self : 0;
    auto it = sessions_.find(key);
    if (it != sessions_.end()) return *it->second;
    ipc::SessionOptions so;
    so.argv = {options_.host_path};
    so.launcher = options_.launcher;
    so.output_limit = options_.output_limit;
    so.extra_env = options_.env;
    std::unique_ptr<ipc::Session> session;
    try {
      session = ipc::Session::start(so);
    } catch (const std::exception& e) {
      throw engine::EngineFailure(fmt::format("cannot start the node host: {}", e.what()));
    }
    auto& ref = *session;
    sessions_.emplace(key, std::move(session));
    const auto hello = exchange(ref, Request<P>{Hello{}});
    if (!std::holds_alternative<Done>(hello)) throw unexpected(hello, "hello");
    return ref;
  }

  Response<P> call(NodeId self, const Request<P>& request) {
    return exchange(session_for(self), request);
  }

  Response<P> exchange(ipc::Session& session, const Request<P>& request) {
    buffer_.clear();
    codec::encode_into(request, buffer_);
    const auto result = session.call(buffer_, ipc::deadline_in(options_.call_timeout));
    if (!result) {
      const auto& f = result.failure();
      std::string why = f.kind == ipc::FailureKind::Timeout
                            ? fmt::format("node host did not answer within {} ms (hang or "
                                          "infinite loop in a handler?)",
                                          options_.call_timeout.count())
                            : fmt::format("node host failed: {}", f.describe());
      const std::string output = session.child().output().kept;
      if (!output.empty()) {
        why += "\n  host output (last lines):\n" + tail(output, 12);
      }
      throw engine::EngineFailure(why);
    }
    try {
      return codec::decode<Response<P>>(result.bytes());
    } catch (const codec::DecodeError& e) {
      throw engine::EngineFailure(fmt::format("node host answered garbage: {}", e.what()));
    }
  }

  void run_event(node::EventScope<P>& scope, const Request<P>& request, const char* what) {
    auto r = call(scope.self, request);
    auto* reply = std::get_if<EffectsReply<P>>(&r);
    if (reply == nullptr) throw unexpected(r, what);
    if (reply->effects.size() > options_.max_effects) {
      throw engine::EngineFailure(fmt::format("n{} produced {} effects in one {} call (limit {})",
                                              scope.self, reply->effects.size(), what,
                                              options_.max_effects));
    }
    if (reply->next_timer < *scope.next_timer) {
      throw engine::EngineFailure(fmt::format("n{}'s host moved its timer ids backwards in {}", scope.self, what));
    }
    const EffectBounds bounds{scope.self, *scope.next_timer, reply->next_timer};
    for (const auto& e : reply->effects) {
      if (auto why = invalid_effect<P>(e, bounds)) {
        throw engine::EngineFailure(fmt::format("node host answered an effect no node can produce in {}: {}", what, *why));
      }
    }
    *scope.rng = reply->rng;
    *scope.next_timer = reply->next_timer;
    for (auto& e : reply->effects) scope.effects->push_back(std::move(e));
  }

  static void expect_done(const Response<P>& r, const char* what) {
    if (!std::holds_alternative<Done>(r)) throw unexpected(r, what);
  }

  static engine::EngineFailure unexpected(const Response<P>& r, const char* what) {
    if (const auto* e = std::get_if<ErrorReply>(&r)) {
      return engine::EngineFailure(fmt::format("{}: {}", what, e->message));
    }
    return engine::EngineFailure(fmt::format("node host answered {} with the wrong reply kind", what));
  }

  static std::string tail(const std::string& text, int lines) {
    std::size_t pos = text.size();
    for (int i = 0; i <= lines && pos != std::string::npos && pos > 0; ++i) {
      pos = text.rfind('\n', pos - 1);
    }
    const std::string part = pos == std::string::npos ? text : text.substr(pos + 1);
    std::string out;
    std::size_t start = 0;
    while (start < part.size()) {
      const std::size_t end = part.find('\n', start);
      out += "    | " + part.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return out;
  }

  HostOptions options_;
  std::map<NodeId, std::unique_ptr<ipc::Session>> sessions_;
  codec::Bytes buffer_;
};

}  // namespace dslab::host
