// lab1_rr_server: trusted main of part 3; runs the student's serve_requests() on a ROUTER.
#include <stdexcept>
#include <zmq.hpp>

#include "labs/lab1-network/programs/options.hpp"
#include "labs/lab1-network/programs/support.hpp"
#include "labs/lab1-network/programs/zmq_support.hpp"
#include "rr_server.hpp"

int main(int argc, char** argv) {
  return lab1::programs::run_main("lab1_rr_server", [&] {
    const auto args = lab1::programs::parse_args(
        "lab1_rr_server", "Lab 1 part 3: at-most-once request/reply server",
        {{.name = "fd",
          .help = "serve on this inherited, listening TCP socket",
          .default_value = ""},
         {.name = "bind",
          .help = "bind this ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555",
          .default_value = ""}},
        argc, argv);
    if (!args) return 0;
    if (args->has("fd") == args->has("bind")) throw std::invalid_argument("give --fd or --bind");
    zmq::context_t context(1);
    zmq::socket_t router(context, zmq::socket_type::router);
    router.set(zmq::sockopt::linger, 0);
    router.set(zmq::sockopt::maxmsgsize, int64_t{1} << 20);  // hostile frames: drop the peer
    if (args->has("fd")) {
      lab1::programs::bind_inherited(router, static_cast<int>(args->get_int("fd", 0, 65535)));
    } else {
      router.bind(args->get("bind"));
    }
    lab1::serve_requests(router);
    return 0;
  });
}
