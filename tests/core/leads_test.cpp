// Capturing leads: a valid form submit identifies the visitor and queues one
// payload per delivery target; a lifecycle move into a delivery stage that no
// form caused queues a stage_change payload; invalid and bot submits change
// nothing; a full queue is reported, never a silent drop.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "leadscore/gates.hpp"
#include "leadscore/leads.hpp"
#include "leadscore/standing.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;  // 2026-01-01
constexpr std::int64_t minute = 60000;

// Default lifecycle: lead when known, mql at 50 points, sql at 100.
const char* const config_text = R"({"version": 1,
  "rules": [
    {"id": "pricing", "event": "page_view", "path": "/pricing", "points": 30},
    {"id": "form", "event": "form_submit", "points": 10},
    {"id": "webinar", "event": "webinar_attend", "points": 40}
  ],
  "forms": [
    {"id": "ebook", "min_fill_seconds": 2,
     "fields": [
       {"name": "email", "type": "email", "label": "Email", "required": true},
       {"name": "name", "type": "text", "label": "Name"},
       {"name": "company", "type": "text", "label": "Company"},
       {"name": "seats", "type": "number", "label": "Seats", "min": 1},
       {"name": "newsletter", "type": "checkbox", "label": "News"}
     ],
     "consent": {"required": true, "text": {"en": "Email me the guide.", "vi": "Gửi tài liệu cho tôi qua email.",
                                            "th": "ส่งคู่มือให้ฉันทางอีเมล", "fa": "راهنما را برایم ایمیل کنید."}}},
    {"id": "demo", "min_fill_seconds": 0,
     "fields": [
       {"name": "email", "type": "email", "label": "Email", "required": true},
       {"name": "company", "type": "text", "label": "Company", "required": true}
     ]}
  ],
  "gates": [{"id": "replay", "unlock": {"form": "ebook"}}],
  "delivery": {"targets": [
    {"id": "inbox", "format": "json", "url": "/leads"},
    {"id": "hubspot", "format": "hubspot", "portal_id": "1234567", "form_guid": "g-1"}
  ]}
})";

using test::form_of;
using test::submit_of;

const PageInfo page{"https://example.com/guides/lead-scoring", "The lead scoring guide", "", "hutk-1"};

std::string stage_of(const Config& c, const Profile& p) { return c.stages[p.lifecycle].id; }

std::vector<std::string> queued_ids(const DeliveryQueue& q) {
  std::vector<std::string> out;
  for (const QueuedDelivery& d : q.items()) out.push_back(d.request.id);
  return out;
}

json body_of(const DeliveryQueue& q, const std::string& id) {
  for (const QueuedDelivery& d : q.items()) {
    if (d.request.id == id) return json::parse(d.request.body);
  }
  BOOST_FAIL("not queued: " << id);
  return json();
}

using Ids = std::vector<std::string>;

/// Events fed to one visitor, each followed by the stage-change capture the
/// widget makes after it (into `queue`, ids from `ids`, what `page` says).
struct StageFeed {
  const Config& config;
  Profile& profile;
  DeliveryQueue& queue;
  LeadIds& ids;
  const PageInfo& page;
  test::Feeder feed;
  Capture operator()(const json& e) {
    const Changes ch = feed(config, profile, e);
    BOOST_REQUIRE(ch.accepted);
    return capture_stage_changes(config, profile, ch, queue, ids, page, e["ts"].get<std::int64_t>());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(leads_test)

BOOST_AUTO_TEST_CASE(a_valid_submit_identifies_the_visitor_and_queues_one_payload_per_target) {
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v-1");
  test::Feeder feed;
  BOOST_REQUIRE(feed(*config, p, event("page_view", T0, "https://example.com/guides/lead-scoring")).accepted);
  const int replay = 0;
  BOOST_TEST((gate_status(*config, p, replay, "/webinars/replay") == GateStatus::locked));
  DeliveryQueue queue;
  LeadIds ids("page");
  const SubmitResult r = submit_form(
      *config, p, form_of(*config, "ebook"),
      submit_of({{"email", " ana@example.com "}, {"name", "Nguyễn Thị Ánh"}, {"company", "Công ty Ánh Dương"},
                 {"seats", "12"}, {"newsletter", "on"}},
                "vi-VN"),
      queue, ids, page, T0 + minute);
  BOOST_TEST((r.check.outcome == FormOutcome::ok));
  BOOST_TEST(r.check.errors.empty());
  BOOST_TEST(r.changes.accepted);
  BOOST_TEST(r.changes.contact);
  BOOST_TEST(r.changes.lifecycle);
  BOOST_TEST(stage_of(*config, p) == "lead");  // at least a lead: contact data known
  // Contact fields stored typed and trimmed.
  BOOST_REQUIRE(p.contact_field("email"));
  BOOST_TEST(p.contact_field("email")->text == "ana@example.com");
  BOOST_TEST(p.contact_field("name")->text == "Nguyễn Thị Ánh");
  BOOST_REQUIRE(p.contact_field("seats"));
  BOOST_TEST(p.contact_field("seats")->is_number);
  BOOST_TEST(p.contact_field("seats")->number == 12);
  BOOST_TEST(p.contact_field("newsletter")->text == "true");
  BOOST_TEST(p.contact_field("email_domain")->text == "example.com");
  // The form counts as submitted: the gate it unlocks opens, for good.
  BOOST_TEST(p.forms_submitted == Ids{"ebook"}, boost::test_tools::per_element());
  BOOST_TEST(r.changes.gates);
  BOOST_TEST((gate_status(*config, p, replay, "/webinars/replay") == GateStatus::unlocked));
  // The submit itself scored (the form rule).
  BOOST_TEST(standing_at(*config, p, T0 + minute).total == 10);

  // One payload, queued once per target before any send.
  BOOST_TEST(r.capture.payload_ids == Ids{"page-1"}, boost::test_tools::per_element());
  BOOST_TEST(r.capture.errors.empty());
  BOOST_TEST(queued_ids(queue) == (Ids{"page-1/inbox", "page-1/hubspot"}), boost::test_tools::per_element());
  for (const QueuedDelivery& d : queue.items()) {
    BOOST_TEST(d.created == T0 + minute);
    BOOST_TEST(d.next_attempt == T0 + minute);  // sent at once
  }
  const json payload = body_of(queue, "page-1/inbox");
  BOOST_TEST(validate_lead_payload(to_json_value(payload)).empty());
  BOOST_TEST(payload["id"] == "page-1");
  BOOST_TEST(payload["visitor_id"] == "v-1");
  BOOST_TEST(payload["reason"] == "form_submit");
  BOOST_TEST(payload["form"] == "ebook");
  BOOST_TEST(payload["stage"] == "lead");
  BOOST_TEST(payload["submitted_at"] == "2026-01-01T00:01:00.000Z");
  BOOST_TEST(payload["contact"]["seats"] == 12);  // a number, not "12"
  BOOST_TEST(payload["contact"]["company"] == "Công ty Ánh Dương");
  BOOST_TEST(payload["consent"] == json::parse(R"({"granted": true, "text": "Gửi tài liệu cho tôi qua email.",
                                                   "at": "2026-01-01T00:01:00.000Z"})"));
  BOOST_TEST(payload["page"]["url"] == "https://example.com/guides/lead-scoring");
  BOOST_TEST(!payload.contains("transition"));
  // HubSpot gets the consent text the visitor saw, in the visitor's language.
  const json hs = body_of(queue, "page-1/hubspot");
  BOOST_TEST(hs["legalConsentOptions"]["consent"]["text"] == "Gửi tài liệu cho tôi qua email.");
  BOOST_TEST(hs["legalConsentOptions"]["consent"]["consentToProcess"] == true);
  BOOST_TEST(hs["context"]["hutk"] == "hutk-1");
}

BOOST_AUTO_TEST_CASE(the_consent_text_is_the_one_shown_in_the_visitors_language) {
  const auto config = test::compile_config(config_text);
  const std::pair<const char*, const char*> cases[] = {
      {"en", "Email me the guide."},
      {"vi", "Gửi tài liệu cho tôi qua email."},
      {"th-TH", "ส่งคู่มือให้ฉันทางอีเมล"},
      {"fa", "راهنما را برایم ایمیل کنید."},
      {"de", "Email me the guide."},
  };
  for (const auto& [language, text] : cases) {
    BOOST_TEST_CONTEXT(language) {
      Profile p = new_profile(*config, "v");
      DeliveryQueue queue;
      LeadIds ids("x");
      const SubmitResult r = submit_form(*config, p, form_of(*config, "ebook"),
                                         submit_of({{"email", "a@example.com"}}, language), queue, ids, page, T0);
      BOOST_REQUIRE(r.check.outcome == FormOutcome::ok);
      BOOST_TEST(body_of(queue, "x-1/inbox")["consent"]["text"] == text);
      BOOST_TEST(body_of(queue, "x-1/hubspot")["legalConsentOptions"]["consent"]["text"] == text);
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_and_bot_submits_change_nothing) {
  const auto config = test::compile_config(config_text);
  const Form& ebook = form_of(*config, "ebook");
  struct Case {
    const char* name;
    FormSubmit submit;
    FormOutcome outcome;
    std::size_t errors;
  };
  const Case cases[] = {
      {"no email", submit_of({{"name", "Ánh"}}), FormOutcome::invalid, 1},
      {"a bad email and no consent", submit_of({{"email", "ana@"}}, "en", false), FormOutcome::invalid, 2},
      {"a seat count below 1", submit_of({{"email", "a@example.com"}, {"seats", "0"}}), FormOutcome::invalid, 1},
      {"honeypot filled", submit_of({{"email", "a@example.com"}}, "en", true, 5000, "http://x.example"),
       FormOutcome::spam, 0},
      {"sent in one second: asked to send again", submit_of({{"email", "a@example.com"}}, "en", true, 1000),
       FormOutcome::invalid, 1},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Profile p = new_profile(*config, "v-1");
      test::Feeder feed;
      BOOST_REQUIRE(feed(*config, p, event("page_view", T0, "https://example.com/pricing")).accepted);
      const std::string before = profile_to_json(*config, p);
      DeliveryQueue queue;
      LeadIds ids("page");
      const SubmitResult r = submit_form(*config, p, ebook, c.submit, queue, ids, page, T0 + minute);
      BOOST_TEST((r.check.outcome == c.outcome));
      BOOST_TEST(r.check.errors.size() == c.errors);
      BOOST_TEST(!r.changes.accepted);        // no form_submit event applied
      BOOST_TEST(profile_to_json(*config, p) == before);  // nothing stored, not even the event
      BOOST_TEST(r.capture.payload_ids.empty());
      BOOST_TEST(r.capture.errors.empty());
      BOOST_TEST(queue.items().empty());      // nothing sent
      // The next lead still gets the first id.
      BOOST_TEST(ids.next() == "page-1");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_submit_that_reaches_sql_sends_one_form_submit_payload) {
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v-1");
  test::Feeder feed;
  // 30 + 60 points while anonymous: no stage yet.
  BOOST_REQUIRE(feed(*config, p, event("page_view", T0, "https://example.com/pricing")).accepted);
  BOOST_REQUIRE(feed(*config, p, event("webinar_attend", T0 + minute)).accepted);
  BOOST_REQUIRE(feed(*config, p, event("webinar_attend", T0 + 2 * minute)).accepted);
  BOOST_TEST(stage_of(*config, p) == "visitor");
  DeliveryQueue queue;
  LeadIds ids("page");
  // The submit adds 10 and contact data: 120 points, known -> sql at once.
  const SubmitResult r = submit_form(*config, p, form_of(*config, "demo"),
                                     submit_of({{"email", "cto@acme.example"}, {"company", "Acme"}}), queue, ids,
                                     page, T0 + 3 * minute);
  BOOST_REQUIRE(r.check.outcome == FormOutcome::ok);
  BOOST_TEST(stage_of(*config, p) == "sql");
  BOOST_TEST(r.changes.lifecycle);
  BOOST_TEST(r.capture.payload_ids == Ids{"page-1"}, boost::test_tools::per_element());
  BOOST_TEST(queued_ids(queue) == (Ids{"page-1/inbox", "page-1/hubspot"}), boost::test_tools::per_element());
  const json payload = body_of(queue, "page-1/inbox");
  BOOST_TEST(payload["reason"] == "form_submit");
  BOOST_TEST(payload["stage"] == "sql");
  BOOST_TEST(payload["form"] == "demo");
  BOOST_TEST(!payload.contains("consent"));  // this form asks for none
  BOOST_TEST(!body_of(queue, "page-1/hubspot").contains("legalConsentOptions"));
}

BOOST_AUTO_TEST_CASE(reaching_mql_and_sql_queues_stage_change_payloads) {
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v-1");
  DeliveryQueue queue;
  LeadIds ids("page");
  StageFeed track{*config, p, queue, ids, page, {}};
  // Becoming a lead is not a delivery stage by default.
  Capture c = track(event("identify", T0, "", {{"email", "ana@example.com"}}));
  BOOST_TEST(stage_of(*config, p) == "lead");
  BOOST_TEST(c.payload_ids.empty());
  BOOST_TEST(queue.items().empty());
  // 30 points: nothing.
  c = track(event("page_view", T0 + minute, "https://example.com/pricing"));
  BOOST_TEST(c.payload_ids.empty());
  // 70 points: mql.
  c = track(event("webinar_attend", T0 + 2 * minute));
  BOOST_TEST(stage_of(*config, p) == "mql");
  BOOST_TEST(c.payload_ids == Ids{"v-1-mql"}, boost::test_tools::per_element());
  BOOST_TEST(c.errors.empty());
  BOOST_TEST(queued_ids(queue) == (Ids{"v-1-mql/inbox", "v-1-mql/hubspot"}), boost::test_tools::per_element());
  json payload = body_of(queue, "v-1-mql/inbox");
  BOOST_TEST(payload["reason"] == "stage_change");
  BOOST_TEST(payload["stage"] == "mql");
  BOOST_TEST(payload["transition"]["from"] == "lead");
  BOOST_TEST(payload["transition"]["to"] == "mql");
  BOOST_TEST(!payload.contains("form"));
  BOOST_TEST(!payload.contains("consent"));
  BOOST_TEST(validate_lead_payload(to_json_value(payload)).empty());
  // 80 points: still mql, nothing new.
  c = track(event("form_submit", T0 + 3 * minute, "", {{"form_id", "other"}}));
  BOOST_TEST(c.payload_ids.empty());
  // 120 points: sql.
  c = track(event("webinar_attend", T0 + 4 * minute));
  BOOST_TEST(stage_of(*config, p) == "sql");
  BOOST_TEST(c.payload_ids == Ids{"v-1-sql"}, boost::test_tools::per_element());
  payload = body_of(queue, "v-1-sql/inbox");
  BOOST_TEST(payload["transition"]["from"] == "mql");
  BOOST_TEST(payload["transition"]["to"] == "sql");
  BOOST_TEST(queue.items().size() == 4u);
  // Staying in sql sends nothing more.
  c = track(event("webinar_attend", T0 + 5 * minute));
  BOOST_TEST(c.payload_ids.empty());
  BOOST_TEST(queue.items().size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_stage_reached_before_consent_is_sent_once_the_visitor_consents) {
  // Consent pending: the visitor reaches MQL, in memory, and no lead is made
  // from that tracking. They consent on that page: the MQL lead is made
  // then, with all the profile knows (the lifecycle never goes back, so it
  // would otherwise never be sent).
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v-1");
  DeliveryQueue queue;
  LeadIds ids("page");
  PageInfo at{"https://example.com/pricing?utm_source=news", "Pricing", "https://www.google.com/", "hutk-1"};
  at.tracked = false;
  WithheldStages withheld;
  test::Feeder feed;
  const auto track = [&](const json& e) {
    const Changes ch = feed(*config, p, e);
    BOOST_REQUIRE(ch.accepted);
    return capture_stage_changes(*config, p, ch, queue, ids, at, e["ts"].get<std::int64_t>(), &withheld);
  };
  track(event("page_view", T0, "https://example.com/pricing?utm_source=news"));
  track(event("identify", T0 + minute, "", {{"email", "ana@example.com"}}));
  BOOST_TEST(track(event("webinar_attend", T0 + 2 * minute)).payloads.empty());
  BOOST_TEST(stage_of(*config, p) == "mql");
  BOOST_TEST(queue.items().empty());
  BOOST_TEST(withheld.stages == Ids{"mql"}, boost::test_tools::per_element());
  // Still no consent: still nothing.
  BOOST_TEST(release_withheld(*config, p, withheld, queue, ids, at, T0 + 3 * minute).payloads.empty());
  BOOST_TEST(withheld.stages.size() == 1u);

  at.tracked = true;  // consent given
  Capture c = release_withheld(*config, p, withheld, queue, ids, at, T0 + 4 * minute);
  BOOST_TEST(c.payload_ids == Ids{"v-1-mql"}, boost::test_tools::per_element());
  BOOST_TEST(withheld.stages.empty());
  const json mql = body_of(queue, "v-1-mql/inbox");
  BOOST_TEST(mql["reason"] == "stage_change");
  BOOST_TEST(mql["transition"]["to"] == "mql");
  BOOST_TEST(mql["transition"]["from"] == "lead");
  BOOST_TEST(mql["attribution"]["first"]["source"] == "news");  // tracked now: all it knows
  BOOST_TEST(body_of(queue, "v-1-mql/hubspot")["context"]["hutk"] == "hutk-1");
  // Once.
  BOOST_TEST(release_withheld(*config, p, withheld, queue, ids, at, T0 + 5 * minute).payloads.empty());
  BOOST_TEST(queue.items().size() == 2u);
  // Tracked from here: the next stage goes as it is reached.
  c = track(event("webinar_attend", T0 + 6 * minute));
  BOOST_TEST(c.payload_ids == Ids{"v-1-sql"}, boost::test_tools::per_element());
  BOOST_TEST(withheld.stages.empty());

  // Stages withheld for one visitor make no lead for another (one loaded since).
  Profile other = new_profile(*config, "v-2");
  at.tracked = false;
  test::Feeder feed2;
  for (const json& e : {event("identify", T0, "", {{"email", "bao@example.com"}}), event("webinar_attend", T0 + 1),
                        event("webinar_attend", T0 + 2)}) {
    capture_stage_changes(*config, other, feed2(*config, other, e), queue, ids, at, T0, &withheld);
  }
  BOOST_TEST(withheld.visitor_id == "v-2");
  BOOST_TEST(withheld.stages == Ids{"mql"}, boost::test_tools::per_element());
  at.tracked = true;
  BOOST_TEST(release_withheld(*config, p, withheld, queue, ids, at, T0 + 3).payloads.empty());
  BOOST_TEST(withheld.stages.empty());
}

BOOST_AUTO_TEST_CASE(two_tabs_that_see_the_same_stage_reached_make_one_lead) {
  // A stage change's lead is the visitor's reaching that stage, whichever tab
  // saw it: its id is the visitor's id and the stage's, so two tabs that
  // cross MQL at the same moment (before either hears of the other's
  // profile) queue the same lead, which their queues merge into one, and
  // receivers de-duplicate by id. A form's lead keeps the page's ids.
  const auto config = test::compile_config(config_text);
  Profile a = new_profile(*config, "3f6c2a9e-8b1d-4c7e-9f0a-1b2c3d4e5f60");
  DeliveryQueue qa, qb;
  LeadIds ids_a("tab-a"), ids_b("tab-b");
  StageFeed tab_a{*config, a, qa, ids_a, page, {}};
  tab_a(event("identify", T0, "", {{"email", "ana@example.com"}}));
  tab_a(event("page_view", T0 + minute, "https://example.com/pricing"));
  Profile b = a;  // the other tab took the stored profile over
  StageFeed tab_b{*config, b, qb, ids_b, page, {}};
  const Capture ca = tab_a(event("webinar_attend", T0 + 2 * minute));
  const Capture cb = tab_b(event("webinar_attend", T0 + 2 * minute + 1));
  BOOST_TEST(stage_of(*config, a) == "mql");
  BOOST_TEST(stage_of(*config, b) == "mql");
  const Ids mql{"3f6c2a9e-8b1d-4c7e-9f0a-1b2c3d4e5f60-mql"};
  BOOST_TEST(ca.payload_ids == mql, boost::test_tools::per_element());
  BOOST_TEST(cb.payload_ids == mql, boost::test_tools::per_element());
  qa.merge(qb);
  const Ids merged = queued_ids(qa);
  BOOST_TEST(std::set<std::string>(merged.begin(), merged.end()) ==
             (std::set<std::string>{mql[0] + "/inbox", mql[0] + "/hubspot"}), boost::test_tools::per_element());

  // Delivered by one tab: the other's copy does not bring it back.
  SendOutcome outcome;
  for (const std::string& id : queued_ids(qa)) {
    BOOST_TEST(qa.report(id, 200, T0 + 3 * minute, 0.5, config->delivery, outcome));
  }
  qb.merge(qa);
  BOOST_TEST(qb.items().empty());

  // Made again in a tab whose copy of the profile was older (it crossed
  // MQL again): not queued twice, nor again once delivered, and not a new
  // lead (on('lead') would announce it captured a second time).
  DeliveryQueue qc;
  LeadIds ids_c("tab-c");
  // A tab with a copy of the visitor's profile from before MQL crossing it at `ts`, into qc.
  const auto cross_again = [&](std::int64_t ts) {
    Profile copy = new_profile(*config, a.visitor_id);
    StageFeed tab{*config, copy, qc, ids_c, page, {}};
    tab(event("identify", T0, "", {{"email", "ana@example.com"}}));
    tab(event("page_view", T0 + minute, "https://example.com/pricing"));
    return tab(event("webinar_attend", ts));
  };
  cross_again(T0 + 2 * minute);
  BOOST_TEST(qc.items().size() == 2u);
  const Capture queued_already = cross_again(T0 + 3 * minute);
  BOOST_TEST(queued_already.payloads.empty());
  BOOST_TEST(queued_already.payload_ids.empty());
  BOOST_TEST(qc.items().size() == 2u);
  qc.merge(qa);  // the delivered marks
  BOOST_TEST(qc.items().empty());
  const Capture delivered_already = cross_again(T0 + 5 * minute);
  BOOST_TEST(delivered_already.payloads.empty());
  BOOST_TEST(delivered_already.payload_ids.empty());
  BOOST_TEST(qc.items().empty());

  // A visitor id a page gave that cannot stand in a payload id (characters
  // ids do not have, or too long): a hash of it, valid, the same in every tab.
  for (const std::string visitor : {std::string("crm:contact/4711 (ana@example.com)"), std::string(200, 'x')}) {
    BOOST_TEST_CONTEXT(visitor) {
      Ids made;
      for (int tab = 0; tab < 2; ++tab) {
        Profile v = new_profile(*config, visitor);
        DeliveryQueue q;
        LeadIds tab_ids("t");
        StageFeed feed{*config, v, q, tab_ids, page, {}};
        feed(event("identify", T0, "", {{"email", "ana@example.com"}}));
        feed(event("page_view", T0 + minute, "https://example.com/pricing"));
        const Capture cap = feed(event("webinar_attend", T0 + 2 * minute));
        BOOST_REQUIRE_EQUAL(cap.payload_ids.size(), 1u);
        made.push_back(cap.payload_ids[0]);
        BOOST_TEST(validate_lead_payload(to_json_value(body_of(q, made.back() + "/inbox"))).empty());
      }
      BOOST_TEST(made[0] == made[1]);
      BOOST_TEST(made[0].size() == 21u);  // "v", 16 hex digits, "-mql"
      BOOST_TEST(made[0].rfind("v", 0) == 0);
    }
  }

  // A form's lead: the page's own ids, one per submit.
  const SubmitResult r = submit_form(*config, b, form_of(*config, "demo"),
                                     submit_of({{"email", "ana@example.com"}, {"company", "Acme"}}), qb, ids_b,
                                     page, T0 + 4 * minute);
  BOOST_REQUIRE(r.check.outcome == FormOutcome::ok);
  BOOST_TEST(r.capture.payload_ids == Ids{"tab-b-1"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(without_consent_to_tracking_leads_say_only_what_the_visitor_sent) {
  // Consent refused (or not given yet where required), or Do Not Track: the
  // page still scores in memory, but no stage_change lead is made from that
  // tracking, and a form's lead carries what the visitor typed and the page,
  // not the attribution, activity, per-rule breakdown, referrer or HubSpot
  // tracking cookie.
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v-1");
  DeliveryQueue queue;
  LeadIds ids("page");
  PageInfo untracked{"https://example.com/pricing?utm_source=news&gclid=abc", "Pricing", "https://www.google.com/",
                     "hutk-1"};
  untracked.tracked = false;
  StageFeed track{*config, p, queue, ids, untracked, {}};
  track(event("page_view", T0, "https://example.com/pricing?utm_source=news&gclid=abc"));
  track(event("identify", T0 + minute, "", {{"email", "ana@example.com"}}));
  const Capture c = track(event("webinar_attend", T0 + 2 * minute));
  BOOST_TEST(stage_of(*config, p) == "mql");  // scored in memory, as the page's offers and gates need
  BOOST_TEST(c.payload_ids.empty());
  BOOST_TEST(c.payloads.empty());
  BOOST_TEST(queue.items().empty());

  const SubmitResult r = submit_form(*config, p, form_of(*config, "demo"),
                                     submit_of({{"email", "ana@example.com"}, {"company", "Acme"}}, "en"), queue,
                                     ids, untracked, T0 + 3 * minute);
  BOOST_TEST((r.check.outcome == FormOutcome::ok));
  BOOST_TEST(queued_ids(queue) == (Ids{"page-1/inbox", "page-1/hubspot"}), boost::test_tools::per_element());
  const json payload = body_of(queue, "page-1/inbox");
  BOOST_TEST(validate_lead_payload(to_json_value(payload)).empty());
  BOOST_TEST(payload["contact"]["company"] == "Acme");
  BOOST_TEST(payload["stage"] == "mql");
  BOOST_TEST(payload["score"]["total"] == 80);
  BOOST_TEST(!payload["score"].contains("breakdown"));
  BOOST_TEST(!payload.contains("attribution"));
  BOOST_TEST(!payload.contains("activity"));
  BOOST_TEST(payload["page"] == json::parse(R"({"url": "https://example.com/pricing", "title": "Pricing"})"));
  const json hs = body_of(queue, "page-1/hubspot");
  BOOST_TEST(!hs["context"].contains("hutk"));
  BOOST_TEST(hs["context"]["pageUri"] == "https://example.com/pricing");

  // Tracked again (consent given): the next stage change is sent, with all it knows.
  untracked.tracked = true;
  track(event("webinar_attend", T0 + 4 * minute));
  BOOST_TEST(stage_of(*config, p) == "sql");
  const json sql = body_of(queue, "v-1-sql/inbox");
  BOOST_TEST(sql["reason"] == "stage_change");
  BOOST_TEST(sql["attribution"]["first"]["source"] == "news");
  BOOST_TEST(sql["score"]["breakdown"].size() == 3u);  // pricing, webinar, form
  BOOST_TEST(sql["page"]["referrer"] == "https://www.google.com/");
}

BOOST_AUTO_TEST_CASE(a_jump_past_mql_sends_the_stage_reached) {
  const auto config = test::compile_config(config_text);
  Profile p = new_profile(*config, "v-1");
  test::Feeder feed;
  DeliveryQueue queue;
  LeadIds ids("j");
  BOOST_REQUIRE(feed(*config, p, event("page_view", T0, "https://example.com/pricing")).accepted);
  BOOST_REQUIRE(feed(*config, p, event("webinar_attend", T0 + 1)).accepted);
  BOOST_REQUIRE(feed(*config, p, event("webinar_attend", T0 + 2)).accepted);
  // 110 points when the email arrives: visitor -> sql in one move.
  const Changes ch = feed(*config, p, event("identify", T0 + 3, "", {{"email", "ana@example.com"}}));
  BOOST_REQUIRE(ch.accepted);
  BOOST_TEST(stage_of(*config, p) == "sql");
  const Capture c = capture_stage_changes(*config, p, ch, queue, ids, page, T0 + 3);
  BOOST_TEST(c.payload_ids == Ids{"v-1-sql"}, boost::test_tools::per_element());
  const json payload = body_of(queue, "v-1-sql/inbox");
  BOOST_TEST(payload["transition"]["from"] == "visitor");
  BOOST_TEST(payload["transition"]["to"] == "sql");
}

BOOST_AUTO_TEST_CASE(on_stage_and_reasons_choose_what_is_sent_where) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "webinar", "event": "webinar_attend", "points": 60}],
    "forms": [{"id": "demo", "min_fill_seconds": 0,
               "fields": [{"name": "email", "type": "email", "label": "Email", "required": true}]}],
    "delivery": {"on_stage": ["lead", "sql"], "targets": [
      {"id": "forms-only", "format": "json", "url": "/forms", "reasons": "form_submit"},
      {"id": "stages-only", "format": "json", "url": "/stages", "reasons": ["stage_change"]}
    ]}})");
  Profile p = new_profile(*config, "v-1");
  test::Feeder feed;
  DeliveryQueue queue;
  LeadIds ids("s");
  StageFeed track{*config, p, queue, ids, page, {}};
  // lead is in on_stage here.
  Capture c = track(event("identify", T0, "", {{"email", "ana@example.com"}}));
  BOOST_TEST(c.payload_ids == Ids{"v-1-lead"}, boost::test_tools::per_element());
  BOOST_TEST(queued_ids(queue) == Ids{"v-1-lead/stages-only"}, boost::test_tools::per_element());
  // mql is not.
  c = track(event("webinar_attend", T0 + 1));
  BOOST_TEST(stage_of(*config, p) == "mql");
  BOOST_TEST(c.payload_ids.empty());
  // sql is.
  c = track(event("webinar_attend", T0 + 2));
  BOOST_TEST(stage_of(*config, p) == "sql");
  BOOST_TEST(c.payload_ids == Ids{"v-1-sql"}, boost::test_tools::per_element());
  // A form submit goes to the form target only.
  const SubmitResult r = submit_form(*config, p, config->forms[0], submit_of({{"email", "ana@example.com"}}), queue,
                                     ids, page, T0 + 3);
  BOOST_TEST(r.capture.payload_ids == Ids{"s-1"}, boost::test_tools::per_element());
  BOOST_TEST(queued_ids(queue) == (Ids{"v-1-lead/stages-only", "v-1-sql/stages-only", "s-1/forms-only"}),
             boost::test_tools::per_element());

  // A move no target wants makes no payload and no error.
  const auto forms_only = test::compile_config(R"({"version": 1,
    "delivery": {"on_stage": ["lead"], "targets": [{"id": "f", "format": "json", "url": "/f", "reasons": "form_submit"}]}})");
  Profile q = new_profile(*forms_only, "v-2");
  DeliveryQueue q_queue;
  const Changes ch = feed(*forms_only, q, event("identify", T0, "", {{"email", "b@example.com"}}));
  const Capture none = capture_stage_changes(*forms_only, q, ch, q_queue, ids, page, T0);
  BOOST_TEST(none.payload_ids.empty());
  BOOST_TEST(none.errors.empty());
  BOOST_TEST(q_queue.items().empty());
}

BOOST_AUTO_TEST_CASE(a_move_past_a_delivery_stage_and_a_form_that_makes_one_reach_the_stage_targets) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "webinar", "event": "webinar_attend", "points": 40},
              {"id": "demo", "event": "demo_request", "points": 200},
              {"id": "sales", "event": "form_submit", "points": 60}],
    "forms": [{"id": "sales", "min_fill_seconds": 0,
               "fields": [{"name": "email", "type": "email", "label": "Email", "required": true}]}],
    "delivery": {"on_stage": ["mql"], "targets": [
      {"id": "all", "format": "json", "url": "/all"},
      {"id": "crm", "format": "json", "url": "/crm", "reasons": "stage_change"}
    ]}})");
  LeadIds ids("s");
  // Straight past MQL to SQL (a demo request of 200 points): MQL was passed, so
  // it is handed over, with the move it was.
  Profile p = new_profile(*config, "v-1");
  DeliveryQueue queue;
  StageFeed track{*config, p, queue, ids, page, {}};
  track(event("identify", T0, "", {{"email", "ana@example.com"}}));
  const Capture c = track(event("demo_request", T0 + 1));
  BOOST_TEST(stage_of(*config, p) == "sql");
  BOOST_TEST(c.payload_ids == Ids{"v-1-sql"}, boost::test_tools::per_element());
  BOOST_TEST(body_of(queue, "v-1-sql/crm")["transition"]["from"] == "lead");
  BOOST_TEST(queued_ids(queue).size() == 2u);  // all and crm

  // A form submit that makes the visitor an MQL: the form's lead for the
  // target taking both, and the stage's lead for the one taking stage changes
  // alone (it heard nothing before).
  Profile f = new_profile(*config, "v-2");
  DeliveryQueue fq;
  StageFeed known{*config, f, fq, ids, page, {}};
  known(event("identify", T0, "", {{"email", "bao@example.com"}}));
  const SubmitResult r = submit_form(*config, f, config->forms[0], submit_of({{"email", "bao@example.com"}}), fq, ids,
                                     page, T0 + 1);
  BOOST_TEST(stage_of(*config, f) == "mql");
  BOOST_TEST(r.capture.payload_ids == (Ids{"s-1", "v-2-mql"}), boost::test_tools::per_element());
  BOOST_TEST(queued_ids(fq) == (Ids{"s-1/all", "v-2-mql/crm"}), boost::test_tools::per_element());
  BOOST_TEST(body_of(fq, "v-2-mql/crm")["reason"] == "stage_change");
  // Sent again (no new stage): the form's lead only.
  const SubmitResult again = submit_form(*config, f, config->forms[0], submit_of({{"email", "bao@example.com"}}), fq,
                                         ids, page, T0 + 2);
  BOOST_TEST(again.capture.payload_ids == Ids{"s-2"}, boost::test_tools::per_element());

  // With no target that takes stage changes alone: the form's lead says it all.
  const auto both = test::compile_config(R"({"version": 1,
    "rules": [{"id": "sales", "event": "form_submit", "points": 60}],
    "forms": [{"id": "sales", "min_fill_seconds": 0,
               "fields": [{"name": "email", "type": "email", "label": "Email", "required": true}]}],
    "delivery": {"targets": [{"id": "all", "format": "json", "url": "/all"}]}})");
  Profile b = new_profile(*both, "v-3");
  DeliveryQueue bq;
  const SubmitResult one = submit_form(*both, b, both->forms[0], submit_of({{"email", "chi@example.com"}}), bq, ids,
                                       page, T0);
  BOOST_TEST(stage_of(*both, b) == "mql");
  BOOST_TEST(one.capture.payloads.size() == 1u);
  BOOST_TEST(queued_ids(bq) == Ids{one.capture.payload_ids.at(0) + "/all"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_stage_lead_no_target_wants_is_made_once_across_tabs) {
  // No delivery target (a page that sends leads itself, from on('lead')): the
  // stage's lead is still made, once. A tab whose copy of the profile was
  // older, crossing MQL again after the stored queue told it of the first,
  // makes no new lead (on('lead') would announce it captured twice).
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "pricing", "event": "page_view", "path": "/pricing", "points": 30},
              {"id": "webinar", "event": "webinar_attend", "points": 40}]})");
  const auto cross = [&](DeliveryQueue& q, LeadIds& ids, std::int64_t ts) {
    Profile copy = new_profile(*config, "v-7");
    StageFeed tab{*config, copy, q, ids, page, {}};
    tab(event("identify", T0, "", {{"email", "ana@example.com"}}));
    tab(event("page_view", T0 + minute, "https://example.com/pricing"));
    return tab(event("webinar_attend", ts));
  };
  DeliveryQueue qa, qb;
  LeadIds ids_a("tab-a"), ids_b("tab-b");
  const Capture first = cross(qa, ids_a, T0 + 2 * minute);
  BOOST_REQUIRE_EQUAL(first.payloads.size(), 1u);  // on_stage: mql and sql by default
  BOOST_TEST(first.payloads[0].find("id")->as_string() == "v-7-mql");
  BOOST_TEST(first.payload_ids.empty());  // nothing to send
  BOOST_TEST(qa.items().empty());
  BOOST_TEST(cross(qa, ids_a, T0 + 3 * minute).payloads.empty());  // this tab, again
  qb.merge(qa);  // the other tab hears of the stored queue
  BOOST_TEST(cross(qb, ids_b, T0 + 4 * minute).payloads.empty());
  // Remembered in the stored queue, read back by the next page.
  Errors errors;
  DeliveryQueue read = DeliveryQueue::from_json(to_json_value(json::parse(qa.to_json())), errors);
  BOOST_TEST(errors.empty());
  LeadIds ids_c("tab-c");
  BOOST_TEST(cross(read, ids_c, T0 + 5 * minute).payloads.empty());
}

BOOST_AUTO_TEST_CASE(lead_ids_are_unique_and_valid_payload_ids) {
  LeadIds a("3f6c2a9e-8b1d-4c7e-9f0a-1b2c3d4e5f60");
  LeadIds b("7d1e0b4a-2c3f-4a5b-8c9d-0e1f2a3b4c5d");
  BOOST_TEST(a.next() == "3f6c2a9e-8b1d-4c7e-9f0a-1b2c3d4e5f60-1");
  BOOST_TEST(a.next() == "3f6c2a9e-8b1d-4c7e-9f0a-1b2c3d4e5f60-2");
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) {
    seen.insert(a.next());
    seen.insert(b.next());
  }
  BOOST_TEST(seen.size() == 40000u);  // none repeats, within a page or across two
  BOOST_TEST(LeadIds().next() == "lead-1");
  // Receivers accept them as ids.
  const auto config = test::compile_config(R"({"version": 1})");
  LeadContext c;
  c.id = a.next();
  c.now = T0;
  BOOST_TEST(validate_lead_payload(build_lead_payload(*config, new_profile(*config, "v"), c)).empty());
}

BOOST_AUTO_TEST_CASE(a_full_queue_is_reported_never_silent) {
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "webinar", "event": "webinar_attend", "points": 60}],
    "forms": [{"id": "demo", "min_fill_seconds": 0,
               "fields": [{"name": "email", "type": "email", "label": "Email", "required": true}]}],
    "delivery": {"queue": {"max_items": 3}, "targets": [
      {"id": "a", "format": "json", "url": "/a"}, {"id": "b", "format": "json", "url": "/b"}]}})");
  Profile p = new_profile(*config, "v-1");
  DeliveryQueue queue;
  LeadIds ids("q");
  const Form& demo = config->forms[0];
  // The first submit fills two of three places.
  SubmitResult r = submit_form(*config, p, demo, submit_of({{"email", "ana@example.com"}}), queue, ids, page, T0);
  BOOST_TEST(r.capture.errors.empty());
  BOOST_TEST(queue.items().size() == 2u);
  // The second needs two more: refused whole, and said to the site owner
  // (capture.errors) and to the visitor (outcome unsent, a message in their
  // language instead of a thank-you), with nothing of the submit kept, so
  // that sending it again later is a clean first submit.
  const Profile before = p;
  r = submit_form(*config, p, demo, submit_of({{"email", "bao@example.com"}}, "vi"), queue, ids, page, T0 + 1);
  BOOST_TEST((r.check.outcome == FormOutcome::unsent));
  BOOST_REQUIRE_EQUAL(r.check.errors.size(), 1u);
  BOOST_TEST(r.check.errors[0].field == "");
  BOOST_TEST(r.check.errors[0].code == "queue_full");
  BOOST_TEST(r.check.errors[0].message == "Rất tiếc, hiện chưa thể gửi thông tin của bạn. Vui lòng thử lại sau vài phút.");
  BOOST_TEST(!r.changes.accepted);
  BOOST_TEST(r.capture.payload_ids.empty());
  BOOST_TEST(r.capture.payloads.empty());  // not a captured lead: the visitor sends it again
  BOOST_REQUIRE_EQUAL(r.capture.errors.size(), 1u);
  BOOST_TEST(r.capture.errors[0].id == "leadscore.delivery.queue_full");
  BOOST_TEST(r.capture.errors[0].message.find("(lead q-2)") != std::string::npos, r.capture.errors[0].message);
  BOOST_TEST(queue.items().size() == 2u);  // nothing half-queued
  BOOST_TEST(p.contact_field("email")->text == "ana@example.com");  // the refused submit left no trace
  BOOST_TEST(profile_to_json(*config, p) == profile_to_json(*config, before));
  BOOST_TEST(queue_full_message("fa-IR") == "متأسفیم، اطلاعات شما هم‌اکنون فرستاده نشد. لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.");
  BOOST_TEST(queue_full_message("th") == "ขออภัย ไม่สามารถส่งข้อมูลของคุณได้ในขณะนี้ กรุณาลองใหม่อีกครั้งในอีกสักครู่");
  BOOST_TEST(queue_full_message("") == "Sorry, your details could not be sent just now. Please try again in a few minutes.");
  // A stage change into the full queue is queued all the same, past the
  // limit: nobody can send it again, and there is at most one per stage.
  test::Feeder feed;
  const Changes ch = feed(*config, p, event("webinar_attend", T0 + 2));
  BOOST_REQUIRE(ch.lifecycle);
  const Capture c = capture_stage_changes(*config, p, ch, queue, ids, page, T0 + 2);
  BOOST_TEST(c.errors.empty());
  BOOST_TEST(c.payload_ids == Ids{"v-1-mql"}, boost::test_tools::per_element());
  BOOST_TEST(queue.items().size() == 4u);
  // Form submits still wait until the queue is back under its limits.
  r = submit_form(*config, p, demo, submit_of({{"email", "ana@example.com"}}), queue, ids, page, T0 + 3);
  BOOST_TEST((r.check.outcome == FormOutcome::unsent));
  // Once delivered, there is room again.
  SendOutcome outcome;
  for (const char* id : {"q-1/a", "q-1/b", "v-1-mql/a"}) {
    BOOST_REQUIRE(queue.report(id, 200, T0 + 4, 0, config->delivery, outcome));
  }
  r = submit_form(*config, p, demo, submit_of({{"email", "ana@example.com"}}), queue, ids, page, T0 + 5);
  BOOST_TEST(r.capture.payload_ids == Ids{"q-4"}, boost::test_tools::per_element());
}

// A visitor holds at most 40 contact fields. A submit into a full profile is
// still taken and sent: older fields make room for the answers (the lead
// carries what the visitor just said), and the visitor reads the thank-you.
BOOST_AUTO_TEST_CASE(a_submit_into_a_full_profile_is_kept_and_sent) {
  const auto config = test::compile_config(R"({"version": 1, "forms": [{"id": "f", "min_fill_seconds": 0,
    "fields": [{"name": "email", "type": "email", "label": "Email", "required": true},
               {"name": "company", "type": "text", "label": "Company", "required": true}]}],
    "delivery": {"targets": [{"id": "a", "format": "json", "url": "/a"}]}})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  json known = json::object();
  for (int i = 0; i < 40; ++i) known["f" + std::to_string(10 + i)] = "x";
  BOOST_REQUIRE(feed(*config, p, event("identify", T0, "", known)).accepted);
  BOOST_REQUIRE_EQUAL(p.contact.size(), 40u);
  DeliveryQueue queue;
  LeadIds ids("c");
  const SubmitResult r = submit_form(*config, p, config->forms[0],
                                     submit_of({{"email", "a@example.com"}, {"company", "Acme"}}, "vi"), queue, ids,
                                     page, T0 + minute);
  BOOST_TEST((r.check.outcome == FormOutcome::ok));
  BOOST_TEST(r.check.errors.empty());
  BOOST_TEST(r.changes.accepted);
  BOOST_TEST(r.capture.errors.empty());
  BOOST_REQUIRE_EQUAL(r.capture.payloads.size(), 1u);
  const JsonValue* contact = r.capture.payloads[0].find("contact");
  BOOST_REQUIRE(contact);
  BOOST_TEST(contact->find("email")->as_string() == "a@example.com");
  BOOST_TEST(contact->find("company")->as_string() == "Acme");
  BOOST_TEST(queue.items().size() == 1u);
  BOOST_TEST(p.contact.size() == 40u);
  BOOST_TEST(!p.contact_field("f10"));  // the two oldest made room
  BOOST_TEST(!p.contact_field("f11"));
  BOOST_TEST(p.contact_field("f12"));
}

BOOST_AUTO_TEST_CASE(a_huge_answer_is_said_next_to_the_field_not_lost) {
  // 400 Thai letters fit the field's 1000 characters but not the 1000 bytes a
  // profile keeps per value: the visitor is told, instead of a thank-you for
  // a lead that was never stored or sent.
  const auto config = test::compile_config(R"({"version": 1, "forms": [{"id": "f", "min_fill_seconds": 0,
    "fields": [{"name": "email", "type": "email", "label": "Email", "required": true},
               {"name": "message", "type": "textarea", "label": "Message"}]}],
    "delivery": {"targets": [{"id": "a", "format": "json", "url": "/a"}]}})");
  Profile p = new_profile(*config, "v");
  DeliveryQueue queue;
  LeadIds ids("h");
  std::string thai;
  for (int i = 0; i < 400; ++i) thai += "ก";
  const SubmitResult r = submit_form(*config, p, config->forms[0],
                                     submit_of({{"email", "a@example.com"}, {"message", thai}}, "th"), queue, ids,
                                     page, T0);
  BOOST_TEST((r.check.outcome == FormOutcome::invalid));
  BOOST_REQUIRE_EQUAL(r.check.errors.size(), 1u);
  BOOST_TEST(r.check.errors[0].field == "message");
  BOOST_TEST(r.check.errors[0].code == "too_long");
  BOOST_TEST(r.check.errors[0].message == "กรุณากรอกไม่เกิน 333 ตัวอักษร");
  BOOST_TEST(queue.items().empty());
  BOOST_TEST(p.contact.empty());
}

BOOST_AUTO_TEST_SUITE_END()
