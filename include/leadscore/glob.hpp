#pragma once
/// \file
/// Path globs, the only pattern language in configs (never regular expressions).
///   *   any run of characters except '/'
///   **  any run of characters including '/'
///   ?   exactly one character (code point) except '/'
/// Everything else matches itself. Matching is linear-time in practice and
/// never backtracks catastrophically (no ReDoS).

#include <optional>
#include <string>
#include <string_view>

namespace leadscore {

class Glob {
 public:
  /// Compiles `pattern`; on failure returns nullopt and sets `error`
  /// (empty pattern, longer than 1024 bytes, invalid UTF-8).
  static std::optional<Glob> compile(std::string_view pattern, std::string& error);

  /// True if the whole of `text` matches.
  bool matches(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }

 private:
  enum class Kind : unsigned char { literal, prefix, general };
  std::string pattern_;
  std::string literal_;  // for literal and prefix kinds (prefix: pattern was "<literal>**")
  Kind kind_ = Kind::general;
};

}  // namespace leadscore
