// Part 3 (skeleton): the at-most-once server.
#include "rr_server.hpp"

#include <stdexcept>

namespace lab1 {

std::string RequestHandler::handle(std::string_view /*id*/, std::string_view /*body*/) {
  throw std::logic_error("not implemented: RequestHandler::handle");
}

void serve_requests(zmq::socket_t& /*router*/) {
  // Receive [identity, "", id, body] with zmq::recv_multipart (zmq_addon.hpp), answer
  // [identity, "", id, reply]. Drop anything else.
  throw std::logic_error("not implemented: serve_requests");
}

}  // namespace lab1
