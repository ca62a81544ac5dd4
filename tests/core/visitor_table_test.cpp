// Many visitors at once: NDJSON streams with bad lines, blank lines and CRLF,
// line numbers people can find, first-seen order and stable profiles.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"
#include "support.hpp"

using namespace leadscore;

namespace {

struct Refusal {
  std::size_t line;
  std::string id, path;
};

class Recorder : public ErrorSink {
 public:
  void refused(std::size_t line, const Error& error) override {
    got.push_back({line, error.id, error.path});
    BOOST_TEST(!error.message.empty());
  }
  std::string text() const {
    std::string out;
    for (const Refusal& r : got) out += std::to_string(r.line) + " " + r.id + " " + r.path + "\n";
    return out;
  }
  std::vector<Refusal> got;
};

std::shared_ptr<const Config> config() {
  return test::compile_config(R"({"version": 1, "rules": [{"id": "pv", "event": "page_view", "points": 1}]})");
}

std::vector<std::string> visitor_order(const VisitorTable& t) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.at(i).visitor_id);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(visitor_table_test)

BOOST_AUTO_TEST_CASE(bad_lines_are_reported_and_skipped) {
  const std::string text =
      R"({"visitor":"a","type":"page_view","ts":1000,"url":"/x"})" "\n"          // 1
      "\n"                                                                        // 2 blank
      "  \t  \n"                                                                  // 3 whitespace
      R"({"type":"page_view","ts":1000})" "\n"                                    // 4 no visitor
      R"({"visitor":"b","type":"page_view","ts":1000})" "\r\n"                    // 5 CRLF
      "not json\n"                                                                // 6
      R"({"visitor":"a","type":"set_stage","ts":2000,"props":{"stage":"nope"}})" "\n"  // 7 refused by apply
      R"({"visitor":"","type":"page_view","ts":1})" "\n"                          // 8 empty visitor
      "\r\n"                                                                      // 9 blank (CRLF)
      R"({"visitor":"c","type":"page_view"})" "\n"                                // 10 no ts
      R"({"visitor":"c","type":"page_view","ts":1})" "\n"                         // 11
      R"({"visitor":"b","type":"page_view","ts":3000})";                          // 12, no final newline
  const auto c = config();
  VisitorTable visitors(c);
  EventParser parser;
  Recorder errors;
  const StreamStats stats = score_ndjson(visitors, text, parser, errors);

  BOOST_REQUIRE_EQUAL(errors.got.size(), 5u);
  BOOST_TEST(errors.got[0].line == 4u);
  BOOST_TEST(errors.got[0].id == "leadscore.event.required");
  BOOST_TEST(errors.got[0].path == "/visitor");
  BOOST_TEST(errors.got[1].line == 6u);
  BOOST_TEST(errors.got[1].id == "leadscore.event.syntax");
  BOOST_TEST(errors.got[1].path == "");  // not line 4's "/visitor": one Error serves every line
  BOOST_TEST(errors.got[2].line == 7u);
  BOOST_TEST(errors.got[2].id == "leadscore.event.stage");
  BOOST_TEST(errors.got[2].path == "/props/stage");
  BOOST_TEST(errors.got[3].line == 8u);
  BOOST_TEST(errors.got[3].id == "leadscore.event.required");
  BOOST_TEST(errors.got[3].path == "/visitor");
  BOOST_TEST(errors.got[4].line == 10u);
  BOOST_TEST(errors.got[4].id == "leadscore.event.required");
  BOOST_TEST(errors.got[4].path == "/ts");

  BOOST_TEST(stats.lines == 9u);  // non-blank
  BOOST_TEST(stats.accepted == 4u);
  BOOST_TEST(stats.refused == 5u);
  BOOST_TEST(stats.accepted + stats.refused == stats.lines);

  BOOST_TEST(visitor_order(visitors) == (std::vector<std::string>{"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(visitors.at(0).events == 1u);  // the refused set_stage changed nothing
  BOOST_TEST(visitors.at(1).events == 2u);  // the CRLF line and the last line
  BOOST_TEST(visitors.at(1).last_seen == 3000);
  BOOST_TEST(visitors.at(2).events == 1u);
  BOOST_TEST(visitors.at(0).recent_page(visitors.at(0).recent_pages.size() - 1).path == "/x");
}

BOOST_AUTO_TEST_CASE(line_numbers_table) {
  const std::string good = R"({"visitor":"v","type":"click","ts":1})";
  const std::string bad = R"({"visitor":"v","type":"click"})";
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::size_t> refused_lines;
    std::size_t lines, accepted;
  };
  const Case cases[] = {
      {"empty text", "", {}, 0, 0},
      {"only newlines", "\n\n\n", {}, 0, 0},
      {"only blanks", " \n\t\r\n  \r\n", {}, 0, 0},
      {"one bad line", bad, {1}, 1, 0},
      {"bad after blanks", "\n\n" + bad + "\n", {3}, 1, 0},
      {"bad after CRLF blanks", "\r\n\r\n" + good + "\r\n" + bad + "\r\n", {4}, 2, 1},
      {"trailing newline adds no line", good + "\n" + bad + "\n", {2}, 2, 1},
      {"bad lines apart", bad + "\n" + good + "\n\n" + bad + "\n" + good + "\n" + bad, {1, 4, 6}, 5, 2},
      {"indented lines", "   " + good + "\n\t" + bad + "  \n", {2}, 2, 1},
      {"truncated last line", good + "\n" + good.substr(0, 20), {2}, 2, 1},
      {"a JSON array is no event", "[" + good + "]\n" + good, {1}, 2, 1},
  };
  const auto c = config();
  for (const Case& k : cases) {
    BOOST_TEST_CONTEXT(k.name) {
      VisitorTable visitors(c);
      EventParser parser;
      Recorder errors;
      const StreamStats stats = score_ndjson(visitors, k.text, parser, errors);
      std::vector<std::size_t> lines;
      for (const Refusal& r : errors.got) lines.push_back(r.line);
      BOOST_TEST(lines == k.refused_lines, boost::test_tools::per_element());
      BOOST_TEST(stats.lines == k.lines);
      BOOST_TEST(stats.accepted == k.accepted);
      BOOST_TEST(stats.refused == k.refused_lines.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(an_oversized_line_does_not_stop_the_run) {
  const std::string huge = R"({"visitor":"v","type":"click","ts":1,"props":{"x":")" + std::string(70000, 'x') + "\"}}";
  const std::string text = huge + "\n" + R"({"visitor":"v","type":"click","ts":2})" + "\n";
  const auto c = config();
  VisitorTable visitors(c);
  EventParser parser;
  Recorder errors;
  const StreamStats stats = score_ndjson(visitors, text, parser, errors);
  BOOST_REQUIRE_EQUAL(errors.got.size(), 1u);
  BOOST_TEST(errors.got[0].line == 1u);
  BOOST_TEST(errors.got[0].id == "leadscore.event.too_large");
  BOOST_TEST(stats.accepted == 1u);
  BOOST_REQUIRE_EQUAL(visitors.size(), 1u);
  BOOST_TEST(visitors.at(0).events == 1u);
}

// Lines are found eight bytes at a time: a newline at every offset within a
// word, lines shorter than a word, and bytes near '\n' (0x0B; 0x8A inside
// "Ċ" = C4 8A) must split exactly where the text has newlines.
BOOST_AUTO_TEST_CASE(newlines_at_every_offset) {
  const auto c = config();
  std::string text;
  std::vector<std::string> ids;
  std::vector<std::size_t> bad_lines;
  std::size_t line = 0;
  for (std::size_t n = 1; n <= 17; ++n) {
    // A visitor id of n bytes, some of them the two bytes of U+010A.
    std::string id;
    while (id.size() < n) id += id.size() % 3 == 1 && id.size() + 2 <= n ? "\xC4\x8A" : "v";
    ids.push_back(id);
    text += R"({"visitor":")" + id + R"(","type":"click","ts":)" + std::to_string(n) + "}\n";
    ++line;
    text += std::string(n % 9, '\x0B') + "x\n";  // a short bad line, 1 to 9 bytes
    bad_lines.push_back(++line);
    if (n % 4 == 0) {
      text += "\n";  // a blank line
      ++line;
    }
  }
  VisitorTable visitors(c);
  EventParser parser;
  Recorder errors;
  const StreamStats stats = score_ndjson(visitors, text, parser, errors);
  std::vector<std::size_t> refused;
  for (const Refusal& r : errors.got) refused.push_back(r.line);
  BOOST_TEST(refused == bad_lines, boost::test_tools::per_element());
  BOOST_TEST(stats.accepted == ids.size());
  BOOST_TEST(visitor_order(visitors) == ids, boost::test_tools::per_element());
  for (std::size_t i = 0; i < visitors.size(); ++i) BOOST_TEST(visitors.at(i).events == 1u);
}

BOOST_AUTO_TEST_CASE(visitors_in_first_seen_order_and_streams_add_up) {
  const auto c = config();
  VisitorTable visitors(c);
  EventParser parser;
  Recorder errors;
  std::string first, second;
  const char* ids[] = {"zed", "amy", "Amy", "bob", "amy", "zed", "Nguyễn", "bob"};
  std::int64_t ts = 1000;
  for (const char* id : ids) {
    first += R"({"visitor":")" + std::string(id) + R"(","type":"page_view","ts":)" + std::to_string(ts++) + "}\n";
  }
  second = R"({"visitor":"new","type":"page_view","ts":5000})" "\n" R"({"visitor":"zed","type":"page_view","ts":5001})";
  const StreamStats s1 = score_ndjson(visitors, first, parser, errors);
  const StreamStats s2 = score_ndjson(visitors, second, parser, errors);  // the same table, a second stream
  BOOST_TEST(errors.got.empty(), errors.text());
  BOOST_TEST(s1.lines == 8u);
  BOOST_TEST(s1.accepted == 8u);
  BOOST_TEST(s2.lines == 2u);
  BOOST_TEST(s2.accepted == 2u);
  BOOST_TEST(visitor_order(visitors) == (std::vector<std::string>{"zed", "amy", "Amy", "bob", "Nguyễn", "new"}),
             boost::test_tools::per_element());
  BOOST_TEST(visitors.at(0).events == 3u);
  BOOST_TEST(visitors.at(1).events == 2u);
  BOOST_TEST(visitors.at(2).events == 1u);
  BOOST_TEST(&visitors.profile("amy") == &visitors.at(1));
  BOOST_TEST(visitors.size() == 6u);
  const Standing s = standing_at(visitors.config(), visitors.at(0), 6000);
  BOOST_TEST(s.engagement == 3);
}

BOOST_AUTO_TEST_CASE(profile_references_stay_valid) {
  const auto c = config();
  VisitorTable visitors(c);
  Profile& first = visitors.profile("first");
  BOOST_TEST(first.visitor_id == "first");
  BOOST_TEST(first.events == 0u);
  BOOST_TEST(first.rules.size() == 1u);  // shaped for the config
  Profile* addresses[3] = {&first, nullptr, nullptr};
  for (int i = 0; i < 10000; ++i) {
    Profile& p = visitors.profile("v" + std::to_string(i));
    if (i == 0) addresses[1] = &p;
    if (i == 5000) addresses[2] = &p;
  }
  BOOST_TEST(visitors.size() == 10001u);
  // Still the same objects, usable through the old references.
  test::Feeder feed;
  BOOST_TEST(feed(*c, first, test::event("page_view", 1000, "/")).accepted);
  BOOST_TEST(first.events == 1u);
  BOOST_TEST(&visitors.profile("first") == &first);
  BOOST_TEST(&visitors.at(0) == &first);
  BOOST_TEST(visitors.at(0).events == 1u);
  BOOST_TEST(&visitors.profile("v0") == addresses[1]);
  BOOST_TEST(&visitors.profile("v5000") == addresses[2]);
  BOOST_TEST(addresses[2]->visitor_id == "v5000");
  BOOST_TEST(visitors.size() == 10001u);  // looking up did not add
  BOOST_TEST(visitors.at(10000).visitor_id == "v9999");
}

// With several threads each line goes to the shard of its visitor. The id is
// read off the line without a parse only when the parse must agree; anything
// else (nullopt) is parsed first. A wrong guess would score a line twice or
// never: the table pins what may be guessed.
BOOST_AUTO_TEST_CASE(quick_visitor_table) {
  struct Case {
    const char* line;
    const char* id;  // nullptr: must not guess
  };
  const Case cases[] = {
      {R"({"visitor":"v1","type":"page_view","ts":1})", "v1"},
      {R"(  { "visitor" :  "a b" , "type":"x"})", "a b"},
      {R"({"visitor":"","type":"x"})", ""},
      {R"({"type":"page_view","visitor":"v1"})", nullptr},             // not the first key
      {R"({"visitor":"v1","type":"x","visitor":"v2"})", nullptr},      // a duplicate: the parser keeps v2
      {R"({"visitor":"v1","props":{"visitor":"v2"}})", nullptr},       // maybe a duplicate: parse
      {R"({"visitor":"v\u0031","type":"x"})", nullptr},               // an escape in the id
      {R"({"visitor":"v1","url":"/a\"b"})", nullptr},                 // an escape elsewhere
      {R"({"visitor":1,"type":"x"})", nullptr},
      {R"({"visitor":"v1)", nullptr},
      {R"({"visitor")", nullptr},
      {R"({"visito")", nullptr},
      {R"([{"visitor":"v1"}])", nullptr},
      {"", nullptr},
      {"{", nullptr},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.line) {
      const auto got = detail::quick_visitor(c.line);
      BOOST_TEST(got.has_value() == (c.id != nullptr));
      if (got && c.id) BOOST_TEST(*got == c.id);
    }
  }
}

// The CLI plans parts of the text once (lines and owners) and then scores each
// shard of every part: the same lines, numbers, refusals and profiles as each
// shard scoring the whole text, wherever the parts are cut.
BOOST_AUTO_TEST_CASE(planned_parts_score_like_the_whole_text) {
  std::string text;
  const char* ids[] = {"a", "b", "c", "d", "e", "f", "g"};
  for (int i = 0; i < 40; ++i) {
    const std::string id = ids[i % 7];
    switch (i % 9) {
      case 0: text += "\n"; break;
      case 1: text += "not json\n"; break;
      case 2: text += R"({"type":"page_view","visitor":")" + id + R"(","ts":)" + std::to_string(i) + "}\n"; break;
      case 3: text += R"({"visitor":"\u0061","type":"page_view","ts":)" + std::to_string(i) + "}\r\n"; break;
      case 4: text += R"({"type":"page_view","ts":1})" "\n"; break;
      default: text += R"({"visitor":")" + id + R"(","type":"page_view","ts":)" + std::to_string(i) + "}\n";
    }
  }
  text += R"({"visitor":"z","type":"page_view","ts":99})";  // no newline at the end
  const auto c = config();
  for (unsigned shards : {1u, 2u, 3u}) {
    for (std::size_t cut = 0; cut <= text.size(); cut += 7) {
      // Cut just after the first newline at or after `cut` (the first part
      // may be a single blank line), or at the end.
      const std::size_t nl = text.find('\n', cut);
      const std::size_t split = nl == std::string::npos ? text.size() : nl + 1;
      const LinePlan first = plan_ndjson(text, 0, split, shards);
      const LinePlan second = plan_ndjson(text, split, text.size(), shards);
      for (unsigned k = 0; k < shards; ++k) {
        BOOST_TEST_CONTEXT("shards " << shards << ", shard " << k << ", cut " << cut) {
          VisitorTable whole(c), planned(c);
          EventParser parser;
          Recorder whole_errors, planned_errors;
          const Shard shard{k, shards};
          const StreamStats w = score_ndjson(whole, text, parser, whole_errors, shard);
          StreamStats p = score_planned(planned, text, first, 1, parser, planned_errors, shard);
          const StreamStats p2 = score_planned(planned, text, second, 1 + first.line_count, parser, planned_errors, shard);
          p.lines += p2.lines;
          p.accepted += p2.accepted;
          p.refused += p2.refused;
          BOOST_TEST(planned_errors.text() == whole_errors.text());
          BOOST_TEST(p.lines == w.lines);
          BOOST_TEST(p.accepted == w.accepted);
          BOOST_TEST(p.refused == w.refused);
          BOOST_TEST(visitor_order(planned) == visitor_order(whole), boost::test_tools::per_element());
          for (std::size_t i = 0; i < whole.size() && i < planned.size(); ++i) {
            BOOST_TEST(planned.at(i).events == whole.at(i).events);
            BOOST_TEST(planned.first_line(i) == whole.first_line(i));
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
