// libFuzzer target (preset fuzz): the whole receive path of a node (header checks, then decoding
// of the ping protocol's messages) on arbitrary bytes must drop or accept, never crash; an
// accepted message must re-encode to the same frame.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "runtime/examples/ping/ping.hpp"
#include "runtime/net/frame.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dslab;
  using P = examples::ping::Protocol;
  static const std::vector<NodeId> ids = {1, 2, 3};
  const net::Acceptance accept{.protocol = net::protocol_id<P>(), .senders = ids,
                               .max_payload = 1 << 16};
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  const auto got = net::receive<P>(in, accept);
  if (const auto* message = std::get_if<net::Inbound<P>>(&got.what)) {
    codec::Bytes again, scratch;
    net::encode_message<P>(message->from, message->msg, again, scratch);
    if (again.size() != size || !std::equal(again.begin(), again.end(), in.begin())) std::abort();
  }
  return 0;
}
