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

}  // namespace dslab::cli
