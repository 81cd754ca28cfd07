// lab1_rr_client: trusted main of part 3; sends each request with the student's
// LazyPirateClient and prints "reply <text>" or "gave up" per request, in order.
#include <chrono>
#include <cstdio>
#include <cxxopts.hpp>
#include <zmq.hpp>

#include "labs/lab1-network/programs/support.hpp"
#include "labs/lab1-network/programs/zmq_support.hpp"
#include "rr_client.hpp"

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // partial output survives a kill
  return lab1::programs::run_main("lab1_rr_client", [&] {
    cxxopts::Options options("lab1_rr_client", "Lab 1 part 3: lazy pirate client");
    options.add_options()("fd", "bind to this inherited listening TCP socket (the server side "
                          "connects to us: how the tests reach a sandboxed client)",
                          cxxopts::value<int>())(
        "connect", "connect to this ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555",
        cxxopts::value<std::string>())(
        "client-id", "request id prefix", cxxopts::value<std::string>()->default_value("client"))(
        "timeout-ms", "per-try timeout", cxxopts::value<int>()->default_value("250"))(
        "tries", "tries per request", cxxopts::value<int>()->default_value("3"))(
        "requests", "request bodies", cxxopts::value<std::vector<std::string>>())("h,help", "help");
    options.parse_positional({"requests"});
    const auto args = options.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::puts(options.help().c_str());
      return 0;
    }
    if (args.count("fd") == args.count("connect")) throw std::invalid_argument("give --fd or --connect");
    zmq::context_t context(1);
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    if (args.count("fd") != 0U) {
      lab1::programs::bind_inherited(dealer, args["fd"].as<int>());
    } else {
      dealer.connect(args["connect"].as<std::string>());
    }
    lab1::LazyPirateClient client(dealer, {args["client-id"].as<std::string>(),
                                           std::chrono::milliseconds(args["timeout-ms"].as<int>()),
                                           args["tries"].as<int>()});
    if (args.count("requests") == 0U) return 0;
    for (const std::string& body : args["requests"].as<std::vector<std::string>>()) {
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
