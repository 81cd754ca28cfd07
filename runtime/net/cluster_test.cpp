// Cluster files: what parses, and a one-line error for each mistake.
#include "runtime/net/cluster.hpp"

#include <gtest/gtest.h>

#include <set>

namespace dslab::net {
namespace {

TEST(Cluster, ParsesNodesInAnyOrderWithOptionalBind) {
  const auto config = parse_cluster(R"(
[[node]]
id = 2
address = "10.0.0.2:7002"
bind = "0.0.0.0:7002"
[[node]]
id = 1
address = "127.0.0.1:7001"
)", "c.toml");
  EXPECT_EQ(config.ids(), (std::vector<NodeId>{1, 2}));
  EXPECT_EQ(config.connect_endpoint(2), "tcp://10.0.0.2:7002");
  EXPECT_EQ(config.bind_endpoint(2), "tcp://0.0.0.0:7002");
  EXPECT_EQ(config.bind_endpoint(1), "tcp://127.0.0.1:7001");
  EXPECT_EQ(parse_cluster(format_cluster(config), "again").nodes.at(2).bind, "0.0.0.0:7002");
}

struct BadFile {
  const char* name;
  const char* text;
  const char* error;  ///< a part of the message
};

TEST(Cluster, EachMistakeGetsAClearError) {
  const std::vector<BadFile> table = {
      {.name = "not toml", .text = "[[node]\n", .error = "not valid TOML"},
      {.name = "empty", .text = "", .error = "no [[node]] entries"},
      {.name = "no id", .text = "[[node]]\naddress = \"a:1\"\n", .error = "entry 1: id must be"},
      {.name = "bad port", .text = "[[node]]\nid = 1\naddress = \"a:99999\"\n",
       .error = "address must be"},
      {.name = "no port", .text = "[[node]]\nid = 1\naddress = \"a\"\n", .error = "address must be"},
      {.name = "duplicate",
       .text = "[[node]]\nid = 1\naddress = \"a:1\"\n[[node]]\nid = 1\naddress = \"a:2\"\n",
       .error = "appears twice"},
      {.name = "gap",
       .text = "[[node]]\nid = 1\naddress = \"a:1\"\n[[node]]\nid = 3\naddress = \"a:2\"\n",
       .error = "without gaps (missing 2)"},
  };
  for (const auto& row : table) {
    try {
      parse_cluster(row.text, "c.toml");
      ADD_FAILURE() << row.name << ": accepted";
    } catch (const ClusterError& e) {
      EXPECT_NE(std::string(e.what()).find(row.error), std::string::npos)
          << row.name << ": " << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("c.toml", 0), 0u) << row.name << ": " << e.what();
    }
  }
}

TEST(Cluster, LoopbackClustersUseDistinctPorts) {
  const auto config = loopback_cluster(5);
  std::set<std::string> addresses;
  for (const auto& [id, node] : config.nodes) addresses.insert(node.address);
  EXPECT_EQ(addresses.size(), 5u);
}

}  // namespace
}  // namespace dslab::net
