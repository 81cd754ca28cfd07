// Trusted command-line parsing shared by the lab-1 programs (one translation unit holds cxxopts,
// whose header is slow to compile, so each program's main stays cheap to build in the sandbox).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab1::programs {

/// One `--name VALUE` option of a program.
struct Option {
  std::string name;           ///< long name, without the leading "--"
  std::string help;           ///< one line for --help
  std::string default_value;  ///< used when the option is absent; "" = no default
};

/// The parsed command line: option values as text, converted on access.
class Args {
 public:
  /// True if the option was given or has a default.
  bool has(std::string_view name) const;
  /// The option's text. Throws std::invalid_argument ("--name is required") when absent.
  const std::string& get(std::string_view name) const;
  /// The option as an integer in [min, max]. Throws std::invalid_argument naming the option,
  /// the range and the text when absent, not a whole decimal number, or out of range.
  long long get_int(std::string_view name, long long min, long long max) const;
  /// The positional arguments, in order (empty when the program takes none).
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend std::optional<Args> parse_args(const char*, const char*, const std::vector<Option>&, int,
                                        char**, const char*);
  std::map<std::string, std::string, std::less<>> values_;
  std::vector<std::string> positional_;
};

/// Parses argv against `options` (and `-h`/`--help`, added here). `positional`, when not null,
/// names the positional arguments in the usage line; without it a positional argument is an
/// error. Prints the usage to stdout and returns nullopt for --help. Throws
/// std::invalid_argument with a one-line reason for an unknown option, a missing value or a
/// stray argument (run_main turns that into exit code 2).
std::optional<Args> parse_args(const char* program, const char* description,
                               const std::vector<Option>& options, int argc, char** argv,
                               const char* positional = nullptr);

/// The socket a server program serves on: the inherited `--fd` (checked to be a socket of
/// `type`, listening when SOCK_STREAM) or a new one bound to 127.0.0.1:`--port`. Throws
/// std::invalid_argument unless exactly one of the two is given, std::runtime_error or
/// std::system_error when the socket is unusable.
int server_socket(const Args& args, int type);

}  // namespace lab1::programs
