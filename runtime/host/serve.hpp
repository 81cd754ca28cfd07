// The host side of the node host: the runtime-provided main loop of the host executable that is
// built from a student's files. It runs the nodes with the in-process engine and answers the
// harness's requests over the inherited shared-memory channel.
#pragma once

#include <cstdio>
#include <exception>
#include <string>

#include "runtime/codec/wire.hpp"
#include "runtime/engine/inprocess.hpp"
#include "runtime/host/protocol.hpp"
#include "runtime/ipc/endpoint.hpp"

namespace dslab::host {

/// Answers one request with `engine`. Never throws: failures become ErrorReply.
template <node::Node N>
Response<typename N::Protocol> handle(engine::InProcessEngine<N>& engine,
                                      const Request<typename N::Protocol>& request) {
  using P = typename N::Protocol;
  auto run_event = [&](const EventInput& in, auto&& call) -> Response<P> {
    EffectsReply<P> reply;
    reply.rng = in.rng;
    reply.next_timer = in.next_timer;
    node::EventScope<P> scope;
    scope.self = in.self;
    scope.now = in.now;
    scope.rng = &reply.rng;
    scope.next_timer = &reply.next_timer;
    scope.effects = &reply.effects;
    call(scope);
    return reply;
  };
  try {
    return std::visit(
        [&](const auto& r) -> Response<P> {
          using R = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<R, Hello>) {
            if (r.version != kVersion) return ErrorReply{"host protocol version mismatch"};
            return Done{};
          } else if constexpr (std::is_same_v<R, Create>) {
            engine.create(r.self, r.nodes, r.storage);
            return Done{};
          } else if constexpr (std::is_same_v<R, Destroy>) {
            engine.destroy(r.self);
            return Done{};
          } else if constexpr (std::is_same_v<R, Reset>) {
            engine.reset();
            return Done{};
          } else if constexpr (std::is_same_v<R, Start>) {
            return run_event(r.in, [&](auto& s) { engine.start(s); });
          } else if constexpr (std::is_same_v<R, Deliver<P>>) {
            return run_event(r.in, [&](auto& s) { engine.deliver(s, r.from, r.msg); });
          } else if constexpr (std::is_same_v<R, Fire<P>>) {
            return run_event(r.in, [&](auto& s) { engine.fire(s, r.timer); });
          } else if constexpr (std::is_same_v<R, Snapshot>) {
            return BytesReply{engine.snapshot(r.self)};
          } else if constexpr (std::is_same_v<R, Restore>) {
            engine.restore(r.self, r.state);
            return Done{};
          } else {
            return TextReply{engine.view(r.self).dump()};
          }
        },
        request);
  } catch (const std::exception& e) {
    return ErrorReply{e.what()};
  }
}

/// The host executable's main: serves requests until the harness closes the channel.
/// Use as `int main(int argc, char** argv) { return dslab::host::serve<MyNode>(argc, argv); }`.
template <node::Node N>
int serve(int /*argc*/, char** argv) {
  using P = typename N::Protocol;
  try {
    auto endpoint = ipc::Endpoint::attach_from_env();
    engine::InProcessEngine<N> engine;
    codec::Bytes out;
    while (auto request = endpoint.next_request()) {
      Response<P> response;
      try {
        response = handle(engine, codec::decode<Request<P>>(*request));
      } catch (const codec::DecodeError& e) {
        response = ErrorReply{std::string("host could not decode the request: ") + e.what()};
      }
      out.clear();
      codec::encode_into(response, out);
      if (out.size() > endpoint.response_area().size()) {
        out.clear();
        codec::encode_into(Response<P>{ErrorReply{
                               "the handler's effects do not fit the host's response area (" +
                               std::to_string(endpoint.response_area().size()) + " bytes)"}},
                           out);
      }
      endpoint.reply(out);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 3;
  }
}

}  // namespace dslab::host
