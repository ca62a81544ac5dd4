#include "leadscore/detail/string_index.hpp"

#include <cstring>

namespace leadscore::detail {

std::uint64_t StringIndex::hash(std::string_view s) {
  // Eight bytes at a time (every event looks up its type and its visitor),
  // each word mixed by a multiply and a shift; the tail byte by byte.
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001B3ull;
  return h ^ (h >> 29);
}

int StringIndex::find(std::string_view key) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
    const std::int32_t id = slots_[i];
    if (id < 0) return -1;
    const std::string& k = keys_[static_cast<std::size_t>(id)];
    if (k.size() == key.size() && std::memcmp(k.data(), key.data(), key.size()) == 0) return id;
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
