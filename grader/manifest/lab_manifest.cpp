// Loading and validation of lab manifests (labs/<lab>/lab.toml).
#include "grader/manifest/lab_manifest.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "grader/manifest/toml_reader.hpp"

namespace dslab::manifest {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::pair<std::string_view, Enum> (&table)[N], std::string_view s) {
  for (const auto& [name, value] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

constexpr std::pair<std::string_view, LabKind> kKinds[] = {{"individual", LabKind::kIndividual},
                                                           {"group", LabKind::kGroup}};
constexpr std::pair<std::string_view, Visibility> kVisibilities[] = {
    {"public", Visibility::kPublic}, {"hidden", Visibility::kHidden}};

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '/' || c == '-';
}

// GoogleTest full names: "Suite.Test", parameterized "Prefix/Suite.Test/0".
bool valid_test_name(std::string_view name) {
  const auto dot = name.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return false;
  if (name.find('.', dot + 1) != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return c == '.' || is_ident_char(c); });
}

// Problem with a student-owned path, or empty if it is acceptable.
std::string student_file_problem(const std::string& file) {
  if (file.empty()) return "is empty";
  if (file.front() == '/' || file.front() == '\\') return "must be a relative path";
  std::stringstream parts(file);
  for (std::string part; std::getline(parts, part, '/');) {
    if (part == "..") return "must not contain \"..\"";
  }
  if (file.find('\\') != std::string::npos) return "must use '/' as separator";
  return {};
}

void read_student_files(TableReader& lab, LabManifest& m) {
  auto files = lab.string_array("student_files", true);
  if (!files) return;
  if (files->empty()) lab.error_at("student_files", "lab.student_files must list at least one file");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < files->size(); ++i) {
    const std::string& f = (*files)[i];
    if (auto problem = student_file_problem(f); !problem.empty()) {
      lab.error_at("student_files", fmt::format("lab.student_files[{}] \"{}\" {}", i, f, problem));
    } else if (!seen.insert(f).second) {
      lab.error_at("student_files", fmt::format("lab.student_files[{}] \"{}\" is listed twice", i, f));
    }
  }
  m.student_files = std::move(*files);
}

std::optional<int> read_positive(TableReader& r, std::string_view key, bool required, const char* what) {
  auto v = r.integer(key, required);
  if (!v) return std::nullopt;
  if (*v <= 0 || *v > 1'000'000) {
    r.error_at(key, fmt::format("{} must be a positive integer{}, got {}", r.name(key), what, *v));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

void read_lab_table(const toml::table& root, const std::string& expected_id, LabManifest& m,
                    Diagnostics& diag) {
  TableReader top(root, "", diag);
  const toml::table* lab_table = top.table("lab", true);
  top.table("defaults", false);
  top.table_array("tests", true);
  top.finish();
  if (lab_table == nullptr) return;
  TableReader lab(*lab_table, "lab", diag);
  if (auto id = lab.string("id", true)) {
    m.id = *id;
    if (!expected_id.empty() && *id != expected_id) {
      lab.error_at("id", fmt::format("lab.id \"{}\" must equal the folder name \"{}\"", *id, expected_id));
    }
  }
  if (auto title = lab.string("title", true)) m.title = *title;
  if (auto kind = lab.string("kind", true)) {
    if (auto k = parse_lab_kind(*kind)) {
      m.kind = *k;
    } else {
      lab.error_at("kind", fmt::format("lab.kind must be \"individual\" or \"group\", got \"{}\"", *kind));
    }
  }
  if (auto t = lab.number("pass_threshold", false)) {
    if (*t < 0 || *t >= 100) {
      lab.error_at("pass_threshold", fmt::format("lab.pass_threshold must be in [0, 100), got {}", *t));
    } else {
      m.pass_threshold = *t;
    }
  }
  if (auto b = read_positive(lab, "budget", false, " (seconds: staging, build and tests together)")) {
    m.budget_seconds = *b;
  }
  read_student_files(lab, m);
  lab.finish();
}

/// A value a test inherits from [defaults]: its value when valid, and whether the key was
/// there at all (an invalid default is reported once, not again by every test inheriting it).
template <typename T>
struct Default {
  std::optional<T> value;
  bool present = false;
};

/// The [defaults] table: values every [[tests]] entry inherits unless it sets its own.
struct Defaults {
  Default<std::string> binary;
  Default<Visibility> visibility;
  Default<int> time_limit;
};

template <typename Enum, std::size_t N>
std::optional<Enum> read_enum(TableReader& r, std::string_view key,
                              const std::pair<std::string_view, Enum> (&table)[N]) {
  auto s = r.string(key, false);
  if (!s) return std::nullopt;
  if (auto v = lookup(table, *s)) return v;
  std::string allowed;
  for (const auto& [name, value] : table) allowed += (allowed.empty() ? "\"" : " | \"") + std::string(name) + "\"";
  r.error_at(key, fmt::format("{} must be one of {}, got \"{}\"", r.name(key), allowed, *s));
  return std::nullopt;
}


Defaults read_defaults(const toml::table& root, Diagnostics& diag) {
  Defaults d;
  const toml::node* node = root.get("defaults");
  if (node == nullptr || !node->is_table()) return d;
  const toml::table& table = *node->as_table();
  TableReader r(table, "defaults", diag);
  d.binary = {r.string("binary", false), table.contains("binary")};
  d.visibility = {read_enum(r, "visibility", kVisibilities), table.contains("visibility")};
  d.time_limit = {read_positive(r, "time_limit", false, " (seconds)"), table.contains("time_limit")};
  r.finish();
  return d;
}

// The test's own value, else the default; an error naming both places when neither is set
// (`was_set` / `fallback.present` tell whether the key was there, valid or not, so that one
// problem is reported once).
template <typename T>
T inherit(TableReader& r, std::string_view key, std::optional<T> own, const Default<T>& fallback,
          bool was_set) {
  if (own) return *own;
  if (!was_set && fallback.value) return *fallback.value;
  if (!was_set && !fallback.present) {
    r.error_at(key, fmt::format("{} is missing: set it in this test or in [defaults]", r.name(key)));
  }
  return T{};
}

TestSpec read_test(const toml::table& t, std::size_t index, const Defaults& defaults, Diagnostics& diag) {
  TableReader r(t, fmt::format("tests[{}]", index), diag);
  TestSpec spec;
  spec.line = r.line();
  if (auto name = r.string("name", true)) {
    spec.name = *name;
    if (!valid_test_name(*name)) {
      r.error_at("name", fmt::format("{} must be a GoogleTest full name \"Suite.Test\", got \"{}\"",
                                     r.name("name"), *name));
    }
  }
  spec.binary = inherit(r, "binary", r.string("binary", false), defaults.binary, t.contains("binary"));
  spec.points = read_positive(r, "points", true, "").value_or(0);
  spec.visibility = inherit(r, "visibility", read_enum(r, "visibility", kVisibilities),
                            defaults.visibility, t.contains("visibility"));
  spec.time_limit_seconds = inherit(r, "time_limit", read_positive(r, "time_limit", false, " (seconds)"),
                                    defaults.time_limit, t.contains("time_limit"));
  if (auto p = r.string("property", false)) spec.property = *p;
  if (spec.visibility == Visibility::kHidden && spec.property.empty()) {
    r.error_at("property", fmt::format("{} is required for a hidden test (students see only the "
                                       "name and the property)", r.name("property")));
  }
  r.finish();
  return spec;
}

void read_tests(const toml::table& root, LabManifest& m, Diagnostics& diag) {
  const toml::node* node = root.get("tests");
  if (node == nullptr || !node->is_array()) return;
  const auto& tests = *node->as_array();
  if (tests.empty() || !tests.is_array_of_tables()) {
    if (tests.empty()) diag.error(line_of(tests), column_of(tests), "the manifest must list at least one [[tests]]");
    return;
  }
  const Defaults defaults = read_defaults(root, diag);
  std::map<std::string, std::size_t> first_index;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    TestSpec spec = read_test(*tests.get(i)->as_table(), i, defaults, diag);
    if (!spec.name.empty()) {
      auto [it, inserted] = first_index.emplace(spec.name, i);
      if (!inserted) {
        diag.error(spec.line, 0, fmt::format("tests[{}].name \"{}\" duplicates tests[{}]", i, spec.name, it->second));
      }
    }
    m.tests.push_back(std::move(spec));
  }
}

}  // namespace

std::string_view to_string(LabKind kind) { return kind == LabKind::kGroup ? "group" : "individual"; }
std::string_view to_string(Visibility v) { return v == Visibility::kHidden ? "hidden" : "public"; }
std::optional<LabKind> parse_lab_kind(std::string_view s) { return lookup(kKinds, s); }
std::optional<Visibility> parse_visibility(std::string_view s) { return lookup(kVisibilities, s); }

int LabManifest::total_points() const {
  int total = 0;
  for (const auto& t : tests) total += t.points;
  return total;
}

const TestSpec* LabManifest::find_test(std::string_view name) const {
  for (const auto& t : tests) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

LabManifest parse_lab_manifest(std::string_view text, const std::string& display_path,
                               const std::string& expected_id) {
  Diagnostics diag(display_path);
  auto root = parse_toml(text, diag);
  diag.throw_if_any();
  LabManifest m;
  read_lab_table(*root, expected_id, m, diag);
  read_tests(*root, m, diag);
  diag.throw_if_any();
  return m;
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ManifestError({Diagnostic{path.string(), 0, 0, "cannot read the file (missing or unreadable)"}});
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

LabManifest load_lab(const std::filesystem::path& lab_dir) {
  const auto file = lab_dir / "lab.toml";
  auto folder = lab_dir.filename().string();
  if (folder.empty()) folder = lab_dir.parent_path().filename().string();
  LabManifest m = parse_lab_manifest(read_text_file(file), file.string(), folder);
  m.file = file;
  return m;
}

std::vector<std::string> lab_ids(const std::filesystem::path& labs_root) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(labs_root, ec)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "lab.toml")) {
      ids.push_back(entry.path().filename().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string unknown_lab(const std::filesystem::path& labs_root, const std::string& which) {
  const auto ids = lab_ids(labs_root);
  if (ids.empty()) return fmt::format("no lab '{}': there is no lab in {}", which, labs_root.string());
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
  return fmt::format("no lab '{}'; the labs are: {}", which, list);
}

std::vector<LabManifest> discover_labs(const std::filesystem::path& labs_root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(labs_root, ec)) {
    throw ManifestError({Diagnostic{labs_root.string(), 0, 0, "is not a directory"}});
  }
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(labs_root)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "lab.toml")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<LabManifest> labs;
  std::vector<Diagnostic> problems;
  for (const auto& dir : dirs) {
    try {
      labs.push_back(load_lab(dir));
    } catch (const ManifestError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw ManifestError(std::move(problems));
  return labs;
}

}  // namespace dslab::manifest
