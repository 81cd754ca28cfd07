// The cluster file: which node ids exist and at which address each listens (TOML).
//
//   [[node]]
//   id = 1
//   address = "127.0.0.1:7001"       # host:port other nodes connect to
//   # bind = "0.0.0.0:7001"          # optional: what this node listens on (default: address)
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/node/types.hpp"

namespace dslab::net {

/// A malformed cluster file; what() says which entry and why, in one line.
class ClusterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One node of the cluster.
struct NodeAddress {
  std::string address;  ///< "host:port" the peers connect to
  std::string bind;     ///< "host:port" the node listens on
};

/// Node ids (1..n, any order in the file) and their addresses.
struct ClusterConfig {
  std::map<NodeId, NodeAddress> nodes;

  /// Every id, ascending.
  std::vector<NodeId> ids() const;
  /// "tcp://host:port" for connecting to `id`.
  std::string connect_endpoint(NodeId id) const;
  /// "tcp://host:port" for `id` to listen on.
  std::string bind_endpoint(NodeId id) const;
};

/// Parses a cluster file's text; `origin` names it in errors. Ids must be 1..n without gaps.
ClusterConfig parse_cluster(const std::string& text, const std::string& origin);
/// Reads and parses a cluster file.
ClusterConfig load_cluster(const std::filesystem::path& path);
/// The TOML text of `config` (what parse_cluster reads back).
std::string format_cluster(const ClusterConfig& config);

/// `n` distinct free TCP ports on 127.0.0.1, chosen by the kernel (bound together, then closed).
std::vector<int> free_loopback_ports(int n);

/// A loopback cluster of `n` nodes on free ports.
ClusterConfig loopback_cluster(int n);

}  // namespace dslab::net
