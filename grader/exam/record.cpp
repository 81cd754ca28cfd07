// The exam record's JSON form (see record.hpp).
#include "grader/exam/record.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

namespace dslab::exam {
namespace fs = std::filesystem;
namespace {

template <class T>
T member(const nlohmann::json& doc, const char* key) {
  if (!doc.contains(key))
    throw std::runtime_error(fmt::format("exam record: \"{}\" is missing", key));
  try {
    return doc.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(fmt::format("exam record: \"{}\" has the wrong type", key));
  }
}

}  // namespace

std::string verdict_name(const std::optional<bool>& passed) {
  if (!passed) return "none";
  return *passed ? "pass" : "fail";
}

nlohmann::ordered_json to_json(const Record& r) {
  nlohmann::ordered_json questions = nlohmann::ordered_json::array();
  for (const auto& q : r.questions)
    questions.push_back({{"id", q.id}, {"text", q.text}, {"asked", q.asked}});
  nlohmann::ordered_json commands = nlohmann::ordered_json::array();
  for (const auto& c : r.commands) {
    nlohmann::ordered_json j = {
        {"at_seconds", c.at_seconds}, {"scenario", c.scenario}, {"line", c.line}};
    if (!c.error.empty()) j["error"] = c.error;
    commands.push_back(j);
  }
  nlohmann::ordered_json notes = nlohmann::ordered_json::array();
  for (const auto& n : r.notes) notes.push_back({{"at_seconds", n.at_seconds}, {"text", n.text}});
  return {{"schema", kRecordSchema},
          {"student", r.student},
          {"lab", r.lab},
          {"seed", r.seed},
          {"submission", r.submission},
          {"started_at", r.started_at},
          {"ended_at", r.ended_at},
          {"duration_seconds", r.duration_seconds},
          {"scenarios", r.scenarios},
          {"questions", questions},
          {"setup_errors", r.setup_errors},
          {"commands", commands},
          {"notes", notes},
          {"verdict", verdict_name(r.passed)},
          {"ended_by", r.ended_by}};
}

Record record_from_json(const nlohmann::json& doc) {
  if (!doc.is_object()) throw std::runtime_error("exam record: not a JSON object");
  if (member<std::string>(doc, "schema") != kRecordSchema) {
    throw std::runtime_error(fmt::format("exam record: schema is not {}", kRecordSchema));
  }
  Record r;
  r.student = member<std::string>(doc, "student");
  r.lab = member<std::string>(doc, "lab");
  r.seed = member<std::uint64_t>(doc, "seed");
  r.submission = member<std::string>(doc, "submission");
  r.started_at = member<std::string>(doc, "started_at");
  r.ended_at = member<std::string>(doc, "ended_at");
  r.duration_seconds = member<double>(doc, "duration_seconds");
  r.scenarios = member<std::vector<std::string>>(doc, "scenarios");
  for (const auto& q : member<nlohmann::json>(doc, "questions")) {
    r.questions.push_back(
        {member<std::string>(q, "id"), member<std::string>(q, "text"), member<bool>(q, "asked")});
  }
  r.setup_errors = member<std::vector<std::string>>(doc, "setup_errors");
  for (const auto& c : member<nlohmann::json>(doc, "commands")) {
    r.commands.push_back({member<double>(c, "at_seconds"), member<std::string>(c, "scenario"),
                          member<std::string>(c, "line"), c.value("error", "")});
  }
  for (const auto& n : member<nlohmann::json>(doc, "notes")) {
    r.notes.push_back({member<double>(n, "at_seconds"), member<std::string>(n, "text")});
  }
  const auto verdict = member<std::string>(doc, "verdict");
  if (verdict == "pass")
    r.passed = true;
  else if (verdict == "fail")
    r.passed = false;
  else if (verdict != "none")
    throw std::runtime_error("exam record: verdict must be pass, fail or none");
  r.ended_by = member<std::string>(doc, "ended_by");
  return r;
}

void write_record(const Record& record, const fs::path& file) {
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << to_json(record).dump(2) << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write the exam record " + tmp.string());
  }
  fs::rename(tmp, file);
}

Record read_record(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the exam record " + file.string());
  try {
    return record_from_json(nlohmann::json::parse(in));
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(fmt::format("{} is not JSON: {}", file.string(), e.what()));
  }
}

}  // namespace dslab::exam
