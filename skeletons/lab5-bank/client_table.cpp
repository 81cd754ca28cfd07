// Lab 5: the client table (exactly once, the reply cache). TODO: implement.
#include "client_table.hpp"

namespace lab5 {

bool ClientTable::executed(std::int32_t /*client*/, std::uint64_t /*seq*/) const {
  return false;  // TODO
}

std::optional<Result> ClientTable::cached(std::int32_t /*client*/, std::uint64_t /*seq*/) const {
  return std::nullopt;  // TODO
}

void ClientTable::record(std::int32_t /*client*/, std::uint64_t /*seq*/,
                         const Result& /*result*/) {}  // TODO

}  // namespace lab5
