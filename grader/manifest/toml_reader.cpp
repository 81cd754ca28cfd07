// Schema-checked TOML table access used by the lab manifest and course file loaders.
#include "grader/manifest/toml_reader.hpp"

#include <fmt/format.h>

namespace dslab::manifest {

std::optional<toml::table> parse_toml(std::string_view text, Diagnostics& diag) {
  try {
    return toml::parse(text, diag.file());
  } catch (const toml::parse_error& e) {
    diag.error(static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
               fmt::format("TOML syntax error: {}", e.description()));
    return std::nullopt;
  }
}

std::string describe(const toml::node& node) {
  if (const auto* s = node.as_string()) return fmt::format("a string \"{}\"", s->get());
  if (const auto* i = node.as_integer()) return fmt::format("an integer {}", i->get());
  if (const auto* f = node.as_floating_point()) return fmt::format("a float {}", f->get());
  if (const auto* b = node.as_boolean()) return fmt::format("a boolean {}", b->get());
  if (node.is_table()) return "a table";
  if (node.is_array()) return "an array";
  if (node.is_date_time()) return "a datetime";
  if (node.is_date()) return "a date";
  if (node.is_time()) return "a time";
  return "a value";
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int column_of(const toml::node& node) { return static_cast<int>(node.source().begin.column); }

TableReader::TableReader(const toml::table& table, std::string where, Diagnostics& diag)
    : table_(table), where_(std::move(where)), diag_(diag) {}

int TableReader::line() const { return line_of(table_); }

std::string TableReader::name(std::string_view key) const {
  return where_.empty() ? std::string(key) : fmt::format("{}.{}", where_, key);
}

void TableReader::error_at(std::string_view key, const std::string& message) {
  const toml::node* n = table_.get(key);
  const toml::node& at = n != nullptr ? *n : static_cast<const toml::node&>(table_);
  diag_.error(line_of(at), column_of(at), message);
}

const toml::node* TableReader::fetch(std::string_view key, bool required) {
  seen_.emplace(key);
  const toml::node* n = table_.get(key);
  if (n == nullptr && required) {
    const std::string in = where_.empty() ? std::string("the file") : "[" + where_ + "]";
    diag_.error(line(), column_of(table_), fmt::format("missing required key {} in {}", name(key), in));
  }
  return n;
}

void TableReader::type_error(std::string_view key, const toml::node& node, std::string_view expected) {
  diag_.error(line_of(node), column_of(node),
              fmt::format("{} must be {}, got {}", name(key), expected, describe(node)));
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  type_error(key, *n, "a string");
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) return i->get();
  type_error(key, *n, "an integer");
  return std::nullopt;
}

std::optional<double> TableReader::number(std::string_view key, bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
  if (const auto* f = n->as_floating_point()) return f->get();
  type_error(key, *n, "a number");
  return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key, bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  type_error(key, *n, "a boolean (true or false)");
  return std::nullopt;
}

std::optional<std::vector<std::string>> TableReader::string_array(std::string_view key,
                                                                  bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return std::nullopt;
  const auto* arr = n->as_array();
  if (arr == nullptr) {
    type_error(key, *n, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    if (const auto* s = e.as_string()) {
      out.push_back(s->get());
    } else {
      diag_.error(line_of(e), column_of(e),
                  fmt::format("{}[{}] must be a string, got {}", name(key), i, describe(e)));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

const toml::table* TableReader::table(std::string_view key, bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return nullptr;
  if (const auto* t = n->as_table()) return t;
  type_error(key, *n, "a table");
  return nullptr;
}

const toml::array* TableReader::table_array(std::string_view key, bool required) {
  const toml::node* n = fetch(key, required);
  if (n == nullptr) return nullptr;
  const auto* arr = n->as_array();
  if (arr != nullptr && arr->is_array_of_tables()) return arr;
  if (arr != nullptr && arr->empty()) return arr;
  type_error(key, *n, "an array of tables ([[" + name(key) + "]])");
  return nullptr;
}

const toml::node* TableReader::node(std::string_view key, bool required) {
  return fetch(key, required);
}

void TableReader::finish() {
  for (const auto& [key, value] : table_) {
    if (seen_.count(key.str()) != 0) continue;
    diag_.error(static_cast<int>(key.source().begin.line), static_cast<int>(key.source().begin.column),
                fmt::format("unknown key {} (check the spelling; see docs)", name(key.str())));
  }
}

}  // namespace dslab::manifest
