#include "leadscore/json_access.hpp"

#include <cmath>
#include <cstdint>

#include "leadscore/detail/string_index.hpp"
#include "leadscore/text.hpp"

namespace leadscore::detail {

const char* json_type_name(const JsonValue& v) {
  switch (v.type()) {
    case JsonValue::Type::null: return "null";
    case JsonValue::Type::boolean: return "a boolean";
    case JsonValue::Type::number: return "a number";
    case JsonValue::Type::string: return "a string";
    case JsonValue::Type::array: return "an array";
    case JsonValue::Type::object: return "an object";
    default: return "an unsupported value";
  }
}

void Checker::fail(std::string_view kind, const std::string& path, std::string message) {
  std::string id = domain_;
  id += '.';
  id += kind;
  out_.push_back(Error{std::move(id), path, std::move(message)});
}

void Checker::fail(std::string_view kind, const std::string& path, const char* message) {
  fail(kind, path, std::string(message));
}

void Checker::fail_at(std::string_view kind, const std::string& path, const char* key, const char* message) {
  fail(kind, json_pointer_child(path, key), message);
}

void Checker::fail_quoted(std::string_view kind, const std::string& path, const char* before,
                          const std::string& value, const char* after) {
  fail(kind, path, before + ('"' + value) + '"' + after);
}

void Checker::fail_type(const std::string& path, const char* expected, const JsonValue& v) {
  fail("type", path, std::string(expected) + ", got " + json_type_name(v));
}

const JsonValue* Checker::find(const JsonValue& obj, std::string_view key) { return obj.find(key); }

void Checker::only_keys(const JsonValue& obj, const std::string& path,
                        std::initializer_list<std::string_view> allowed) {
  if (!obj.is_object()) return;
  for (std::size_t member = 0; member < obj.size(); ++member) {
    const std::string& name = obj.key(member);
    repeated_key(obj, member, path);
    bool known = false;
    for (std::string_view a : allowed) known = known || name == a;
    if (known) continue;
    std::string list;
    for (std::string_view a : allowed) {
      if (!list.empty()) list += ", ";
      list += a;
    }
    fail("unknown_key", json_pointer_child(path, name), "unknown key (allowed: " + list + ")");
  }
}

void Checker::repeated_key(const JsonValue& obj, std::size_t member, const std::string& path) {
  if (obj.key_repeated(member)) fail("duplicate_key", json_pointer_child(path, obj.key(member)), "given twice");
}

bool Checker::unique(StringIndex& seen, const std::string& id, const std::string& path, const char* what,
                     const char* where) {
  const std::size_t before = seen.size();
  if (static_cast<std::size_t>(seen.insert(id)) == before) return true;
  fail("duplicate", path, std::string(what) + " \"" + id + "\" " + where);
  return false;
}

bool Checker::expect_object(const JsonValue& v, const std::string& path) {
  if (v.is_object()) return true;
  fail_type(path, "expected an object", v);
  return false;
}

bool Checker::expect_array(const JsonValue& v, const std::string& path) {
  if (v.is_array()) return true;
  fail_type(path, "expected an array", v);
  return false;
}

const JsonValue* Checker::member_or_report(const JsonValue& obj, const std::string& path,
                                      std::string_view key, bool required) {
  const JsonValue* v = find(obj, key);
  if (!v && required) {
    fail("required", json_pointer_child(path, std::string(key)), "required key is missing");
  }
  return v;
}

std::optional<double> Checker::number(const JsonValue& obj, const std::string& path,
                                      std::string_view key, bool required, double min,
                                      double max) {
  const JsonValue* v = member_or_report(obj, path, key, required);
  if (!v) return std::nullopt;
  const std::string at = json_pointer_child(path, std::string(key));
  if (!v->is_number()) {
    fail_type(at, "expected a number", *v);
    return std::nullopt;
  }
  const double d = v->as_number();
  if (!std::isfinite(d) || d < min || d > max) {
    fail("range", at, "must be between " + format_number(min) + " and " + format_number(max));
    return std::nullopt;
  }
  return d;
}

std::optional<std::int64_t> Checker::integer(const JsonValue& obj, const std::string& path,
                                             std::string_view key, bool required,
                                             std::int64_t min, std::int64_t max) {
  const JsonValue* v = find(obj, key);
  if (v && v->is_number() && v->as_number() != std::trunc(v->as_number())) {
    fail("range", json_pointer_child(path, std::string(key)), "must be a whole number");
    return std::nullopt;
  }
  const auto d = number(obj, path, key, required, static_cast<double>(min), static_cast<double>(max));
  if (!d) return std::nullopt;
  return static_cast<std::int64_t>(*d);
}

std::optional<std::string> Checker::string(const JsonValue& obj, const std::string& path,
                                           std::string_view key, bool required,
                                           std::size_t max_bytes, bool allow_empty) {
  const JsonValue* v = member_or_report(obj, path, key, required);
  if (!v) return std::nullopt;
  const std::string at = json_pointer_child(path, std::string(key));
  if (!v->is_string()) {
    fail_type(at, "expected a string", *v);
    return std::nullopt;
  }
  const auto& s = v->as_string();
  if (s.empty() && !allow_empty) {
    fail("empty", at, "must not be empty");
    return std::nullopt;
  }
  if (s.size() > max_bytes) {
    fail("range", at, "longer than " + format_number(static_cast<double>(max_bytes)) + " bytes");
    return std::nullopt;
  }
  if (!is_valid_utf8(s)) {
    fail("type", at, "not valid UTF-8");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Checker::boolean(const JsonValue& obj, const std::string& path,
                                     std::string_view key, bool required) {
  const JsonValue* v = member_or_report(obj, path, key, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    fail_type(json_pointer_child(path, std::string(key)), "expected a boolean", *v);
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::vector<std::string>> Checker::strings(const JsonValue& obj, const std::string& path,
                                                         std::string_view key, bool required,
                                                         std::size_t max_bytes) {
  const JsonValue* v = member_or_report(obj, path, key, required);
  if (!v) return std::nullopt;
  const std::string at = json_pointer_child(path, std::string(key));
  std::vector<std::string> out;
  if (v->is_string()) {
    if (auto s = string(obj, path, key, true, max_bytes)) out.push_back(std::move(*s));
    return out.empty() ? std::nullopt : std::optional(std::move(out));
  }
  if (!v->is_array()) {
    fail_type(at, "expected a string or an array of strings", *v);
    return std::nullopt;
  }
  if (v->empty()) {
    fail("empty", at, "must not be empty");
    return std::nullopt;
  }
  const std::size_t before = error_count();
  for (std::size_t i = 0; i < v->size(); ++i) {
    const JsonValue& e = (*v)[i];
    const std::string ei = json_pointer_child(at, i);
    if (!e.is_string()) {
      fail_type(ei, "expected a string", e);
    } else if (e.as_string().empty()) {
      fail("empty", ei, "must not be empty");
    } else if (e.as_string().size() > max_bytes) {
      fail("range", ei, "longer than " + format_number(static_cast<double>(max_bytes)) + " bytes");
    } else if (!is_valid_utf8(e.as_string())) {
      fail("type", ei, "not valid UTF-8");
    } else {
      out.push_back(e.as_string());
    }
  }
  if (error_count() != before) return std::nullopt;
  return out;
}

std::optional<std::string> Checker::choice(const JsonValue& obj, const std::string& path,
                                           std::string_view key, bool required,
                                           std::initializer_list<std::string_view> choices) {
  auto s = string(obj, path, key, required);
  if (!s) return std::nullopt;
  for (std::string_view c : choices) {
    if (*s == c) return s;
  }
  std::string list;
  for (std::string_view c : choices) {
    if (!list.empty()) list += ", ";
    list += c;
  }
  fail("enum", json_pointer_child(path, std::string(key)),
       "\"" + *s + "\" is not one of: " + list);
  return std::nullopt;
}

namespace {
// Numbers every value of the document by its JSON pointer, in a depth-first
// walk in the document's own key order: the ids of `order`.
void number_paths(const JsonValue& v, const std::string& path, StringIndex& order) {
  order.insert(path);
  for (std::size_t i = 0; i < v.size(); ++i) {
    number_paths(v[i], v.is_object() ? json_pointer_child(path, v.key(i)) : json_pointer_child(path, i), order);
  }
}
}  // namespace

void sort_by_document_order(const JsonValue& document, Errors& errors) {
  // Each error's place is looked up in a hash index, and the errors are
  // gathered place by place (stable, linear). Each used to be searched for
  // among every value of the document, and the list insertion-sorted:
  // 40,000 errors took seconds.
  StringIndex order;
  number_paths(document, "", order);
  // The errors at each place, as lists: first[place] and next[error] (-1: none).
  std::vector<std::int32_t> first, next;
  first.assign(order.size(), -1);
  next.assign(errors.size(), -1);
  for (std::size_t i = errors.size(); i-- > 0;) {
    // A missing key's path does not occur: use the nearest enclosing value.
    std::string path = errors[i].path;
    int place;
    while ((place = order.find(path)) < 0) {
      const std::size_t slash = path.rfind('/');
      path.erase(slash == std::string::npos ? 0 : slash);
    }
    next[i] = first[static_cast<std::size_t>(place)];
    first[static_cast<std::size_t>(place)] = static_cast<std::int32_t>(i);
  }
  Errors sorted;
  sorted.reserve(errors.size());
  for (std::int32_t i : first) {
    for (; i >= 0; i = next[static_cast<std::size_t>(i)]) sorted.push_back(std::move(errors[static_cast<std::size_t>(i)]));
  }
  errors = std::move(sorted);
}

bool declares(const JsonValue* list, std::string_view id) {
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    const JsonValue* own = (*list)[i].find("id");
    if (own && own->is_string() && own->as_string() == id) return true;
  }
  return false;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace leadscore::detail
