// lab1_rr_client: trusted main of part 3; sends each request with the student's
// LazyPirateClient and prints "reply <text>" or "gave up" per request, in order.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <zmq.hpp>

#include "labs/lab1-network/programs/options.hpp"
#include "labs/lab1-network/programs/support.hpp"
#include "labs/lab1-network/programs/zmq_support.hpp"
#include "rr_client.hpp"

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // partial output survives a kill
  return lab1::programs::run_main("lab1_rr_client", [&] {
    const auto args = lab1::programs::parse_args(
        "lab1_rr_client", "Lab 1 part 3: lazy pirate client",
        {{.name = "fd",
          .help = "bind to this inherited listening TCP socket (the server side connects to us: "
                  "how the tests reach a sandboxed client)",
          .default_value = ""},
         {.name = "connect",
          .help = "connect to this ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555",
          .default_value = ""},
         {.name = "client-id", .help = "request id prefix", .default_value = "client"},
         {.name = "timeout-ms", .help = "per-try timeout", .default_value = "250"},
         {.name = "tries", .help = "tries per request", .default_value = "3"}},
        argc, argv, "REQUEST...");
    if (!args) return 0;
    if (args->has("fd") == args->has("connect")) {
      throw std::invalid_argument("give --fd or --connect");
    }
    const lab1::ClientOptions client_options{
        .client_id = args->get("client-id"),
        .timeout = std::chrono::milliseconds(args->get_int("timeout-ms", 1, 600000)),
        .tries = static_cast<int>(args->get_int("tries", 1, 1000))};
    zmq::context_t context(1);
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    if (args->has("fd")) {
      lab1::programs::bind_inherited(dealer, static_cast<int>(args->get_int("fd", 0, 65535)));
    } else {
      dealer.connect(args->get("connect"));
    }
    lab1::LazyPirateClient client(dealer, client_options);
    for (const std::string& body : args->positional()) {
      const auto reply = client.request(body);
      if (reply) {
        std::printf("reply %s\n", reply->c_str());
      } else {
        std::printf("gave up\n");
      }
    }
    return 0;
  });
}
