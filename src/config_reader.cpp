#include "leadscore/detail/config_reader.hpp"

#include <algorithm>

#include "leadscore/config.hpp"
#include "leadscore/text.hpp"

namespace leadscore::detail {

std::string child(const std::string& path, std::string_view key) {
  return json_pointer_child(path, std::string(key));
}

std::optional<std::string> ConfigReader::identifier(const JsonValue& obj, const std::string& path,
                                                    std::string_view key, bool required) {
  auto s = check_.string(obj, path, key, required, 1000);
  if (!s) return std::nullopt;
  if (!is_identifier(*s)) {
    check_.fail("identifier", child(path, key),
                "\"" + *s + "\" is not an identifier (1-64 of A-Z a-z 0-9 _ . -)");
    return std::nullopt;
  }
  return s;
}

// ---- event types

std::optional<std::vector<int>> ConfigReader::event_types(const JsonValue& obj, const std::string& path,
                                            std::string_view key) {
  auto names = check_.strings(obj, path, key, false, 64);
  if (!names) return std::nullopt;
  std::vector<int> ids;
  for (const std::string& n : *names) {
    const int id = config_.event_types.insert(n);
    // A type listed twice must not make a rule fire (or a tag count) twice.
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

// ---- conditions

// Fields a condition can look at. Fit rules and form fields see contact
// fields only, and may name them without the "contact." prefix. Offers are
// judged on a page view without props: no type or props there.
bool ConfigReader::field(const std::string& name, FieldScope scope, Condition& c, const std::string& path) {
  auto prefixed = [&](std::string_view prefix, Field f) {
    if (name.compare(0, prefix.size(), prefix) != 0) return false;
    c.field = f;
    c.key = name.substr(prefix.size());
    return true;
  };
  bool ok = false;
  if (prefixed("contact.", Field::contact)) {
    ok = !c.key.empty();
  } else if (scope == FieldScope::contact) {
    c.field = Field::contact;
    c.key = name;
    ok = name.find('.') == std::string::npos;
  } else if (prefixed("query.", Field::query)) {
    ok = !c.key.empty();
  } else if (scope == FieldScope::event && prefixed("props.", Field::prop)) {
    ok = !c.key.empty();
  } else {
    ok = true;
    if (name == "type" && scope == FieldScope::event) {
      c.field = Field::type;
    } else if (name == "url") {
      c.field = Field::url;
    } else if (name == "path") {
      c.field = Field::path;
    } else if (name == "visit") {
      c.field = Field::visit;
    } else {
      ok = false;
    }
  }
  if (ok && c.key.size() > 64) ok = false;
  if (ok && c.field == Field::prop) c.key_id = config_.prop_keys.insert(c.key);
  if (!ok) {
    const char* fields = scope == FieldScope::contact ? "a contact field name, or contact.<name>"
                         : scope == FieldScope::page ? "url, path, visit, query.<name> or contact.<name>: offers are "
                                                       "judged on a page view, which has no props"
                                                     : "type, url, path, visit, props.<name>, query.<name> or contact.<name>";
    check_.fail("field", path, "\"" + name + "\" is not a field (" + fields + ")");
  }
  return ok;
}

std::string ConfigReader::folded(const std::string& s, bool ignore_case) {
  return ignore_case ? fold_case(s) : s;
}

// The value of one operator, checked against what the operator takes.
bool ConfigReader::operand(const JsonValue& v, const std::string& path, Condition& c) {
  auto type_error = [&](const char* expected) {
    check_.fail("type", path, std::string("expected ") + expected + ", got " +
                                  json_type_name(v));
    return false;
  };
  switch (c.op) {
    case Op::eq:
    case Op::ne:
      if (v.is_boolean()) {
        c.expects_boolean = true;
        c.boolean = v.as_bool();
      } else if (v.is_number()) {
        c.numbers.push_back(v.as_number());
      } else if (v.is_string()) {
        c.strings.push_back(folded(v.as_string(), c.ignore_case));
      } else {
        return type_error("a string, number or boolean");
      }
      return true;
    case Op::in:
    case Op::not_in: {
      if (!v.is_array()) return type_error("an array of strings or numbers");
      if (v.empty()) {
        check_.fail("empty", path, "must not be empty");
        return false;
      }
      bool ok = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        const JsonValue& e = v[i];
        if (e.is_number()) {
          c.numbers.push_back(e.as_number());
        } else if (e.is_string()) {
          c.strings.push_back(folded(e.as_string(), c.ignore_case));
        } else {
          check_.fail_type(json_pointer_child(path, i), "expected a string or number", e);
          ok = false;
        }
      }
      return ok;
    }
    case Op::gt:
    case Op::gte:
    case Op::lt:
    case Op::lte:
      if (!v.is_number()) return type_error("a number");
      c.numbers.push_back(v.as_number());
      return true;
    case Op::contains:
    case Op::starts_with:
    case Op::ends_with:
      if (!v.is_string()) return type_error("a string");
      if (v.as_string().empty()) {
        check_.fail("empty", path, "must not be empty");
        return false;
      }
      c.strings.push_back(folded(v.as_string(), c.ignore_case));
      return true;
    case Op::contains_any:
    case Op::starts_with_any:
    case Op::ends_with_any: {
      if (!v.is_array()) return type_error("an array of strings");
      if (v.empty()) {
        check_.fail("empty", path, "must not be empty");
        return false;
      }
      bool ok = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        const JsonValue& e = v[i];
        if (!e.is_string()) {
          check_.fail_type(json_pointer_child(path, i), "expected a string", e);
          ok = false;
        } else if (e.as_string().empty()) {
          check_.fail("empty", json_pointer_child(path, i), "must not be empty");
          ok = false;
        } else {
          c.strings.push_back(folded(e.as_string(), c.ignore_case));
        }
      }
      return ok;
    }
    case Op::matches: {
      if (!v.is_string()) return type_error("a glob string");
      std::string error;
      auto glob = Glob::compile(folded(v.as_string(), c.ignore_case), error);
      if (!glob) {
        check_.fail("glob", path, error);
        return false;
      }
      c.globs.push_back(std::move(*glob));
      return true;
    }
    case Op::exists:
      if (!v.is_boolean()) return type_error("a boolean");
      c.boolean = v.as_bool();
      return true;
  }
  return false;
}

// One condition: `field`, optional `ignore_case`, exactly one operator.
// `extra_keys` are keys the enclosing object may also hold (inline fit rules).
std::optional<Condition> ConfigReader::condition(const JsonValue& obj, const std::string& path, FieldScope scope,
                                   bool check_keys) {
  if (!check_.expect_object(obj, path)) return std::nullopt;
  if (check_keys) {
    check_.only_keys(obj, path,
                     {"field", "ignore_case", "eq", "ne", "in", "not_in", "gt", "gte", "lt",
                      "lte", "contains", "contains_any", "starts_with", "starts_with_any",
                      "ends_with", "ends_with_any", "matches", "exists"});
  }
  const std::size_t before = check_.error_count();
  Condition c;
  auto name = check_.string(obj, path, "field", true, 200);
  if (name) field(*name, scope, c, child(path, "field"));
  if (auto ic = check_.boolean(obj, path, "ignore_case", false)) c.ignore_case = *ic;

  const JsonValue* value = nullptr;
  std::string op_key;
  int ops = 0;
  for (std::size_t member = 0; member < obj.size(); ++member) {
    const std::string& key = obj.key(member);
    const JsonValue& v = obj[member];
    Op op;
    if (op_from_name(key, op)) {
      ++ops;
      c.op = op;
      value = &v;
      op_key = key;
    }
  }
  if (ops != 1) {
    check_.fail("operator", path,
                ops == 0 ? "needs one operator (eq, in, gte, contains, matches, ...)"
                         : "has more than one operator; use one per condition");
  } else {
    operand(*value, child(path, op_key), c);
  }
  if (check_.error_count() != before) return std::nullopt;
  return c;
}

bool ConfigReader::conditions(const JsonValue& obj, const std::string& path, FieldScope scope,
                std::vector<Condition>& out) {
  const JsonValue* list = Checker::find(obj, "if");
  if (!list) return true;
  const std::string at = child(path, "if");
  if (!check_.expect_array(*list, at)) return false;
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto c = condition((*list)[i], json_pointer_child(at, i), scope, true);
    if (c) {
      out.push_back(std::move(*c));
    } else {
      ok = false;
    }
  }
  return ok;
}

// "path": one glob or several, as a `matches` condition on the path
// (several globs: any of them).
bool ConfigReader::path_globs(const JsonValue& obj, const std::string& path, std::vector<Condition>& out) {
  const JsonValue* p = Checker::find(obj, "path");
  if (!p) return true;
  // Length is the glob compiler's to judge (leadscore.config.glob), not a plain range.
  auto patterns = check_.strings(obj, path, "path", false, 1 << 20);
  if (!patterns) return false;
  Condition c;
  c.field = Field::path;
  c.op = Op::matches;
  bool ok = true;
  for (std::size_t i = 0; i < patterns->size(); ++i) {
    std::string error;
    auto glob = Glob::compile((*patterns)[i], error);
    if (!glob) {
      check_.fail("glob", p->is_array() ? json_pointer_child(child(path, "path"), i) : child(path, "path"),
                  error);
      ok = false;
    } else {
      c.globs.push_back(std::move(*glob));
    }
  }
  if (ok) out.push_back(std::move(c));
  return ok;
}

}  // namespace leadscore::detail
