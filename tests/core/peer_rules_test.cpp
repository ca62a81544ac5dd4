// Exact agreement with two independent engines: the 25-rule peer set of
// ../shared/bench/peer-rules, expressed as bench/peer-rules.leadscore.json,
// scored over the 200,000 events must give every visitor's score and every
// per-rule contribution that json-rules-engine and a plain JS loop both give
// (tests/fixtures/peer-rules/expected-*.json, copied unchanged).

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"

using namespace leadscore;

BOOST_AUTO_TEST_SUITE(peer_rules_test)

BOOST_AUTO_TEST_CASE(scores_and_contributions_match_the_peer_engines_exactly) {
  Error e;
  const auto doc = parse_json_text(
      test::read_file(std::string(LEADSCORE_SOURCE_DIR) + "/bench/peer-rules.leadscore.json"), "c", e);
  BOOST_REQUIRE(doc);
  const ConfigResult loaded = load_config(*doc);
  BOOST_REQUIRE(loaded.config);
  const Config& config = *loaded.config;

  VisitorTable visitors(loaded.config);
  EventParser parser;
  std::size_t bad_lines = 0;
  const StreamStats stats = score_ndjson(visitors, test::read_file(LEADSCORE_PEER_EVENTS), parser,
                                         [&](std::size_t, const Error&) { ++bad_lines; });
  BOOST_TEST(stats.accepted == 200000u);
  BOOST_TEST(bad_lines == 0u);

  const json expected = test::load_fixture("peer-rules/expected-scores.json");
  const json by_rule = test::load_fixture("peer-rules/expected-scores-by-rule.json");
  const json& rule_names = by_rule["rules"];
  BOOST_REQUIRE_EQUAL(rule_names.size(), 25u);
  BOOST_REQUIRE_EQUAL(config.rules.size(), 25u);
  for (std::size_t r = 0; r < 25; ++r) BOOST_TEST(config.rules[r].id == rule_names[r].get<std::string>());

  BOOST_REQUIRE_EQUAL(visitors.size(), expected.size());
  std::size_t score_mismatches = 0, contribution_mismatches = 0;
  for (std::size_t i = 0; i < visitors.size(); ++i) {
    const Profile& p = visitors.at(i);
    const Standing s = standing_at(config, p, 1767600000000 + 86400000LL * 365);
    const double want = expected.at(p.visitor_id).get<double>();
    if (s.total != want) {
      ++score_mismatches;
      BOOST_TEST_MESSAGE(p.visitor_id << ": score " << s.total << ", expected " << want);
    }
    const json& want_rules = by_rule["contributions"].at(p.visitor_id);
    for (std::size_t r = 0; r < 25; ++r) {
      if (p.rules[r].value != want_rules[r].get<double>()) {
        ++contribution_mismatches;
        BOOST_TEST_MESSAGE(p.visitor_id << " " << config.rules[r].id << ": " << p.rules[r].value
                                        << ", expected " << want_rules[r]);
      }
    }
  }
  BOOST_TEST(score_mismatches == 0u);
  BOOST_TEST(contribution_mismatches == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
