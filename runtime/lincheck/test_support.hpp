// Helpers shared by the lincheck tests of the history readers: the message of the InputError a
// call throws, and the error of reading a text with one reader.
#pragma once

#include <sstream>
#include <string>

#include "runtime/lincheck/formats.hpp"

namespace dslab::lincheck::testsupport {

/// The message of the InputError that `fn` throws ("" if none).
template <class Fn>
std::string input_error(Fn&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

/// The InputError message of reading `text`, named `file`, with `read` (e.g. read_kv).
template <class Read>
std::string read_error(Read&& read, const std::string& text, const std::string& file) {
  return input_error([&] {
    std::istringstream in(text);
    read(in, file);
  });
}

}  // namespace dslab::lincheck::testsupport
