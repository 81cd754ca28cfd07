// Part 1 (skeleton): the text commands. Replace every "not implemented" with your code.
#include "commands.hpp"

#include <stdexcept>

namespace lab1 {

std::string to_upper(std::string_view) { throw std::logic_error("not implemented: to_upper"); }
std::string to_lower(std::string_view) { throw std::logic_error("not implemented: to_lower"); }
std::string to_camel(std::string_view) { throw std::logic_error("not implemented: to_camel"); }
std::string rot13(std::string_view) { throw std::logic_error("not implemented: rot13"); }
std::string swap_case(std::string_view) { throw std::logic_error("not implemented: swap_case"); }

std::string handle_request(std::string_view) {
  // Split at the first kSeparator, pick the transform by name, apply it to the text.
  throw std::logic_error("not implemented: handle_request");
}

}  // namespace lab1
