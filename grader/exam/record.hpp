// The record of one oral exam (JSON, schema "dslab-exam-record/1"): who, which lab and seed,
// the scenarios and questions, every command with its error, the notes, the verdict and times.
// `dslab ledger record-exam` takes it into the student's standing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace dslab::exam {

inline constexpr const char* kRecordSchema = "dslab-exam-record/1";

/// One line the examiner typed (or the script held).
struct RecordedCommand {
  double at_seconds = 0;  ///< since the session started
  std::string scenario;   ///< the scenario running then
  std::string line;
  std::string error;  ///< the one-line error, when it failed
};

struct RecordedNote {
  double at_seconds = 0;
  std::string text;
};

struct RecordedQuestion {
  std::string id;
  std::string text;
  bool asked = false;
};

/// A whole exam.
struct Record {
  std::string student;
  std::string lab;
  std::uint64_t seed = 0;
  std::string submission;  ///< the folder examined
  std::string started_at;  ///< RFC 3339 UTC
  std::string ended_at;
  double duration_seconds = 0;
  std::vector<std::string> scenarios;  ///< ids, in the order picked
  std::vector<RecordedQuestion> questions;
  std::vector<std::string> setup_errors;  ///< scenario setup lines that could not run
  std::vector<RecordedCommand> commands;
  std::vector<RecordedNote> notes;
  std::optional<bool> passed;  ///< the verdict; none when the examiner gave none
  std::string ended_by;        ///< "quit", "end of input", "interrupt"
};

/// "pass", "fail" or "none".
std::string verdict_name(const std::optional<bool>& passed);

nlohmann::ordered_json to_json(const Record& record);

/// Reads a record back. Throws std::runtime_error naming the missing or mistyped member.
Record record_from_json(const nlohmann::json& doc);

/// Writes `record` to `file` atomically (a temporary beside it, then rename).
void write_record(const Record& record, const std::filesystem::path& file);

/// Reads a record file. Throws std::runtime_error (unreadable, not JSON, wrong schema).
Record read_record(const std::filesystem::path& file);

}  // namespace dslab::exam
