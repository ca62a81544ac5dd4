#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "leadscore/event.hpp"

namespace {

using leadscore::Error;
using leadscore::Event;
using leadscore::EventLimits;
using leadscore::EventParser;
using leadscore::PropValue;

// An expected prop: kind letter 's' string, 'n' number, 'b' boolean, 'z' null.
struct ExpectedProp {
  std::string key;
  char kind;
  std::string text;
  double number = 0;
  bool boolean = false;
};

ExpectedProp str(std::string key, std::string value) { return {std::move(key), 's', std::move(value)}; }
ExpectedProp num(std::string key, double value) { return {std::move(key), 'n', {}, value}; }
ExpectedProp boolean(std::string key, bool value) { return {std::move(key), 'b', {}, 0, value}; }
ExpectedProp null(std::string key) { return {std::move(key), 'z', {}}; }

struct Valid {
  const char* what;
  std::string text;
  std::string type;
  std::int64_t ts;
  std::string visitor;
  std::string url;
  std::vector<ExpectedProp> props;
};

struct Invalid {
  const char* what;
  std::string text;
  std::string id;       // without the "leadscore.event." prefix
  std::string path;
  std::string message;  // checked when not empty
};

std::string hex_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      static const char digits[] = "0123456789abcdef";
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

char kind_letter(PropValue::Kind k) {
  switch (k) {
    case PropValue::Kind::string: return 's';
    case PropValue::Kind::number: return 'n';
    case PropValue::Kind::boolean: return 'b';
    case PropValue::Kind::null: return 'z';
  }
  return '?';
}

// Checks one parsed event against the expectation, field by field.
void check_event(const Event& e, const Valid& c) {
  BOOST_TEST(e.type == c.type);
  BOOST_TEST(e.ts == c.ts);
  BOOST_TEST(e.visitor == c.visitor);
  BOOST_TEST(e.url == c.url);
  BOOST_TEST_REQUIRE(e.props.size() == c.props.size());
  for (std::size_t i = 0; i < c.props.size(); ++i) {
    const ExpectedProp& want = c.props[i];
    const leadscore::Prop& got = e.props[i];
    BOOST_TEST_CONTEXT("prop " << i << " '" << want.key << "'") {
      BOOST_TEST(got.key == want.key);
      BOOST_TEST(kind_letter(got.value.kind) == want.kind);
      switch (want.kind) {
        case 's': BOOST_TEST(hex_escape(std::string(got.value.text)) == hex_escape(want.text)); break;
        case 'n': {
          const double g = got.value.number;
          BOOST_TEST(std::memcmp(&g, &want.number, sizeof g) == 0, g << " vs " << want.number);
          break;
        }
        case 'b': BOOST_TEST(got.value.boolean == want.boolean); break;
        default: break;
      }
      // Event::prop finds the same value (keys are unique).
      BOOST_TEST(e.prop(want.key) == &got.value);
    }
  }
}

const char* const peer_line =
    R"({"visitor":"v401","type":"page_view","url":"/blog/post-34","ts":1767600001903,)"
    R"("props":{"dwell_ms":56539,"referrer":"https://news.ycombinator.com/"}})";

// {"type":"t","ts":1,<extra>}
std::string with(const std::string& extra) { return R"({"type":"t","ts":1,)" + extra + "}"; }

std::string nested(std::size_t levels, char open, char close) {
  return std::string(levels, open) + std::string(levels, close);
}

// "k0":0,"k1":1,...
std::string props_body(std::size_t n) {
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) body += ',';
    body += "\"k" + std::to_string(i) + "\":" + std::to_string(i);
  }
  return body;
}

std::string many_props(std::size_t n) { return with("\"props\":{" + props_body(n) + "}"); }

std::vector<ExpectedProp> expected_many_props(std::size_t n) {
  std::vector<ExpectedProp> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(num("k" + std::to_string(i), static_cast<double>(i)));
  return out;
}

const std::string key64(64, 'k');
const std::string key65(65, 'k');

std::vector<Valid> valid_cases() {
  return {
      {"the peer sample line", peer_line, "page_view", 1767600001903, "v401", "/blog/post-34",
       {num("dwell_ms", 56539), str("referrer", "https://news.ycombinator.com/")}},
      {"minimal", R"({"type":"x","ts":0})", "x", 0, "", "", {}},
      {"members in any order", R"({"ts":5,"props":{"a":1},"url":"/u","type":"t","visitor":"v"})", "t", 5, "v", "/u",
       {num("a", 1)}},
      {"CRLF line ending", "{\"type\":\"a\",\"ts\":1}\r\n", "a", 1, "", "", {}},
      {"surrounding whitespace", " \t\r\n{\"type\":\"a\",\"ts\":2} \t\r\n", "a", 2, "", "", {}},
      {"whitespace inside", "{ \"type\" :\t\"a\" ,\n\"ts\"\r:3 , \"props\" : { \"k\" : [ 1 , { } ] , \"v\" : true } }",
       "a", 3, "", "", {boolean("v", true)}},
      {"ts fraction is floored", R"({"type":"a","ts":1.9})", "a", 1, "", "", {}},
      {"ts below one floors to zero", R"({"type":"a","ts":0.5})", "a", 0, "", "", {}},
      {"ts with exponent", R"({"type":"a","ts":1.5e3})", "a", 1500, "", "", {}},
      {"ts negative zero", R"({"type":"a","ts":-0})", "a", 0, "", "", {}},
      {"ts at max", R"({"type":"a","ts":32503680000000})", "a", EventLimits::max_ts, "", "", {}},
      {"ts as a long integer text", R"({"type":"a","ts":1767600001903.000000000000000000001})", "a", 1767600001903,
       "", "", {}},
      {"simple escapes", R"({"type":"a\"b\\c\/d\b\f\n\r\t","ts":1})", "a\"b\\c/d\b\f\n\r\t", 1, "", "", {}},
      {"escaped slash in url", R"({"type":"a","ts":1,"url":"https:\/\/x.example\/p"})", "a", 1, "",
       "https://x.example/p", {}},
      {"unicode escape", R"({"type":"caf\u00e9","ts":1,"visitor":"\u0041\u00C9\u20ac"})", "café", 1, "AÉ€", "", {}},
      {"surrogate pair escape", R"({"type":"e","ts":1,"props":{"emoji":"\ud83d\ude00!"}})", "e", 1, "", "",
       {str("emoji", "\xf0\x9f\x98\x80!")}},
      {"escaped NUL in a value", R"({"type":"e","ts":1,"props":{"z":"a\u0000b"}})", "e", 1, "", "",
       {str("z", std::string("a\0b", 3))}},
      {"escaped member name", R"({"\u0074ype":"a","t\u0073":7})", "a", 7, "", "", {}},
      {"escaped prop key", R"({"type":"a","ts":1,"props":{"k\u00e9y":1}})", "a", 1, "", "", {num("kéy", 1)}},
      {"duplicate type: last wins", R"({"type":"first","ts":1,"type":"second"})", "second", 1, "", "", {}},
      {"duplicate ts: a wrong type is replaced", R"({"ts":"soon","type":"a","ts":9})", "a", 9, "", "", {}},
      {"duplicate ts: out of range replaced", R"({"ts":-5,"type":"a","ts":9})", "a", 9, "", "", {}},
      {"duplicate visitor and url", R"({"visitor":"a","url":"/a","type":"t","ts":1,"visitor":"b","url":"/b"})", "t",
       1, "b", "/b", {}},
      {"duplicate props member: last object wins", R"({"type":"a","ts":1,"props":{"x":1,"y":2},"props":{"z":3}})",
       "a", 1, "", "", {num("z", 3)}},
      {"duplicate props member: null wins", R"({"type":"a","ts":1,"props":{"x":1},"props":null})", "a", 1, "", "",
       {}},
      {"duplicate props member: wrong type replaced", R"({"type":"a","ts":1,"props":[1],"props":{"x":1}})", "a", 1,
       "", "", {num("x", 1)}},
      {"duplicate prop key: first position, last value",
       R"({"type":"a","ts":1,"props":{"x":1,"y":"mid","x":"last"}})", "a", 1, "", "",
       {str("x", "last"), str("y", "mid")}},
      {"duplicate prop key: a nested last value removes it", R"({"type":"a","ts":1,"props":{"x":1,"y":2,"x":{}}})",
       "a", 1, "", "", {num("y", 2)}},
      {"duplicate prop key: a scalar after a nested value", R"({"type":"a","ts":1,"props":{"x":[],"y":2,"x":true}})",
       "a", 1, "", "", {boolean("x", true), num("y", 2)}},
      {"nested prop values are skipped",
       R"({"type":"a","ts":1,"props":{"arr":[1,"two",[3],{"four":4}],"c":1,"obj":{"k":{"k":null}},"d":"x"}})", "a",
       1, "", "", {num("c", 1), str("d", "x")}},
      {"every scalar kind", R"({"type":"a","ts":1,"props":{"s":"v","n":-1.25e2,"t":true,"f":false,"z":null,"m0":-0}})",
       "a", 1, "", "", {str("s", "v"), num("n", -125), boolean("t", true), boolean("f", false), null("z"),
                        num("m0", -0.0)}},
      {"props null means none", R"({"type":"a","ts":1,"props":null})", "a", 1, "", "", {}},
      {"empty props", R"({"type":"a","ts":1,"props":{}})", "a", 1, "", "", {}},
      {"empty visitor, url and prop key", R"({"type":"a","ts":1,"visitor":"","url":"","props":{"":""}})", "a", 1, "",
       "", {str("", "")}},
      {"unknown members of every kind are ignored",
       R"({"a":{"x":[true,false,null,"s",1.5e3,-0.0,{}]},"type":"t","b":[],"ts":1,"c":null,"d":"\u00e9","e":2E-5})",
       "t", 1, "", "", {}},
      {"Vietnamese props", R"({"type":"a","ts":1,"props":{"thành_phố":"Hà Nội","đường":"ĐƯỜNG PHỐ"}})", "a", 1, "",
       "", {str("thành_phố", "Hà Nội"), str("đường", "ĐƯỜNG PHỐ")}},
      {"Thai props", R"({"type":"a","ts":1,"props":{"ทักทาย":"สวัสดีครับ"}})", "a", 1, "", "",
       {str("ทักทาย", "สวัสดีครับ")}},
      {"Persian props", R"({"type":"a","ts":1,"visitor":"بازدیدکننده","props":{"نام":"سلام دنیا"}})", "a", 1,
       "بازدیدکننده", "", {str("نام", "سلام دنیا")}},
      {"4-byte UTF-8 raw", R"({"type":"😀","ts":1})", "😀", 1, "", "", {}},
      {"long ASCII strings cross the 8-byte scanner", R"({"type":"abcdefghijklmnopqrstuvwxyz0123456789","ts":1})",
       "abcdefghijklmnopqrstuvwxyz0123456789", 1, "", "", {}},
      {"number forms in props", R"({"type":"a","ts":1,"props":{"a":0,"b":1e22,"c":0.1,"d":9007199254740993,"e":1e-400}})",
       "a", 1, "", "", {num("a", 0), num("b", 1e22), num("c", 0.1), num("d", 9007199254740992.0), num("e", 0)}},
      {"type at the size limit", R"({"ts":1,"type":")" + std::string(64, 't') + "\"}", std::string(64, 't'), 1, "",
       "", {}},
      {"escapes count decoded bytes", R"({"ts":1,"type":")" + std::string(63, 't') + R"(\u0041"})",
       std::string(63, 't') + "A", 1, "", "", {}},
      {"visitor at the size limit", with("\"visitor\":\"" + std::string(256, 'v') + "\""), "t", 1,
       std::string(256, 'v'), "", {}},
      {"url at the size limit", with("\"url\":\"" + std::string(4096, 'u') + "\""), "t", 1, "", std::string(4096, 'u'),
       {}},
      {"64 props", many_props(64), "t", 1, "", "", expected_many_props(64)},
      {"64 props and a repeated key", with("\"props\":{" + props_body(64) + ",\"k0\":\"again\"}"), "t", 1, "", "",
       [] {
         auto props = expected_many_props(64);
         props[0] = str("k0", "again");
         return props;
       }()},
      {"prop key at the size limit", with("\"props\":{\"" + key64 + "\":1}"), "t", 1, "", "", {num(key64, 1)}},
      {"prop value at the size limit", with(R"("props":{"k":")" + std::string(8192, 'v') + "\"}"), "t", 1, "", "",
       {str("k", std::string(8192, 'v'))}},
      {"depth 64 in an unknown member", with("\"x\":" + nested(63, '[', ']')), "t", 1, "", "", {}},
      {"depth 64 in props", with("\"props\":{\"k\":" + nested(62, '[', ']') + ",\"s\":1}"), "t", 1, "", "",
       {num("s", 1)}},
      {"depth 64 with objects", with("\"x\":" + [] {
         std::string s;
         for (int i = 0; i < 63; ++i) s += "{\"a\":";
         s += "1";
         for (int i = 0; i < 63; ++i) s += "}";
         return s;
       }()), "t", 1, "", "", {}},
      {"text exactly at max_bytes", with("\"pad\":\"" + std::string(EventLimits::max_bytes - 28, 'p') + "\""), "t",
       1, "", "", {}},
  };
}

std::vector<Invalid> invalid_cases() {
  const std::string big(EventLimits::max_bytes - 27, 'p');  // one byte too many
  return {
      // syntax
      {"empty", "", "syntax", "", "column 1: expected '{' (end of text)"},
      {"only whitespace", " \r\n", "syntax", "", ""},
      {"not a value", "x", "syntax", "", "column 1: expected a value"},
      {"broken array", "[1,]", "syntax", "", ""},
      {"array then garbage", "[] x", "syntax", "", "column 4: unexpected text after the value"},
      {"unterminated object", "{", "syntax", "", ""},
      {"missing colon", R"({"type" "a","ts":1})", "syntax", "", "column 9: expected ':'"},
      {"missing comma", R"({"type":"a" "ts":1})", "syntax", "", "column 13: expected ',' or '}'"},
      {"trailing comma", R"({"type":"a","ts":1,})", "syntax", "", "column 20: expected a member name"},
      {"trailing comma in props", with(R"("props":{"a":1,})"), "syntax", "", ""},
      {"trailing comma in a nested array", with(R"("props":{"a":[1,]})"), "syntax", "", ""},
      {"empty element", with(R"("x":[1,,2])"), "syntax", "", ""},
      {"single quotes", "{'type':'a','ts':1}", "syntax", "", ""},
      {"single-quoted value", R"({"type":'a',"ts":1})", "syntax", "", ""},
      {"unquoted name", R"({type:"a","ts":1})", "syntax", "", ""},
      {"block comment", R"({"type":"a" /* c */,"ts":1})", "syntax", "", ""},
      {"line comment", "{\"type\":\"a\",\"ts\":1 // c\n}", "syntax", "", ""},
      {"leading zero", R"({"type":"a","ts":01})", "syntax", "", ""},
      {"negative leading zero", R"({"type":"a","ts":-01})", "syntax", "", ""},
      {"leading plus", R"({"type":"a","ts":+1})", "syntax", "", ""},
      {"bare fraction", R"({"type":"a","ts":.5})", "syntax", "", ""},
      {"trailing dot", R"({"type":"a","ts":1.})", "syntax", "", ""},
      {"bare exponent", R"({"type":"a","ts":1e})", "syntax", "", ""},
      {"lone minus", R"({"type":"a","ts":-})", "syntax", "", ""},
      {"hex number", R"({"type":"a","ts":0x10})", "syntax", "", ""},
      {"NaN", R"({"type":"a","ts":NaN})", "syntax", "", ""},
      {"Infinity", R"({"type":"a","ts":Infinity})", "syntax", "", ""},
      {"capitalised literal", R"({"type":"a","ts":1,"props":{"a":True}})", "syntax", "", ""},
      {"truncated literal", R"({"type":"a","ts":1,"props":{"a":tru}})", "syntax", "", ""},
      {"raw tab in a string", "{\"type\":\"a\tb\",\"ts\":1}", "syntax", "", "column 11: control character in string"},
      {"raw newline in a string", "{\"type\":\"a\nb\",\"ts\":1}", "syntax", "", ""},
      {"raw control char after an escape", "{\"type\":\"\\n\x01\",\"ts\":1}", "syntax", "", ""},
      {"unknown escape", R"({"type":"a\x","ts":1})", "syntax", "", "column 11: invalid escape"},
      {"escaped single quote", R"({"type":"a\'","ts":1})", "syntax", "", ""},
      {"short unicode escape", R"({"type":"\u12","ts":1})", "syntax", "", ""},
      {"non-hex unicode escape", R"({"type":"\uZZZZ","ts":1})", "syntax", "", ""},
      {"lone high surrogate", R"({"type":"\ud800","ts":1})", "syntax", "", ""},
      {"lone high surrogate at the end", R"({"type":"a","ts":1,"props":{"a":"\udbff"}})", "syntax", "", ""},
      {"lone low surrogate", R"({"type":"\udc00x","ts":1})", "syntax", "", ""},
      {"high surrogate then a letter", R"({"type":"\ud800\u0041","ts":1})", "syntax", "", ""},
      {"high surrogate then another high", R"({"type":"\ud800\ud800","ts":1})", "syntax", "", ""},
      {"reversed surrogate pair", R"({"type":"\ude00\ud83d","ts":1})", "syntax", "", ""},
      {"invalid UTF-8 byte", "{\"type\":\"a\xff\",\"ts\":1}", "syntax", "", ""},
      {"overlong UTF-8", "{\"type\":\"\xc0\xaf\",\"ts\":1}", "syntax", "", ""},
      {"UTF-8 surrogate", "{\"type\":\"a\",\"ts\":1,\"props\":{\"k\":\"\xed\xa0\x80\"}}", "syntax", "", ""},
      {"truncated UTF-8", "{\"type\":\"\xe2\x82\",\"ts\":1}", "syntax", "", ""},
      {"invalid UTF-8 in a name", "{\"\xff\":1,\"type\":\"a\",\"ts\":1}", "syntax", "", ""},
      {"invalid UTF-8 in an ignored member", with("\"x\":[\"\xf5\x80\x80\x80\"]"), "syntax", "", ""},
      {"invalid UTF-8 after an escape", "{\"type\":\"\\n\xc3\",\"ts\":1}", "syntax", "", ""},
      {"non-ASCII outside strings", "{\"type\":\"a\",\"ts\":1}\xc2\xa0", "syntax", "", ""},
      {"byte order mark", "\xef\xbb\xbf{\"type\":\"a\",\"ts\":1}", "syntax", "", ""},
      {"trailing garbage", R"({"type":"a","ts":1}x)", "syntax", "", "column 20: unexpected text after the object"},
      {"two objects", R"({"type":"a","ts":1}{})", "syntax", "", ""},
      {"unterminated string", R"({"type":"abc)", "syntax", "", "column 9: unterminated string"},
      {"unterminated string after an escape", R"({"type":"a\n)", "syntax", "", ""},
      {"unclosed nested array", with(R"("x":[1,2)") + "]", "syntax", "", ""},
      {"mismatched brackets", with(R"("x":[1})") + "]}", "syntax", "", ""},
      {"double colon", R"({"type"::"a","ts":1})", "syntax", "", ""},
      {"vertical tab is not whitespace", "{\"type\":\"a\",\v\"ts\":1}", "syntax", "", ""},
      {"syntax error after a semantic one", R"({"type":5,"ts":1,})", "syntax", "", ""},
      // type of the whole event
      {"array", "[]", "type", "", "expected an object, got an array"},
      {"string", " \"x\"\r\n", "type", "", "expected an object, got a string"},
      {"null", "null", "type", "", "expected an object, got null"},
      {"number", "-1.5e3", "type", "", "expected an object, got a number"},
      {"deep array", nested(65, '[', ']'), "too_large", "", "nested deeper than 64 levels"},
      // required
      {"empty object", "{}", "required", "/type", "is required"},
      {"no type", R"({"ts":1})", "required", "/type", ""},
      {"empty type", R"({"type":"","ts":1})", "required", "/type", "must not be empty"},
      {"no ts", R"({"type":"a"})", "required", "/ts", "is required"},
      // type
      {"type is a number", R"({"type":5,"ts":1})", "type", "/type", "expected a string, got a number"},
      {"type is an object", R"({"type":{},"ts":1})", "type", "/type", "expected a string, got an object"},
      {"type is null", R"({"type":null,"ts":1})", "type", "/type", "expected a string, got null"},
      {"ts is a string", R"({"type":"a","ts":"1"})", "type", "/ts", "expected a number, got a string"},
      {"ts is null", R"({"type":"a","ts":null})", "type", "/ts", "expected a number, got null"},
      {"ts is an array", R"({"type":"a","ts":[1]})", "type", "/ts", "expected a number, got an array"},
      {"ts is a boolean", R"({"type":"a","ts":true})", "type", "/ts", "expected a number, got a boolean"},
      {"visitor is a number", R"({"type":"a","ts":1,"visitor":5})", "type", "/visitor", ""},
      {"visitor is null", R"({"type":"a","ts":1,"visitor":null})", "type", "/visitor", ""},
      {"url is an object", R"({"type":"a","ts":1,"url":{}})", "type", "/url", ""},
      {"props is an array", R"({"type":"a","ts":1,"props":[]})", "type", "/props",
       "expected an object or null, got an array"},
      {"props is a string", R"({"type":"a","ts":1,"props":"x"})", "type", "/props", ""},
      {"duplicate: a valid value replaced by a wrong one", R"({"type":"a","ts":1,"ts":"x"})", "type", "/ts", ""},
      // range
      {"negative ts", R"({"type":"a","ts":-1})", "range", "/ts", "must be between 0 and 32503680000000"},
      {"negative fractional ts", R"({"type":"a","ts":-0.5})", "range", "/ts", ""},
      {"ts past the year 3000", R"({"type":"a","ts":32503680000001})", "range", "/ts", ""},
      {"ts just past max", R"({"type":"a","ts":32503680000000.5})", "range", "/ts", ""},
      {"ts overflows to infinity", R"({"type":"a","ts":1e400})", "range", "/ts", "number out of range"},
      {"prop overflows to infinity", with(R"("props":{"big":-1e309})"), "range", "/props/big", ""},
      {"overflow in an ignored member", with(R"("x":{"y":[1.8e308]})"), "range", "/x", ""},
      {"overflow in a replaced member", R"({"ts":1e999,"type":"a","ts":1})", "range", "/ts", ""},
      {"overflow with a long integer", with("\"x\":1" + std::string(309, '0')), "range", "/x", ""},
      // too_large
      {"text over max_bytes", with("\"pad\":\"" + big + "\""), "too_large", "", "longer than 65536 bytes"},
      {"type over the limit", R"({"ts":1,"type":")" + std::string(65, 't') + "\"}", "too_large", "/type",
       "longer than 64 bytes"},
      {"type over the limit after decoding escapes", R"({"ts":1,"type":")" + std::string(64, 't') + R"(\n"})",
       "too_large", "/type", ""},
      {"visitor over the limit", with("\"visitor\":\"" + std::string(257, 'v') + "\""), "too_large", "/visitor",
       "longer than 256 bytes"},
      {"url over the limit", with("\"url\":\"" + std::string(4097, 'u') + "\""), "too_large", "/url",
       "longer than 4096 bytes"},
      {"65 props", many_props(65), "too_large", "/props", "more than 64 props"},
      {"65 props where one is nested", with("\"props\":{\"n\":{}," + props_body(64) + "}"), "too_large",
       "/props", ""},
      {"prop key over the limit", with("\"props\":{\"" + key65 + "\":1}"), "too_large", "/props/" + key65,
       "name longer than 64 bytes"},
      {"prop key over the limit with a nested value", with("\"props\":{\"" + key65 + "\":[]}"), "too_large",
       "/props/" + key65, ""},
      {"prop value over the limit", with(R"("props":{"k~/":")" + std::string(8193, 'v') + "\"}"), "too_large",
       "/props/k~0~1", "longer than 8192 bytes"},
      {"depth 65 in an unknown member", with("\"x\":" + nested(64, '[', ']')), "too_large", "/x",
       "nested deeper than 64 levels"},
      {"depth 65 in props", with("\"props\":{\"k\":" + nested(63, '[', ']') + "}"), "too_large", "/props/k", ""},
      {"very deep nesting is refused without recursion", with("\"x\":" + nested(30000, '[', ']')), "too_large", "/x",
       ""},
      {"deep unclosed nesting", with("\"x\":" + std::string(30000, '[')), "too_large", "/x", ""},
      {"depth error under an empty member name", with("\"\":" + nested(64, '[', ']')), "too_large", "/", ""},
      {"depth error in an object in props", with("\"props\":{\"a/b\":{\"x\":" + nested(62, '[', ']') + "}}"),
       "too_large", "/props/a~1b", ""},
      {"depth limit applies to replaced members too", with("\"x\":" + nested(64, '[', ']') + ",\"x\":1"),
       "too_large", "/x", ""},
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_json_test)

BOOST_AUTO_TEST_CASE(valid_lines) {
  const std::vector<Valid> cases = valid_cases();
  BOOST_TEST(cases.size() >= 40u);
  EventParser parser;  // one parser for all: also exercises reuse
  for (const Valid& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      Error error;
      const Event* e = parser.parse(c.text, error);
      BOOST_TEST_REQUIRE(e != nullptr, "unexpected error: " << error.to_string());
      check_event(*e, c);
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_lines) {
  const std::vector<Invalid> cases = invalid_cases();
  BOOST_TEST(cases.size() >= 40u);
  EventParser parser;
  for (const Invalid& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      Error error;
      const Event* e = parser.parse(c.text, error);
      BOOST_TEST(e == nullptr);
      BOOST_TEST(error.id == "leadscore.event." + c.id);
      BOOST_TEST(error.path == c.path);
      if (!c.message.empty()) BOOST_TEST(error.message == c.message);
      BOOST_TEST(!error.message.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(syntax_errors_at_every_truncation_of_a_valid_line) {
  // Every proper prefix of a valid event is refused as a syntax error (the
  // closing brace is the last thing read), and never read past its end.
  const std::string line =
      R"({"visitor":"v\u00e9","type":"page_view","url":"/p","ts":1.5e3,)"
      R"("props":{"a":[1,{"b":null}],"c":"\ud83d\ude00","d":-0.25,"e":true}})";
  EventParser parser;
  Error error;
  BOOST_TEST_REQUIRE(parser.parse(line, error) != nullptr);
  for (std::size_t n = 0; n < line.size(); ++n) {
    const std::string prefix = line.substr(0, n);  // own allocation: ASan sees overreads
    BOOST_TEST_CONTEXT("prefix of " << n << " bytes") {
      Error e;
      BOOST_TEST(parser.parse(prefix, e) == nullptr);
      BOOST_TEST(e.id == "leadscore.event.syntax");
      BOOST_TEST(e.path.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(unescaped_strings_are_views_into_the_text) {
  const std::string text = peer_line;
  EventParser parser;
  Error error;
  const Event* e = parser.parse(text, error);
  BOOST_TEST_REQUIRE(e != nullptr);
  auto inside = [&](std::string_view v) {
    return v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size();
  };
  BOOST_TEST(inside(e->type));
  BOOST_TEST(inside(e->visitor));
  BOOST_TEST(inside(e->url));
  BOOST_TEST(inside(e->props.at(0).key));
  BOOST_TEST(inside(e->props.at(1).value.text));
}

BOOST_AUTO_TEST_CASE(escaped_strings_live_in_the_parser_until_the_next_parse) {
  // Many escaped strings in one event: all views must stay valid together,
  // which fails (and trips ASan) if the decode buffer moved while parsing.
  std::string text = R"({"type":"t\u0031","ts":1,"visitor":"v\n","url":"\/u","props":{)";
  for (int i = 0; i < 40; ++i) {
    if (i != 0) text += ',';
    text += "\"k\\u00e9" + std::to_string(i) + "\":\"" + std::string(static_cast<std::size_t>(i) * 10, 'x') +
            "\\t\"";
  }
  text += "}}";
  EventParser parser;
  Error error;
  std::string_view first_type_view;
  for (int round = 0; round < 3; ++round) {
    BOOST_TEST_CONTEXT("round " << round) {
      const Event* e = parser.parse(text, error);
      BOOST_TEST_REQUIRE(e != nullptr, error.to_string());
      BOOST_TEST(e->type == "t1");
      BOOST_TEST(e->visitor == "v\n");
      BOOST_TEST(e->url == "/u");
      BOOST_TEST_REQUIRE(e->props.size() == 40u);
      for (std::size_t i = 0; i < 40; ++i) {
        BOOST_TEST(e->props[i].key == "ké" + std::to_string(i));
        BOOST_TEST(e->props[i].value.text == std::string(i * 10, 'x') + "\t");
      }
      // Steady state: the same buffer is reused, nothing reallocated.
      if (round == 0) first_type_view = e->type;
      BOOST_TEST(static_cast<const void*>(e->type.data()) == static_cast<const void*>(first_type_view.data()));
    }
  }
}

BOOST_AUTO_TEST_CASE(reparsing_resets_every_field) {
  EventParser parser;
  Error error;
  const Event* a = parser.parse(peer_line, error);
  BOOST_TEST_REQUIRE(a != nullptr);
  const Event* b = parser.parse(R"({"type":"t\u0032","ts":2})", error);
  BOOST_TEST_REQUIRE(b != nullptr);
  BOOST_TEST(a == b);  // one event per parser, rewritten by each parse
  BOOST_TEST(b->type == "t2");
  BOOST_TEST(b->ts == 2);
  BOOST_TEST(b->visitor.empty());
  BOOST_TEST(b->url.empty());
  BOOST_TEST(b->props.empty());
  BOOST_TEST(b->prop("dwell_ms") == nullptr);

  // A failure in between leaves the parser usable, and does not leak props.
  BOOST_TEST(parser.parse(R"({"type":"a","ts":1,"props":{"x":1},"url":5})", error) == nullptr);
  BOOST_TEST(error.id == "leadscore.event.type");
  const Event* c = parser.parse(R"({"type":"c","ts":3,"props":{"y":"z"}})", error);
  BOOST_TEST_REQUIRE(c != nullptr);
  BOOST_TEST(c->props.size() == 1u);
  BOOST_TEST(c->props[0].key == "y");
  BOOST_TEST(c->prop("x") == nullptr);

  // Lines that grow and shrink, with escapes, keep decoding correctly.
  for (std::size_t n : {1u, 500u, 3u, 5000u, 0u, 64u}) {
    const std::string type(n % 60 + 1, 'q');
    const std::string value(n, 'w');
    const std::string line = "{\"type\":\"" + type + "\",\"ts\":" + std::to_string(n) +
                             ",\"props\":{\"v\":\"\\u0041" + value + "\"}}";
    BOOST_TEST_CONTEXT("n = " << n) {
      const Event* e = parser.parse(line, error);
      BOOST_TEST_REQUIRE(e != nullptr, error.to_string());
      BOOST_TEST(e->type == type);
      BOOST_TEST(e->ts == static_cast<std::int64_t>(n));
      BOOST_TEST_REQUIRE(e->prop("v") != nullptr);
      BOOST_TEST(e->prop("v")->text == "A" + value);
    }
  }
}

BOOST_AUTO_TEST_CASE(prop_lookup) {
  EventParser parser;
  Error error;
  const Event* e = parser.parse(R"({"type":"a","ts":1,"props":{"x":1,"X":2,"x":3,"n":null}})", error);
  BOOST_TEST_REQUIRE(e != nullptr);
  BOOST_TEST_REQUIRE(e->prop("x") != nullptr);
  BOOST_TEST(e->prop("x")->number == 3);  // the last value
  BOOST_TEST(e->prop("X")->number == 2);  // keys are case-sensitive
  BOOST_TEST_REQUIRE(e->prop("n") != nullptr);
  BOOST_TEST((e->prop("n")->kind == PropValue::Kind::null));
  BOOST_TEST(e->prop("missing") == nullptr);
  BOOST_TEST(e->prop("") == nullptr);

  Event by_hand;  // prop() works on events the caller builds, too
  by_hand.props.push_back({"k", PropValue{PropValue::Kind::string, "v", 0, false}});
  BOOST_TEST_REQUIRE(by_hand.prop("k") != nullptr);
  BOOST_TEST(by_hand.prop("k")->text == "v");
}

BOOST_AUTO_TEST_CASE(every_escape_decodes) {
  struct Case {
    const char* escaped;
    std::string decoded;
  };
  const Case cases[] = {
      {R"(\")", "\""},          {R"(\\)", "\\"},          {R"(\/)", "/"},
      {R"(\b)", "\b"},          {R"(\f)", "\f"},          {R"(\n)", "\n"},
      {R"(\r)", "\r"},          {R"(\t)", "\t"},          {R"(\u0000)", std::string(1, '\0')},
      {R"(\u001f)", "\x1f"},    {R"(\u007F)", "\x7f"},    {R"(\u0080)", "\xc2\x80"},
      {R"(\u00e9)", "é"},       {R"(\u00E9)", "é"},       {R"(\u07ff)", "\xdf\xbf"},
      {R"(\u0800)", "\xe0\xa0\x80"},                      {R"(\ud7ff)", "\xed\x9f\xbf"},
      {R"(\ue000)", "\xee\x80\x80"},                      {R"(\uffff)", "\xef\xbf\xbf"},
      {R"(\ud800\udc00)", "\xf0\x90\x80\x80"},            {R"(\uD83D\uDE00)", "😀"},
      {R"(\udbff\udfff)", "\xf4\x8f\xbf\xbf"},            {R"(a\u0062c)", "abc"},
      {R"(\u1ec7)", "ệ"},       {R"(\u0e2a)", "ส"},       {R"(\u0633)", "س"},
  };
  EventParser parser;
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("escape " << c.escaped) {
      Error error;
      const std::string line = std::string(R"({"type":"a","ts":1,"props":{"k":")") + c.escaped + "\"}}";
      const Event* e = parser.parse(line, error);
      BOOST_TEST_REQUIRE(e != nullptr, error.to_string());
      BOOST_TEST_REQUIRE(e->prop("k") != nullptr);
      BOOST_TEST(hex_escape(std::string(e->prop("k")->text)) == hex_escape(c.decoded));
    }
  }
}

BOOST_AUTO_TEST_CASE(special_bytes_at_every_offset) {
  // The string scanner reads 8 bytes at a time: put each kind of byte at
  // every offset of strings of several lengths.
  struct Kind {
    const char* what;
    std::string raw;      // as written in the JSON text
    std::string decoded;  // empty with ok == false
    bool ok;
  };
  const Kind kinds[] = {
      {"space", " ", " ", true},
      {"DEL is allowed unescaped", "\x7f", "\x7f", true},
      {"tilde", "~", "~", true},
      {"two-byte UTF-8", "é", "é", true},
      {"four-byte UTF-8", "😀", "😀", true},
      {"escape", "\\n", "\n", true},
      {"escaped quote", "\\\"", "\"", true},
      {"unicode escape", "\\u00e9", "é", true},
      {"control 0x01", "\x01", "", false},
      {"control 0x1f", "\x1f", "", false},
      {"raw newline", "\n", "", false},
      {"invalid byte", "\xff", "", false},
      {"lone continuation", "\x80", "", false},
  };
  EventParser parser;
  for (const Kind& k : kinds) {
    for (std::size_t before = 0; before < 18; ++before) {
      for (std::size_t after : {0u, 1u, 7u, 8u, 9u}) {
        const std::string raw = std::string(before, 'a') + k.raw + std::string(after, 'b');
        const std::string line = R"({"ts":1,"props":{"k":")" + raw + R"("},"type":"t"})";
        BOOST_TEST_CONTEXT(k.what << " after " << before << " bytes, " << after << " after") {
          Error error;
          const Event* e = parser.parse(line, error);
          if (!k.ok) {
            BOOST_TEST(e == nullptr);
            BOOST_TEST(error.id == "leadscore.event.syntax");
            continue;
          }
          BOOST_TEST_REQUIRE(e != nullptr, error.to_string());
          BOOST_TEST_REQUIRE(e->prop("k") != nullptr);
          BOOST_TEST(hex_escape(std::string(e->prop("k")->text)) ==
                     hex_escape(std::string(before, 'a') + k.decoded + std::string(after, 'b')));
          BOOST_TEST(e->type == "t");
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(numbers_match_strtod) {
  // Digit runs of every length (the scanner takes 8 digits at a time),
  // fractions and exponents, at the end of the object and before a comma.
  std::vector<std::string> numbers;
  std::string digits;
  for (int n = 1; n <= 25; ++n) {
    digits += static_cast<char>('1' + (n * 7) % 9);
    numbers.push_back(digits);
    numbers.push_back("-" + digits);
    numbers.push_back(digits + ".5");
    numbers.push_back("0." + digits);
    numbers.push_back(digits + "e-" + std::to_string(n));
    numbers.push_back(digits + "E+" + std::to_string(n * 11));
  }
  for (const char* extra : {"99999999", "100000000", "9007199254740993", "12345678.9", "1767600001903",
                            "0.000000000000000000001", "4.9e-324", "2.2250738585072011e-308",
                            // 16-19 digit integers convert from uint64 in one rounding
                            "9007199254740995", "9223372036854775807", "9223372036854775809",
                            "-9223372036854775809", "9999999999999999999", "18446744073709551615",
                            "18446744073709551616"}) {
    numbers.push_back(extra);
  }
  EventParser parser;
  for (const std::string& n : numbers) {
    const double expected = std::strtod(n.c_str(), nullptr);
    for (const std::string& line : {R"({"type":"t","ts":1,"props":{"n":)" + n + "}}",
                                    R"({"type":"t","props":{"n":)" + n + R"(,"m":1},"ts":1})"}) {
      BOOST_TEST_CONTEXT(line) {
        Error error;
        const Event* e = parser.parse(line, error);
        BOOST_TEST_REQUIRE(e != nullptr, error.to_string());
        BOOST_TEST_REQUIRE(e->prop("n") != nullptr);
        BOOST_TEST((e->prop("n")->kind == PropValue::Kind::number));
        const double got = e->prop("n")->number;
        BOOST_TEST(std::memcmp(&got, &expected, sizeof got) == 0, got << " vs " << expected);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(ts_forms) {
  struct Case {
    const char* ts;
    std::int64_t expected;  // -1: refused as out of range
  };
  const Case cases[] = {
      {"0", 0},
      {"12345678", 12345678},
      {"123456789", 123456789},
      {"1767600001903", 1767600001903},
      {"1767600001903.999", 1767600001903},
      {"1.767600001903e12", 1767600001903},
      {"17676000019030e-1", 1767600001903},
      {"32503680000000.0", EventLimits::max_ts},
      {"3.250368e13", EventLimits::max_ts},
      {"32503680000000.01", -1},  // .001 would round to max_ts itself
      {"1234567890123456", -1},
      {"-1e-9", -1},
      {"1e308", -1},
  };
  EventParser parser;
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("ts " << c.ts) {
      Error error;
      const Event* e = parser.parse(std::string(R"({"type":"t","ts":)") + c.ts + "}", error);
      if (c.expected < 0) {
        BOOST_TEST(e == nullptr);
        BOOST_TEST(error.id == "leadscore.event.range");
        BOOST_TEST(error.path == "/ts");
      } else {
        BOOST_TEST_REQUIRE(e != nullptr, error.to_string());
        BOOST_TEST(e->ts == c.expected);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(peer_line_fields) {
  // The peer benchmark's sample line, field by field, and its numbers exact.
  EventParser parser;
  Error error;
  const Event* e = parser.parse(peer_line, error);
  BOOST_TEST_REQUIRE(e != nullptr);
  BOOST_TEST(e->visitor == "v401");
  BOOST_TEST(e->type == "page_view");
  BOOST_TEST(e->url == "/blog/post-34");
  BOOST_TEST(e->ts == 1767600001903);
  BOOST_TEST_REQUIRE(e->prop("dwell_ms") != nullptr);
  BOOST_TEST((e->prop("dwell_ms")->kind == PropValue::Kind::number));
  BOOST_TEST(e->prop("dwell_ms")->number == 56539.0);
  BOOST_TEST_REQUIRE(e->prop("referrer") != nullptr);
  BOOST_TEST(e->prop("referrer")->text == "https://news.ycombinator.com/");
}

BOOST_AUTO_TEST_SUITE_END()
