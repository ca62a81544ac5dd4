// Lifecycle (forward only, furthest stage whose way in holds), buyer journey
// (furthest stage reached), temperature, and the scores they are decided on.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "leadscore/stages.hpp"
#include "support.hpp"

using namespace leadscore;

namespace {

constexpr std::int64_t T0 = 1767225600000;
constexpr std::int64_t day = 86400000;

std::string stage_of(const Config& c, const Profile& p) { return c.stages[p.lifecycle].id; }

void make_known(Profile& p) { p.contact.emplace_back("email", ContactValue{false, "a@b.c", 0}); }

}  // namespace

BOOST_AUTO_TEST_SUITE(stages_test)

BOOST_AUTO_TEST_CASE(scores_at_decays_engagement_only) {
  const auto config = test::compile_config(R"({"version": 1, "decay": {"half_life_days": 1},
    "rules": [{"id": "eng", "event": "click", "points": 8},
              {"id": "fit_event", "event": "demo_request", "points": 4, "dimension": "fit"},
              {"id": "neg", "event": "offer_dismiss", "points": -2},
              {"id": "late", "event": "scroll", "points": 6}]})");
  Profile p = new_profile(*config, "v");
  p.rules[0] = RuleState{8, T0, 1, 8};
  p.rules[1] = RuleState{4, T0, 1, 4};
  p.rules[2] = RuleState{-2, T0, 1, -2};
  p.rules[3] = RuleState{6, T0 + 2 * day, 1, 6};  // brought up to date later
  p.fit = 10;                                       // from contact data: never decays
  struct Case {
    std::int64_t t;
    double engagement, fit;
  };
  const Case cases[] = {
      {T0, 8 - 2 + 6, 14},
      {T0 + day, 4 - 1 + 6, 14},
      {T0 + 2 * day, 2 - 0.5 + 6, 14},
      {T0 + 3 * day, 1 - 0.25 + 3, 14},
      {T0 - day, 8 - 2 + 6, 14},  // before the states' times: nothing grows back
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("t = T0 + " << (c.t - T0) / day << " days") {
      const Scores s = scores_at(*config, p, c.t);
      BOOST_TEST(s.engagement == c.engagement);
      BOOST_TEST(s.fit == c.fit);
      BOOST_TEST(s.total == c.engagement + c.fit);
    }
  }
  // Without decay nothing changes with time.
  const auto flat = test::compile_config(R"({"version": 1, "rules": [{"id": "eng", "points": 8}]})");
  Profile q = new_profile(*flat, "w");
  q.rules[0] = RuleState{8, T0, 1, 8};
  BOOST_TEST(scores_at(*flat, q, T0 + 365 * day).engagement == 8);
}

BOOST_AUTO_TEST_CASE(temperature_boundaries) {
  const auto on_engagement = test::compile_config(R"({"version": 1, "temperature": {"warm": 20, "hot": 60}})");
  const auto on_total =
      test::compile_config(R"({"version": 1, "temperature": {"warm": 20, "hot": 60, "score": "total"}})");
  const auto negative = test::compile_config(R"({"version": 1, "temperature": {"warm": -10, "hot": -5}})");
  struct Case {
    const Config* config;
    double engagement, fit;
    Temperature expected;
  };
  const Case cases[] = {
      {on_engagement.get(), 0, 0, Temperature::cold},
      {on_engagement.get(), -5, 0, Temperature::cold},
      {on_engagement.get(), 19.999, 0, Temperature::cold},
      {on_engagement.get(), 20, 0, Temperature::warm},  // == warm is warm
      {on_engagement.get(), 59.999, 0, Temperature::warm},
      {on_engagement.get(), 60, 0, Temperature::hot},   // == hot is hot
      {on_engagement.get(), 1e9, 0, Temperature::hot},
      {on_engagement.get(), 0, 100, Temperature::cold}, // fit does not warm on engagement
      {on_engagement.get(), 19, 100, Temperature::cold},
      {on_total.get(), 0, 20, Temperature::warm},
      {on_total.get(), 10, 9.999, Temperature::cold},
      {on_total.get(), 30, 30, Temperature::hot},
      {on_total.get(), 80, -30, Temperature::warm},
      {on_total.get(), 100, 0, Temperature::hot},
      {negative.get(), -10, 0, Temperature::warm},
      {negative.get(), -10.5, 0, Temperature::cold},
      {negative.get(), -5, 0, Temperature::hot},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("engagement " << c.engagement << ", fit " << c.fit << (c.config->temperature_on_total ? " (total)" : "")) {
      const Scores s{c.engagement + c.fit, c.fit, c.engagement};
      BOOST_TEST(temperature_for(*c.config, s) == c.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(update_temperature_records_why) {
  const auto config = test::compile_config(R"({"version": 1, "temperature": {"warm": 20, "hot": 60}})");
  Profile p = new_profile(*config, "v");
  struct Step {
    double engagement;
    bool moved;
    const char* cause;
  };
  const Step steps[] = {
      {19.994, false, ""},
      {20, true, "engagement 20 >= warm 20"},
      {35.456, false, ""},
      {75.126, true, "engagement 75.13 >= hot 60"},
      {59.999, true, "engagement 60 < hot 60"},  // shown rounded, compared exactly
      {-3, true, "engagement -3 < warm 20"},
      {100, true, "engagement 100 >= hot 60"},  // cold straight to hot
      {-1, true, "engagement -1 < warm 20"},     // hot straight to cold
  };
  std::int64_t ts = T0;
  for (const Step& s : steps) {
    BOOST_TEST_CONTEXT(s.engagement) {
      const std::size_t before = p.transitions.size();
      BOOST_TEST(update_temperature(*config, p, Scores{s.engagement, 0, s.engagement}, ++ts) == s.moved);
      BOOST_TEST(p.transitions.size() == before + (s.moved ? 1 : 0));
      if (s.moved) {
        BOOST_TEST(p.transitions.back().kind == "temperature");
        BOOST_TEST(p.transitions.back().cause == s.cause);
        BOOST_TEST(p.transitions.back().ts == ts);
        BOOST_TEST(p.transitions.back().to == temperature_name(p.temperature));
      }
    }
  }
  BOOST_REQUIRE_EQUAL(p.transitions.size(), 6u);
  BOOST_TEST(p.transitions[4].from == "cold");
  BOOST_TEST(p.transitions[4].to == "hot");  // one transition, not two
  BOOST_TEST(p.transitions[5].from == "hot");
  BOOST_TEST(p.transitions[5].to == "cold");
}

BOOST_AUTO_TEST_CASE(default_lifecycle_jumps_to_the_furthest_stage) {
  const auto config = test::compile_config(R"({"version": 1})");
  const int demo = config->type_id("demo_request"), sales = config->type_id("contact_sales");
  struct Case {
    const char* name;
    const char* start;
    bool known;
    double fit, engagement;
    int hand_raise;  // type id done, or -1
    const char* stage;
    const char* cause;  // nullptr: no move
  };
  // clang-format off
  const Case cases[] = {
    {"anonymous stays a visitor",  "visitor", false, 500, 500, demo, "visitor", nullptr},
    {"known: lead",                "visitor", true, 0, 0, -1, "lead", "known contact"},
    {"just below mql",             "visitor", true, 0, 49.999, -1, "lead", "known contact"},
    {"mql at exactly 50",          "visitor", true, 20, 30, -1, "mql", "known contact, total 50 >= 50"},
    {"straight to sql by score",   "visitor", true, 0, 120, -1, "sql", "known contact, total 120 >= 100"},
    {"hand-raise with fit",        "visitor", true, 10, 0, demo, "sql", "known contact, hand-raise demo_request, fit 10 >= 10"},
    {"hand-raise, other type",     "lead", true, 12.345, 0, sales, "sql", "known contact, hand-raise contact_sales, fit 12.35 >= 10"},
    {"hand-raise without fit",     "visitor", true, 9.99, 0, demo, "lead", "known contact"},
    {"lead to mql",                "lead", true, 0, 60, -1, "mql", "known contact, total 60 >= 50"},
    {"never back from sql",        "sql", true, 0, 0, -1, "sql", nullptr},
    {"never back from sql (anon)", "sql", false, -100, -100, -1, "sql", nullptr},
    {"same stage: no move",        "mql", true, 0, 60, -1, "mql", nullptr},
    {"customer is the end",        "customer", true, 1e6, 1e6, demo, "customer", nullptr},
    {"customer never by score",    "sql", true, 1e6, 1e6, demo, "sql", nullptr},
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Profile p = new_profile(*config, "v");
      p.lifecycle = static_cast<std::size_t>(config->stage_index(c.start));
      p.lifecycle_since = T0 - day;
      if (c.known) make_known(p);
      if (c.hand_raise >= 0) p.type_counts[static_cast<std::size_t>(c.hand_raise)] = 1;
      const Scores s{c.fit + c.engagement, c.fit, c.engagement};
      const bool moved = advance_lifecycle(*config, p, s, T0);
      BOOST_TEST(moved == (c.cause != nullptr));
      BOOST_TEST(stage_of(*config, p) == c.stage);
      if (c.cause) {
        BOOST_REQUIRE_EQUAL(p.transitions.size(), 1u);  // one move, however far
        const Transition& t = p.transitions[0];
        BOOST_TEST(t.kind == "lifecycle");
        BOOST_TEST(t.from == c.start);
        BOOST_TEST(t.to == c.stage);
        BOOST_TEST(t.cause == c.cause);
        BOOST_TEST(t.ts == T0);
        BOOST_TEST(p.lifecycle_since == T0);
      } else {
        BOOST_TEST(p.transitions.empty());
        BOOST_TEST(p.lifecycle_since == T0 - day);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(criteria_combinations) {
  const auto config = test::compile_config(R"({"version": 1, "lifecycle": [
    {"stage": "a", "when": [{"min_engagement": 10}]},
    {"stage": "b", "when": [{"min_fit": 5, "min_engagement": 20}]},
    {"stage": "c", "when": [{"min_total": 100}, {"min_fit": 50, "known": true}]},
    {"stage": "d", "when": []}
  ]})");
  struct Case {
    double fit, engagement;
    bool known;
    const char* stage;
    const char* cause;
  };
  // clang-format off
  const Case cases[] = {
    {0, 9.99, false, "visitor", ""},
    {0, 10, false, "a", "engagement 10 >= 10"},
    {4.99, 30, false, "a", "engagement 30 >= 10"},   // b needs both parts
    {5, 19.99, false, "a", "engagement 19.99 >= 10"},
    {5, 20, false, "b", "fit 5 >= 5, engagement 20 >= 20"},
    {80, 20, false, "c", "total 100 >= 100"},
    {50, 0, false, "visitor", ""},                     // the second way needs a known contact
    {50, 0, true, "c", "known contact, fit 50 >= 50"},
    {1e6, 1e6, true, "c", "total 2000000 >= 100"},    // d has no way in: never entered by itself
    {-50, 60, false, "a", "engagement 60 >= 10"},      // a negative fit keeps b and c out
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("fit " << c.fit << ", engagement " << c.engagement << (c.known ? ", known" : "")) {
      Profile p = new_profile(*config, "v");
      if (c.known) make_known(p);
      advance_lifecycle(*config, p, Scores{c.fit + c.engagement, c.fit, c.engagement}, T0);
      BOOST_TEST(stage_of(*config, p) == c.stage);
      BOOST_TEST((p.transitions.empty() ? std::string() : p.transitions.back().cause) == c.cause);
    }
  }
}

BOOST_AUTO_TEST_CASE(stages_only_entered_from_outside) {
  const auto config = test::compile_config(R"({"version": 1, "lifecycle": [
    {"stage": "trial", "when": []},
    {"stage": "lead", "when": [{"known": true}]},
    {"stage": "customer", "when": []}
  ]})");
  Profile p = new_profile(*config, "v");
  make_known(p);
  // "trial" is skipped on the way to lead; "customer" is never entered by itself.
  BOOST_TEST(advance_lifecycle(*config, p, Scores{1e6, 1e6, 0}, T0));
  BOOST_TEST(stage_of(*config, p) == "lead");
  BOOST_TEST(!advance_lifecycle(*config, p, Scores{1e6, 1e6, 0}, T0 + 1));
  BOOST_TEST(set_lifecycle(p, *config, static_cast<std::size_t>(config->stage_index("customer")), T0 + 2));
  BOOST_TEST(stage_of(*config, p) == "customer");
}

BOOST_AUTO_TEST_CASE(set_lifecycle_moves_forward_only) {
  const auto config = test::compile_config(R"({"version": 1})");
  Profile p = new_profile(*config, "v");
  struct Step {
    const char* stage;  // nullptr: an index past the end
    bool moved;
    const char* now;
  };
  const Step steps[] = {
      {"lead", true, "lead"},
      {"lead", false, "lead"},      // not ahead
      {"visitor", false, "lead"},   // back
      {"sql", true, "sql"},         // skipping mql is fine from outside
      {"mql", false, "sql"},
      {nullptr, false, "sql"},
      {"customer", true, "customer"},
  };
  std::int64_t ts = T0;
  for (const Step& s : steps) {
    BOOST_TEST_CONTEXT("set " << (s.stage ? s.stage : "(past the end)")) {
      const std::size_t index =
          s.stage ? static_cast<std::size_t>(config->stage_index(s.stage)) : config->stages.size();
      const std::size_t before = p.transitions.size();
      const std::string from = stage_of(*config, p);
      BOOST_TEST(set_lifecycle(p, *config, index, ++ts) == s.moved);
      BOOST_TEST(stage_of(*config, p) == s.now);
      BOOST_TEST(p.transitions.size() == before + (s.moved ? 1 : 0));
      if (s.moved) {
        BOOST_TEST(p.transitions.back().from == from);
        BOOST_TEST(p.transitions.back().to == s.now);
        BOOST_TEST(p.transitions.back().cause == "set from outside");
        BOOST_TEST(p.lifecycle_since == ts);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(journey_thresholds) {
  const auto config = test::compile_config(R"({"version": 1, "journey": {"min": {"consideration": 2, "decision": 1.5}}})");
  struct Case {
    const char* name;
    Journey start;
    std::array<double, 3> weights;
    Journey expected;
    const char* cause;  // nullptr: no move
  };
  // clang-format off
  const Case cases[] = {
    {"nothing yet",               Journey::awareness, {{5, 0, 0}}, Journey::awareness, nullptr},
    {"just below consideration",  Journey::awareness, {{0, 1.999, 1.499}}, Journey::awareness, nullptr},
    {"consideration at its min",  Journey::awareness, {{0, 2, 0}}, Journey::consideration, "consideration content 2 >= 2"},
    {"straight to decision",      Journey::awareness, {{0, 0, 1.5}}, Journey::decision, "decision content 1.5 >= 1.5"},
    {"decision from consideration", Journey::consideration, {{0, 2, 7.25}}, Journey::decision, "decision content 7.25 >= 1.5"},
    {"never back",                Journey::decision, {{0, 0, 0}}, Journey::decision, nullptr},
    {"consideration stays",       Journey::consideration, {{0, 0, 1}}, Journey::consideration, nullptr},
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Profile p = new_profile(*config, "v");
      p.journey = c.start;
      p.journey_weight = c.weights;
      BOOST_TEST(advance_journey(*config, p, T0) == (c.cause != nullptr));
      BOOST_TEST(p.journey == c.expected);
      if (c.cause) {
        BOOST_REQUIRE_EQUAL(p.transitions.size(), 1u);
        BOOST_TEST(p.transitions[0].kind == "journey");
        BOOST_TEST(p.transitions[0].from == journey_name(c.start));
        BOOST_TEST(p.transitions[0].to == journey_name(c.expected));
        BOOST_TEST(p.transitions[0].cause == c.cause);
      } else {
        BOOST_TEST(p.transitions.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(record_transition_keeps_the_newest_20) {
  Profile p;
  for (int i = 0; i < 25; ++i) {
    record_transition(p, Transition{"journey", "a", "b", "#" + std::to_string(i), T0 + i});
    BOOST_TEST(p.transitions.size() == std::min<std::size_t>(i + 1, ProfileLimits::max_transitions));
  }
  BOOST_REQUIRE_EQUAL(p.transitions.size(), 20u);
  BOOST_TEST(p.transitions.front().cause == "#5");  // the oldest five dropped
  BOOST_TEST(p.transitions.front().ts == T0 + 5);
  BOOST_TEST(p.transitions.back().cause == "#24");
  for (std::size_t i = 0; i < p.transitions.size(); ++i) BOOST_TEST(p.transitions[i].ts == T0 + 5 + static_cast<std::int64_t>(i));
}

BOOST_AUTO_TEST_SUITE_END()
