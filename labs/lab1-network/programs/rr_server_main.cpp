// lab1_rr_server: trusted main of part 3; runs the student's serve_requests() on a ROUTER.
#include <cstdio>
#include <cxxopts.hpp>
#include <zmq.hpp>

#include "labs/lab1-network/programs/support.hpp"
#include "labs/lab1-network/programs/zmq_support.hpp"
#include "rr_server.hpp"

int main(int argc, char** argv) {
  return lab1::programs::run_main("lab1_rr_server", [&] {
    cxxopts::Options options("lab1_rr_server", "Lab 1 part 3: at-most-once request/reply server");
    options.add_options()("fd", "serve on this inherited, listening TCP socket",
                          cxxopts::value<int>())(
        "bind", "bind this ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555",
        cxxopts::value<std::string>())("h,help", "help");
    const auto args = options.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::puts(options.help().c_str());
      return 0;
    }
    if (args.count("fd") == args.count("bind")) throw std::invalid_argument("give --fd or --bind");
    zmq::context_t context(1);
    zmq::socket_t router(context, zmq::socket_type::router);
    router.set(zmq::sockopt::linger, 0);
    router.set(zmq::sockopt::maxmsgsize, int64_t{1} << 20);  // hostile frames: drop the peer
    if (args.count("fd") != 0U) {
      lab1::programs::bind_inherited(router, args["fd"].as<int>());
    } else {
      router.bind(args["bind"].as<std::string>());
    }
    lab1::serve_requests(router);
    return 0;
  });
}
