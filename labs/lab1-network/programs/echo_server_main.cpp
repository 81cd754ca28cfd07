// lab1_echo_server: trusted main of part 2; serves the student's serve_echo() on a listener.
#include <signal.h>
#include <sys/socket.h>

#include <cstdio>
#include <cxxopts.hpp>

#include "echo_server.hpp"
#include "labs/lab1-network/programs/support.hpp"

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // a client that disconnects must not kill the server
  return lab1::programs::run_main("lab1_echo_server", [&] {
    cxxopts::Options options("lab1_echo_server", "Lab 1 part 2: framed echo server");
    options.add_options()("fd", "serve on this inherited, listening TCP socket",
                          cxxopts::value<int>())(
        "port", "listen on 127.0.0.1:PORT", cxxopts::value<std::uint16_t>())("h,help", "help");
    const auto args = options.parse(argc, argv);
    if (args.count("help") != 0U) {
      std::puts(options.help().c_str());
      return 0;
    }
    if (args.count("fd") == args.count("port")) throw std::invalid_argument("give --fd or --port");
    const int fd = args.count("fd") != 0U
                       ? lab1::programs::inherited_socket(args["fd"].as<int>(), SOCK_STREAM, true)
                       : lab1::programs::bind_loopback(SOCK_STREAM, args["port"].as<std::uint16_t>());
    lab1::serve_echo(fd);
    return 0;
  });
}
