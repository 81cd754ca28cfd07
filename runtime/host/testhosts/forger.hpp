// A hand-made host that bypasses the Context: it answers every event with one effect no node
// can produce (chosen by FORGE_EFFECT), for the harness's effect validation tests.
#pragma once

namespace dslab::host::testhosts {

/// Serves the host protocol for ping nodes, answering Start/Deliver/Fire with the forged effect
/// FORGE_EFFECT names: "send-to-n9", "negative-timer", "huge-timer", "foreign-timer-id",
/// "timer-ids-backwards"; anything else answers with no effects. Returns the exit code.
int serve_forged_effects();

}  // namespace dslab::host::testhosts
