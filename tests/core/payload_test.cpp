// Lead payloads (leadscore.lead/v1): what receivers accept (validate_lead_payload,
// error by error), form encoding both ways (Unicode, reserved characters,
// nesting, arrays), the conversions a form-posted payload gets back, and the
// payload the core builds for a scored visitor.

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "leadscore/json_writer.hpp"
#include "leadscore/payload.hpp"
#include "leadscore/time_text.hpp"
#include "support.hpp"

using namespace leadscore;

namespace {

JsonValue doc(const std::string& text) {
  Error e;
  const auto parsed = parse_json_text(text, "test", e);
  BOOST_REQUIRE_MESSAGE(parsed, "test document: " << e.to_string() << " in " << text);
  return to_json_value(*parsed);
}

std::vector<std::pair<std::string, std::string>> ids_and_paths(const Errors& errors) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Error& e : errors) out.emplace_back(e.id, e.path);
  return out;
}

std::string describe(const Errors& errors) {
  std::string out;
  for (const Error& e : errors) out += e.to_string() + "; ";
  return out.empty() ? "(none)" : out;
}

// The five required members, then whatever a case adds (a later key replaces
// an earlier one, as in JSON.parse).
std::string with(const std::string& members) {
  std::string base = R"({"schema": "leadscore.lead/v1", "id": "lead-1", "visitor_id": "v-1",
    "reason": "form_submit", "submitted_at": "2026-01-05T08:00:00.000Z")";
  return members.empty() ? base + "}" : base + ", " + members + "}";
}

constexpr std::int64_t T = 1767600000000;  // 2026-01-05T08:00:00.000Z

const char* const config_text = R"({"version": 1,
  "rules": [{"id": "pv", "event": "page_view", "points": 5, "cap": 20},
            {"id": "pricing", "event": "page_view", "path": "/pricing", "points": 15},
            {"id": "demo", "event": "demo_request", "points": 30}],
  "fit": [{"id": "corp", "field": "email_domain", "eq": "acme.com", "points": 10},
          {"id": "senior", "field": "job_title", "contains_any": ["giám đốc", "vp"], "ignore_case": true, "points": 20}],
  "temperature": {"warm": 10, "hot": 40},
  "journey": {"tags": [{"stage": "decision", "path": "/pricing"}]}})";

// A visitor who reads the blog from a newsletter, views pricing, identifies
// (visitor -> mql: known, total 55 >= 50) and requests a demo (mql -> sql).
Profile scored_visitor(const Config& config) {
  Profile p = new_profile(config, "visitor-7");
  test::Feeder feed;
  const json events[] = {
      test::event("page_view", T, "https://example.com/blog/a?utm_source=newsletter&utm_medium=email&utm_campaign=jan"),
      test::event("page_view", T + 60000, "https://example.com/pricing"),
      test::event("identify", T + 120000, "",
                  {{"email", "Linh@Acme.com"}, {"job_title", "Giám đốc kinh doanh"}, {"phone", "0912 345 678"}}),
      test::event("demo_request", T + 180000, "https://example.com/demo"),
  };
  for (const json& e : events) BOOST_TEST_REQUIRE(feed(config, p, e).accepted);
  return p;
}

std::vector<std::string> keys(const JsonValue& object) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < object.size(); ++i) out.push_back(object.key(i));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payload_test)

// ------------------------------------------------------------------ validation

BOOST_AUTO_TEST_CASE(validate_table) {
  using Expected = std::vector<std::pair<std::string, std::string>>;
  struct Case {
    const char* name;
    std::string text;
    Expected errors;  // empty: valid
  };
  const std::string long_id(128, 'a');
  std::string many_fields;
  for (int i = 0; i < 101; ++i) many_fields += (i ? ", " : "") + ("\"f" + std::to_string(i) + "\": \"x\"");
  const Case cases[] = {
      // valid
      {"the five required members", with(""), {}},
      {"unknown members are ignored", with(R"("x_crm": {"deep": [1, {"a": null}]}, "future": true)"), {}},
      {"contact values of every scalar type", with(R"("contact": {"email": "a@b.c", "employees": 250, "opt_in": true, "fax": null})"), {}},
      {"an offset time", with(R"("submitted_at": "2026-01-05T15:00:00.250+07:00")"), {}},
      {"a date alone", with(R"("submitted_at": "2026-01-05")"), {}},
      {"29 February of a leap year", with(R"("submitted_at": "2024-02-29T12:00:00Z")"), {}},
      {"29 February of 2000 (leap: divisible by 400)", with(R"("submitted_at": "2000-02-29")"), {}},
      {"an offset of -12:00", with(R"("submitted_at": "2026-01-05T08:00:00-12:00")"), {}},
      {"an id of 128 allowed characters", with(R"("id": ")" + long_id + R"(")"), {}},
      {"an id with - _ . :", with(R"("id": "v-1:2026.01_05")"), {}},
      {"a stage change with its transition", with(R"("reason": "stage_change", "transition": {"from": "mql", "to": "sql", "cause": "total 100 >= 100"})"), {}},
      {"consent refused, without text", with(R"("consent": {"granted": false, "text": ""})"), {}},
      {"negative scores, empty breakdown", with(R"("score": {"total": -15.5, "fit": -20, "engagement": 4.5, "breakdown": []})"), {}},
      {"optional objects empty", with(R"("contact": {}, "attribution": {}, "activity": {}, "page": {})"), {}},
      {"Unicode text", with(R"("visitor_id": "khách-ẞ-สวัสดี-سلام", "contact": {"name": "Nguyễn Thị Minh Khai"})"), {}},
      // invalid
      {"an array", "[1, 2]", {{"leadscore.payload.type", ""}}},
      {"a string", R"("leadscore.lead/v1")", {{"leadscore.payload.type", ""}}},
      {"an empty object",
       "{}",
       {{"leadscore.payload.required", "/schema"},
        {"leadscore.payload.required", "/id"},
        {"leadscore.payload.required", "/visitor_id"},
        {"leadscore.payload.required", "/reason"},
        {"leadscore.payload.required", "/submitted_at"}}},
      {"another schema", with(R"("schema": "leadscore.lead/v2")"), {{"leadscore.payload.schema", "/schema"}}},
      {"schema as a number", with(R"("schema": 1)"), {{"leadscore.payload.type", "/schema"}}},
      {"an empty id", with(R"("id": "")"), {{"leadscore.payload.empty", "/id"}}},
      {"an id with a space", with(R"("id": "lead 1")"), {{"leadscore.payload.identifier", "/id"}}},
      {"an id with a slash", with(R"("id": "../etc")"), {{"leadscore.payload.identifier", "/id"}}},
      {"an id with a non-ASCII letter", with(R"("id": "lead-ü")"), {{"leadscore.payload.identifier", "/id"}}},
      {"an id of 129 characters", with(R"("id": ")" + long_id + R"(a")"), {{"leadscore.payload.range", "/id"}}},
      {"visitor_id as a number", with(R"("visitor_id": 7)"), {{"leadscore.payload.type", "/visitor_id"}}},
      {"an unknown reason", with(R"("reason": "whim")"), {{"leadscore.payload.enum", "/reason"}}},
      {"month 13", with(R"("submitted_at": "2026-13-01T00:00:00Z")"), {{"leadscore.payload.time", "/submitted_at"}}},
      // Days a month does not have were read as days of the next month.
      {"30 February", with(R"("submitted_at": "2026-02-30T00:00:00Z")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"29 February of a common year", with(R"("submitted_at": "2026-02-29")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"29 February of 1900 (not leap)", with(R"("submitted_at": "1900-02-29")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"31 April", with(R"("submitted_at": "2026-04-31T08:00:00Z")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"day 0", with(R"("submitted_at": "2026-01-00")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"an offset of 25 hours", with(R"("submitted_at": "2026-01-05T08:00:00+25:00")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"an offset of 60 minutes", with(R"("submitted_at": "2026-01-05T08:00:00+07:60")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"a time in words", with(R"("submitted_at": "yesterday")"), {{"leadscore.payload.time", "/submitted_at"}}},
      {"epoch milliseconds", with(R"("submitted_at": 1767600000000)"), {{"leadscore.payload.type", "/submitted_at"}}},
      {"an empty form id", with(R"("form": "")"), {{"leadscore.payload.empty", "/form"}}},
      {"stage as a number", with(R"("stage": 3)"), {{"leadscore.payload.type", "/stage"}}},
      {"contact as an array", with(R"("contact": ["a@b.c"])"), {{"leadscore.payload.type", "/contact"}}},
      {"a nested contact value", with(R"("contact": {"address": {"city": "Huế"}})"), {{"leadscore.payload.type", "/contact/address"}}},
      {"a contact key with / and ~ (escaped in the path)", with(R"("contact": {"a/b~c": []})"), {{"leadscore.payload.type", "/contact/a~1b~0c"}}},
      {"a contact value over 4096 bytes", with(R"("contact": {"notes": ")" + std::string(4097, 'n') + R"("})"), {{"leadscore.payload.range", "/contact/notes"}}},
      {"101 contact fields", with(R"("contact": {)" + many_fields + "}"), {{"leadscore.payload.range", "/contact"}}},
      {"score as text", with(R"("score": "high")"), {{"leadscore.payload.type", "/score"}}},
      {"score.total as text", with(R"("score": {"total": "85"})"), {{"leadscore.payload.type", "/score/total"}}},
      {"score.fit out of range", with(R"("score": {"fit": 1e13})"), {{"leadscore.payload.range", "/score/fit"}}},
      {"breakdown as an object", with(R"("score": {"breakdown": {"pv": 5}})"), {{"leadscore.payload.type", "/score/breakdown"}}},
      {"attribution as an array", with(R"("attribution": [])"), {{"leadscore.payload.type", "/attribution"}}},
      {"activity as a number", with(R"("activity": 3)"), {{"leadscore.payload.type", "/activity"}}},
      {"page as a URL string", with(R"("page": "https://example.com/")"), {{"leadscore.payload.type", "/page"}}},
      {"transition as text", with(R"("transition": "mql -> sql")"), {{"leadscore.payload.type", "/transition"}}},
      {"consent without granted", with(R"("consent": {"text": "I agree"})"), {{"leadscore.payload.required", "/consent/granted"}}},
      {"consent granted as text", with(R"("consent": {"granted": "yes"})"), {{"leadscore.payload.type", "/consent/granted"}}},
      {"consent text as a number", with(R"("consent": {"granted": true, "text": 1})"), {{"leadscore.payload.type", "/consent/text"}}},
      {"several problems, all reported in checking order",
       R"({"schema": "x", "id": "a b", "reason": "whim", "submitted_at": "soon", "contact": 1, "score": {"total": null}})",
       {{"leadscore.payload.schema", "/schema"},
        {"leadscore.payload.identifier", "/id"},
        {"leadscore.payload.required", "/visitor_id"},
        {"leadscore.payload.enum", "/reason"},
        {"leadscore.payload.time", "/submitted_at"},
        {"leadscore.payload.type", "/contact"},
        {"leadscore.payload.type", "/score/total"}}},
  };
  BOOST_TEST(std::size(cases) >= 20u);
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const Errors errors = validate_lead_payload(doc(c.text));
      BOOST_TEST((ids_and_paths(errors) == c.errors), describe(errors));
    }
  }

  // Text that is not UTF-8 cannot come through the JSON parser, but can be
  // put in a document directly (and a lax sender could).
  JsonValue bad = doc(with(""));
  bad.set("visitor_id", JsonValue::string("v-\xff"));
  const Errors errors = validate_lead_payload(bad);
  BOOST_TEST((ids_and_paths(errors) == Expected{{"leadscore.payload.type", "/visitor_id"}}), describe(errors));
  BOOST_TEST(errors.at(0).message == "not valid UTF-8");
}

BOOST_AUTO_TEST_CASE(error_messages_say_what_is_wrong) {
  const Errors errors = validate_lead_payload(doc(with(R"("schema": "other/v1", "submitted_at": "soon")")));
  BOOST_REQUIRE_EQUAL(errors.size(), 2u);
  BOOST_TEST(errors[0].to_string() == "[leadscore.payload.schema] /schema: \"other/v1\" is not leadscore.lead/v1");
  BOOST_TEST(errors[1].to_string() ==
             "[leadscore.payload.time] /submitted_at: not an ISO 8601 time (2026-01-05T08:00:00.000Z)");
}

// ------------------------------------------------------------------ form encoding

BOOST_AUTO_TEST_CASE(to_form_urlencoded_shape) {
  const JsonValue v = doc(R"({"a": "x y", "b": {"c": "1+1=2 & more"}, "arr": ["p", "q"], "n": 12.5, "i": -3,
                              "t": true, "f": false, "z": null, "e": "", "path": "/a?b#c", "keep": "-_.*"})");
  BOOST_TEST(to_form_urlencoded(v) ==
             "a=x+y&b%5Bc%5D=1%2B1%3D2+%26+more&arr%5B0%5D=p&arr%5B1%5D=q&n=12.5&i=-3&t=true&f=false&e=&"
             "path=%2Fa%3Fb%23c&keep=-_.*");
  // Empty objects and arrays and nulls have no pairs.
  BOOST_TEST(to_form_urlencoded(doc(R"({"o": {}, "a": [], "z": null})")) == "");
  // Keys are encoded as values are.
  BOOST_TEST(to_form_urlencoded(doc(R"({"contact": {"e-mail address": "a@b.c"}})")) ==
             "contact%5Be-mail+address%5D=a%40b.c");
}

BOOST_AUTO_TEST_CASE(form_round_trips_unicode_and_reserved_characters) {
  const std::string text = R"({
    "vi": "Nguyễn Thị Minh Khai, Quận 1, TP. Hồ Chí Minh",
    "th": "สวัสดีครับ ยินดีต้อนรับ",
    "fa": "می‌خواهم یک دمو ببینم؛ سلام دنیا",
    "emoji": "🚀 launch ✓",
    "plus": "1+1=2",
    "amp": "Johnson & Johnson",
    "eq": "a=b=c",
    "pct": "100% sure %41",
    "brackets": "x[0]=y",
    "nested": {"deeper": {"deepest": "tầng 3", "list": ["một", "hai", {"ba": "ສາມ"}]}},
    "arr": ["a", "b", "c"]
  })";
  const JsonValue original = doc(text);
  const std::string form = to_form_urlencoded(original);
  // Only unreserved ASCII is left as is.
  for (char ch : form) {
    const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                       ch == '-' || ch == '_' || ch == '.' || ch == '*' || ch == '%' || ch == '+' || ch == '=' ||
                       ch == '&';
    BOOST_TEST(plain, "unexpected character '" << ch << "' in " << form);
  }
  BOOST_TEST(form.find("vi=Nguy%E1%BB%85n+Th%E1%BB%8B+Minh+Khai") == 0u);
  BOOST_TEST(form.find("&plus=1%2B1%3D2&amp=Johnson+%26+Johnson&eq=a%3Db%3Dc&pct=100%25+sure+%2541") !=
             std::string::npos);
  BOOST_TEST(form.find("nested%5Bdeeper%5D%5Blist%5D%5B2%5D%5Bba%5D=%E0%BA%AA%E0%BA%B2%E0%BA%A1") != std::string::npos);
  // Back: the same document (every leaf was a string, so nothing to convert).
  BOOST_TEST(to_json(from_form_urlencoded(form)) == to_json(original));
}

BOOST_AUTO_TEST_CASE(from_form_urlencoded_reading) {
  struct Case {
    const char* form;
    const char* expected;  // JSON text
  };
  const Case cases[] = {
      {"a=1&b=two", R"({"a":"1","b":"two"})"},
      {"contact[email]=a%40b.c&contact[name]=L%C3%AA", R"({"contact":{"email":"a@b.c","name":"Lê"}})"},  // raw brackets
      {"contact%5Bemail%5D=a%40b.c", R"({"contact":{"email":"a@b.c"}})"},                                    // encoded brackets
      {"a[b][c][d]=deep", R"({"a":{"b":{"c":{"d":"deep"}}}})"},
      {"x[0]=a&x[1]=b&x[2]=c", R"({"x":["a","b","c"]})"},
      {"x[1]=b&x[0]=a", R"({"x":{"1":"b","0":"a"}})"},  // not in order: stays an object
      {"x[0]=a&x[2]=c", R"({"x":{"0":"a","2":"c"}})"},  // a gap: stays an object
      {"r[0][k]=1&r[0][v]=2&r[1][k]=3", R"({"r":[{"k":"1","v":"2"},{"k":"3"}]})"},
      {"s=a+b&p=a%2Bb", R"({"s":"a b","p":"a+b"})"},
      {"eq=a=b=c", R"({"eq":"a=b=c"})"},
      {"amp=A%26B&next=1", R"({"amp":"A&B","next":"1"})"},
      {"phone=0912&zip=00501", R"({"phone":"0912","zip":"00501"})"},  // text stays text
      {"a=1&a=2", R"({"a":"2"})"},                                     // the last value wins
      {"flag&empty=", R"({"flag":"","empty":""})"},
      {"&&a=1&&", R"({"a":"1"})"},
      {"bad=100%&worse=%zz%4", R"({"bad":"100%","worse":"%zz%4"})"},  // broken escapes stay literal
      {"raw=%FF%FEok", R"({"raw":"��ok"})"},                        // not UTF-8: U+FFFD each
      // Found by fuzz_payload: a name sent as raw bytes that are not UTF-8
      // made a document that could not be written as JSON.
      {"na\xFFme=1&k[\xC3]=2", R"({"na�me":"1","k":{"�":"2"}})"},
      {"[x]=1&=2&ok=3", R"({"ok":"3"})"},                             // no name
      {"a[b=1", R"({"a":"1"})"},                                      // unclosed bracket: the name before it
      {"a[]=1", R"({"a":{"":"1"}})"},
      {"a=text&a[b]=obj", R"({"a":{"b":"obj"}})"},                    // an object replaces a value
      {"a[b][c][d][e][f][g][h][i][j][k][l][m][n][o][p][q]=17&ok=1", R"({"ok":"1"})"},  // > 16 levels: dropped
      {"", "{}"},
      // Found by fuzz_payload: top-level names 0..n-1 made the whole form an
      // array, and a payload must be an object.
      {"0=a&1=b", R"({"0":"a","1":"b"})"},
      {"0[\"", R"({"0":""})"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.form) { BOOST_TEST(to_json(from_form_urlencoded(c.form)) == c.expected); }
  }
}

BOOST_AUTO_TEST_CASE(lead_payload_from_form_converts_the_typed_fields) {
  const std::string form =
      "schema=leadscore.lead%2Fv1&id=f-1&visitor_id=v&reason=form_submit&submitted_at=2026-01-05T08%3A00%3A00Z"
      "&contact[phone]=0912&contact[employees]=250"
      "&score[total]=85.5&score[fit]=-10&score[engagement]=95.5"
      "&score[breakdown][0][rule]=pv&score[breakdown][0][fired]=3&score[breakdown][0][points]=1e1"
      "&activity[sessions]=2&activity[page_views]=7&activity[events]=12&activity[first_seen]=2026-01-01"
      "&consent[granted]=true&consent[text]=OK&page[title]=123";
  const JsonValue v = lead_payload_from_form(form);
  BOOST_TEST(to_json(v) ==
             R"({"schema":"leadscore.lead/v1","id":"f-1","visitor_id":"v","reason":"form_submit",)"
             R"("submitted_at":"2026-01-05T08:00:00Z","contact":{"phone":"0912","employees":"250"},)"
             R"("score":{"total":85.5,"fit":-10,"engagement":95.5,"breakdown":[{"rule":"pv","fired":3,"points":10}]},)"
             R"("activity":{"sessions":2,"page_views":7,"events":12,"first_seen":"2026-01-01"},)"
             R"("consent":{"granted":true,"text":"OK"},"page":{"title":"123"}})");
  BOOST_TEST(validate_lead_payload(v).empty(), describe(validate_lead_payload(v)));

  // "false" is a boolean too; text that is not a number or boolean is left
  // for validation to report where it is.
  const JsonValue refused = lead_payload_from_form(
      "schema=leadscore.lead%2Fv1&id=f-2&visitor_id=v&reason=form_submit&submitted_at=2026-01-05"
      "&score[total]=lots&score[fit]=+12+&consent[granted]=yes");
  BOOST_TEST(refused.find("score")->find("total")->as_string() == "lots");
  BOOST_TEST(refused.find("score")->find("fit")->as_number() == 12);  // surrounding spaces allowed
  const Errors errors = validate_lead_payload(refused);
  BOOST_TEST((ids_and_paths(errors) == std::vector<std::pair<std::string, std::string>>{
                  {"leadscore.payload.type", "/score/total"}, {"leadscore.payload.type", "/consent/granted"}}),
             describe(errors));
  BOOST_TEST(lead_payload_from_form("consent[granted]=false").find("consent")->find("granted")->is_boolean());
  // Members that are not objects are left alone (and refused by validation).
  BOOST_TEST(lead_payload_from_form("score=85").find("score")->as_string() == "85");
}

// ------------------------------------------------------------------ building

BOOST_AUTO_TEST_CASE(a_lead_says_of_its_page_no_secret_it_held) {
  // A page reached from a password-reset mail, its OAuth answer in the anchor:
  // the lead names the page, not the token, the email or the code.
  const auto config = test::compile_config(config_text);
  const Profile p = scored_visitor(*config);
  LeadContext context;
  context.id = "lead-visitor-7-2";
  context.now = T + 200000;
  context.page.tracked = true;
  context.page.url = "https://example.com/welcome?plan=pro&email=linh%40acme.com&code=4%2F0Ab#access_token=ya29.x";
  context.page.referrer = "https://example.com/account/reset?reset_token=9f3a#step2";
  const JsonValue v = build_lead_payload(*config, p, context);
  BOOST_TEST(to_json(*v.find("page")) == R"({"url":"https://example.com/welcome?plan=pro","referrer":"https://example.com/account/reset"})");
}

BOOST_AUTO_TEST_CASE(build_for_a_scored_visitor) {
  const auto config = test::compile_config(config_text);
  const Profile p = scored_visitor(*config);
  LeadContext context;
  context.id = "lead-visitor-7-1";
  context.now = T + 200000;
  context.form = "demo";
  context.page.url = "https://example.com/demo";
  context.page.title = "Đặt lịch demo";
  context.consent.asked = true;
  context.consent.granted = true;
  context.consent.text = "Tôi đồng ý nhận email";
  const JsonValue v = build_lead_payload(*config, p, context);

  BOOST_TEST((keys(v) == std::vector<std::string>{"schema", "id", "visitor_id", "reason", "submitted_at", "form",
                                                   "contact", "stage", "journey", "temperature", "score",
                                                   "attribution", "activity", "consent", "page"}));
  BOOST_TEST(to_json(v) ==
             R"({"schema":"leadscore.lead/v1","id":"lead-visitor-7-1","visitor_id":"visitor-7",)"
             R"("reason":"form_submit","submitted_at":"2026-01-05T08:03:20.000Z","form":"demo",)"
             R"("contact":{"email":"Linh@Acme.com","job_title":"Giám đốc kinh doanh","phone":"0912 345 678"},)"
             R"("stage":"sql","journey":"decision","temperature":"hot",)"
             R"("score":{"total":85,"fit":30,"engagement":55,"breakdown":[)"
             R"({"rule":"pv","dimension":"engagement","fired":2,"points":10},)"
             R"({"rule":"pricing","dimension":"engagement","fired":1,"points":15},)"
             R"({"rule":"demo","dimension":"engagement","fired":1,"points":30},)"
             R"({"rule":"corp","dimension":"fit","fired":1,"points":10},)"
             R"({"rule":"senior","dimension":"fit","fired":1,"points":20}]},)"
             R"("attribution":{)"
             R"("first":{"source":"newsletter","medium":"email","campaign":"jan","landing_page":"/blog/a","at":"2026-01-05T08:00:00.000Z"},)"
             R"("last":{"source":"newsletter","medium":"email","campaign":"jan","landing_page":"/blog/a","at":"2026-01-05T08:00:00.000Z"}},)"
             R"("activity":{"sessions":1,"page_views":2,"events":4,)"
             R"("first_seen":"2026-01-05T08:00:00.000Z","last_seen":"2026-01-05T08:03:00.000Z",)"
             R"("recent_pages":[{"path":"/blog/a","at":"2026-01-05T08:00:00.000Z"},{"path":"/pricing","at":"2026-01-05T08:01:00.000Z"}]},)"
             R"("consent":{"granted":true,"text":"Tôi đồng ý nhận email","at":"2026-01-05T08:03:20.000Z"},)"
             R"("page":{"url":"https://example.com/demo","title":"Đặt lịch demo"}})");
  BOOST_TEST(validate_lead_payload(v).empty(), describe(validate_lead_payload(v)));

  // Every time is ISO 8601 in UTC with milliseconds, and reads back.
  for (const auto& [value, epoch] : {std::pair{v.find("submitted_at"), T + 200000},
                                     {v.find("activity")->find("first_seen"), T},
                                     {v.find("activity")->find("last_seen"), T + 180000},
                                     {v.find("consent")->find("at"), T + 200000}}) {
    const auto parsed = parse_iso8601(value->as_string());
    BOOST_TEST_REQUIRE(parsed.has_value(), value->as_string());
    BOOST_TEST(*parsed == epoch);
  }

  // Sent as a form and read back: the same payload.
  BOOST_TEST(to_json(lead_payload_from_form(to_form_urlencoded(v))) == to_json(v));
  // As JSON text and back: the same payload.
  BOOST_TEST(to_json(doc(to_json(v))) == to_json(v));
}

BOOST_AUTO_TEST_CASE(build_for_a_stage_change) {
  const auto config = test::compile_config(config_text);
  const Profile p = scored_visitor(*config);
  const Transition* to_sql = nullptr;
  for (const Transition& t : p.transitions) {
    if (t.kind == "lifecycle" && t.to == "sql") to_sql = &t;
  }
  BOOST_REQUIRE(to_sql);
  LeadContext context;
  context.id = "visitor-7:sql";
  context.reason = LeadReason::stage_change;
  context.now = T + 180000;
  context.transition = to_sql;
  const JsonValue v = build_lead_payload(*config, p, context);

  // No form, no consent (not asked), a transition; page present but empty.
  BOOST_TEST((keys(v) == std::vector<std::string>{"schema", "id", "visitor_id", "reason", "submitted_at", "contact",
                                                   "stage", "journey", "temperature", "score", "transition",
                                                   "attribution", "activity", "page"}));
  BOOST_TEST(v.find("reason")->as_string() == "stage_change");
  BOOST_TEST(to_json(*v.find("transition")) ==
             R"({"from":"mql","to":"sql","cause":"known contact, hand-raise demo_request, fit 30 >= 10"})");
  BOOST_TEST(to_json(*v.find("page")) == "{}");
  BOOST_TEST(v.find("submitted_at")->as_string() == "2026-01-05T08:03:00.000Z");
  BOOST_TEST(validate_lead_payload(v).empty(), describe(validate_lead_payload(v)));

  // Consent given earlier keeps its own time; refused consent is reported as refused.
  context.consent = ConsentInfo{true, false, "Không, cảm ơn", T + 5000};
  const JsonValue refused = build_lead_payload(*config, p, context);
  BOOST_TEST(to_json(*refused.find("consent")) == R"({"granted":false,"text":"Không, cảm ơn","at":"2026-01-05T08:00:05.000Z"})");
  BOOST_TEST(validate_lead_payload(refused).empty());
}

BOOST_AUTO_TEST_CASE(build_rounds_scores_to_two_decimals) {
  const auto config = test::compile_config(R"({"version": 1, "decay": {"half_life_days": 1},
    "rules": [{"id": "pv", "event": "page_view", "points": 10}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  BOOST_TEST_REQUIRE(feed(*config, p, test::event("page_view", T, "/")).accepted);
  LeadContext context;
  context.id = "decayed";
  context.now = T + 86400000 / 3;  // a third of a half-life: 10 * 2^(-1/3) = 7.937...
  const JsonValue v = build_lead_payload(*config, p, context);
  BOOST_TEST(v.find("score")->find("engagement")->as_number() == 7.94);
  BOOST_TEST(v.find("score")->find("total")->as_number() == 7.94);
  BOOST_TEST(v.find("score")->find("breakdown")->operator[](0).find("points")->as_number() == 7.94);
  BOOST_TEST(validate_lead_payload(v).empty());
}

BOOST_AUTO_TEST_SUITE_END()
