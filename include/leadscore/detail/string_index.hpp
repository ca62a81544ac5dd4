#pragma once
/// \file
/// A small open-addressing hash index from strings to dense ids, looked up by
/// string_view without allocating (std::unordered_map in C++17 cannot).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadscore::detail {

class StringIndex {
 public:
  /// The id of `key`, or -1.
  int find(std::string_view key) const;
  /// The id of `key`, adding it (with the next dense id) if new.
  int insert(std::string_view key);
  std::size_t size() const { return keys_.size(); }
  const std::string& key(int id) const { return keys_[static_cast<std::size_t>(id)]; }

 private:
  static std::uint64_t hash(std::string_view s);
  void grow();
  std::vector<std::string> keys_;
  std::vector<std::int32_t> slots_;  // -1 empty, else id
};

}  // namespace leadscore::detail
