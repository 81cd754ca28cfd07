// StableFile: "DLSS", version 2, then records [length u64][checksum u64][kind u32][payload];
// the first record is a snapshot (the encoded map), the others journal records (the encoded
// writes of one handler). Checksums are FNV-1a 64 of the payload.
#include "runtime/net/stable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <vector>

#include "runtime/codec/hash.hpp"

namespace dslab::net {
namespace {

constexpr std::uint32_t kFileMagic = 0x53534c44;  // "DLSS"
constexpr std::uint32_t kFileVersion = 2;
constexpr std::size_t kFileHeader = 4 + 4;
constexpr std::size_t kRecordHeader = 8 + 8 + 4;
constexpr std::uint32_t kSnapshot = 1;
constexpr std::uint32_t kJournal = 2;
constexpr std::uint64_t kMinCompaction = 1u << 20;

std::uint64_t checksum(std::span<const std::byte> bytes) {
  codec::HashSink sink;
  sink.write(bytes.data(), bytes.size());
  return sink.digest();
}

void put64(codec::Bytes& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}
std::uint64_t get64(std::span<const std::byte> in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(in[at + i]) << (8 * i);
  return v;
}

void put_record(codec::Bytes& out, std::uint32_t kind, const codec::Bytes& payload) {
  put64(out, payload.size(), 8);
  put64(out, checksum(payload), 8);
  put64(out, kind, 4);
  out.insert(out.end(), payload.begin(), payload.end());
}

[[noreturn]] void io_error(const std::filesystem::path& path, const char* what) {
  throw StorageError("stable storage " + path.string() + ": " + what + ": " + std::strerror(errno));
}

void write_all(int fd, const codec::Bytes& bytes, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) io_error(path, "write failed");
    done += static_cast<std::size_t>(n);
  }
}

void fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) io_error(dir, "cannot open the folder");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) io_error(dir, "fsync of the folder failed");
}

}  // namespace

StableFile::StableFile(std::filesystem::path path, bool sync)
    : path_(std::move(path)), temp_(path_.string() + ".tmp"), sync_(sync) {}

StableFile::~StableFile() { close_journal(); }

void StableFile::close_journal() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

node::StorageMap StableFile::load() {
  close_journal();
  loaded_ = true;
  snapshot_bytes_ = journal_bytes_ = 0;
  std::error_code ignored;
  std::filesystem::remove(temp_, ignored);  // an interrupted save: its rename never happened
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path_)) return {};
    io_error(path_, "cannot open");
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(text.data()),
                                         text.size());
  auto corrupt = [&](const std::string& why) -> StorageError {
    return StorageError("stable storage " + path_.string() + " is corrupt (" + why +
                        "); refusing to start. Remove the file to start this node empty.");
  };
  if (bytes.size() < kFileHeader || get64(bytes, 0, 4) != kFileMagic) {
    throw corrupt("not a dslab storage file");
  }
  if (get64(bytes, 4, 4) != kFileVersion) throw corrupt("unknown version");
  node::StorageMap contents;
  std::size_t at = kFileHeader;
  for (bool first = true; at < bytes.size(); first = false) {
    const std::size_t left = bytes.size() - at;
    const std::uint64_t length = left >= kRecordHeader ? get64(bytes, at, 8) : 0;
    const bool whole = left >= kRecordHeader && length <= left - kRecordHeader;
    const auto payload = whole ? bytes.subspan(at + kRecordHeader, length) : bytes.subspan(0, 0);
    const std::uint32_t kind = whole ? static_cast<std::uint32_t>(get64(bytes, at + 16, 4)) : 0;
    if (!whole || checksum(payload) != get64(bytes, at + 8, 8) || kind != (first ? kSnapshot : kJournal)) {
      if (first) throw corrupt(whole ? "bad snapshot record" : "length mismatch");
      break;  // a torn last record: its append never completed, so nothing acted on it
    }
    try {
      if (first) {
        contents = codec::decode<node::StorageMap>(payload);
      } else {
        for (const auto& w : codec::decode<std::vector<node::StorageWrite>>(payload)) {
          node::apply_write(contents, w);
        }
      }
    } catch (const codec::DecodeError& e) {
      throw corrupt(e.what());
    }
    (first ? snapshot_bytes_ : journal_bytes_) += kRecordHeader + length;
    at += kRecordHeader + length;
  }
  if (at == kFileHeader) throw corrupt("no snapshot");
  if (at < bytes.size()) std::filesystem::resize_file(path_, at);  // cut the torn record off
  return contents;
}

void StableFile::save(const node::StorageMap& contents) {
  close_journal();
  unsynced_ = false;  // the snapshot holds every earlier record
  loaded_ = true;
  codec::Bytes file;
  const codec::Bytes payload = codec::encode(contents);
  file.reserve(kFileHeader + kRecordHeader + payload.size());
  put64(file, kFileMagic, 4);
  put64(file, kFileVersion, 4);
  put_record(file, kSnapshot, payload);

  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) io_error(temp_, "cannot create");
  try {
    write_all(fd, file, temp_);
    if (sync_ && ::fsync(fd) != 0) io_error(temp_, "fsync failed");
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) io_error(temp_, "close failed");
  if (::rename(temp_.c_str(), path_.c_str()) != 0) io_error(path_, "rename failed");
  if (sync_) fsync_dir(path_.parent_path());
  snapshot_bytes_ = file.size() - kFileHeader;
  journal_bytes_ = 0;
}

void StableFile::append(const node::StorageMap& contents, std::span<const node::StorageWrite> writes) {
  // No snapshot yet (a new file), or a journal long enough that replaying it costs more than
  // a snapshot: compact.
  if (!loaded_ || snapshot_bytes_ == 0 || journal_bytes_ > std::max(kMinCompaction, 2 * snapshot_bytes_)) {
    save(contents);
    return;
  }
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) io_error(path_, "cannot open for appending");
  }
  codec::Bytes record;
  put_record(record, kJournal, codec::encode(std::vector<node::StorageWrite>(writes.begin(), writes.end())));
  write_all(fd_, record, path_);
  unsynced_ = true;
  journal_bytes_ += record.size();
}

void StableFile::sync() {
  if (!unsynced_) return;
  unsynced_ = false;
  if (sync_ && fd_ >= 0 && ::fdatasync(fd_) != 0) io_error(path_, "fdatasync failed");
}

}  // namespace dslab::net
