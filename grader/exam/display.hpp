// How the exam session shows things: a node's JSON view as fields with the changes since the
// last look marked, one trace event as a line, times. Lab-independent.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "grader/exam/cluster.hpp"
#include "runtime/codec/view.hpp"
#include "runtime/trace/trace.hpp"

namespace dslab::exam {

/// A node's fields, path -> compact value ("proposer.round" -> "4").
using Fields = std::map<std::string, std::string>;

/// Flattens a JSON view: structs by dotted path (their "type" left out), maps by [key], other
/// arrays of structs by [i]; arrays of plain values and empty containers are one value.
Fields flatten(const codec::Json& view);

/// The field lines of `now`, each changed or new one marked "*" with its old value, and the
/// fields gone since `before` marked "-". `first_look`: nothing is marked.
std::string render_fields(const Fields& now, const Fields& before, bool first_look, Style style);

/// One trace event as a line of the step output ("  12.000ms  n2 receives Prepare(round=1) from
/// n1"); effects (sends, timers, outputs, storage, logs) are indented under their event.
std::string render_event(const trace::Event& event);

/// Text in the highlight colour (bold yellow) when style.color, else unchanged.
std::string highlight(const std::string& text, Style style);

}  // namespace dslab::exam
