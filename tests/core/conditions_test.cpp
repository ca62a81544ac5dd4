// Condition::test on plain values: every operator against strings, numbers,
// booleans and missing fields, numeric strings from form inputs,
// case-insensitive comparison against pre-folded expected values, and the
// operator names configs use.

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include "leadscore/conditions.hpp"

using namespace leadscore;

namespace {

// An actual value as a test case spells it.
struct Actual {
  enum Kind { missing, string, number, boolean } kind = missing;
  std::string text;
  double n = 0;
  bool b = false;
};
Actual none() { return {}; }
Actual s(std::string v) { return {Actual::string, std::move(v), 0, false}; }
Actual n(double v) { return {Actual::number, "", v, false}; }
Actual b(bool v) { return {Actual::boolean, "", 0, v}; }

std::string describe(const Actual& a) {
  switch (a.kind) {
    case Actual::missing: return "(missing)";
    case Actual::string: return "\"" + a.text + "\"";
    case Actual::number: return std::to_string(a.n);
    default: return a.b ? "true" : "false";
  }
}

bool run(const Condition& c, const Actual& a) {
  Scalar v;
  switch (a.kind) {
    case Actual::missing: return c.test(nullptr);
    case Actual::string: v = Scalar::of(std::string_view(a.text)); break;
    case Actual::number: v = Scalar::of(a.n); break;
    case Actual::boolean: v = Scalar::of_bool(a.b); break;
  }
  return c.test(&v);
}

// Conditions as load_config compiles them (expected strings already folded
// when ignore_case is set).
Condition strings(Op op, std::vector<std::string> values, bool ignore_case = false) {
  Condition c;
  c.op = op;
  c.strings = std::move(values);
  c.ignore_case = ignore_case;
  return c;
}
Condition numbers(Op op, std::vector<double> values) {
  Condition c;
  c.op = op;
  c.numbers = std::move(values);
  return c;
}
Condition mixed(Op op, std::vector<double> nums, std::vector<std::string> strs) {
  Condition c = numbers(op, std::move(nums));
  c.strings = std::move(strs);
  return c;
}
Condition boolean(Op op, bool value) {
  Condition c;
  c.op = op;
  c.expects_boolean = true;
  c.boolean = value;
  return c;
}
Condition exists(bool value) {
  Condition c;
  c.op = Op::exists;
  c.boolean = value;
  return c;
}
Condition globs(std::initializer_list<const char*> patterns, bool ignore_case = false) {
  Condition c;
  c.op = Op::matches;
  c.field = Field::path;
  c.ignore_case = ignore_case;
  for (const char* p : patterns) {
    std::string error;
    auto g = Glob::compile(p, error);
    BOOST_REQUIRE_MESSAGE(g, p << ": " << error);
    c.globs.push_back(*g);
  }
  return c;
}

struct Case {
  const char* name;
  Condition condition;
  std::vector<std::pair<Actual, bool>> checks;
};

void run_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    for (const auto& [actual, expected] : c.checks) {
      BOOST_TEST_CONTEXT(c.name << " with " << describe(actual)) { BOOST_TEST(run(c.condition, actual) == expected); }
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(conditions_test)

BOOST_AUTO_TEST_CASE(equality_operators) {
  run_cases({
      {"eq 120", numbers(Op::eq, {120}),
       {{n(120), true}, {n(120.0000001), false}, {n(-120), false}, {s("120"), true}, {s(" 120 "), true},
        {s("120.0"), true}, {s("1.2e2"), true}, {s("120abc"), false}, {s("0x78"), false}, {s(""), false},
        {b(true), false}, {none(), false}}},
      {"eq \"abc\"", strings(Op::eq, {"abc"}),
       {{s("abc"), true}, {s("ABC"), false}, {s("abc "), false}, {s(""), false}, {n(0), false},
        {b(true), false}, {none(), false}}},
      {"eq \"\" (empty string)", strings(Op::eq, {""}), {{s(""), true}, {s(" "), false}, {none(), false}}},
      {"eq ignore_case \"giám đốc\"", strings(Op::eq, {"giám đốc"}, true),
       {{s("GIÁM ĐỐC"), true}, {s("Giám Đốc"), true}, {s("giam doc"), false}, {none(), false}}},
      {"eq true", boolean(Op::eq, true),
       {{b(true), true}, {b(false), false}, {s("true"), false}, {n(1), false}, {none(), false}}},
      {"eq false", boolean(Op::eq, false),
       {{b(false), true}, {b(true), false}, {s("false"), false}, {n(0), false}, {none(), false}}},
      // ne: a missing field does not differ; a value of another type does.
      {"ne \"abc\"", strings(Op::ne, {"abc"}),
       {{s("abd"), true}, {s("abc"), false}, {s("ABC"), true}, {n(5), true}, {b(false), true}, {none(), false}}},
      {"ne ignore_case \"vp\"", strings(Op::ne, {"vp"}, true),
       {{s("VP"), false}, {s("Vp"), false}, {s("svp"), true}, {none(), false}}},
      {"ne 3", numbers(Op::ne, {3}),
       {{n(3), false}, {s("3"), false}, {s(" 3.0 "), false}, {n(4), true}, {s("three"), true},
        {b(true), true}, {none(), false}}},
      {"ne true", boolean(Op::ne, true),
       {{b(false), true}, {b(true), false}, {s("true"), true}, {n(1), true}, {none(), false}}},
  });
}

BOOST_AUTO_TEST_CASE(list_operators) {
  run_cases({
      {"in [1, 2, \"a\", \"b\"]", mixed(Op::in, {1, 2}, {"a", "b"}),
       {{n(2), true}, {s("2"), true}, {s(" 1 "), true}, {s("a"), true}, {s("A"), false}, {s("c"), false},
        {n(3), false}, {b(true), false}, {none(), false}}},
      {"in ignore_case [\"vp\", \"giám đốc\"]", strings(Op::in, {"vp", "giám đốc"}, true),
       {{s("VP"), true}, {s("GIÁM ĐỐC"), true}, {s("VPs"), false}, {none(), false}}},
      {"in strings only", strings(Op::in, {"10"}),
       {{s("10"), true}, {n(10), false}, {s("10.0"), false}}},  // no numbers listed: compare as text
      {"not_in [1, 2, \"a\", \"b\"]", mixed(Op::not_in, {1, 2}, {"a", "b"}),
       {{s("c"), true}, {n(3), true}, {s("a"), false}, {s("2"), false}, {n(1), false}, {b(true), true},
        {none(), false}}},
      {"not_in ignore_case [\"gmail.com\"]", strings(Op::not_in, {"gmail.com"}, true),
       {{s("GMAIL.COM"), false}, {s("acme.com"), true}, {n(1), true}, {none(), false}}},
  });
}

BOOST_AUTO_TEST_CASE(numeric_operators) {
  run_cases({
      {"gt 100", numbers(Op::gt, {100}),
       {{n(101), true}, {n(100), false}, {n(100.0001), true}, {s("120"), true}, {s(" 120 "), true},
        {s("1e3"), true}, {s("100"), false}, {s("12abc"), false}, {s("abc"), false}, {s(""), false},
        {s("1e999"), false}, {b(true), false}, {none(), false}}},
      {"gt 3", numbers(Op::gt, {3}),
       {{s(" 3.5 "), true}, {s("\t3.5\t"), true}, {s("3"), false}, {s("+4"), false}, {s("4."), false}}},
      {"gte 100", numbers(Op::gte, {100}),
       {{n(100), true}, {n(99.999), false}, {s("100"), true}, {s("99.99"), false}, {none(), false}}},
      {"lt 0", numbers(Op::lt, {0}),
       {{n(-1), true}, {n(0), false}, {n(-0.0), false}, {s("-0.5"), true}, {s("-1e-9"), true},
        {b(false), false}, {none(), false}}},
      {"lte 3.5", numbers(Op::lte, {3.5}),
       {{n(3.5), true}, {s(" 3.5 "), true}, {s("3.6"), false}, {s("03"), false}, {s("3,5"), false},
        {none(), false}}},
      {"lte -1e6", numbers(Op::lte, {-1e6}), {{n(-1e6), true}, {s("-1000000"), true}, {n(-999999), false}}},
  });
}

BOOST_AUTO_TEST_CASE(string_operators) {
  run_cases({
      {"contains \"vp\"", strings(Op::contains, {"vp"}),
       {{s("svp of sales"), true}, {s("vp"), true}, {s("VP"), false}, {s("v p"), false}, {n(5), false},
        {b(true), false}, {none(), false}}},
      {"contains ignore_case \"vp\"", strings(Op::contains, {"vp"}, true),
       {{s("SVP of Sales"), true}, {s("Vp"), true}, {s("Director"), false}}},
      {"contains numeric text", strings(Op::contains, {"12"}), {{s("a12b"), true}, {n(123), false}}},
      {"contains_any [\"vp\", \"head of\"]", strings(Op::contains_any, {"vp", "head of"}, true),
       {{s("Head of Sales"), true}, {s("EVP"), true}, {s("Chief"), false}, {none(), false}}},
      {"contains Thai", strings(Op::contains, {"สวัส"}, true),
       {{s("สวัสดี ครับ"), true}, {s("ดี"), false}}},
      {"contains Vietnamese ignore_case", strings(Op::contains, {"đường"}, true),
       {{s("ĐƯỜNG Lê Lợi"), true}, {s("duong"), false}}},
      {"contains Persian", strings(Op::contains, {"مدیر"}, true),
       {{s("مدیر فروش"), true}, {s("فروش"), false}}},
      {"starts_with \"/blog/\"", strings(Op::starts_with, {"/blog/"}),
       {{s("/blog/x"), true}, {s("/blog/"), true}, {s("/blo"), false}, {s("/Blog/x"), false},
        {s("x/blog/"), false}, {n(1), false}, {none(), false}}},
      {"starts_with ignore_case", strings(Op::starts_with, {"/blog/"}, true),
       {{s("/BLOG/x"), true}, {s("/Blog/"), true}}},
      {"starts_with_any", strings(Op::starts_with_any, {"/a", "/b"}),
       {{s("/bx"), true}, {s("/ax"), true}, {s("/c"), false}}},
      {"ends_with \".pdf\"", strings(Op::ends_with, {".pdf"}),
       {{s("x.pdf"), true}, {s(".pdf"), true}, {s("x.PDF"), false}, {s("pdf"), false},
        {s("x.pdf?"), false}, {none(), false}}},
      {"ends_with ignore_case", strings(Op::ends_with, {".pdf"}, true), {{s("X.PDF"), true}}},
      {"ends_with_any", strings(Op::ends_with_any, {".pdf", ".zip"}),
       {{s("a.zip"), true}, {s("a.pdf"), true}, {s("a.doc"), false}, {n(1), false}}},
  });
}

BOOST_AUTO_TEST_CASE(matches_any_of_several_globs) {
  run_cases({
      {"matches [/blog/*, /docs/**, /p?]", globs({"/blog/*", "/docs/**", "/p?"}),
       {{s("/blog/x"), true}, {s("/blog/x/y"), false}, {s("/docs/a/b/c"), true}, {s("/docs/"), true},
        {s("/pa"), true}, {s("/p"), false}, {s("/pab"), false}, {s("/other"), false}, {s("/BLOG/x"), false},
        {n(1), false}, {b(true), false}, {none(), false}}},
      {"matches ignore_case [/blog/*] (glob folded)", globs({"/blog/*"}, true),
       {{s("/BLOG/Post"), true}, {s("/blog/x/y"), false}}},
      {"matches Vietnamese glob", globs({"/bài-viết/*"}),
       {{s("/bài-viết/một"), true}, {s("/bai-viet/mot"), false}}},
  });
}

BOOST_AUTO_TEST_CASE(exists_true_and_false) {
  run_cases({
      {"exists true", exists(true),
       {{s("x"), true}, {s(""), true}, {n(0), true}, {b(false), true}, {none(), false}}},
      {"exists false", exists(false),
       {{none(), true}, {s(""), false}, {n(0), false}, {b(false), false}}},
  });
}

// The field is what the caller looked up; test() sees only the value.
BOOST_AUTO_TEST_CASE(field_and_key_do_not_change_the_test) {
  for (Field f : {Field::type, Field::url, Field::path, Field::visit, Field::prop, Field::query, Field::contact}) {
    Condition c = numbers(Op::gte, {2});
    c.field = f;
    c.key = "k";
    BOOST_TEST_CONTEXT(static_cast<int>(f)) {
      BOOST_TEST(run(c, n(2)));
      BOOST_TEST(!run(c, n(1)));
      BOOST_TEST(!run(c, none()));
    }
  }
}

BOOST_AUTO_TEST_CASE(op_names_round_trip) {
  const std::pair<Op, const char*> all[] = {
      {Op::eq, "eq"},
      {Op::ne, "ne"},
      {Op::in, "in"},
      {Op::not_in, "not_in"},
      {Op::gt, "gt"},
      {Op::gte, "gte"},
      {Op::lt, "lt"},
      {Op::lte, "lte"},
      {Op::contains, "contains"},
      {Op::contains_any, "contains_any"},
      {Op::starts_with, "starts_with"},
      {Op::starts_with_any, "starts_with_any"},
      {Op::ends_with, "ends_with"},
      {Op::ends_with_any, "ends_with_any"},
      {Op::matches, "matches"},
      {Op::exists, "exists"},
  };
  BOOST_TEST(std::size(all) == static_cast<std::size_t>(Op::exists) + 1);
  for (const auto& [op, name] : all) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(op_name(op) == name);
      Op back = op == Op::eq ? Op::exists : Op::eq;
      BOOST_TEST(op_from_name(name, back));
      BOOST_TEST(static_cast<int>(back) == static_cast<int>(op));
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_op_names_are_refused) {
  const std::string bad[] = {"",        "EQ",   "Eq",   "equals", "gte ",       " gte", "not in",
                             "notin",   "regex", "glob", "exist",  "exists_any", "in_", "lt=",
                             std::string("eq\0", 3), "contains-any"};
  for (const std::string& name : bad) {
    BOOST_TEST_CONTEXT("\"" << name << "\"") {
      Op op = Op::matches;
      BOOST_TEST(!op_from_name(name, op));
      BOOST_TEST(static_cast<int>(op) == static_cast<int>(Op::matches));  // left alone
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
