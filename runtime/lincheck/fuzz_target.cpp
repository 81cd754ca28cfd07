// The history-reader fuzz property (see fuzz_target.hpp).
#include "runtime/lincheck/fuzz_target.hpp"

#include <cstdlib>
#include <sstream>
#include <string>

#include "runtime/lincheck/checker.hpp"
#include "runtime/lincheck/formats.hpp"

namespace dslab::lincheck {
namespace {

// A parsed history must be well formed whatever the input was: that is what "no verdict on
// garbage" means for a reader.
template <class H>
void require_well_formed(const H& history) {
  for (const auto& op : history) {
    if (op.ret < op.call) std::abort();
    if (op.known() && op.ret == kNever) std::abort();
  }
}

template <class Read>
int try_reader(std::string_view data, Read&& read) {
  std::istringstream in{std::string(data)};
  try {
    const auto parsed = read(in, "fuzz");
    require_well_formed(parsed.history);
    Options options;
    options.max_steps = 20'000;
    options.partition = true;
    (void)check(parsed.model, parsed.history, options);
    return 1;
  } catch (const InputError&) {
    return 0;
  } catch (const std::invalid_argument&) {  // inconsistent times, as check_stream reports them
    return 0;
  }
}

}  // namespace

int check_history_bytes(std::string_view data) {
  return try_reader(data, read_register) + try_reader(data, read_kv) + try_reader(data, read_bank);
}

}  // namespace dslab::lincheck
