// parse_json_document, the WebAssembly module's only JSON reader (configs,
// stored profiles and queues, form answers cross from JS as text), against
// nlohmann, the native reader the CLI uses: the same accept/refuse decision
// and the same document, on every config fixture and on a table of edge
// cases (json_document_diff.hpp says what "the same" means).
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "json_document_diff.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/json_value.hpp"

namespace {

using leadscore::Error;
using leadscore::JsonValue;
using leadscore::json;
using leadscore::parse_json_document;
using leadscore::test::document_disagreement;

std::string nested(int levels, char open, char close, const std::string& inner = "") {
  return std::string(static_cast<std::size_t>(levels), open) + inner + std::string(static_cast<std::size_t>(levels), close);
}

// `levels` objects, each the value of the one around it ("k"), the innermost empty.
std::string objects(int levels) {
  std::string open;
  std::string close;
  for (int i = 1; i < levels; ++i) {
    open += "{\"k\":";
    close += "}";
  }
  return open + "{}" + close;
}

struct Case {
  const char* what;
  std::string text;
  bool accepted;
};

const std::vector<Case>& edge_cases() {
  static const std::vector<Case> cases = {
      // Scalars at the root, whitespace.
      {"an object", R"({"a": 1})", true},
      {"a number at the root", "42", true},
      {"a string at the root", R"("x")", true},
      {"null, true, false", "[null, true, false]", true},
      {"whitespace around and between", " \t\r\n{ \"a\" :\n[ 1 ,\t2 ] }\r\n ", true},
      {"empty text", "", false},
      {"only whitespace", " \n\t ", false},
      {"a form feed is not whitespace", "\f{}", false},
      {"a vertical tab is not whitespace", "{}\v", false},
      {"a non-breaking space is not whitespace", "\xC2\xA0{}", false},
      {"two documents", "{} {}", false},
      {"text after the document", "[1]x", false},
      // nlohmann alone stops at a NUL byte; parse_json_text refuses what follows.
      {"a NUL after the document", std::string("{}\0", 3), false},
      {"a NUL and text after the document", std::string("[1] \0 garbage", 13), false},
      // Strings and escapes.
      {"every short escape", R"(["\"\\\/\b\f\n\r\t"])", true},
      {"\\u escapes, upper and lower case hex", R"(["\u00e9\u00C9\u20AC\u0041"])", true},
      {"\\u0000", R"(["a\u0000b"])", true},
      {"a surrogate pair", R"(["\ud83d\ude00"])", true},
      {"a surrogate pair in a key", R"({"\uD83D\uDE00": 1})", true},
      {"an unpaired high surrogate", R"(["\ud83d"])", false},
      {"an unpaired high surrogate before text", R"(["\ud83dx"])", false},
      {"an unpaired low surrogate", R"(["\ude00"])", false},
      {"two high surrogates", R"(["\ud83d\ud83d"])", false},
      {"a high surrogate and a non-surrogate escape", R"(["\ud83d\u0041"])", false},
      {"a short \\u escape", R"(["\u12"])", false},
      {"a \\u escape with a non-hex digit", R"(["\u12g4"])", false},
      {"an unknown escape", R"(["\a"])", false},
      {"an escaped apostrophe", R"(["\'"])", false},
      {"a raw tab in a string", "[\"a\tb\"]", false},
      {"a raw newline in a string", "[\"a\nb\"]", false},
      {"a raw NUL in a string", std::string("[\"a\0b\"]", 7), false},
      {"DEL in a string", "[\"a\x7f" "b\"]", true},
      {"an unterminated string", R"(["abc)", false},
      {"single quotes", "['a']", false},
      {"UTF-8: two, three and four bytes", "[\"\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"]", true},
      {"UTF-8: the largest code point", "[\"\xF4\x8F\xBF\xBF\"]", true},
      {"UTF-8: a noncharacter", "[\"\xEF\xBF\xBF\"]", true},
      {"UTF-8: beyond U+10FFFF", "[\"\xF4\x90\x80\x80\"]", false},
      {"UTF-8: an overlong slash", "[\"\xC0\xAF\"]", false},
      {"UTF-8: an overlong three-byte form", "[\"\xE0\x80\xAF\"]", false},
      {"UTF-8: an encoded surrogate", "[\"\xED\xA0\x80\"]", false},
      {"UTF-8: a lone continuation byte", "[\"\x80\"]", false},
      {"UTF-8: a truncated sequence", "[\"\xE2\x82\"]", false},
      {"UTF-8: a truncated sequence at the end of the text", "[\"\xE2\x82", false},
      {"UTF-8: 0xFF", "[\"\xFF\"]", false},
      {"UTF-8 in a key", "{\"\xC3\xA9t\xC3\xA9\": 1}", true},
      {"invalid UTF-8 in a key", "{\"\xC3\": 1}", false},
      {"invalid UTF-8 outside a string", "[1]\xC3\xA9", false},
      {"a byte order mark", "\xEF\xBB\xBF{\"a\": 1}", true},
      {"a byte order mark and whitespace", "\xEF\xBB\xBF \n[]", true},
      {"only a byte order mark", "\xEF\xBB\xBF", false},
      {"half a byte order mark", "\xEF\xBB{}", false},
      {"two byte order marks", "\xEF\xBB\xBF\xEF\xBB\xBF{}", false},
      {"a byte order mark after whitespace", " \xEF\xBB\xBF{}", false},
      // Numbers.
      {"zero, minus zero", "[0, -0, 0.0, -0.0, 0e0, -0E-0]", true},
      {"small and exact", "[1, -1, 0.5, 0.1, 0.2, 0.3, 1.5e3, 2E-2, 1e+2]", true},
      {"the largest double", "[1e308, 1.7976931348623157e308, -1.7976931348623157e308]", true},
      {"an overflow", "[1e999]", false},
      {"a negative overflow", "[-1e999]", false},
      {"just past the largest double", "[1.7976931348623159e308]", false},
      {"underflow to zero and subnormals", "[1e-400, 4.9e-324, 2.2250738585072011e-308, -1e-999]", true},
      {"integers past 2^53 and 2^63", "[9007199254740993, 9223372036854775807, 9223372036854775808, "
                                      "18446744073709551615, 18446744073709551616, -9223372036854775808, "
                                      "-9223372036854775809, 123456789012345678901234567890]", true},
      {"many digits", "[0.1000000000000000055511151231257827021181583404541015625, "
                      "3.141592653589793238462643383279502884197169399375105820974944]", true},
      {"halfway cases", "[9007199254740993.0, 2.2250738585072012e-308, 1.00000000000000011102230246251565]", true},
      {"a long exponent", "[1e0000000000000000000000000000001, 1e-0000000000000000000000000000001]", true},
      {"a leading zero", "[01]", false},
      {"a leading zero after a minus", "[-01]", false},
      {"a leading plus", "[+1]", false},
      {"a bare minus", "[-]", false},
      {"a leading point", "[.5]", false},
      {"a trailing point", "[1.]", false},
      {"a bare exponent", "[1e]", false},
      {"an exponent with a bare sign", "[1e+]", false},
      {"hexadecimal", "[0x10]", false},
      {"NaN", "[NaN]", false},
      {"Infinity", "[Infinity]", false},
      {"a number at the root with text after", "1 2", false},
      // Literals.
      {"a capital True", "[True]", false},
      {"a truncated literal", "[nul]", false},
      {"a truncated literal at the end", "nul", false},
      // Containers.
      {"empty containers", R"([{}, [], {"a": {}}, [[]]])", true},
      {"a trailing comma in an array", "[1,]", false},
      {"a trailing comma in an object", R"({"a": 1,})", false},
      {"a leading comma", "[,1]", false},
      {"two commas", "[1,,2]", false},
      {"a missing comma", "[1 2]", false},
      {"a missing colon", R"({"a" 1})", false},
      {"a missing value", R"({"a":})", false},
      {"a number as a key", R"({1: 2})", false},
      {"an unquoted key", R"({a: 2})", false},
      {"an unclosed array", "[1, 2", false},
      {"an unclosed object", R"({"a": 1)", false},
      {"mismatched brackets", R"({"a": 1])", false},
      {"a comment", "[1] // no", false},
      {"an empty key", R"({"": 1, "a": {"": ""}})", true},
      // Duplicate keys: the last value in the first place, as nlohmann
      // (ordered_json) and JSON.parse give it.
      {"a duplicate key", R"({"a": 1, "b": 2, "a": 3})", true},
      {"a duplicate key, object then scalar", R"({"a": {"x": 1}, "b": 2, "a": [true]})", true},
      {"a duplicate key written with an escape", R"({"a": 1, "\u0061": 2})", true},
      {"duplicate keys inside arrays and objects, one three times", R"([{"a": {"b": 1, "b": 2, "b": 3}}, {"c": 1, "c": 1}, {"d": 0}])", true},
      // Depth: at most 64 arrays and objects open at once (nlohmann has no
      // limit; this is the one intended difference).
      {"64 nested arrays", nested(64, '[', ']'), true},
      {"64 nested arrays around a value", nested(64, '[', ']', "1"), true},
      {"65 nested arrays", nested(65, '[', ']'), false},
      {"32 arrays around 32 objects", nested(32, '[', ']', objects(32)), true},
      {"32 arrays around 33 objects", nested(32, '[', ']', objects(33)), false},
      {"1000 nested arrays", nested(1000, '[', ']'), false},
  };
  return cases;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_document_test)

BOOST_AUTO_TEST_CASE(edge_cases_agree_with_nlohmann) {
  for (const Case& c : edge_cases()) {
    bool accepted = false;
    const std::string why = document_disagreement(c.text, &accepted);
    BOOST_TEST(why.empty(), c.what << ": " << why);
    BOOST_TEST(accepted == c.accepted, c.what << ": " << (accepted ? "accepted" : "refused"));
  }
}

BOOST_AUTO_TEST_CASE(objects_nested_64_deep_are_read_65_are_refused) {
  std::string open;
  std::string close;
  for (int i = 0; i < 64; ++i) {
    open += "{\"k\":";
    close += "}";
  }
  bool accepted = false;
  BOOST_TEST(document_disagreement(open + "1" + close, &accepted).empty());
  BOOST_TEST(accepted);
  JsonValue doc;
  Error error;
  BOOST_TEST(!parse_json_document(open + "[]" + close, doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.too_large] /: nested deeper than 64 levels");
  BOOST_TEST(document_disagreement(open + "[]" + close).empty());  // nlohmann accepts: the intended difference
}

BOOST_AUTO_TEST_CASE(what_a_document_holds) {
  JsonValue doc;
  Error error;
  BOOST_TEST_REQUIRE(parse_json_document(R"({"a": 1, "b": [true, null, "\u00e9\ud83d\ude00"], "a": {"": -0.5}})", doc, error));
  BOOST_TEST(doc.size() == 2u);
  BOOST_TEST(doc.key(0) == "a");  // the first place...
  BOOST_TEST(doc[0].find("")->as_number() == -0.5);  // ...the last value
  BOOST_TEST(doc[1][2].as_string() == "\xC3\xA9\xF0\x9F\x98\x80");
  BOOST_TEST(doc[1][1].is_null());
  // The repeated key is marked, by both readers (a config refuses it: leadscore.config.duplicate_key).
  BOOST_TEST(doc.key_repeated(0));
  BOOST_TEST(!doc.key_repeated(1));
  const auto native = leadscore::parse_json_value(R"({"a": 1, "b": 2, "a": 3})", "t", error);
  BOOST_TEST_REQUIRE(native.has_value());
  BOOST_TEST(native->key_repeated(0));
  BOOST_TEST(!native->key_repeated(1));
  JsonValue minus_zero;
  BOOST_TEST_REQUIRE(parse_json_document("-0", minus_zero, error));
  BOOST_TEST(minus_zero.as_number() == 0.0);
}

BOOST_AUTO_TEST_CASE(syntax_errors_say_where) {
  JsonValue doc;
  Error error;
  BOOST_TEST(!parse_json_document(R"({"version": 1,})", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 1, column 15: expected a member name");
  BOOST_TEST(!parse_json_document("{\n  \"version\": 1,\n  \"rules\": [\n", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 4, column 1: expected a value (end of text)");
  BOOST_TEST(!parse_json_document("[\"caf\xC3\xA9\",\r\n tru]", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 2, column 2: expected a value");
  // A number beyond double said no more than that: now where it starts, as the native reader says.
  BOOST_TEST(!parse_json_document("[1e999]", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 1, column 2: number out of range");
  BOOST_TEST(!parse_json_document("{\n  \"version\": 1,\n  \"rules\": [{\"id\": \"a\", \"points\": 1e400}]\n}", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 3, column 35: number out of range");
  BOOST_TEST(!parse_json_document("{\"a\": {\"b\": -1" + std::string(400, '0') + "}}", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 1, column 13: number out of range");
  BOOST_TEST(!parse_json_document("{} x", doc, error));
  BOOST_TEST(error.to_string() == "[leadscore.event.syntax] /: line 1, column 4: unexpected text after the document");
}

BOOST_AUTO_TEST_CASE(every_config_fixture_agrees_with_nlohmann) {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(leadscore::test::fixture_path("configs/valid"))) {
    const std::string text = leadscore::test::read_file(entry.path().string());
    bool accepted = false;
    BOOST_TEST(document_disagreement(text, &accepted).empty(), entry.path().filename());
    BOOST_TEST(accepted, entry.path().filename());
    ++files;
  }
  BOOST_TEST(files >= 3);
  // invalid.json itself, then each of its documents: the texts as they are,
  // the configs as nlohmann writes them, compact and indented.
  const std::string whole = leadscore::test::read_file(leadscore::test::fixture_path("configs/invalid.json"));
  BOOST_TEST(document_disagreement(whole).empty());
  const json cases = leadscore::test::load_fixture("configs/invalid.json");
  BOOST_TEST(cases.size() >= 35u);
  int texts = 0;
  for (const json& c : cases) {
    const std::string name = c.at("name").get<std::string>();
    if (c.contains("text")) {
      bool accepted = true;
      BOOST_TEST(document_disagreement(leadscore::test::case_text(c), &accepted).empty(), name);
      ++texts;
      continue;
    }
    for (const int indent : {-1, 2}) {
      const std::string text = c.at("config").dump(indent);
      bool accepted = false;
      BOOST_TEST(document_disagreement(text, &accepted).empty(), name);
      BOOST_TEST(accepted, name);
    }
  }
  BOOST_TEST(texts >= 4);
  for (const char* file : {"demo/leadscore.json", "bench/peer-rules.leadscore.json"}) {
    const std::string text = leadscore::test::read_file(std::string(LEADSCORE_SOURCE_DIR) + "/" + file);
    bool accepted = false;
    BOOST_TEST(document_disagreement(text, &accepted).empty(), file);
    BOOST_TEST(accepted, file);
  }
}

BOOST_AUTO_TEST_SUITE_END()
