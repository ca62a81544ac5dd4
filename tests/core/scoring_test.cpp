// Applying events: decay arithmetic, refusals that leave the profile alone,
// time that never runs backwards, visits and the core's session_start event,
// what Changes reports, fit rules and custom event types.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/stages.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;
constexpr std::int64_t minute = 60000, day = 86400000;

std::size_t rule(const Config& c, const char* id) {
  const int i = c.rule_index(id);
  BOOST_REQUIRE_MESSAGE(i >= 0, id);
  return static_cast<std::size_t>(i);
}

std::string flags(const Changes& c) {
  std::string out;
  out += c.accepted ? "accepted " : "refused ";
  if (c.new_session) out += "new_session ";
  if (c.score) out += "score ";
  if (c.contact) out += "contact ";
  if (c.lifecycle) out += "lifecycle ";
  if (c.journey) out += "journey ";
  if (c.temperature) out += "temperature ";
  return out + "transitions=" + std::to_string(c.transitions);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scoring_test)

BOOST_AUTO_TEST_CASE(decay_table) {
  struct Case {
    double value;
    std::int64_t from, to;
    double half_life, expected;
  };
  const double month = 30.0 * day;
  const Case cases[] = {
      {8, 0, 1000, 1000, 4},
      {8, 0, 2000, 1000, 2},
      {8, 0, 3000, 1000, 1},
      {8, 0, 500, 1000, 5.656854249492381},  // 8 / sqrt(2)
      {-8, 0, 1000, 1000, -4},                // negative points decay towards 0 too
      {-6, 5000, 7000, 1000, -1.5},
      {0, 0, 1000, 1000, 0},
      {8, 1000, 1000, 1000, 8},       // no time passed
      {8, 2000, 1000, 1000, 8},       // `to` before `from`: never grows back
      {8, 0, 1000, 0, 8},             // half-life 0: decay off
      {8, 0, 1000, -1, 8},
      {1, T0, T0 + 30 * day, month, 0.5},
      {100, T0, T0 + 90 * day, month, 12.5},
      {1e6, 0, 1, 1e300, 1e6},        // a tiny step on a huge half-life
      {3, 0, 10000000, 1, 0},         // underflows to zero, not NaN
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.value << " from " << c.from << " to " << c.to << " half-life " << c.half_life) {
      BOOST_TEST(decay(c.value, c.from, c.to, c.half_life) == c.expected, boost::test_tools::tolerance(1e-15));
    }
  }
  // Exact where the result is a power of two apart.
  BOOST_TEST(decay(1.5, 0, 7 * day, 7.0 * day) == 0.75);
}

BOOST_AUTO_TEST_CASE(refused_events_change_nothing) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "any", "points": 1}, {"id": "ids", "event": "identify", "points": 5}],
    "fit": [{"id": "f", "field": "email", "exists": true, "points": 3}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  feed(*config, p, event("page_view", T0, "/"));
  json fields = {{"email", "a@b.co"}};
  for (int i = 0; i < 38; ++i) fields["f" + std::to_string(i)] = i;  // 39 fields
  BOOST_TEST_REQUIRE(feed(*config, p, event("identify", T0 + 1, "", fields)).accepted);
  BOOST_TEST_REQUIRE(p.contact.size() == 39u);

  const std::string big(1001, 'x');
  // One event giving more contact fields than a visitor holds.
  auto forty_one = [](const char* type) {
    json props = json::object();
    if (std::string(type) == "form_submit") props["form_id"] = "f";
    for (int i = 0; i < 41; ++i) props["n" + std::to_string(i)] = i;
    return event(type, T0 + day, "", props);
  };
  struct Case {
    const char* name;
    json event;
    const char* id;
    const char* path;
  };
  // clang-format off
  const Case cases[] = {
    {"identify value over 1000 bytes",     event("identify", T0 + day, "", {{"email", big}}),                 "leadscore.event.too_large", "/props/email"},
    {"form value over 1000 bytes",         event("form_submit", T0 + day, "", {{"form_id", "f"}, {"bio", big}}), "leadscore.event.too_large", "/props/bio"},
    {"pointer escaping in the path",       event("identify", T0 + day, "", {{"a/b~c", big}}),                 "leadscore.event.too_large", "/props/a~1b~0c"},
    {"41 contact fields at once",          forty_one("identify"),                                             "leadscore.event.too_large", "/props"},
    {"41 fields from a form",              forty_one("form_submit"),                                          "leadscore.event.too_large", "/props"},
    {"identify with no email address",     event("identify", T0 + day, "", {{"email", "not an email"}, {"job_title", "VP"}}), "leadscore.event.email", "/props/email"},
    {"identify with an email number",      event("identify", T0 + day, "", {{"email", 123}}),                 "leadscore.event.email", "/props/email"},
    {"set_stage to an unknown stage",      event("set_stage", T0 + day, "", {{"stage", "vip"}}),              "leadscore.event.stage", "/props/stage"},
    {"set_stage without a stage",          event("set_stage", T0 + day),                                      "leadscore.event.stage", "/props/stage"},
    {"set_stage with a number",            event("set_stage", T0 + day, "", {{"stage", 3}}),                  "leadscore.event.stage", "/props/stage"},
    {"set_stage to the implicit visitor",  event("set_stage", T0 + day, "", {{"stage", "visitor"}}),          "leadscore.event.stage", "/props/stage"},
    {"set_stage is case-sensitive",        event("set_stage", T0 + day, "", {{"stage", "Customer"}}),         "leadscore.event.stage", "/props/stage"},
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::string before = profile_to_json(*config, p);
      const std::string standing_before = state_to_json(*config, p, standing_at(*config, p, T0 + day));
      const Changes ch = feed(*config, p, c.event);
      BOOST_TEST(!ch.accepted);
      BOOST_TEST(flags(ch) == "refused transitions=0");
      BOOST_TEST(feed.error.id == c.id);
      BOOST_TEST(feed.error.path == c.path);
      BOOST_TEST(!feed.error.message.empty());
      BOOST_TEST(profile_to_json(*config, p) == before);
      BOOST_TEST(state_to_json(*config, p, standing_at(*config, p, T0 + day)) == standing_before);
    }
  }
}

BOOST_AUTO_TEST_CASE(identify_takes_an_email_address_or_null_for_email) {
  const auto config = test::compile_config(R"({"version": 1})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"email", "linh.nguyen@công-ty.vn"}, {"name", "Linh"}})).accepted);
  BOOST_TEST(p.contact_field("email")->text == "linh.nguyen@công-ty.vn");
  BOOST_TEST(!feed(*config, p, event("identify", T0, "", {{"email", "linh at congty"}})).accepted);
  BOOST_TEST(p.contact_field("email")->text == "linh.nguyen@công-ty.vn");
  // null forgets it, "" is no email known; a form's answers were checked by the form's own fields.
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"email", ""}})).accepted);
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"email", nullptr}})).accepted);
  BOOST_TEST(!p.contact_field("email"));
  BOOST_TEST(feed(*config, p, event("form_submit", T0, "", {{"form_id", "f"}, {"email", "shown as typed"}})).accepted);
}

BOOST_AUTO_TEST_CASE(contact_limits_are_inclusive) {
  const auto config = test::compile_config(R"({"version": 1})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"name", std::string(1000, 'n')}})).accepted);
  BOOST_TEST(p.contact_field("name")->text.size() == 1000u);
  // 1000 bytes of Vietnamese text (3-byte letters plus a 1-byte one).
  std::string vi;
  while (vi.size() + 3 <= 999) vi += "ệ";
  vi += "a";
  BOOST_TEST_REQUIRE(vi.size() == 1000u);
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"title", vi}})).accepted);

  json fields = json::object();
  for (int i = 0; i < 38; ++i) fields["f" + std::to_string(i)] = "v";
  BOOST_TEST(feed(*config, p, event("identify", T0, "", fields)).accepted);
  BOOST_TEST(p.contact.size() == 40u);
  // At 40: changing existing fields is fine, a null for an unknown field adds
  // nothing, form_id is not contact data.
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"f0", "changed"}, {"name", "n"}})).accepted);
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"unknown", nullptr}})).accepted);
  BOOST_TEST(feed(*config, p, event("form_submit", T0, "", {{"form_id", "x"}, {"f1", "y"}})).accepted);
  BOOST_TEST(p.contact.size() == 40u);
  // Forgetting one makes room for another.
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"f2", nullptr}})).accepted);
  BOOST_TEST(feed(*config, p, event("identify", T0, "", {{"one_more", 1}})).accepted);
  BOOST_TEST(p.contact.size() == 40u);
  // Other event types never carry contact data, whatever their props.
  BOOST_TEST(feed(*config, p, event("click", T0, "", {{"x", std::string(5000, 'x')}})).accepted);
}

// A visitor holds at most 40 contact fields. Newer answers make room: the
// oldest fields the event does not give go, email and phone last, so a lead
// always carries what the visitor just said and stays known.
BOOST_AUTO_TEST_CASE(a_full_profile_makes_room_for_new_contact_fields) {
  const auto config = test::compile_config(R"({"version": 1})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  BOOST_TEST_REQUIRE(feed(*config, p, event("identify", T0, "", {{"email", "ana@example.com"}, {"phone", "+1 555 0100"}})).accepted);
  json older = json::object();
  for (int i = 0; i < 38; ++i) older["f" + std::to_string(10 + i)] = i;  // f10..f47, in that order
  BOOST_TEST_REQUIRE(feed(*config, p, event("identify", T0 + 1, "", older)).accepted);
  BOOST_TEST_REQUIRE(p.contact.size() == 40u);

  // Two new fields, and f10 (the oldest other) given again: f11 and f12 go.
  BOOST_TEST(feed(*config, p, event("form_submit", T0 + 2, "", {{"form_id", "demo"}, {"company", "Acme"}, {"f10", "again"}, {"role", "CTO"}})).accepted);
  BOOST_TEST(p.contact.size() == 40u);
  BOOST_TEST(!p.contact_field("f11"));
  BOOST_TEST(!p.contact_field("f12"));
  BOOST_TEST(p.contact_field("f10")->text == "again");
  BOOST_TEST(p.contact_field("company")->text == "Acme");
  BOOST_TEST(p.contact_field("role")->text == "CTO");
  BOOST_TEST(p.known());

  // A forgotten field (null) frees its place first: nothing else goes.
  BOOST_TEST(feed(*config, p, event("identify", T0 + 3, "", {{"budget", 5000}, {"f13", nullptr}})).accepted);
  BOOST_TEST(p.contact.size() == 40u);
  BOOST_TEST(!p.contact_field("f13"));
  BOOST_TEST(p.contact_field("f14"));
  BOOST_TEST(p.contact_field("budget")->number == 5000);

  // 40 new fields at once: everything else goes, email and phone last.
  json all_new = json::object();
  for (int i = 0; i < 40; ++i) all_new["n" + std::to_string(i)] = i;
  BOOST_TEST(feed(*config, p, event("identify", T0 + 4, "", all_new)).accepted);
  BOOST_TEST(p.contact.size() == 40u);
  BOOST_TEST(!p.contact_field("email"));
  BOOST_TEST(!p.contact_field("f47"));
  BOOST_TEST(p.contact_field("n39"));
  // Identifying fields outlive newer ordinary ones: 39 new fields into a full
  // profile drop the 39 others, never the (older) email.
  Profile q = new_profile(*config, "w");
  BOOST_TEST_REQUIRE(feed(*config, q, event("identify", T0, "", {{"email", "bo@example.com"}})).accepted);
  json rest = json::object();
  for (int i = 0; i < 39; ++i) rest["g" + std::to_string(10 + i)] = i;
  BOOST_TEST_REQUIRE(feed(*config, q, event("identify", T0 + 1, "", rest)).accepted);
  json newer = json::object();
  for (int i = 0; i < 39; ++i) newer["h" + std::to_string(10 + i)] = i;
  BOOST_TEST(feed(*config, q, event("identify", T0 + 2, "", newer)).accepted);
  BOOST_TEST(q.contact.size() == 40u);
  BOOST_TEST(q.contact_field("email")->text == "bo@example.com");
  BOOST_TEST(q.known());
}

// A prop with an empty name cannot be a contact field: a stored profile with
// one would be refused on reading, losing the visitor.
BOOST_AUTO_TEST_CASE(contact_props_with_empty_names_are_ignored) {
  const auto config = test::compile_config(R"({"version": 1})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  const Changes ch = feed(*config, p, event("identify", T0, "", {{"", "x"}, {"email", "a@b.co"}}));
  BOOST_TEST(ch.accepted);
  BOOST_REQUIRE_EQUAL(p.contact.size(), 1u);
  BOOST_TEST(p.contact[0].first == "email");
  const ProfileResult r = load_profile(*config, json::parse(profile_to_json(*config, p)), "x");
  BOOST_TEST(r.errors.empty(), test::first_error(r.errors));
  BOOST_TEST(r.profile.visitor_id == "v");
}

BOOST_AUTO_TEST_CASE(out_of_order_timestamps_count_as_now) {
  const auto config = test::compile_config(R"({"version": 1, "decay": {"half_life_days": 1},
    "rules": [{"id": "pv", "event": "page_view", "points": 8}],
    "temperature": {"warm": 10, "hot": 100}})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  const std::int64_t t = T0 + day;
  feed(*config, p, event("page_view", t, "/a"));
  // An hour earlier: same visit, no decay, no time travel.
  Changes ch = feed(*config, p, event("page_view", t - 60 * minute, "https://x.com/b?utm_source=late"));
  BOOST_TEST(ch.accepted);
  BOOST_TEST(!ch.new_session);
  BOOST_TEST(p.first_seen == t);
  BOOST_TEST(p.last_seen == t);
  BOOST_TEST(p.sessions == 1u);
  BOOST_TEST(p.rules[0].value == 16);
  BOOST_TEST(p.rules[0].ref_ts == t);
  BOOST_TEST(p.recent_page(p.recent_pages.size() - 1).ts == t);
  BOOST_REQUIRE_EQUAL(p.transitions.size(), 1u);  // warm at 16
  BOOST_TEST(p.transitions[0].ts == t);
  BOOST_REQUIRE(p.last_touch);
  BOOST_TEST(p.last_touch->ts == t);
  // Long before the first event: still "now", still the same visit.
  ch = feed(*config, p, event("page_view", T0 - 365 * day, "/c"));
  BOOST_TEST(!ch.new_session);
  BOOST_TEST(p.last_seen == t);
  BOOST_TEST(p.first_seen == t);
  BOOST_TEST(p.rules[0].value == 24);
  // Time goes on from there.
  feed(*config, p, event("page_view", t + day, "/d"));
  BOOST_TEST(p.rules[0].value == 24.0 / 2 + 8);
  BOOST_TEST(p.sessions == 2u);
  for (std::size_t i = 1; i < p.recent_pages.size(); ++i) BOOST_TEST(p.recent_page(i - 1).ts <= p.recent_page(i).ts);
}

BOOST_AUTO_TEST_CASE(session_boundaries_with_a_custom_timeout) {
  const auto config = test::compile_config(R"({"version": 1, "session_timeout_minutes": 5,
    "rules": [{"id": "visits", "event": "session_start", "points": 1}]})");
  const std::int64_t timeout = 5 * minute;
  struct Step {
    std::int64_t ts;
    bool new_session;
    std::uint32_t sessions;
    std::int64_t session_start;
  };
  const Step steps[] = {
      {T0, true, 1, T0},
      {T0 + timeout, false, 1, T0},                          // exactly the timeout: same visit
      {T0 + 2 * timeout, false, 1, T0},                      // idle time counts from the last event
      {T0 + 3 * timeout + 1, true, 2, T0 + 3 * timeout + 1}, // a millisecond more: a new visit
      {T0 + 3 * timeout + 1, false, 2, T0 + 3 * timeout + 1},
      {T0 + 4 * timeout + 2, true, 3, T0 + 4 * timeout + 2},
  };
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  for (const Step& s : steps) {
    BOOST_TEST_CONTEXT("event at T0+" << s.ts - T0) {
      const Changes ch = feed(*config, p, event("page_view", s.ts, "/"));
      BOOST_TEST(ch.new_session == s.new_session);
      BOOST_TEST(ch.score == s.new_session);  // only the visit rule scores
      BOOST_TEST(p.sessions == s.sessions);
      BOOST_TEST(p.session_start == s.session_start);
    }
  }
  BOOST_TEST(p.rules[0].fired == 3u);
  BOOST_TEST(p.type_counts[type_session_start] == 3u);

  // The default is 30 minutes.
  const auto defaults = test::compile_config(R"({"version": 1})");
  Profile q = new_profile(*defaults, "w");
  feed(*defaults, q, event("click", T0));
  BOOST_TEST(!feed(*defaults, q, event("click", T0 + 30 * minute)).new_session);
  BOOST_TEST(feed(*defaults, q, event("click", T0 + 60 * minute + 1)).new_session);
}

BOOST_AUTO_TEST_CASE(visit_lapsed_says_whether_an_event_then_would_begin_another_visit) {
  // A tab the visitor comes back to asks before anything is applied.
  const auto config = test::compile_config(R"({"version": 1, "session_timeout_minutes": 5})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  // No visit yet (a new visitor, or one forget() wiped): none lapsed; the
  // first event begins the first visit, with no page view put before it.
  BOOST_TEST(!visit_lapsed(*config, p, T0));
  feed(*config, p, event("page_view", T0, "/"));
  BOOST_TEST(!visit_lapsed(*config, p, T0 + 5 * minute));
  BOOST_TEST(visit_lapsed(*config, p, T0 + 5 * minute + 1));
  BOOST_TEST(!visit_lapsed(*config, p, T0 - day));  // a clock gone back: still this visit
  // It says what applying an event then does.
  const Profile before = p;
  BOOST_TEST(feed(*config, p, event("click", T0 + 5 * minute + 1)).new_session);
  BOOST_TEST(p.sessions == before.sessions + 1);
  BOOST_TEST(!visit_lapsed(*config, p, T0 + 10 * minute));
}

BOOST_AUTO_TEST_CASE(session_start_is_seen_only_by_rules_that_name_it) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [
      {"id": "visits", "event": "session_start", "points": 1},
      {"id": "landing_pricing", "event": "session_start", "path": "/pricing", "points": 5},
      {"id": "return", "event": "session_start", "if": [{"field": "visit", "gte": 2}], "points": 10},
      {"id": "any", "points": 1},
      {"id": "any_pricing", "path": "/pricing", "points": 100},
      {"id": "typed", "if": [{"field": "type", "eq": "session_start"}], "points": 1000}
    ]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  const auto fired = [&](const char* id) { return p.rules[rule(*config, id)].fired; };

  Changes ch = feed(*config, p, event("page_view", T0, "https://example.com/pricing"));
  BOOST_TEST(ch.new_session);
  BOOST_TEST(fired("visits") == 1u);
  BOOST_TEST(fired("landing_pricing") == 1u);  // session_start carries the landing URL
  BOOST_TEST(fired("return") == 0u);
  BOOST_TEST(fired("any") == 1u);              // the page view, not the session_start
  BOOST_TEST(fired("any_pricing") == 1u);
  BOOST_TEST(fired("typed") == 0u);            // rules without "event" never see session_start

  feed(*config, p, event("click", T0 + minute));
  BOOST_TEST(fired("visits") == 1u);
  BOOST_TEST(fired("any") == 2u);

  ch = feed(*config, p, event("page_view", T0 + day, "/blog"));
  BOOST_TEST(ch.new_session);
  BOOST_TEST(fired("visits") == 2u);
  BOOST_TEST(fired("landing_pricing") == 1u);
  BOOST_TEST(fired("return") == 1u);  // props.visit is the visit number
  BOOST_TEST(fired("any") == 3u);
  BOOST_TEST(fired("typed") == 0u);

  // Counted like any event type, but not as one of the visitor's events.
  BOOST_TEST(p.events == 3u);
  BOOST_TEST(p.type_counts[type_session_start] == 2u);
  const json state = json::parse(state_to_json(*config, p, standing_at(*config, p, T0 + day)));
  BOOST_TEST(state["events"] == 3);
  BOOST_TEST(state["sessions"] == 2);
  BOOST_TEST(json::parse(profile_to_json(*config, p))["counts"]["session_start"] == 2);
  BOOST_TEST(state["score"] == 2 + 5 + 10 + 3 + 100);
}

BOOST_AUTO_TEST_CASE(score_changes_only_when_a_value_changes) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "capped", "event": "click", "points": 5, "cap": 10},
              {"id": "floor", "event": "offer_dismiss", "points": -2, "cap": -4}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  struct Step {
    const char* type;
    bool score;
    double capped, floor;
  };
  const Step steps[] = {
      {"click", true, 5, 0},
      {"click", true, 10, 0},
      {"click", false, 10, 0},  // at the cap: fires, but the score stays
      {"click", false, 10, 0},
      {"offer_dismiss", true, 10, -2},
      {"offer_dismiss", true, 10, -4},
      {"offer_dismiss", false, 10, -4},
      {"page_view", false, 10, -4},  // no rule
      {"video_play", false, 10, -4},
  };
  std::int64_t ts = T0;
  for (const Step& s : steps) {
    BOOST_TEST_CONTEXT(s.type << " at T0+" << ts - T0) {
      const Changes ch = feed(*config, p, event(s.type, ts++));
      BOOST_TEST(ch.accepted);
      BOOST_TEST(ch.score == s.score);
      BOOST_TEST(p.rules[0].value == s.capped);
      BOOST_TEST(p.rules[1].value == s.floor);
    }
  }
  BOOST_TEST(p.rules[0].fired == 4u);
  BOOST_TEST(p.rules[1].fired == 3u);
}

// With decay, a capped rule that has cooled down is worth more again when it fires.
BOOST_AUTO_TEST_CASE(score_changes_when_a_capped_rule_refills_after_decay) {
  const auto config = test::compile_config(R"({"version": 1, "decay": {"half_life_days": 1},
    "rules": [{"id": "capped", "event": "click", "points": 5, "cap": 10}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  BOOST_TEST(feed(*config, p, event("click", T0)).score);
  BOOST_TEST(feed(*config, p, event("click", T0)).score);
  BOOST_TEST(!feed(*config, p, event("click", T0)).score);  // at the cap, no time passed
  BOOST_TEST(scores_at(*config, p, T0 + day).engagement == 5);
  const Changes ch = feed(*config, p, event("click", T0 + day));  // 5 decayed, refilled to 10
  BOOST_TEST(ch.score);
  BOOST_TEST(scores_at(*config, p, T0 + day).engagement == 10);
  BOOST_TEST(p.rules[0].added == 15);
}

BOOST_AUTO_TEST_CASE(contact_and_fit_changes) {
  const auto config = test::compile_config(R"({"version": 1,
    "fit": [{"id": "corp", "field": "email_domain", "eq": "acme.com", "points": 15}],
    "lifecycle": [{"stage": "lead", "when": [{"known": true, "min_fit": 100}]}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  struct Step {
    json props;
    bool contact, score;
    double fit;
  };
  const Step steps[] = {
      {{{"name", "Jane"}}, true, false, 0},          // contact, but no fit rule moved
      {{{"name", "Jane"}}, false, false, 0},         // the same value again
      {{{"email", "j@ACME.com"}}, true, true, 15},
      {{{"email", "other@acme.com"}}, true, false, 15},  // new value, same fit
      {{{"email", nullptr}}, true, true, 0},         // forgotten
      {{{"email", nullptr}}, false, false, 0},
      {{{"phone", 12345}}, true, false, 0},
      {{{"phone", 12345}}, false, false, 0},
      {{{"phone", "12345"}}, true, false, 0},        // a string is not the number
  };
  std::int64_t ts = T0;
  for (const Step& s : steps) {
    BOOST_TEST_CONTEXT(s.props.dump()) {
      const Changes ch = feed(*config, p, event("identify", ts++, "", s.props));
      BOOST_TEST(ch.contact == s.contact);
      BOOST_TEST(ch.score == s.score);
      BOOST_TEST(p.fit == s.fit);
    }
  }
}

BOOST_AUTO_TEST_CASE(transitions_are_counted_in_changes) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "demo", "event": "demo_request", "points": 30},
              {"id": "pv", "event": "page_view", "points": 1}],
    "temperature": {"warm": 20, "hot": 60},
    "journey": {"tags": [{"stage": "decision", "event": "demo_request"}]}})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  feed(*config, p, event("identify", T0, "", {{"email", "a@b.co"}}));
  BOOST_TEST(config->stages[p.lifecycle].id == "lead");
  const std::size_t before = p.transitions.size();
  // One event: journey to decision, temperature to warm, and no stage move (total 30 < 50).
  Changes ch = feed(*config, p, event("demo_request", T0 + 1));
  BOOST_TEST(flags(ch) == "accepted score journey temperature transitions=2");
  BOOST_TEST(p.transitions.size() == before + 2);
  // Another: mql (total 60) and hot, in one event.
  ch = feed(*config, p, event("demo_request", T0 + 2));
  BOOST_TEST(flags(ch) == "accepted score lifecycle temperature transitions=2");
  BOOST_TEST(config->stages[p.lifecycle].id == "mql");
  BOOST_TEST(p.transitions.back().kind == "temperature");
  // An event that moves nothing records nothing.
  ch = feed(*config, p, event("scroll", T0 + 3));
  BOOST_TEST(flags(ch) == "accepted transitions=0");

  // With the history full, the count is still what this event recorded.
  for (int i = 0; i < 30; ++i) record_transition(p, Transition{"journey", "a", "b", "c", T0});
  BOOST_TEST_REQUIRE(p.transitions.size() == ProfileLimits::max_transitions);
  ch = feed(*config, p, event("set_stage", T0 + 4, "", {{"stage", "customer"}}));
  BOOST_TEST(flags(ch) == "accepted lifecycle transitions=1");
  BOOST_TEST(p.transitions.size() == ProfileLimits::max_transitions);
  BOOST_TEST(p.transitions.back().cause == "set from outside");
}

BOOST_AUTO_TEST_CASE(matching_fit_rules_in_config_order) {
  const auto config = test::compile_config(R"({"version": 1, "fit": [
    {"id": "a", "field": "country", "eq": "VN", "points": 1},
    {"id": "b", "field": "country", "eq": "US", "points": 2},
    {"id": "c", "field": "email_domain", "ends_with": ".vn", "points": 4},
    {"id": "d", "field": "company", "exists": false, "points": -8},
    {"id": "e", "if": [{"field": "size", "gte": 200}, {"field": "contact.country", "in": ["VN", "TH"]}], "points": 16}
  ]})");
  struct Case {
    json contact;
    std::vector<std::size_t> matching;
  };
  const Case cases[] = {
      {json::object(), {3}},
      {{{"country", "VN"}}, {0, 3}},
      {{{"country", "VN"}, {"email", "x@Corp.VN"}, {"size", "250"}}, {0, 2, 3, 4}},
      {{{"country", "US"}, {"company", "Acme"}, {"size", 500}}, {1}},
      {{{"country", "TH"}, {"company", "Acme"}, {"size", 199}}, {}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.contact.dump()) {
      Profile p = new_profile(*config, "v");
      test::Feeder feed;
      if (!c.contact.empty()) feed(*config, p, event("identify", T0, "", c.contact));
      BOOST_TEST(matching_fit_rules(*config, p) == c.matching, boost::test_tools::per_element());
      double fit = 0;
      for (std::size_t r : c.matching) fit += config->fit_rules[r].points;
      BOOST_TEST(standing_at(*config, p, T0).fit == fit);
    }
  }
}

// Contact data given as a boolean (identify({"newsletter": true}), a ticked
// checkbox) is kept as the text "true"/"false"; conditions comparing with a
// boolean see it as one, in fit rules and in event rules' contact.<name>, and
// conditions comparing with a string still see the text.
BOOST_AUTO_TEST_CASE(boolean_conditions_hold_on_contact_data_given_as_booleans) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "subscriber_click", "event": "click", "if": [{"field": "contact.newsletter", "eq": true}], "points": 3}],
    "fit": [
      {"id": "opted_in", "field": "newsletter", "eq": true, "points": 10},
      {"id": "not_opted_in", "field": "newsletter", "ne": true, "points": -7},
      {"id": "opted_out", "field": "contact.newsletter", "eq": false, "points": -1},
      {"id": "as_text", "field": "newsletter", "eq": "true", "points": 100}
    ]})");
  struct Case {
    json value;
    std::vector<std::size_t> matching;
    double engagement;
  };
  const Case cases[] = {
      {true, {0, 3}, 3},
      {false, {1, 2}, 0},
      {"true", {0, 3}, 3},  // what a ticked checkbox stores
      {"yes", {1}, 0},
      {1, {1}, 0},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.value.dump()) {
      Profile p = new_profile(*config, "v");
      test::Feeder feed;
      BOOST_REQUIRE(feed(*config, p, event("identify", T0, "", {{"newsletter", c.value}})).accepted);
      BOOST_TEST(matching_fit_rules(*config, p) == c.matching, boost::test_tools::per_element());
      BOOST_REQUIRE(feed(*config, p, event("click", T0 + 1, "/")).accepted);
      BOOST_TEST(standing_at(*config, p, T0 + 1).engagement == c.engagement);
    }
  }
}

// A fit rule that holds without contact data ({"exists": false}) counts from
// the start, the same for stages and temperature as for the standing, and the
// same before and after the profile is stored.
BOOST_AUTO_TEST_CASE(fit_rules_that_hold_without_contact_count_from_the_start) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "pv", "event": "page_view", "points": 10}],
    "fit": [{"id": "anonymous", "field": "email", "exists": false, "points": -5}],
    "temperature": {"warm": 8, "hot": 100, "score": "total"}})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  feed(*config, p, event("page_view", T0, "/"));
  const Standing s = standing_at(*config, p, T0);
  BOOST_TEST(s.fit == -5);
  BOOST_TEST(scores_at(*config, p, T0).fit == s.fit);
  BOOST_TEST(scores_at(*config, p, T0).total == 5);
  BOOST_TEST(p.temperature == Temperature::cold);  // total 5 < warm 8
  const ProfileResult r = load_profile(*config, json::parse(profile_to_json(*config, p)), "x");
  BOOST_TEST_REQUIRE(r.errors.empty());
  BOOST_TEST(r.profile.fit == p.fit);
  // Knowing the email removes it.
  feed(*config, p, event("identify", T0 + 1, "", {{"email", "a@b.co"}}));
  BOOST_TEST(p.fit == 0);
  BOOST_TEST(p.temperature == Temperature::warm);
}

BOOST_AUTO_TEST_CASE(custom_event_types_are_counted_up_to_64) {
  const auto config = test::compile_config(R"({"version": 1, "rules": [{"id": "v", "event": "video_play", "points": 1}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  std::int64_t ts = T0;
  for (int i = 0; i < 70; ++i) feed(*config, p, event("custom_" + std::to_string(i), ts++));
  feed(*config, p, event("custom_3", ts++));
  feed(*config, p, event("custom_69", ts++));  // the 70th type was never kept
  feed(*config, p, event("video_play", ts++));  // named by the config: a type count
  feed(*config, p, event("demo_request", ts++));  // named by the default lifecycle
  BOOST_TEST(p.events == 74u);
  BOOST_REQUIRE_EQUAL(p.other_type_counts.size(), ProfileLimits::max_other_types);
  for (std::size_t i = 0; i < p.other_type_counts.size(); ++i) {
    BOOST_TEST(p.other_type_counts[i].first == "custom_" + std::to_string(i));  // first seen first
  }
  BOOST_TEST(p.other_type_counts[3].second == 2u);
  BOOST_TEST(p.other_type_counts[0].second == 1u);
  BOOST_TEST(p.type_counts[static_cast<std::size_t>(config->type_id("video_play"))] == 1u);
  BOOST_TEST(p.type_counts[static_cast<std::size_t>(config->type_id("demo_request"))] == 1u);
  const json counts = json::parse(profile_to_json(*config, p))["counts"];
  BOOST_TEST(counts["custom_63"] == 1);
  BOOST_TEST(!counts.contains("custom_64"));
  BOOST_TEST(counts["video_play"] == 1);
}

BOOST_AUTO_TEST_CASE(a_type_listed_twice_fires_once) {
  const auto config = test::compile_config(R"({"version": 1, "rules": [
    {"id": "pv", "event": ["page_view", "click", "page_view"], "points": 3}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  feed(*config, p, event("page_view", T0, "/"));
  BOOST_TEST(p.rules[0].fired == 1u);
  BOOST_TEST(p.rules[0].value == 3);

  // Journey tags likewise add their weight once.
  const auto tagged = test::compile_config(R"({"version": 1, "journey": {"min": {"decision": 2},
    "tags": [{"stage": "decision", "event": ["demo_request", "demo_request"]}]}})");
  Profile q = new_profile(*tagged, "w");
  feed(*tagged, q, event("demo_request", T0));
  BOOST_TEST(q.journey_weight[2] == 1);
  BOOST_TEST(q.journey == Journey::awareness);
  feed(*tagged, q, event("demo_request", T0 + 1));
  BOOST_TEST(q.journey == Journey::decision);
}

BOOST_AUTO_TEST_SUITE_END()
