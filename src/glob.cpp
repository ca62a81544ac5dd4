#include "leadscore/glob.hpp"

#include "leadscore/text.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace leadscore {

namespace {

constexpr std::size_t max_pattern_bytes = 1024;
constexpr std::size_t npos = std::string_view::npos;

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The general matcher simulates the pattern's NFA on all states at once
// (bit-parallel, as in Shift-And), so there is no backtracking at all.
//
// Tokens are the pattern's literal bytes, each '?', and each run of stars
// (one star: `*`, two or more: `**`). State j means "the first j tokens have
// matched the text read so far". Per text byte c:
//   next = ((cur & consumes[c]) << 1) | (cur & stays[c]), then
//   next |= (next & star) << 1   (a star may match nothing; runs are merged,
//                                  so one step closes the set).
// A star token's state stays on any byte (`**`) or any byte but '/' (`*`).
// '?' consumes a byte that starts a character, other than '/', and the state
// after it stays on continuation bytes, so it takes one whole UTF-8 character
// (a lead byte and the continuation bytes after it; in ill-formed text, a run
// of continuation bytes after an ASCII byte also counts as one character).
// Literal pattern bytes are well-formed UTF-8, so a literal can never start or
// stop inside a character, and a star that stops there leaves a continuation
// byte that nothing after it can take.
//
// Cost: O(len(pattern)) setup plus O(len(text) * ceil(tokens / 64)) steps:
// at most 4096 * 17 word operations for a 4096-byte text and a 1024-byte
// pattern, well within the O(len(pattern) * len(text)) bound.
bool match_general(std::string_view p, std::string_view t) {
  std::size_t tokens = 0;
  for (std::size_t i = 0; i < p.size(); ++i, ++tokens) {
    while (p[i] == '*' && i + 1 < p.size() && p[i + 1] == '*') ++i;
  }
  const std::size_t words = tokens / 64 + 1;  // states 0..tokens

  // Each distinct literal byte gets a row of "consumes" bits; row 0 stays
  // empty for bytes the pattern does not contain. Valid UTF-8 without '*' and
  // '?' has fewer than 255 distinct bytes, so a byte index suffices.
  std::uint8_t row_of[256] = {};
  std::size_t rows = 1;
  for (char ch : p) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch != '*' && ch != '?' && row_of[c] == 0) row_of[c] = static_cast<std::uint8_t>(rows++);
  }
  enum : std::size_t { cur, next, question, star, stay_slash, stay_continuation, stay_other, lit };
  const std::size_t size = (lit + rows) * words;
  // Typical patterns fit on the stack; long ones with many distinct bytes
  // need up to ~34 KB, which the heap handles better in WebAssembly.
  std::uint64_t local[256];
  std::vector<std::uint64_t> heap;
  std::uint64_t* masks = local;
  if (size > 256) {
    heap.resize(size);
    masks = heap.data();
  } else {
    std::fill_n(local, size, 0);
  }
  auto mask = [&](std::size_t m) { return masks + m * words; };
  auto set = [&](std::size_t m, std::size_t state) {
    mask(m)[state / 64] |= std::uint64_t{1} << (state % 64);
  };

  for (std::size_t i = 0, j = 0; i < p.size(); ++i, ++j) {
    if (p[i] == '*') {
      const bool any = i + 1 < p.size() && p[i + 1] == '*';
      while (i + 1 < p.size() && p[i + 1] == '*') ++i;
      set(star, j);
      set(stay_continuation, j);
      set(stay_other, j);
      if (any) set(stay_slash, j);
    } else if (p[i] == '?') {
      set(question, j);
      set(stay_continuation, j + 1);
    } else {
      set(lit + row_of[static_cast<unsigned char>(p[i])], j);
    }
  }

  std::uint64_t* state = mask(cur);
  std::uint64_t* following = mask(next);
  const std::uint64_t* star_bits = mask(star);
  auto close = [&](std::uint64_t* s) {
    std::uint64_t carry = 0, alive = 0;
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t skip = s[w] & star_bits[w];
      s[w] |= (skip << 1) | carry;
      carry = skip >> 63;
      alive |= s[w];
    }
    return alive != 0;
  };
  state[0] = 1;
  close(state);
  bool after_ascii = true;
  for (char ch : t) {
    const auto c = static_cast<unsigned char>(ch);
    const bool continuation = is_continuation(c);
    const bool starts_char = !continuation || after_ascii;
    after_ascii = c < 0x80;
    const std::uint64_t* consumes = mask(lit + row_of[c]);
    // Row `lit` is all zeros: '?' does not start on '/' or mid-character.
    const std::uint64_t* any_char = mask(ch != '/' && starts_char ? question : lit);
    const std::uint64_t* stays = mask(ch == '/'      ? stay_slash
                                      : continuation ? stay_continuation
                                                     : stay_other);
    std::uint64_t carry = 0;
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint64_t step = state[w] & (consumes[w] | any_char[w]);
      following[w] = (step << 1) | carry | (state[w] & stays[w]);
      carry = step >> 63;
    }
    if (!close(following)) return false;
    std::swap(state, following);
  }
  return ((state[tokens / 64] >> (tokens % 64)) & 1) != 0;
}

}  // namespace

std::optional<Glob> Glob::compile(std::string_view pattern, std::string& error) {
  if (pattern.empty()) {
    error = "glob must not be empty";
    return std::nullopt;
  }
  if (pattern.size() > max_pattern_bytes) {
    error = "glob must not be longer than 1024 bytes";
    return std::nullopt;
  }
  if (!is_valid_utf8(pattern)) {
    error = "glob is not valid UTF-8";
    return std::nullopt;
  }
  Glob g;
  g.pattern_ = pattern;
  const std::size_t wild = pattern.find_first_of("*?");
  if (wild == npos) {
    g.kind_ = Kind::literal;
    g.literal_ = pattern;
  } else if (pattern.compare(wild, 2, "**") == 0 && pattern.find_first_not_of('*', wild) == npos) {
    g.kind_ = Kind::prefix;
    g.literal_ = pattern.substr(0, wild);
  }
  return g;
}

bool Glob::matches(std::string_view text) const {
  switch (kind_) {
    case Kind::literal:
      return text == literal_;
    case Kind::prefix:
      return text.substr(0, literal_.size()) == literal_;
    default:
      return match_general(pattern_, text);
  }
}

}  // namespace leadscore
