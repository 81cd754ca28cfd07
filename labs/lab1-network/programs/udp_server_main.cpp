// lab1_udp_server: trusted main of part 1; serves the student's serve_udp() on a socket.
#include <sys/socket.h>

#include <cstdio>
#include <cxxopts.hpp>

#include "labs/lab1-network/programs/support.hpp"
#include "udp_server.hpp"

int main(int argc, char** argv) {
  return lab1::programs::run_main("lab1_udp_server", [&] {
    cxxopts::Options options("lab1_udp_server", "Lab 1 part 1: UDP command server");
    options.add_options()("fd", "serve on this inherited, bound UDP socket", cxxopts::value<int>())(
        "port", "bind 127.0.0.1:PORT and serve there", cxxopts::value<std::uint16_t>())(
        "h,help", "show this help");
    const auto args = options.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::puts(options.help().c_str());
      return 0;
    }
    if (args.count("fd") == args.count("port")) throw std::invalid_argument("give --fd or --port");
    const int fd = args.count("fd") != 0U
                       ? lab1::programs::inherited_socket(args["fd"].as<int>(), SOCK_DGRAM, false)
                       : lab1::programs::bind_loopback(SOCK_DGRAM, args["port"].as<std::uint16_t>());
    lab1::serve_udp(fd);
    return 0;
  });
}
