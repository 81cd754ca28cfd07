// Trusted command-line parsing shared by the lab-1 programs, on cxxopts.
#include "labs/lab1-network/programs/options.hpp"

#include <sys/socket.h>

#include <charconv>
#include <cstdio>
#include <cxxopts.hpp>
#include <stdexcept>

#include "labs/lab1-network/programs/support.hpp"

namespace lab1::programs {

bool Args::has(std::string_view name) const { return values_.find(name) != values_.end(); }

const std::string& Args::get(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::invalid_argument("--" + std::string(name) + " is required");
  return it->second;
}

long long Args::get_int(std::string_view name, long long min, long long max) const {
  const std::string& text = get(name);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw std::invalid_argument("--" + std::string(name) + " must be a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                                text + "'");
  }
  return value;
}

namespace {

constexpr const char* kPositionalName = "positional-arguments";

cxxopts::Options describe(const char* program, const char* description,
                          const std::vector<Option>& options, const char* positional) {
  cxxopts::Options parser(program, description);
  auto add = parser.add_options();
  for (const Option& o : options) {
    if (o.default_value.empty()) {
      add(o.name, o.help, cxxopts::value<std::string>());
    } else {
      add(o.name, o.help, cxxopts::value<std::string>()->default_value(o.default_value));
    }
  }
  add("h,help", "show this help");
  // In a group of its own, so that --help (which lists the default group) does not show it.
  parser.add_options("positional")(kPositionalName, "", cxxopts::value<std::vector<std::string>>());
  parser.parse_positional({kPositionalName});
  parser.positional_help(positional != nullptr ? positional : "");
  return parser;
}

}  // namespace

std::optional<Args> parse_args(const char* program, const char* description,
                               const std::vector<Option>& options, int argc, char** argv,
                               const char* positional) {
  auto parser = describe(program, description, options, positional);
  Args args;
  try {
    const auto parsed = parser.parse(argc, argv);
    if (parsed.count("help") != 0U) {
      std::puts(parser.help({""}).c_str());
      return std::nullopt;
    }
    for (const Option& o : options) {
      if (parsed.count(o.name) != 0U || !o.default_value.empty()) {
        args.values_[o.name] = parsed[o.name].as<std::string>();
      }
    }
    if (parsed.count(kPositionalName) != 0U) {
      args.positional_ = parsed[kPositionalName].as<std::vector<std::string>>();
    }
  } catch (const cxxopts::exceptions::exception& e) {
    throw std::invalid_argument(e.what());
  }
  if (positional == nullptr && !args.positional_.empty()) {
    throw std::invalid_argument("unexpected argument '" + args.positional_.front() + "'");
  }
  return args;
}

int server_socket(const Args& args, int type) {
  if (args.has("fd") == args.has("port")) throw std::invalid_argument("give --fd or --port");
  if (args.has("fd")) {
    return inherited_socket(static_cast<int>(args.get_int("fd", 0, 65535)), type,
                            type == SOCK_STREAM);
  }
  return bind_loopback(type, static_cast<std::uint16_t>(args.get_int("port", 0, 65535)));
}

}  // namespace lab1::programs
