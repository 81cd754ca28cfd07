// The synthetic corpus of the similarity tests and benchmark (see synthetic.hpp).
#include "grader/similarity/synthetic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "grader/similarity/tokenizer.hpp"

namespace dslab::similarity::synthetic {
namespace fs = std::filesystem;
namespace {

// splitmix64: a small deterministic generator (the same numbers on every standard library).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool per_mille(int rate) { return static_cast<int>(below(1000)) < rate; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::uint64_t s_;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

constexpr const char* kSyllables[] = {"ka",  "lo", "mi",  "ren", "tu",
                                      "vax", "zo", "pel", "dri", "qua"};

// A new name for `word`, the same for the same word and seed.
std::string new_name(const std::string& word, std::uint64_t seed) {
  Rng r(seed ^ std::hash<std::string>{}(word));
  std::string out = kSyllables[r.below(std::size(kSyllables))];
  out += kSyllables[r.below(std::size(kSyllables))];
  return out + std::to_string(r.below(100));
}

// Renames every identifier outside comments, literals and directives, except keywords, `std`
// and the names right after `std::`.
std::string rename_all(std::string_view s, std::uint64_t seed) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto copy_until = [&](std::size_t end) {
      end = std::min(end, s.size());
      out.append(s.substr(i, end - i));
      i = end;
    };
    if (s.substr(i, 2) == "//" || s[i] == '#') {
      copy_until(s.find('\n', i));
    } else if (s.substr(i, 2) == "/*") {
      const std::size_t e = s.find("*/", i + 2);
      copy_until(e == std::string_view::npos ? s.size() : e + 2);
    } else if (s[i] == '"' || s[i] == '\'') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != s[i] && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
      copy_until(j + 1);
    } else if (ident_start(s[i]) && (i == 0 || !ident_char(s[i - 1]))) {
      std::size_t j = i;
      while (j < s.size() && ident_char(s[j])) ++j;
      const std::string word(s.substr(i, j - i));
      const bool keep =
          is_keyword(word) || word == "std" || std::string_view(out).ends_with("std::");
      out += keep ? word : new_name(word, seed);
      i = j;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(s)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The brace depth at the start of each line (braces in comments and literals are not expected
// in the corpus; // comments are skipped).
std::vector<int> start_depths(const std::vector<std::string>& lines) {
  std::vector<int> out;
  int depth = 0;
  for (const auto& line : lines) {
    out.push_back(depth);
    const std::string code = line.substr(0, line.find("//"));
    depth += static_cast<int>(std::count(code.begin(), code.end(), '{'));
    depth -= static_cast<int>(std::count(code.begin(), code.end(), '}'));
  }
  out.push_back(depth);
  return out;
}

std::string trimmed(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// Shuffles the definitions (runs of lines at the namespace's depth that hold a brace) among the
// places they occupy; everything else stays where it was.
std::vector<std::string> reorder(const std::vector<std::string>& lines, Rng& rng) {
  const std::vector<int> depth = start_depths(lines);
  int level = -1;
  for (std::size_t i = 0; i < lines.size() && level < 0; ++i) {
    if (trimmed(lines[i]).starts_with("namespace") && lines[i].find('{') != std::string::npos)
      level = depth[i + 1];
  }
  if (level < 0) level = 0;
  std::vector<std::vector<std::string>> chunks;  // definitions and the fixed lines between them
  std::vector<std::size_t> movable;
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i + 1;
    const bool starts = depth[i] == level && !trimmed(lines[i]).empty() &&
                        !trimmed(lines[i]).starts_with("//") && !trimmed(lines[i]).starts_with("}");
    if (starts) {
      while (j < lines.size() &&
             !(depth[j] == level && (lines[j - 1].find('}') != std::string::npos ||
                                     trimmed(lines[j - 1]).ends_with(";"))))
        ++j;
    }
    chunks.emplace_back(lines.begin() + static_cast<std::ptrdiff_t>(i),
                        lines.begin() + static_cast<std::ptrdiff_t>(j));
    bool braces = false;
    for (std::size_t x = i; x < j; ++x) braces = braces || lines[x].find('{') != std::string::npos;
    if (starts && braces) movable.push_back(chunks.size() - 1);
    i = j;
  }
  std::vector<std::size_t> order = movable;
  for (std::size_t n = order.size(); n > 1; --n) std::swap(order[n - 1], order[rng.below(n)]);
  std::vector<std::vector<std::string>> shuffled = chunks;
  for (std::size_t n = 0; n < movable.size(); ++n) shuffled[movable[n]] = chunks[order[n]];
  std::vector<std::string> out;
  for (const auto& c : shuffled) out.insert(out.end(), c.begin(), c.end());
  return out;
}

constexpr const char* kPhrases[] = {
    "check this again",        "the tricky part",       "see the handout",     "TODO tidy up",
    "handles the corner case", "as discussed in class", "not sure about this", "works now"};

// Comment lines, blank lines and harmless statements between the lines.
std::vector<std::string> pad(const std::vector<std::string>& lines, Rng& rng,
                             const DisguiseOptions& o) {
  const std::vector<int> depth = start_depths(lines);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out.push_back(lines[i]);
    const std::string indent =
        lines[i].substr(0, lines[i].find_first_not_of(" \t") == std::string::npos
                               ? 0
                               : lines[i].find_first_not_of(" \t"));
    const bool in_body = depth[i] >= 2 && depth[i + 1] >= 2 && trimmed(lines[i]).ends_with(";");
    if (in_body && rng.per_mille(o.statement_per_mille)) {
      const std::size_t n = rng.below(90) + 10;
      const std::string statements[] = {fmt::format("int unused_{} = {};", n, n),
                                        fmt::format("(void)sizeof({});", n),
                                        fmt::format("[[maybe_unused]] bool flag_{} = true;", n),
                                        fmt::format("if (false) {{ (void){}; }}", n)};
      out.push_back(indent + rng.pick(statements));
    }
    if (rng.per_mille(o.comment_per_mille)) out.push_back(indent + "// " + rng.pick(kPhrases));
    if (rng.per_mille(o.blank_per_mille)) out.emplace_back();
  }
  return out;
}

}  // namespace

std::string disguise(std::string_view source, std::uint64_t seed, const DisguiseOptions& o) {
  Rng rng(seed);
  const std::string renamed = o.rename ? rename_all(source, seed) : std::string(source);
  std::vector<std::string> lines = split_lines(renamed);
  if (o.reorder) lines = reorder(lines, rng);
  lines = pad(lines, rng, o);
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

namespace {

constexpr const char* kVars[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
constexpr const char* kOps[] = {"+", "-", "*", "/", "%", "^", "|", "&"};
constexpr const char* kCmps[] = {"<", ">", "<=", ">=", "==", "!="};
constexpr const char* kCalls[] = {"mix", "clamp", "fold", "step", "scale", "probe"};

// One random statement (or block) at `indent`, appended to `out`; `depth` bounds nesting.
void statement(std::vector<std::string>& out, Rng& r, const std::string& indent, int depth) {
  const auto v = [&] { return std::string(r.pick(kVars)); };
  const auto n = [&] { return std::to_string(r.below(64)); };
  switch (r.below(depth > 0 ? 10 : 7)) {
    case 0:
      out.push_back(fmt::format("{}{} = {} {} {};", indent, v(), v(), r.pick(kOps), n()));
      break;
    case 1:
      out.push_back(fmt::format("{}{} += {}({}, {});", indent, v(), r.pick(kCalls), v(), n()));
      break;
    case 2:
      out.push_back(
          fmt::format("{}{} = std::max({}, {} {} {});", indent, v(), v(), v(), r.pick(kOps), n()));
      break;
    case 3:
      out.push_back(fmt::format("{}total_ += {} {} {};", indent, v(), r.pick(kOps), v()));
      break;
    case 4:
      out.push_back(fmt::format("{}log(\"{}\", {});", indent, r.pick(kCalls), v()));
      break;
    case 5:
      out.push_back(fmt::format("{}values_.push_back({} {} {});", indent, v(), r.pick(kOps), n()));
      break;
    case 6:
      out.push_back(
          fmt::format("{}if ({} {} {}) return {};", indent, v(), r.pick(kCmps), n(), v()));
      break;
    default: {
      const std::size_t kind = r.below(3);
      if (kind == 0)
        out.push_back(fmt::format("{}if ({} {} {}) {{", indent, v(), r.pick(kCmps), v()));
      if (kind == 1) out.push_back(fmt::format("{}for (int i = 0; i < {}; ++i) {{", indent, n()));
      if (kind == 2) out.push_back(fmt::format("{}while ({} > {}) {{", indent, v(), n()));
      const std::size_t body = 1 + r.below(4);
      for (std::size_t s = 0; s < body; ++s) statement(out, r, indent + "  ", depth - 1);
      out.push_back(indent + "}");
    }
  }
}

}  // namespace

std::string random_program(std::uint64_t seed, std::size_t lines) {
  Rng r(seed);
  std::vector<std::string> out = {"// A random program of the similarity benchmark.",
                                  "#include \"work.hpp\"", "", "namespace work {", ""};
  for (std::size_t fn = 0; out.size() < lines; ++fn) {
    out.push_back(fmt::format("int Worker::task_{}(int a, int b) {{", fn));
    out.push_back(fmt::format("  int c = a {} b, d = {}, e = b, f = a, g = {}, h = 0;",
                              r.pick(kOps), r.below(9), r.below(9)));
    const std::size_t body = 4 + r.below(12);
    for (std::size_t s = 0; s < body; ++s) statement(out, r, "  ", 2);
    out.push_back(fmt::format("  return {} {} {};", r.pick(kVars), r.pick(kOps), r.pick(kVars)));
    out.push_back("}");
    out.push_back("");
  }
  out.push_back("}  // namespace work");
  std::string text;
  for (const auto& l : out) text += l + "\n";
  return text;
}

std::vector<Implementation> lab2_implementations(const fs::path& source_root) {
  const fs::path root = source_root / "grader/similarity/testdata/lab2-detector";
  std::vector<Implementation> out;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    Implementation impl{dir.path().filename().string(), {}};
    for (const auto& file : fs::directory_iterator(dir.path())) {
      std::ifstream in(file.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      impl.files.push_back({file.path().filename().string(), text.str()});
    }
    std::sort(impl.files.begin(), impl.files.end(),
              [](const auto& x, const auto& y) { return x.name < y.name; });
    out.push_back(std::move(impl));
  }
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.name < y.name; });
  if (out.empty()) throw std::runtime_error("no implementation under " + root.string());
  return out;
}

void write_submission(const fs::path& dir, const std::vector<SourceFile>& files) {
  fs::create_directories(dir);
  for (const auto& f : files) {
    std::ofstream out(dir / f.name, std::ios::binary | std::ios::trunc);
    out << f.text;
    if (!out) throw std::runtime_error("cannot write " + (dir / f.name).string());
  }
}

}  // namespace dslab::similarity::synthetic
