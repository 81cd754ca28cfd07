// The HTML pictures of a run: a self-contained page (inline script and style, no network) drawn
// from a trace's JSON events, and one drawn from a linearizability check's history and
// explanation. The page templates are HTML files in this folder, embedded at build time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <span>
#include <string>

#include "runtime/codec/view.hpp"
#include "runtime/lincheck/run.hpp"
#include "runtime/trace/trace.hpp"

namespace dslab::viewer {

/// What the space-time page of a run shows at the top, and the run itself.
struct RunPage {
  std::string title;     ///< "lab3-paxos  Safety.OneValueDecided  seed=8812"
  std::string failure;   ///< "safety at t=41.2ms: ..." ("" when the run passed)
  std::string property;  ///< the property the test checks ("" if none stated)
  std::string replay;    ///< the command that replays the run ("" if none)
  int nodes = 3;         ///< lanes n1..nN (events of other nodes are drawn across all lanes)
  /// The events, each as trace::to_json gives it (see events_json).
  codec::Json events = codec::Json::array();
};

/// The events as the page reads them: trace::to_json of each, in order.
codec::Json events_json(std::span<const trace::Event> events);

/// The events of a JSON-lines trace (Recorder::write_json_lines, DSLAB_TRACE_OUT). Throws
/// std::invalid_argument naming the line for a line that is not a JSON object.
codec::Json events_from_json_lines(std::istream& in);

/// The space-time page: a lane per node, events in trace order (or spaced by virtual time),
/// message arrows, faults, partitions shaded, the failing event marked; a click shows the
/// message and the node's state before and after (from Event::state when recorded).
std::string render_run(const RunPage& page);

/// The history page of a linearizability check: a bar per operation on its client's row over
/// time, the longest linearizable prefix, the operation(s) that cannot be placed and the states
/// that were possible (the checker's explanation). `title` heads the page (e.g. the file name).
std::string render_history(const lincheck::FileReport& report, const std::string& title);

/// `data` as JSON text that can sit inside a <script> element: every '<', '>' and '&' and the
/// line separators U+2028/U+2029 become \u escapes, so no string in it can close the element,
/// open a comment, or end a line of script.
std::string script_safe_json(const codec::Json& data);

/// Writes `content` to `path` (creating its folder). Returns "" or a one-line error.
std::string write_page(const std::filesystem::path& path, const std::string& content);

/// The file name of a failing test's page: "<lab>.<Suite.Test>.seed<S>.html" with anything but
/// letters, digits, '-', '_' and '.' replaced by '_' (test names with parameters have '/').
std::string page_file_name(const std::string& lab, const std::string& test, std::uint64_t seed);

}  // namespace dslab::viewer
