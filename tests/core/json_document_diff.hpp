#pragma once
// The differential check of the WebAssembly module's JSON reader
// (parse_json_document, src/event_json.cpp) against the native one
// (nlohmann, via parse_json_text + to_json_value): shared by the Boost suite
// (json_document_test.cpp) and the libFuzzer target (fuzz/fuzz_json_document.cpp).
//
// Agreement means: both accept or both refuse, and an accepted text gives
// equal documents (same types; numbers equal as doubles, so -0 equals 0:
// nlohmann reads "-0" as the integer 0; strings byte for byte; arrays
// element by element; objects with the same keys in the same order and the
// same keys marked as repeated, as the native config reader parse_json_value
// reads them from nlohmann's SAX events). The
// one intended difference: parse_json_document refuses nesting deeper than
// 64 arrays/objects (as events and the inbox do), which nlohmann accepts.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/json_text.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/text.hpp"

namespace leadscore::test {

constexpr std::size_t document_max_depth = 64;

/// Where two documents differ ("" when they are equal).
/// `repeated`: also compare which keys are marked as repeated (nlohmann's own
/// document, through to_json_value, has merged them without a mark).
inline std::string document_mismatch(const JsonValue& expected, const JsonValue& actual, bool repeated,
                                     const std::string& path = "") {
  const std::string at = path.empty() ? "/" : path;
  if (expected.type() != actual.type()) return at + ": different types";
  switch (expected.type()) {
    case JsonValue::Type::null: return "";
    case JsonValue::Type::boolean:
      return expected.as_bool() == actual.as_bool() ? "" : at + ": different booleans";
    case JsonValue::Type::number:
      return expected.as_number() == actual.as_number()
                 ? ""
                 : at + ": " + format_json_number(expected.as_number()) + " != " + format_json_number(actual.as_number());
    case JsonValue::Type::string:
      return expected.as_string() == actual.as_string() ? "" : at + ": different strings";
    case JsonValue::Type::array:
    case JsonValue::Type::object: {
      if (expected.size() != actual.size()) return at + ": different sizes";
      const bool object = expected.is_object();
      for (std::size_t i = 0; i < expected.size(); ++i) {
        if (object && expected.key(i) != actual.key(i)) return at + ": different keys at member " + std::to_string(i);
        if (repeated && expected.key_repeated(i) != actual.key_repeated(i)) return at + ": repeated key marked by one reader only at member " + std::to_string(i);
        std::string child = path + "/" + (object ? expected.key(i) : std::to_string(i));
        std::string why = document_mismatch(expected[i], actual[i], repeated, child);
        if (!why.empty()) return why;
      }
      return "";
    }
  }
  return at + ": unknown type";
}

/// How parse_json_document and nlohmann disagree on `text` ("" when they agree).
/// `accepted` (if given) says whether parse_json_document accepted it.
inline std::string document_disagreement(std::string_view text, bool* accepted = nullptr) {
  JsonValue ours;
  Error ours_error;
  const bool ours_ok = parse_json_document(text, ours, ours_error);
  if (accepted) *accepted = ours_ok;
  Error theirs_error;
  const std::optional<json> theirs = parse_json_text(text, "nlohmann", theirs_error);
  if (!theirs) {
    return ours_ok ? "nlohmann refuses (" + theirs_error.message + "), parse_json_document accepts" : "";
  }
  const bool too_deep = json_nesting(*theirs, document_max_depth) > document_max_depth;
  if (!ours_ok) {
    if (too_deep && ours_error.id == "leadscore.event.too_large") return "";
    return "nlohmann accepts, parse_json_document refuses: " + ours_error.to_string();
  }
  if (too_deep) return "parse_json_document accepts nesting deeper than 64";
  if (std::string why = document_mismatch(to_json_value(*theirs), ours, false); !why.empty()) return why;
  Error sax_error;
  const std::optional<JsonValue> native = parse_json_value(text, "nlohmann", sax_error);
  if (!native) return "nlohmann's document accepts, parse_json_value refuses: " + sax_error.to_string();
  return document_mismatch(*native, ours, true);
}

}  // namespace leadscore::test
