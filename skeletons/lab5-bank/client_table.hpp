// Lab 5: the client table, the replicated part of exactly-once execution: for each client, the
// sequence number of its latest executed request and that request's result (the reply cache).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "labs/lab5-bank/api/protocol.hpp"

namespace lab5 {

/// Which requests each client has had executed, and the cached reply of the latest. It is part
/// of the replicated state: every replica updates it while executing the log, so it survives
/// leader changes (and, rebuilt from the log, restarts). Not thread-safe.
class ClientTable {
 public:
  /// True if request `seq` of `client` was executed already, or a later one was (a request
  /// older than the latest executed one is a stale retry: it must never run).
  bool executed(std::int32_t client, std::uint64_t seq) const;
  /// The cached result when `seq` is the latest executed request of `client`, else nothing.
  std::optional<Result> cached(std::int32_t client, std::uint64_t seq) const;
  /// Records that request `seq` of `client` was executed with `result`.
  /// Precondition: !executed(client, seq).
  void record(std::int32_t client, std::uint64_t seq, const Result& result);

 private:
  struct Latest {
    std::uint64_t seq = 0;
    Result result;
    DSLAB_STATE(Latest, seq, result)
  };
  std::map<std::int32_t, Latest> latest_;
  DSLAB_STATE(ClientTable, latest_)
};

}  // namespace lab5
