// Loading and validation of the course file (course.toml).
#include "grader/manifest/course.hpp"

#include <cctype>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "grader/manifest/lab_manifest.hpp"
#include "grader/manifest/toml_reader.hpp"

namespace dslab::manifest {
namespace {

using std::chrono::seconds;

std::chrono::seconds to_seconds_of_day(const toml::time& t) {
  return seconds(t.hour * 3600 + t.minute * 60 + t.second);
}

// A deadline: an offset datetime, or a local datetime in the course time zone.
std::optional<Instant> read_deadline(TableReader& r, const TimeZone& tz, Diagnostics& diag) {
  const toml::node* n = r.node("deadline", true);
  if (n == nullptr) return std::nullopt;
  const auto* dt = n->as_date_time();
  if (dt == nullptr) {
    diag.error(line_of(*n), column_of(*n),
               fmt::format("{} must be a TOML datetime such as 2026-03-01T23:59:00+01:00, got {}",
                           r.name("deadline"), describe(*n)));
    return std::nullopt;
  }
  const toml::date_time& v = dt->get();
  using namespace std::chrono;
  const year_month_day ymd{year{v.date.year}, month{v.date.month}, day{v.date.day}};
  const auto since_epoch = sys_days{ymd}.time_since_epoch() + to_seconds_of_day(v.time);
  if (v.offset) return Instant{since_epoch - minutes(v.offset->minutes)};
  try {
    return tz.to_utc(local_seconds{since_epoch});
  } catch (const std::exception& e) {
    diag.error(line_of(*n), column_of(*n), fmt::format("{}: {}", r.name("deadline"), e.what()));
    return std::nullopt;
  }
}

void read_course_table(TableReader& top, Course& c, Diagnostics& diag,
                       const std::filesystem::path& zoneinfo_dir) {
  const toml::table* t = top.table("course", true);
  if (t == nullptr) return;
  TableReader r(*t, "course", diag);
  if (auto name = r.string("name", true)) c.name = *name;
  if (auto tz = r.string("timezone", false)) {
    try {
      c.timezone = TimeZone::load(*tz, zoneinfo_dir);
    } catch (const std::exception& e) {
      r.error_at("timezone", fmt::format("course.timezone: {}", e.what()));
    }
  }
  r.finish();
}

void read_labs(TableReader& top, Course& c, Diagnostics& diag) {
  const toml::array* labs = top.table_array("labs", true);
  if (labs == nullptr) return;
  if (labs->empty()) top.error_at("labs", "the course must list at least one [[labs]]");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < labs->size(); ++i) {
    TableReader r(*labs->get(i)->as_table(), fmt::format("labs[{}]", i), diag);
    CourseLab lab;
    if (auto id = r.string("id", true)) {
      lab.id = *id;
      if (!ids.insert(*id).second) r.error_at("id", fmt::format("labs[{}].id \"{}\" is listed twice", i, *id));
    }
    auto deadline = read_deadline(r, c.timezone, diag);
    if (auto w = r.number("weight", false)) {
      if (*w < 0) r.error_at("weight", fmt::format("labs[{}].weight must be >= 0, got {}", i, *w));
      lab.weight = *w;
    }
    r.finish();
    if (deadline) {
      lab.deadline = *deadline;
      c.labs.push_back(std::move(lab));
    }
  }
}

void read_students(TableReader& roster, Course& c, Diagnostics& diag) {
  const toml::array* students = roster.table_array("students", false);
  if (students == nullptr) return;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < students->size(); ++i) {
    TableReader r(*students->get(i)->as_table(), fmt::format("roster.students[{}]", i), diag);
    Student s;
    if (auto id = r.string("id", true)) {
      s.id = *id;
      if (s.id.empty()) r.error_at("id", fmt::format("roster.students[{}].id is empty", i));
      if (!ids.insert(*id).second) r.error_at("id", fmt::format("student id \"{}\" is listed twice", *id));
    }
    if (auto name = r.string("name", false)) s.name = *name;
    if (auto gh = r.string("github", false)) s.github = *gh;
    r.finish();
    c.students.push_back(std::move(s));
  }
}

void read_groups_of_lab(const std::string& lab, const toml::table& t, Course& c, Diagnostics& diag) {
  TableReader r(t, "roster.groups." + lab, diag);
  std::set<std::string> assigned;
  for (const auto& [key, value] : t) {
    const std::string group(key.str());
    auto members = r.string_array(group, true);
    if (!members) continue;
    if (members->empty()) r.error_at(group, fmt::format("group {} of {} has no members", group, lab));
    for (const auto& m : *members) {
      if (c.find_student(m) == nullptr) {
        r.error_at(group, fmt::format("group {} of {}: \"{}\" is not a student of the roster", group, lab, m));
      } else if (!assigned.insert(m).second) {
        r.error_at(group, fmt::format("student \"{}\" is in more than one group of {}", m, lab));
      }
    }
    c.groups[lab][group] = std::move(*members);
  }
}

void read_roster(TableReader& top, Course& c, Diagnostics& diag) {
  const toml::table* t = top.table("roster", false);
  if (t == nullptr) return;
  TableReader roster(*t, "roster", diag);
  read_students(roster, c, diag);
  if (const toml::table* groups = roster.table("groups", false)) {
    TableReader g(*groups, "roster.groups", diag);
    for (const auto& [key, value] : *groups) {
      const std::string lab(key.str());
      const toml::table* per_lab = g.table(lab, true);
      if (per_lab == nullptr) continue;
      if (c.find_lab(lab) == nullptr) g.error_at(lab, fmt::format("roster.groups.{}: no such lab in [[labs]]", lab));
      read_groups_of_lab(lab, *per_lab, c, diag);
    }
  }
  roster.finish();
}

int read_bounded(TableReader& r, std::string_view key, int fallback, int max) {
  auto v = r.integer(key, false);
  if (!v) return fallback;
  if (*v < 0 || *v > max) {
    r.error_at(key, fmt::format("{} must be an integer in [0, {}], got {}", r.name(key), max, *v));
    return fallback;
  }
  return static_cast<int>(*v);
}

void read_policy(TableReader& top, Course& c, Diagnostics& diag) {
  if (const toml::table* t = top.table("slip_days", false)) {
    TableReader r(*t, "slip_days", diag);
    c.slip.free_days = read_bounded(r, "free_days", c.slip.free_days, 365);
    c.slip.penalty_per_day = read_bounded(r, "penalty_per_day", c.slip.penalty_per_day, 100);
    c.slip.grace_minutes = read_bounded(r, "grace_minutes", c.slip.grace_minutes, 24 * 60 * 7);
    if (auto b = r.boolean("calendar_days", false)) c.slip.calendar_days = *b;
    r.finish();
  }
  if (const toml::table* t = top.table("weights", false)) {
    TableReader r(*t, "weights", diag);
    c.weights.labs = read_bounded(r, "labs", 30, 100);
    c.weights.project = read_bounded(r, "project", 10, 100);
    c.weights.exam = read_bounded(r, "exam", 60, 100);
    r.finish();
    if (c.weights.labs + c.weights.project + c.weights.exam != 100) {
      diag.error(line_of(*t), column_of(*t),
                 fmt::format("weights must sum to 100, got {} + {} + {}", c.weights.labs,
                             c.weights.project, c.weights.exam));
    }
  }
}

// A repository pattern: OWNER/NAME with only the placeholders `allowed` ("{id}", ...).
void check_repo_pattern(TableReader& r, std::string_view key, const std::string& pattern,
                        const std::vector<std::string>& allowed) {
  std::string rest = pattern;
  for (const auto& p : allowed) {
    for (auto at = rest.find(p); at != std::string::npos; at = rest.find(p)) rest.replace(at, p.size(), "x");
  }
  const auto slash = rest.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < rest.size() && rest.find('/', slash + 1) == std::string::npos;
  for (const char ch : rest) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '/' || ch == '-' || ch == '_' || ch == '.');
  }
  if (!ok) {
    r.error_at(key, fmt::format("{} must be OWNER/NAME using only {}, got \"{}\"", r.name(key),
                                fmt::join(allowed, " "), pattern));
  }
}

void read_grading(TableReader& top, Course& c, Diagnostics& diag) {
  const toml::table* t = top.table("grading", false);
  if (t == nullptr) return;
  TableReader r(*t, "grading", diag);
  if (auto s = r.string("student_repo", false)) {
    c.grading.student_repo = *s;
    if (!s->empty()) check_repo_pattern(r, "student_repo", *s, {"{id}", "{github}"});
  }
  if (auto s = r.string("group_repo", false)) {
    c.grading.group_repo = *s;
    if (!s->empty()) check_repo_pattern(r, "group_repo", *s, {"{group}"});
  }
  if (auto s = r.string("branch", false)) {
    if (s->empty() || s->find_first_of(" ~^:?*[\\") != std::string::npos) {
      r.error_at("branch", fmt::format("grading.branch \"{}\" is not a branch name", *s));
    }
    c.grading.branch = *s;
  }
  if (auto s = r.string("late_submissions", false)) {
    if (*s == "on-request") {
      c.grading.late = LatePolicy::kOnRequest;
    } else if (*s == "latest") {
      c.grading.late = LatePolicy::kLatest;
    } else {
      r.error_at("late_submissions",
                 fmt::format("grading.late_submissions must be \"on-request\" or \"latest\", got \"{}\"", *s));
    }
  }
  r.finish();
}

}  // namespace

const char* late_policy_name(LatePolicy policy) {
  return policy == LatePolicy::kLatest ? "latest" : "on-request";
}

const CourseLab* Course::find_lab(std::string_view id) const {
  for (const auto& l : labs) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

const Student* Course::find_student(std::string_view id) const {
  for (const auto& s : students) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::optional<std::string> Course::group_of(std::string_view lab, std::string_view student) const {
  const auto it = groups.find(std::string(lab));
  if (it == groups.end()) return std::nullopt;
  for (const auto& [group, ids] : it->second) {
    for (const auto& id : ids) {
      if (id == student) return group;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Course::members(std::string_view lab, std::string_view group) const {
  const auto it = groups.find(std::string(lab));
  if (it == groups.end()) return {};
  const auto g = it->second.find(std::string(group));
  return g == it->second.end() ? std::vector<std::string>{} : g->second;
}

Course parse_course(std::string_view text, const std::string& display_path,
                    const std::filesystem::path& zoneinfo_dir) {
  Diagnostics diag(display_path);
  auto root = parse_toml(text, diag);
  diag.throw_if_any();
  Course c;
  TableReader top(*root, "", diag);
  read_course_table(top, c, diag, zoneinfo_dir);  // first: local deadlines need the zone
  read_labs(top, c, diag);
  read_roster(top, c, diag);
  read_policy(top, c, diag);
  read_grading(top, c, diag);
  top.finish();
  diag.throw_if_any();
  return c;
}

Course load_course(const std::filesystem::path& file) {
  Course c = parse_course(read_text_file(file), file.string());
  c.file = file;
  return c;
}

}  // namespace dslab::manifest
