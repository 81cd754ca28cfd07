// A node's stable storage on disk: one file per node, a snapshot followed by a journal of the
// handlers' writes. A handler's writes are appended as one record with a checksum and synced
// before its messages leave, so a crash at any point leaves every acknowledged record and at
// most a torn last record, which loading drops. When the journal outgrows the snapshot, the file
// is replaced by a fresh snapshot (temp file, fsync, rename, fsync of the folder).
#pragma once

#include <filesystem>
#include <span>
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
  /// The file `path` (its folder must exist). Nothing is read or written yet. With `sync`
  /// false nothing is fsynced: the contents survive a crash of the process (kill -9), not of
  /// the machine (benchmarks only; the node program's --sync none).
  explicit StableFile(std::filesystem::path path, bool sync = true);
  ~StableFile();
  StableFile(const StableFile&) = delete;
  StableFile& operator=(const StableFile&) = delete;

  /// The stored contents: the snapshot with every complete journal record applied; empty when
  /// the file does not exist yet. A torn last record (a crash during its append) is dropped and
  /// cut off the file. Removes a leftover temp file of an interrupted snapshot. Throws
  /// StorageError if the file is corrupt or unreadable.
  node::StorageMap load();

  /// Replaces the file's contents by `contents` (a snapshot), durably: when save returns, a
  /// crash or power loss leaves exactly these contents. Throws StorageError on an I/O error.
  void save(const node::StorageMap& contents);

  /// Records `writes`, which took the storage to `contents`: appends them as one journal
  /// record, or writes a snapshot of `contents` when the journal has grown past twice the
  /// snapshot (and 1 MiB). Durable when sync() returns (a snapshot is durable at once).
  /// Precondition: load() or save() came first. Throws StorageError.
  void append(const node::StorageMap& contents, std::span<const node::StorageWrite> writes);
  /// Makes every record appended so far durable (one fdatasync for all of them: group commit).
  /// Throws StorageError.
  void sync();

  const std::filesystem::path& path() const { return path_; }

 private:
  void close_journal();

  std::filesystem::path path_;
  std::filesystem::path temp_;
  bool sync_ = true;
  int fd_ = -1;                   ///< the file, open for appending records
  std::uint64_t snapshot_bytes_ = 0;
  std::uint64_t journal_bytes_ = 0;
  bool loaded_ = false;
  bool unsynced_ = false;         ///< records appended since the last sync
};

}  // namespace dslab::net
