// Stable storage writes and their replay on the harness side.
#include "runtime/node/storage.hpp"

namespace dslab::node {

void Storage::put_bytes(const std::string& key, codec::Bytes bytes) {
  StorageWrite write{key, std::move(bytes)};
  apply_write(contents_, write);
  if (record_ != nullptr) record_(sink_, std::move(write));
}

void Storage::erase(const std::string& key) {
  StorageWrite write{key, std::nullopt};
  apply_write(contents_, write);
  if (record_ != nullptr) record_(sink_, std::move(write));
}

void apply_write(StorageMap& contents, const StorageWrite& write) {
  if (write.value) {
    contents[write.key] = *write.value;
  } else {
    contents.erase(write.key);
  }
}

}  // namespace dslab::node
