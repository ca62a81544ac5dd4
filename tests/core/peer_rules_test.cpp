// Exact agreement with two independent engines: the 25-rule peer set of
// ../shared/bench/peer-rules, expressed as bench/peer-rules.leadscore.json,
// must give every visitor's score and every per-rule contribution that
// json-rules-engine and a plain JS loop both give. The shipped expectations
// cover the first 20,000 events; the 200k ones were written by the peer's own
// script on all events (tests/fixtures/peer-rules/README.md).

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"

using namespace leadscore;

namespace {

void check_against(std::size_t max_events, const std::string& scores_file, const std::string& by_rule_file) {
  Error e;
  const auto doc = parse_json_text(
      test::read_file(std::string(LEADSCORE_SOURCE_DIR) + "/bench/peer-rules.leadscore.json"), "c", e);
  BOOST_REQUIRE(doc);
  const ConfigResult loaded = load_config(*doc);
  BOOST_REQUIRE(loaded.config);
  const Config& config = *loaded.config;

  std::string events = test::read_file(LEADSCORE_PEER_EVENTS);
  std::size_t cut = 0;
  for (std::size_t n = 0; n < max_events && cut != std::string::npos; ++n) {
    cut = events.find('\n', cut);
    if (cut != std::string::npos) ++cut;
  }
  if (cut != std::string::npos) events.resize(cut);

  VisitorTable visitors(loaded.config);
  EventParser parser;
  struct Count : ErrorSink {
    std::size_t n = 0;
    void refused(std::size_t, const Error&) override { ++n; }
  } bad;
  const StreamStats stats = score_ndjson(visitors, events, parser, bad);
  const std::size_t bad_lines = bad.n;
  BOOST_TEST(stats.accepted == max_events);
  BOOST_TEST(bad_lines == 0u);

  const json expected = test::load_fixture("peer-rules/" + scores_file);
  const json by_rule = test::load_fixture("peer-rules/" + by_rule_file);
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
    // The breakdown (what people read) and the raw state must both agree.
    std::vector<double> shown(25, 0);
    for (const BreakdownEntry& b : s.breakdown) shown[static_cast<std::size_t>(config.rule_index(*b.rule))] = b.points;
    const json& want_rules = by_rule["contributions"].at(p.visitor_id);
    for (std::size_t r = 0; r < 25; ++r) {
      if (p.rules[r].value != want_rules[r].get<double>() || shown[r] != want_rules[r].get<double>()) {
        ++contribution_mismatches;
        BOOST_TEST_MESSAGE(p.visitor_id << " " << config.rules[r].id << ": " << p.rules[r].value
                                        << ", expected " << want_rules[r]);
      }
    }
  }
  BOOST_TEST(score_mismatches == 0u);
  BOOST_TEST(contribution_mismatches == 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peer_rules_test)

BOOST_AUTO_TEST_CASE(first_20k_events_match_the_shipped_expectations) {
  check_against(20000, "expected-scores.json", "expected-scores-by-rule.json");
}

BOOST_AUTO_TEST_CASE(all_200k_events_match_both_peer_engines) {
  check_against(200000, "expected-200k-scores.json", "expected-200k-scores-by-rule.json");
}

BOOST_AUTO_TEST_SUITE_END()
