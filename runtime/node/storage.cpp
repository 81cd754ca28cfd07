// Stable storage writes and their replay on the harness side.
#include "runtime/node/storage.hpp"

namespace dslab::node {

void Storage::put_bytes(const std::string& key, codec::Bytes bytes) {
  StorageWrite write{prefix_ + key, std::move(bytes)};
  apply_write(contents_, write);
  if (record_ != nullptr) record_(sink_, std::move(write));
}

void Storage::erase(const std::string& key) {
  StorageWrite write{prefix_ + key, std::nullopt};
  apply_write(contents_, write);
  if (record_ != nullptr) record_(sink_, std::move(write));
}

const StorageMap& Storage::contents() const {
  if (prefix_.empty()) return contents_;
  view_.clear();
  for (auto it = contents_.lower_bound(prefix_);
       it != contents_.end() && it->first.compare(0, prefix_.size(), prefix_) == 0; ++it) {
    view_.emplace_hint(view_.end(), it->first.substr(prefix_.size()), it->second);
  }
  return view_;
}

void apply_write(StorageMap& contents, const StorageWrite& write) {
  if (write.value) {
    contents[write.key] = *write.value;
  } else {
    contents.erase(write.key);
  }
}

}  // namespace dslab::node
