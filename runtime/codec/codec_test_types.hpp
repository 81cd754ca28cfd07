// Message and state types shared by the codec's tests, fuzzer and corpus replayer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "runtime/codec/state.hpp"

namespace dslab::codec::testtypes {

struct Proposal {
  std::int64_t round = 0;
  std::string value;
  DSLAB_STATE(Proposal, round, value)
};
struct Prepare {
  std::int64_t round = 0;
  DSLAB_STATE(Prepare, round)
};
struct Promise {
  std::int64_t round = 0;
  std::optional<Proposal> accepted;
  DSLAB_STATE(Promise, round, accepted)
};
struct Heartbeat {
  DSLAB_STATE(Heartbeat)
};
struct Batch {
  std::vector<std::uint32_t> ids;
  std::map<std::string, std::int64_t> counters;
  std::set<std::int32_t> members;
  bool flag = false;
  std::vector<Heartbeat> empties;
  DSLAB_STATE(Batch, ids, counters, members, flag, empties)
};
using Message = std::variant<Prepare, Promise, Heartbeat, Batch>;

/// A class with private state, as a student's node would be.
class Acceptor {
 public:
  void promise(std::int64_t round) { promised_ = round; }
  void accept(Proposal p) { accepted_ = std::move(p); }

 private:
  std::int64_t promised_ = -1;
  std::optional<Proposal> accepted_;
  DSLAB_STATE(Acceptor, promised_, accepted_)
};

}  // namespace dslab::codec::testtypes
