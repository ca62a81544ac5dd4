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

/// Number of code points in well-formed UTF-8.
std::size_t utf8_length(std::string_view s);

/// Appends the UTF-8 encoding of `code_point` (which must be <= U+10FFFF and not a surrogate).
void append_utf8(std::string& out, std::uint32_t code_point);

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

/// Decimal text for messages and ids: integral values without a fraction,
/// others with up to 6 decimals, trailing zeros trimmed ("2.5", "-0.125").
std::string format_number(double v);

}  // namespace leadscore
