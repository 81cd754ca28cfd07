// runtime/ipc/ipc_bench.cpp: Google Benchmark of round trips: shared-memory channel vs socketpair.
#include <benchmark/benchmark.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string_view>
#include <vector>

#include "runtime/ipc/bench.hpp"
#include "runtime/env/env.hpp"
#include "runtime/ipc/session.hpp"

namespace {

using dslab::ipc::Child;
using dslab::ipc::deadline_in;
using dslab::ipc::Session;

void BM_ChannelRoundTrip(benchmark::State& state) {
  dslab::ipc::SessionOptions options;
  options.argv = {DSLAB_IPC_TEST_CHILD, "echo"};
  auto session = Session::start(options);
  const std::vector<std::byte> payload(static_cast<std::size_t>(state.range(0)), std::byte{1});
  for (auto _ : state) {
    const auto result = session->call(payload, deadline_in(std::chrono::seconds(10)));
    if (!result) {
      state.SkipWithError(result.failure().describe().c_str());
      break;
    }
    benchmark::DoNotOptimize(result.bytes().data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(BM_ChannelRoundTrip)->Arg(16)->Arg(256)->Arg(4096)->UseRealTime();

bool transfer(int fd, std::byte* data, std::size_t size, bool writing) {
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = writing ? write(fd, data + done, size - done) : read(fd, data + done, size - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void BM_SocketpairRoundTrip(benchmark::State& state) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    state.SkipWithError("socketpair failed");
    return;
  }
  dslab::ipc::SpawnOptions spawn;
  spawn.argv = {DSLAB_IPC_TEST_CHILD, "socket-echo"};
  spawn.inherit_fds = {fds[1]};
  spawn.extra_env = {dslab::env::assignment(dslab::env::kTestSockFd, "3")};
  auto child = Child::spawn(spawn);
  close(fds[1]);
  const auto size = static_cast<std::size_t>(state.range(0));
  std::vector<std::byte> buffer(size, std::byte{1});
  for (auto _ : state) {
    if (!transfer(fds[0], buffer.data(), size, true) || !transfer(fds[0], buffer.data(), size, false)) {
      state.SkipWithError("echo child went away");
      break;
    }
  }
  close(fds[0]);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SocketpairRoundTrip)->Arg(16)->Arg(256)->Arg(4096)->UseRealTime();

}  // namespace

// `ipc_bench plain [bench_main options]` runs the plain-chrono bench_main (what `dslab bench ipc`
// prints); anything else goes to Google Benchmark.
int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "plain") {
    return dslab::ipc::bench_main(argc - 1, argv + 1);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
