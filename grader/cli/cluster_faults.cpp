// parse_faults and NetworkFaults for `dslab cluster`.
#include "grader/cli/cluster_faults.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace dslab::cli {
namespace {

/// A whole number in [lo, hi]; throws with `what` named.
int number(const std::string& text, int lo, int hi, const std::string& item, const char* what) {
  std::size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || v < lo || v > hi) {
    throw std::invalid_argument(fmt::format("fault '{}': {} must be a number in {}..{}", item, what, lo, hi));
  }
  return v;
}

std::vector<std::string> split(const std::string& text, char by) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(by, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

Fault parse_one(const std::string& item, int replicas) {
  const auto at = item.rfind('@');
  if (at == std::string::npos) throw std::invalid_argument("fault '" + item + "' has no @SECONDS");
  Fault f;
  try {
    std::size_t used = 0;
    const std::string seconds = item.substr(at + 1);
    const double s = std::stod(seconds, &used);
    if (used != seconds.size() || !(s >= 0 && s <= 86400)) throw std::invalid_argument("range");
    f.at = std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
  } catch (const std::exception&) {
    throw std::invalid_argument("fault '" + item + "': SECONDS must be a number in 0..86400");
  }
  const auto parts = split(item.substr(0, at), ':');
  f.action = parts[0];
  const bool process = f.action == "kill" || f.action == "restart" || f.action == "pause" || f.action == "resume";
  const std::size_t arity = process ? 2 : f.action == "partition" ? 2 : f.action == "heal" ? 1
                           : (f.action == "drop" || f.action == "delay") ? 3 : 0;
  if (arity == 0) {
    throw std::invalid_argument("fault '" + item + "': action must be kill, restart, pause, resume, "
                                "partition, drop, delay or heal");
  }
  if (parts.size() != arity) throw std::invalid_argument("fault '" + item + "' does not match the syntax (--help)");
  if (f.action == "partition") {
    std::vector<NodeId> seen;
    for (const auto& group : split(parts[1], '/')) {
      f.groups.emplace_back();
      for (const auto& node : split(group, '+')) {
        const NodeId id = number(node, 1, replicas, item, "each node");
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
          throw std::invalid_argument("fault '" + item + "': node " + node + " is in two groups");
        }
        seen.push_back(id);
        f.groups.back().push_back(id);
      }
    }
    if (f.groups.size() < 2) throw std::invalid_argument("fault '" + item + "': a partition needs 2 groups (1+2/3)");
  } else if (arity >= 2) {
    f.node = number(parts[1], 1, replicas, item, "NODE");
  }
  if (f.action == "drop") f.value = number(parts[2], 0, 100, item, "PERCENT");
  if (f.action == "delay") f.value = number(parts[2], 0, 60000, item, "MS");
  return f;
}

}  // namespace

std::vector<Fault> parse_faults(const std::string& spec, int replicas) {
  std::vector<Fault> faults;
  if (spec.empty()) return faults;
  for (const auto& item : split(spec, ',')) faults.push_back(parse_one(item, replicas));
  std::stable_sort(faults.begin(), faults.end(), [](const Fault& a, const Fault& b) { return a.at < b.at; });
  return faults;
}

std::string describe(const Fault& f) {
  if (f.action == "heal") return "heal";
  if (f.action == "partition") {
    std::string text = "partition ";
    for (std::size_t g = 0; g < f.groups.size(); ++g) {
      for (std::size_t i = 0; i < f.groups[g].size(); ++i) {
        text += (i > 0 ? "+" : g > 0 ? "/" : "") + std::to_string(f.groups[g][i]);
      }
    }
    return text;
  }
  if (f.action == "drop") return fmt::format("drop n{} {}%", f.node, f.value);
  if (f.action == "delay") return fmt::format("delay n{} {} ms", f.node, f.value);
  return fmt::format("{} n{}", f.action, f.node);
}

bool is_network_fault(const Fault& f) {
  return f.action == "partition" || f.action == "drop" || f.action == "delay" || f.action == "heal";
}

NetworkFaults::NetworkFaults(const net::LocalCluster& cluster) : injector_(cluster.config()) {}

void NetworkFaults::apply(const net::LocalCluster& cluster, const Fault& f) {
  if (f.action == "heal") {
    heal(cluster);
    return;
  }
  if (f.action == "partition") {
    for (const auto& group : f.groups) {
      for (NodeId id : group) {
        auto& cut = faults_[id].cut;
        for (const auto& other : f.groups) {
          if (&other == &group) continue;
          for (NodeId peer : other) {
            if (std::find(cut.begin(), cut.end(), peer) == cut.end()) cut.push_back(peer);
          }
        }
        std::sort(cut.begin(), cut.end());
      }
    }
  }
  if (f.action == "drop") faults_[f.node].drop_per_mille = static_cast<std::uint32_t>(f.value * 10);
  if (f.action == "delay") faults_[f.node].delay = msec(f.value);
  resend(cluster);
}

void NetworkFaults::heal(const net::LocalCluster& cluster) {
  faults_.clear();
  resend(cluster);
}

void NetworkFaults::resend(const net::LocalCluster& cluster) {
  for (NodeId id : cluster.ids()) {
    if (!cluster.running(id)) continue;
    const auto it = faults_.find(id);
    injector_.send(id, it == faults_.end() ? net::NetFaults{} : it->second);
  }
}

}  // namespace dslab::cli
