// StableFile: write-to-temp, fsync, rename, fsync of the folder; load checks magic, length and
// an FNV-1a 64 checksum of the encoded map.
#include "runtime/net/stable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "runtime/codec/hash.hpp"

namespace dslab::net {
namespace {

constexpr std::uint32_t kFileMagic = 0x53534c44;  // "DLSS"
constexpr std::uint32_t kFileVersion = 1;
constexpr std::size_t kFileHeader = 4 + 4 + 8 + 8;

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

StableFile::StableFile(std::filesystem::path path)
    : path_(std::move(path)), temp_(path_.string() + ".tmp") {}

node::StorageMap StableFile::load() {
  std::error_code ignored;
  std::filesystem::remove(temp_, ignored);  // an interrupted save: its rename never happened
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path_)) return {};
    io_error(path_, "cannot open");
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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
  const std::uint64_t length = get64(bytes, 8, 8);
  if (length != bytes.size() - kFileHeader) throw corrupt("length mismatch");
  const auto payload = bytes.subspan(kFileHeader);
  if (checksum(payload) != get64(bytes, 16, 8)) throw corrupt("checksum mismatch");
  try {
    return codec::decode<node::StorageMap>(payload);
  } catch (const codec::DecodeError& e) {
    throw corrupt(e.what());
  }
}

void StableFile::save(const node::StorageMap& contents) {
  const codec::Bytes payload = codec::encode(contents);
  codec::Bytes file;
  file.reserve(kFileHeader + payload.size());
  put64(file, kFileMagic, 4);
  put64(file, kFileVersion, 4);
  put64(file, payload.size(), 8);
  put64(file, checksum(payload), 8);
  file.insert(file.end(), payload.begin(), payload.end());

  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) io_error(temp_, "cannot create");
  try {
    write_all(fd, file, temp_);
    if (::fsync(fd) != 0) io_error(temp_, "fsync failed");
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) io_error(temp_, "close failed");
  if (::rename(temp_.c_str(), path_.c_str()) != 0) io_error(path_, "rename failed");
  fsync_dir(path_.parent_path());
}

}  // namespace dslab::net
