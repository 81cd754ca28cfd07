// The generic part of a local-rule checker: node lists, wrapping, the first violation (see
// incarnations.hpp).
#include "runtime/testing/incarnations.hpp"

namespace dslab::labkit {

std::string node_list(const std::set<NodeId>& nodes) {
  std::string out;
  for (NodeId n : nodes) out += fmt::format("{}n{}", out.empty() ? "" : ", ", n);
  return out.empty() ? "nobody" : out;
}

std::string wrap(std::string_view text, std::string_view indent, std::size_t width) {
  std::string out;
  std::size_t column = indent.size();
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::size_t word = end - start;
    if (column > indent.size() && column + 1 + word > width) {
      out += '\n';
      out += indent;
      column = indent.size();
    } else if (column > indent.size()) {
      out += ' ';
      ++column;
    }
    out += text.substr(start, word);
    column += word;
    start = end + 1;
  }
  return out;
}

void FirstViolation::flag(NodeId node, const std::string& what, const std::string& handler,
                          std::string_view rule, const std::string& facts) {
  if (text_) return;
  const std::string indent(10, ' ');
  text_ = fmt::format("n{} {}\n    while {}\n    rule: {}\n    seen: {}", node, what, handler,
                      wrap(rule, indent), wrap(facts, indent));
}

}  // namespace dslab::labkit
