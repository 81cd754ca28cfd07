// `dslab lincheck`: checks history files for linearizability against a built-in model; --html
// draws one history and the checker's explanation (runtime/viewer).
#include <cxxopts.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/cli/verb.hpp"
#include "runtime/lincheck/formats.hpp"
#include "runtime/lincheck/run.hpp"
#include "runtime/viewer/viewer.hpp"

namespace {

using dslab::lincheck::Verdict;

constexpr int kAllLinearizable = 0;
constexpr int kSomeNotLinearizable = 1;
constexpr int kUsageOrInputError = 2;

cxxopts::Options make_options() {
  cxxopts::Options opts("dslab lincheck",
                        "Checks operation histories for linearizability against a model.\n"
                        "Formats (detected per file): Jepsen etcd logs (register), Jepsen EDN "
                        "key-value logs (kv), dslab JSON lines (every model; see "
                        "runtime/lincheck/README.md).\n"
                        "Exit status: 0 all linearizable, 1 some not linearizable or unknown, "
                        "2 usage or input error.");
  opts.positional_help("FILE...");
  opts.add_options()("model", "the specification: register, kv or bank",
                     cxxopts::value<std::string>())(
      "partition", "check each key / account group on its own (P-compositionality)")(
      "allow-empty", "accept a history without any operation (otherwise an input error)")(
      "budget", "time budget per file, in seconds; when spent the verdict is 'unknown'",
      cxxopts::value<double>())("explain", "explain each violation: longest linearizable "
                                           "prefix, the operation that cannot be placed, states")(
      "html", "write the picture of the check to this HTML file (one history file only): the "
              "operations as bars per client, the longest linearizable prefix, the operation that "
              "cannot be placed and the possible states", cxxopts::value<std::string>())(
      "h,help", "show this help")("files", "history files", cxxopts::value<std::vector<std::string>>());
  opts.parse_positional({"files"});
  return opts;
}

int usage_error(const cxxopts::Options& opts, const std::string& message) {
  std::cerr << "dslab lincheck: " << message << "\n\n" << opts.help() << "\n";
  return kUsageOrInputError;
}

int lincheck_main(int argc, char** argv) {
  cxxopts::Options opts = make_options();
  cxxopts::ParseResult args;
  try {
    args = opts.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(opts, e.what());
  }
  if (args.count("help") != 0) {
    std::cout << opts.help() << "\n";
    return kAllLinearizable;
  }
  if (args.count("model") == 0) return usage_error(opts, "--model is required");
  const auto kind = dslab::lincheck::parse_model_kind(args["model"].as<std::string>());
  if (!kind) return usage_error(opts, "--model must be register, kv or bank");
  if (args.count("files") == 0) return usage_error(opts, "no history files given");
  dslab::lincheck::Options options;
  options.partition = args.count("partition") != 0;
  if (args.count("budget") != 0) {
    const double seconds = args["budget"].as<double>();
    if (!(seconds >= 0) || !std::isfinite(seconds)) {
      return usage_error(opts, "--budget must be a non-negative number of seconds");
    }
    options.budget = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(seconds));
  }
  const bool explain = args.count("explain") != 0;
  const auto& files = args["files"].as<std::vector<std::string>>();
  const std::string html = args.count("html") != 0 ? args["html"].as<std::string>() : "";
  if (args.count("html") != 0 && (files.size() != 1 || html.empty())) {
    return usage_error(opts, "--html FILE draws one history: give exactly one history file");
  }
  int status = kAllLinearizable;
  for (const auto& file : files) {
    try {
      const auto report = dslab::lincheck::check_file(file, *kind, options,
                                                      args.count("allow-empty") != 0, !html.empty());
      std::cout << dslab::lincheck::summary_line(report) << "\n";
      if (explain && report.result.explanation) {
        std::cout << report.result.explanation->to_text("    ");
      }
      if (!html.empty()) {
        const std::string error =
            dslab::viewer::write_page(html, dslab::viewer::render_history(report, file));
        if (!error.empty()) {
          std::cerr << "dslab lincheck: " << error << "\n";
          return kUsageOrInputError;
        }
        std::cout << "picture: " << html << " (open it in a browser)\n";
      }
      if (report.result.verdict != Verdict::kLinearizable && status == kAllLinearizable) {
        status = kSomeNotLinearizable;
      }
    } catch (const std::exception& e) {  // InputError names the file and line already
      std::cout << file << "  error\n";
      std::cerr << "dslab lincheck: error: " << e.what() << "\n";
      status = kUsageOrInputError;
    }
  }
  return status;
}

const dslab::cli::Registration kRegistration{
    {"lincheck", "check histories for linearizability (register, kv, bank models)", lincheck_main}};

}  // namespace
