#include <boost/test/unit_test.hpp>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "leadscore/json_text.hpp"
#include "leadscore/text.hpp"

namespace {

using leadscore::append_utf8;
using leadscore::ascii_digits;
using leadscore::fold_case;
using leadscore::format_number;
using leadscore::is_valid_utf8;
using leadscore::json_number_to_double;
using leadscore::parse_decimal;
using leadscore::trim;
using leadscore::utf8_length;
using leadscore::valid_utf8;

// Hex dump for failure messages on byte strings.
std::string hex(const std::string& s) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

bool same_double(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;  // distinguishes -0 and 0
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_test)

BOOST_AUTO_TEST_CASE(is_valid_utf8_table) {
  struct Case {
    std::string bytes;
    bool valid;
  };
  const Case cases[] = {
      {"", true},
      {"plain ascii", true},
      {std::string("nul\0inside", 10), true},
      {"\x7f", true},
      {"\xc2\x80", true},                  // U+0080, smallest 2-byte
      {"\xc3\xa9", true},                  // é
      {"\xdf\xbf", true},                  // U+07FF
      {"\xe0\xa0\x80", true},              // U+0800, smallest 3-byte
      {"\xe2\x82\xac", true},              // €
      {"\xed\x9f\xbf", true},              // U+D7FF, just below surrogates
      {"\xee\x80\x80", true},              // U+E000, just above surrogates
      {"\xef\xbf\xbf", true},              // U+FFFF
      {"\xf0\x90\x80\x80", true},          // U+10000, smallest 4-byte
      {"\xf0\x9f\x98\x80", true},          // 😀
      {"\xf4\x8f\xbf\xbf", true},          // U+10FFFF, the last code point
      {"Hà Nội สวัสดี سلام", true},
      {"\x80", false},                     // lone continuation byte
      {"\xbf", false},
      {"\xc0\x80", false},                 // overlong NUL
      {"\xc0\xaf", false},                 // overlong '/'
      {"\xc1\xbf", false},                 // overlong U+007F
      {"\xe0\x80\x80", false},             // overlong 3-byte
      {"\xe0\x9f\xbf", false},             // overlong U+07FF
      {"\xf0\x80\x80\x80", false},         // overlong 4-byte
      {"\xf0\x8f\xbf\xbf", false},         // overlong U+FFFF
      {"\xed\xa0\x80", false},             // U+D800
      {"\xed\xbf\xbf", false},             // U+DFFF
      {"\xed\xa0\xbd\xed\xb8\x80", false}, // CESU-8 surrogate pair
      {"\xf4\x90\x80\x80", false},         // U+110000
      {"\xf5\x80\x80\x80", false},
      {"\xf8\x88\x80\x80\x80", false},     // 5-byte form
      {"\xfe", false},
      {"\xff", false},
      {"\xc3", false},                     // truncated 2-byte
      {"\xe2\x82", false},                 // truncated 3-byte
      {"\xf0\x9f\x98", false},             // truncated 4-byte
      {"abc\xc3", false},                  // truncated at the end
      {"\xc3\x28", false},                 // bad continuation
      {"\xe2\x28\xa1", false},
      {"\xe2\x82\x28", false},
      {"\xf0\x9f\x28\x80", false},
      {"ok \xff ok", false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("bytes: " << hex(c.bytes)) { BOOST_TEST(is_valid_utf8(c.bytes) == c.valid); }
  }
}

BOOST_AUTO_TEST_CASE(valid_utf8_replaces_each_ill_formed_subpart) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"", ""},
      {"plain ASCII", "plain ASCII"},
      {"Nguyễn สวัสดี سلام 🚀", "Nguyễn สวัสดี سلام 🚀"},  // well-formed: unchanged
      {"a\xFF" "b", "a\xEF\xBF\xBD" "b"},
      {"\xC3", "\xEF\xBF\xBD"},                            // truncated at the end
      {"\xE1\xBB", "\xEF\xBF\xBD"},                        // one maximal subpart, one U+FFFD
      {"\xE1\xBB" "x", "\xEF\xBF\xBD" "x"},
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},          // overlong: two
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // a surrogate: three
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.in) {
      const std::string out = valid_utf8(c.in);
      BOOST_TEST(out == c.out);
      BOOST_TEST(is_valid_utf8(out));
    }
  }
}

// Found by fuzz_payload: nlohmann's message quotes the input where it stopped
// ("last read: '...'"), and the inbox writes the message into a JSON answer.
BOOST_AUTO_TEST_CASE(json_syntax_messages_are_utf8_even_for_input_that_is_not) {
  leadscore::Error error;
  const std::string text = "{\"cause\": \"known \xFF\xFE contact\"}";
  BOOST_TEST(!leadscore::parse_json_text(text, "leadscore.inbox", error).has_value());
  BOOST_TEST(error.id == "leadscore.inbox.syntax");
  BOOST_TEST(error.message.find("ill-formed UTF-8") != std::string::npos, error.message);
  BOOST_TEST(is_valid_utf8(error.message), error.message);
}

// Found by json_document_test: nlohmann ends its input at a NUL byte, so the
// CLI took a config with anything after a NUL; JSON.parse and the
// WebAssembly reader refuse it.
BOOST_AUTO_TEST_CASE(json_text_after_a_nul_byte_is_refused) {
  leadscore::Error error;
  BOOST_TEST(!leadscore::parse_json_text(std::string("{\"version\": 1}\0junk", 19), "leadscore.config", error).has_value());
  BOOST_TEST(error.to_string() == "[leadscore.config.syntax] /: parse error at line 1, column 15: a NUL byte after the document");
  BOOST_TEST(!leadscore::parse_json_text(std::string("[1]\0", 4), "leadscore.inbox", error).has_value());
  BOOST_TEST(!leadscore::parse_json_text(std::string("[1\0]", 4), "leadscore.inbox", error).has_value());
  BOOST_TEST(leadscore::parse_json_text("[\"\\u0000\"]", "leadscore.inbox", error).has_value());  // an escaped NUL is fine
}

BOOST_AUTO_TEST_CASE(utf8_length_table) {
  struct Case {
    std::string text;
    std::size_t length;
  };
  const Case cases[] = {
      {"", 0},
      {"abc", 3},
      {"é", 1},
      {"hà nội", 6},
      {"đường phố", 9},
      {"สวัสดี", 6},   // Thai: consonants plus combining vowel signs
      {"سلام", 4},
      {"東京", 2},
      {"😀a", 2},
      {std::string("a\0b", 3), 3},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("text: " << c.text) { BOOST_TEST(utf8_length(c.text) == c.length); }
  }
}

BOOST_AUTO_TEST_CASE(append_utf8_table) {
  struct Case {
    std::uint32_t code_point;
    std::string bytes;
  };
  const Case cases[] = {
      {0x00, std::string(1, '\0')},
      {0x41, "A"},
      {0x7f, "\x7f"},
      {0x80, "\xc2\x80"},
      {0xe9, "\xc3\xa9"},
      {0x7ff, "\xdf\xbf"},
      {0x800, "\xe0\xa0\x80"},
      {0x20ac, "\xe2\x82\xac"},
      {0xd7ff, "\xed\x9f\xbf"},
      {0xe000, "\xee\x80\x80"},
      {0xffff, "\xef\xbf\xbf"},
      {0x10000, "\xf0\x90\x80\x80"},
      {0x1f600, "\xf0\x9f\x98\x80"},
      {0x10ffff, "\xf4\x8f\xbf\xbf"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("U+" << std::hex << c.code_point) {
      std::string out = "x";  // appends, does not overwrite
      append_utf8(out, c.code_point);
      BOOST_TEST(hex(out) == hex("x" + c.bytes));
      BOOST_TEST(is_valid_utf8(out));
      BOOST_TEST(utf8_length(out) == 2u);
    }
  }
}

BOOST_AUTO_TEST_CASE(fold_case_table) {
  struct Case {
    const char* what;
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"empty", "", ""},
      {"ascii", "Hello WORLD 123 @[`{", "hello world 123 @[`{"},
      {"ascii lower unchanged", "already lower", "already lower"},
      {"latin-1 upper", "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ", "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ"},
      {"latin-1 multiplication sign and caseless", "×ß÷ÿ", "×ß÷ÿ"},
      {"latin extended-a pairs", "ĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮ", "āăąćĉċčďđēĕėęěĝğġģĥħĩīĭį"},
      {"latin extended-a lower unchanged", "āđįķĸ", "āđįķĸ"},
      {"dotted capital I folds to ASCII i", "İSTANBUL", "istanbul"},
      {"dotless i stays", "ı", "ı"},
      {"IJ to Ķ", "ĲĴĶ", "ĳĵķ"},
      {"odd-upper run", "ĹĻĽĿŁŃŅŇ", "ĺļľŀłńņň"},
      {"napostrophe stays", "ŉ", "ŉ"},
      {"even-upper run", "ŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶ", "ŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷ"},
      {"Y with diaeresis", "Ÿ", "ÿ"},
      {"last odd-upper run", "ŹŻŽ", "źżž"},
      {"long s stays", "ſ", "ſ"},
      {"Vietnamese horn letters", "ƠƯ", "ơư"},
      {"Vietnamese horn lower unchanged", "ơư", "ơư"},
      {"Vietnamese street", "ĐƯỜNG PHỐ HÀ NỘI", "đường phố hà nội"},
      {"Vietnamese city", "THÀNH PHỐ HỒ CHÍ MINH", "thành phố hồ chí minh"},
      {"Vietnamese vowels with marks",
       "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ",
       "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"},
      {"Latin Extended Additional start", "ḀḂḔẔ", "ḁḃḕẕ"},
      {"U+1E96..U+1E9F are not folded", "ẖẞ", "ẖẞ"},
      {"last Latin Extended Additional pair", "Ỿ", "ỿ"},
      {"Greek capitals", "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "αβγδεζηθικλμνξοπρστυφχψω"},
      {"Greek with tonos", "ΆΈΉΊΌΎΏ", "άέήίόύώ"},
      {"Greek word", "ΑΘΗΝΑ", "αθηνα"},
      {"Greek lower and final sigma unchanged", "αθήνας", "αθήνας"},
      {"Cyrillic basic", "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "абвгдежзийклмнопрстуфхцчшщъыьэюя"},
      {"Cyrillic extensions", "ЀЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ", "ѐёђѓєѕіїјљњћќѝўџ"},
      {"Cyrillic word", "МОСКВА", "москва"},
      {"Thai unchanged", "สวัสดีครับ", "สวัสดีครับ"},
      {"Persian unchanged", "سلام دنیا", "سلام دنیا"},
      {"CJK and emoji unchanged", "東京 😀", "東京 😀"},
      {"Armenian is out of scope", "Ա", "Ա"},
      {"mixed", "Café ΚΑΦΕ Кафе", "café καφε кафе"},
      {"invalid byte passes through", "A\xff" "B", "a\xff" "b"},
      {"truncated sequence at end", "A\xc3", "a\xc3"},
      {"bad continuation", "\xc3(A", "\xc3(a"},
      {"overlong A is not folded", "\xc1\x81", "\xc1\x81"},
      {"encoded surrogate passes through", "\xed\xa0\x80Z", "\xed\xa0\x80z"},
      {"lone continuation bytes", "\x80\x80Q", "\x80\x80q"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      const std::string got = fold_case(c.in);
      BOOST_TEST(got == c.out);
      if (got != c.out) BOOST_TEST_MESSAGE(hex(got) + " vs " + hex(c.out));
    }
  }
}

BOOST_AUTO_TEST_CASE(fold_case_is_idempotent_on_every_bmp_code_point) {
  // Folding a folded string changes nothing, and valid UTF-8 stays valid.
  for (std::uint32_t cp = 1; cp < 0x10000; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    std::string s;
    append_utf8(s, cp);
    const std::string once = fold_case(s);
    BOOST_TEST_CONTEXT("U+" << std::hex << cp) {
      BOOST_TEST(is_valid_utf8(once));
      BOOST_TEST(utf8_length(once) == 1u);
      BOOST_TEST(fold_case(once) == once);
    }
  }
}

BOOST_AUTO_TEST_CASE(ascii_digits_table) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"+84 912", "+84 912"},
      {"۰۱۲۳۴۵۶۷۸۹", "0123456789"},        // Persian
      {"٠١٢٣٤٥٦٧٨٩", "0123456789"},        // Arabic-Indic
      {"०१२३४५६७८९", "0123456789"},        // Devanagari
      {"๐๑๒๓๔๕๖๗๘๙", "0123456789"},        // Thai
      {"０１２３４５６７８９", "0123456789"},  // fullwidth
      {"۳٫۵", "3.5"},                      // Arabic decimal separator
      {"ก๐ ข", "ก0 ข"},                    // Thai letters stay
      {"ۺ ٪ ๚ ＡＺ", "ۺ ٪ ๚ ＡＺ"},           // neighbours of the digit blocks stay
      {"\xDB", "\xDB"},                    // a truncated sequence passes through
  };
  for (const auto& [in, want] : cases) {
    BOOST_TEST_CONTEXT("text: '" << in << "'") { BOOST_TEST(ascii_digits(in) == want); }
  }
}

BOOST_AUTO_TEST_CASE(trim_table) {
  BOOST_TEST(trim("  a b \t\r\n") == "a b");
  BOOST_TEST(trim("\n\n") == "");
  BOOST_TEST(trim("x") == "x");
  BOOST_TEST(trim("\xC2\xA0x") == "\xC2\xA0x");  // only ASCII spaces
}

BOOST_AUTO_TEST_CASE(parse_decimal_accepts) {
  struct Case {
    const char* text;
    double value;
  };
  const Case cases[] = {
      {"0", 0.0},
      {"-0", -0.0},
      {"120", 120.0},
      {" 3.5 ", 3.5},
      {"\t-1e3\t", -1000.0},
      {"  \t 42", 42.0},
      {"0.125", 0.125},
      {"-0.5", -0.5},
      {"1E+2", 100.0},
      {"1e-2", 0.01},
      {"2.5E-1", 0.25},
      {"0e10", 0.0},
      {"0.1", 0.1},
      {"9007199254740993", 9007199254740992.0},
      {"1.7976931348623157e308", DBL_MAX},
      {"1e-400", 0.0},  // underflow is a number (zero), overflow is not
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("text: '" << c.text << "'") {
      const std::optional<double> got = parse_decimal(c.text);
      BOOST_TEST_REQUIRE(got.has_value());
      BOOST_TEST(same_double(*got, c.value));
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_decimal_rejects) {
  const char* const cases[] = {
      "",       " ",      "\t",   "+1",     "01",    "-01",   "00",    "1.",    ".5",
      "-.5",    "0x10",   "NaN",  "nan",    "inf",   "-inf",  "Infinity", "-",  "1e",
      "1e+",    "1E-",    "1 2",  "1,5",    "1.2.3", "--1",   "1e5.0", "1e2e3", "١٢",
      "1\n",    "\n1",    "1\r",  "abc",    "12a",   "a12",   "1_000", "1e999", "-1e400",
      "１",     "\"1\"",  "true", "1e+-2",  "0.e1",  "1.e1",
  };
  for (const char* text : cases) {
    BOOST_TEST_CONTEXT("text: '" << text << "'") { BOOST_TEST(!parse_decimal(text).has_value()); }
  }
}

// Each case is the text of a C++ literal and its value: the compiler rounds
// literals correctly, so it is an independent oracle.
#define NUMBER_CASE(x) {#x, x}
// Integer text whose value needs a floating literal (beyond 2^53 or 2^64).
#define INTEGER_CASE(x) {#x, x##.0}

BOOST_AUTO_TEST_CASE(json_number_to_double_exact) {
  struct Case {
    const char* text;
    double value;
  };
  const Case cases[] = {
      NUMBER_CASE(0),
      NUMBER_CASE(1),
      NUMBER_CASE(-1),
      NUMBER_CASE(0.1),
      NUMBER_CASE(0.2),
      NUMBER_CASE(0.30000000000000004),
      NUMBER_CASE(1e22),
      NUMBER_CASE(1e23),
      NUMBER_CASE(-1e23),
      NUMBER_CASE(1e-22),
      NUMBER_CASE(1e-23),
      NUMBER_CASE(9007199254740991),
      NUMBER_CASE(9007199254740992),
      INTEGER_CASE(9007199254740993),  // halfway: ties to even (down)
      INTEGER_CASE(9007199254740995),  // halfway: ties to even (up)
      INTEGER_CASE(18446744073709551615),
      INTEGER_CASE(18446744073709551616),
      NUMBER_CASE(1767600001903),
      NUMBER_CASE(32503680000000),
      NUMBER_CASE(5e-324),
      NUMBER_CASE(4.9406564584124654e-324),
      NUMBER_CASE(2.4703282292062328e-324),  // just above half the smallest subnormal
      NUMBER_CASE(2.2250738585072011e-308),  // the largest subnormal region (historic strtod hang)
      NUMBER_CASE(2.2250738585072014e-308),
      NUMBER_CASE(1.7976931348623157e308),
      NUMBER_CASE(1.7976931348623158e308),   // rounds down to DBL_MAX
      NUMBER_CASE(123456789012345e22),       // fast-path boundary: 15 digits, 10^22
      NUMBER_CASE(123456789012345e-22),
      NUMBER_CASE(1234567890123456e-22),
      NUMBER_CASE(3.14159265358979323846264338327950288419716939937510),
      INTEGER_CASE(123456789012345678901234567890),
      NUMBER_CASE(0.000000000000000000000000000001),
      NUMBER_CASE(0.000001234567890123456789),
      NUMBER_CASE(1.00000000000000011102230246251565404236316680908203125),  // exact halfway above 1
      NUMBER_CASE(1.00000000000000011102230246251565404236316680908203126),  // just above: rounds up
      NUMBER_CASE(7.2057594037927933e16),
      NUMBER_CASE(8.98846567431158e307),
      NUMBER_CASE(2.5E-1),
      NUMBER_CASE(1E+2),
      NUMBER_CASE(-0.0000025),
      NUMBER_CASE(100000000000000000000000000000000000000000000000000e-50),
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("text: " << c.text) { BOOST_TEST(same_double(json_number_to_double(c.text), c.value)); }
  }
}

BOOST_AUTO_TEST_CASE(json_number_to_double_special) {
  BOOST_TEST(same_double(json_number_to_double("-0"), -0.0));
  BOOST_TEST(same_double(json_number_to_double("-0.0e5"), -0.0));
  BOOST_TEST(same_double(json_number_to_double("0e-999999"), 0.0));
  BOOST_TEST(same_double(json_number_to_double("1e-400"), 0.0));
  BOOST_TEST(same_double(json_number_to_double("-1e-400"), -0.0));
  BOOST_TEST(json_number_to_double("1e400") == std::numeric_limits<double>::infinity());
  BOOST_TEST(json_number_to_double("-1e400") == -std::numeric_limits<double>::infinity());
  BOOST_TEST(json_number_to_double("1.7976931348623159e308") == std::numeric_limits<double>::infinity());
  BOOST_TEST(json_number_to_double("1e99999999999999999999") == std::numeric_limits<double>::infinity());
  // A mantissa longer than any stack buffer.
  std::string long_text = "0." + std::string(500, '0') + "1e501";
  BOOST_TEST(same_double(json_number_to_double(long_text), 1.0));
  std::string long_int = "1" + std::string(300, '0');
  BOOST_TEST(same_double(json_number_to_double(long_int), 1e300));
}

BOOST_AUTO_TEST_CASE(json_number_to_double_integers_up_to_2_pow_53_are_exact) {
  // Every integer with at most 16 digits that fits 53 bits, sampled densely
  // near the boundaries and spread in between.
  const std::uint64_t limit = std::uint64_t{1} << 53;
  std::vector<std::uint64_t> values;
  for (std::uint64_t v = 0; v < 2000; ++v) values.push_back(v);
  for (std::uint64_t v = limit - 2000; v <= limit; ++v) values.push_back(v);
  for (std::uint64_t p = 10; p < limit; p *= 10) {
    for (std::uint64_t d = 0; d < 50; ++d) {
      values.push_back(p - 25 + d);
    }
  }
  for (std::uint64_t step = 0, v = 1; step < 20000; ++step, v = (v * 6364136223846793005u + 1442695040888963407u)) {
    values.push_back(v % (limit + 1));
  }
  for (std::uint64_t v : values) {
    const std::string text = std::to_string(v);
    const double got = json_number_to_double(text);
    if (got != static_cast<double>(v) || json_number_to_double("-" + text) != -static_cast<double>(v)) {
      BOOST_ERROR("not exact: " << text);
      break;
    }
  }
}

BOOST_AUTO_TEST_CASE(json_number_to_double_matches_strtod) {
  // A deterministic spread of shapes: short and long mantissas, fractions,
  // exponents near the fast-path limits and near the ends of the range.
  std::uint64_t state = 42;
  auto next = [&state] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<unsigned>(state >> 33);
  };
  int mismatches = 0;
  for (int i = 0; i < 200000 && mismatches < 5; ++i) {
    std::string text;
    if (next() % 4 == 0) text += '-';
    const unsigned int_digits = 1 + next() % 20;
    text += static_cast<char>('1' + next() % 9);
    for (unsigned d = 1; d < int_digits; ++d) text += static_cast<char>('0' + next() % 10);
    if (next() % 2 == 0) {
      text += '.';
      const unsigned frac_digits = 1 + next() % 20;
      for (unsigned d = 0; d < frac_digits; ++d) text += static_cast<char>('0' + next() % 10);
    }
    if (next() % 2 == 0) {
      text += next() % 2 ? 'e' : 'E';
      const unsigned pick = next() % 3;
      const int exponent = pick == 0 ? static_cast<int>(next() % 50) - 25
                         : pick == 1 ? static_cast<int>(next() % 700) - 350
                                     : static_cast<int>(next() % 40) + (next() % 2 ? 290 : -345);
      text += std::to_string(exponent);
    }
    const double expected = std::strtod(text.c_str(), nullptr);
    const double got = json_number_to_double(text);
    if (!same_double(got, expected)) {
      ++mismatches;
      BOOST_ERROR("mismatch for " << text);
    }
  }
}

BOOST_AUTO_TEST_CASE(format_number_table) {
  struct Case {
    double value;
    const char* text;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const Case cases[] = {
      {0.0, "0"},
      {-0.0, "0"},
      {50.0, "50"},
      {-3.0, "-3"},
      {1.0, "1"},
      {8192.0, "8192"},
      {32503680000000.0, "32503680000000"},
      {999999999999999.0, "999999999999999"},
      {-999999999999999.0, "-999999999999999"},
      {2.5, "2.5"},
      {0.125, "0.125"},
      {-0.125, "-0.125"},
      {0.1, "0.1"},
      {100.5, "100.5"},
      {1.25, "1.25"},
      {1.0 / 3.0, "0.333333"},
      {2.0 / 3.0, "0.666667"},
      {-2.0 / 3.0, "-0.666667"},
      {3.14159265, "3.141593"},
      {0.000001, "0.000001"},
      {0.0000006, "0.000001"},
      {0.0000004, "0"},
      {-0.0000004, "0"},  // rounds to zero: no "-0"
      {1e-300, "0"},
      {999999.9999996, "1000000"},
      {-1.9999999, "-2"},
      {1e15, "1000000000000000"},
      {1e15 + 0.5, "1000000000000000.5"},
      {9007199254740992.0, "9007199254740992"},
      {1e19, "10000000000000000000"},
      {-1e19, "-10000000000000000000"},
      {18446744073709549568.0, "18446744073709549568"},  // largest double below 2^64
      {18446744073709551616.0, "1.84467e+19"},          // 2^64
      {1e20, "1e+20"},
      {-2.5e25, "-2.5e+25"},
      {1.5e300, "1.5e+300"},
      {DBL_MAX, "1.79769e+308"},
      {inf, "inf"},
      {-inf, "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("expected: " << c.text) { BOOST_TEST(format_number(c.value) == c.text); }
  }
}

BOOST_AUTO_TEST_CASE(format_number_round_trips_integers_and_short_decimals) {
  // What format_number prints for integers and 1-3 decimal numbers reads back
  // as the same double.
  for (int i = -20000; i <= 20000; i += 7) {
    const double whole = i;
    BOOST_TEST_REQUIRE(json_number_to_double(format_number(whole)) == whole);
    const double tenths = i / 10.0;
    BOOST_TEST_REQUIRE(json_number_to_double(format_number(tenths)) == tenths);
    const double thousandths = i / 1000.0;
    BOOST_TEST_REQUIRE(json_number_to_double(format_number(thousandths)) == thousandths);
  }
}

BOOST_AUTO_TEST_SUITE_END()
