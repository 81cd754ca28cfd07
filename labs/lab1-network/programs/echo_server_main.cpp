// lab1_echo_server: trusted main of part 2; serves the student's serve_echo() on a listener.
#include <signal.h>
#include <sys/socket.h>

#include "echo_server.hpp"
#include "labs/lab1-network/programs/options.hpp"
#include "labs/lab1-network/programs/support.hpp"

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);  // a client that disconnects must not kill the server
  return lab1::programs::run_main("lab1_echo_server", [&] {
    const auto args = lab1::programs::parse_args(
        "lab1_echo_server", "Lab 1 part 2: framed echo server",
        {{.name = "fd",
          .help = "serve on this inherited, listening TCP socket",
          .default_value = ""},
         {.name = "port", .help = "listen on 127.0.0.1:PORT", .default_value = ""}},
        argc, argv);
    if (!args) return 0;
    lab1::serve_echo(lab1::programs::server_socket(*args, SOCK_STREAM));
    return 0;
  });
}
