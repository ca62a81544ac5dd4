#pragma once
/// \file
/// Reading JSON documents that people write or that come from storage:
/// every accessor checks the type, and every problem is recorded with its
/// JSON path and a stable id instead of being thrown. Shared by the config,
/// profile and payload readers.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/detail/string_index.hpp"
#include "leadscore/error.hpp"
#include "leadscore/json_value.hpp"

namespace leadscore::detail {

/// "an object", "a string", ... for messages.
const char* json_type_name(const JsonValue& v);

/// Walks a document and records what is wrong with it. Error ids are
/// "<domain>.<kind>", e.g. "leadscore.config.type".
class Checker {
 public:
  Checker(std::string domain, Errors& out) : domain_(std::move(domain)), out_(out) {}

  /// Records one error of the given kind ("type", "required", "range", ...).
  void fail(std::string_view kind, const std::string& path, std::string message);
  /// The same for a literal message: its std::string is built here, not at
  /// each of the call sites (smaller wasm).
  void fail(std::string_view kind, const std::string& path, const char* message);
  /// An error at member `key` of the object at `path`, with a literal message.
  void fail_at(std::string_view kind, const std::string& path, const char* key, const char* message);
  /// `before` "value" `after`: a value the message quotes, built here.
  void fail_quoted(std::string_view kind, const std::string& path, const char* before, const std::string& value,
                   const char* after);
  /// Kind "type": "<expected>, got <the JSON type of v>" ("expected a number, got a string").
  void fail_type(const std::string& path, const char* expected, const JsonValue& v);
  std::size_t error_count() const { return out_.size(); }

  /// The member `key` of `obj` (which must be an object), or nullptr.
  static const JsonValue* find(const JsonValue& obj, std::string_view key);

  /// Reports every key of `obj` that is not in `allowed` (kind "unknown_key"),
  /// and every key given twice (repeated_key).
  void only_keys(const JsonValue& obj, const std::string& path,
                 std::initializer_list<std::string_view> allowed);

  /// Reports member `member` of `obj` (at `path`) if the text gave its key
  /// more than once (kind "duplicate_key", "given twice": only the last value
  /// would count).
  /// only_keys does it for every key; objects of free keys call it themselves.
  void repeated_key(const JsonValue& obj, std::size_t member, const std::string& path);

  /// Adds `id` to `seen`; if it was there already, reports it at `path` (kind
  /// "duplicate": `what` "id" is already used) and returns false. Every use
  /// counts, even of an item with errors of its own, so each later use is said
  /// once; a hash index, so thousands of ids are not compared with each other.
  bool unique(StringIndex& seen, const std::string& id, const std::string& path, const char* what,
              const char* where = "is already used");

  bool expect_object(const JsonValue& v, const std::string& path);
  bool expect_array(const JsonValue& v, const std::string& path);

  /// obj[key] as a finite number in [min, max]. Missing: error only if required.
  std::optional<double> number(const JsonValue& obj, const std::string& path, std::string_view key,
                               bool required, double min, double max);
  /// obj[key] as an integer in [min, max].
  std::optional<std::int64_t> integer(const JsonValue& obj, const std::string& path,
                                      std::string_view key, bool required, std::int64_t min,
                                      std::int64_t max);
  /// obj[key] as a string of 1..max_bytes bytes (0.. if allow_empty).
  std::optional<std::string> string(const JsonValue& obj, const std::string& path, std::string_view key,
                                    bool required, std::size_t max_bytes = 4096,
                                    bool allow_empty = false);
  std::optional<bool> boolean(const JsonValue& obj, const std::string& path, std::string_view key,
                              bool required);
  /// obj[key] as one non-empty string or a non-empty array of them.
  std::optional<std::vector<std::string>> strings(const JsonValue& obj, const std::string& path,
                                                  std::string_view key, bool required,
                                                  std::size_t max_bytes = 4096);
  /// obj[key] as a string that must be one of `choices` (kind "enum").
  std::optional<std::string> choice(const JsonValue& obj, const std::string& path, std::string_view key,
                                    bool required, std::initializer_list<std::string_view> choices);

  const std::string& domain() const { return domain_; }

 private:
  const JsonValue* member_or_report(const JsonValue& obj, const std::string& path, std::string_view key,
                               bool required);
  std::string domain_;
  Errors& out_;
};

/// Sorts errors by where their paths occur in a depth-first walk of `document`
/// in its own key order, so people read them top to bottom. An error about a
/// missing key sorts at its parent's position. Stable for equal positions.
void sort_by_document_order(const JsonValue& document, Errors& errors);

/// True if `list` is an array holding an object whose "id" is `id`: declared,
/// even if it has errors of its own (then those are reported, not "no such id").
bool declares(const JsonValue* list, std::string_view id);

/// True for identifiers people give things in config: 1..64 of [A-Za-z0-9_.-].
bool is_identifier(std::string_view s);

}  // namespace leadscore::detail
