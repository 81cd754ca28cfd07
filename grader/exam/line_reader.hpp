// Where the exam session's lines come from: a terminal with line editing, history and tab
// completion (libedit), or plain lines (a script file, or stdin that is not a terminal).
#pragma once

#include <atomic>
#include <cstdio>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dslab::exam {

/// Reads the session's lines. Not thread-safe.
class LineReader {
 public:
  /// Candidates for the word at the end of the line typed so far.
  using Completer = std::function<std::vector<std::string>(std::string_view before_cursor)>;

  virtual ~LineReader() = default;
  /// The next line, or nothing at the end of input (Ctrl-D), or when `interrupted` is set
  /// (Ctrl-C). `prompt` is shown first (script mode echoes it with the line).
  virtual std::optional<std::string> read(const std::string& prompt) = 0;

  /// With line editing when stdin and stdout are terminals and libedit is built in; Ctrl-C
  /// while editing sets `*interrupted` and ends input.
  static std::unique_ptr<LineReader> terminal(Completer completer, std::atomic<bool>* interrupted);
  /// Plain lines from `in`, each echoed after the prompt on `echo` (a transcript).
  static std::unique_ptr<LineReader> plain(std::istream& in, std::FILE* echo);
  /// Whether this build has line editing.
  static bool has_line_editing();
};

}  // namespace dslab::exam
