#include "leadscore/text.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace leadscore {
namespace {

/// Length of the well-formed UTF-8 sequence at p (n bytes available), or 0.
/// Follows RFC 3629 table 3-7, so overlongs, surrogates and > U+10FFFF fail.
std::size_t decode_utf8(const unsigned char* p, std::size_t n, std::uint32_t& cp) {
  const unsigned char c = p[0];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  std::size_t len;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0Fu;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07u;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // > U+10FFFF
  } else {
    return 0;
  }
  if (n < len || p[1] < lo || p[1] > hi) return 0;
  cp = (cp << 6) | (p[1] & 0x3Fu);
  for (std::size_t i = 2; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3Fu);
  }
  return len;
}

/// One run of case mappings: code points in [first, last] map to cp + delta;
/// with `alternate`, only those with the parity of `first` (upper/lower pairs).
struct FoldRange {
  std::uint16_t first;
  std::uint16_t last;
  std::int16_t delta;
  bool alternate;
};

constexpr FoldRange fold_ranges[] = {
    {0x0041, 0x005A, 0x20, false},   {0x00C0, 0x00D6, 0x20, false},
    {0x00D8, 0x00DE, 0x20, false},   {0x0100, 0x012F, 1, true},
    {0x0130, 0x0130, -0xC7, false},  // İ -> i
    {0x0132, 0x0137, 1, true},       {0x0139, 0x0148, 1, true},
    {0x014A, 0x0177, 1, true},       {0x0178, 0x0178, -0x79, false},  // Ÿ -> ÿ
    {0x0179, 0x017E, 1, true},       {0x01A0, 0x01A0, 1, false},
    {0x01AF, 0x01AF, 1, false},      {0x0386, 0x0386, 0x26, false},
    {0x0388, 0x038A, 0x25, false},   {0x038C, 0x038C, 0x40, false},
    {0x038E, 0x038F, 0x3F, false},   {0x0391, 0x03A1, 0x20, false},
    {0x03A3, 0x03A9, 0x20, false},   {0x0400, 0x040F, 0x50, false},
    {0x0410, 0x042F, 0x20, false},   {0x1E00, 0x1E95, 1, true},
    {0x1EA0, 0x1EFF, 1, true},
};

std::uint32_t fold_code_point(std::uint32_t cp) {
  if (cp > 0x1EFF) return cp;
  for (const FoldRange& r : fold_ranges) {
    if (cp < r.first) break;  // ranges are sorted
    if (cp <= r.last && (!r.alternate || ((cp ^ r.first) & 1u) == 0)) {
      return static_cast<std::uint32_t>(static_cast<std::int32_t>(cp) + r.delta);
    }
  }
  return cp;
}

constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// True if all of `s` is a JSON number (RFC 8259 section 6).
bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i == n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (is_digit(s[i])) {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    if (++i == n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  return i == n;
}

void append_unsigned(std::string& out, std::uint64_t v, int min_digits = 1) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 || n < min_digits);
  while (n > 0) out += buf[--n];
}

}  // namespace

std::size_t invalid_utf8_at(std::string_view s) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* p = begin;
  const auto* end = p + s.size();
  while (p != end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    std::uint32_t cp;
    const std::size_t len = decode_utf8(p, static_cast<std::size_t>(end - p), cp);
    if (len == 0) break;
    p += len;
  }
  return static_cast<std::size_t>(p - begin);
}

bool is_valid_utf8(std::string_view s) { return invalid_utf8_at(s) == s.size(); }

std::size_t utf8_span(std::string_view s, std::size_t i, bool& valid) {
  const unsigned c = static_cast<unsigned char>(s[i]);
  valid = c < 0x80;
  if (valid) return 1;
  std::size_t need = 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  }
  std::size_t n = 1;
  for (; n <= need && i + n < s.size(); ++n) {
    const unsigned b = static_cast<unsigned char>(s[i + n]);
    if (b < lo || b > hi) break;
    lo = 0x80;
    hi = 0xBF;
  }
  valid = need > 0 && n == need + 1;
  return n;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string without_controls(std::string_view s, bool lines) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      ++i;  // U+0080..U+009F
    } else if (c == '\t' || c == '\n') {
      out += lines ? s[i] : ' ';
    } else if (c >= 0x20 && c != 0x7F) {
      out += s[i];
    }
  }
  return out;
}

std::string ascii_digits(std::string_view s) {
  // (lead bytes, last byte of the zero, the digit's position in it)
  struct Script { unsigned char b0, b1; unsigned char zero; bool three; };
  static constexpr Script scripts[] = {
      {0xD9, 0, 0xA0, false},     // U+0660 Arabic-Indic
      {0xDB, 0, 0xB0, false},     // U+06F0 Persian
      {0xE0, 0xA5, 0xA6, true},   // U+0966 Devanagari
      {0xE0, 0xB9, 0x90, true},   // U+0E50 Thai
      {0xEF, 0xBC, 0x90, true},   // U+FF10 fullwidth
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
    bool done = false;
    for (const Script& sc : scripts) {
      if (at(0) != sc.b0) continue;
      const std::size_t last = sc.three ? 2 : 1;
      if (sc.three && at(1) != sc.b1) continue;
      const unsigned d = at(last) - sc.zero;
      if (at(last) >= sc.zero && d <= 9) {
        out += static_cast<char>('0' + d);
        i += last + 1;
        done = true;
        break;
      }
    }
    if (!done && at(0) == 0xD9 && at(1) == 0xAB) {  // U+066B Arabic decimal separator
      out += '.';
      i += 2;
      done = true;
    }
    if (!done) out += s[i++];
  }
  return out;
}

std::string hashed_id(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  std::string id = "v";
  for (int shift = 60; shift >= 0; shift -= 4) id += "0123456789abcdef"[(h >> shift) & 15];
  return id;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool valid;
    const std::size_t n = utf8_span(s, i, valid);
    if (valid) {
      out.append(s, i, n);
    } else {
      out += "\xEF\xBF\xBD";
    }
    i += n;
  }
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  while (p != end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
      ++p;
      continue;
    }
    std::uint32_t cp;
    const std::size_t len = decode_utf8(p, static_cast<std::size_t>(end - p), cp);
    if (len == 0) {
      out += static_cast<char>(c);
      ++p;
      continue;
    }
    const std::uint32_t folded = fold_code_point(cp);
    if (folded == cp) {
      out.append(reinterpret_cast<const char*>(p), len);
    } else {
      append_utf8(out, folded);
    }
    p += len;
  }
  return out;
}

std::optional<double> parse_decimal(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!is_json_number(s)) return std::nullopt;
  const double v = json_number_to_double(s);
  // "1e999" is JSON syntax but no usable number: callers get nullopt, not inf.
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

double json_number_to_double(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  const bool negative = n > 0 && text[0] == '-';
  if (negative) ++i;
  std::uint64_t mantissa = 0;
  int digits = 0;  // significant digits in mantissa (leading zeros skipped)
  int exponent = 0;
  for (; i < n && is_digit(text[i]); ++i) {
    if (digits == 0 && text[i] == '0') continue;
    if (++digits > 19) break;
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i < n && text[i] == '.' && digits <= 19) {
    for (++i; i < n && is_digit(text[i]); ++i) {
      if (digits == 0 && text[i] == '0') {
        --exponent;
        continue;
      }
      if (++digits > 19) break;
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
      --exponent;
    }
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E') && digits <= 19) {
    ++i;
    const bool exp_negative = i < n && text[i] == '-';
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    int e = 0;
    for (; i < n && is_digit(text[i]); ++i) {
      if (e < 100000) e = e * 10 + (text[i] - '0');  // saturate: huge exponents go to strtod
    }
    exponent += exp_negative ? -e : e;
  }
  // Clinger's fast path: both operands are exact doubles, so one IEEE
  // multiplication or division rounds correctly.
  if (i == n && digits <= 19 && mantissa <= (std::uint64_t{1} << 53) && exponent >= -22 &&
      exponent <= 22) {
    double v = static_cast<double>(mantissa);
    if (exponent < 0) {
      v /= exact_powers_of_ten[-exponent];
    } else {
      v *= exact_powers_of_ten[exponent];
    }
    return negative ? -v : v;
  }
  if (digits == 0) return negative ? -0.0 : 0.0;
  return detail::decimal_to_double_slow(text);
}

std::string format_json_number(double v) {
  if (!std::isfinite(v)) return "null";
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) return format_number(v);
  return detail::shortest_double_text(v);
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

void assign_ascii_lower(std::string& out, std::string_view s) {
  out.assign(s.data(), s.size());
  for (char& c : out) c = ascii_lower(c);
}

std::string decimal(std::uint64_t v) {
  std::string out;
  append_unsigned(out, v);
  return out;
}

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  std::string out;
  const bool negative = v < 0;
  double a = std::fabs(v);
  if (a >= 18446744073709551616.0) {  // 2^64
    // Beyond uint64: exact digits would need big-number arithmetic, and no
    // message needs them; six significant digits in scientific form suffice.
    int exp10 = 0;
    while (a >= 1e22) {
      a /= 1e22;
      exp10 += 22;
    }
    while (a >= 10) {
      a /= 10;
      ++exp10;
    }
    auto scaled = static_cast<std::uint64_t>(std::nearbyint(a * 1e5));
    if (scaled >= 1000000) {
      scaled /= 10;
      ++exp10;
    }
    if (negative) out += '-';
    out += static_cast<char>('0' + scaled / 100000);
    std::uint64_t frac = scaled % 100000;
    if (frac != 0) {
      int width = 5;
      while (frac % 10 == 0) {
        frac /= 10;
        --width;
      }
      out += '.';
      append_unsigned(out, frac, width);
    }
    out += "e+";
    append_unsigned(out, static_cast<std::uint64_t>(exp10));
    return out;
  }
  const double whole = std::floor(a);
  auto integer = static_cast<std::uint64_t>(whole);
  // a - whole is exact; rounding to millionths is what "6 decimals" means.
  auto micros = static_cast<std::uint64_t>(std::nearbyint((a - whole) * 1e6));
  if (micros == 1000000) {
    micros = 0;
    ++integer;
  }
  if (negative && (integer != 0 || micros != 0)) out += '-';
  append_unsigned(out, integer);
  if (micros != 0) {
    int width = 6;
    while (micros % 10 == 0) {
      micros /= 10;
      --width;
    }
    out += '.';
    append_unsigned(out, micros, width);
  }
  return out;
}

}  // namespace leadscore
