// Formatting and parsing of the dslab-limit status line (no dependencies: the launcher uses it).
#include "grader/sandbox/status.hpp"

#include <charconv>

namespace dslab::sandbox {

std::string format_status(const LimitStatus& status) {
  if (!status.error.empty()) {
    std::string line = "error=";
    for (char c : status.error) line += (c == '\n' ? ' ' : c);
    return line + "\n";
  }
  return "exit=" + std::to_string(status.exit_code) + " signal=" + std::to_string(status.signal) +
         " timed_out=" + (status.timed_out ? "1" : "0") + " cpu_us=" +
         std::to_string(status.cpu_us) + " max_rss_kb=" + std::to_string(status.max_rss_kb) +
         "\n";
}

namespace {

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool parse_field(std::string_view key, std::string_view value, LimitStatus& status) {
  if (key == "exit") return parse_number(value, status.exit_code);
  if (key == "signal") return parse_number(value, status.signal);
  if (key == "cpu_us") return parse_number(value, status.cpu_us);
  if (key == "max_rss_kb") return parse_number(value, status.max_rss_kb);
  if (key == "timed_out") {
    int flag = 0;
    if (!parse_number(value, flag) || flag < 0 || flag > 1) return false;
    status.timed_out = flag == 1;
    return true;
  }
  return false;
}

}  // namespace

std::optional<LimitStatus> parse_status(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  LimitStatus status;
  if (line.substr(0, 6) == "error=") {
    status.error = std::string(line.substr(6));
    if (status.error.empty()) status.error = "unknown sandbox error";
    return status;
  }
  int seen = 0;
  while (!line.empty()) {
    std::size_t space = line.find(' ');
    std::string_view field = line.substr(0, space);
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    if (!parse_field(field.substr(0, eq), field.substr(eq + 1), status)) return std::nullopt;
    ++seen;
  }
  if (seen != 5) return std::nullopt;
  return status;
}

}  // namespace dslab::sandbox
