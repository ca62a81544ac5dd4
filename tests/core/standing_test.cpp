// Where a visitor stands at a moment: decay applied when read, the breakdown
// that explains the score, and the JSON the CLI prints and the page reads.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "leadscore/profile.hpp"
#include "leadscore/standing.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;
constexpr std::int64_t day = 86400000;

const char* const config_text = R"({"version": 1, "decay": {"half_life_days": 1},
  "rules": [
    {"id": "pv", "event": "page_view", "points": 10, "cap": 15},
    {"id": "dismiss", "event": "offer_dismiss", "points": -4, "cap": -6},
    {"id": "never", "event": "download", "points": 1},
    {"id": "demo", "event": "demo_request", "points": 20, "dimension": "fit"},
    {"id": "late", "event": "scroll", "points": 2}
  ],
  "fit": [
    {"id": "nomatch", "field": "country", "eq": "US", "points": 3},
    {"id": "corp", "field": "email_domain", "eq": "acme.com", "points": 7}
  ],
  "temperature": {"warm": 5, "hot": 10}
})";

Profile scored(const Config& config) {
  Profile p = new_profile(config, "v1");
  test::Feeder feed;
  for (const json& e : {event("page_view", T0, "/a"), event("page_view", T0, "/b"), event("offer_dismiss", T0),
                        event("offer_dismiss", T0), event("demo_request", T0),
                        event("identify", T0, "", {{"email", "x@acme.com"}})}) {
    BOOST_TEST_REQUIRE(feed(config, p, e).accepted);
  }
  return p;
}

std::vector<std::string> keys(const json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(standing_test)

BOOST_AUTO_TEST_CASE(breakdown_order_and_signs) {
  const auto config = test::compile_config(config_text);
  const Profile p = scored(*config);
  const Standing s = standing_at(*config, p, T0);
  struct Row {
    const char* rule;
    Dimension dimension;
    std::uint32_t fired;
    double points, capped, decayed;
  };
  // Event rules that fired, in config order, then the fit rules that hold.
  const Row expected[] = {
      {"pv", Dimension::engagement, 2, 15, 5, 0},
      {"dismiss", Dimension::engagement, 2, -6, -2, 0},  // the floor withheld -2 of -8
      {"demo", Dimension::fit, 1, 20, 0, 0},
      {"corp", Dimension::fit, 1, 7, 0, 0},
  };
  BOOST_REQUIRE_EQUAL(s.breakdown.size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    BOOST_TEST_CONTEXT(expected[i].rule) {
      const BreakdownEntry& e = s.breakdown[i];
      BOOST_TEST(*e.rule == expected[i].rule);
      BOOST_TEST((e.dimension == expected[i].dimension));
      BOOST_TEST(e.fired == expected[i].fired);
      BOOST_TEST(e.points == expected[i].points);
      BOOST_TEST(e.capped == expected[i].capped);
      BOOST_TEST(e.decayed == expected[i].decayed);
    }
  }
  BOOST_TEST(s.engagement == 9);
  BOOST_TEST(s.fit == 27);
  BOOST_TEST(s.total == 36);
  BOOST_TEST(config->stages[s.lifecycle].id == "sql");  // known, hand-raise demo_request, fit >= 10
  BOOST_TEST(s.temperature == Temperature::warm);
}

BOOST_AUTO_TEST_CASE(capped_is_what_the_cap_withheld_also_after_the_rules_points_change) {
  // A marketer raises a rule's points and its cap (the README's studio
  // walk-through: pricing_view 15 → 40, cap 80): the firings before were
  // scored at 15, none withheld; the next at 40, none withheld either.
  const auto before = test::compile_config(R"({"version": 1, "rules": [
    {"id": "pricing_view", "event": "page_view", "points": 15, "cap": 30}]})");
  Profile p = new_profile(*before, "v1");
  test::Feeder feed;
  BOOST_TEST_REQUIRE(feed(*before, p, event("page_view", T0, "/pricing")).accepted);
  const auto after = test::compile_config(R"({"version": 1, "rules": [
    {"id": "pricing_view", "event": "page_view", "points": 40, "cap": 80}]})");
  ProfileResult stored = load_profile(*after, json::parse(profile_to_json(*before, p)), "v1");
  BOOST_TEST_REQUIRE(stored.errors.empty());
  test::Feeder feed_after;
  BOOST_TEST_REQUIRE(feed_after(*after, stored.profile, event("page_view", T0, "/pricing")).accepted);
  Standing s = standing_at(*after, stored.profile, T0);
  BOOST_REQUIRE_EQUAL(s.breakdown.size(), 1u);
  BOOST_TEST(s.breakdown[0].fired == 2u);
  BOOST_TEST(s.breakdown[0].points == 55);
  BOOST_TEST(s.breakdown[0].capped == 0);  // was 2 × 40 − 55 = 25
  // Lowered to 5, cap 30: the next firing is 5, and still nothing withheld (was −10).
  const auto lower = test::compile_config(R"({"version": 1, "rules": [
    {"id": "pricing_view", "event": "page_view", "points": 5, "cap": 100}]})");
  stored = load_profile(*lower, json::parse(profile_to_json(*after, stored.profile)), "v1");
  BOOST_TEST_REQUIRE(stored.errors.empty());
  s = standing_at(*lower, stored.profile, T0);
  BOOST_TEST(s.breakdown[0].capped == 0);
  // A firing over the cap: what it withheld counts, at the points it had.
  const auto tight = test::compile_config(R"({"version": 1, "rules": [
    {"id": "pricing_view", "event": "page_view", "points": 10, "cap": 60}]})");
  stored = load_profile(*tight, json::parse(profile_to_json(*lower, stored.profile)), "v1");
  test::Feeder feed_tight;
  BOOST_TEST_REQUIRE(feed_tight(*tight, stored.profile, event("page_view", T0, "/pricing")).accepted);
  s = standing_at(*tight, stored.profile, T0);
  BOOST_TEST(s.breakdown[0].points == 60);
  BOOST_TEST(s.breakdown[0].capped == 5);
}

BOOST_AUTO_TEST_CASE(decay_is_applied_when_read) {
  const auto config = test::compile_config(config_text);
  Profile p = scored(*config);
  test::Feeder feed;
  feed(*config, p, event("scroll", T0 + day));  // "late" is brought up to date a day later
  const std::string stored = profile_to_json(*config, p);
  struct Case {
    std::int64_t now;
    double pv, dismiss, late, engagement;
    Temperature temperature;
  };
  const Case cases[] = {
      // Before a rule's last update nothing grows back (or decays): its value as stored.
      {T0 - day, 15, -6, 2, 11, Temperature::hot},
      {T0, 15, -6, 2, 11, Temperature::hot},
      {T0 + day / 2, 15 / 1.4142135623730951, -6 / 1.4142135623730951, 2, 15 / 1.4142135623730951 - 6 / 1.4142135623730951 + 2, Temperature::warm},
      {T0 + day, 7.5, -3, 2, 6.5, Temperature::warm},
      {T0 + 2 * day, 3.75, -1.5, 1, 3.25, Temperature::cold},
      {T0 + 30 * day, 15 * std::exp2(-30), -6 * std::exp2(-30), 2 * std::exp2(-29), 15 * std::exp2(-30) - 6 * std::exp2(-30) + 2 * std::exp2(-29), Temperature::cold},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("now = T0 " << (c.now - T0) / 3600000 << " h") {
      const Standing s = standing_at(*config, p, c.now);
      BOOST_REQUIRE_EQUAL(s.breakdown.size(), 5u);
      BOOST_TEST(*s.breakdown[2].rule == "demo");  // config order: demo is declared before late
      BOOST_TEST(*s.breakdown[3].rule == "late");
      BOOST_TEST(*s.breakdown[4].rule == "corp");
      BOOST_TEST(s.breakdown[0].points == c.pv, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(s.breakdown[1].points == c.dismiss, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(s.breakdown[3].points == c.late, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(s.engagement == c.engagement, boost::test_tools::tolerance(1e-12));
      // What decay took, with the rule's sign; fit never decays.
      BOOST_TEST(s.breakdown[0].decayed == 15 - c.pv, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(s.breakdown[1].decayed == -6 - c.dismiss, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(s.breakdown[1].decayed <= 0);
      BOOST_TEST(s.breakdown[2].points == 20);
      BOOST_TEST(s.breakdown[2].decayed == 0);
      BOOST_TEST(s.fit == 27);
      BOOST_TEST(s.temperature == c.temperature);
    }
  }
  // Reading never changes the profile.
  BOOST_TEST(profile_to_json(*config, p) == stored);
}

BOOST_AUTO_TEST_CASE(standing_json_shape) {
  const auto config = test::compile_config(config_text);
  const Profile p = scored(*config);
  const Standing s = standing_at(*config, p, T0 + day);
  const std::string text = standing_to_json(*config, p, s);
  const json doc = json::parse(text);
  BOOST_TEST(keys(doc) == (std::vector<std::string>{"visitor", "score", "fit", "engagement", "stage", "journey",
                                                     "temperature", "breakdown"}),
             boost::test_tools::per_element());
  BOOST_TEST(doc["visitor"] == "v1");
  BOOST_TEST(doc["score"] == 31.5);
  BOOST_TEST(doc["fit"] == 27);
  BOOST_TEST(doc["engagement"] == 4.5);
  BOOST_TEST(doc["stage"] == "sql");
  BOOST_TEST(doc["journey"] == "awareness");
  BOOST_TEST(doc["temperature"] == "cold");
  BOOST_REQUIRE_EQUAL(doc["breakdown"].size(), 4u);
  BOOST_TEST(keys(doc["breakdown"][0]) ==
                 (std::vector<std::string>{"rule", "dimension", "fired", "points", "capped", "decayed"}),
             boost::test_tools::per_element());
  BOOST_TEST(doc["breakdown"][1].dump() ==
             R"({"rule":"dismiss","dimension":"engagement","fired":2,"points":-3,"capped":-2,"decayed":-3})");
  BOOST_TEST(doc["breakdown"][3].dump() ==
             R"({"rule":"corp","dimension":"fit","fired":1,"points":7,"capped":0,"decayed":0})");
  // One line, no spaces: what the CLI prints.
  BOOST_TEST(text.find('\n') == std::string::npos);
  BOOST_TEST(text.rfind(R"({"visitor":"v1","score":31.5,"fit":27,"engagement":4.5,"stage":"sql",)", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(state_json_adds_what_the_page_needs) {
  const auto config = test::compile_config(config_text);
  Profile p = scored(*config);
  test::Feeder feed;
  feed(*config, p, event("page_view", T0 + day, "https://example.com/?utm_source=news"));
  const Standing s = standing_at(*config, p, T0 + day);
  const json state = json::parse(state_to_json(*config, p, s));
  const json standing = json::parse(standing_to_json(*config, p, s));
  BOOST_TEST(keys(state) == (std::vector<std::string>{"visitor", "score", "fit", "engagement", "stage", "journey",
                                                       "temperature", "breakdown", "known", "lifecycle_since",
                                                       "sessions", "events", "page_views", "first_seen",
                                                       "last_seen", "contact", "attribution", "transitions",
                                                       "forms", "unlocked", "offers"}),
             boost::test_tools::per_element());
  for (auto it = standing.begin(); it != standing.end(); ++it) BOOST_TEST(state[it.key()] == *it, it.key());
  BOOST_TEST(state["known"] == true);
  BOOST_TEST(state["lifecycle_since"] == T0);
  BOOST_TEST(state["sessions"] == 2);
  BOOST_TEST(state["events"] == 7);
  BOOST_TEST(state["page_views"] == 3);
  BOOST_TEST(state["first_seen"] == T0);
  BOOST_TEST(state["last_seen"] == T0 + day);
  BOOST_TEST(state["contact"].dump() == R"({"email":"x@acme.com"})");
  BOOST_TEST(keys(state["attribution"]) == (std::vector<std::string>{"first", "last"}), boost::test_tools::per_element());
  BOOST_TEST(state["attribution"]["first"]["source"] == "news");
  BOOST_TEST(state["transitions"].is_array());
  BOOST_TEST(state["transitions"][0]["kind"] == "temperature");
  BOOST_TEST(keys(state["transitions"][0]) == (std::vector<std::string>{"kind", "from", "to", "cause", "ts"}),
             boost::test_tools::per_element());

  // A visitor with nothing yet.
  const Profile fresh = new_profile(*config, "new");
  const json empty = json::parse(state_to_json(*config, fresh, standing_at(*config, fresh, T0)));
  BOOST_TEST(empty["score"] == 0);
  BOOST_TEST(empty["breakdown"].dump() == "[]");
  BOOST_TEST(empty["attribution"].dump() == "{}");
  BOOST_TEST(empty["contact"].dump() == "{}");
  BOOST_TEST(empty["known"] == false);
  BOOST_TEST(empty["page_views"] == 0);
}

BOOST_AUTO_TEST_CASE(scores_are_rounded_to_two_decimals) {
  struct Case {
    const char* points;
    const char* expected;  // the score as it appears in the text
  };
  const Case cases[] = {
      {"12.346", "12.35"}, {"12.344", "12.34"}, {"-0.004", "0"},    {"0.004", "0"},
      {"-0.006", "-0.01"}, {"1e-9", "0"},       {"-1e-9", "0"},     {"99.999", "100"},
      {"0.1", "0.1"},      {"-7.5", "-7.5"},    {"1000000", "1000000"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.points) {
      const auto config = test::compile_config(std::string(R"({"version": 1, "rules": [{"id": "r", "points": )") +
                                               c.points + "}]}");
      Profile p = new_profile(*config, "v");
      test::Feeder feed;
      feed(*config, p, event("click", T0));
      const std::string text = standing_to_json(*config, p, standing_at(*config, p, T0));
      const std::string score = std::string("\"score\":") + c.expected + ",";
      const std::string engagement = std::string("\"engagement\":") + c.expected + ",";
      const std::string points = std::string("\"points\":") + c.expected + ",";
      BOOST_TEST(text.find(score) != std::string::npos, text);
      BOOST_TEST(text.find(engagement) != std::string::npos, text);
      BOOST_TEST(text.find(points) != std::string::npos, text);
      BOOST_TEST(text.find("-0,") == std::string::npos, text);
      BOOST_TEST(text.find("-0}") == std::string::npos, text);
    }
  }
}

BOOST_AUTO_TEST_CASE(output_is_valid_json_for_awkward_text) {
  const auto config = test::compile_config(R"({"version": 1, "rules": [{"id": "r.1-x_y", "points": 1}]})");
  const std::string ids[] = {
      "plain",
      "quote\"inside",
      "back\\slash",
      "new\nline\r\ttab",
      std::string("nul\0byte", 8),
      "\x01\x1f\x7f",
      "Nguyễn Văn Ánh",
      "สมชาย ใจดี",
      "😀 emoji",
      "</script><script>",
  };
  for (const std::string& id : ids) {
    BOOST_TEST_CONTEXT(json(id).dump()) {
      Profile p = new_profile(*config, id);
      p.contact.emplace_back("name", ContactValue{false, id, 0});
      p.contact.emplace_back(id, ContactValue{false, "v\"\\", 0});
      p.contact.emplace_back("n", ContactValue{true, "", 0.1});
      Touch t;
      t.source = id;
      t.ts = T0;
      p.first_touch = t;
      p.transitions.push_back(Transition{"lifecycle", "visitor", "lead", id, T0});
      const Standing s = standing_at(*config, p, T0);
      const json standing = json::parse(standing_to_json(*config, p, s));
      BOOST_TEST(standing["visitor"].get<std::string>() == id);
      const json state = json::parse(state_to_json(*config, p, s));
      BOOST_TEST(state["visitor"].get<std::string>() == id);
      BOOST_TEST(state["contact"]["name"].get<std::string>() == id);
      BOOST_TEST(state["contact"][id].get<std::string>() == "v\"\\");
      BOOST_TEST(state["contact"]["n"].get<double>() == 0.1);
      BOOST_TEST(state["attribution"]["first"]["source"].get<std::string>() == id);
      BOOST_TEST(state["transitions"][0]["cause"].get<std::string>() == id);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
