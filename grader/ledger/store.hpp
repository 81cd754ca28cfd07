// The ledger file on disk: read-modify-write under an exclusive lock, atomic replacement.
#pragma once

#include <filesystem>
#include <functional>

#include "grader/ledger/ledger.hpp"

namespace dslab::ledger {

/// Fault-injection points for tests (empty in production).
struct StoreHooks {
  /// Called after the new content is written and fsynced to the temporary file, before the
  /// rename that publishes it. A test can kill the process here to simulate a crash mid-write.
  std::function<void()> before_rename;
};

/// A ledger file shared by concurrent grading processes. Every update takes an exclusive flock on
/// `<file>.lock`, reads the current file, applies the change, writes a temporary file in the same
/// directory, fsyncs it, renames it over the ledger and fsyncs the directory. Readers therefore
/// always see a complete old or new file, concurrent updates serialise and lose nothing, and a
/// crash at any point leaves the last published file intact (a stray temporary file is removed by
/// the next update). One object per thread (it holds no state beyond the path).
class LedgerStore {
 public:
  explicit LedgerStore(std::filesystem::path file, StoreHooks hooks = {});

  /// The facts in the file (an empty ledger if it does not exist yet). Takes no lock: the file
  /// is only ever replaced whole, by rename.
  /// Throws LedgerError if the file is not a valid ledger.
  Ledger load() const;

  /// Atomically applies `change` to the current ledger and writes the result (with derived
  /// values computed against `course`). If `change` throws, nothing is written.
  /// Throws LedgerError (or what `change` throws) on failure.
  void update(const manifest::Course& course, const std::function<void(Ledger&)>& change);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::filesystem::path lock_file_;
  StoreHooks hooks_;
};

}  // namespace dslab::ledger
