// lab1_udp_server: trusted main of part 1; serves the student's serve_udp() on a socket.
#include <sys/socket.h>

#include "labs/lab1-network/programs/options.hpp"
#include "labs/lab1-network/programs/support.hpp"
#include "udp_server.hpp"

int main(int argc, char** argv) {
  return lab1::programs::run_main("lab1_udp_server", [&] {
    const auto args = lab1::programs::parse_args(
        "lab1_udp_server", "Lab 1 part 1: UDP command server",
        {{.name = "fd", .help = "serve on this inherited, bound UDP socket", .default_value = ""},
         {.name = "port", .help = "bind 127.0.0.1:PORT and serve there", .default_value = ""}},
        argc, argv);
    if (!args) return 0;
    lab1::serve_udp(lab1::programs::server_socket(*args, SOCK_DGRAM));
    return 0;
  });
}
