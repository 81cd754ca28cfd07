// runtime/ipc/region.cpp: memfd creation, sealing, mapping and validation of a channel region.
#include "runtime/ipc/region.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace dslab::ipc {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), "ipc: " + what);
}

void* map_shared(int fd, std::size_t bytes) {
  void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return base == MAP_FAILED ? nullptr : base;
}

void check_capacity(std::size_t capacity, const char* which) {
  if (capacity == 0 || capacity > layout::kMaxCapacity) {
    throw std::invalid_argument(std::string("ipc: ") + which + " capacity " +
                                std::to_string(capacity) + " must be in [1, " +
                                std::to_string(layout::kMaxCapacity) + "]");
  }
}

}  // namespace

Region Region::create(std::size_t request_capacity, std::size_t response_capacity) {
  check_capacity(request_capacity, "request");
  check_capacity(response_capacity, "response");
  const std::size_t bytes = layout::region_bytes(request_capacity, response_capacity);
  const int fd = memfd_create("dslab-ipc", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) throw_errno("memfd_create");
  if (ftruncate(fd, static_cast<off_t>(bytes)) != 0 ||
      fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    const int saved = errno;
    close(fd);
    errno = saved;
    throw_errno("sizing/sealing the shared region");
  }
  void* base = map_shared(fd, bytes);
  if (base == nullptr) {
    const int saved = errno;
    close(fd);
    errno = saved;
    throw_errno("mmap of the shared region");
  }
  auto* header = new (base) layout::Header{};  // the memfd is zero-filled; this starts lifetimes
  header->magic = layout::kMagic;
  header->version = layout::kVersion;
  header->request_capacity = request_capacity;
  header->response_capacity = response_capacity;
  header->request_offset = layout::kHeaderBytes;
  header->response_offset = layout::kHeaderBytes + layout::round_to_page(request_capacity);
  return Region(fd, base, bytes, request_capacity, response_capacity);
}

Region Region::attach(int fd) {
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0) {
    throw std::runtime_error("ipc: fd " + std::to_string(fd) + " is not an open file");
  }
  const auto bytes = static_cast<std::size_t>(st.st_size);
  if (!S_ISREG(st.st_mode) || bytes < layout::kHeaderBytes) {
    throw std::runtime_error("ipc: fd " + std::to_string(fd) + " is not a channel region");
  }
  void* base = map_shared(fd, bytes);
  if (base == nullptr) throw_errno("mmap of the inherited region");
  const auto* header = static_cast<const layout::Header*>(base);
  const std::size_t req = header->request_capacity;
  const std::size_t resp = header->response_capacity;
  const bool valid = header->magic == layout::kMagic && header->version == layout::kVersion &&
                     req > 0 && req <= layout::kMaxCapacity && resp > 0 &&
                     resp <= layout::kMaxCapacity && layout::region_bytes(req, resp) == bytes &&
                     header->request_offset == layout::kHeaderBytes &&
                     header->response_offset == layout::kHeaderBytes + layout::round_to_page(req);
  if (!valid) {
    munmap(base, bytes);
    throw std::runtime_error("ipc: fd " + std::to_string(fd) +
                             " holds no valid channel header (magic/version/size mismatch)");
  }
  return Region(fd, base, bytes, req, resp);
}

Region::Region(int fd, void* base, std::size_t bytes, std::size_t request_capacity,
               std::size_t response_capacity)
    : fd_(fd), base_(base), bytes_(bytes), header_(static_cast<layout::Header*>(base)) {
  auto* bytes_base = static_cast<std::byte*>(base);
  request_area_ = {bytes_base + layout::kHeaderBytes, request_capacity};
  response_area_ = {bytes_base + layout::kHeaderBytes + layout::round_to_page(request_capacity),
                    response_capacity};
}

Region::Region(Region&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      base_(std::exchange(other.base_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)),
      header_(std::exchange(other.header_, nullptr)),
      request_area_(std::exchange(other.request_area_, {})),
      response_area_(std::exchange(other.response_area_, {})) {}

Region& Region::operator=(Region&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
    base_ = std::exchange(other.base_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    header_ = std::exchange(other.header_, nullptr);
    request_area_ = std::exchange(other.request_area_, {});
    response_area_ = std::exchange(other.response_area_, {});
  }
  return *this;
}

Region::~Region() { release(); }

void Region::release() noexcept {
  if (base_ != nullptr) munmap(base_, bytes_);
  if (fd_ >= 0) close(fd_);
  base_ = nullptr;
  fd_ = -1;
}

}  // namespace dslab::ipc
