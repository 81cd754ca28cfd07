// Trusted test helper: where the lab-1 programs are, and starting one (on the kit's
// dslab::labkit::Program: sandbox launcher, inherited sockets, captured output).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/testing/program.hpp"

namespace lab1::tests {

using Program = dslab::labkit::Program;

/// Where a program lives: `$DSLAB_LAB1_PROGRAMS/<name>` when that variable is set, else
/// `$DSLAB_STUDENT_BIN/<name>` (the grader's build of the submission), else the path in this
/// build tree. Throws std::invalid_argument for an unknown name.
std::string program_path(std::string_view name);

/// Starts the lab-1 program `name` (see program_path) with `args`, its inherited sockets as
/// fds 3, 4, ... Throws like dslab::ipc::Child::spawn.
std::unique_ptr<Program> start_program(std::string_view name, std::vector<std::string> args,
                                       std::vector<int> inherit_fds = {},
                                       std::size_t output_limit = std::size_t{1} << 20);

}  // namespace lab1::tests
