// The property the history-reader fuzzer checks, shared by the libFuzzer target and the corpus
// replay that every build runs.
#pragma once

#include <string_view>

namespace dslab::lincheck {

/// Reads `data` as a history file with each of the three readers (register, kv, bank). Each
/// must either reject it with an InputError or accept a well-formed history (every operation
/// returns at or after its call, known outcomes only with a return time), which the checker then
/// decides within a step budget. Any other exception escapes; a broken history aborts. Returns
/// how many readers accepted the input.
int check_history_bytes(std::string_view data);

}  // namespace dslab::lincheck
