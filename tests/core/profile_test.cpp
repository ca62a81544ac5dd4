// The stored profile: what the page keeps between visits. It must read back
// exactly (byte for byte, decimals included), migrate old documents, refuse
// corrupted or foreign ones whole, follow an edited config, and stay small
// whatever the visitor does.

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;  // 2026-01-01
constexpr std::int64_t minute = 60000, day = 86400000;

const char* const config_text = R"({"version": 1, "decay": {"half_life_days": 7},
  "rules": [
    {"id": "pv", "event": "page_view", "points": 1.5, "cap": 30},
    {"id": "pricing", "event": "page_view", "path": "/pricing", "points": 10},
    {"id": "demo", "event": "demo_request", "points": 25, "dimension": "fit"},
    {"id": "bounce", "event": "offer_dismiss", "points": -2, "cap": -6},
    {"id": "return", "event": "session_start", "if": [{"field": "visit", "gte": 2}], "points": 3}
  ],
  "fit": [
    {"id": "corp", "field": "email_domain", "eq": "acme.com", "points": 15},
    {"id": "vp", "field": "job_title", "contains": "vp", "ignore_case": true, "points": 10}
  ],
  "journey": {"min": {"consideration": 0.3}, "tags": [
    {"stage": "consideration", "path": "/customers/*", "weight": 0.1},
    {"stage": "decision", "path": "/pricing"}
  ]}
})";

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A visitor who did a bit of everything: touches, journey, contact data with
// awkward characters, custom events, several visits, decayed decimals.
Profile busy_visitor(const Config& config) {
  Profile p = new_profile(config, "vis-\"1\"");
  test::Feeder feed;
  const json events[] = {
      event("page_view", T0, "https://example.com/?utm_source=news&utm_medium=email",
            {{"referrer", "https://www.google.com/"}}),
      event("page_view", T0 + 1 * minute, "https://example.com/customers/a"),
      event("page_view", T0 + 2 * minute, "https://example.com/customers/b"),
      event("page_view", T0 + 3 * minute, "https://example.com/customers/c"),
      event("offer_dismiss", T0 + 4 * minute),
      event("offer_dismiss", T0 + 4 * minute + 17),
      event("identify", T0 + 5 * minute, "",
            {{"email", "Jane@ACME.com"},
             {"job_title", "SVP \"Sales\""},
             {"name", "Nguyễn Thị \\ Hà\n"},
             {"company_size", 250},
             {"ratio", 0.1},
             {"newsletter", true}}),
      event("video_play", T0 + 6 * minute),
      event("webinar", T0 + 7 * minute),
      event("video_play", T0 + 8 * minute),
      event("page_view", T0 + day + 12345, "https://example.com/pricing?gclid=abc"),
      event("demo_request", T0 + day + 20000),
      event("page_view", T0 + 4 * day + 333, "https://example.com/b%C3%A0i-vi%E1%BA%BFt"),
  };
  for (const json& e : events) {
    BOOST_TEST_REQUIRE(feed(config, p, e).accepted, feed.error.to_string());
  }
  return p;
}

json parse(const std::string& text) { return json::parse(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(profile_test)

// A stored profile nested far too deep is refused as a syntax error (a fresh
// profile for the fallback id), not a crash of the reader.
BOOST_AUTO_TEST_CASE(a_profile_nested_deeper_than_64_levels_is_refused_whole) {
  const auto config = test::compile_config(config_text);
  const json doc = parse("{\"schema\": \"leadscore.profile\", \"contact\": " + std::string(200000, '[') +
                         std::string(200000, ']') + "}");
  const ProfileResult r = load_profile(*config, doc, "fallback");
  BOOST_REQUIRE_EQUAL(r.errors.size(), 1u);
  BOOST_TEST(r.errors[0].to_string() == "[leadscore.profile.syntax] /: nested deeper than 64 levels");
  BOOST_TEST(r.profile.visitor_id == "fallback");
  BOOST_TEST(r.profile.events == 0u);
}

BOOST_AUTO_TEST_CASE(round_trip_is_byte_identical) {
  const auto config = test::compile_config(config_text);
  const Profile p = busy_visitor(*config);
  BOOST_TEST(p.sessions == 3u);
  BOOST_TEST(p.transitions.size() >= 3u);
  BOOST_TEST(p.other_type_counts.size() == 2u);

  const std::string text = profile_to_json(*config, p);
  const json doc = parse(text);
  BOOST_TEST(doc["schema"] == "leadscore.profile");
  BOOST_TEST(doc["version"] == profile_version);
  BOOST_TEST(doc["visitor_id"] == "vis-\"1\"");
  BOOST_TEST(doc["contact"]["name"] == "Nguyễn Thị \\ Hà\n");

  const ProfileResult loaded = load_profile(*config, doc, "fallback");
  BOOST_TEST_REQUIRE(loaded.errors.empty(), test::first_error(loaded.errors));
  BOOST_TEST(!loaded.migrated);
  BOOST_TEST(profile_to_json(*config, loaded.profile) == text);

  // What the visitor is shown is the same, now and later.
  for (std::int64_t now : {T0 + 4 * day + 333, T0 + 30 * day}) {
    BOOST_TEST(standing_to_json(*config, loaded.profile, standing_at(*config, loaded.profile, now)) ==
               standing_to_json(*config, p, standing_at(*config, p, now)));
    BOOST_TEST(state_to_json(*config, loaded.profile, standing_at(*config, loaded.profile, now)) ==
               state_to_json(*config, p, standing_at(*config, p, now)));
  }

  // And it goes on the same way.
  Profile a = p, b = loaded.profile;
  test::Feeder feed;
  for (const json& e : {event("page_view", T0 + 9 * day, "/pricing"), event("demo_request", T0 + 9 * day + 1),
                        event("identify", T0 + 9 * day + 2, "", {{"phone", "+84 90 000"}})}) {
    feed(*config, a, e);
    feed(*config, b, e);
  }
  BOOST_TEST(profile_to_json(*config, a) == profile_to_json(*config, b));
}

BOOST_AUTO_TEST_CASE(version_2_document_reads_with_what_its_caps_withheld_worked_out) {
  // Version 2 kept [value, ref_ts, fired, added]; version 3 adds what the cap
  // withheld. A version-2 profile reads as if every firing had the rule's points now.
  const auto config = test::compile_config(config_text);
  const Profile p = busy_visitor(*config);
  json doc = parse(profile_to_json(*config, p));
  doc["version"] = 2;
  for (auto it = doc["rules"].begin(); it != doc["rules"].end(); ++it) it.value().erase(4);
  const ProfileResult loaded = load_profile(*config, doc, "fallback");
  BOOST_TEST_REQUIRE(loaded.errors.empty(), test::first_error(loaded.errors));
  BOOST_TEST(loaded.migrated);
  for (std::size_t r = 0; r < p.rules.size(); ++r) {
    BOOST_TEST_CONTEXT(config->rules[r].id) {
      BOOST_TEST(loaded.profile.rules[r].withheld == p.rules[r].withheld,  // the points never changed
                 boost::test_tools::tolerance(1e-9));
    }
  }
  BOOST_TEST(parse(profile_to_json(*config, loaded.profile))["version"] == 3);
}

BOOST_AUTO_TEST_CASE(a_visitor_id_no_profile_could_keep_stands_as_its_hash_and_reads_back) {
  // A stored visitor id over 256 bytes (or not UTF-8), edited or another
  // script's: the profile written for it would be refused at every next load,
  // which started the visitor over each time.
  const auto config = test::compile_config(config_text);
  for (const std::string id : {"crm-" + std::string(296, 'x'), std::string("bad \xff\xfe utf-8")}) {
    Profile p = new_profile(*config, id);
    const std::string kept = p.visitor_id;
    BOOST_TEST(kept.size() == 17u);
    BOOST_TEST(kept == new_profile(*config, id).visitor_id);  // the same each load
    test::Feeder feed;
    feed(*config, p, event("identify", T0, "", {{"email", "ana@example.com"}}));
    const ProfileResult next = load_profile(*config, parse(profile_to_json(*config, p)), id);
    BOOST_TEST_REQUIRE(next.errors.empty(), test::first_error(next.errors));
    BOOST_TEST(next.profile.visitor_id == kept);
    BOOST_TEST(next.profile.known());
  }
  // One it can keep is kept as it is (256 bytes; none: a page gives none).
  for (const std::string id : {std::string(256, 'x'), std::string("3f6c2a9e-8b1d-4c7e-9f0a-1b2c3d4e5f60"), std::string()}) {
    BOOST_TEST(new_profile(*config, id).visitor_id == id);
  }
}

BOOST_AUTO_TEST_CASE(decimals_under_decay_survive_exactly) {
  const auto config = test::compile_config(config_text);
  const Profile p = busy_visitor(*config);
  const ProfileResult loaded = load_profile(*config, parse(profile_to_json(*config, p)), "x");
  BOOST_TEST_REQUIRE(loaded.errors.empty());
  const Profile& q = loaded.profile;
  BOOST_REQUIRE_EQUAL(q.rules.size(), p.rules.size());
  bool some_awkward = false;
  for (std::size_t r = 0; r < p.rules.size(); ++r) {
    BOOST_TEST_CONTEXT(config->rules[r].id) {
      BOOST_TEST(same_bits(q.rules[r].value, p.rules[r].value), q.rules[r].value << " vs " << p.rules[r].value);
      BOOST_TEST(same_bits(q.rules[r].added, p.rules[r].added));
      BOOST_TEST(q.rules[r].ref_ts == p.rules[r].ref_ts);
      BOOST_TEST(q.rules[r].fired == p.rules[r].fired);
      // Decay makes values with long binary fractions, the ones a lossy format would change.
      const double v = p.rules[r].value;
      some_awkward = some_awkward || (v != std::round(v * 1e6) / 1e6);
    }
  }
  BOOST_TEST(some_awkward);
  for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(same_bits(q.journey_weight[j], p.journey_weight[j]));
  BOOST_TEST(same_bits(p.journey_weight[1], 0.1 + 0.1 + 0.1));  // 0.30000000000000004
  BOOST_TEST(q.contact_field("ratio")->is_number);
  BOOST_TEST(same_bits(q.contact_field("ratio")->number, 0.1));
}

BOOST_AUTO_TEST_CASE(version_1_document_is_migrated) {
  const auto config = test::compile_config(config_text);
  const json v1 = parse(R"({
    "schema": "leadscore.profile", "version": 1, "visitor_id": "old-1",
    "first_seen": 1767000000000, "last_seen": 1767100000000, "sessions": 2, "events": 9,
    "counts": {"page_view": 6, "identify": 1, "video_play": 2},
    "contact": {"email": "a@Acme.COM", "job_title": "Engineer"},
    "rules": {"pv": [7.5, 5], "bounce": [-4, 2], "gone_rule": [3, 1]},
    "stage": "lead", "journey": "consideration",
    "attribution": {"first": {"source": "news", "medium": "email", "ts": 1767000000000},
                    "last": {"source": "google", "medium": "cpc", "gclid": "g1", "ts": 1767050000000}}
  })");
  const std::int64_t last_seen = 1767100000000;
  const ProfileResult r = load_profile(*config, v1, "fallback");
  BOOST_TEST_REQUIRE(r.errors.empty(), test::first_error(r.errors));
  BOOST_TEST(r.migrated);
  const Profile& p = r.profile;
  BOOST_TEST(p.visitor_id == "old-1");
  BOOST_TEST(p.first_seen == 1767000000000);
  BOOST_TEST(p.last_seen == last_seen);
  BOOST_TEST(p.sessions == 2u);
  BOOST_TEST(p.events == 9u);
  BOOST_TEST(p.session_start == last_seen);  // v1 kept no session start: the last visit
  BOOST_TEST(p.type_counts[type_page_view] == 6u);
  BOOST_TEST(p.type_counts[type_identify] == 1u);
  BOOST_REQUIRE_EQUAL(p.other_type_counts.size(), 1u);
  BOOST_TEST(p.other_type_counts[0].first == "video_play");
  BOOST_TEST(p.other_type_counts[0].second == 2u);
  // [points, fired]: the points count as added at the last visit, undecayed.
  const RuleState& pv = p.rules[static_cast<std::size_t>(config->rule_index("pv"))];
  BOOST_TEST(pv.value == 7.5);
  BOOST_TEST(pv.added == 7.5);
  BOOST_TEST(pv.fired == 5u);
  BOOST_TEST(pv.ref_ts == last_seen);
  const RuleState& bounce = p.rules[static_cast<std::size_t>(config->rule_index("bounce"))];
  BOOST_TEST(bounce.value == -4);
  BOOST_TEST(bounce.fired == 2u);
  BOOST_TEST(p.rules[static_cast<std::size_t>(config->rule_index("pricing"))].fired == 0u);
  // Stage and journey names; the journey stage gets the weight it needs.
  BOOST_TEST(config->stages[p.lifecycle].id == "lead");
  BOOST_TEST(p.lifecycle_since == last_seen);
  BOOST_TEST(p.journey == Journey::consideration);
  BOOST_TEST(p.journey_weight[1] == 0.3);
  BOOST_TEST(p.journey_weight[2] == 0);
  // Attribution under one key.
  BOOST_REQUIRE(p.first_touch);
  BOOST_TEST(p.first_touch->source == "news");
  BOOST_TEST(p.first_touch->ts == 1767000000000);
  BOOST_REQUIRE(p.last_touch);
  BOOST_TEST(p.last_touch->gclid == "g1");
  // Derived data is recomputed: the email domain, lower-cased, and the fit it earns.
  BOOST_TEST(p.contact_field("email_domain")->text == "acme.com");
  BOOST_TEST(p.fit == 15);
  BOOST_TEST(p.transitions.empty());

  // Written back as the current version, which reads as it is.
  const std::string v2 = profile_to_json(*config, p);
  BOOST_TEST(parse(v2)["version"] == profile_version);
  BOOST_TEST(parse(v2)["rules"].contains("gone_rule") == false);
  const ProfileResult again = load_profile(*config, parse(v2), "fallback");
  BOOST_TEST(again.errors.empty());
  BOOST_TEST(!again.migrated);
  BOOST_TEST(profile_to_json(*config, again.profile) == v2);

  // Scoring goes on from the migrated state: decay from the last visit, a
  // return visit, the journey stage holding.
  Profile q = p;
  test::Feeder feed;
  const std::int64_t ts = last_seen + day;
  const Changes ch = feed(*config, q, event("page_view", ts, "/customers/d"));
  BOOST_TEST(ch.accepted);
  BOOST_TEST(ch.new_session);
  BOOST_TEST(q.sessions == 3u);
  const RuleState& pv2 = q.rules[static_cast<std::size_t>(config->rule_index("pv"))];
  BOOST_TEST(same_bits(pv2.value, decay(7.5, last_seen, ts, config->half_life_ms) + 1.5));
  BOOST_TEST(pv2.fired == 6u);
  BOOST_TEST(q.rules[static_cast<std::size_t>(config->rule_index("return"))].value == 3);
  BOOST_TEST(q.journey == Journey::consideration);
  BOOST_TEST(same_bits(q.journey_weight[1], 0.3 + 0.1));
  const Standing s = standing_at(*config, q, ts);
  BOOST_TEST(s.fit == 15);
  BOOST_TEST(s.engagement == pv2.value + 3 + decay(-4, last_seen, ts, config->half_life_ms),
             boost::test_tools::tolerance(1e-12));
}

namespace {

struct Corrupt {
  const char* name;
  std::function<void(json&)> mutate;
  const char* id;
  const char* path;
};

void check_refused(const Config& config, const json& base, const std::vector<Corrupt>& cases) {
  const std::string fresh = profile_to_json(config, new_profile(config, "fallback"));
  for (const Corrupt& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      json doc = base;
      c.mutate(doc);
      const ProfileResult r = load_profile(config, doc, "fallback");
      std::string all;
      for (const Error& e : r.errors) all += "\n  " + e.to_string();
      if (r.errors.empty()) {
        BOOST_TEST(!r.errors.empty(), "accepted, expected [" << c.id << "] " << c.path);
        continue;
      }
      BOOST_TEST(r.errors.size() == 1u, "errors:" << all);
      BOOST_TEST(r.errors[0].id == c.id, "errors:" << all);
      BOOST_TEST(r.errors[0].path == c.path, "errors:" << all);
      BOOST_TEST(!r.errors[0].message.empty());
      // Refused whole: a fresh profile for the fallback id.
      BOOST_TEST(r.profile.visitor_id == "fallback");
      BOOST_TEST(r.profile.events == 0u);
      BOOST_TEST(r.profile.contact.empty());
      BOOST_TEST(!r.profile.first_touch);
      BOOST_TEST(r.profile.fit == 0);
      BOOST_TEST(!r.migrated);
      BOOST_TEST(profile_to_json(config, r.profile) == fresh);
    }
  }
}

json long_string(std::size_t n) { return std::string(n, 'x'); }

}  // namespace

BOOST_AUTO_TEST_CASE(corrupted_and_foreign_documents_are_refused) {
  const auto config = test::compile_config(config_text);
  const json base = parse(profile_to_json(*config, busy_visitor(*config)));
  BOOST_TEST_REQUIRE(load_profile(*config, base, "fallback").errors.empty());
  BOOST_TEST_REQUIRE(base["transitions"].size() >= 1u);
  BOOST_TEST_REQUIRE(base["recent_pages"].size() >= 1u);
  BOOST_TEST_REQUIRE(base["rules"].contains("pv"));
  BOOST_TEST_REQUIRE(base.contains("first_touch"));

  auto set = [](const char* pointer, json value) {
    return [=](json& d) { d[json::json_pointer(pointer)] = value; };
  };
  auto erase = [](const char* key) { return [=](json& d) { d.erase(key); }; };
  const double huge = 1e300;
  // clang-format off
  const std::vector<Corrupt> cases = {
    {"an array",                 [](json& d) { d = json::array({1, 2}); },           "leadscore.profile.type", ""},
    {"a string",                 [](json& d) { d = "leadscore.profile"; },           "leadscore.profile.type", ""},
    {"null",                     [](json& d) { d = nullptr; },                       "leadscore.profile.type", ""},
    {"an empty object",          [](json& d) { d = json::object(); },                "leadscore.profile.foreign", "/schema"},
    {"missing schema",           erase("schema"),                                    "leadscore.profile.foreign", "/schema"},
    {"a config document",        set("/schema", "leadscore.config"),                 "leadscore.profile.foreign", "/schema"},
    {"schema not a string",      set("/schema", 1),                                  "leadscore.profile.foreign", "/schema"},
    {"missing version",          erase("version"),                                   "leadscore.profile.required", "/version"},
    {"version 0",                set("/version", 0),                                 "leadscore.profile.range", "/version"},
    {"version 4 (newer build)",  set("/version", 4),                                 "leadscore.profile.version", "/version"},
    {"version \"2\"",            set("/version", "2"),                               "leadscore.profile.type", "/version"},
    {"version 1.5",              set("/version", 1.5),                               "leadscore.profile.range", "/version"},
    {"missing visitor_id",       erase("visitor_id"),                                "leadscore.profile.required", "/visitor_id"},
    {"visitor_id a number",      set("/visitor_id", 42),                             "leadscore.profile.type", "/visitor_id"},
    {"visitor_id empty",         set("/visitor_id", ""),                             "leadscore.profile.empty", "/visitor_id"},
    {"visitor_id too long",      set("/visitor_id", long_string(257)),               "leadscore.profile.range", "/visitor_id"},
    {"missing first_seen",       erase("first_seen"),                                "leadscore.profile.required", "/first_seen"},
    {"negative first_seen",      set("/first_seen", -1),                             "leadscore.profile.range", "/first_seen"},
    {"fractional last_seen",     set("/last_seen", 1767225600000.5),                 "leadscore.profile.range", "/last_seen"},
    {"last_seen after year 3000",set("/last_seen", 32503680000001),                  "leadscore.profile.range", "/last_seen"},
    {"last_seen a string",       set("/last_seen", "yesterday"),                     "leadscore.profile.type", "/last_seen"},
    {"negative sessions",        set("/sessions", -1),                               "leadscore.profile.range", "/sessions"},
    {"sessions beyond 2^32",     set("/sessions", 4294967296.0),                     "leadscore.profile.range", "/sessions"},
    {"fractional events",        set("/events", 1.5),                                "leadscore.profile.range", "/events"},
    {"huge events",              set("/events", huge),                               "leadscore.profile.range", "/events"},
    {"missing session_start",    erase("session_start"),                             "leadscore.profile.required", "/session_start"},
    {"missing counts",           erase("counts"),                                    "leadscore.profile.required", "/counts"},
    {"counts an array",          set("/counts", json::array()),                      "leadscore.profile.type", "/counts"},
    {"negative count",           set("/counts/page_view", -1),                       "leadscore.profile.type", "/counts/page_view"},
    {"fractional count",         set("/counts/page_view", 2.5),                      "leadscore.profile.type", "/counts/page_view"},
    {"huge count",               set("/counts/video_play", huge),                    "leadscore.profile.type", "/counts/video_play"},
    {"count a string",           set("/counts/page_view", "3"),                      "leadscore.profile.type", "/counts/page_view"},
    {"count with a slash",       set("/counts/a~1b", nullptr),                       "leadscore.profile.type", "/counts/a~1b"},
    {"missing contact",          erase("contact"),                                   "leadscore.profile.required", "/contact"},
    {"contact an array",         set("/contact", json::array({"a"})),                "leadscore.profile.type", "/contact"},
    {"contact value too long",   set("/contact/name", long_string(1001)),            "leadscore.profile.type", "/contact/name"},
    {"contact value an object",  set("/contact/name", json::object()),               "leadscore.profile.type", "/contact/name"},
    {"contact value a boolean",  set("/contact/newsletter", true),                   "leadscore.profile.type", "/contact/newsletter"},
    {"contact value null",       set("/contact/name", nullptr),                      "leadscore.profile.type", "/contact/name"},
    {"contact name too long",    [](json& d) { d["contact"][std::string(65, 'k')] = "v"; }, "leadscore.profile.type",
                                 "/contact/kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"},
    {"contact name empty",       set("/contact/", "v"),                              "leadscore.profile.type", "/contact/"},
    {"too many contact fields",  [](json& d) { for (int i = 0; i < 41; ++i) d["contact"]["f" + std::to_string(i)] = i; },
                                 "leadscore.profile.too_large", "/contact"},
    {"missing rules",            erase("rules"),                                     "leadscore.profile.required", "/rules"},
    {"rules an array",           set("/rules", json::array()),                       "leadscore.profile.type", "/rules"},
    {"rule state of 3",          set("/rules/pv", json::array({1, 2, 3})),           "leadscore.profile.type", "/rules/pv"},
    {"rule state of 4",          set("/rules/pv", json::array({1, 2, 3, 4})),        "leadscore.profile.type", "/rules/pv"},
    {"rule state of 6",          set("/rules/pv", json::array({1, 2, 3, 4, 5, 6})),  "leadscore.profile.type", "/rules/pv"},
    {"rule state not an array",  set("/rules/pv", 7.5),                              "leadscore.profile.type", "/rules/pv"},
    {"rule state with a string", set("/rules/pv", json::array({1, "2", 3, 4, 0})),   "leadscore.profile.type", "/rules/pv"},
    {"rule withheld NaN-like",   set("/rules/pv/4", "0"),                            "leadscore.profile.type", "/rules/pv"},
    {"rule fired negative",      set("/rules/pv/2", -1),                             "leadscore.profile.type", "/rules/pv"},
    {"rule fired fractional",    set("/rules/pv/2", 2.5),                            "leadscore.profile.type", "/rules/pv"},
    {"rule fired huge",          set("/rules/pv/2", huge),                           "leadscore.profile.type", "/rules/pv"},
    {"rule ref_ts negative",     set("/rules/pv/1", -5),                             "leadscore.profile.range", "/rules/pv"},
    {"rule ref_ts fractional",   set("/rules/pv/1", 1767225600000.5),                "leadscore.profile.range", "/rules/pv"},
    {"removed rule, bad state",  set("/rules/gone", json::array({1})),               "leadscore.profile.type", "/rules/gone"},
    {"missing lifecycle",        erase("lifecycle"),                                 "leadscore.profile.required", "/lifecycle"},
    {"lifecycle a string",       set("/lifecycle", "lead"),                          "leadscore.profile.type", "/lifecycle"},
    {"lifecycle stage a number", set("/lifecycle/stage", 2),                         "leadscore.profile.type", "/lifecycle/stage"},
    {"lifecycle without since",  [](json& d) { d["lifecycle"].erase("since"); },     "leadscore.profile.required", "/lifecycle/since"},
    {"missing journey",          erase("journey"),                                   "leadscore.profile.required", "/journey"},
    {"journey stage unknown",    set("/journey/stage", "purchase"),                  "leadscore.profile.enum", "/journey/stage"},
    {"journey two weights",      set("/journey/weights", json::array({0, 1})),       "leadscore.profile.type", "/journey/weights"},
    {"journey weight negative",  set("/journey/weights/1", -0.5),                    "leadscore.profile.type", "/journey/weights/1"},
    {"missing temperature",      erase("temperature"),                               "leadscore.profile.required", "/temperature"},
    {"temperature unknown",      set("/temperature", "lukewarm"),                    "leadscore.profile.enum", "/temperature"},
    {"first_touch an array",     set("/first_touch", json::array()),                 "leadscore.profile.type", "/first_touch"},
    {"touch value too long",     set("/first_touch/source", long_string(513)),       "leadscore.profile.range", "/first_touch/source"},
    {"touch without ts",         [](json& d) { d["last_touch"].erase("ts"); },       "leadscore.profile.required", "/last_touch/ts"},
    {"transitions an object",    set("/transitions", json::object()),                "leadscore.profile.type", "/transitions"},
    {"transition a string",      set("/transitions/0", "lead"),                      "leadscore.profile.type", "/transitions/0"},
    {"transition unknown kind",  set("/transitions/0/kind", "mood"),                 "leadscore.profile.enum", "/transitions/0/kind"},
    {"transition without to",    [](json& d) { d["transitions"][0].erase("to"); },   "leadscore.profile.required", "/transitions/0/to"},
    {"transition ts a string",   set("/transitions/0/ts", "now"),                    "leadscore.profile.type", "/transitions/0/ts"},
    {"recent_pages an object",   set("/recent_pages", json::object()),               "leadscore.profile.type", "/recent_pages"},
    {"recent page without ts",   set("/recent_pages/0", json::array({"/x"})),        "leadscore.profile.type", "/recent_pages/0"},
    {"recent page negative ts",  set("/recent_pages/0", json::array({"/x", -5})),    "leadscore.profile.type", "/recent_pages/0"},
    {"recent page fractional ts",set("/recent_pages/0", json::array({"/x", 1.5})),   "leadscore.profile.type", "/recent_pages/0"},
    {"recent page path a number",set("/recent_pages/0", json::array({5, 5})),        "leadscore.profile.type", "/recent_pages/0"},
    {"recent page as an object", set("/recent_pages/0", json{{"path", "/x"}, {"ts", 1}}), "leadscore.profile.type", "/recent_pages/0"},
  };
  // clang-format on
  BOOST_TEST(cases.size() >= 25u);
  check_refused(*config, base, cases);
}

BOOST_AUTO_TEST_CASE(corrupted_version_1_documents_are_refused) {
  const auto config = test::compile_config(config_text);
  const json base = parse(R"({
    "schema": "leadscore.profile", "version": 1, "visitor_id": "old-1",
    "first_seen": 1767000000000, "last_seen": 1767100000000, "sessions": 2, "events": 9,
    "counts": {"page_view": 6}, "contact": {}, "rules": {"pv": [7.5, 5]},
    "stage": "lead", "journey": "awareness", "attribution": {"first": {"source": "news", "ts": 1}}
  })");
  BOOST_TEST_REQUIRE(load_profile(*config, base, "fallback").errors.empty());
  auto set = [](const char* pointer, json value) {
    return [=](json& d) { d[json::json_pointer(pointer)] = value; };
  };
  // clang-format off
  const std::vector<Corrupt> cases = {
    {"v1 rule state of 4",     set("/rules/pv", json::array({7.5, 5, 0, 1})),  "leadscore.profile.type", "/rules/pv"},
    {"v1 rule state of 1",     set("/rules/pv", json::array({7.5})),           "leadscore.profile.type", "/rules/pv"},
    {"v1 fired fractional",    set("/rules/pv/1", 0.5),                        "leadscore.profile.type", "/rules/pv"},
    {"v1 without stage",       [](json& d) { d.erase("stage"); },              "leadscore.profile.required", "/stage"},
    {"v1 journey unknown",     set("/journey", "loyalty"),                     "leadscore.profile.enum", "/journey"},
    {"v1 attribution a list",  set("/attribution", json::array()),             "leadscore.profile.type", "/attribution"},
    {"v1 touch without ts",    [](json& d) { d["attribution"]["first"].erase("ts"); }, "leadscore.profile.required", "/attribution/first/ts"},
  };
  // clang-format on
  check_refused(*config, base, cases);
}

// A corrupted document read from text with numbers nlohmann keeps as-is.
BOOST_AUTO_TEST_CASE(non_finite_numbers_built_in_memory_are_refused) {
  const auto config = test::compile_config(config_text);
  const json base = parse(profile_to_json(*config, busy_visitor(*config)));
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::vector<Corrupt> cases = {
      {"NaN count", [&](json& d) { d["counts"]["page_view"] = nan; }, "leadscore.profile.type", "/counts/page_view"},
      {"inf events", [&](json& d) { d["events"] = inf; }, "leadscore.profile.range", "/events"},
      {"NaN rule value", [&](json& d) { d["rules"]["pv"][0] = nan; }, "leadscore.profile.type", "/rules/pv"},
      {"inf contact number", [&](json& d) { d["contact"]["company_size"] = inf; }, "leadscore.profile.type",
       "/contact/company_size"},
      {"NaN journey weight", [&](json& d) { d["journey"]["weights"][2] = nan; }, "leadscore.profile.type",
       "/journey/weights/2"},
  };
  check_refused(*config, base, cases);
}

BOOST_AUTO_TEST_CASE(errors_are_listed_in_document_order) {
  const auto config = test::compile_config(config_text);
  json doc = parse(profile_to_json(*config, busy_visitor(*config)));
  doc["recent_pages"][0] = 1;
  doc["sessions"] = -1;
  doc["contact"]["name"] = json::array();
  doc.erase("first_seen");
  const ProfileResult r = load_profile(*config, doc, "fallback");
  std::vector<std::string> paths;
  for (const Error& e : r.errors) paths.push_back(e.path);
  // first_seen is missing: it sorts with the whole document, first.
  const std::vector<std::string> expected = {"/first_seen", "/sessions", "/contact/name", "/recent_pages/0"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_edited_config_keeps_what_it_still_has) {
  const auto before = test::compile_config(R"({"version": 1,
    "rules": [{"id": "old", "event": "click", "points": 4},
              {"id": "pv", "event": "page_view", "points": 2}],
    "fit": [{"id": "corp", "field": "email_domain", "eq": "acme.com", "points": 15}],
    "lifecycle": [{"stage": "lead", "when": [{"known": true}]},
                  {"stage": "champion", "when": [{"known": true, "min_fit": 10}]}]})");
  const auto after = test::compile_config(R"({"version": 1,
    "rules": [{"id": "fresh", "event": "scroll", "points": 1},
              {"id": "pv", "event": "page_view", "points": 2}],
    "fit": [{"id": "corp", "field": "email_domain", "eq": "acme.com", "points": 40}],
    "lifecycle": [{"stage": "lead", "when": [{"known": true}]},
                  {"stage": "advocate", "when": [{"known": true, "min_fit": 10}]}]})");
  Profile p = new_profile(*before, "v");
  test::Feeder feed;
  feed(*before, p, event("page_view", T0, "/"));
  feed(*before, p, event("click", T0 + 1));
  feed(*before, p, event("identify", T0 + 2, "", {{"email", "x@acme.com"}}));
  BOOST_TEST_REQUIRE(before->stages[p.lifecycle].id == "champion");

  const ProfileResult r = load_profile(*after, parse(profile_to_json(*before, p)), "fallback");
  BOOST_TEST_REQUIRE(r.errors.empty(), test::first_error(r.errors));
  const Profile& q = r.profile;
  BOOST_TEST(q.visitor_id == "v");
  // The state of "pv" follows its id to its new position; "old" is gone, "fresh" starts at zero.
  BOOST_REQUIRE_EQUAL(q.rules.size(), 2u);
  BOOST_TEST(q.rules[0].fired == 0u);
  BOOST_TEST(q.rules[1].fired == 1u);
  BOOST_TEST(q.rules[1].value == 2);
  const json written = parse(profile_to_json(*after, q));
  BOOST_TEST(!written["rules"].contains("old"));
  BOOST_TEST(written["rules"].contains("pv"));
  // click is not a type the new config names: its count is kept as another type.
  BOOST_TEST(written["counts"]["click"] == 1);
  // The stage the config no longer has falls back to the first one...
  BOOST_TEST(q.lifecycle == 0u);
  BOOST_TEST(q.lifecycle_since == 0);
  BOOST_TEST(written["lifecycle"]["stage"] == "visitor");
  // ...fit follows the new config's points...
  BOOST_TEST(q.fit == 40);
  // ...and the next event that moves the score promotes the visitor again.
  Profile moved = q;
  const Changes ch = feed(*after, moved, event("page_view", T0 + 10, "/x"));
  BOOST_TEST(ch.lifecycle);
  BOOST_TEST(after->stages[moved.lifecycle].id == "advocate");
  BOOST_TEST(moved.lifecycle_since == T0 + 10);
}

BOOST_AUTO_TEST_CASE(size_stays_bounded) {
  const auto config = test::compile_config(R"({"version": 1, "decay": {"half_life_days": 0.01},
    "rules": [{"id": "pv", "event": "page_view", "points": 5, "cap": 100},
              {"id": "clicks", "event": "click", "points": 1}],
    "journey": {"tags": [{"stage": "consideration", "path": "/x/*"}, {"stage": "decision", "path": "/p/9*"}]}})");
  Profile p = new_profile(*config, "heavy");
  EventParser parser;
  std::size_t refused = 0;
  const std::size_t total = 100000, burst = 50;
  std::int64_t ts = T0;
  std::string last_path;
  std::size_t temperature_moves = 0;
  for (std::size_t i = 0; i < total; ++i) {
    ts += i % burst == 0 ? day : 1000;  // bursts of activity a day apart: decay cools the visitor between them
    json e;
    switch (i % 5) {
      case 0:
      case 2:
        last_path = (i % 5 == 0 ? "/p/" : "/x/") + std::to_string(i);
        e = event("page_view", static_cast<std::int64_t>(ts), "https://example.com" + last_path + "?utm_source=s" + std::to_string(i % 7));
        break;
      case 1: e = event("custom_" + std::to_string(i / 5 % 300), ts); break;
      case 3: e = event("click", ts); break;
      default:
        e = i % 1000 == 4 ? event("identify", ts, "", {{"email", "u" + std::to_string(i) + "@example.com"}})
                          : event("scroll", ts, "", {{"depth", 50}});
    }
    // One check for the whole loop, not 100,000.
    Error error;
    const std::string line = to_json_text(e);
    const Event* parsed = parser.parse(line, error);
    const Changes ch = parsed ? apply_event(*config, p, *parsed, error) : Changes{};
    refused += !ch.accepted;
    temperature_moves += ch.temperature;
  }
  BOOST_TEST(refused == 0u);
  BOOST_TEST(p.events == total);
  BOOST_TEST(p.sessions == total / burst);
  BOOST_TEST(temperature_moves > 1000u);  // far more history than is kept
  BOOST_TEST(p.transitions.size() == ProfileLimits::max_transitions);
  // The newest are kept: the last one is from the last burst, and they are in order.
  BOOST_TEST(p.transitions.back().ts >= ts - static_cast<std::int64_t>(burst) * 1000);
  for (std::size_t i = 1; i < p.transitions.size(); ++i) BOOST_TEST(p.transitions[i - 1].ts <= p.transitions[i].ts);
  BOOST_TEST(p.recent_pages.size() == ProfileLimits::max_recent_pages);
  BOOST_TEST(p.recent_page(p.recent_pages.size() - 1).path == last_path);
  BOOST_TEST(p.other_type_counts.size() == ProfileLimits::max_other_types);
  BOOST_TEST(p.other_type_counts.front().first == "custom_0");  // first seen, kept
  BOOST_TEST(p.contact.size() == 1u);

  const std::string text = profile_to_json(*config, p);
  BOOST_TEST(text.size() < 20000u, "profile is " << text.size() << " bytes");
  const ProfileResult r = load_profile(*config, parse(text), "x");
  BOOST_TEST_REQUIRE(r.errors.empty());
  BOOST_TEST(profile_to_json(*config, r.profile) == text);
}

// Histories longer than the caps (hand-edited or from an older build) are cut on reading too.
BOOST_AUTO_TEST_CASE(long_histories_are_capped_on_reading) {
  const auto config = test::compile_config(config_text);
  json doc = parse(profile_to_json(*config, busy_visitor(*config)));
  doc["transitions"] = json::array();
  doc["recent_pages"] = json::array();
  for (int i = 0; i < 30; ++i) {
    doc["transitions"].push_back({{"kind", "temperature"}, {"from", "cold"}, {"to", "warm"}, {"cause", "c"}, {"ts", i}});
    doc["recent_pages"].push_back(json::array({"/p" + std::to_string(i), i}));
  }
  for (int i = 0; i < 100; ++i) doc["counts"]["t" + std::to_string(i)] = i + 1;
  const ProfileResult r = load_profile(*config, doc, "x");
  BOOST_TEST_REQUIRE(r.errors.empty(), test::first_error(r.errors));
  BOOST_TEST(r.profile.transitions.size() == ProfileLimits::max_transitions);
  BOOST_TEST(r.profile.transitions.front().ts == 10);  // the oldest dropped
  BOOST_TEST(r.profile.transitions.back().ts == 29);
  BOOST_TEST(r.profile.recent_pages.size() == ProfileLimits::max_recent_pages);
  BOOST_TEST(r.profile.recent_page(0).path == "/p10");  // the oldest dropped
  BOOST_TEST(r.profile.recent_page(ProfileLimits::max_recent_pages - 1).path == "/p29");
  BOOST_TEST(r.profile.other_type_counts.size() == ProfileLimits::max_other_types);
}

BOOST_AUTO_TEST_CASE(known_needs_an_email_or_a_phone) {
  struct Case {
    const char* name;
    std::vector<std::pair<std::string, ContactValue>> contact;
    bool known;
  };
  auto text = [](const char* t) { return ContactValue{false, t, 0}; };
  auto number = [](double n) { return ContactValue{true, "", n}; };
  const Case cases[] = {
      {"nothing", {}, false},
      {"a name only", {{"name", text("Jane")}}, false},
      {"email", {{"email", text("jane@acme.com")}}, true},
      {"empty email", {{"email", text("")}}, false},
      {"phone", {{"phone", text("+84 90 123")}}, true},
      {"empty phone", {{"phone", text("")}}, false},
      {"phone as a number", {{"phone", number(84901234)}}, true},
      {"phone number zero", {{"phone", number(0)}}, true},
      {"email as a number", {{"email", number(1)}}, false},
      {"empty email, phone", {{"email", text("")}, {"phone", text("1")}}, true},
      {"Email (case matters)", {{"Email", text("jane@acme.com")}}, false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Profile p;
      p.contact = c.contact;
      BOOST_TEST(p.known() == c.known);
    }
  }
}

BOOST_AUTO_TEST_CASE(email_domain_is_derived_and_lower_cased) {
  struct Case {
    const char* email;
    const char* domain;  // nullptr: none
  };
  const Case cases[] = {
      {"Jane@ACME.com", "acme.com"},
      {"jane.doe@Sub.Example.CO.UK", "sub.example.co.uk"},
      {"\"a@b\"@Quoted.ORG", "quoted.org"},  // the part after the last '@'
      {"no-at-sign", nullptr},
      {"trailing@", nullptr},
      {"", nullptr},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.email) {
      Profile p;
      p.contact.emplace_back("email", ContactValue{false, c.email, 0});
      p.update_derived_contact();
      const ContactValue* d = p.contact_field("email_domain");
      if (!c.domain) {
        BOOST_TEST(!d);
      } else {
        BOOST_REQUIRE(d);
        BOOST_TEST(d->text == c.domain);
        BOOST_TEST(!d->is_number);
      }
    }
  }
  // Recomputed when the email changes or goes.
  Profile p;
  p.contact.emplace_back("email", ContactValue{false, "a@ONE.com", 0});
  p.update_derived_contact();
  p.contact[0].second.text = "a@two.com";
  p.update_derived_contact();
  BOOST_TEST(p.contact_field("email_domain")->text == "two.com");
  p.contact.clear();
  p.update_derived_contact();
  BOOST_TEST(!p.contact_field("email_domain"));
  // A number is no email.
  p.contact.emplace_back("email", ContactValue{true, "", 5});
  p.update_derived_contact();
  BOOST_TEST(!p.contact_field("email_domain"));
  BOOST_TEST(!p.contact_field("missing"));
}

BOOST_AUTO_TEST_CASE(fit_is_recomputed_after_loading) {
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  feed(*config, p, event("identify", T0, "", {{"email", "Boss@Acme.com"}, {"job_title", "VP Sales"}}));
  BOOST_TEST_REQUIRE(p.fit == 25);
  const std::string text = profile_to_json(*config, p);
  BOOST_TEST(!parse(text).contains("fit"));  // derived, never stored

  const ProfileResult r = load_profile(*config, parse(text), "x");
  BOOST_TEST_REQUIRE(r.errors.empty());
  BOOST_TEST(r.profile.fit == 25);
  const Standing s = standing_at(*config, r.profile, T0);
  BOOST_TEST(s.fit == 25);
  std::vector<std::string> rules;
  for (const BreakdownEntry& e : s.breakdown) rules.push_back(*e.rule);
  BOOST_TEST(rules == (std::vector<std::string>{"corp", "vp"}), boost::test_tools::per_element());

  // Under a config whose fit rules changed, the fit is what that config says.
  const auto other = test::compile_config(R"({"version": 1,
    "fit": [{"id": "vp", "field": "job_title", "starts_with": "VP", "points": 7},
            {"id": "gmail", "field": "email_domain", "eq": "gmail.com", "points": -20}]})");
  const ProfileResult o = load_profile(*other, parse(text), "x");
  BOOST_TEST_REQUIRE(o.errors.empty());
  BOOST_TEST(o.profile.fit == 7);
}

BOOST_AUTO_TEST_CASE(fresh_profile_has_the_configs_shape) {
  const auto config = test::compile_config(config_text);
  const Profile p = new_profile(*config, "new");
  BOOST_TEST(p.visitor_id == "new");
  BOOST_TEST(p.rules.size() == config->rules.size());
  BOOST_TEST(p.type_counts.size() == config->event_types.size());
  BOOST_TEST(p.events == 0u);
  BOOST_TEST(p.lifecycle == 0u);
  const json doc = parse(profile_to_json(*config, p));
  BOOST_TEST(doc["counts"].empty());
  BOOST_TEST(doc["rules"].empty());
  BOOST_TEST(doc["lifecycle"]["stage"] == "visitor");
  BOOST_TEST(!doc.contains("first_touch"));
  const ProfileResult r = load_profile(*config, doc, "other");
  BOOST_TEST(r.errors.empty());
  BOOST_TEST(r.profile.visitor_id == "new");
}

BOOST_AUTO_TEST_SUITE_END()
