// Lab 5: the client table (reference solution).
#include "client_table.hpp"

namespace lab5 {

bool ClientTable::executed(std::int32_t client, std::uint64_t seq) const {
  const auto it = latest_.find(client);
  return it != latest_.end() && seq <= it->second.seq;
}

std::optional<Result> ClientTable::cached(std::int32_t client, std::uint64_t seq) const {
  const auto it = latest_.find(client);
  if (it == latest_.end() || it->second.seq != seq) return std::nullopt;
  return it->second.result;
}

void ClientTable::record(std::int32_t client, std::uint64_t seq, const Result& result) {
  latest_[client] = Latest{seq, result};
}

}  // namespace lab5
