// Delivery: the exact requests each target format makes for one lead payload
// (what the receiver sees), and the queue that makes delivery at-least-once:
// limits, leases between tabs, retries with backoff and jitter, and a stored
// form that is read back exactly or refused whole. Time and jitter are always
// arguments.
//
// The vendor shapes rest on the vendors' documentation:
// - HubSpot "Submit data to a form (unauthenticated)", Forms API v3
//   (developers.hubspot.com/docs/api-reference/legacy/forms-v3-legacy/
//   post-submissions-v3-integration-submit-portalId-formGuid, and
//   legacydocs.hubspot.com/docs/methods/forms/submit_form): POST JSON to
//   https://api.hsforms.com/submissions/v3/integration/submit/{portalId}/{formGuid};
//   body {submittedAt: "<ms timestamp>" (a string), fields: [{objectTypeId,
//   name, value: "<string>"}], context: {hutk, pageUri, pageName, ...},
//   legalConsentOptions: {consent: {consentToProcess, text, communications:
//   [{value, subscriptionTypeId (integer), text}]}}}; accepts CORS requests.
//   "0-1" is the contact object type id.
// - Salesforce Web-to-Lead (the HTML Setup generates): a form POST to
//   https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8 with
//   hidden oid (the org id), lead fields by API name (first_name, last_name,
//   email, company, title, phone, lead_source), custom fields by their 00N...
//   id; last_name and company are required; the servlet answers with a
//   redirect and no CORS headers (hence no-cors, and a beacon is fine).
// - Mautic form submit (its form builder's HTML, FormBundle
//   Views/Builder/form.html.twig and Field/field_helper.php): POST to
//   {mautic}/form/submit?formId=N with hidden mauticform[formId],
//   mauticform[return] (empty), mauticform[formName] (the form's alias), and
//   each field as mauticform[<field alias>]; core contact aliases are email,
//   firstname, lastname, company, phone, position.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "leadscore/delivery.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/payload.hpp"
#include "leadscore/url.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr std::int64_t minute = 60000;
constexpr std::int64_t submitted = T0 + 2 * minute;  // 1767225720000

const char* const targets_config = R"({"version": 1,
  "rules": [{"id": "pricing", "event": "page_view", "path": "/pricing", "points": 30}],
  "delivery": {"targets": [
    {"id": "inbox", "format": "json", "url": "/leads"},
    {"id": "crm-hook", "format": "json", "url": "https://hooks.example.com/leads",
     "headers": {"Authorization": "Bearer 1234", "X-Source": "leadscore"}},
    {"id": "sheet", "format": "form", "url": "https://forms.example.com/in"},
    {"id": "hubspot", "format": "hubspot", "portal_id": "1234567",
     "form_guid": "0b5c1a6e-3a2f-4d3c-9c1e-2b7d6f0e9a11", "subscription_type_id": 999},
    {"id": "salesforce", "format": "salesforce", "oid": "00D5g000004ZbKE",
     "fields": {"company_size": "00N5g00000Hq2Xz"}},
    {"id": "mautic", "format": "mautic", "url": "https://mautic.example.com/", "form_id": 3, "form_name": "ebookform"}
  ]}})";

// A visitor scored through the real event path: a campaign visit to pricing,
// then contact data.
Profile scored_visitor(const Config& config, const json& contact) {
  Profile p = new_profile(config, "v-42");
  test::Feeder feed;
  BOOST_REQUIRE(feed(config, p, event("page_view", T0,
                                      "https://example.com/pricing?utm_source=newsletter&utm_medium=email"))
                    .accepted);
  BOOST_REQUIRE(feed(config, p, event("identify", T0 + minute, "", contact)).accepted);
  return p;
}

const json ana = {{"email", "ana@example.com"},
                  {"name", "Nguyễn Thị Ánh"},
                  {"company", "Công ty TNHH Ánh Dương"},
                  {"job_title", "Giám đốc"},
                  {"phone", "+84 912 345 678"},
                  {"company_size", "201-1000"}};

PageInfo page_info() { return PageInfo{"https://example.com/pricing", "Pricing — Acme", "https://www.google.com/", "hutk-abc123"}; }

JsonValue payload_of(const Config& config, const Profile& p, LeadReason reason = LeadReason::form_submit,
                     bool consent_asked = true, bool consent_granted = true) {
  LeadContext c;
  c.id = "lead-1";
  c.reason = reason;
  c.now = submitted;
  if (reason == LeadReason::form_submit) c.form = "ebook";
  c.page = page_info();
  c.consent = ConsentInfo{consent_asked, consent_granted, consent_asked ? "Email me the guide." : "", submitted};
  return build_lead_payload(config, p, c);
}

RequestPage request_page(bool consent_asked = true, bool consent_granted = true) {
  return RequestPage{"https://example.com/pricing", "Pricing — Acme", "hutk-abc123", consent_asked, consent_granted,
                     consent_asked ? "Email me the guide." : ""};
}

const DeliveryRequest& request_for(const std::vector<DeliveryRequest>& all, const std::string& target) {
  for (const DeliveryRequest& r : all) {
    if (r.target == target) return r;
  }
  BOOST_FAIL("no request for " << target);
  return all.front();
}

using Lines = std::vector<std::string>;

// A form-urlencoded body as readable "name=value" lines.
Lines decoded(const std::string& body) {
  Lines out;
  std::size_t at = 0;
  while (at <= body.size()) {
    const std::size_t amp = std::min(body.find('&', at), body.size());
    const std::string pair = body.substr(at, amp - at);
    const std::size_t eq = pair.find('=');
    out.push_back(percent_decode(pair.substr(0, eq), true) + "=" +
                  (eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1), true)));
    at = amp + 1;
  }
  return out;
}

// Headers as "name: value" lines.
Lines lines(const Pairs& pairs) {
  Lines out;
  for (const auto& [name, value] : pairs) out.push_back(name + ": " + value);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(delivery_test)

BOOST_AUTO_TEST_CASE(one_request_per_target_in_config_order) {
  const auto config = test::compile_config(targets_config);
  const JsonValue payload = payload_of(*config, scored_visitor(*config, ana));
  const std::vector<DeliveryRequest> all = delivery_requests(*config, payload, request_page());
  std::vector<std::string> ids;
  for (const DeliveryRequest& r : all) ids.push_back(r.id);
  // The queue id is the payload id (the receivers' idempotency key) and the target.
  BOOST_TEST(ids == (std::vector<std::string>{"lead-1/inbox", "lead-1/crm-hook", "lead-1/sheet", "lead-1/hubspot",
                                              "lead-1/salesforce", "lead-1/mautic"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(json_webhook) {
  const auto config = test::compile_config(targets_config);
  const JsonValue payload = payload_of(*config, scored_visitor(*config, ana));
  const auto all = delivery_requests(*config, payload, request_page());
  const DeliveryRequest& inbox = request_for(all, "inbox");
  BOOST_TEST(inbox.url == "/leads");
  BOOST_TEST(inbox.content_type == "application/json");
  BOOST_TEST(inbox.headers.empty());
  BOOST_TEST(inbox.body == to_json(payload));
  BOOST_TEST(inbox.cors);
  BOOST_TEST(!inbox.beacon);  // application/json is not a type sendBeacon may send cross-site
  const DeliveryRequest& hook = request_for(all, "crm-hook");
  BOOST_TEST(hook.url == "https://hooks.example.com/leads");
  BOOST_TEST(hook.content_type == "application/json");
  BOOST_TEST(lines(hook.headers) == (Lines{"Authorization: Bearer 1234", "X-Source: leadscore"}),
             boost::test_tools::per_element());
  BOOST_TEST(hook.body == to_json(payload));
  // The body is a valid leadscore.lead/v1 payload with what the visitor did and gave.
  const json body = json::parse(hook.body);
  BOOST_TEST(validate_lead_payload(to_json_value(body)).empty());
  BOOST_TEST(body["schema"] == "leadscore.lead/v1");
  BOOST_TEST(body["id"] == "lead-1");
  BOOST_TEST(body["visitor_id"] == "v-42");
  BOOST_TEST(body["reason"] == "form_submit");
  BOOST_TEST(body["submitted_at"] == "2026-01-01T00:02:00.000Z");
  BOOST_TEST(body["contact"]["name"] == "Nguyễn Thị Ánh");
  BOOST_TEST(body["score"]["total"] == 30);
  BOOST_TEST(body["attribution"]["first"]["source"] == "newsletter");
  BOOST_TEST(body["consent"]["text"] == "Email me the guide.");
  BOOST_TEST(body["page"]["title"] == "Pricing — Acme");
}

BOOST_AUTO_TEST_CASE(form_urlencoded_webhook) {
  const auto config = test::compile_config(targets_config);
  const JsonValue payload = payload_of(*config, scored_visitor(*config, ana));
  const auto all = delivery_requests(*config, payload, request_page());
  const DeliveryRequest& sheet = request_for(all, "sheet");
  BOOST_TEST(sheet.url == "https://forms.example.com/in");
  BOOST_TEST(sheet.content_type == "application/x-www-form-urlencoded");
  BOOST_TEST(sheet.body == to_form_urlencoded(payload));
  BOOST_TEST(sheet.body.rfind("schema=leadscore.lead%2Fv1&id=lead-1&visitor_id=v-42&reason=form_submit&"
                              "submitted_at=2026-01-01T00%3A02%3A00.000Z&form=ebook&"
                              "contact%5Bemail%5D=ana%40example.com&contact%5Bname%5D=Nguy%E1%BB%85n+Th%E1%BB%8B+%C3%81nh&",
                              0) == 0u,
             sheet.body.substr(0, 300));
  BOOST_TEST(sheet.cors);
  BOOST_TEST(sheet.beacon);  // a safelisted type and no custom headers: sendBeacon can flush it on page hide
  // The receiver reads the same payload back.
  const JsonValue back = lead_payload_from_form(sheet.body);
  BOOST_TEST(validate_lead_payload(back).empty());
  BOOST_TEST(to_json(back) == to_json(payload));

  // Custom headers rule out a beacon.
  const auto with_headers = test::compile_config(R"({"version": 1, "delivery": {"targets": [
    {"id": "f", "format": "form", "url": "/in", "headers": {"X-Key": "k"}}]}})");
  const auto r = delivery_requests(*with_headers, payload, request_page());
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  BOOST_TEST(!r[0].beacon);
  BOOST_TEST(lines(r[0].headers) == Lines{"X-Key: k"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hubspot_forms_api_v3) {
  const auto config = test::compile_config(targets_config);
  const JsonValue payload = payload_of(*config, scored_visitor(*config, ana));
  const auto all = delivery_requests(*config, payload, request_page());
  const DeliveryRequest& hs = request_for(all, "hubspot");
  BOOST_TEST(hs.url ==
             "https://api.hsforms.com/submissions/v3/integration/submit/1234567/0b5c1a6e-3a2f-4d3c-9c1e-2b7d6f0e9a11");
  BOOST_TEST(hs.content_type == "application/json");
  BOOST_TEST(hs.headers.empty());
  BOOST_TEST(hs.cors);     // the unauthenticated v3 endpoint answers CORS
  BOOST_TEST(!hs.beacon);  // JSON
  // submittedAt: a millisecond timestamp, as a string; values are strings;
  // a single "name" is split into firstname and lastname.
  BOOST_TEST(hs.body ==
             R"({"submittedAt":"1767225720000","fields":[)"
             R"({"objectTypeId":"0-1","name":"email","value":"ana@example.com"},)"
             R"({"objectTypeId":"0-1","name":"firstname","value":"Nguyễn Thị"},)"
             R"({"objectTypeId":"0-1","name":"lastname","value":"Ánh"},)"
             R"({"objectTypeId":"0-1","name":"company","value":"Công ty TNHH Ánh Dương"},)"
             R"({"objectTypeId":"0-1","name":"phone","value":"+84 912 345 678"},)"
             R"({"objectTypeId":"0-1","name":"jobtitle","value":"Giám đốc"}],)"
             R"("context":{"pageUri":"https://example.com/pricing","pageName":"Pricing — Acme","hutk":"hutk-abc123"},)"
             R"("legalConsentOptions":{"consent":{"consentToProcess":true,"text":"Email me the guide.",)"
             R"("communications":[{"value":true,"subscriptionTypeId":999,"text":"Email me the guide."}]}}})");

  // Consent asked and refused: HubSpot is told so.
  const auto refusing = delivery_requests(
      *config, payload_of(*config, scored_visitor(*config, ana), LeadReason::form_submit, true, false),
      request_page(true, false));
  const DeliveryRequest& refused = request_for(refusing, "hubspot");
  const json body = json::parse(refused.body);
  BOOST_TEST(body["legalConsentOptions"] ==
             json::parse(R"({"consent":{"consentToProcess":false,"text":"Email me the guide.",
                              "communications":[{"value":false,"subscriptionTypeId":999,"text":"Email me the guide."}]}})"));

  // No consent asked (a stage change), nothing known of the page: no legalConsentOptions, an empty context.
  const auto plain = test::compile_config(R"({"version": 1, "delivery": {"targets": [
    {"id": "hs", "format": "hubspot", "portal_id": "42", "form_guid": "g-1"}]}})");
  const JsonValue stage_payload =
      payload_of(*plain, scored_visitor(*plain, {{"email", "ana@example.com"}, {"first_name", "Ana"}}),
                 LeadReason::stage_change, false);
  const auto r = delivery_requests(*plain, stage_payload, RequestPage{});
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  BOOST_TEST(r[0].url == "https://api.hsforms.com/submissions/v3/integration/submit/42/g-1");
  BOOST_TEST(r[0].body ==
             R"({"submittedAt":"1767225720000","fields":[)"
             R"({"objectTypeId":"0-1","name":"email","value":"ana@example.com"},)"
             R"({"objectTypeId":"0-1","name":"firstname","value":"Ana"}],"context":{}})");
}

BOOST_AUTO_TEST_CASE(salesforce_web_to_lead) {
  const auto config = test::compile_config(targets_config);
  const JsonValue payload = payload_of(*config, scored_visitor(*config, ana));
  const auto all = delivery_requests(*config, payload, request_page());
  const DeliveryRequest& sf = request_for(all, "salesforce");
  BOOST_TEST(sf.url == "https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8");
  BOOST_TEST(sf.content_type == "application/x-www-form-urlencoded");
  BOOST_TEST(sf.headers.empty());
  BOOST_TEST(!sf.cors);   // no CORS answer: sent no-cors
  BOOST_TEST(sf.beacon);  // a plain form post can go with sendBeacon
  BOOST_TEST(sf.body ==
             "oid=00D5g000004ZbKE&lead_source=Web&email=ana%40example.com&first_name=Nguy%E1%BB%85n+Th%E1%BB%8B&"
             "last_name=%C3%81nh&company=C%C3%B4ng+ty+TNHH+%C3%81nh+D%C6%B0%C6%A1ng&phone=%2B84+912+345+678&"
             "title=Gi%C3%A1m+%C4%91%E1%BB%91c&00N5g00000Hq2Xz=201-1000");
  // The same, readable: the custom field mapping adds to the standard fields.
  BOOST_TEST(decoded(sf.body) == (Lines{"oid=00D5g000004ZbKE", "lead_source=Web", "email=ana@example.com", "first_name=Nguyễn Thị", "last_name=Ánh", "company=Công ty TNHH Ánh Dương", "phone=+84 912 345 678", "title=Giám đốc", "00N5g00000Hq2Xz=201-1000"}),
             boost::test_tools::per_element());

  // Another URL and lead source.
  const auto custom = test::compile_config(R"({"version": 1, "delivery": {"targets": [
    {"id": "sf", "format": "salesforce", "oid": "00Dxx0000001gPL", "lead_source": "Partner Referral",
     "url": "https://test.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8"}]}})");
  const auto r = delivery_requests(*custom, payload, request_page());
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  BOOST_TEST(r[0].url == "https://test.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8");
  BOOST_TEST(r[0].body.rfind("oid=00Dxx0000001gPL&lead_source=Partner+Referral&email=", 0) == 0u, r[0].body);
}

BOOST_AUTO_TEST_CASE(a_single_name_is_split_into_first_and_last) {
  const auto config = test::compile_config(R"({"version": 1, "delivery": {"targets": [
    {"id": "sf", "format": "salesforce", "oid": "00D"}]}})");
  struct Case {
    json contact;
    const char* first;  // "" when not sent
    const char* last;
  };
  const Case cases[] = {
      {{{"name", "Nguyễn Thị Ánh"}}, "Nguyễn Thị", "Ánh"},
      {{{"name", "สมชาย ใจดี"}}, "สมชาย", "ใจดี"},
      {{{"name", "مریم احمدی"}}, "مریم", "احمدی"},
      {{{"name", "Ánh"}}, "", "Ánh"},  // Salesforce needs a last name: one word is the last name
      {{{"name", "Ana Lima"}, {"first_name", "Ana Maria"}, {"last_name", "de Lima"}}, "Ana Maria", "de Lima"},
      {{{"name", "Ana Lima"}, {"last_name", "Lima-Souza"}}, "Ana", "Lima-Souza"},
      {{{"email", "x@example.com"}}, "", ""},
      {{{"name", "Ana  Lima "}}, "Ana", "Lima"},  // extra spaces do not reach the names
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.contact.dump()) {
      const JsonValue payload = payload_of(*config, scored_visitor(*config, c.contact));
      const auto r = delivery_requests(*config, payload, request_page());
      BOOST_REQUIRE_EQUAL(r.size(), 1u);
      std::string first = "(none)", last = "(none)";
      for (const std::string& line : decoded(r[0].body)) {
        if (line.rfind("first_name=", 0) == 0) first = line.substr(11);
        if (line.rfind("last_name=", 0) == 0) last = line.substr(10);
      }
      BOOST_TEST(first == (*c.first ? c.first : "(none)"));
      BOOST_TEST(last == (*c.last ? c.last : "(none)"));
    }
  }
}

BOOST_AUTO_TEST_CASE(mautic_form_submit) {
  const auto config = test::compile_config(targets_config);
  const JsonValue payload = payload_of(*config, scored_visitor(*config, ana));
  const auto all = delivery_requests(*config, payload, request_page());
  const DeliveryRequest& m = request_for(all, "mautic");
  BOOST_TEST(m.url == "https://mautic.example.com/form/submit?formId=3");  // the base URL's trailing slash dropped
  BOOST_TEST(m.content_type == "application/x-www-form-urlencoded");
  BOOST_TEST(!m.cors);
  BOOST_TEST(m.beacon);
  BOOST_TEST(m.body ==
             "mauticform%5BformId%5D=3&mauticform%5Breturn%5D=&mauticform%5BformName%5D=ebookform&"
             "mauticform%5Bemail%5D=ana%40example.com&mauticform%5Bfirstname%5D=Nguy%E1%BB%85n+Th%E1%BB%8B&"
             "mauticform%5Blastname%5D=%C3%81nh&mauticform%5Bcompany%5D=C%C3%B4ng+ty+TNHH+%C3%81nh+D%C6%B0%C6%A1ng&"
             "mauticform%5Bphone%5D=%2B84+912+345+678&mauticform%5Bposition%5D=Gi%C3%A1m+%C4%91%E1%BB%91c");
  BOOST_TEST(decoded(m.body) == (Lines{"mauticform[formId]=3", "mauticform[return]=", "mauticform[formName]=ebookform", "mauticform[email]=ana@example.com", "mauticform[firstname]=Nguyễn Thị", "mauticform[lastname]=Ánh", "mauticform[company]=Công ty TNHH Ánh Dương", "mauticform[phone]=+84 912 345 678", "mauticform[position]=Giám đốc"}),
             boost::test_tools::per_element());
  // Without form_name, no mauticform[formName]; a base URL under a path keeps it.
  const auto bare = test::compile_config(R"({"version": 1, "delivery": {"targets": [
    {"id": "m", "format": "mautic", "url": "https://example.com/mautic", "form_id": 12}]}})");
  const auto r = delivery_requests(*bare, payload, request_page());
  BOOST_REQUIRE_EQUAL(r.size(), 1u);
  BOOST_TEST(r[0].url == "https://example.com/mautic/form/submit?formId=12");
  BOOST_TEST(r[0].body.rfind("mauticform%5BformId%5D=12&mauticform%5Breturn%5D=&mauticform%5Bemail%5D=", 0) == 0u,
             r[0].body);
}

BOOST_AUTO_TEST_CASE(custom_field_mappings) {
  const auto config = test::compile_config(R"({"version": 1,
   "rules": [{"id": "pricing", "event": "page_view", "path": "/pricing", "points": 30}],
   "delivery": {"targets": [
    {"id": "hs", "format": "hubspot", "portal_id": "1", "form_guid": "g",
     "fields": {"job_title": "job_function", "company_size": "numemployees", "lead_id": "leadscore_id",
                "score": "leadscore_score", "stage": "lifecyclestage", "missing": "never_sent"}},
    {"id": "sf", "format": "salesforce", "oid": "00D",
     "fields": {"email": "Email__c", "country": "00N000000Country"}},
    {"id": "m", "format": "mautic", "url": "https://m.example.com", "form_id": 1,
     "fields": {"phone": "mobile", "lead_id": "lead_ref"}}
  ]}})");
  json contact = ana;
  contact["country"] = "VN";
  const JsonValue payload = payload_of(*config, scored_visitor(*config, contact));
  const auto all = delivery_requests(*config, payload, request_page());
  // HubSpot: defaults, job_title renamed, the extra fields after them; unknown fields are not sent.
  std::vector<std::string> hs;
  const json hs_body = json::parse(request_for(all, "hs").body);
  for (const json& f : hs_body["fields"]) {
    hs.push_back(f["name"].get<std::string>() + "=" + f["value"].get<std::string>());
  }
  BOOST_TEST(hs == (std::vector<std::string>{"email=ana@example.com", "firstname=Nguyễn Thị", "lastname=Ánh",
                                             "company=Công ty TNHH Ánh Dương", "phone=+84 912 345 678",
                                             "job_function=Giám đốc", "numemployees=201-1000",
                                             "leadscore_id=lead-1", "leadscore_score=30", "lifecyclestage=lead"}),
             boost::test_tools::per_element());
  BOOST_TEST(decoded(request_for(all, "sf").body) ==
                 (Lines{"oid=00D", "lead_source=Web", "Email__c=ana@example.com", "first_name=Nguyễn Thị", "last_name=Ánh", "company=Công ty TNHH Ánh Dương", "phone=+84 912 345 678", "title=Giám đốc", "00N000000Country=VN"}),
             boost::test_tools::per_element());
  BOOST_TEST(decoded(request_for(all, "m").body) ==
                 (Lines{"mauticform[formId]=1", "mauticform[return]=", "mauticform[email]=ana@example.com", "mauticform[firstname]=Nguyễn Thị", "mauticform[lastname]=Ánh", "mauticform[company]=Công ty TNHH Ánh Dương", "mauticform[mobile]=+84 912 345 678", "mauticform[position]=Giám đốc", "mauticform[lead_ref]=lead-1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(targets_get_the_reasons_they_ask_for) {
  const auto config = test::compile_config(R"({"version": 1, "delivery": {"targets": [
    {"id": "both", "format": "json", "url": "/a"},
    {"id": "stages", "format": "json", "url": "/b", "reasons": "stage_change"},
    {"id": "forms", "format": "form", "url": "/c", "reasons": ["form_submit"]},
    {"id": "explicit-both", "format": "json", "url": "/d", "reasons": ["stage_change", "form_submit"]}
  ]}})");
  const Profile p = scored_visitor(*config, {{"email", "a@example.com"}});
  auto targets = [&](LeadReason reason) {
    std::vector<std::string> out;
    for (const DeliveryRequest& r : delivery_requests(*config, payload_of(*config, p, reason), request_page())) {
      out.push_back(r.target);
    }
    return out;
  };
  BOOST_TEST(targets(LeadReason::form_submit) == (std::vector<std::string>{"both", "forms", "explicit-both"}),
             boost::test_tools::per_element());
  BOOST_TEST(targets(LeadReason::stage_change) == (std::vector<std::string>{"both", "stages", "explicit-both"}),
             boost::test_tools::per_element());
  // No targets: no requests.
  const auto none = test::compile_config(R"({"version": 1})");
  BOOST_TEST(delivery_requests(*none, payload_of(*none, p), request_page()).empty());
}

// ------------------------------------------------------------------ the queue

namespace {

DeliveryRequest request(const std::string& id, std::size_t body_bytes = 90, const std::string& url = "/leads") {
  DeliveryRequest r;
  r.id = id;
  r.target = id.substr(id.find('/') + 1);
  r.url = url;
  r.content_type = "application/json";
  r.body = std::string(body_bytes, 'x');
  return r;
}

DeliverySettings settings(std::size_t max_items = 200, std::size_t max_bytes = 2000000) {
  DeliverySettings s;
  s.base_ms = 2000;
  s.max_ms = 60000;
  s.max_items = max_items;
  s.max_bytes = max_bytes;
  return s;
}

std::vector<std::string> queued_ids(const DeliveryQueue& q) {
  std::vector<std::string> out;
  for (const QueuedDelivery& d : q.items()) out.push_back(d.request.id);
  return out;
}

std::vector<std::string> ids_at(const DeliveryQueue& q, const std::vector<std::size_t>& indexes) {
  std::vector<std::string> out;
  for (std::size_t i : indexes) out.push_back(q.items()[i].request.id);
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_CASE(queue_add_is_all_or_none_within_limits) {
  const DeliverySettings s = settings(3, 1000);
  DeliveryQueue q;
  Error e;
  BOOST_TEST(q.add({request("p1/a"), request("p1/b")}, T0, s, QueueLimits::apply, e));
  BOOST_TEST(queued_ids(q) == (Ids{"p1/a", "p1/b"}), boost::test_tools::per_element());
  BOOST_TEST(q.bytes() == 2u * (90 + 6));  // body and URL
  for (const QueuedDelivery& d : q.items()) {
    BOOST_TEST(d.created == T0);
    BOOST_TEST(d.next_attempt == T0);  // due at once
    BOOST_TEST(d.attempts == 0u);
    BOOST_TEST(d.last_status == -1);
    BOOST_TEST(!d.failed);
  }
  // Two more would make 4 items: neither is added.
  BOOST_TEST(!q.add({request("p2/a"), request("p2/b")}, T0 + 1, s, QueueLimits::apply, e));
  BOOST_TEST(e.id == "leadscore.delivery.queue_full");
  BOOST_TEST(e.message.find("2 items") != std::string::npos, e.message);
  BOOST_TEST(queued_ids(q) == (Ids{"p1/a", "p1/b"}), boost::test_tools::per_element());
  // One fits, exactly up to the item limit.
  e = Error{};
  BOOST_TEST(q.add({request("p3/a")}, T0 + 2, s, QueueLimits::apply, e));
  BOOST_TEST(e.id.empty());
  BOOST_TEST(q.items().size() == 3u);
  BOOST_TEST(!q.add({request("p4/a", 0, "/")}, T0 + 3, s, QueueLimits::apply, e));
  BOOST_TEST(e.id == "leadscore.delivery.queue_full");

  // Bytes: 288 queued of 400; 112 more fit exactly, 113 do not.
  const DeliverySettings b = settings(100, 400);
  DeliveryQueue bq;
  BOOST_TEST(bq.add({request("p1/a"), request("p1/b"), request("p1/c")}, T0, b, QueueLimits::apply, e));
  BOOST_TEST(bq.bytes() == 288u);
  BOOST_TEST(!bq.add({request("p2/a", 107)}, T0, b, QueueLimits::apply, e));
  BOOST_TEST(e.id == "leadscore.delivery.queue_full");
  BOOST_TEST(bq.items().size() == 3u);
  BOOST_TEST(bq.add({request("p2/a", 106)}, T0, b, QueueLimits::apply, e));
  BOOST_TEST(bq.bytes() == 400u);
  // An empty add changes nothing.
  BOOST_TEST(bq.add({}, T0, b, QueueLimits::apply, e));
  BOOST_TEST(bq.items().size() == 4u);
  // Exempt (a stage change's lead): added past both limits, and then the
  // limits hold back the next payload that is not exempt.
  e = Error{};
  BOOST_TEST(bq.add({request("p3/a", 500), request("p3/b")}, T0, b, QueueLimits::exempt, e));
  BOOST_TEST(e.id.empty());
  BOOST_TEST(queued_ids(bq) == (Ids{"p1/a", "p1/b", "p1/c", "p2/a", "p3/a", "p3/b"}), boost::test_tools::per_element());
  BOOST_TEST(!bq.add({request("p4/a")}, T0, b, QueueLimits::apply, e));
  BOOST_TEST(e.id == "leadscore.delivery.queue_full");
}

BOOST_AUTO_TEST_CASE(queue_leases_keep_two_tabs_from_sending_twice) {
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b"), request("p1/c")}, T0, s, QueueLimits::apply, e));
  // Tab A takes two (max), leased for 10 s.
  BOOST_TEST(ids_at(q, q.take_due(T0, "tab-a", 10000, 2)) == (Ids{"p1/a", "p1/b"}), boost::test_tools::per_element());
  BOOST_TEST(q.items()[0].leased_until == T0 + 10000);
  BOOST_TEST(q.items()[0].lease_owner == "tab-a");
  BOOST_TEST(q.items()[2].lease_owner.empty());
  // Tab B only gets what tab A does not hold.
  BOOST_TEST(ids_at(q, q.take_due(T0 + 1, "tab-b", 10000, 10)) == (Ids{"p1/c"}), boost::test_tools::per_element());
  BOOST_TEST(q.take_due(T0 + 9999, "tab-c", 10000, 10).empty());  // all leased by someone else
  // Nor does tab A take its own again while its lease lives: that is a send
  // under way (or a beacon whose answer is never known), and sending it again
  // would be a second POST of the same lead.
  BOOST_TEST(q.take_due(T0 + 2, "tab-a", 10000, 10).empty());
  BOOST_TEST(q.take_due(T0 + 9999, "tab-a", 10000, 10).empty());
  BOOST_TEST(q.items()[0].leased_until == T0 + 10000);  // not extended either
  // next_due waits for the leases: the first ends at T0 + 10000 (tab A's).
  BOOST_TEST(q.next_due() == T0 + 10000);
  // An expired lease does not block: tab A's page died mid-send.
  BOOST_TEST(ids_at(q, q.take_due(T0 + 10000, "tab-b", 5000, 10)) == (Ids{"p1/a", "p1/b"}),
             boost::test_tools::per_element());
  BOOST_TEST(q.items()[0].lease_owner == "tab-b");
  BOOST_TEST(q.items()[0].leased_until == T0 + 15000);
  BOOST_TEST(q.next_due() == T0 + 10001);  // p1/c, still tab B's from T0 + 1
  BOOST_TEST(ids_at(q, q.take_due(T0 + 10001, "tab-a", 5000, 10)) == (Ids{"p1/c"}), boost::test_tools::per_element());
  BOOST_TEST(q.next_due() == T0 + 15000);
  // max 0 takes nothing.
  BOOST_TEST(q.take_due(T0 + 100000, "tab-c", 1000, 0).empty());
}

BOOST_AUTO_TEST_CASE(page_hide_takes_what_fits_the_keepalive_budget_oldest_first) {
  // At page hide the browser takes keepalive requests (fetch keepalive,
  // sendBeacon) only while their bodies in flight stay within 64 KiB: the
  // widget asks for what fits what is left of that budget. Oldest first; one
  // that does not fit stays as it was (not leased, no attempt: due at once
  // for the next page), and a later, smaller one may still go.
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("pa/x", 30000)}, T0, s, QueueLimits::apply, e));
  BOOST_REQUIRE(q.add({request("pb/x", 30000)}, T0 + 1, s, QueueLimits::apply, e));
  BOOST_REQUIRE(q.add({request("pc/x", 21000)}, T0 + 2, s, QueueLimits::apply, e));
  BOOST_REQUIRE(q.add({request("pd/x", 3000)}, T0 + 3, s, QueueLimits::apply, e));
  BOOST_REQUIRE(q.add({request("pe/x", 70000)}, T0 + 4, s, QueueLimits::apply, e));
  BOOST_TEST(ids_at(q, q.take_due(T0 + 10, "tab-a", 7000, 50, 65536)) == (Ids{"pa/x", "pb/x", "pd/x"}),
             boost::test_tools::per_element());
  for (const char* left : {"pc/x", "pe/x"}) {
    BOOST_TEST_CONTEXT(left) {
      const QueuedDelivery& d = *std::find_if(q.items().begin(), q.items().end(),
                                              [&](const QueuedDelivery& i) { return i.request.id == left; });
      BOOST_TEST(d.leased_until == 0);
      BOOST_TEST(d.lease_owner.empty());
      BOOST_TEST(d.attempts == 0u);
      BOOST_TEST(d.next_attempt == d.created);
    }
  }
  // The next page (or another tab) takes them at once, with no budget.
  BOOST_TEST(q.next_due() == T0 + 2);
  BOOST_TEST(ids_at(q, q.take_due(T0 + 11, "tab-b", 7000, 50)) == (Ids{"pc/x", "pe/x"}), boost::test_tools::per_element());
  // Exactly the budget fits; a budget of 0 takes nothing.
  DeliveryQueue exact;
  BOOST_REQUIRE(exact.add({request("p1/a", 65536), request("p1/b", 1)}, T0, s, QueueLimits::apply, e));
  BOOST_TEST(exact.take_due(T0, "tab", 7000, 50, 0).empty());
  BOOST_TEST(ids_at(exact, exact.take_due(T0, "tab", 7000, 50, 65536)) == (Ids{"p1/a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_send_the_browser_refused_to_start_is_no_attempt) {
  // status -1: the browser would not start the send (over its keepalive
  // quota: sendBeacon said false, fetch rejected at once). The lease ends and
  // the request is due again, with no attempt counted and no backoff.
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a")}, T0, s, QueueLimits::apply, e));
  BOOST_REQUIRE_EQUAL(q.take_due(T0, "tab", 7000, 10).size(), 1u);
  SendOutcome outcome = SendOutcome::refused;
  BOOST_TEST(q.report("p1/a", -1, T0 + 5, 0.5, s, outcome));
  BOOST_TEST((outcome == SendOutcome::retry));
  const QueuedDelivery& d = q.items()[0];
  BOOST_TEST(d.attempts == 0u);
  BOOST_TEST(d.last_status == -1);
  BOOST_TEST(!d.failed);
  BOOST_TEST(d.leased_until == 0);
  BOOST_TEST(d.lease_owner.empty());
  BOOST_TEST(ids_at(q, q.take_due(T0 + 5, "tab", 7000, 10)) == (Ids{"p1/a"}), boost::test_tools::per_element());
  // Its first real answer then waits the first backoff, not the second.
  BOOST_TEST(q.report("p1/a", 503, T0 + 10, 0, s, outcome));
  BOOST_TEST(q.items()[0].attempts == 1u);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 10 + 1000);
}

BOOST_AUTO_TEST_CASE(queue_report_removes_retries_or_keeps) {
  struct Case {
    int status;
    const char* outcome;
  };
  const Case cases[] = {
      {200, "delivered"}, {201, "delivered"}, {202, "delivered"}, {204, "delivered"}, {299, "delivered"},
      {0, "retry"},       {408, "retry"},     {429, "retry"},     {500, "retry"},     {502, "retry"},
      {503, "retry"},     {504, "retry"},     {599, "retry"},     {400, "refused"},   {401, "refused"},
      {403, "refused"},   {404, "refused"},   {405, "refused"},   {409, "refused"},   {410, "refused"},
      {413, "refused"},   {422, "refused"},   {301, "refused"},   {100, "refused"},
  };
  const DeliverySettings s = settings();
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT("status " << c.status) {
      DeliveryQueue q;
      Error e;
      BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b")}, T0, s, QueueLimits::apply, e));
      BOOST_REQUIRE_EQUAL(q.take_due(T0, "tab", 30000, 10).size(), 2u);
      SendOutcome outcome = SendOutcome::delivered;
      BOOST_TEST(q.report("p1/a", c.status, T0 + 500, 0, s, outcome));
      const std::string got = outcome == SendOutcome::delivered ? "delivered"
                              : outcome == SendOutcome::retry   ? "retry"
                                                                : "refused";
      BOOST_TEST(got == c.outcome);
      if (got == "delivered") {
        BOOST_TEST(queued_ids(q) == (Ids{"p1/b"}), boost::test_tools::per_element());
        continue;
      }
      const QueuedDelivery& d = q.items()[0];
      BOOST_TEST(d.request.id == "p1/a");
      BOOST_TEST(d.attempts == 1u);
      BOOST_TEST(d.last_status == c.status);
      BOOST_TEST(d.lease_owner.empty());  // the lease ends with the answer
      BOOST_TEST(d.leased_until == 0);
      if (got == "retry") {
        BOOST_TEST(!d.failed);
        BOOST_TEST(d.next_attempt == T0 + 500 + 1000);
        BOOST_TEST(q.take_due(T0 + 1499, "tab-2", 1000, 10).size() == 0u);  // not due; p1/b is leased
        BOOST_TEST(ids_at(q, q.take_due(T0 + 1500, "tab-2", 1000, 10)) == (Ids{"p1/a"}), boost::test_tools::per_element());
      } else {
        // A first refusal may pass (a deploy's 404, a token rotated on the
        // server first): sent once more, after the longest wait (60 s here).
        BOOST_TEST(!d.failed);
        BOOST_TEST(d.next_attempt == T0 + 500 + 60000);
        BOOST_TEST(q.take_due(T0 + 500 + 59999, "tab-2", 1000, 10).size() == 1u);  // only p1/b (its lease over)
        BOOST_TEST(ids_at(q, q.take_due(T0 + 500 + 60000, "tab-2", 1000, 10)) == (Ids{"p1/a"}), boost::test_tools::per_element());
        // Refused again: kept for inspection, never sent again, not waited for.
        BOOST_TEST(q.report("p1/a", c.status, T0 + 70000, 0, s, outcome));
        BOOST_TEST((outcome == SendOutcome::refused));
        BOOST_TEST(q.items()[0].failed);
        BOOST_TEST(q.items()[0].attempts == 2u);
        BOOST_TEST(q.take_due(T0 + 86400000, "tab-3", 1000, 10).size() == 1u);  // only p1/b
        BOOST_TEST(q.items()[1].lease_owner == "tab-3");
        BOOST_TEST(q.next_due() == T0 + 86400000 + 1000);
      }
    }
  }
  // An id that is not queued.
  DeliveryQueue q;
  SendOutcome outcome = SendOutcome::retry;
  BOOST_TEST(!q.report("nope/a", 200, T0, 0, s, outcome));
}

BOOST_AUTO_TEST_CASE(the_third_send_unanswered_while_online_or_failing_is_told_once_per_target) {
  // The site owner hears of a target that does not answer (down,
  // unreachable, or no CORS) at its third send with no answer while the
  // browser is online, or that answers 408, 429 or 5xx (broken): once per
  // target, not for every lead or retry after.
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b"), request("p2/a")}, T0, s, QueueLimits::apply, e));
  std::int64_t now = T0;
  const auto send = [&](const char* id, int status, bool online) {
    now += 100000;  // past every backoff
    SendOutcome outcome = SendOutcome::delivered;
    BOOST_REQUIRE(q.report(id, status, now, 0, s, outcome, -1, online));
    return outcome == SendOutcome::unanswered ? "unanswered" : outcome == SendOutcome::retry ? "retry" : "other";
  };
  // Offline sends do not count toward telling (the network is away, not the target).
  BOOST_TEST(send("p1/a", 0, false) == "retry");
  BOOST_TEST(send("p1/a", 0, true) == "retry");
  BOOST_TEST(send("p1/a", 0, false) == "retry");  // third, but offline
  BOOST_TEST(send("p1/a", 0, true) == "unanswered");
  BOOST_TEST(q.items()[0].attempts == 4u);
  BOOST_TEST(!q.items()[0].failed);  // kept and retried as any other
  BOOST_TEST(q.items()[0].next_attempt > now);
  BOOST_TEST(send("p1/a", 0, true) == "retry");  // told already
  BOOST_TEST(send("p2/a", 0, true) == "retry");
  BOOST_TEST(send("p2/a", 503, true) == "retry");
  BOOST_TEST(send("p2/a", 503, true) == "retry");  // target a: told already
  // Another target is told on its own: one that answers 503 to every send
  // too (offline or not: the server answered).
  BOOST_TEST(send("p1/b", 503, true) == "retry");
  BOOST_TEST(send("p1/b", 429, false) == "retry");
  BOOST_TEST(send("p1/b", 503, true) == "unanswered");
  BOOST_TEST(send("p1/b", 0, true) == "retry");  // told already
  // A send the browser did not start (-1) is no send.
  BOOST_REQUIRE(q.add({request("p3/c")}, now, s, QueueLimits::apply, e));
  BOOST_TEST(send("p3/c", 0, true) == "retry");
  BOOST_TEST(send("p3/c", -1, true) == "retry");
  BOOST_TEST(send("p3/c", 0, true) == "retry");
  BOOST_TEST(send("p3/c", 0, true) == "unanswered");
}

BOOST_AUTO_TEST_CASE(queue_backoff_doubles_up_to_the_cap_with_equal_jitter) {
  // base 2 s, max 60 s: attempt n waits min(60, 2 * 2^(n-1)) s, of which half is fixed
  // and half scaled by the jitter the caller drew.
  const DeliverySettings s = settings();
  const std::int64_t delays[] = {2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
  for (const double jitter : {0.0, 0.5, 0.999}) {
    BOOST_TEST_CONTEXT("jitter " << jitter) {
      DeliveryQueue q;
      Error e;
      BOOST_REQUIRE(q.add({request("p1/a")}, T0, s, QueueLimits::apply, e));
      std::int64_t now = T0;
      for (std::size_t n = 0; n < std::size(delays); ++n) {
        SendOutcome outcome;
        BOOST_REQUIRE(q.report("p1/a", 503, now, jitter, s, outcome));
        const std::int64_t half = delays[n] / 2;
        const std::int64_t expected = now + half + static_cast<std::int64_t>(static_cast<double>(half) * jitter);
        BOOST_TEST(q.items()[0].next_attempt == expected, "attempt " << n + 1);
        BOOST_TEST(q.items()[0].attempts == n + 1);
        BOOST_TEST(q.next_due() == expected);
        now = expected;
      }
    }
  }
  // Exact values at the ends of the jitter range.
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a")}, T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  q.report("p1/a", 0, T0, 0.0, s, outcome);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 1000);  // jitter 0: half of 2 s
  q.report("p1/a", 0, T0, 0.999, s, outcome);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 3998);  // jitter 0.999: nearly all of 4 s
  q.report("p1/a", 0, T0, 7.0, s, outcome);            // out of range: clamped to 1
  BOOST_TEST(q.items()[0].next_attempt == T0 + 8000);
  q.report("p1/a", 0, T0, -3.0, s, outcome);           // clamped to 0
  BOOST_TEST(q.items()[0].next_attempt == T0 + 8000);
  // Many failures later the wait stays at the cap.
  for (int i = 0; i < 100; ++i) q.report("p1/a", 503, T0, 0.0, s, outcome);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 30000);
  BOOST_TEST(q.items()[0].attempts == 104u);
}

BOOST_AUTO_TEST_CASE(retry_after_is_a_floor_up_to_the_longest_wait) {
  const DeliverySettings s = settings();  // base 2 s, max 60 s
  struct Case {
    const char* name;
    int status;
    std::int64_t retry_after_ms;
    std::int64_t wait;  // jitter 0: half the backoff (1 s on a first failure)
  };
  const Case cases[] = {
      {"none", 503, -1, 1000},
      {"shorter than the backoff", 503, 400, 1000},
      {"longer: waited out", 429, 10000, 10000},
      {"longer than the longest wait: capped", 429, 3600000, 60000},
      {"no answer (status 0) with a value", 0, 5000, 5000},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      DeliveryQueue q;
      Error e;
      BOOST_REQUIRE(q.add({request("p1/a")}, T0, s, QueueLimits::apply, e));
      SendOutcome outcome;
      BOOST_REQUIRE(q.report("p1/a", c.status, T0, 0.0, s, outcome, c.retry_after_ms));
      BOOST_TEST((outcome == SendOutcome::retry));
      BOOST_TEST(q.items()[0].next_attempt == T0 + c.wait);
    }
  }
  // A refused or delivered answer is what it is, whatever Retry-After says.
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b")}, T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  BOOST_REQUIRE(q.report("p1/a", 400, T0, 0.0, s, outcome, 5000));
  BOOST_TEST((outcome == SendOutcome::refused));
  BOOST_REQUIRE(q.report("p1/b", 200, T0, 0.0, s, outcome, 5000));
  BOOST_TEST((outcome == SendOutcome::delivered));
  BOOST_TEST(q.items().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_corrected_target_gets_its_waiting_and_refused_requests_back) {
  // Requests made for targets a (json), b (form), c (json, unchanged), h (hubspot) and gone (no longer configured).
  DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  DeliveryRequest with_token = request("p1/a", 90, "https://crm.example/lead");
  with_token.headers = {{"Authorization", "Bearer old"}};
  BOOST_REQUIRE(q.add({with_token, request("p1/b", 90, "https://typo.example/leads"), request("p1/c", 90, "/leads"),
                       request("p1/h", 90, "https://api.hsforms.com/old"), request("p1/gone")},
                      T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  for (const char* id : {"p1/a", "p1/b", "p1/c", "p1/h", "p1/gone"}) {
    for (int twice = 0; twice < 2; ++twice) BOOST_REQUIRE(q.report(id, 404, T0, 0, s, outcome));  // refused twice: failed
  }
  BOOST_REQUIRE(q.report("p1/a", 401, T0, 0, s, outcome));
  const auto target = [](const char* id, DeliveryFormat format, const char* url, Pairs headers = {}) {
    DeliveryTarget t;
    t.id = id;
    t.format = format;
    t.url = url;
    t.headers = std::move(headers);
    return t;
  };
  s.targets = {target("a", DeliveryFormat::json, "https://crm.example/lead", {{"Authorization", "Bearer new"}}),
               target("b", DeliveryFormat::form, "https://right.example/leads"),
               target("c", DeliveryFormat::json, "/leads"),
               target("h", DeliveryFormat::hubspot, "")};
  BOOST_TEST(q.follow_targets(s) == 2u);
  const auto item = [&](const std::string& id) -> const QueuedDelivery& {
    return *std::find_if(q.items().begin(), q.items().end(), [&](const QueuedDelivery& d) { return d.request.id == id; });
  };
  // The rotated token and the corrected address: due again once the wait
  // their refusals set is over (jitter 0: 2 s after two attempts, 4 s after
  // three), one attempt more.
  BOOST_TEST(item("p1/a").request.headers == (Pairs{{"Authorization", "Bearer new"}}));
  BOOST_TEST(item("p1/b").request.url == "https://right.example/leads");
  BOOST_TEST(item("p1/b").request.beacon);  // a form target without headers goes by beacon on page hide
  for (const char* id : {"p1/a", "p1/b"}) {
    BOOST_TEST_CONTEXT(id) { BOOST_TEST(!item(id).failed); }
  }
  BOOST_TEST(item("p1/a").attempts == 4u);
  BOOST_TEST(item("p1/a").next_attempt == T0 + 4000);
  BOOST_TEST(item("p1/b").attempts == 3u);
  BOOST_TEST(item("p1/b").next_attempt == T0 + 2000);
  // Refused by the address still configured, a vendor target, a target gone: as they were.
  for (const char* id : {"p1/c", "p1/h", "p1/gone"}) {
    BOOST_TEST_CONTEXT(id) { BOOST_TEST(item(id).failed); }
  }
  BOOST_TEST(item("p1/h").request.url == "https://api.hsforms.com/old");
  BOOST_TEST(q.follow_targets(s) == 0u);  // once followed, nothing more to do
  BOOST_TEST(q.take_due(T0 + 1999, "tab", 1000, 10).empty());
  BOOST_TEST(ids_at(q, q.take_due(T0 + 4000, "tab", 1000, 10)) == (Ids{"p1/a", "p1/b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_refusal_that_passes_loses_no_lead) {
  // A receiver that answers 404 while the site deploys (or 401 while a token
  // is rotated on the server first), then takes leads again: the lead refused
  // then is sent once more after the longest wait, and delivered. A target
  // corrected in the config after one refusal counts its own from none.
  DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a", 90, "/leads"), request("p2/a", 90, "/lead")}, T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  BOOST_REQUIRE(q.report("p1/a", 404, T0, 0.9, s, outcome));
  BOOST_TEST((outcome == SendOutcome::refused));  // the site owner hears of it at once
  BOOST_TEST(!q.items()[0].failed);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 60000);  // the longest wait, whatever the jitter
  BOOST_TEST(q.flush(T0 + 1000) == 0u);  // a flush() does not send it before then
  BOOST_TEST(q.items()[0].next_attempt == T0 + 60000);
  BOOST_REQUIRE(q.report("p1/a", 201, T0 + 60000, 0, s, outcome));
  BOOST_TEST((outcome == SendOutcome::delivered));
  // A 503 between two refusals: each is a first.
  BOOST_REQUIRE(q.report("p2/a", 404, T0, 0, s, outcome));
  BOOST_REQUIRE(q.report("p2/a", 503, T0 + 60000, 0, s, outcome));
  BOOST_REQUIRE(q.report("p2/a", 404, T0 + 70000, 0, s, outcome));
  BOOST_TEST(!q.items()[0].failed);
  // The target corrected after that refusal: the next one, at the new address, is its first too.
  DeliveryTarget t;
  t.id = "a";
  t.url = "/leads";
  s.targets = {t};
  BOOST_TEST(q.follow_targets(s) == 1u);
  BOOST_TEST(q.next_due() == 0);  // due at once at the corrected address, not after the longest wait
  BOOST_REQUIRE(q.report("p2/a", 404, T0 + 130000, 0, s, outcome));
  BOOST_TEST(!q.items()[0].failed);
  BOOST_REQUIRE(q.report("p2/a", 404, T0 + 190000, 0, s, outcome));
  BOOST_TEST(q.items()[0].failed);  // refused twice in a row at one address: kept, not sent again
}

BOOST_AUTO_TEST_CASE(queue_next_due) {
  const DeliverySettings s = settings();
  DeliveryQueue q;
  BOOST_TEST(q.next_due() == -1);  // nothing: no timer
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b")}, T0, s, QueueLimits::apply, e));
  BOOST_TEST(q.next_due() == T0);
  SendOutcome outcome;
  q.report("p1/a", 500, T0 + 10, 0, s, outcome);  // due at T0 + 1010
  q.report("p1/b", 404, T0 + 10, 0, s, outcome);
  q.report("p1/b", 404, T0 + 10, 0, s, outcome);  // refused twice: failed, never due
  BOOST_TEST(q.next_due() == T0 + 1010);
  q.report("p1/a", 200, T0 + 1010, 0, s, outcome);
  BOOST_TEST(q.next_due() == -1);
  BOOST_TEST(q.items().size() == 1u);  // the refused one, kept
}

BOOST_AUTO_TEST_CASE(queue_clock_going_back_holds_no_lead_back) {
  // The visitor's clock ran a year ahead while leads were sent and retried
  // (and one page died mid-send, its lease left behind); then the clock was
  // corrected. Nothing waits out the year: waits and leases longer than any
  // that can be set end now; those that could be real are kept.
  const DeliverySettings s = settings();  // retries wait at most 60 s
  const std::int64_t ahead = T0 + 365LL * 86400000;
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b"), request("p1/c")}, ahead, s, QueueLimits::apply, e));
  BOOST_REQUIRE_EQUAL(q.take_due(ahead, "tab-a", 15000, 10).size(), 3u);
  SendOutcome outcome;
  q.report("p1/a", 503, ahead, 0.5, s, outcome);  // waits until ahead + 1.5 s
  q.report("p1/c", 404, ahead, 0.5, s, outcome);
  q.report("p1/c", 404, ahead, 0.5, s, outcome);  // refused twice: stays refused
  // p1/b: leased to tab A until ahead + 15 s, a page that died mid-send.
  BOOST_TEST(q.take_due(T0, "tab-b", 15000, 10).empty());  // before the fix: held back a year
  const std::int64_t longest = 60000 + 15000;
  q.clock_back(T0, longest);
  BOOST_TEST(q.next_due() == T0);
  BOOST_TEST(ids_at(q, q.take_due(T0, "tab-b", 15000, 10)) == (Ids{"p1/a", "p1/b"}), boost::test_tools::per_element());
  BOOST_TEST(q.items()[2].failed);
  // Real waits and leases are left as they are.
  q.report("p1/a", 503, T0, 0.5, s, outcome);
  const std::int64_t due = q.items()[0].next_attempt;
  q.clock_back(T0 + 1, longest);
  BOOST_TEST(q.items()[0].next_attempt == due);
  BOOST_TEST(q.items()[1].leased_until == T0 + 15000);
  BOOST_TEST(q.take_due(T0 + 1, "tab-c", 15000, 10).empty());
}

BOOST_AUTO_TEST_CASE(queue_network_back_wakes_only_requests_that_got_no_answer) {
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b"), request("p1/c"), request("p1/d")}, T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  q.report("p1/a", 0, T0, 0.5, s, outcome);    // offline: no answer
  q.report("p1/b", 503, T0, 0.5, s, outcome);  // the server asked to wait
  q.report("p1/c", 400, T0, 0.5, s, outcome);
  q.report("p1/c", 400, T0, 0.5, s, outcome);  // refused twice: kept, never sent again
  const std::int64_t b_due = q.items()[1].next_attempt;
  BOOST_TEST(q.items()[0].next_attempt > T0 + 100);
  BOOST_TEST(q.network_back(T0 + 100) == 1u);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 100);
  BOOST_TEST(q.items()[1].next_attempt == b_due);
  BOOST_TEST(q.items()[2].failed);
  BOOST_TEST(q.items()[3].next_attempt == T0);  // never sent: already due, unchanged
  BOOST_TEST(q.next_due() == T0);
  // Due now: taken at once; nothing to wake a second time.
  BOOST_TEST(q.network_back(T0 + 100) == 0u);
  const auto taken = q.take_due(T0 + 100, "tab", 5000, 10);
  BOOST_TEST(taken.size() == 2u);  // p1/a and p1/d
}

BOOST_AUTO_TEST_CASE(queue_flush_sends_what_waits_out_a_backoff_now) {
  // flush(): the page wants delivery attempted now (say, before a navigation
  // it controls), not when the backoff ends.
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  BOOST_REQUIRE(q.add({request("p1/a"), request("p1/b"), request("p1/c"), request("p1/d"), request("p1/e")}, T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  q.report("p1/a", 0, T0, 0.5, s, outcome);    // no answer: waits 1.5 s
  q.report("p1/a", 0, T0 + 1500, 0.5, s, outcome);  // and again: waits 3 s
  q.report("p1/b", 503, T0, 0.5, s, outcome);  // the server asked to wait
  q.report("p1/c", 400, T0, 0.5, s, outcome);
  q.report("p1/c", 400, T0, 0.5, s, outcome);  // refused twice: never sent again, flush or not
  BOOST_REQUIRE_EQUAL(q.take_due(T0 + 10, "tab-b", 10000, 1).size(), 1u);  // p1/d: another tab is sending it
  BOOST_TEST(q.items()[0].next_attempt == T0 + 1500 + 3000);
  BOOST_TEST(q.take_due(T0 + 100, "tab", 5000, 10).size() == 1u);  // only p1/e (never sent) is due
  q.report("p1/e", 0, T0 + 100, 0.5, s, outcome);

  BOOST_TEST(q.flush(T0 + 200) == 3u);  // p1/a, p1/b, p1/e
  BOOST_TEST(q.items()[0].next_attempt == T0 + 200);
  BOOST_TEST(q.items()[1].next_attempt == T0 + 200);
  BOOST_TEST(q.items()[2].failed);
  BOOST_TEST(q.items()[3].lease_owner == "tab-b");  // left to the tab sending it
  BOOST_TEST(q.items()[0].attempts == 2u);  // a flush is not an attempt: the backoff goes on from there
  BOOST_TEST(ids_at(q, q.take_due(T0 + 200, "tab", 5000, 10)) == (Ids{"p1/a", "p1/b", "p1/e"}),
             boost::test_tools::per_element());
  // Being sent: nothing more to flush.
  BOOST_TEST(q.flush(T0 + 300) == 0u);
  q.report("p1/a", 0, T0 + 400, 0, s, outcome);
  BOOST_TEST(q.items()[0].attempts == 3u);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 400 + 4000);  // 8 s, at jitter 0 half of it
}

BOOST_AUTO_TEST_CASE(queue_round_trips_through_its_stored_form) {
  const DeliverySettings s = settings();
  DeliveryQueue q;
  Error e;
  DeliveryRequest fancy = request("lead-7/hook", 0, "https://hooks.example.com/leads?x=1&y=\"2\"");
  fancy.headers = {{"Authorization", "Bearer \"quoted\" \\ tok"}, {"X-Name", "a\tb ~"}};
  fancy.body = R"({"contact":{"name":"مریم احمدی","note":"line\nbreak"}})";
  DeliveryRequest sf = request("lead-7/sf", 0, "https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8");
  sf.content_type = "application/x-www-form-urlencoded";
  sf.body = "oid=00D&last_name=%C3%81nh";
  sf.cors = false;
  sf.beacon = true;
  BOOST_REQUIRE(q.add({fancy, sf, request("lead-8/inbox")}, T0, s, QueueLimits::apply, e));
  SendOutcome outcome;
  q.take_due(T0, "tab-\u00e9", 30000, 10);
  q.report("lead-7/sf", 503, T0 + 5, 0.25, s, outcome);
  q.report("lead-8/inbox", 422, T0 + 6, 0, s, outcome);
  q.report("lead-8/inbox", 422, T0 + 7, 0, s, outcome);
  const std::string stored = q.to_json();
  BOOST_TEST(stored.rfind(R"({"schema":"leadscore.queue","version":1,"items":[)", 0) == 0u);

  Errors errors;
  const DeliveryQueue back = DeliveryQueue::from_json(to_json_value(json::parse(stored)), errors);
  BOOST_TEST(errors.empty(), test::first_error(errors));
  BOOST_TEST(back.to_json() == stored);
  BOOST_REQUIRE_EQUAL(back.items().size(), 3u);
  const QueuedDelivery& h = back.items()[0];
  BOOST_TEST(lines(h.request.headers) == lines(fancy.headers), boost::test_tools::per_element());
  BOOST_TEST(h.request.body == fancy.body);
  BOOST_TEST(h.lease_owner == "tab-\u00e9");
  BOOST_TEST(h.leased_until == T0 + 30000);
  const QueuedDelivery& f = back.items()[1];
  BOOST_TEST(!f.request.cors);
  BOOST_TEST(f.request.beacon);
  BOOST_TEST(f.attempts == 1u);
  BOOST_TEST(f.last_status == 503);
  BOOST_TEST(f.next_attempt == T0 + 5 + 1000 + 250);
  BOOST_TEST(back.items()[2].failed);
  BOOST_TEST(back.items()[2].last_status == 422);
  BOOST_TEST(back.next_due() == q.next_due());
  // The empty queue too.
  Errors none;
  BOOST_TEST(DeliveryQueue::from_json(to_json_value(json::parse(DeliveryQueue().to_json())), none).items().empty());
  BOOST_TEST(none.empty());
}

// ------------------------------------------------------------------ several tabs

namespace {

// What another tab reads from shared storage: the queue's stored form, read back.
DeliveryQueue stored_copy(const DeliveryQueue& q) {
  Errors errors;
  DeliveryQueue back = DeliveryQueue::from_json(to_json_value(json::parse(q.to_json())), errors);
  BOOST_REQUIRE_MESSAGE(errors.empty(), test::first_error(errors));
  return back;
}

// A tab saving: it merges what storage holds, then writes its queue there.
void save(DeliveryQueue& tab, std::string& storage) {
  if (!storage.empty()) {
    Errors errors;
    tab.merge(DeliveryQueue::from_json(to_json_value(json::parse(storage)), errors));
    BOOST_REQUIRE_MESSAGE(errors.empty(), test::first_error(errors));
  }
  storage = tab.to_json();
}

std::vector<std::string> delivered_ids(const DeliveryQueue& q) {
  std::vector<std::string> out;
  for (const DeliveredMark& m : q.delivered()) out.push_back(m.id);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_tabs_saving_stale_queues_lose_no_lead) {
  const DeliverySettings s = settings();
  std::string storage;
  DeliveryQueue a, b;
  Error e;
  // Both tabs load the (empty) stored queue, then each captures a lead.
  BOOST_REQUIRE(a.add({request("pa-1/inbox")}, T0, s, QueueLimits::apply, e));
  BOOST_REQUIRE(b.add({request("pb-1/inbox")}, T0 + 5, s, QueueLimits::apply, e));
  save(a, storage);
  save(b, storage);  // b's copy never saw a's lead: merging keeps it
  BOOST_TEST(queued_ids(stored_copy(b)) == (Ids{"pa-1/inbox", "pb-1/inbox"}), boost::test_tools::per_element());
  BOOST_TEST(storage == b.to_json());
  // a hears of b's write (the storage event) and merges: both tabs hold the same queue.
  save(a, storage);
  BOOST_TEST(a.to_json() == b.to_json());
  // A third lead in a, saved over storage b wrote: still all three.
  BOOST_REQUIRE(a.add({request("pa-2/inbox")}, T0 + 9, s, QueueLimits::apply, e));
  save(a, storage);
  BOOST_TEST(queued_ids(stored_copy(a)) == (Ids{"pa-1/inbox", "pb-1/inbox", "pa-2/inbox"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_delivered_lead_is_not_brought_back_by_a_stale_tab) {
  const DeliverySettings s = settings();
  std::string storage;
  DeliveryQueue a;
  Error e;
  BOOST_REQUIRE(a.add({request("p1/inbox"), request("p1/hook")}, T0, s, QueueLimits::apply, e));
  save(a, storage);
  DeliveryQueue stale = stored_copy(a);  // tab b loaded the queue, then was idle
  // Tab a sends both: one is delivered, one refused (kept, failed).
  BOOST_REQUIRE_EQUAL(a.take_due(T0 + 10, "tab-a", 20000, 10).size(), 2u);
  save(a, storage);
  SendOutcome outcome;
  BOOST_REQUIRE(a.report("p1/inbox", 201, T0 + 300, 0, s, outcome));
  BOOST_REQUIRE(a.report("p1/hook", 422, T0 + 310, 0, s, outcome));
  BOOST_REQUIRE(a.report("p1/hook", 422, T0 + 320, 0, s, outcome));  // twice
  save(a, storage);
  BOOST_TEST(delivered_ids(a) == (Ids{"p1/inbox"}), boost::test_tools::per_element());
  BOOST_TEST(a.delivered()[0].at == T0 + 300);
  // The stale tab saves its old copy: the delivered request is not back, the refused one stays refused.
  save(stale, storage);
  BOOST_TEST(queued_ids(stale) == (Ids{"p1/hook"}), boost::test_tools::per_element());
  BOOST_TEST(stale.items()[0].failed);
  BOOST_TEST(stale.items()[0].last_status == 422);
  BOOST_TEST(stale.take_due(T0 + 86400000, "tab-b", 20000, 10).empty());
  BOOST_TEST(queued_ids(stored_copy(stale)) == (Ids{"p1/hook"}), boost::test_tools::per_element());
  // And a, merging the stale tab's write, is unchanged.
  const std::string before = a.to_json();
  save(a, storage);
  BOOST_TEST(a.to_json() == before);
}

BOOST_AUTO_TEST_CASE(a_tab_on_the_old_config_takes_the_corrected_request_not_its_refusal) {
  // Tab a (the config before the fix) had the lead refused at the mistyped
  // address; tab b opened on the corrected config. Each merges what the
  // other stores and follows its own config, as the widget does.
  DeliverySettings old_config = settings(), new_config = settings();
  DeliveryTarget t;
  t.id = "hook";
  t.url = "/lead";
  old_config.targets = {t};
  t.url = "/leads";
  new_config.targets = {t};
  DeliveryQueue a;
  Error e;
  SendOutcome outcome;
  BOOST_REQUIRE(a.add({request("p1/hook", 90, "/lead")}, T0, old_config, QueueLimits::apply, e));
  BOOST_REQUIRE(a.report("p1/hook", 404, T0 + 50, 0, old_config, outcome));
  BOOST_REQUIRE(a.report("p1/hook", 404, T0 + 100, 0, old_config, outcome));  // twice: failed
  DeliveryQueue b = stored_copy(a);
  BOOST_TEST(b.follow_targets(new_config) == 1u);
  // b sends to the corrected address once the refusal's wait is over; it is busy (503).
  BOOST_REQUIRE_EQUAL(b.take_due(T0 + 2100, "tab-b", 20000, 10).size(), 1u);
  BOOST_REQUIRE(b.report("p1/hook", 503, T0 + 2200, 0, new_config, outcome));
  const std::int64_t retry = b.items()[0].next_attempt;
  BOOST_TEST(retry > T0 + 2200);
  // a hears b's writes and b hears a's, back and forth: a takes b's copy
  // (its own address on it), never makes b's a refusal again, and b keeps
  // its backoff.
  for (int round = 0; round < 3; ++round) {
    a.merge(stored_copy(b));
    a.follow_targets(old_config);
    b.merge(stored_copy(a));
    b.follow_targets(new_config);
  }
  BOOST_TEST(!a.items()[0].failed);
  BOOST_TEST(a.items()[0].request.url == "/lead");
  BOOST_TEST(!b.items()[0].failed);
  BOOST_TEST(b.items()[0].request.url == "/leads");
  BOOST_TEST(b.items()[0].next_attempt == retry);
  BOOST_TEST(b.take_due(retry - 1, "tab-b", 20000, 10).empty());
}

BOOST_AUTO_TEST_CASE(a_merge_keeps_the_copy_that_has_seen_more) {
  const DeliverySettings s = settings();
  Error e;
  SendOutcome outcome;
  DeliveryQueue base;
  BOOST_REQUIRE(base.add({request("p1/a"), request("p2/a"), request("p3/a")}, T0, s, QueueLimits::apply, e));
  DeliveryQueue a = stored_copy(base), b = stored_copy(base);
  // p1: a leased it (sending); b has the plain copy. b takes a's lease, so b does not send it too.
  a.take_due(T0 + 1, "tab-a", 20000, 1);
  // p2: b tried twice (503), a once: b's count and backoff win.
  b.report("p2/a", 503, T0 + 2, 0, s, outcome);
  b.report("p2/a", 503, T0 + 3, 0, s, outcome);
  a.report("p2/a", 503, T0 + 4, 0, s, outcome);
  // p3: same number of attempts, but a's was refused (twice: failed).
  a.report("p3/a", 404, T0 + 5, 0, s, outcome);
  a.report("p3/a", 404, T0 + 5, 0, s, outcome);
  b.report("p3/a", 503, T0 + 6, 0, s, outcome);
  b.report("p3/a", 503, T0 + 6, 0, s, outcome);
  b.merge(stored_copy(a));
  const auto& items = b.items();
  BOOST_REQUIRE_EQUAL(items.size(), 3u);
  BOOST_TEST(items[0].lease_owner == "tab-a");
  BOOST_TEST(items[0].leased_until == T0 + 20001);
  BOOST_TEST(items[1].attempts == 2u);
  BOOST_TEST(items[1].next_attempt == T0 + 3 + 2000);
  BOOST_TEST(items[2].failed);
  BOOST_TEST(items[2].last_status == 404);
  // b sends nothing a holds, and nothing refused; p2 is due at its own backoff.
  BOOST_TEST(b.take_due(T0 + 2000, "tab-b", 20000, 10).empty());
  BOOST_TEST(ids_at(b, b.take_due(T0 + 2003, "tab-b", 20000, 10)) == (Ids{"p2/a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_lease_released_unsent_is_not_brought_back_by_the_stored_copy) {
  // A hidden tab leases a request and saves (the lease in storage); the
  // browser will not start the send (its keepalive quota is full): -1, the
  // lease ends. The next save merges the stored copy, which still holds the
  // lease: the release wins, the request is due at once, in every tab.
  const DeliverySettings s = settings();
  std::string storage;
  DeliveryQueue a;
  Error e;
  SendOutcome outcome;
  BOOST_REQUIRE(a.add({request("p1/inbox")}, T0, s, QueueLimits::apply, e));
  save(a, storage);
  DeliveryQueue b = stored_copy(a);  // another tab, idle
  BOOST_REQUIRE_EQUAL(a.take_due(T0 + 10, "tab-a", 7000, 10).size(), 1u);
  save(a, storage);
  BOOST_REQUIRE(a.report("p1/inbox", -1, T0 + 20, 0, s, outcome));
  save(a, storage);
  BOOST_TEST(a.items()[0].leased_until == 0);
  BOOST_TEST(stored_copy(a).items()[0].leased_until == 0);
  BOOST_TEST(ids_at(a, a.take_due(T0 + 30, "tab-a", 7000, 10)) == (Ids{"p1/inbox"}), boost::test_tools::per_element());
  // Released again; b, which saw neither the lease nor its release, does not bring a lease back either.
  BOOST_REQUIRE(a.report("p1/inbox", -1, T0 + 40, 0, s, outcome));
  save(a, storage);
  save(b, storage);
  BOOST_TEST(b.items()[0].leased_until == 0);
  BOOST_TEST(b.items()[0].attempts == 0u);
  // A release ends only the lease it released: a tab that leased it later
  // (from a copy that missed the release) keeps its lease, and no other tab
  // sends it meanwhile, whatever the order of merges.
  BOOST_REQUIRE_EQUAL(a.take_due(T0 + 50, "tab-a", 7000, 10).size(), 1u);
  DeliveryQueue c = stored_copy(b);
  BOOST_REQUIRE_EQUAL(c.take_due(T0 + 55, "tab-c", 7000, 10).size(), 1u);
  BOOST_REQUIRE(a.report("p1/inbox", -1, T0 + 60, 0, s, outcome));
  DeliveryQueue c_then_a = stored_copy(c);
  c_then_a.merge(stored_copy(a));
  a.merge(stored_copy(c));
  BOOST_TEST(a.items()[0].lease_owner == "tab-c");
  BOOST_TEST(a.to_json() == c_then_a.to_json());
  BOOST_TEST(a.take_due(T0 + 70, "tab-a", 7000, 10).empty());
  // Queues stored before releases were kept read as none released.
  std::string old = stored_copy(c).to_json();
  const auto at = old.find(R"(,"released":)");
  BOOST_REQUIRE(at != std::string::npos);
  old.erase(at, old.find_first_of(",}", at + 1) - at);
  Errors errors;
  BOOST_TEST(DeliveryQueue::from_json(to_json_value(json::parse(old)), errors).items().size() == 1u);
  BOOST_TEST(errors.empty(), test::first_error(errors));
}

BOOST_AUTO_TEST_CASE(merging_gives_every_tab_the_same_queue_in_any_order) {
  const DeliverySettings s = settings();
  Error e;
  SendOutcome outcome;
  DeliveryQueue a, b, c;
  BOOST_REQUIRE(a.add({request("pa/x"), request("shared/x")}, T0 + 3, s, QueueLimits::apply, e));
  BOOST_REQUIRE(b.add({request("shared/x")}, T0 + 3, s, QueueLimits::apply, e));
  BOOST_REQUIRE(b.add({request("pb/x")}, T0 + 1, s, QueueLimits::apply, e));
  BOOST_REQUIRE(c.add({request("pc/x"), request("done/x")}, T0 + 2, s, QueueLimits::apply, e));
  c.take_due(T0 + 4, "tab-c", 1000, 10);
  c.report("done/x", 200, T0 + 5, 0, s, outcome);
  a.take_due(T0 + 6, "tab-a", 1000, 1);  // leases pa/x
  b.report("shared/x", 500, T0 + 7, 0.5, s, outcome);
  const DeliveryQueue copies[] = {stored_copy(a), stored_copy(b), stored_copy(c)};
  const int orders[][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  std::string first;
  for (const auto& order : orders) {
    DeliveryQueue q = copies[order[0]];
    q.merge(copies[order[1]]);
    q.merge(copies[order[2]]);
    q.merge(copies[order[1]]);  // merging again changes nothing
    const std::string text = q.to_json();
    if (first.empty()) first = text;
    BOOST_TEST(text == first, order[0] << order[1] << order[2]);
  }
  DeliveryQueue q = copies[0];
  q.merge(copies[1]);
  q.merge(copies[2]);
  // By creation time, then id; the delivered one gone and remembered.
  BOOST_TEST(queued_ids(q) == (Ids{"pb/x", "pc/x", "pa/x", "shared/x"}), boost::test_tools::per_element());
  BOOST_TEST(delivered_ids(q) == (Ids{"done/x"}), boost::test_tools::per_element());
  BOOST_TEST(q.items()[2].lease_owner == "tab-a");
  BOOST_TEST(q.items()[3].attempts == 1u);
}

BOOST_AUTO_TEST_CASE(a_merge_never_drops_a_request_and_delivered_ids_are_bounded) {
  // Limits apply when a lead is added, never to a merge: two tabs' leads may
  // together pass max_items, and both stay.
  const DeliverySettings s = settings(2);
  Error e;
  DeliveryQueue a, b;
  BOOST_REQUIRE(a.add({request("pa/1"), request("pa/2")}, T0, s, QueueLimits::apply, e));
  BOOST_REQUIRE(b.add({request("pb/1"), request("pb/2")}, T0, s, QueueLimits::apply, e));
  a.merge(stored_copy(b));
  BOOST_TEST(a.items().size() == 4u);
  BOOST_TEST(!a.add({request("pa/3")}, T0, s, QueueLimits::apply, e));  // and the next add is refused, with an error
  BOOST_TEST(e.id == "leadscore.delivery.queue_full");

  // The newest max_delivered ids are remembered; the stored form keeps them.
  const DeliverySettings big = settings(1000, 50000000);
  DeliveryQueue q;
  SendOutcome outcome;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "p" + std::to_string(i) + "/a";
    BOOST_REQUIRE(q.add({request(id)}, T0 + i, big, QueueLimits::apply, e));
    BOOST_REQUIRE(q.report(id, 200, T0 + 1000 + i, 0, big, outcome));
  }
  BOOST_TEST(q.items().empty());
  BOOST_REQUIRE_EQUAL(q.delivered().size(), DeliveryQueue::max_delivered);
  BOOST_TEST(q.delivered().front().id == "p44/a");
  BOOST_TEST(q.delivered().back().id == "p299/a");
  const DeliveryQueue back = stored_copy(q);
  BOOST_TEST(back.to_json() == q.to_json());
  // A copy with an old, forgotten delivered id may bring it back: then it is
  // sent again, and the receiver de-duplicates by id (at least once).
  DeliveryQueue old;
  BOOST_REQUIRE(old.add({request("p3/a"), request("p250/a")}, T0, big, QueueLimits::apply, e));
  q.merge(stored_copy(old));
  BOOST_TEST(queued_ids(q) == (Ids{"p3/a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_foreign_queue_is_refused_whole_and_a_damaged_item_left_out_alone) {
  const json item = {{"id", "lead-1/inbox"}, {"target", "inbox"}, {"url", "/leads"},
                     {"content_type", "application/json"}, {"headers", json::object()}, {"body", "{}"},
                     {"cors", true}, {"beacon", false}, {"created", T0}, {"next_attempt", T0},
                     {"attempts", 0}, {"failed", false}, {"last_status", -1}, {"leased_until", 0},
                     {"lease_owner", ""}};
  auto doc = [&](const json& items) { return json{{"schema", "leadscore.queue"}, {"version", 1}, {"items", items}}; };
  auto with = [&](const char* key, const json& value) {
    json i = item;
    i[key] = value;
    return doc(json::array({item, i}));
  };
  auto without = [&](const char* key) {
    json i = item;
    i.erase(key);
    return doc(json::array({i}));
  };
  struct Case {
    const char* name;
    json document;
    Lines errors;  // "id path"
    std::size_t kept = 0;  // sound items read (the document's first item is sound unless it is the damaged one)
  };
  const Case cases[] = {
      {"not an object", json::array(), {"leadscore.queue.type "}},
      {"a profile", json{{"schema", "leadscore.profile"}, {"version", 2}, {"visitor_id", "v"}},
       {"leadscore.queue.foreign /schema"}},
      {"no schema", json{{"version", 1}, {"items", json::array()}}, {"leadscore.queue.required /schema"}},
      {"schema not a string", json{{"schema", 1}, {"version", 1}, {"items", json::array()}},
       {"leadscore.queue.type /schema"}},
      {"a later version", json{{"schema", "leadscore.queue"}, {"version", 2}, {"items", json::array()}},
       {"leadscore.queue.version /version"}},
      {"version as a string", json{{"schema", "leadscore.queue"}, {"version", "1"}, {"items", json::array()}},
       {"leadscore.queue.type /version"}},
      {"no items", json{{"schema", "leadscore.queue"}, {"version", 1}}, {"leadscore.queue.required /items"}},
      {"items not an array", doc(json::object()), {"leadscore.queue.type /items"}},
      {"an item not an object", doc(json::array({item, 42})), {"leadscore.queue.type /items/1"}, 1},
      {"an item without id", without("id"), {"leadscore.queue.required /items/0/id"}},
      {"an empty id", with("id", ""), {"leadscore.queue.empty /items/1/id"}, 1},
      {"an item without body", without("body"), {"leadscore.queue.required /items/0/body"}},
      {"negative attempts", with("attempts", -1), {"leadscore.queue.range /items/1/attempts"}, 1},
      {"fractional attempts", with("attempts", 1.5), {"leadscore.queue.range /items/1/attempts"}, 1},
      {"a time as text", with("next_attempt", "soon"), {"leadscore.queue.type /items/1/next_attempt"}, 1},
      {"a time past the year 3000", with("created", 1e20), {"leadscore.queue.range /items/1/created"}, 1},
      {"a flag as text", with("cors", "yes"), {"leadscore.queue.type /items/1/cors"}, 1},
      {"a status out of range", with("last_status", 1000), {"leadscore.queue.range /items/1/last_status"}, 1},
      {"headers as a list", with("headers", json::array()), {"leadscore.queue.type /items/1/headers"}, 1},
      {"a header value not a string", with("headers", {{"X-Try", 3}}),
       {"leadscore.queue.type /items/1/headers/X-Try"}, 1},
      // Never sent: a line break would start another header (or another request).
      {"a header value with a line break", with("headers", {{"X-Try", "a\r\nX-Evil: 1"}}),
       {"leadscore.queue.header /items/1/headers/X-Try"}, 1},
      {"a header value with a bare LF", with("headers", {{"X-Try", "a\nb"}}),
       {"leadscore.queue.header /items/1/headers/X-Try"}, 1},
      {"a header value fetch() refuses", with("headers", {{"X-Name", "Nguy\u1ec5n"}}),
       {"leadscore.queue.header /items/1/headers/X-Name"}, 1},
      {"a header name that is no HTTP token", with("headers", {{"X Try:", "1"}}),
       {"leadscore.queue.header /items/1/headers/X Try:"}, 1},
      {"a body not a string", with("body", json::object()), {"leadscore.queue.type /items/1/body"}, 1},
      {"a null flag", with("failed", nullptr), {"leadscore.queue.type /items/1/failed"}, 1},
      {"delivered ids not a list", json{{"schema", "leadscore.queue"}, {"version", 1}, {"items", json::array({item})},
                                        {"delivered", json::object()}},
       {"leadscore.queue.type /delivered"}, 1},
      {"a delivered id empty", json{{"schema", "leadscore.queue"}, {"version", 1}, {"items", json::array({item})},
                                    {"delivered", json::array({json{{"id", ""}, {"at", T0}}})}},
       {"leadscore.queue.empty /delivered/0/id"}, 1},
      {"a delivered time as text", json{{"schema", "leadscore.queue"}, {"version", 1}, {"items", json::array({item})},
                                        {"delivered", json::array({json{{"id", "a/b"}, {"at", "now"}}})}},
       {"leadscore.queue.type /delivered/0/at"}, 1},
      {"a delivered id as a bare string", json{{"schema", "leadscore.queue"}, {"version", 1},
                                               {"items", json::array({item})}, {"delivered", json::array({"a/b"})}},
       {"leadscore.queue.type /delivered/0"}, 1},
      {"too many delivered ids", json{{"schema", "leadscore.queue"}, {"version", 1}, {"items", json::array({item})},
                                      {"delivered", json(std::vector<json>(257, json{{"id", "a/b"}, {"at", T0}}))}},
       {"leadscore.queue.range /delivered"}, 1},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      Errors errors;
      const DeliveryQueue q = DeliveryQueue::from_json(to_json_value(c.document), errors);
      Lines got;
      for (const Error& err : errors) got.push_back(err.id + " " + err.path);
      BOOST_TEST(got == c.errors, boost::test_tools::per_element());
      // What is left out is left out alone: the sound item is still sent.
      BOOST_TEST(q.items().size() == c.kept);
      if (c.kept) BOOST_TEST(q.items()[0].request.id == "lead-1/inbox");
      BOOST_TEST(q.next_due() == (c.kept ? T0 : -1));
      BOOST_TEST(q.delivered().empty());  // none of these documents has a sound delivered mark
    }
  }
  // Several problems are all listed.
  json two = item;
  two["attempts"] = "x";
  two["url"] = 7;
  Errors errors;
  DeliveryQueue::from_json(to_json_value(doc(json::array({two}))), errors);
  Lines got;
  for (const Error& err : errors) got.push_back(err.id + " " + err.path);
  BOOST_TEST(got == (Lines{"leadscore.queue.type /items/0/url", "leadscore.queue.type /items/0/attempts"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_stored_queue_with_one_id_twice_sends_it_once) {
  // A hand-edited or half-written copy may list a request twice: read as one
  // request (the copy that has seen more, as a merge keeps it), so it is
  // handed out, and POSTed, once.
  json fresh = {{"id", "lead-1/inbox"}, {"target", "inbox"}, {"url", "/leads"},
                {"content_type", "application/json"}, {"headers", json::object()}, {"body", "{}"},
                {"cors", true}, {"beacon", false}, {"created", T0}, {"next_attempt", T0},
                {"attempts", 0}, {"failed", false}, {"last_status", -1}, {"leased_until", 0},
                {"lease_owner", ""}};
  json tried = fresh;
  tried["attempts"] = 2;
  tried["last_status"] = 503;
  tried["next_attempt"] = T0 + 5000;
  json other = fresh;
  other["id"] = "lead-2/inbox";
  const json doc = {{"schema", "leadscore.queue"}, {"version", 1},
                    {"items", json::array({fresh, other, tried, fresh})}};
  Errors errors;
  DeliveryQueue q = DeliveryQueue::from_json(to_json_value(doc), errors);
  BOOST_TEST(errors.empty(), test::first_error(errors));
  BOOST_TEST(queued_ids(q) == (Ids{"lead-1/inbox", "lead-2/inbox"}), boost::test_tools::per_element());
  BOOST_TEST(q.items()[0].attempts == 2u);
  BOOST_TEST(q.items()[0].next_attempt == T0 + 5000);
  BOOST_TEST(ids_at(q, q.take_due(T0 + 5000, "tab", 5000, 10)) == (Ids{"lead-1/inbox", "lead-2/inbox"}),
             boost::test_tools::per_element());
  BOOST_TEST(q.take_due(T0 + 5001, "tab", 5000, 10).empty());
  // Delivered: gone, none left behind to send again.
  SendOutcome outcome;
  BOOST_TEST(q.report("lead-1/inbox", 201, T0 + 5100, 0, settings(), outcome));
  BOOST_TEST(queued_ids(q) == (Ids{"lead-2/inbox"}), boost::test_tools::per_element());
  BOOST_TEST(!q.report("lead-1/inbox", 201, T0 + 5200, 0, settings(), outcome));
}

BOOST_AUTO_TEST_CASE(config_headers_are_tokens_and_printable_ascii) {
  const auto head = [](const std::string& headers) {
    return std::string(R"({"version": 1, "delivery": {"targets": [{"id": "hook", "format": "json", "url": "/h", "headers": )") +
           headers + "}]}}";
  };
  struct Case {
    const char* name;
    std::string headers;
    std::string error;  // "id path", or "" for accepted
  };
  const Case cases[] = {
      {"a token and a value", R"({"Authorization": "Bearer 1234", "X-Api-Key": "a\tb"})", ""},
      {"CR LF in a value", R"({"X-A": "1\r\nX-Evil: 2"})", "leadscore.config.range /delivery/targets/0/headers/X-A"},
      {"a bare LF", R"({"X-A": "1\n2"})", "leadscore.config.range /delivery/targets/0/headers/X-A"},
      {"a NUL", R"({"X-A": "1\u00002"})", "leadscore.config.range /delivery/targets/0/headers/X-A"},
      {"beyond ASCII (fetch() throws)", R"({"X-Name": "Nguy\u1ec5n"})",
       "leadscore.config.range /delivery/targets/0/headers/X-Name"},
      {"a name with a slash", R"({"X/A": "1"})", "leadscore.config.identifier /delivery/targets/0/headers/X~1A"},
      {"a name with parentheses", R"j({"X(A)": "1"})j", "leadscore.config.identifier /delivery/targets/0/headers/X(A)"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const ConfigResult r = load_config(to_json_value(json::parse(head(c.headers))));
      Lines got;
      for (const Error& err : r.errors) got.push_back(err.id + " " + err.path);
      BOOST_TEST(got == (c.error.empty() ? Lines{} : Lines{c.error}), boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
