// The exam session's command language: splitting a line into a command, the table of commands
// with their help, argument parsing (nodes, counts, times, partitions) and tab completion.
#pragma once

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/node/types.hpp"

namespace dslab::exam {

/// A command that cannot be carried out as typed (unknown, bad argument, nothing to undo): its
/// what() is the one line the session prints; the session goes on.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One line, split.
struct Command {
  std::string name;               ///< first word, lower-case; empty for a blank or # line
  std::vector<std::string> args;  ///< the other words
  std::string rest;               ///< the text after the name, as typed (for `note`)
  std::string line;               ///< the whole line, trimmed
};

/// Splits `line` at blanks. A line starting with # is a comment (empty name).
Command parse_command(std::string_view line);

/// What tab completion offers for a command's arguments.
enum class Complete : std::uint8_t { kNone, kNode, kPending, kWords, kCondition, kCommand };

/// A command's entry in the table (also a lab's input commands).
struct CommandInfo {
  std::string name;
  std::string usage;    ///< "deliver <n>"
  std::string summary;  ///< one line for `help`
  std::string help;     ///< more lines for `help <name>` (may be empty)
  Complete complete = Complete::kNone;
  std::vector<std::string> words;  ///< for Complete::kWords
};

/// The commands every lab has, in the order `help` lists them.
const std::vector<CommandInfo>& builtin_commands();

/// `help` (every command, one line each) or `help <name>`. Throws CommandError for an unknown
/// name.
std::string help_text(const std::vector<CommandInfo>& commands, std::string_view name);

/// What completion may offer beside the command names.
struct CompletionContext {
  std::vector<std::string> nodes;       ///< "1", "2", ...
  std::size_t pending = 0;              ///< numbers 1..pending
  std::vector<std::string> conditions;  ///< first words of `run until` conditions
};

/// Candidates for the word at the end of `before_cursor` (the line up to the cursor), sorted.
std::vector<std::string> complete(const std::vector<CommandInfo>& commands,
                                  std::string_view before_cursor, const CompletionContext& context);

/// The longest common prefix of `words` (empty for none).
std::string common_prefix(const std::vector<std::string>& words);

/// "3" or "n3" -> 3. Throws CommandError naming `what`.
NodeId parse_node(std::string_view word);
/// A positive count up to `max`. Throws CommandError.
std::size_t parse_count(std::string_view word, std::string_view what, std::size_t max);
/// "250ms", "1.5s", "800us", or a bare number of milliseconds. Throws CommandError.
Time parse_time(std::string_view word);
/// "1,2|3" or "1,2 | 3" (already joined) -> {{1,2},{3}}; needs at least two groups, no node twice.
std::vector<std::set<NodeId>> parse_partition(std::string_view spec);

}  // namespace dslab::exam
