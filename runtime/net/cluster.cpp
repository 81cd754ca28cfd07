// Cluster file parsing (toml++) with one-line errors, and loopback clusters on free ports.
#include "runtime/net/cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace dslab::net {
namespace {

bool valid_address(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= address.size()) return false;
  const std::string port = address.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  const int value = std::stoi(port);
  return value > 0 && value < 65536;
}

}  // namespace

std::vector<NodeId> ClusterConfig::ids() const {
  std::vector<NodeId> out;
  for (const auto& [id, _] : nodes) out.push_back(id);
  return out;
}

std::string ClusterConfig::connect_endpoint(NodeId id) const {
  return "tcp://" + nodes.at(id).address;
}

std::string ClusterConfig::bind_endpoint(NodeId id) const { return "tcp://" + nodes.at(id).bind; }

ClusterConfig parse_cluster(const std::string& text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << e.source().begin;
    throw ClusterError(origin + ": not valid TOML (" + std::string(e.description()) + " at " +
                       where.str() + ")");
  }
  const toml::array* entries = root["node"].as_array();
  if (entries == nullptr || entries->empty()) {
    throw ClusterError(origin + ": no [[node]] entries (each needs id = N and address = \"host:port\")");
  }
  ClusterConfig config;
  int index = 0;
  for (const toml::node& entry : *entries) {
    ++index;
    const std::string at = origin + ": [[node]] entry " + std::to_string(index);
    const toml::table* table = entry.as_table();
    if (table == nullptr) throw ClusterError(at + " is not a table");
    const auto id = (*table)["id"].value<std::int64_t>();
    const auto address = (*table)["address"].value<std::string>();
    if (!id || *id < 1 || *id > 1000) throw ClusterError(at + ": id must be an integer 1..1000");
    if (!address || !valid_address(*address)) {
      throw ClusterError(at + ": address must be \"host:port\" (port 1..65535)");
    }
    const auto bind = (*table)["bind"].value<std::string>();
    if (bind && !valid_address(*bind)) throw ClusterError(at + ": bind must be \"host:port\"");
    const auto node_id = static_cast<NodeId>(*id);
    if (config.nodes.count(node_id) != 0) {
      throw ClusterError(at + ": id " + std::to_string(node_id) + " appears twice");
    }
    config.nodes[node_id] = NodeAddress{.address = *address, .bind = bind ? *bind : *address};
  }
  NodeId expected = 1;
  for (const auto& [id, _] : config.nodes) {
    if (id != expected) {
      throw ClusterError(origin + ": ids must be 1.." + std::to_string(config.nodes.size()) +
                         " without gaps (missing " + std::to_string(expected) + ")");
    }
    ++expected;
  }
  return config;
}

ClusterConfig load_cluster(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ClusterError("cannot read the cluster file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_cluster(text.str(), path.string());
}

std::string format_cluster(const ClusterConfig& config) {
  std::ostringstream out;
  out << "# dslab cluster file: node ids and the addresses they listen on\n";
  for (const auto& [id, node] : config.nodes) {
    out << "\n[[node]]\nid = " << id << "\naddress = \"" << node.address << "\"\n";
    if (node.bind != node.address) out << "bind = \"" << node.bind << "\"\n";
  }
  return out.str();
}

std::vector<int> free_loopback_ports(int n) {
  std::vector<int> fds;
  std::vector<int> ports;
  auto close_all = [&] {
    for (int fd : fds) ::close(fd);
  };
  for (int i = 0; i < n; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      close_all();
      throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    fds.push_back(fd);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      close_all();
      throw std::runtime_error(std::string("cannot pick a free port: ") + std::strerror(errno));
    }
    ports.push_back(ntohs(addr.sin_port));
  }
  close_all();
  return ports;
}

ClusterConfig loopback_cluster(int n) {
  ClusterConfig config;
  const auto ports = free_loopback_ports(n);
  for (int i = 0; i < n; ++i) {
    const std::string address = "127.0.0.1:" + std::to_string(ports[static_cast<std::size_t>(i)]);
    config.nodes[i + 1] = NodeAddress{.address = address, .bind = address};
  }
  return config;
}

}  // namespace dslab::net
