// The forging test host (see forger.hpp).
#include "runtime/host/testhosts/forger.hpp"

#include <cstdlib>
#include <limits>
#include <string>

#include "runtime/examples/ping/ping.hpp"
#include "runtime/host/protocol.hpp"
#include "runtime/ipc/endpoint.hpp"

namespace dslab::host::testhosts {
namespace {

using P = examples::ping::Protocol;

EffectsReply<P> forged(const EventInput& in, const std::string& how) {
  EffectsReply<P> reply{{}, in.rng, in.next_timer};
  if (how == "send-to-n9") {
    reply.effects.push_back(node::Send<P>{9, examples::ping::Ping{1}});
  } else if (how == "negative-timer") {
    reply.effects.push_back(node::SetTimer<P>{in.next_timer, -5, examples::ping::Tick{}});
    reply.next_timer = in.next_timer + 1;
  } else if (how == "huge-timer") {
    reply.effects.push_back(node::SetTimer<P>{in.next_timer, std::numeric_limits<Duration>::max(), examples::ping::Tick{}});
    reply.next_timer = in.next_timer + 1;
  } else if (how == "foreign-timer-id") {
    reply.effects.push_back(node::SetTimer<P>{in.next_timer + 1000, 10, examples::ping::Tick{}});
    reply.next_timer = in.next_timer + 1;
  } else if (how == "timer-ids-backwards") {
    reply.next_timer = in.next_timer == 0 ? 0 : in.next_timer - 1;
  }
  return reply;
}

Response<P> answer(const Request<P>& request, const std::string& how) {
  if (const auto* s = std::get_if<Start>(&request)) return forged(s->in, how);
  if (const auto* d = std::get_if<Deliver<P>>(&request)) return forged(d->in, how);
  if (const auto* f = std::get_if<Fire<P>>(&request)) return forged(f->in, how);
  return Done{};
}

}  // namespace

int serve_forged_effects() {
  const char* mode = std::getenv("FORGE_EFFECT");
  const std::string how = mode == nullptr ? "" : mode;
  auto endpoint = ipc::Endpoint::attach_from_env();
  codec::Bytes out;
  while (auto request = endpoint.next_request()) {
    out.clear();
    codec::encode_into(answer(codec::decode<Request<P>>(*request), how), out);
    endpoint.reply(out);
  }
  return 0;
}

}  // namespace dslab::host::testhosts
