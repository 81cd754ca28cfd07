// Part 3 (skeleton): the lazy pirate client.
#include "rr_client.hpp"

#include <stdexcept>

namespace lab1 {

LazyPirateClient::LazyPirateClient(zmq::socket_t& socket, ClientOptions options)
    : socket_(socket), options_(std::move(options)) {}

std::optional<std::string> LazyPirateClient::request(std::string_view /*body*/) {
  throw std::logic_error("not implemented: LazyPirateClient::request");
}

bool LazyPirateClient::wait_writable(std::chrono::steady_clock::time_point /*deadline*/) {
  throw std::logic_error("not implemented: LazyPirateClient::wait_writable");
}

std::optional<std::string> LazyPirateClient::await_reply(
    const std::string& /*id*/, std::chrono::steady_clock::time_point /*deadline*/) {
  throw std::logic_error("not implemented: LazyPirateClient::await_reply");
}

}  // namespace lab1
