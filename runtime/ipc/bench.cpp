// runtime/ipc/bench.cpp: bench_main: round-trip throughput of the channel vs a socketpair.
#include "runtime/ipc/bench.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/env/env.hpp"
#include "runtime/ipc/child.hpp"
#include "runtime/ipc/session.hpp"

namespace dslab::ipc {
namespace {

struct BenchArgs {
  std::string child;
  double seconds = 1.0;
  std::vector<std::size_t> sizes{16, 256, 4096};
  bool socketpair = true;
  std::optional<long> spin_us;  ///< overrides both sides' spin budget
};

struct Measurement {
  std::uint64_t round_trips = 0;
  double seconds = 0;
  std::vector<float> latencies_us;  ///< one per round trip (empty for the socketpair)
};

constexpr std::uint64_t kBatch = 256;  // round trips between clock reads

std::string default_child() {
  if (const auto child = env::text(env::kIpcChild)) return *child;
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const auto beside = self.parent_path() / "ipc_test_child";
    if (std::filesystem::exists(beside, error)) return beside.string();
  }
#ifdef DSLAB_IPC_BUILD_TREE_CHILD
  if (std::filesystem::exists(DSLAB_IPC_BUILD_TREE_CHILD, error)) return DSLAB_IPC_BUILD_TREE_CHILD;
#endif
  return {};
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
  std::vector<std::size_t> sizes;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    std::size_t used = 0;
    const unsigned long long value = std::stoull(item, &used);
    if (used != item.size() || value == 0) throw std::invalid_argument("bad size '" + item + "'");
    sizes.push_back(static_cast<std::size_t>(value));
    start = end + 1;
  }
  if (sizes.empty()) throw std::invalid_argument("empty --sizes");
  return sizes;
}

BenchArgs parse_args(int argc, char** argv) {
  BenchArgs args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--child") {
      args.child = value();
    } else if (arg == "--seconds") {
      args.seconds = std::stod(value());
      if (!(args.seconds > 0 && args.seconds < 3600)) throw std::invalid_argument("bad --seconds");
    } else if (arg == "--sizes") {
      args.sizes = parse_sizes(value());
    } else if (arg == "--spin-us") {
      args.spin_us = std::stol(value());
    } else if (arg == "--no-socketpair") {
      args.socketpair = false;
    } else {
      throw std::invalid_argument("unknown argument '" + arg + "'");
    }
  }
  if (args.child.empty()) args.child = default_child();
  if (args.child.empty()) throw std::invalid_argument("cannot find ipc_test_child: pass --child PATH");
  return args;
}

Measurement measure_channel(const BenchArgs& args, std::size_t size) {
  SessionOptions options;
  options.argv = {args.child, "echo"};
  if (args.spin_us) {
    options.channel.spin = std::chrono::microseconds(*args.spin_us);
    options.extra_env = {env::assignment(env::kIpcTestSpinUs, std::to_string(*args.spin_us))};
  }
  auto session = Session::start(options);
  const std::vector<std::byte> payload(size, std::byte{0x5a});
  const auto budget = std::chrono::duration<double>(args.seconds);
  auto one = [&] {
    const Result result = session->call(payload, deadline_in(std::chrono::seconds(10)));
    if (!result || result.bytes().size() != size) {
      throw std::runtime_error(result ? "echo returned the wrong size" : result.failure().describe());
    }
  };
  for (int i = 0; i < 1000; ++i) one();  // warm up: page faults, caches, the child's spin
  Measurement m;
  m.latencies_us.reserve(std::size_t{1} << 22);
  const auto start = Clock::now();
  auto last = start;
  do {
    // One clock read per round trip (~20 ns): its latency is the gap since the previous one.
    for (std::uint64_t i = 0; i < kBatch; ++i) {
      one();
      const auto now = Clock::now();
      m.latencies_us.push_back(std::chrono::duration<float, std::micro>(now - last).count());
      last = now;
    }
    m.round_trips += kBatch;
  } while (last - start < budget);
  m.seconds = std::chrono::duration<double>(last - start).count();
  return m;
}

void transfer(int fd, std::byte* data, std::size_t size, bool writing) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = writing ? write(fd, data + done, size - done) : read(fd, data + done, size - done);
    if (n <= 0) throw std::runtime_error("socketpair peer went away");
    done += static_cast<std::size_t>(n);
  }
}

Measurement measure_socketpair(const BenchArgs& args, std::size_t size) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw std::runtime_error("socketpair failed");
  }
  SpawnOptions spawn;
  spawn.argv = {args.child, "socket-echo"};
  spawn.inherit_fds = {fds[1]};
  spawn.extra_env = {env::assignment(env::kTestSockFd, "3")};
  auto child = Child::spawn(spawn);
  close(fds[1]);
  std::vector<std::byte> buffer(size, std::byte{0x5a});
  auto one = [&] {
    transfer(fds[0], buffer.data(), size, true);
    transfer(fds[0], buffer.data(), size, false);
  };
  for (int i = 0; i < 200; ++i) one();
  Measurement m;
  const auto budget = std::chrono::duration<double>(args.seconds);
  const auto start = Clock::now();
  do {
    for (std::uint64_t i = 0; i < kBatch / 8; ++i) one();
    m.round_trips += kBatch / 8;
  } while (Clock::now() - start < budget);
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  close(fds[0]);
  return m;
}

void print(const char* transport, std::size_t size, Measurement m) {
  const double rate = static_cast<double>(m.round_trips) / m.seconds;
  std::printf("%-10s %6zu B %9llu round trips %6.3f s %9.0f round trips/s %8.3f us/round trip",
              transport, size, static_cast<unsigned long long>(m.round_trips), m.seconds, rate,
              1e6 / rate);
  if (!m.latencies_us.empty()) {
    auto& l = m.latencies_us;
    auto at = [&l](double q) {
      const auto k = static_cast<std::size_t>(q * static_cast<double>(l.size() - 1));
      std::nth_element(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(k), l.end());
      return static_cast<double>(l[k]);
    };
    std::printf("  (p50 %.2f p99 %.2f max %.0f us)", at(0.5), at(0.99), at(1.0));
  }
  std::printf("\n");
  std::fflush(stdout);
}

constexpr const char* kUsage =
    "usage: [--child PATH] [--seconds S] [--sizes 16,256,4096] [--spin-us N] [--no-socketpair]\n";

}  // namespace

int bench_main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::printf("dslab bench ipc: round trips/s, shared-memory channel vs socketpair\n%s", kUsage);
      return 0;
    }
  }
  BenchArgs args;
  try {
    args = parse_args(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "dslab bench ipc: %s\n%s", error.what(), kUsage);
    return 2;
  }
  try {
    for (const std::size_t size : args.sizes) print("shm", size, measure_channel(args, size));
    if (args.socketpair) {
      for (const std::size_t size : args.sizes) {
        print("socketpair", size, measure_socketpair(args, size));
      }
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "dslab bench ipc: %s\n", error.what());
    return 1;
  }
  return 0;
}

}  // namespace dslab::ipc
