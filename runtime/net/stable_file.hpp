// A node's stable storage on disk: one file per node, replaced atomically (temp file, fsync,
// rename, fsync of the folder), so a crash at any point leaves either the old or the new
// contents, never a torn file. A checksum catches what the disk itself may corrupt.
#pragma once

#include <filesystem>
#include <stdexcept>

#include "runtime/node/storage.hpp"

namespace dslab::net {

/// The storage file is unreadable or corrupt; what() names the file and the problem.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One node's stable storage file. Not thread-safe.
class StableFile {
 public:
  /// The file `path` (its folder must exist). Nothing is read or written yet.
  explicit StableFile(std::filesystem::path path);

  /// The stored contents; empty when the file does not exist yet. Removes a leftover temp file
  /// of an interrupted save. Throws StorageError if the file is corrupt or unreadable.
  node::StorageMap load();

  /// Replaces the file's contents by `contents`, durably: when save returns, a crash or power
  /// loss leaves exactly these contents. Throws StorageError on an I/O error.
  void save(const node::StorageMap& contents);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::filesystem::path temp_;
};

}  // namespace dslab::net
