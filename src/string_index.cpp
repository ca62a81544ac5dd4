#include "leadscore/detail/string_index.hpp"

namespace leadscore::detail {

std::uint64_t StringIndex::hash(std::string_view s) {
  // FNV-1a: short keys (event types, visitor ids) dominate, and it is tiny in wasm.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

int StringIndex::find(std::string_view key) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
    const std::int32_t id = slots_[i];
    if (id < 0) return -1;
    if (keys_[static_cast<std::size_t>(id)] == key) return id;
  }
}

int StringIndex::insert(std::string_view key) {
  if (const int id = find(key); id >= 0) return id;
  // Keep the load factor at most 1/2 so probe sequences stay short.
  if ((keys_.size() + 1) * 2 > slots_.size()) grow();
  const auto id = static_cast<std::int32_t>(keys_.size());
  keys_.emplace_back(key);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash(key) & mask;
  while (slots_[i] >= 0) i = (i + 1) & mask;
  slots_[i] = id;
  return id;
}

void StringIndex::grow() {
  std::size_t n = slots_.empty() ? 16 : slots_.size() * 2;
  slots_.assign(n, -1);
  const std::size_t mask = n - 1;
  for (std::size_t id = 0; id < keys_.size(); ++id) {
    std::size_t i = hash(keys_[id]) & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = static_cast<std::int32_t>(id);
  }
}

}  // namespace leadscore::detail
