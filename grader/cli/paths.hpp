// Where the dslab command finds the course sources and its own build.
#pragma once

#include <filesystem>
#include <string>

namespace dslab::cli {

/// The source tree: `given` if non-empty, else $DSLAB_SOURCE, else the tree dslab was built from.
/// Throws std::runtime_error if it has no labs/ folder.
std::filesystem::path source_root(const std::string& given);

/// The build tree: `given` if non-empty, else $DSLAB_BUILD, else the parent of the directory
/// holding the running dslab executable (build/<preset>/bin/dslab -> build/<preset>).
std::filesystem::path build_root(const std::string& given);

/// The course file: `given` if non-empty, else course.toml of source_root(`source`) (so every
/// verb finds it the same way: --course, else --source / $DSLAB_SOURCE / the built-in tree).
std::filesystem::path course_file(const std::string& given, const std::string& source);

/// How to call this dslab again from the current directory: its path relative to the current
/// directory when it is below it ("build/default/bin/dslab"), else its absolute path. Printed in
/// replay commands, so a student can paste them.
std::string self_command();

}  // namespace dslab::cli
