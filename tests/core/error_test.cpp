// Errors as values (error.hpp) and the checked document reader every input
// goes through (json_access.hpp): the ids, paths and messages people see when
// a config or a stored profile is wrong, and the order they read them in.

#include <boost/test/unit_test.hpp>

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "leadscore/error.hpp"
#include "fixtures.hpp"
#include "leadscore/json_access.hpp"
#include "leadscore/json_text.hpp"

using namespace leadscore;
using detail::Checker;

namespace {

std::string dump(const Errors& errors) {
  std::string out;
  for (const Error& e : errors) out += "\n  " + e.to_string();
  return out.empty() ? " (none)" : out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(error_test)

BOOST_AUTO_TEST_CASE(to_string_format) {
  struct Case {
    Error error;
    std::string text;
  };
  const Case cases[] = {
      {{"leadscore.config.type", "/rules/3/points", "expected a number"},
       "[leadscore.config.type] /rules/3/points: expected a number"},
      // The whole input has the empty pointer; people read it as "/".
      {{"leadscore.config.syntax", "", "parse error at line 1, column 2"},
       "[leadscore.config.syntax] /: parse error at line 1, column 2"},
      {{"leadscore.profile.foreign", "/schema", "not a LeadScore profile"},
       "[leadscore.profile.foreign] /schema: not a LeadScore profile"},
      {{"x", "/a~1b/0", ""}, "[x] /a~1b/0: "},
      {{"leadscore.config.enum", "/temperature/score", "\"tot\" is not one of: engagement, total"},
       "[leadscore.config.enum] /temperature/score: \"tot\" is not one of: engagement, total"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.text) { BOOST_TEST(c.error.to_string() == c.text); }
  }
}

// The CLI prints one error per line: a key or value with a line break, a
// NUL or another control character must not split the line or cut it short.
BOOST_AUTO_TEST_CASE(to_string_is_one_line_whatever_the_input) {
  const Error e{"leadscore.config.unknown_key", json_pointer_child("", std::string("a\nb\r\0c\t\x1f\x7f", 9)),
                "unknown key \"x\ny\""};
  BOOST_TEST(e.to_string() ==
             "[leadscore.config.unknown_key] /a\\nb\\r\\u0000c\\t\\u001f\\u007f: unknown key \"x\\ny\"");
  // Text people wrote, in any script, and backslashes are left as they are.
  const Error plain{"x", "/Tên khách", "\"a\\b\" ✓"};
  BOOST_TEST(plain.to_string() == "[x] /Tên khách: \"a\\b\" ✓");
}

BOOST_AUTO_TEST_CASE(json_pointer_child_escapes_rfc6901) {
  struct Case {
    std::string parent, key, pointer;
  };
  const Case cases[] = {
      {"", "a", "/a"},
      {"/rules", "points", "/rules/points"},
      {"", "a/b", "/a~1b"},
      {"", "~", "/~0"},
      {"", "~1", "/~01"},  // '~' first, so "~1" does not read back as "/"
      {"", "/~", "/~1~0"},
      {"/x", "~/~/", "/x/~0~1~0~1"},
      {"", "", "/"},  // the empty key is a valid member name
      {"/contact", "Tên khách", "/contact/Tên khách"},
      {"/counts", "a b\"c\\", "/counts/a b\"c\\"},  // only '~' and '/' are escaped
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("parent " << c.parent << " key " << c.key) {
      BOOST_TEST(json_pointer_child(c.parent, c.key) == c.pointer);
      // nlohmann reads the pointer back to the same member.
      if (c.parent.empty()) {
        const json doc = {{c.key, 1}};
        BOOST_TEST(doc.at(json::json_pointer(json_pointer_child(c.parent, c.key))) == 1);
      }
    }
  }
  BOOST_TEST(json_pointer_child("/rules", std::size_t{3}) == "/rules/3");
  BOOST_TEST(json_pointer_child("", std::size_t{0}) == "/0");
  BOOST_TEST(json_pointer_child("/a~1b", std::size_t{12}) == "/a~1b/12");
}

BOOST_AUTO_TEST_CASE(json_type_names) {
  struct Case {
    JsonValue value;
    std::string name;
  };
  const Case cases[] = {
      {JsonValue(), "null"},                {JsonValue::boolean(true), "a boolean"},
      {JsonValue::number(-3), "a number"},  {JsonValue::number(1.5), "a number"},
      {JsonValue::string("x"), "a string"}, {JsonValue::array(), "an array"},
      {JsonValue::object(), "an object"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) { BOOST_TEST(detail::json_type_name(c.value) == c.name); }
  }
}

// Every accessor, every way it can refuse a value: the id ("<domain>.<kind>"),
// the path (parent path + key) and the message people read.
BOOST_AUTO_TEST_CASE(checker_accessor_errors) {
  using Read = std::function<bool(Checker&, const JsonValue&)>;  // true: a value came back
  struct Case {
    const char* name;
    const char* doc;
    Read read;
    const char* id;  // nullptr: no error expected
    const char* path;
    const char* message;
  };
  const std::string p = "/rules/0";
  auto num = [p](bool required, double lo, double hi) {
    return [=](Checker& c, const JsonValue& d) { return c.number(d, p, "n", required, lo, hi).has_value(); };
  };
  auto integer = [p](bool required, std::int64_t lo, std::int64_t hi) {
    return [=](Checker& c, const JsonValue& d) { return c.integer(d, p, "n", required, lo, hi).has_value(); };
  };
  auto str = [p](bool required, std::size_t max, bool allow_empty) {
    return [=](Checker& c, const JsonValue& d) { return c.string(d, p, "s", required, max, allow_empty).has_value(); };
  };
  auto boolean = [p](bool required) {
    return [=](Checker& c, const JsonValue& d) { return c.boolean(d, p, "b", required).has_value(); };
  };
  auto choice = [p](bool required) {
    return [=](Checker& c, const JsonValue& d) {
      return c.choice(d, p, "dimension", required, {"engagement", "fit"}).has_value();
    };
  };
  // clang-format off
  const Case cases[] = {
    {"number ok",              R"({"n": 5})",        num(true, 1, 10), nullptr, "", ""},
    {"number at min",          R"({"n": 1})",        num(true, 1, 10), nullptr, "", ""},
    {"number at max",          R"({"n": 10})",       num(true, 1, 10), nullptr, "", ""},
    {"number missing",         R"({})",              num(true, 1, 10), "t.required", "/rules/0/n", "required key is missing"},
    {"number optional",        R"({})",              num(false, 1, 10), nullptr, "", ""},
    {"number is string",       R"({"n": "5"})",      num(true, 1, 10), "t.type", "/rules/0/n", "expected a number, got a string"},
    {"number is null",         R"({"n": null})",     num(false, 1, 10), "t.type", "/rules/0/n", "expected a number, got null"},
    {"number is bool",         R"({"n": true})",     num(true, 1, 10), "t.type", "/rules/0/n", "expected a number, got a boolean"},
    {"number below",           R"({"n": 0.5})",      num(true, 1, 10), "t.range", "/rules/0/n", "must be between 1 and 10"},
    {"number above",           R"({"n": 10.001})",   num(true, 1, 10), "t.range", "/rules/0/n", "must be between 1 and 10"},
    {"number fraction bounds", R"({"n": 0})",        num(true, 0.01, 36500), "t.range", "/rules/0/n", "must be between 0.01 and 36500"},
    {"number negative bounds", R"({"n": -2e6})",     num(true, -1e6, 1e6), "t.range", "/rules/0/n", "must be between -1000000 and 1000000"},
    {"number huge",            R"({"n": 1e308})",    num(true, -1e6, 1e6), "t.range", "/rules/0/n", "must be between -1000000 and 1000000"},
    {"integer ok",             R"({"n": 30})",       integer(true, 1, 1440), nullptr, "", ""},
    {"integer 2.0 is whole",   R"({"n": 2.0})",      integer(true, 1, 1440), nullptr, "", ""},
    {"integer 1.5",            R"({"n": 1.5})",      integer(true, 1, 1440), "t.range", "/rules/0/n", "must be a whole number"},
    {"integer -0.5",           R"({"n": -0.5})",     integer(false, -5, 5), "t.range", "/rules/0/n", "must be a whole number"},
    {"integer range",          R"({"n": 1441})",     integer(true, 1, 1440), "t.range", "/rules/0/n", "must be between 1 and 1440"},
    {"integer type",           R"({"n": "30"})",     integer(true, 1, 1440), "t.type", "/rules/0/n", "expected a number, got a string"},
    {"integer missing",        R"({})",              integer(true, 1, 1440), "t.required", "/rules/0/n", "required key is missing"},
    {"integer optional",       R"({})",              integer(false, 1, 1440), nullptr, "", ""},
    {"string ok",              R"({"s": "abc"})",    str(true, 4, false), nullptr, "", ""},
    {"string at max bytes",    R"({"s": "abcd"})",   str(true, 4, false), nullptr, "", ""},
    {"string too long",        R"({"s": "abcde"})",  str(true, 4, false), "t.range", "/rules/0/s", "longer than 4 bytes"},
    {"string bytes not chars", R"({"s": "ééé"})",    str(true, 4, false), "t.range", "/rules/0/s", "longer than 4 bytes"},
    {"string empty",           R"({"s": ""})",       str(true, 4, false), "t.empty", "/rules/0/s", "must not be empty"},
    {"string empty allowed",   R"({"s": ""})",       str(true, 4, true), nullptr, "", ""},
    {"string type",            R"({"s": 3})",        str(true, 4, false), "t.type", "/rules/0/s", "expected a string, got a number"},
    {"string array",           R"({"s": ["a"]})",    str(true, 4, false), "t.type", "/rules/0/s", "expected a string, got an array"},
    {"string missing",         R"({})",              str(true, 4, false), "t.required", "/rules/0/s", "required key is missing"},
    {"string optional",        R"({})",              str(false, 4, false), nullptr, "", ""},
    {"boolean ok",             R"({"b": false})",    boolean(true), nullptr, "", ""},
    {"boolean type",           R"({"b": "true"})",   boolean(true), "t.type", "/rules/0/b", "expected a boolean, got a string"},
    {"boolean number",         R"({"b": 1})",        boolean(false), "t.type", "/rules/0/b", "expected a boolean, got a number"},
    {"boolean missing",        R"({})",              boolean(true), "t.required", "/rules/0/b", "required key is missing"},
    {"choice ok",              R"({"dimension": "fit"})",  choice(true), nullptr, "", ""},
    {"choice not allowed",     R"({"dimension": "Fit"})",  choice(true), "t.enum", "/rules/0/dimension", "\"Fit\" is not one of: engagement, fit"},
    {"choice type",            R"({"dimension": 1})",      choice(true), "t.type", "/rules/0/dimension", "expected a string, got a number"},
    {"choice empty",           R"({"dimension": ""})",     choice(true), "t.empty", "/rules/0/dimension", "must not be empty"},
    {"choice missing",         R"({})",                    choice(true), "t.required", "/rules/0/dimension", "required key is missing"},
    {"choice optional",        R"({})",                    choice(false), nullptr, "", ""},
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Errors errors;
      Checker check("t", errors);
      const bool got = c.read(check, test::value_of(c.doc));
      if (!c.id) {
        BOOST_TEST(errors.empty(), "unexpected errors:" << dump(errors));
        // A value comes back unless the optional member is absent.
        BOOST_TEST(got == (std::string(c.doc) != "{}"));
        continue;
      }
      BOOST_TEST(!got);
      BOOST_REQUIRE_MESSAGE(errors.size() == 1u, "errors:" << dump(errors));
      BOOST_TEST(errors[0].id == c.id);
      BOOST_TEST(errors[0].path == c.path);
      BOOST_TEST(errors[0].message == c.message);
      BOOST_TEST(check.error_count() == 1u);
    }
  }
}

BOOST_AUTO_TEST_CASE(checker_string_refuses_invalid_utf8) {
  Errors errors;
  Checker check("leadscore.profile", errors);
  JsonValue doc = JsonValue::object();
  doc.set("s", JsonValue::string("ok \xff"));  // a document built in memory can hold any bytes
  BOOST_TEST(!check.string(doc, "", "s", true));
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].to_string() == "[leadscore.profile.type] /s: not valid UTF-8");

  errors.clear();
  JsonValue list = JsonValue::array();
  list.push_back(JsonValue::string("fine"));
  list.push_back(JsonValue::string("\xc3\x28"));
  doc.set("list", list);
  BOOST_TEST(!check.strings(doc, "", "list", true));
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].to_string() == "[leadscore.profile.type] /list/1: not valid UTF-8");
}

// Documents built in memory (not parsed from text) can hold NaN and infinities.
BOOST_AUTO_TEST_CASE(checker_refuses_non_finite_numbers) {
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    BOOST_TEST_CONTEXT(bad) {
      Errors errors;
      Checker check("t", errors);
      JsonValue doc = JsonValue::object();
      doc.set("n", JsonValue::number(bad));
      BOOST_TEST(!check.number(doc, "", "n", true, -1e300, 1e300));
      BOOST_TEST(!check.integer(doc, "", "n", true, -1000, 1000));
      BOOST_REQUIRE_EQUAL(errors.size(), 2u);
      BOOST_TEST(errors[0].id == "t.range");
      BOOST_TEST(errors[0].path == "/n");
      BOOST_TEST(errors[1].id == "t.range");
    }
  }
}

BOOST_AUTO_TEST_CASE(checker_values_come_back_unchanged) {
  Errors errors;
  Checker check("t", errors);
  const JsonValue doc = test::value_of(R"({"n": -2.25, "i": 1440, "s": "Giám đốc", "b": true, "c": "engagement"})");
  BOOST_TEST(*check.number(doc, "", "n", true, -10, 10) == -2.25);
  BOOST_TEST(*check.integer(doc, "", "i", true, 1, 1440) == 1440);
  BOOST_TEST(*check.string(doc, "", "s", true) == "Giám đốc");
  BOOST_TEST(*check.boolean(doc, "", "b", true) == true);
  BOOST_TEST(*check.choice(doc, "", "c", true, {"engagement", "fit"}) == "engagement");
  BOOST_TEST(errors.empty(), dump(errors));
  BOOST_TEST(check.domain() == "t");
}

// strings(): one string or a non-empty array of them, every bad element reported.
BOOST_AUTO_TEST_CASE(checker_strings_forms) {
  struct Case {
    const char* name;
    const char* doc;
    std::vector<std::string> value;  // when no errors
    std::vector<std::string> errors;  // to_string() of each, in order
  };
  // clang-format off
  const Case cases[] = {
    {"one string",       R"({"event": "click"})",              {"click"}, {}},
    {"array",            R"({"event": ["a", "b", "a"]})",      {"a", "b", "a"}, {}},
    {"missing optional", R"({})",                              {}, {}},
    {"empty array",      R"({"event": []})",                   {}, {"[t.empty] /r/event: must not be empty"}},
    {"empty string",     R"({"event": ""})",                   {}, {"[t.empty] /r/event: must not be empty"}},
    {"long string",      R"({"event": "abcdefghi"})",          {}, {"[t.range] /r/event: longer than 8 bytes"}},
    {"number",           R"({"event": 3})",                    {}, {"[t.type] /r/event: expected a string or an array of strings, got a number"}},
    {"object",           R"({"event": {}})",                   {}, {"[t.type] /r/event: expected a string or an array of strings, got an object"}},
    {"mixed array",      R"({"event": ["ok", 1, "", null, "abcdefghi", "fine"]})", {},
                         {"[t.type] /r/event/1: expected a string, got a number",
                          "[t.empty] /r/event/2: must not be empty",
                          "[t.type] /r/event/3: expected a string, got null",
                          "[t.range] /r/event/4: longer than 8 bytes"}},
    {"nested array",     R"({"event": [["a"]]})",              {}, {"[t.type] /r/event/0: expected a string, got an array"}},
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Errors errors;
      Checker check("t", errors);
      const auto got = check.strings(test::value_of(c.doc), "/r", "event", false, 8);
      std::vector<std::string> texts;
      for (const Error& e : errors) texts.push_back(e.to_string());
      BOOST_TEST(texts == c.errors, boost::test_tools::per_element());
      if (c.errors.empty() && !c.value.empty()) {
        BOOST_REQUIRE(got);
        BOOST_TEST(*got == c.value, boost::test_tools::per_element());
      } else {
        BOOST_TEST(!got);
      }
    }
  }
  Errors errors;
  Checker check("t", errors);
  BOOST_TEST(!check.strings(JsonValue::object(), "/r", "event", true));
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].to_string() == "[t.required] /r/event: required key is missing");
}

BOOST_AUTO_TEST_CASE(only_keys_reports_each_unknown_key) {
  Errors errors;
  Checker check("leadscore.config", errors);
  const JsonValue doc = test::value_of(R"({"id": "a", "pionts": 5, "points": 5, "a/b": 1, "cap": 2})");
  check.only_keys(doc, "/rules/4", {"id", "points", "cap"});
  BOOST_REQUIRE_EQUAL(errors.size(), 2u);
  BOOST_TEST(errors[0].to_string() ==
             "[leadscore.config.unknown_key] /rules/4/pionts: unknown key (allowed: id, points, cap)");
  BOOST_TEST(errors[1].path == "/rules/4/a~1b");
  BOOST_TEST(errors[1].id == "leadscore.config.unknown_key");

  errors.clear();
  check.only_keys(test::value_of(R"({"id": 1})"), "", {"id"});
  check.only_keys(test::value_of("[1, 2]"), "", {"id"});  // not an object: nothing to report here
  check.only_keys(JsonValue::string("text"), "", {});
  BOOST_TEST(errors.empty(), dump(errors));

  check.only_keys(test::value_of(R"({"x": 1})"), "", {});
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].to_string() == "[leadscore.config.unknown_key] /x: unknown key (allowed: )");
}

BOOST_AUTO_TEST_CASE(expect_object_and_array) {
  Errors errors;
  Checker check("d", errors);
  BOOST_TEST(check.expect_object(JsonValue::object(), "/a"));
  BOOST_TEST(check.expect_array(JsonValue::array(), "/b"));
  BOOST_TEST(errors.empty());
  BOOST_TEST(!check.expect_object(JsonValue::array(), "/a"));
  BOOST_TEST(!check.expect_array(JsonValue::number(3), "/b"));
  BOOST_TEST(!check.expect_object(JsonValue(), ""));
  BOOST_REQUIRE_EQUAL(errors.size(), 3u);
  BOOST_TEST(errors[0].to_string() == "[d.type] /a: expected an object, got an array");
  BOOST_TEST(errors[1].to_string() == "[d.type] /b: expected an array, got a number");
  BOOST_TEST(errors[2].to_string() == "[d.type] /: expected an object, got null");

  check.fail("custom_kind", "/z", "said so");
  BOOST_TEST(errors.back().to_string() == "[d.custom_kind] /z: said so");
  BOOST_TEST(check.error_count() == 4u);
}

BOOST_AUTO_TEST_CASE(find_members) {
  const JsonValue doc = test::value_of(R"({"a": 1, "": 2, "b": {"a": 3}})");
  BOOST_REQUIRE(Checker::find(doc, "a"));
  BOOST_TEST(Checker::find(doc, "a")->as_number() == 1);
  BOOST_TEST(Checker::find(doc, "")->as_number() == 2);
  BOOST_TEST(!Checker::find(doc, "c"));
  BOOST_TEST(!Checker::find(doc, "A"));
  BOOST_TEST(!Checker::find(test::value_of("[1]"), "0"));  // not an object
  BOOST_TEST(!Checker::find(JsonValue(), "a"));
}

BOOST_AUTO_TEST_CASE(sort_by_document_order_follows_the_document) {
  const JsonValue doc = test::value_of(R"({"b": {"x": 1}, "a": [1, {"y": 2}], "k/e~y": 0, "c": 3})");
  // Reported in the order a reader happened to check things.
  Errors errors = {
      {"e1", "/c", ""},
      {"e2", "/a/1/y", ""},
      {"e3", "/b/x", ""},
      {"e4", "/a/1/missing", ""},  // a missing key sorts at its parent (/a/1), before /a/1/y
      {"e5", "/nope", ""},          // a missing top-level key sorts with the whole document
      {"e6", "/b/x", "second"},     // same position as e3: stays after it
      {"e7", "", ""},
      {"e8", "/k~1e~0y", ""},       // escaped keys are found
      {"e9", "/a/7", ""},           // an index past the end sorts at the array
  };
  detail::sort_by_document_order(doc, errors);
  std::vector<std::string> ids;
  for (const Error& e : errors) ids.push_back(e.id);
  const std::vector<std::string> expected = {"e5", "e7", "e3", "e6", "e9", "e4", "e2", "e8", "e1"};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
  BOOST_TEST(errors[3].message == "second");
}

BOOST_AUTO_TEST_CASE(sort_by_document_order_is_stable_and_total) {
  // Many errors at few positions: within a position they keep their order.
  const JsonValue doc = test::value_of(R"({"a": 1, "b": 2})");
  const char* paths[] = {"/b", "/a", ""};
  Errors errors;
  for (int i = 0; i < 30; ++i) errors.push_back({std::to_string(i), paths[i % 3], ""});
  detail::sort_by_document_order(doc, errors);
  std::vector<std::string> got;
  for (const Error& e : errors) got.push_back(e.path + "#" + e.id);
  std::vector<std::string> expected;
  for (const char* path : {"", "/a", "/b"}) {  // document order
    for (int i = 0; i < 30; ++i) {
      if (std::string(paths[i % 3]) == path) expected.push_back(std::string(path) + "#" + std::to_string(i));
    }
  }
  BOOST_TEST(got == expected, boost::test_tools::per_element());

  Errors none;
  detail::sort_by_document_order(doc, none);
  BOOST_TEST(none.empty());
}

BOOST_AUTO_TEST_CASE(is_identifier_table) {
  struct Case {
    std::string text;
    bool ok;
  };
  const Case cases[] = {
      {"a", true},
      {"pricing_long_dwell", true},
      {"Rule-1.v2", true},
      {"0", true},
      {"_", true},
      {"...", true},
      {std::string(64, 'x'), true},
      {std::string(65, 'x'), false},
      {"", false},
      {"a b", false},
      {"a/b", false},
      {"a:b", false},
      {"a~b", false},
      {"é", false},
      {"giám_đốc", false},
      {"tab\t", false},
      {std::string("a\0b", 3), false},
      {"a+b", false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("\"" << c.text << "\" (" << c.text.size() << " bytes)") {
      BOOST_TEST(detail::is_identifier(c.text) == c.ok);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
