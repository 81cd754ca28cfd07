// Basic vocabulary of the node contract: node ids, virtual time, timer ids.
#pragma once

#include <cstdint>
#include <string>

namespace dslab {

/// A node's identity. Nodes of a cluster of n are numbered 1..n.
using NodeId = std::int32_t;
/// Sender id of inputs that come from outside the cluster: clients, tests, the leader oracle.
inline constexpr NodeId kEnvironment = 0;

/// Virtual time in microseconds since the start of a run.
using Time = std::int64_t;
/// A span of virtual time in microseconds.
using Duration = std::int64_t;

/// Names a timer a node set; unique per node over a whole run (also across restarts).
using TimerId = std::uint64_t;

constexpr Duration usec(std::int64_t n) { return n; }
constexpr Duration msec(std::int64_t n) { return n * 1000; }
constexpr Duration sec(std::int64_t n) { return n * 1000 * 1000; }

/// "12.345ms"-style rendering of a virtual time, for traces and messages.
std::string format_time(Time t);

}  // namespace dslab
