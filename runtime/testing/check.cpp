// Trace export for the grader.
#include "runtime/testing/check.hpp"

namespace dslab::labkit {

void export_trace(const trace::Recorder& trace) {
  const std::string path = env_or("DSLAB_TRACE_OUT", "");
  if (path.empty()) return;
  std::ofstream out(path);
  trace.write_json_lines(out);
}

}  // namespace dslab::labkit
