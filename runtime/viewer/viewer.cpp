// The run and history pages: data as script-safe JSON substituted into the embedded templates.
#include "runtime/viewer/viewer.hpp"

#include <fmt/format.h>

#include <fstream>
#include <istream>
#include <stdexcept>

#include "runtime/viewer/templates.hpp"

namespace dslab::viewer {
namespace {

// Where a template takes its data: the body of <script type="application/json" id="data">.
constexpr std::string_view kPlaceholder = "__DSLAB_DATA__";

std::string fill(std::string_view page, const codec::Json& data) {
  const std::size_t at = page.find(kPlaceholder);
  if (at == std::string_view::npos) throw std::logic_error("viewer template without its data slot");
  std::string out;
  const std::string json = script_safe_json(data);
  out.reserve(page.size() + json.size());
  out.append(page.substr(0, at));
  out += json;
  out.append(page.substr(at + kPlaceholder.size()));
  return out;
}

// Lincheck times as JSON: kNever (no return) is null.
codec::Json time_json(lincheck::Time t) {
  return t == lincheck::kNever ? codec::Json(nullptr) : codec::Json(t);
}

codec::Json explanation_json(const lincheck::Explanation& x) {
  return codec::Json{{"partition", x.partition},          {"partition_ops", x.partition_ops},
                     {"prefix", x.prefix},                {"states", x.states},
                     {"states_truncated", x.states_truncated}, {"blocked", x.blocked},
                     {"pending", x.pending}};
}

}  // namespace

codec::Json events_json(std::span<const trace::Event> events) {
  codec::Json out = codec::Json::array();
  for (const auto& e : events) out.push_back(trace::to_json(e));
  return out;
}

codec::Json events_from_json_lines(std::istream& in) {
  codec::Json out = codec::Json::array();
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    codec::Json event = codec::Json::parse(line, nullptr, false);
    if (!event.is_object()) {
      throw std::invalid_argument(fmt::format("line {} is not a JSON object (a trace event)", number));
    }
    out.push_back(std::move(event));
  }
  return out;
}

std::string script_safe_json(const codec::Json& data) {
  // Invalid UTF-8 in a message string becomes U+FFFD instead of an exception.
  const std::string json = data.dump(-1, ' ', false, codec::Json::error_handler_t::replace);
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_run(const RunPage& page) {
  const codec::Json data = {{"title", page.title},       {"failure", page.failure},
                            {"property", page.property}, {"replay", page.replay},
                            {"nodes", page.nodes},       {"events", page.events}};
  return fill(templates::kRun, data);
}

std::string render_history(const lincheck::FileReport& report, const std::string& title) {
  codec::Json ops = codec::Json::array();
  for (const auto& op : report.operations) {
    ops.push_back({{"client", op.client}, {"call", op.call}, {"ret", time_json(op.ret)},
                   {"known", op.known}, {"what", op.what}, {"text", op.text}});
  }
  const auto& r = report.result;
  const codec::Json data = {
      {"title", title},
      {"verdict", std::string(lincheck::to_string(r.verdict))},
      {"reason", r.reason},
      {"operations", std::move(ops)},
      {"explanation", r.explanation ? explanation_json(*r.explanation) : codec::Json(nullptr)}};
  return fill(templates::kHistory, data);
}

std::string write_page(const std::filesystem::path& path, const std::string& content) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fmt::format("cannot write {}", path.string());
  out << content;
  out.close();
  if (!out) return fmt::format("cannot write {}", path.string());
  return "";
}

std::string page_file_name(const std::string& lab, const std::string& test, std::uint64_t seed) {
  std::string name = fmt::format("{}.{}.seed{}.html", lab, test, seed);
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) c = '_';
  }
  return name;
}

}  // namespace dslab::viewer
