// The dslab command's verb registry: each verb_<name>.cpp registers one verb at static init.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace dslab::cli {

/// Runs a verb. argv[0] is "dslab <verb>"; returns the process exit status.
using VerbMain = std::function<int(int argc, char** argv)>;

/// One verb of the dslab command.
struct Verb {
  std::string name;     ///< what the user types: `dslab <name> ...`
  std::string summary;  ///< one line for `dslab --help`
  VerbMain main;
};

/// All registered verbs, sorted by name. Not thread-safe (read after static init only).
const std::vector<Verb>& verbs();

/// Registers a verb; use as `static const dslab::cli::Registration reg{{"name", "...", fn}};`.
struct Registration {
  explicit Registration(Verb verb);
};

}  // namespace dslab::cli
