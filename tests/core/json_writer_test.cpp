// JsonWriter: the text every result leaves the core as (scores, state, stored
// profiles). It must always be valid JSON that reads back to what was written.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "leadscore/json.hpp"
#include "leadscore/json_writer.hpp"

using namespace leadscore;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::string score_text(double v) {
  JsonWriter w;
  w.score(v);
  return w.take();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_writer_test)

BOOST_AUTO_TEST_CASE(nesting_and_commas) {
  JsonWriter w;
  w.begin_object()
      .field("a", 1)
      .key("b")
      .begin_array()
      .value(1)
      .value("x")
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .null()
      .begin_array()
      .begin_array()
      .value(true)
      .end_array()
      .end_array()
      .end_array()
      .field("c", true)
      .key("d")
      .begin_object()
      .field("e", false)
      .key("f")
      .begin_object()
      .end_object()
      .end_object()
      .field("g", "h")
      .end_object();
  const std::string expected =
      R"({"a":1,"b":[1,"x",{},[],null,[[true]]],"c":true,"d":{"e":false,"f":{}},"g":"h"})";
  BOOST_TEST(w.text() == expected);
  BOOST_TEST(json::parse(w.text()).dump() == expected);
  BOOST_TEST(w.take() == expected);
}

BOOST_AUTO_TEST_CASE(empty_containers_and_raw) {
  BOOST_TEST(JsonWriter().begin_object().end_object().text() == "{}");
  BOOST_TEST(JsonWriter().begin_array().end_array().text() == "[]");
  JsonWriter w;
  w.begin_array().raw(R"({"nested":[1,2]})").value(2).raw("null").end_array();
  BOOST_TEST(w.text() == R"([{"nested":[1,2]},2,null])");
  JsonWriter o;
  o.begin_object().key("doc").raw(R"({"a":1})").field("n", 2).end_object();
  BOOST_TEST(o.text() == R"({"doc":{"a":1},"n":2})");
}

BOOST_AUTO_TEST_CASE(string_escapes) {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"", R"("")"},
      {"plain", R"("plain")"},
      {"a\"b", R"("a\"b")"},
      {"a\\b", R"("a\\b")"},
      {"line\nbreak", R"("line\nbreak")"},
      {"cr\rtab\t", R"("cr\rtab\t")"},
      {"\x01", R"("\u0001")"},
      {"\x1f", R"("\u001f")"},
      {"\b\f", R"("\u0008\u000c")"},
      {std::string("nul\0in", 6), R"("nul\u0000in")"},
      {"\x7f", "\"\x7f\""},               // DEL is allowed in JSON strings
      {"/</script>", R"("/</script>")"},  // '/' needs no escape
      {"Hà Nội สวัสดี 😀", "\"Hà Nội สวัสดี 😀\""},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.out) {
      std::string s;
      append_json_string(s, c.in);
      BOOST_TEST(s == c.out);
      JsonWriter w;
      w.begin_object().field(c.in, c.in).end_object();  // keys are escaped as values are
      const json back = json::parse(w.text());
      BOOST_TEST(back.begin().key() == c.in);
      BOOST_TEST(back.begin()->get<std::string>() == c.in);
    }
  }
}

BOOST_AUTO_TEST_CASE(integers_and_booleans) {
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {JsonWriter().value(0).text(), "0"},
      {JsonWriter().value(-42).text(), "-42"},
      {JsonWriter().value(std::int64_t{1767600001903}).text(), "1767600001903"},
      {JsonWriter().value(std::int64_t{-9007199254740991}).text(), "-9007199254740991"},
      {JsonWriter().value(std::uint64_t{9007199254740991}).text(), "9007199254740991"},
      {JsonWriter().value(std::uint32_t{4294967295u}).text(), "4294967295"},
      {JsonWriter().value(true).text(), "true"},
      {JsonWriter().value(false).text(), "false"},
      {JsonWriter().null().text(), "null"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.expected) { BOOST_TEST(c.text == c.expected); }
  }
}

// Scores show 2 decimals, rounded half away from zero on the double's value.
BOOST_AUTO_TEST_CASE(score_rounding_table) {
  struct Case {
    double v;
    std::string text;
  };
  const Case cases[] = {
      {0, "0"},
      {-0.0, "0"},
      {0.004, "0"},
      {-0.004, "0"},  // no "-0"
      {0.005, "0.01"},
      {-0.005, "-0.01"},
      {0.1, "0.1"},
      {0.07, "0.07"},
      {1.1, "1.1"},
      {2.5, "2.5"},
      {-3, "-3"},
      {12.346, "12.35"},
      {12.344, "12.34"},
      {-12.346, "-12.35"},
      {99.999, "100"},
      {-99.995, "-100"},
      {1.005, "1"},  // 1.005 is 1.00499999999999989... as a double
      {1234567.891, "1234567.89"},
      {1e14, "100000000000000"},
      {1e16, "1e+16"},  // too large for hundredths: the exact number instead
      {-1e16, "-1e+16"},
      {std::numeric_limits<double>::infinity(), "null"},
      {-std::numeric_limits<double>::infinity(), "null"},
      {std::numeric_limits<double>::quiet_NaN(), "null"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.v) {
      const std::string text = score_text(c.v);
      BOOST_TEST(text == c.text);
      if (c.text != "null") {
        BOOST_TEST(json::parse(text).get<double>() == std::round(c.v * 100) / 100 ,
                   "reads back as " << json::parse(text).get<double>());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(double_values_read_back_exactly) {
  const double awkward[] = {
      0.1,
      1.0 / 3,
      -2.0 / 3,
      1e-300,
      5e-324,  // smallest subnormal
      2.2250738585072014e-308,
      9007199254740994.0,  // 2^53 + 2
      9007199254740993.0 * 2,
      std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      123456.789e-3,
      1.5 * std::exp2(-20),
      0.30000000000000004,
      1e21,
      1e22,
      4.35,
      -1.0,
      0.0,
  };
  for (double v : awkward) {
    BOOST_TEST_CONTEXT(v) {
      JsonWriter w;
      w.begin_array().value(v).end_array();
      const json back = json::parse(w.text());
      BOOST_TEST(back.is_array());
      BOOST_TEST(same_bits(back[0].get<double>(), v), w.text() << " reads back as " << back[0].get<double>());
    }
  }
  // Integral values print as integers, without a fraction or exponent.
  BOOST_TEST(JsonWriter().value(50.0).text() == "50");
  BOOST_TEST(JsonWriter().value(-7.0).text() == "-7");
  BOOST_TEST(JsonWriter().value(-0.0).text() == "0");
}

BOOST_AUTO_TEST_CASE(non_finite_doubles_are_null) {
  for (double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()}) {
    BOOST_TEST_CONTEXT(v) {
      JsonWriter w;
      w.begin_object().field("x", v).end_object();
      BOOST_TEST(w.text() == R"({"x":null})");
      BOOST_TEST(json::parse(w.text())["x"].is_null());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
