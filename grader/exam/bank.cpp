// Loading and validation of exam banks (see bank.hpp).
#include "grader/exam/bank.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>

#include "grader/manifest/toml_reader.hpp"

namespace dslab::exam {
namespace fs = std::filesystem;
namespace {

using manifest::Diagnostics;
using manifest::TableReader;

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void read_pick(TableReader& top, Bank& bank, Diagnostics& diag) {
  const toml::table* pick = top.table("pick", false);
  if (pick == nullptr) return;
  TableReader r(*pick, "pick", diag);
  if (auto n = r.integer("scenarios", false)) {
    if (*n < 1 || *n > 5) r.error_at("scenarios", "pick.scenarios must be 1..5");
    bank.pick_scenarios = static_cast<int>(*n);
  }
  if (auto n = r.integer("questions", false)) {
    if (*n < 0 || *n > 20) r.error_at("questions", "pick.questions must be 0..20");
    bank.pick_questions = static_cast<int>(*n);
  }
  r.finish();
}

void read_questions(TableReader& top, Bank& bank, Diagnostics& diag) {
  const toml::array* list = top.table_array("question", false);
  if (list == nullptr) return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    TableReader r(*list->get(i)->as_table(), fmt::format("question[{}]", i + 1), diag);
    Question q;
    q.id = r.string("id", true).value_or("");
    q.text = r.string("text", true).value_or("");
    if (!q.id.empty() && !valid_id(q.id))
      r.error_at("id", fmt::format("question id \"{}\": use a-z, 0-9, - and _", q.id));
    if (!q.id.empty() && !seen.insert(q.id).second)
      r.error_at("id", fmt::format("question id \"{}\" is used twice", q.id));
    if (q.text.empty()) r.error_at("text", fmt::format("{} is empty", r.name("text")));
    r.finish();
    bank.questions.push_back(std::move(q));
  }
}

// latency = [min_ms, max_ms]
void read_latency(TableReader& r, Scenario& s) {
  const toml::node* node = r.node("latency_ms", false);
  if (node == nullptr) return;
  const toml::array* a = node->as_array();
  if (a == nullptr || a->size() != 2 || !a->get(0)->is_integer() || !a->get(1)->is_integer()) {
    r.error_at("latency_ms", fmt::format("{} must be [min, max], two whole numbers of milliseconds",
                                         r.name("latency_ms")));
    return;
  }
  const auto lo = a->get(0)->as_integer()->get();
  const auto hi = a->get(1)->as_integer()->get();
  if (lo < 0 || hi < lo || hi > 10000) {
    r.error_at("latency_ms",
               fmt::format("{} must have 0 <= min <= max <= 10000", r.name("latency_ms")));
    return;
  }
  s.min_latency = msec(lo);
  s.max_latency = msec(hi);
}

void read_scenarios(TableReader& top, Bank& bank, Diagnostics& diag) {
  const toml::array* list = top.table_array("scenario", true);
  if (list == nullptr) return;
  if (list->empty()) top.error_at("scenario", "the bank needs at least one [[scenario]]");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    TableReader r(*list->get(i)->as_table(), fmt::format("scenario[{}]", i + 1), diag);
    Scenario s;
    s.id = r.string("id", true).value_or("");
    s.title = r.string("title", true).value_or("");
    s.brief = r.string("brief", false).value_or("");
    if (!s.id.empty() && !valid_id(s.id))
      r.error_at("id", fmt::format("scenario id \"{}\": use a-z, 0-9, - and _", s.id));
    if (!s.id.empty() && !seen.insert(s.id).second)
      r.error_at("id", fmt::format("scenario id \"{}\" is used twice", s.id));
    if (auto n = r.integer("nodes", false)) {
      if (*n < 1 || *n > 9) r.error_at("nodes", fmt::format("{} must be 1..9", r.name("nodes")));
      s.nodes = static_cast<int>(*n);
    }
    read_latency(r, s);
    s.setup = r.string_array("setup", false).value_or(std::vector<std::string>{});
    s.questions = r.string_array("questions", false).value_or(std::vector<std::string>{});
    for (const auto& q : s.questions) {
      if (bank.question(q) == nullptr) {
        r.error_at("questions", fmt::format("{} names \"{}\", which no [[question]] has as id",
                                            r.name("questions"), q));
      }
    }
    r.finish();
    bank.scenarios.push_back(std::move(s));
  }
  if (!list->empty() && bank.pick_scenarios > static_cast<int>(list->size())) {
    top.error_at("pick", fmt::format("pick.scenarios is {} but the bank has only {} scenarios",
                                     bank.pick_scenarios, list->size()));
  }
}

}  // namespace

const Question* Bank::question(std::string_view id) const {
  for (const auto& q : questions) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

fs::path bank_file(const fs::path& source_root, const std::string& lab) {
  return source_root / "labs" / lab / "exam" / "scenarios.toml";
}

Bank parse_bank(std::string_view text, const std::string& file, const std::string& lab) {
  Diagnostics diag(file);
  Bank bank;
  bank.lab = lab;
  bank.file = file;
  const auto table = manifest::parse_toml(text, diag);
  if (table) {
    TableReader top(*table, "", diag);
    read_pick(top, bank, diag);
    read_questions(top, bank, diag);
    read_scenarios(top, bank, diag);
    top.finish();
  }
  diag.throw_if_any();
  return bank;
}

Bank load_bank(const fs::path& file, const std::string& lab) {
  std::ifstream in(file);
  if (!in) {
    Diagnostics diag(file.string());
    diag.error(
        0, 0,
        fmt::format("cannot read the exam bank of {} (labs/{}/exam/scenarios.toml)", lab, lab));
    diag.throw_if_any();
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_bank(text.str(), file.string(), lab);
}

}  // namespace dslab::exam
