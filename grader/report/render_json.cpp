// JSON rendering and reading of grade reports (schema dslab-report/1, docs/report-schema.md).
#include <stdexcept>

#include <fmt/format.h>

#include "grader/report/render.hpp"
#include "grader/report/render_util.hpp"

namespace dslab::report {
namespace {

using ordered_json = nlohmann::ordered_json;
constexpr const char* kSchema = "dslab-report/1";

ordered_json test_json(const TestResult& t, const RenderOptions& options) {
  const bool hide = withhold_detail(t, options);
  ordered_json j;
  j["name"] = t.name;
  j["points"] = t.points;
  j["earned"] = t.earned;
  j["visibility"] = manifest::to_string(t.visibility);
  j["status"] = to_string(t.status);
  j["reason"] = hide ? std::string() : one_line(t.reason);
  j["detail"] = hide ? std::string() : clean(t.detail);
  j["seed"] = (t.seed && !hide) ? ordered_json(*t.seed) : ordered_json(nullptr);
  j["replay"] = (t.replay && !hide) ? ordered_json(one_line(*t.replay)) : ordered_json(nullptr);
  j["property"] = one_line(t.property);
  j["wall_ms"] = t.wall_ms ? ordered_json(*t.wall_ms) : ordered_json(nullptr);
  j["test_ms"] = t.test_ms ? ordered_json(*t.test_ms) : ordered_json(nullptr);
  return j;
}

ordered_json limits_json(const SandboxLimits& l) {
  ordered_json j;
  j["memory_bytes"] = l.memory_bytes;
  j["processes"] = l.processes;
  j["file_size_bytes"] = l.file_size_bytes;
  j["group_memory_bytes"] = l.group_memory_bytes;
  j["group_processes"] = l.group_processes;
  j["wall_seconds"] = l.wall_seconds;
  return j;
}

ordered_json isolation_json(const Isolation& iso) {
  if (iso.backend.empty()) return ordered_json(nullptr);
  ordered_json j;
  j["backend"] = iso.backend;
  j["confined"] = iso.confined;
  j["uids"] = ordered_json::array({iso.uid_first, iso.uid_last});
  j["cgroup"] = iso.cgroup;
  j["seccomp"] = iso.seccomp;
  j["budget_seconds"] = iso.budget_seconds;
  j["build"] = limits_json(iso.build);
  j["test"] = limits_json(iso.test);
  return j;
}

ordered_json lab_json(const LabResult& lab, const RenderOptions& options) {
  ordered_json j;
  j["lab"] = lab.lab;
  j["title"] = lab.title;
  j["kind"] = manifest::to_string(lab.kind);
  j["pass_threshold"] = lab.pass_threshold;
  j["score"] = lab.score;
  j["passed"] = lab.passed;
  j["penalty"] = lab.penalty;
  j["final_score"] = lab.final_score;
  j["points_earned"] = earned_points(lab);
  j["points_total"] = total_points(lab);
  j["isolation"] = isolation_json(lab.isolation);
  j["build_log_excerpt"] = clean(visible_build_log(lab, options));
  j["tests"] = ordered_json::array();
  for (const auto& t : lab.tests) j["tests"].push_back(test_json(t, options));
  j["notes"] = ordered_json::array();
  for (const auto& note : lab.notes) j["notes"].push_back(one_line(note));
  if (options.local_run) j["hidden_points_not_run"] = lab.hidden_points_not_run;
  if (lab.seeds_at_most != 0) j["seeds_at_most"] = lab.seeds_at_most;
  return j;
}

template <typename T>
T get_or(const nlohmann::json& j, const char* key, T fallback) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

TestResult test_from_json(const nlohmann::json& j) {
  TestResult t;
  t.name = j.at("name").get<std::string>();
  t.points = j.at("points").get<int>();
  t.earned = j.at("earned").get<int>();
  const auto vis = manifest::parse_visibility(j.at("visibility").get<std::string>());
  const auto status = parse_test_status(j.at("status").get<std::string>());
  if (!vis || !status) throw std::invalid_argument(fmt::format("test {}: bad visibility or status", t.name));
  t.visibility = *vis;
  t.status = *status;
  t.reason = get_or<std::string>(j, "reason", "");
  t.detail = get_or<std::string>(j, "detail", "");
  if (j.contains("seed") && !j["seed"].is_null()) t.seed = j["seed"].get<std::uint64_t>();
  if (j.contains("replay") && !j["replay"].is_null()) t.replay = j["replay"].get<std::string>();
  t.property = get_or<std::string>(j, "property", "");
  if (j.contains("wall_ms") && !j["wall_ms"].is_null()) t.wall_ms = j["wall_ms"].get<std::int64_t>();
  if (j.contains("test_ms") && !j["test_ms"].is_null()) t.test_ms = j["test_ms"].get<std::int64_t>();
  return t;
}

SandboxLimits limits_from_json(const nlohmann::json& j) {
  SandboxLimits l;
  if (!j.is_object()) return l;
  l.memory_bytes = get_or<std::uint64_t>(j, "memory_bytes", 0);
  l.processes = get_or<std::uint64_t>(j, "processes", 0);
  l.file_size_bytes = get_or<std::uint64_t>(j, "file_size_bytes", 0);
  l.group_memory_bytes = get_or<std::uint64_t>(j, "group_memory_bytes", 0);
  l.group_processes = get_or<std::uint64_t>(j, "group_processes", 0);
  l.wall_seconds = get_or<int>(j, "wall_seconds", 0);
  return l;
}

Isolation isolation_from_json(const nlohmann::json& j) {
  Isolation iso;
  if (!j.is_object()) return iso;
  iso.backend = get_or<std::string>(j, "backend", "");
  iso.confined = get_or<bool>(j, "confined", false);
  const auto uids = get_or<std::vector<std::uint32_t>>(j, "uids", {});
  if (uids.size() == 2) {
    iso.uid_first = uids[0];
    iso.uid_last = uids[1];
  }
  iso.cgroup = get_or<std::string>(j, "cgroup", "");
  iso.seccomp = get_or<std::string>(j, "seccomp", "");
  iso.budget_seconds = get_or<int>(j, "budget_seconds", 0);
  if (j.contains("build")) iso.build = limits_from_json(j["build"]);
  if (j.contains("test")) iso.test = limits_from_json(j["test"]);
  return iso;
}

LabResult lab_from_json(const nlohmann::json& j) {
  LabResult lab;
  lab.lab = j.at("lab").get<std::string>();
  lab.title = get_or<std::string>(j, "title", "");
  const auto kind = manifest::parse_lab_kind(j.at("kind").get<std::string>());
  if (!kind) throw std::invalid_argument(fmt::format("lab {}: bad kind", lab.lab));
  lab.kind = *kind;
  lab.pass_threshold = j.at("pass_threshold").get<double>();
  lab.score = j.at("score").get<double>();
  lab.passed = j.at("passed").get<bool>();
  lab.penalty = get_or<double>(j, "penalty", 0.0);
  lab.final_score = get_or<double>(j, "final_score", lab.score);
  if (j.contains("isolation")) lab.isolation = isolation_from_json(j["isolation"]);
  lab.build_log_excerpt = get_or<std::string>(j, "build_log_excerpt", "");
  for (const auto& t : j.at("tests")) lab.tests.push_back(test_from_json(t));
  lab.notes = get_or<std::vector<std::string>>(j, "notes", {});
  lab.seeds_at_most = get_or<std::size_t>(j, "seeds_at_most", 0);
  return lab;
}

}  // namespace

ordered_json to_json(const GradeReport& report, const RenderOptions& options) {
  ordered_json j;
  j["schema"] = kSchema;
  j["tool_version"] = report.tool_version;
  j["submission"] = one_line(report.submission);
  j["submitted_at"] = report.submitted_at;
  j["graded_at"] = report.graded_at;
  j["student_facing"] = options.student_facing;
  j["labs"] = ordered_json::array();
  for (const auto& lab : report.labs) j["labs"].push_back(lab_json(lab, options));
  return j;
}

std::string render_json(const GradeReport& report, const RenderOptions& options) {
  return to_json(report, options).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

GradeReport report_from_json(const nlohmann::json& doc) {
  try {
    if (!doc.is_object() || doc.value("schema", "") != kSchema) {
      throw std::invalid_argument(fmt::format("not a {} document", kSchema));
    }
    GradeReport r;
    r.tool_version = get_or<std::string>(doc, "tool_version", "");
    r.submission = get_or<std::string>(doc, "submission", "");
    r.submitted_at = get_or<std::string>(doc, "submitted_at", "");
    r.graded_at = get_or<std::string>(doc, "graded_at", "");
    for (const auto& lab : doc.at("labs")) r.labs.push_back(lab_from_json(lab));
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(fmt::format("malformed report: {}", e.what()));
  }
}

std::string report_digest(const GradeReport& report) {
  GradeReport copy = report;
  copy.graded_at.clear();
  // Run times vary between two gradings of the same submission: not part of the outcome.
  for (auto& lab : copy.labs) {
    for (auto& t : lab.tests) t.wall_ms = t.test_ms = std::nullopt;
  }
  return "sha256:" + sha256_hex(render_json(copy));
}

}  // namespace dslab::report
