// run_point: cluster, readiness, warmup, measured window, CPU from /proc/<pid>/stat.
#include "labs/lab5-bank/real/bench.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "runtime/net/local_cluster.hpp"

namespace lab5::real {
namespace {

using Clock = std::chrono::steady_clock;

/// CPU time (µs) a process used so far: utime + stime of /proc/<pid>/stat; 0 if unreadable.
std::int64_t cpu_us(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  std::int64_t utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
    if (i == 14) utime = std::stoll(field);
    if (i == 15) {
      stime = std::stoll(field);
      break;
    }
  }
  return (utime + stime) * 1'000'000 / std::max<long>(::sysconf(_SC_CLK_TCK), 1);
}

std::int64_t self_cpu_us() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto us = [](const timeval& t) { return std::int64_t{t.tv_sec} * 1'000'000 + t.tv_usec; };
  return us(usage.ru_utime) + us(usage.ru_stime);
}

std::map<std::string, std::int64_t> cpu_now(const dslab::net::LocalCluster& cluster) {
  std::map<std::string, std::int64_t> cpu;
  for (dslab::NodeId id : cluster.ids()) {
    if (cluster.running(id)) cpu["n" + std::to_string(id)] = cpu_us(cluster.pid(id));
  }
  cpu["clients"] = self_cpu_us();
  return cpu;
}

}  // namespace

PointResult run_point(const PointOptions& options) {
  PointResult result;
  result.options = options;
  try {
    std::filesystem::remove_all(options.work_dir);
    std::vector<std::string> extra = {"--sync", options.sync ? "fsync" : "none"};
    dslab::net::LocalCluster cluster({.program = options.program, .replicas = options.replicas,
                                      .work_dir = options.work_dir, .log_level = "warn",
                                      .extra_args = extra});
    cluster.start_all();
    WorkloadOptions workload = options.workload;
    workload.keep_answers = false;
    BankClients clients(cluster, workload);
    // Ready: a leader serves, every client got an answer (or 20 s passed).
    const auto ready_by = Clock::now() + std::chrono::seconds(20);
    const auto wanted = static_cast<std::uint64_t>(workload.clients);
    if (!clients.run_until(ready_by, [&] { return clients.answered() >= wanted; })) {
      result.error = "the cluster did not answer every client within 20 s (node logs in " +
                     options.work_dir.string() + ")";
      return result;
    }
    clients.run_until(Clock::now() + options.warmup, [] { return false; });
    clients.take_window();
    const auto retries = clients.retries();
    const auto redirects = clients.redirects();
    const auto cpu_before = cpu_now(cluster);
    const auto start = Clock::now();
    clients.run_until(start + options.duration, [] { return false; });
    const auto cpu_after = cpu_now(cluster);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.latency = clients.take_window();
    result.committed = result.latency.count();
    result.throughput = static_cast<double>(result.committed) / result.seconds;
    result.retries = clients.retries() - retries;
    result.redirects = clients.redirects() - redirects;
    for (const auto& [name, after] : cpu_after) {
      const auto before = cpu_before.find(name);
      if (before == cpu_before.end()) continue;
      result.cpu.emplace_back(name, 100.0 * static_cast<double>(after - before->second) /
                                        (result.seconds * 1e6));
    }
    for (const auto& exit : cluster.unexpected_exits()) result.error += exit + "; ";
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

dslab::codec::Json to_json(const PointResult& r) {
  const auto& o = r.options;
  dslab::codec::Json cdf = dslab::codec::Json::array();
  for (const auto& [value, fraction] : r.latency.cdf()) cdf.push_back({value, fraction});
  dslab::codec::Json cpu = dslab::codec::Json::object();
  for (const auto& [name, percent] : r.cpu) cpu[name] = percent;
  return {{"replicas", o.replicas},
          {"clients", o.workload.clients},
          {"rate", o.workload.rate},
          {"batch_size", o.workload.batch_size},
          {"batch_delay_us", o.workload.batch_delay},
          {"sync", o.sync ? "fsync" : "none"},
          {"seconds", r.seconds},
          {"committed", r.committed},
          {"throughput", r.throughput},
          {"latency_us",
           {{"mean", r.latency.mean()}, {"p50", r.latency.percentile(0.5)},
            {"p90", r.latency.percentile(0.9)}, {"p99", r.latency.percentile(0.99)},
            {"max", r.latency.max()}}},
          {"latency_cdf_us", cdf},
          {"retries", r.retries},
          {"redirects", r.redirects},
          {"cpu_percent", cpu},
          {"error", r.error}};
}

}  // namespace lab5::real
