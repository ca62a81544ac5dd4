#include "leadscore/conditions.hpp"

#include <cstring>
#include <optional>

#include "leadscore/text.hpp"

namespace leadscore {
namespace {

constexpr std::string_view op_names[] = {
    "eq",       "ne",           "in",          "not_in",          "gt",        "gte",
    "lt",       "lte",          "contains",    "contains_any",    "starts_with", "starts_with_any",
    "ends_with", "ends_with_any", "matches",   "exists",
};
static_assert(sizeof(op_names) / sizeof(op_names[0]) == static_cast<int>(Op::exists) + 1);

// Numbers compare with numbers and with numeric strings: form inputs arrive as text.
std::optional<double> numeric(const Scalar& v) {
  if (v.kind == Scalar::Kind::number) return v.number;
  if (v.kind == Scalar::Kind::string) return parse_decimal(v.text);
  return std::nullopt;
}

// Sizes first, then one memcmp: string_view::compare(pos, n, other) checks
// bounds and goes through char_traits, ~4% of a wasm batch at -Oz.
// (An empty view may have a null data(), which memcmp must not see.)
bool same(const char* a, std::string_view b) { return b.empty() || std::memcmp(a, b.data(), b.size()) == 0; }
bool text_equals(std::string_view s, std::string_view e) { return s.size() == e.size() && same(s.data(), e); }
bool starts_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && same(s.data(), p); }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && same(s.data() + (s.size() - p.size()), p);
}

bool string_test(Op op, std::string_view s, const std::vector<std::string>& expected) {
  for (const std::string& e : expected) {
    bool hit = false;
    switch (op) {
      case Op::contains:
      case Op::contains_any: hit = s.find(e) != std::string_view::npos; break;
      case Op::starts_with:
      case Op::starts_with_any: hit = starts_with(s, e); break;
      case Op::ends_with:
      case Op::ends_with_any: hit = ends_with(s, e); break;
      default: break;
    }
    if (hit) return true;
  }
  return false;
}

}  // namespace

std::string_view op_name(Op op) { return op_names[static_cast<int>(op)]; }

bool op_from_name(std::string_view name, Op& op) {
  for (int i = 0; i <= static_cast<int>(Op::exists); ++i) {
    if (op_names[i] == name) {
      op = static_cast<Op>(i);
      return true;
    }
  }
  return false;
}

namespace {

// The comparison itself; `text` is the actual string, already folded when the
// condition ignores case.
bool compare(const Condition& c, const Scalar& actual, std::string_view text) {
  switch (c.op) {
    case Op::eq:
    case Op::ne:
    case Op::in:
    case Op::not_in: {
      bool equal = false;
      if (c.expects_boolean) {
        equal = actual.kind == Scalar::Kind::boolean && actual.boolean == c.boolean;
      } else {
        const std::optional<double> n = c.numbers.empty() ? std::nullopt : numeric(actual);
        for (double e : c.numbers) equal = equal || (n && *n == e);
        if (actual.kind == Scalar::Kind::string) {
          for (const std::string& e : c.strings) equal = equal || text_equals(text, e);
        }
      }
      return (c.op == Op::eq || c.op == Op::in) ? equal : !equal;
    }
    case Op::gt:
    case Op::gte:
    case Op::lt:
    case Op::lte: {
      const std::optional<double> n = numeric(actual);
      if (!n) return false;
      const double e = c.numbers[0];
      switch (c.op) {
        case Op::gt: return *n > e;
        case Op::gte: return *n >= e;
        case Op::lt: return *n < e;
        default: return *n <= e;
      }
    }
    case Op::matches:  // a "path" list compiles to one condition: any glob
      if (actual.kind != Scalar::Kind::string) return false;
      for (const Glob& g : c.globs) {
        if (g.matches(text)) return true;
      }
      return false;
    default:
      return actual.kind == Scalar::Kind::string && string_test(c.op, text, c.strings);
  }
}

}  // namespace

Scalar stored_text(const Condition& c, std::string_view text) {
  if (c.expects_boolean && (text == "true" || text == "false")) return Scalar::of_bool(text == "true");
  return Scalar::of(text);
}

bool Condition::test(const Scalar* actual) const {
  if (op == Op::exists) return (actual != nullptr) == boolean;
  if (!actual) return false;
  // Expected values were folded when the config was compiled; fold the actual once.
  if (ignore_case && actual->kind == Scalar::Kind::string) {
    const std::string folded = fold_case(actual->text);
    return compare(*this, *actual, folded);
  }
  return compare(*this, *actual, actual->text);
}

}  // namespace leadscore
