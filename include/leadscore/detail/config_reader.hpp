#pragma once
/// \file
/// Pieces every section of the config is read with: identifiers, event-type
/// lists, conditions and path globs. Shared by the compilers of the config's
/// sections (config.cpp, offers.cpp, gates.cpp, ...), which report through
/// the same Checker.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/conditions.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/json_access.hpp"

namespace leadscore {
struct Config;
struct LocalText;

namespace detail {

/// pointer + "/" + key
std::string child(const std::string& path, std::string_view key);

/// What a condition can look at, by where it is used.
enum class FieldScope : unsigned char {
  event,    ///< rules and journey tags: the event, its page, the visitor
  page,     ///< offers, judged on a page view with no props: url, path, query, visit, contact
  contact,  ///< fit rules and form fields: contact fields only, "contact." optional
};

class ConfigReader {
 public:
  ConfigReader(Checker& check, Config& config) : check_(check), config_(config) {}

  /// obj[key] as an identifier (1-64 of A-Z a-z 0-9 _ . -).
  std::optional<std::string> identifier(const JsonValue& obj, const std::string& path, std::string_view key,
                                        bool required = true);
  /// obj[key]: an event type or a list of them, interned in the config; duplicates dropped.
  std::optional<std::vector<int>> event_types(const JsonValue& obj, const std::string& path, std::string_view key);
  /// One condition object; `check_keys` is false when the condition is inline
  /// in an object that has keys of its own (fit rules).
  std::optional<Condition> condition(const JsonValue& obj, const std::string& path, FieldScope scope, bool check_keys);
  /// obj["if"], if present: every condition, appended to `out`. False if any is wrong.
  bool conditions(const JsonValue& obj, const std::string& path, FieldScope scope, std::vector<Condition>& out);
  /// obj["path"], if present: one glob or several, as one `matches` condition on the path.
  bool path_globs(const JsonValue& obj, const std::string& path, std::vector<Condition>& out);

  Checker& check() { return check_; }

 private:
  bool field(const std::string& name, FieldScope scope, Condition& c, const std::string& path);
  std::string folded(const std::string& s, bool ignore_case);
  bool operand(const JsonValue& v, const std::string& path, Condition& c);

  Checker& check_;
  Config& config_;
};

/// True for URLs the widget may put in a page: http(s) or relative, without
/// control characters, spaces or backslashes.
bool is_safe_url(std::string_view url);

/// The config's sections that have files of their own.
void read_offers(ConfigReader& reader, const JsonValue& list, Config& config);
/// `offers`: the document's offers, which gates name.
void read_gates(ConfigReader& reader, const JsonValue& list, const JsonValue* offers, Config& config);
void read_forms(ConfigReader& reader, const JsonValue& list, Config& config);
/// Reads `key` of `obj`, a text people read: one string, or {"en": ..., "vi": ...}
/// (each 1..max_bytes); false after an error (or when required and missing).
bool local_text(Checker& check, const JsonValue& obj, const std::string& path, std::string_view key,
                bool required, std::size_t max_bytes, LocalText& out);
void read_delivery(ConfigReader& reader, const JsonValue& delivery, Config& config);

}  // namespace detail
}  // namespace leadscore
