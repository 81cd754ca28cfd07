// Checking history files by model name.
#include "runtime/lincheck/run.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/formats.hpp"

namespace dslab::lincheck {

std::optional<ModelKind> parse_model_kind(std::string_view name) {
  if (name == "register") return ModelKind::kRegister;
  if (name == "kv") return ModelKind::kKv;
  if (name == "bank") return ModelKind::kBank;
  return std::nullopt;
}

namespace {

template <class Parsed>
Result check_parsed(const Parsed& parsed, const Options& options,
                    std::vector<OperationView>* operations) {
  if (operations != nullptr) {
    for (const auto& op : parsed.history) {
      const Time ret = op.known() ? op.ret : kNever;
      std::string what = parsed.model.describe(op.input, op.output);
      std::string text = detail::describe_operation(op.client, what, op.call, ret, op.known());
      operations->push_back(OperationView{.client = op.client, .call = op.call, .ret = ret,
                                          .known = op.known(), .what = std::move(what),
                                          .text = std::move(text)});
    }
  }
  return check(parsed.model, parsed.history, options);
}

Result check_kind(std::istream& in, const std::string& file, ModelKind kind,
                  const Options& options, std::vector<OperationView>* operations) {
  switch (kind) {
    case ModelKind::kRegister:
      return check_parsed(read_register(in, file), options, operations);
    case ModelKind::kKv:
      return check_parsed(read_kv(in, file), options, operations);
    case ModelKind::kBank:
      return check_parsed(read_bank(in, file), options, operations);
  }
  throw std::invalid_argument("unknown model kind");
}

}  // namespace

FileReport check_stream(std::istream& in, const std::string& file, ModelKind kind,
                        const Options& options, bool allow_empty, bool keep_operations) {
  const auto start = std::chrono::steady_clock::now();
  FileReport report;
  report.file = file;
  try {
    report.result =
        check_kind(in, file, kind, options, keep_operations ? &report.operations : nullptr);
  } catch (const std::invalid_argument& e) {  // inconsistent times: name the file
    throw InputError(file, 0, e.what());
  }
  if (report.result.operations == 0 && !allow_empty) {
    // A mistyped or truncated file must not pass as "linearizable, 0 ops".
    throw InputError(file, 0,
                     "the history holds no operation (an empty history is accepted only when "
                     "asked for: dslab lincheck --allow-empty)");
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

FileReport check_file(const std::string& path, ModelKind kind, const Options& options,
                      bool allow_empty, bool keep_operations) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw InputError(path, 0, "no such file");
  if (ec) throw InputError(path, 0, "cannot read: " + ec.message());
  if (std::filesystem::is_directory(status)) {
    throw InputError(path, 0, "is a directory, not a history file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, std::string("cannot open file: ") + std::strerror(errno));
  return check_stream(in, path, kind, options, allow_empty, keep_operations);
}

std::string summary_line(const FileReport& report) {
  const Result& r = report.result;
  std::string line = fmt::format("{}  {}  {} ops  {:.1f} ms", report.file, to_string(r.verdict),
                                 r.operations, report.seconds * 1e3);
  if (r.verdict == Verdict::kLinearizable && r.partitions > 1) {
    line += fmt::format("  ({} partitions)", r.partitions);
  }
  if (!r.reason.empty()) line += "  -- " + r.reason;
  return line;
}

}  // namespace dslab::lincheck
