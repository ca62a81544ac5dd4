#pragma once
/// \file
/// Writes JSON text directly, without building a document first. Results
/// (scores, state, stored profiles, payloads) leave the core as text: the CLI
/// prints it, and in the browser JSON.parse reads it, which is faster than
/// converting a document value by value and keeps the module small.

#include <cstdint>
#include <string>
#include <string_view>

#include "leadscore/json_value.hpp"

namespace leadscore {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The key of the next member (inside an object).
  JsonWriter& key(std::string_view k);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double n);  ///< shortest text that reads back as the same double
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(std::uint64_t n);
  JsonWriter& value(std::uint32_t n) { return value(static_cast<std::uint64_t>(n)); }
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// A score, rounded to 2 decimals ("12.35", "-3", "0").
  JsonWriter& score(double v);
  /// Text that is already JSON (a nested document written elsewhere).
  JsonWriter& raw(std::string_view json);
  /// A whole document.
  JsonWriter& value(const JsonValue& v);

  /// key(k).value(v)
  template <class T>
  JsonWriter& field(std::string_view k, const T& v) {
    return key(k).value(v);
  }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  bool first_ = true;  // no member/element written yet at this level
};

/// Appends `s` as a JSON string literal (quotes and escapes included).
void append_json_string(std::string& out, std::string_view s);

/// Appends control character `c` as JSON escapes it: \n, \r, \t, else \u00XX.
void append_control_escape(std::string& out, unsigned char c);

/// A document as JSON text.
std::string to_json(const JsonValue& value);

}  // namespace leadscore
