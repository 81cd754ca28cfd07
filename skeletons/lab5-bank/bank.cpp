// Lab 5: the bank state machine. TODO: implement (api/protocol.hpp states the rules).
#include "bank.hpp"

namespace lab5 {

Result Bank::apply(const Operation& /*op*/) {
  // TODO: unknown kind, then amount <= 0, then funds and overflow; a refusal changes nothing.
  return Result{false, 0, kUnknownOperation};
}

std::int64_t Bank::balance(const std::string& /*account*/) const { return 0; }  // TODO

Result Bank::refuse(const std::string& account, const char* error) const {
  return Result{false, balance(account), error};
}

void Bank::add(const std::string& /*account*/, std::int64_t /*delta*/) {}  // TODO

}  // namespace lab5
