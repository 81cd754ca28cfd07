// Synthetic histories: linearizable by construction, and mutated to be non-linearizable.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/lincheck/bank_model.hpp"
#include "runtime/lincheck/formats.hpp"
#include "runtime/lincheck/history.hpp"
#include "runtime/lincheck/kv_model.hpp"
#include "runtime/lincheck/register_model.hpp"

namespace dslab::lincheck {

/// What to generate. Every history is a pure function of these fields.
struct GeneratorOptions {
  std::uint64_t seed = 1;
  std::size_t clients = 4;     ///< concurrent clients, each with one operation at a time; >= 1
  std::size_t operations = 50; ///< operations in total
  std::size_t keys = 2;        ///< kv keys / bank accounts; >= 1
  Time max_latency = 10;       ///< each operation takes 1..max_latency ticks; >= 1
  /// Percentage (0-100) of operations whose outcome is recorded as unknown; half of those
  /// really took effect, half did not.
  std::uint32_t unknown_percent = 0;
};

/// Generates a history by running clients against a real object: each operation takes effect
/// atomically at a random instant between its call and its return, so the history is
/// linearizable by construction. Throws std::invalid_argument for options out of range.
History<RegisterModel> generate_register(const GeneratorOptions& options);
/// Key-value history (get, put, append) over `keys` keys; initial map empty.
History<KvModel> generate_kv(const GeneratorOptions& options);
/// Bank history (deposit, withdraw, balance, transfer); each account starts with 100.
Parsed<BankModel> generate_bank(const GeneratorOptions& options);

/// Makes a history non-linearizable by construction: one completed read (get, balance), chosen
/// with `seed`, is made to return a value that no sequence of the history's operations can
/// produce (a never-written integer; a string with a suffix never appended; a negative
/// balance). If there is no completed read, one is appended after all other operations.
/// Returns the index of the corrupted operation.
std::size_t corrupt(History<RegisterModel>& history, std::uint64_t seed);
std::size_t corrupt(History<KvModel>& history, std::uint64_t seed);
std::size_t corrupt(History<BankModel>& history, std::uint64_t seed);

}  // namespace dslab::lincheck
