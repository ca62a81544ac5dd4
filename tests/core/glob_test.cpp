#include <boost/test/unit_test.hpp>

#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/glob.hpp"

using leadscore::Glob;

namespace {

struct MatchCase {
  std::string_view pattern;
  std::string_view text;
  bool expected;
};

// clang-format off
const MatchCase match_cases[] = {
    // Literals (fast path): whole text, byte-exact, case-sensitive.
    {"/pricing", "/pricing", true},
    {"/pricing", "/pricing/", false},
    {"/pricing", "/Pricing", false},
    {"/pricing", "/pric", false},
    {"/pricing", "", false},
    {"/pricing/", "/pricing", false},
    {"/über-uns", "/über-uns", true},
    {"/über-uns", "/uber-uns", false},
    // "<literal>**" (prefix fast path).
    {"/blog/**", "/blog/", true},
    {"/blog/**", "/blog/2024/post-1", true},
    {"/blog/**", "/blog", false},
    {"/blog/**", "/blogs/x", false},
    {"/blog/**", "", false},
    {"/blog/***", "/blog/a/b", true},
    {"/blog/***", "/blo", false},
    {"**", "", true},
    {"**", "/any/thing/at/all", true},
    {"***", "/a/b", true},
    // '*': any run except '/'.
    {"/blog/*", "/blog/post-1", true},
    {"/blog/*", "/blog/2024/post-1", false},
    {"/blog/*", "/blog/", true},
    {"/blog/*", "/blog", false},
    {"*", "", true},
    {"*", "abc", true},
    {"*", "a/b", false},
    {"*", "/", false},
    {"*.pdf", "guide.pdf", true},
    {"*.pdf", "/files/guide.pdf", false},
    {"/files/*.pdf", "/files/guide.pdf", true},
    {"/files/*.pdf", "/files/.pdf", true},
    {"/files/*.pdf", "/files/guide.pdf.zip", false},
    {"/files/*.pdf", "/files/a/guide.pdf", false},
    {"/a*b*c", "/aXbYc", true},
    {"/a*b*c", "/abc", true},
    {"/a*b*c", "/abcbc", true},
    {"/a*b*c", "/aXcYb", false},
    {"/a*b*c", "/ab/c", false},
    {"/*/pricing", "/en/pricing", true},
    {"/*/pricing", "//pricing", true},
    {"/*/pricing", "/pricing", false},
    {"/*/pricing", "/en/us/pricing", false},
    {"/pricing*", "/pricing-2", true},
    {"/pricing*", "/pricing/", false},
    {"a*", "a", true},
    {"*a", "bab", false},
    {"*ab", "aab", true},
    // '**' in the middle and mixed with '*'. '**' is a plain run, so
    // "/docs/**/intro" needs two slashes around it (no gitignore-style
    // "zero directories").
    {"/docs/**/intro", "/docs/a/intro", true},
    {"/docs/**/intro", "/docs/a/b/c/intro", true},
    {"/docs/**/intro", "/docs//intro", true},
    {"/docs/**/intro", "/docs/intro", false},
    {"/docs/**/intro", "/docs/a/intro/x", false},
    {"/docs/**/intro", "/docs/a/intro2", false},
    {"/docs/**/intro", "/doc/a/intro", false},
    {"/docs/**.pdf", "/docs/a/b.pdf", true},
    {"/docs/**.pdf", "/docs/a/b.pdf/c", false},
    {"**/intro", "/x/y/intro", true},
    {"**/intro", "intro", false},
    {"/**/x/**/y", "/a/x/b/c/y", true},
    {"/**/x/**/y", "/a/y/x", false},
    {"/**/x/**/y", "/x/x/y", false},
    {"/**/*.pdf", "/a/b/c.pdf", true},
    {"/**/*.pdf", "/a/b.pdf/c", false},
    {"/**/a*b", "/x/a/b", false},
    {"/**/a*b", "/x/y/aXXb", true},
    {"**a*b", "/x/ab", true},
    {"**a*b", "/a/b", false},
    {"/x*/**", "/xy/z", true},
    {"/x*/**", "/x/", true},
    {"/x*/**", "/y/x/", false},
    {"/*/**/*/end", "/a/b/c/end", true},
    {"/*/**/*/end", "/a/b/end", false},
    {"**/a/*/b", "/z/a/q/a/r/b", true},
    {"**/a/*/b", "/z/a/q/r/b", false},
    // Adjacent stars: two or more are '**'.
    {"/a**b", "/a/x/b", true},
    {"/a***b", "/a/x/b", true},
    {"/a**b", "/ab", true},
    {"/a*b", "/a/x/b", false},
    // '?': one code point, never '/'.
    {"/p?ge", "/page", true},
    {"/p?ge", "/pge", false},
    {"/p?ge", "/paage", false},
    {"/p?ge", "/p/ge", false},
    {"/blog/?", "/blog/é", true},
    {"/blog/?", "/blog/ไ", true},
    {"/blog/?", "/blog/😀", true},
    {"/blog/?", "/blog/ab", false},
    {"/blog/?", "/blog/", false},
    {"/blog/??", "/blog/é", false},
    {"/blog/??", "/blog/éไ", true},
    {"?", "", false},
    {"?", "/", false},
    {"/ü?", "/üx", true},
    {"/*?", "/é", true},
    {"/?*?", "/éไ", true},
    {"/?*?", "/é", false},
    {"*é", "café", true},
    {"*?é", "é", false},
    {"/tag/*ไทย", "/tag/ภาษาไทย", true},
    {"**/?.html", "/a/b/x.html", true},
    {"**/?.html", "/a/b/xy.html", false},
    {"/a?c", "/a?c", true},
};

// Ill-formed text (kept apart: the reference below works on code points). A
// character is a byte other than a continuation byte plus the continuation
// bytes after it, or a run of continuation bytes after an ASCII byte.
const MatchCase ill_formed_cases[] = {
    {"/??", "/\xC3x", true},
    {"/?", "/\xE0\xA0", true},
    {"/?", "/\xFF\xFF", false},
    {"/??", "/\xFF\xFF", true},
    {"/?", "/\xA9\xA9", true},
    {"/?", "/\xC3\xA9\xA9", true},
    {"/*", "/\xC3\xA9\xA9", true},
    {"/?", "/\xC3/", false},
    {"/?/", "/\xC3/", true},
    {"*", "\xC3/", false},
};
// clang-format on

// Reference semantics, straight from the definition: exponential without the
// memo, but only ever run on short inputs. Works on code points.
class Reference {
 public:
  Reference(std::u32string pattern, std::u32string text)
      : p_(std::move(pattern)), t_(std::move(text)), memo_((p_.size() + 1) * (t_.size() + 1), -1) {}

  bool matches() { return at(0, 0); }

 private:
  bool at(std::size_t pi, std::size_t ti) {
    signed char& known = memo_[pi * (t_.size() + 1) + ti];
    if (known >= 0) return known != 0;
    bool r = false;
    if (pi == p_.size()) {
      r = ti == t_.size();
    } else if (p_[pi] == U'*') {
      std::size_t run = pi;
      while (run < p_.size() && p_[run] == U'*') ++run;
      const bool any = run - pi >= 2;
      for (std::size_t k = ti; !r && k <= t_.size(); ++k) {
        r = at(run, k);
        if (k < t_.size() && t_[k] == U'/' && !any) break;
      }
    } else if (ti < t_.size()) {
      const bool one = p_[pi] == U'?' ? t_[ti] != U'/' : p_[pi] == t_[ti];
      r = one && at(pi + 1, ti + 1);
    }
    known = r ? 1 : 0;
    return r;
  }

  std::u32string p_, t_;
  std::vector<signed char> memo_;
};

// The test alphabets are tiny, so UTF-8 encoding by table is enough.
std::string to_utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    switch (c) {
      case U'é':
        out += "é";
        break;
      case U'ไ':
        out += "ไ";
        break;
      default:
        out += static_cast<char>(c);
        break;
    }
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(glob_test)

BOOST_AUTO_TEST_CASE(matches_table) {
  std::vector<MatchCase> cases(std::begin(match_cases), std::end(match_cases));
  cases.insert(cases.end(), std::begin(ill_formed_cases), std::end(ill_formed_cases));
  for (const MatchCase& c : cases) {
    BOOST_TEST_CONTEXT("pattern \"" << c.pattern << "\", text \"" << c.text << "\"") {
      std::string error;
      const auto glob = Glob::compile(c.pattern, error);
      BOOST_TEST_REQUIRE(glob.has_value());
      BOOST_TEST(error.empty());
      BOOST_TEST(glob->pattern() == std::string(c.pattern));
      BOOST_TEST(glob->matches(c.text) == c.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(table_agrees_with_reference) {
  // Guards the table itself: a wrong expectation would otherwise test nothing.
  auto decode = [](std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = n == 1 ? c : c & (0x7F >> n);
      for (std::size_t k = 1; k < n; ++k)
        cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      out += cp;
      i += n;
    }
    return out;
  };
  for (const MatchCase& c : match_cases) {
    BOOST_TEST_CONTEXT("pattern \"" << c.pattern << "\", text \"" << c.text << "\"") {
      BOOST_TEST(Reference(decode(c.pattern), decode(c.text)).matches() == c.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(random_patterns_agree_with_reference) {
  // Fixed seed: deterministic, but covers far more shapes than a table can.
  std::mt19937 rng(20240601);
  const std::u32string pattern_alphabet = U"ab/*?é";
  const std::u32string text_alphabet = U"ab/éไ";
  auto pick = [&](const std::u32string& alphabet, std::size_t max_len) {
    std::u32string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), U'a');
    for (char32_t& c : s) {
      c = alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    }
    return s;
  };
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    std::u32string pattern = pick(pattern_alphabet, 8);
    if (pattern.empty()) pattern = U"*";
    const std::u32string text = pick(text_alphabet, 10);
    const std::string p8 = to_utf8(pattern), t8 = to_utf8(text);
    std::string error;
    const auto glob = Glob::compile(p8, error);
    BOOST_TEST_REQUIRE(glob.has_value());
    const bool expected = Reference(pattern, text).matches();
    if (glob->matches(t8) != expected) {
      BOOST_TEST(glob->matches(t8) == expected, "pattern \"" << p8 << "\", text \"" << t8 << "\"");
    }
    ++checked;
  }
  BOOST_TEST(checked == 20000);
}

BOOST_AUTO_TEST_CASE(long_patterns_agree_with_reference) {
  // Patterns derived from their text, so about half match, and long enough
  // (over 64 tokens) that the matcher's state spans several machine words.
  std::mt19937 rng(7);
  const std::u32string alphabet = U"ab/éไ";
  auto roll = [&](unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng); };
  int matched = 0;
  for (int i = 0; i < 400; ++i) {
    std::u32string text(80 + roll(120), U'a');
    for (char32_t& c : text) c = alphabet[roll(static_cast<unsigned>(alphabet.size()))];
    std::u32string pattern;
    for (std::size_t k = 0; k < text.size(); ++k) {
      const unsigned r = roll(100);
      if (r < 8 && text[k] != U'/') {
        pattern += U'?';
      } else if (r < 12) {
        pattern += U'*';  // takes text[k] and a few more, never a '/'
        if (text[k] == U'/') pattern += U'/';
        while (text[k] != U'/' && k + 1 < text.size() && text[k + 1] != U'/' && roll(2) == 0) ++k;
      } else if (r < 14) {
        pattern += U"**";
        k += roll(6);
      } else {
        pattern += text[k];
      }
    }
    // One pattern in three gets a random slip, which usually breaks the match.
    if (roll(3) == 0) pattern[roll(static_cast<unsigned>(pattern.size()))] = alphabet[roll(3)];
    const std::string p8 = to_utf8(pattern), t8 = to_utf8(text);
    std::string error;
    const auto glob = Glob::compile(p8, error);
    BOOST_TEST_REQUIRE(glob.has_value());
    const bool expected = Reference(pattern, text).matches();
    matched += expected;
    if (glob->matches(t8) != expected) {
      BOOST_TEST(glob->matches(t8) == expected, "pattern \"" << p8 << "\", text \"" << t8 << "\"");
    }
  }
  // Both outcomes must be well represented, or the test proves little.
  BOOST_TEST_MESSAGE(matched << " of 400 long patterns match");
  BOOST_TEST(matched > 40);
  BOOST_TEST(matched < 360);
}

BOOST_AUTO_TEST_CASE(compile_errors) {
  const std::string too_long(1025, 'a');
  struct Case {
    std::string_view pattern;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"", "must not be empty"},
      {too_long, "1024"},
      {"/\xC3", "UTF-8"},              // truncated
      {"/\xC3(", "UTF-8"},             // missing continuation
      {"/\xC0\xAF", "UTF-8"},          // overlong '/'
      {"/\xED\xA0\x80", "UTF-8"},      // surrogate
      {"/\xF4\x90\x80\x80", "UTF-8"},  // above U+10FFFF
      {"/x\xFF*", "UTF-8"},            // never valid
      {"/\xA9", "UTF-8"},              // lone continuation
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("pattern of " << c.pattern.size() << " bytes") {
      std::string error;
      BOOST_TEST(!Glob::compile(c.pattern, error).has_value());
      BOOST_TEST(error.find(c.message_part) != std::string::npos, "error: " << error);
    }
  }
}

BOOST_AUTO_TEST_CASE(longest_pattern_compiles) {
  const std::string literal(1024, 'a');
  std::string wild(1023, 'a');
  wild += '*';
  for (const std::string& p : {literal, wild}) {
    std::string error;
    const auto glob = Glob::compile(p, error);
    BOOST_TEST_REQUIRE(glob.has_value());
    BOOST_TEST(glob->matches(literal));
    BOOST_TEST(!glob->matches(literal + "/"));
  }
}

BOOST_AUTO_TEST_CASE(long_pattern_with_many_distinct_bytes) {
  // ~90 distinct literal bytes in a long pattern: the matcher's per-byte
  // tables outgrow its stack buffer, so this covers the other storage path.
  std::string body;
  for (int round = 0; round < 11; ++round) {
    for (char c = '!'; c <= '~'; ++c) {
      if (c != '*' && c != '?' && c != '/') body += c;
    }
  }
  body.resize(1000);
  std::string error;
  const auto glob = Glob::compile(body.substr(0, 500) + "*" + body.substr(500) + "?", error);
  BOOST_TEST_REQUIRE(glob.has_value(), error);
  std::string mismatched = body.substr(0, 500) + "xy" + body.substr(500) + "é";
  BOOST_TEST(glob->matches(mismatched));
  BOOST_TEST(glob->matches(body + "z"));
  BOOST_TEST(!glob->matches(body));
  mismatched[700] = mismatched[700] == 'a' ? 'b' : 'a';
  BOOST_TEST(!glob->matches(mismatched));
  BOOST_TEST(!glob->matches(body.substr(0, 500) + "x/y" + body.substr(500) + "z"));
}

BOOST_AUTO_TEST_CASE(pathological_inputs_stay_linear) {
  // Each of these takes exponential (or at best cubic) time in a naive
  // backtracking matcher. Only the results are asserted; a regression shows
  // up as a test that never finishes.
  const std::string as(4096, 'a');
  std::string slashes;
  for (int i = 0; i < 2048; ++i) slashes += "/a";
  std::string many_stars, many_double_stars, many_questions, many_slash_stars;
  for (int i = 0; i < 500; ++i) {
    many_stars += "*a";
    many_double_stars += "**a";
    many_questions += "?a";
    many_slash_stars += "*/";
  }
  struct Case {
    std::string pattern;
    const std::string* text;
    bool expected;
  };
  const Case cases[] = {
      {"*a*a*a*a*a*a*a*a*b", &as, false},
      {"*a*a*a*a*a*a*a*a*a", &as, true},
      {"**a**a**a**a**a**a**a**a**b", &as, false},
      {many_stars + "*b", &as, false},
      {many_stars + "*", &as, true},
      {many_double_stars.substr(0, 1020) + "b", &as, false},
      {"*" + std::string(1021, 'a') + "b*", &as, false},
      {"*" + many_questions + "b*", &as, false},
      {"**/" + many_slash_stars + "b", &slashes, false},
      {"**/" + many_slash_stars + "a", &slashes, true},
      {"/**/" + many_questions.substr(0, 600) + "/**", &slashes, false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("pattern of " << c.pattern.size() << " bytes: " << c.pattern.substr(0, 24)) {
      std::string error;
      const auto glob = Glob::compile(c.pattern, error);
      BOOST_TEST_REQUIRE(glob.has_value(), error);
      BOOST_TEST(glob->matches(*c.text) == c.expected);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
