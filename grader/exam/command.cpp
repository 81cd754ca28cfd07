// The exam session's command table, parsing and completion (see command.hpp).
#include "grader/exam/command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace dslab::exam {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::vector<CommandInfo> make_builtins() {
  using C = Complete;
  return {
      {"step",
       "step [N]",
       "take the next N pending items (default 1) in time order",
       "Delivers the earliest message or fires the earliest timer, N times; the clock moves to "
       "each\n"
       "item's time. Every event is printed.",
       C::kNone,
       {}},
      {"run",
       "run until <condition>",
       "step until a condition holds (at most 10000 events)",
       "Conditions: time <t> (e.g. 500ms, 2s), output <Type>, sent <Type>, delivered <Type>,\n"
       "quiet (no message in flight), and the lab's own (see `help until`).",
       C::kWords,
       {"until"}},
      {"deliver",
       "deliver <n>",
       "deliver pending item n now, out of order (timers: fire it now)",
       "",
       C::kPending,
       {}},
      {"drop", "drop <n>", "lose pending message n", "", C::kPending, {}},
      {"duplicate", "duplicate <n>", "add a second copy of pending message n", "", C::kPending, {}},
      {"crash",
       "crash <node>",
       "crash a node: memory and timers lost, stable storage kept",
       "",
       C::kNode,
       {}},
      {"restart",
       "restart <node>",
       "boot a crashed node from its stable storage (on_start runs now)",
       "",
       C::kNode,
       {}},
      {"partition",
       "partition <a,b|c>",
       "cut every link between the groups (replaces any partition)",
       "Example: partition 1,2|3 cuts n3 off from n1 and n2. Messages already in flight across\n"
       "the cut are dropped when they arrive.",
       C::kNode,
       {}},
      {"heal", "heal", "restore every link", "", C::kNone, {}},
      {"state",
       "state <node>",
       "a node's fields (its JSON view); * marks changes since the last look",
       "",
       C::kNode,
       {}},
      {"pending",
       "pending",
       "messages in flight and timers, numbered for deliver/drop/duplicate",
       "",
       C::kNone,
       {}},
      {"trace",
       "trace [N]",
       "the space-time view of what happened (the last N events, default 40)",
       "",
       C::kNone,
       {}},
      {"undo",
       "undo",
       "go back to before the last command that changed the cluster",
       "",
       C::kNone,
       {}},
      {"ask", "ask", "show the next question for the student", "", C::kNone, {}},
      {"note", "note <text>", "add a note to the record", "", C::kNone, {}},
      {"mark",
       "mark pass|fail",
       "the verdict of this oral exam (can be changed until quit)",
       "",
       C::kWords,
       {"pass", "fail"}},
      {"next", "next", "go on to the next scenario picked for this student", "", C::kNone, {}},
      {"help", "help [command]", "list the commands, or explain one", "", C::kCommand, {}},
      {"quit",
       "quit",
       "end the session and write the record (also Ctrl-D, Ctrl-C)",
       "",
       C::kNone,
       {}},
  };
}

}  // namespace

Command parse_command(std::string_view line) {
  Command c;
  const std::string_view t = trim(line);
  c.line = std::string(t);
  if (t.empty() || t.front() == '#') return c;
  auto words = words_of(t);
  c.name = words.front();
  std::transform(c.name.begin(), c.name.end(), c.name.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  c.args.assign(words.begin() + 1, words.end());
  const auto space = t.find_first_of(" \t");
  c.rest = space == std::string_view::npos ? "" : std::string(trim(t.substr(space)));
  return c;
}

const std::vector<CommandInfo>& builtin_commands() {
  static const std::vector<CommandInfo> all = make_builtins();
  return all;
}

std::string help_text(const std::vector<CommandInfo>& commands, std::string_view name) {
  if (name.empty()) {
    std::string out = "commands (help <command> for more):\n";
    for (const auto& c : commands) out += fmt::format("  {:<24}{}\n", c.usage, c.summary);
    return out;
  }
  for (const auto& c : commands) {
    if (c.name == name)
      return fmt::format("{}\n  {}\n{}", c.usage, c.summary, c.help.empty() ? "" : c.help + "\n");
  }
  throw CommandError(fmt::format("no command '{}' (help lists them)", name));
}

std::string common_prefix(const std::vector<std::string>& words) {
  if (words.empty()) return "";
  std::string prefix = words.front();
  for (const auto& w : words) {
    std::size_t i = 0;
    while (i < prefix.size() && i < w.size() && prefix[i] == w[i]) ++i;
    prefix.resize(i);
  }
  return prefix;
}

std::vector<std::string> complete(const std::vector<CommandInfo>& commands,
                                  std::string_view before_cursor,
                                  const CompletionContext& context) {
  auto words = words_of(before_cursor);
  const bool new_word =
      before_cursor.empty() || std::isspace(static_cast<unsigned char>(before_cursor.back())) != 0;
  const std::string partial = new_word || words.empty() ? "" : words.back();
  if (!new_word && !words.empty()) words.pop_back();
  std::vector<std::string> pool;
  auto command_names = [&] {
    for (const auto& c : commands) pool.push_back(c.name);
  };
  if (words.empty()) {
    command_names();
  } else {
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [&](const CommandInfo& c) { return c.name == words[0]; });
    if (it != commands.end()) {
      switch (it->complete) {
        case Complete::kNode:
          if (words.size() == 1) pool = context.nodes;
          break;
        case Complete::kPending:
          for (std::size_t i = 1; i <= context.pending; ++i) pool.push_back(std::to_string(i));
          break;
        case Complete::kWords:
          if (it->name == "run" && words.size() >= 2) {
            pool = words.size() == 2 ? context.conditions : std::vector<std::string>{};
          } else if (words.size() == 1) {
            pool = it->words;
          }
          break;
        case Complete::kCondition:
          pool = context.conditions;
          break;
        case Complete::kCommand:
          if (words.size() == 1) command_names();
          break;
        case Complete::kNone:
          break;
      }
    }
  }
  std::vector<std::string> out;
  for (const auto& w : pool) {
    if (w.rfind(partial, 0) == 0) out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

NodeId parse_node(std::string_view word) {
  std::string_view digits = word;
  if (!digits.empty() && (digits.front() == 'n' || digits.front() == 'N')) digits.remove_prefix(1);
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < 1) {
    throw CommandError(fmt::format("'{}' is not a node (write 2 or n2)", word));
  }
  return value;
}

std::size_t parse_count(std::string_view word, std::string_view what, std::size_t max) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (word.empty() || ec != std::errc() || end != word.data() + word.size() || value < 1 ||
      value > max) {
    throw CommandError(
        fmt::format("{} must be a whole number from 1 to {}, not '{}'", what, max, word));
  }
  return value;
}

Time parse_time(std::string_view word) {
  std::string_view number = word;
  double scale = 1000;  // a bare number is milliseconds
  auto strip = [&](std::string_view suffix, double s) {
    if (number.size() > suffix.size() && number.substr(number.size() - suffix.size()) == suffix) {
      number.remove_suffix(suffix.size());
      scale = s;
      return true;
    }
    return false;
  };
  if (!strip("ms", 1000) && !strip("us", 1)) strip("s", 1e6);
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
      !(value >= 0) || value * scale > 1e12) {
    throw CommandError(fmt::format("'{}' is not a time (write 500ms, 1.5s or 800us)", word));
  }
  return static_cast<Time>(std::llround(value * scale));
}

std::vector<std::set<NodeId>> parse_partition(std::string_view spec) {
  std::vector<std::set<NodeId>> groups;
  std::set<NodeId> seen;
  std::size_t start = 0;
  const std::string text(spec);
  while (start <= text.size()) {
    const std::size_t bar = std::min(text.find('|', start), text.size());
    std::set<NodeId> group;
    std::size_t p = start;
    while (p < bar) {
      const std::size_t comma = std::min(text.find(',', p), bar);
      const auto word = trim(std::string_view(text).substr(p, comma - p));
      if (!word.empty()) {
        const NodeId n = parse_node(word);
        if (!seen.insert(n).second) throw CommandError(fmt::format("n{} is in two groups", n));
        group.insert(n);
      }
      p = comma + 1;
    }
    if (group.empty()) throw CommandError("a partition group is empty (write e.g. 1,2|3)");
    groups.push_back(group);
    start = bar + 1;
  }
  if (groups.size() < 2)
    throw CommandError("a partition needs at least two groups separated by | (e.g. 1,2|3)");
  return groups;
}

}  // namespace dslab::exam
