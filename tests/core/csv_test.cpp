// RFC 4180 records: quotes, doubled quotes, line breaks inside quotes, CRLF /
// LF / CR, a byte order mark, blank lines, and the line numbers of records
// and of refused ones (after which reading resumes).

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "leadscore/csv.hpp"

using leadscore::CsvReader;
using leadscore::CsvRecord;
using leadscore::Error;

namespace {

// Every record as "line:field|field|..." and every refusal as "line:!message".
std::vector<std::string> read_all(const std::string& text) {
  std::vector<std::string> out;
  CsvReader reader(text);
  CsvRecord record;
  Error error;
  for (int guard = 0; guard < 1000; ++guard) {
    const CsvReader::Status s = reader.next(record, error);
    if (s == CsvReader::Status::end) return out;
    std::string line = std::to_string(record.line) + ":";
    if (s == CsvReader::Status::error) {
      BOOST_TEST(error.id == "leadscore.csv.syntax");
      line += "!" + error.message;
    } else {
      for (std::size_t i = 0; i < record.fields.size(); ++i) line += (i ? "|" : "") + record.fields[i];
    }
    out.push_back(line);
  }
  BOOST_FAIL("the reader does not end");
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_test)

BOOST_AUTO_TEST_CASE(records_table) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"empty text", "", {}},
      {"only line breaks", "\n\r\n\r", {}},
      {"LF", "a,b\n1,2\n", {"1:a|b", "2:1|2"}},
      {"CRLF", "a,b\r\n1,2\r\n", {"1:a|b", "2:1|2"}},
      {"lone CR", "a,b\r1,2", {"1:a|b", "2:1|2"}},
      {"no final line break", "a,b\n1,2", {"1:a|b", "2:1|2"}},
      {"byte order mark", "\xEF\xBB\xBFvisitor,converted\nv1,1\n", {"1:visitor|converted", "2:v1|1"}},
      {"BOM only at the start counts", "a\n\xEF\xBB\xBF" "b\n", {"1:a", "2:\xEF\xBB\xBF" "b"}},
      {"blank lines are skipped, lines still counted", "a\n\n  \n\t\nb\n", {"1:a", "5:b"}},
      {"empty fields", ",\n,,x\n", {"1:|", "2:||x"}},
      {"trailing comma is an empty last field", "a,b,\n", {"1:a|b|"}},
      {"spaces in unquoted fields are kept", " a , b \n", {"1: a | b "}},
      {"quoted fields", "\"a\",\"b,c\"\n", {"1:a|b,c"}},
      {"doubled quote", "\"say \"\"hi\"\"\",x\n", {"1:say \"hi\"|x"}},
      {"empty quoted field", "\"\",\"\"\"\"\n", {"1:|\""}},
      {"spaces around a quoted field are ignored", "  \"a\"  ,\t\"b\"\t\n", {"1:a|b"}},
      {"line break inside quotes (LF)", "\"two\nlines\",x\nnext\n", {"1:two\nlines|x", "3:next"}},
      {"line break inside quotes (CRLF kept)", "\"two\r\nlines\",x\r\nnext\r\n", {"1:two\r\nlines|x", "3:next"}},
      {"quoted last field at end of text", "a,\"b\"", {"1:a|b"}},
      {"UTF-8 passes through", "\"Nguyễn, Văn\",ไทย\n", {"1:Nguyễn, Văn|ไทย"}},
      {"quote inside an unquoted field is refused; next line read",
       "ab\"c,1\nok,2\n",
       {"1:!a quote inside unquoted field 1 (quote the whole field and write the quote twice: \"a \"\"b\"\"\")",
        "2:ok|2"}},
      {"text after a closing quote is refused",
       "x,\"a\"b,c\nok\n",
       {"1:!text after the closing quote of field 2 (a quote inside a quoted field is written twice: \"\")",
        "2:ok"}},
      {"a quote never closed costs its line only",
       "a,b\n\"open,1\nv2,0\nv3,1\n",
       {"1:a|b", "2:!the quote opened on line 2 is never closed", "3:v2|0", "4:v3|1"}},
      {"a quote never closed on a later line of a record",
       "\"x\ny\",\"open\nv2,0\n",
       {"1:!the quote opened on line 2 is never closed", "3:v2|0"}},
      {"line numbers after a multi-line field", "\"a\n\nb\"\nz\n", {"1:a\n\nb", "4:z"}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::vector<std::string> got = read_all(c.text);
      BOOST_TEST(got == c.expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
