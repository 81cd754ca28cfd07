// Typed, schema-checked access to one TOML table: required/optional keys, types, unknown keys.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "grader/manifest/diagnostics.hpp"

namespace dslab::manifest {

/// Parses TOML text; on a syntax error records it (with its line) and returns nullopt.
std::optional<toml::table> parse_toml(std::string_view text, Diagnostics& diag);

/// Short description of a node for messages: `a string "abc"`, `an integer -5`, `a table`.
std::string describe(const toml::node& node);

/// Reads keys of one table, recording a diagnostic for every missing key, wrong type and (in
/// finish()) every key that was never asked for. `where` prefixes messages, e.g. "tests[3]".
/// Not thread-safe; the table and diagnostics must outlive the reader.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string where, Diagnostics& diag);

  std::optional<std::string> string(std::string_view key, bool required);
  std::optional<std::int64_t> integer(std::string_view key, bool required);
  /// Integer or float.
  std::optional<double> number(std::string_view key, bool required);
  std::optional<bool> boolean(std::string_view key, bool required);
  std::optional<std::vector<std::string>> string_array(std::string_view key, bool required);
  const toml::table* table(std::string_view key, bool required);
  /// An array whose elements are all tables ([[x]] or [{...}, {...}]).
  const toml::array* table_array(std::string_view key, bool required);
  /// The raw node (for types the reader does not model, e.g. datetimes).
  const toml::node* node(std::string_view key, bool required);

  /// Reports an error at the position of `key` (or of the table when absent).
  void error_at(std::string_view key, const std::string& message);
  /// "where.key" (or "key" at the top level) for messages.
  std::string name(std::string_view key) const;
  /// Records every key of the table that no accessor asked for.
  void finish();

  int line() const;

 private:
  const toml::node* fetch(std::string_view key, bool required);
  void type_error(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table& table_;
  std::string where_;
  Diagnostics& diag_;
  std::set<std::string, std::less<>> seen_;
};

/// 1-based line of a node (0 if unknown).
int line_of(const toml::node& node);
int column_of(const toml::node& node);

}  // namespace dslab::manifest
