#pragma once
/// \file
/// Text helpers the core needs without ICU or <regex>: UTF-8 checks, simple
/// Unicode case folding, and decimal numbers in and out.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadscore {

/// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// Where the first ill-formed UTF-8 sequence of `s` starts (the byte to point
/// people at), or s.size() if `s` is well-formed.
std::size_t invalid_utf8_at(std::string_view s);

/// Bytes in the UTF-8 sequence at s[i] (i < s.size()), or in its maximal
/// ill-formed subpart (at least 1); `valid` says which. Replacing each
/// ill-formed subpart with one U+FFFD is what the WHATWG decoder does.
std::size_t utf8_span(std::string_view s, std::size_t i, bool& valid);

/// `s` with each ill-formed subpart replaced by U+FFFD (as the WHATWG decoder
/// does); well-formed UTF-8 comes back unchanged. For text that must reach a
/// JSON writer but was never checked (messages quoting raw input).
std::string valid_utf8(std::string_view s);

/// "v" and 16 hex digits of a 64-bit FNV-1a hash of `s`: a short, plain
/// stand-in for an id that cannot be used as it is (too long, other characters).
std::string hashed_id(std::string_view s);

/// Number of code points in well-formed UTF-8.
std::size_t utf8_length(std::string_view s);

/// Appends the UTF-8 encoding of `code_point` (which must be <= U+10FFFF and not a surrogate).
void append_utf8(std::string& out, std::uint32_t code_point);

/// `s` without leading and trailing ASCII spaces, tabs and line breaks.
std::string_view trim(std::string_view s);

/// `s` (UTF-8) without its control characters (C0, DEL, C1): a tab or
/// line break is a space, or with `lines` stays (a CR is dropped: CR LF is
/// one line break). What a visitor pasted into a field, as a person reads it.
std::string without_controls(std::string_view s, bool lines);

/// `s` with the decimal digits of other scripts as ASCII digits: Arabic-Indic
/// (U+0660..), Persian (U+06F0..), Devanagari (U+0966..), Thai (U+0E50..) and
/// fullwidth (U+FF10..), and the Arabic decimal separator U+066B as '.'. What
/// phone keyboards in those scripts type, made comparable.
std::string ascii_digits(std::string_view s);

/// Simple (one-to-one) Unicode case folding to lower case for ASCII, Latin-1,
/// Latin Extended-A/B (incl. Vietnamese Ơ Ư), Latin Extended Additional
/// (Vietnamese), Greek and Cyrillic. Other text (Thai, Persian, CJK...) is
/// caseless and passes through unchanged. Invalid UTF-8 bytes pass through.
std::string fold_case(std::string_view utf8);

/// Parses the whole of `s` as a decimal number in JSON syntax, allowing
/// surrounding ASCII spaces ("120", " 3.5 ", "-1e3"). nullopt otherwise.
std::optional<double> parse_decimal(std::string_view s);

/// Converts the text of a number already known to be valid JSON number syntax.
/// Exact (correctly rounded) for all inputs.
double json_number_to_double(std::string_view text);

namespace detail {
/// The platform's correctly rounded decimal conversion, for the rare numbers
/// the exact fast path cannot take (> 19 significant digits, |exponent| > 22).
/// Native builds use strtod (src/native_numbers.cpp); the WebAssembly build
/// uses JS Number() (wasm/bindings.cpp), which keeps musl's long-double
/// strtod (~7 KB gzip) out of the module. `text` is valid JSON number syntax.
double decimal_to_double_slow(std::string_view text);

/// The platform's shortest text that reads back as `v` (finite, not integral
/// below 2^53): std::to_chars natively (src/native_numbers.cpp), JS String()
/// in WebAssembly (wasm/bindings.cpp).
std::string shortest_double_text(double v);
}  // namespace detail

/// JSON number text that reads back as exactly `v`: integers as integers,
/// other values in shortest form; NaN and infinities (not JSON) as null.
std::string format_json_number(double v);

/// The decimal digits of a count, index or limit, as std::to_string writes
/// them. One small function for every caller: the module needs no
/// std::to_string overloads (~0.5 KB gzip of wasm).
std::string decimal(std::uint64_t v);

/// ASCII letters lower-cased; every other byte as it is.
inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Whether `a` and `b` are equal ignoring ASCII case (hosts, schemes, media
/// types, language tags, file extensions); other bytes compare as they are.
bool equal_ignoring_ascii_case(std::string_view a, std::string_view b);

/// `s` with ASCII letters lower-cased, into `out` (which keeps its storage).
void assign_ascii_lower(std::string& out, std::string_view s);

/// Decimal text for messages and ids: integral values without a fraction,
/// others with up to 6 decimals, trailing zeros trimmed ("2.5", "-0.125").
std::string format_number(double v);

}  // namespace leadscore
