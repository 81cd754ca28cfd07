// Out-of-line helpers of the codec's JSON and text views.
#include "runtime/codec/view.hpp"

#include <cctype>
#include <cstdio>

namespace dslab::codec {

std::vector<std::string> split_field_names(std::string_view list) {
  std::vector<std::string> names;
  std::string current;
  auto flush = [&] {
    while (!current.empty() && std::isspace(static_cast<unsigned char>(current.back()))) {
      current.pop_back();
    }
    while (!current.empty() && current.back() == '_') current.pop_back();
    if (!current.empty()) names.push_back(current);
    current.clear();
  };
  for (char c : list) {
    if (c == ',') {
      flush();
    } else if (!(current.empty() && std::isspace(static_cast<unsigned char>(c)))) {
      current.push_back(c);
    }
  }
  flush();
  return names;
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace dslab::codec
