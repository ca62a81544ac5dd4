#pragma once
/// \file
/// A JSON document as the core reads it (configs, stored profiles, payloads).
/// Natively nlohmann/json parses the text (json_text.hpp); in WebAssembly
/// parse_json_document below does (wasm/bindings.cpp), as nlohmann would. The core reads documents only through this small type,
/// whose accessors are out of line: nlohmann's always-inlined accessors made the
/// same readers about twice as big in the size-budgeted module.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/error.hpp"

namespace leadscore {

/// The most arrays and objects a JSON document may have open at once, for
/// every reader (events, configs, profiles, stored queues, inbox bodies):
/// deeper ones are refused whole, so the readers, which recurse, keep their
/// stack bounded whatever the input.
constexpr std::size_t max_json_depth = 64;

class JsonValue {
 public:
  enum class Type : unsigned char { null, boolean, number, string, array, object };

  JsonValue() = default;  ///< null
  static JsonValue boolean(bool b);
  static JsonValue number(double n);
  static JsonValue string(std::string s);
  static JsonValue array();
  static JsonValue object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  bool is_boolean() const { return type_ == Type::boolean; }
  bool is_number() const { return type_ == Type::number; }
  bool is_string() const { return type_ == Type::string; }
  bool is_array() const { return type_ == Type::array; }
  bool is_object() const { return type_ == Type::object; }

  bool as_bool() const;                 ///< false unless a boolean true
  double as_number() const;             ///< 0 unless a number
  const std::string& as_string() const; ///< "" unless a string

  /// Elements of an array, members of an object; 0 otherwise.
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  /// Element i of an array, or the value of member i of an object.
  const JsonValue& operator[](std::size_t i) const;
  /// The key of member i of an object.
  const std::string& key(std::size_t i) const;
  /// The value of member `key`, or nullptr (also for non-objects).
  const JsonValue* find(std::string_view key) const;

  /// True if the key of member i of an object was set more than once: the
  /// text gave it twice (set() below). Configs refuse that
  /// ("leadscore.config.duplicate_key"); other documents take the last value.
  bool key_repeated(std::size_t i) const { return i < items_.size() && items_[i].repeated_; }

  /// Appends an element to an array.
  void push_back(JsonValue v);
  /// Sets a member of an object (a repeated key keeps its place, last value wins, as in JSON.parse,
  /// and is marked: key_repeated).
  void set(std::string key, JsonValue v);

 private:
  Type type_ = Type::null;
  bool bool_ = false;
  bool repeated_ = false;  // as a member value: its key was set more than once in its object
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;   // array elements / member values
  std::vector<std::string> keys_;  // member keys (objects)
};

/// Parses JSON text into `out` with the event scanner (src/event_json.cpp):
/// the WebAssembly module's only JSON reader (configs, stored profiles and
/// queues, form answers cross from JS as text). It accepts and refuses what
/// nlohmann (json_text.hpp, the native reader) does, and gives the same
/// document (tests/core/json_document_test.cpp, fuzz/fuzz_json_document.cpp):
/// strings must be valid UTF-8, \u escapes paired surrogates; numbers must be
/// finite ("1e999" is refused) and read correctly rounded ("-0" may read as
/// -0.0 where nlohmann has 0); a repeated key keeps its first place, takes
/// its last value and is marked (key_repeated), as parse_json_value (json_text.hpp)
/// does natively; a leading UTF-8 byte order mark is skipped. One limit
/// nlohmann has not: at most 64 arrays and objects open at once (the root
/// one included), as for events and the inbox. On failure returns false and
/// sets `error`: "leadscore.event.syntax" (with line and column from 1,
/// columns in characters as editors count them: a UTF-8 sequence is one, a
/// byte that is not UTF-8 is one; a number out of range is one too, "number out of range" where
/// it starts) or ".too_large" (too deep).
bool parse_json_document(std::string_view text, JsonValue& out, Error& error);

}  // namespace leadscore
