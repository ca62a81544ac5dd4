// First- and last-touch attribution: which page views are marketing touches,
// where the visitor came from, and what is stored of it.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "leadscore/attribution.hpp"
#include "leadscore/text.hpp"
#include "support.hpp"

using namespace leadscore;

namespace {

constexpr std::int64_t ts = 1767225600000;

struct Props {
  std::vector<std::pair<std::string, std::string>> strings;
  std::vector<std::pair<std::string, double>> numbers;
};

// A page view whose views point into `url` and `props` (which must outlive it).
Event page_view(const std::string& url, const Props& props) {
  Event e;
  e.type = "page_view";
  e.url = url;
  e.ts = ts;
  for (const auto& [k, v] : props.strings) e.props.push_back(Prop{k, PropValue{PropValue::Kind::string, v, 0, false}});
  for (const auto& [k, v] : props.numbers) e.props.push_back(Prop{k, PropValue{PropValue::Kind::number, {}, v, false}});
  return e;
}

std::string text_of(const std::optional<Touch>& t) {
  if (!t) return "none";
  JsonWriter w;
  write_touch(w, *t);
  return w.take();
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(attribution_test)

BOOST_AUTO_TEST_CASE(touch_of_table) {
  struct Case {
    const char* name;
    std::string url;
    Props props;
    bool starts_visit;
    std::string touch;  // write_touch text, or "none"
  };
  const std::string t = std::to_string(ts);
  // clang-format off
  const Case cases[] = {
    {"all five utm tags from the query",
     "https://example.com/?utm_source=news&utm_medium=email&utm_campaign=launch&utm_term=crm&utm_content=hero", {}, false,
     R"({"source":"news","medium":"email","campaign":"launch","term":"crm","content":"hero","landing_page":"/","ts":)" + t + "}"},
    {"utm values are decoded",
     "/p?utm_campaign=spring%20sale+2026&utm_source=Th%C3%A1ng", {}, false,
     R"({"source":"Tháng","campaign":"spring sale 2026","landing_page":"/p","ts":)" + t + "}"},
    {"utm tags from props",
     "/pricing", {{{"utm_source", "linkedin"}, {"utm_medium", "paid"}}, {}}, false,
     R"({"source":"linkedin","medium":"paid","landing_page":"/pricing","ts":)" + t + "}"},
    {"props win over the query",
     "/?utm_source=query&utm_medium=q", {{{"utm_source", "prop"}}, {}}, false,
     R"({"source":"prop","medium":"q","landing_page":"/","ts":)" + t + "}"},
    {"an empty prop does not hide the query",
     "/?utm_source=query", {{{"utm_source", ""}}, {}}, false,
     R"({"source":"query","landing_page":"/","ts":)" + t + "}"},
    {"a number prop is not a tag",
     "/?utm_source=query", {{}, {{"utm_source", 5}}}, false,
     R"({"source":"query","landing_page":"/","ts":)" + t + "}"},
    {"gclid alone: google cpc",
     "https://example.com/?gclid=abc123", {}, false,
     R"({"source":"google","medium":"cpc","gclid":"abc123","landing_page":"/","ts":)" + t + "}"},
    {"fbclid alone: facebook social",
     "/a?fbclid=fb1", {}, false,
     R"({"source":"facebook","medium":"social","fbclid":"fb1","landing_page":"/a","ts":)" + t + "}"},
    {"gclid with a utm source keeps it",
     "/?gclid=g&utm_source=bing", {}, false,
     R"({"source":"bing","medium":"cpc","gclid":"g","landing_page":"/","ts":)" + t + "}"},
    {"gclid in props",
     "/x", {{{"gclid", "g2"}}, {}}, false,
     R"({"source":"google","medium":"cpc","gclid":"g2","landing_page":"/x","ts":)" + t + "}"},
    {"campaign plus referrer keeps both",
     "/?utm_source=news", {{{"referrer", "https://mail.google.com/"}}, {}}, true,
     R"({"source":"news","referrer":"https://mail.google.com/","landing_page":"/","ts":)" + t + "}"},
    {"tag names are case-sensitive",
     "/?UTM_SOURCE=x", {}, false, "none"},
    {"empty tag values are no touch",
     "/?utm_source=&gclid=", {}, false, "none"},
    {"search engine: google.de",
     "https://example.com/b", {{{"referrer", "https://www.Google.DE/search?q=x"}}, {}}, true,
     R"({"source":"google.de","medium":"organic","referrer":"https://www.Google.DE/search?q=x","landing_page":"/b","ts":)" + t + "}"},
    {"search engine: google.co.uk",
     "https://example.com/b", {{{"referrer", "https://www.google.co.uk/"}}, {}}, true,
     R"({"source":"google.co.uk","medium":"organic","referrer":"https://www.google.co.uk/","landing_page":"/b","ts":)" + t + "}"},
    {"a site named google.something is a referral, not a search engine",
     "https://example.com/b", {{{"referrer", "https://google.evil.com/x"}}, {}}, true,
     R"({"source":"google.evil.com","medium":"referral","referrer":"https://google.evil.com/x","landing_page":"/b","ts":)" + t + "}"},
    {"search engine: bing",
     "https://example.com/", {{{"referrer", "https://www.bing.com/search?q=x"}}, {}}, true,
     R"({"source":"bing.com","medium":"organic","referrer":"https://www.bing.com/search?q=x","landing_page":"/","ts":)" + t + "}"},
    {"search engine: duckduckgo",
     "https://example.com/", {{{"referrer", "https://duckduckgo.com/"}}, {}}, true,
     R"({"source":"duckduckgo.com","medium":"organic","referrer":"https://duckduckgo.com/","landing_page":"/","ts":)" + t + "}"},
    {"search engine: a yahoo subdomain",
     "https://example.com/", {{{"referrer", "https://search.yahoo.com/search?p=x"}}, {}}, true,
     R"({"source":"search.yahoo.com","medium":"organic","referrer":"https://search.yahoo.com/search?p=x","landing_page":"/","ts":)" + t + "}"},
    {"social: m.facebook.com",
     "https://example.com/", {{{"referrer", "https://m.facebook.com/"}}, {}}, true,
     R"({"source":"m.facebook.com","medium":"social","referrer":"https://m.facebook.com/","landing_page":"/","ts":)" + t + "}"},
    {"social: t.co",
     "https://example.com/", {{{"referrer", "https://t.co/abc"}}, {}}, true,
     R"({"source":"t.co","medium":"social","referrer":"https://t.co/abc","landing_page":"/","ts":)" + t + "}"},
    {"social: linkedin",
     "https://example.com/", {{{"referrer", "https://www.linkedin.com/feed/"}}, {}}, true,
     R"({"source":"linkedin.com","medium":"social","referrer":"https://www.linkedin.com/feed/","landing_page":"/","ts":)" + t + "}"},
    {"referral: another site",
     "https://example.com/", {{{"referrer", "https://news.ycombinator.com/item?id=1"}}, {}}, true,
     R"({"source":"news.ycombinator.com","medium":"referral","referrer":"https://news.ycombinator.com/item?id=1","landing_page":"/","ts":)" + t + "}"},
    {"referral: a look-alike of bing",
     "https://example.com/", {{{"referrer", "https://notbing.com/"}}, {}}, true,
     R"({"source":"notbing.com","medium":"referral","referrer":"https://notbing.com/","landing_page":"/","ts":)" + t + "}"},
    {"referral: facebook.com inside another domain",
     "https://example.com/", {{{"referrer", "https://facebook.com.evil.net/"}}, {}}, true,
     R"({"source":"facebook.com.evil.net","medium":"referral","referrer":"https://facebook.com.evil.net/","landing_page":"/","ts":)" + t + "}"},
    {"a referrer after the visit started is no touch",
     "https://example.com/", {{{"referrer", "https://www.google.com/"}}, {}}, false, "none"},
    {"internal referrer: same host, other case and www",
     "https://www.Example.com/a", {{{"referrer", "https://EXAMPLE.com/b"}}, {}}, true, "none"},
    {"internal referrer: www on the referrer only",
     "https://example.com/a", {{{"referrer", "http://www.example.com:8080/b"}}, {}}, true, "none"},
    {"a subdomain is another site",
     "https://example.com/a", {{{"referrer", "https://blog.example.com/b"}}, {}}, true,
     R"({"source":"blog.example.com","medium":"referral","referrer":"https://blog.example.com/b","landing_page":"/a","ts":)" + t + "}"},
    {"direct: no referrer",
     "https://example.com/", {}, true, "none"},
    {"direct: empty referrer",
     "https://example.com/", {{{"referrer", ""}}, {}}, true, "none"},
    {"direct: a referrer without a host",
     "https://example.com/", {{{"referrer", "android-app"}}, {}}, true, "none"},
    {"a number referrer is ignored",
     "https://example.com/", {{}, {{"referrer", 1}}}, true, "none"},
    {"landing page is percent-decoded, without query",
     "https://example.com/b%C3%A0i-vi%E1%BA%BFt/x?utm_source=zalo#top", {}, false,
     R"({"source":"zalo","landing_page":"/bài-viết/x","ts":)" + t + "}"},
    {"a hash route's own query carries tags; the route is the landing page",
     "https://example.com/app/#/pricing?utm_source=newsletter&utm_campaign=spring+sale", {}, false,
     R"({"source":"newsletter","campaign":"spring sale","landing_page":"/app/pricing","ts":)" + t + "}"},
    {"the query before the # wins over the route's",
     "https://example.com/?utm_source=ads&gclid=#!/p?utm_source=news&gclid=g1", {}, false,
     R"({"source":"ads","medium":"cpc","gclid":"g1","landing_page":"/p","ts":)" + t + "}"},
    {"an in-page anchor's ? is no query",
     "https://example.com/#top?utm_source=x", {}, false, "none"},
    {"path-only URLs land where they say",
     "/khuyến-mãi?utm_medium=sms", {}, false,
     R"({"medium":"sms","landing_page":"/khuyến-mãi","ts":)" + t + "}"},
  };
  // clang-format on
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const Event e = page_view(c.url, c.props);
      BOOST_TEST(text_of(touch_of(e, split_url(e.url), c.starts_visit)) == c.touch);
    }
  }
}

// Stored values are at most 512 bytes, cut where a character begins.
BOOST_AUTO_TEST_CASE(long_values_are_cut_at_a_character_boundary) {
  struct Case {
    const char* name;
    std::string value;
    std::size_t bytes;  // after the cut
  };
  const std::string thai = repeat("ก", 200);          // 3 bytes each: 600 bytes
  const std::string vi = "a" + repeat("ệ", 200);       // 1 + 600 bytes: byte 512 is inside a letter
  const std::string vi2 = "abcde" + repeat("Việt ", 150);  // byte 512 is the middle of an "ệ"
  const std::string emoji = repeat("😀", 200);          // 4 bytes each: 512 is a boundary
  const Case cases[] = {
      {"Thai", thai, 510},
      {"Vietnamese, shifted by one byte", vi, 511},
      {"Vietnamese words", vi2, 511},
      {"emoji", emoji, 512},
      {"exactly 512 ASCII", std::string(512, 'x'), 512},
      {"513 ASCII", std::string(513, 'x'), 512},
      {"short", "ngắn", 7},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      for (const char* where : {"query", "props", "referrer", "landing"}) {
        BOOST_TEST_CONTEXT(where) {
          std::string url = "https://example.com/";
          Props props;
          const std::string w = where;
          if (w == "query") {
            url += "?utm_campaign=" + c.value;
          } else if (w == "props") {
            props.strings.push_back({"utm_campaign", c.value});
          } else if (w == "referrer") {
            props.strings.push_back({"referrer", "https://other.org/" + c.value});
          } else {
            url += c.value + "?utm_source=s";
          }
          const Event e = page_view(url, props);
          const std::optional<Touch> t = touch_of(e, split_url(e.url), true);
          BOOST_REQUIRE(t);
          const std::string& got = w == "referrer" ? t->referrer : w == "landing" ? t->landing_page : t->campaign;
          const std::string full = w == "referrer" ? "https://other.org/" + c.value : w == "landing" ? "/" + c.value : c.value;
          BOOST_TEST(got.size() <= ProfileLimits::max_touch_value_bytes);
          BOOST_TEST(is_valid_utf8(got));
          BOOST_TEST(full.compare(0, got.size(), got) == 0, "not a prefix");
          if (full.size() <= ProfileLimits::max_touch_value_bytes) {
            BOOST_TEST(got == full);
          } else {
            // As long as possible: the next character would not have fitted.
            bool valid = false;
            BOOST_TEST(got.size() + utf8_span(full, got.size(), valid) > ProfileLimits::max_touch_value_bytes);
            if (c.bytes && w != "referrer" && w != "landing") BOOST_TEST(got.size() == c.bytes);
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(touch_time_is_the_events) {
  const Props none;
  const std::string url = "/?utm_source=a";
  Event e = page_view(url, none);
  e.ts = 42;
  BOOST_TEST(touch_of(e, split_url(e.url), false)->ts == 42);
}

BOOST_AUTO_TEST_CASE(record_touch_first_stays_first) {
  Profile p;
  BOOST_TEST(!p.first_touch);
  auto touch = [](const char* source, std::int64_t at) {
    Touch t;
    t.source = source;
    t.ts = at;
    return t;
  };
  record_touch(p, touch("a", 1));
  BOOST_TEST(p.first_touch->source == "a");
  BOOST_TEST(p.last_touch->source == "a");
  record_touch(p, touch("b", 2));
  record_touch(p, touch("c", 3));
  BOOST_TEST(p.first_touch->source == "a");
  BOOST_TEST(p.first_touch->ts == 1);
  BOOST_TEST(p.last_touch->source == "c");
  BOOST_TEST(p.last_touch->ts == 3);
}

// record_touch_of() writes into last_touch in place: after each page view of
// a sequence, last_touch must read exactly as touch_of() of that view (no
// field of an earlier, longer touch left over), or be unchanged when the
// view is no touch; first_touch stays the first.
BOOST_AUTO_TEST_CASE(record_touch_of_in_place_equals_touch_of) {
  const std::string long_campaign = repeat("spring-sale-", 50);  // over the 512-byte bound
  struct View {
    std::string url;
    Props props;
    bool starts_visit;
  };
  const std::vector<View> views = {
      {"/", {{{"referrer", "https://news.ycombinator.com/item?id=1"}}, {}}, true},
      {"/pricing?utm_source=news&utm_medium=email&utm_campaign=" + long_campaign + "&utm_term=t&utm_content=c", {}, false},
      {"/blog/a-rather-long-path-name-for-the-landing-page", {{{"dwell_ms", "x"}}, {}}, false},  // no touch
      {"/x", {{{"utm_source", "twitter"}}, {}}, false},           // props only: the rest must be empty now
      {"/y?gclid=abc", {}, false},                                   // source and medium from the click id
      {"/z?fbclid=f&utm_medium=paid", {{{"utm_medium", "social-paid"}}, {}}, false},  // props win
      {"/", {{{"referrer", "https://www.google.de/"}}, {}}, true},   // an entrance referrer again
      {"/", {{{"referrer", "https://www.google.de/"}}, {}}, false},  // not an entrance: no touch
      {"/q?utm_source=%F0%9F%99%82+x&utm_source=second", {}, false},  // decoded; the first one counts
      {"https://example.com/p", {{{"referrer", "https://EXAMPLE.com/q"}}, {}}, true},  // internal: no touch
  };
  Profile p;
  std::optional<Touch> first, last;
  std::int64_t at = 1000;
  for (const View& v : views) {
    BOOST_TEST_CONTEXT(v.url) {
      const Event e = page_view(v.url, v.props);
      const UrlParts url = split_url(e.url);
      std::optional<Touch> want = touch_of(e, url, v.starts_visit);
      if (want) want->ts = at;
      BOOST_TEST(record_touch_of(p, e, url, v.starts_visit, at) == want.has_value());
      if (want) {
        last = want;
        if (!first) first = want;
      }
      BOOST_TEST(text_of(p.last_touch) == text_of(last));
      BOOST_TEST(text_of(p.first_touch) == text_of(first));
      ++at;
    }
  }
  BOOST_TEST(first->source == "news.ycombinator.com");
  BOOST_TEST(last->source == "🙂 x");
}

// Through apply_event: only page views are touches, and a referrer only at a visit's start.
BOOST_AUTO_TEST_CASE(touches_through_events) {
  const auto config = test::compile_config(R"({"version": 1})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  const std::int64_t t0 = ts;
  feed(*config, p, test::event("click", t0, "https://example.com/?utm_source=click"));
  BOOST_TEST(!p.first_touch);
  feed(*config, p, test::event("page_view", t0 + 1, "https://example.com/", {{"referrer", "https://www.bing.com/"}}));
  BOOST_TEST(!p.first_touch);  // the visit started with the click
  feed(*config, p, test::event("page_view", t0 + 2, "https://example.com/?utm_source=mail"));
  BOOST_REQUIRE(p.first_touch);
  BOOST_TEST(p.first_touch->source == "mail");
  feed(*config, p, test::event("page_view", t0 + 3600000, "https://example.com/", {{"referrer", "https://www.bing.com/"}}));
  BOOST_TEST(p.first_touch->source == "mail");
  BOOST_TEST(p.last_touch->source == "bing.com");
  BOOST_TEST(p.last_touch->medium == "organic");
  BOOST_TEST(p.last_touch->ts == t0 + 3600000);
}

// The widget passes the URL the page was loaded with as props.landing on the
// first page view: an app's router may have dropped the campaign tags from
// the URL by then. The core reads them from it, as props of their own names.
BOOST_AUTO_TEST_CASE(campaign_tags_of_the_landing_url) {
  const auto config = test::compile_config(R"({"version": 1, "rules": [
    {"id": "newsletter", "event": "page_view", "if": [{"field": "props.utm_source", "eq": "newsletter"}], "points": 5}]})");
  Profile p = new_profile(*config, "v");
  test::Feeder feed;
  const std::string landing = "https://example.com/app/welcome?utm_source=newsletter&utm_medium=e%2Dmail&utm_campaign=spring+launch&utm_source=second&gclid=Cj0abc&x=1";
  feed(*config, p, test::event("page_view", ts, "https://example.com/app/", {{"landing", landing}}));
  BOOST_REQUIRE(p.first_touch);
  BOOST_TEST(p.first_touch->source == "newsletter");  // the first one given
  BOOST_TEST(p.first_touch->medium == "e-mail");
  BOOST_TEST(p.first_touch->campaign == "spring launch");
  BOOST_TEST(p.first_touch->gclid == "Cj0abc");
  BOOST_TEST(p.first_touch->landing_page == "/app/");
  BOOST_TEST(p.rules[0].fired == 1u, "a rule on props.utm_source sees the landing's tag");

  // Props of the same name win; a landing without tags is no campaign.
  Profile q = new_profile(*config, "w");
  feed(*config, q, test::event("page_view", ts, "https://example.com/app/",
                               {{"landing", landing}, {"utm_source", "given"}}));
  BOOST_TEST(q.first_touch->source == "given");
  BOOST_TEST(q.first_touch->medium == "e-mail");
  Profile d = new_profile(*config, "x");
  feed(*config, d, test::event("page_view", ts, "https://example.com/app/", {{"landing", "https://example.com/app/welcome?x=utm_source"}}));
  BOOST_TEST(!d.first_touch, "a direct visit stays direct");
  BOOST_TEST(d.rules[0].fired == 0u);
}

// Most landings keep their tags in the URL, and the widget's first page view
// then carries no props.landing (it would repeat the URL): a rule on
// props.utm_source reads the tag from the event's own URL (its query, then
// its hash route's), as attribution does, and from the landing URL after.
BOOST_AUTO_TEST_CASE(campaign_tags_of_the_event_url) {
  const auto config = test::compile_config(R"({"version": 1, "rules": [
    {"id": "ads", "event": "page_view", "if": [{"field": "props.utm_source", "in": ["google_ads", "linkedin_ads"]}], "points": 5},
    {"id": "gclid", "event": "page_view", "if": [{"field": "props.gclid", "exists": true}], "points": 1}]})");
  test::Feeder feed;
  Profile p = new_profile(*config, "v");
  feed(*config, p, test::event("page_view", ts, "https://example.com/?utm_source=google_ads&gclid=g1"));
  BOOST_TEST(p.rules[0].fired == 1u, "the URL's own utm_source");
  BOOST_TEST(p.rules[1].fired == 1u, "the URL's own gclid");
  Profile r = new_profile(*config, "w");
  feed(*config, r, test::event("page_view", ts, "https://example.com/#/pricing?utm_source=linkedin_ads"));
  BOOST_TEST(r.rules[0].fired == 1u, "a hash route's own query");
  // Props of the same name still win, and a parameter that is no campaign tag is no prop.
  Profile q = new_profile(*config, "x");
  feed(*config, q, test::event("page_view", ts, "https://example.com/?utm_source=google_ads", {{"utm_source", "given"}}));
  BOOST_TEST(q.rules[0].fired == 0u);
  const auto other = test::compile_config(R"({"version": 1, "rules": [
    {"id": "x", "event": "page_view", "if": [{"field": "props.x", "eq": "1"}], "points": 1}]})");
  Profile o = new_profile(*other, "y");
  feed(*other, o, test::event("page_view", ts, "https://example.com/?x=1"));
  BOOST_TEST(o.rules[0].fired == 0u, "only campaign tags count as props");
}

BOOST_AUTO_TEST_CASE(a_url_without_its_campaign_parameters) {
  // The same page for the collectors, whose address bar a page cleans of its tags once read.
  BOOST_TEST(without_campaign_params("https://a.com/p?utm_source=x&plan=pro&gclid=1#top") == "https://a.com/p?plan=pro#top");
  BOOST_TEST(without_campaign_params("https://a.com/p?utm_source=x&fbclid=2") == "https://a.com/p");
  BOOST_TEST(without_campaign_params("https://a.com/p?utm_source=x#top") == "https://a.com/p#top");
  BOOST_TEST(without_campaign_params("https://a.com/p?a=1&&utm_medium=cpc&b") == "https://a.com/p?a=1&b");
  BOOST_TEST(without_campaign_params("https://a.com/p?utm_x=1&utm_source=x&b=2") == "https://a.com/p?utm_x=1&b=2");
  BOOST_TEST(without_campaign_params("https://a.com/p?utm%5Fsource=x&gcl%69d=1&b=%20") == "https://a.com/p?b=%20");
  // A hash router's route keeps its path, not its tags.
  BOOST_TEST(without_campaign_params("https://a.com/#/pricing?utm_campaign=spring&x=1") == "https://a.com/#/pricing?x=1");
  BOOST_TEST(without_campaign_params("https://a.com/?gclid=1#/pricing?utm_campaign=spring") == "https://a.com/#/pricing");
  // Nothing to take: the same text.
  BOOST_TEST(without_campaign_params("/pricing?plan=pro&clid=3") == "/pricing?plan=pro&clid=3");
  BOOST_TEST(without_campaign_params("") == "");
}

BOOST_AUTO_TEST_CASE(what_a_lead_says_of_a_page) {
  // What a lead says of the page where the visitor allows no tracking: no campaign tags.
  BOOST_TEST(url_for_lead("https://a.com/p?utm_source=x&plan=pro&gclid=1#top", false) == "https://a.com/p?plan=pro");
  BOOST_TEST(url_for_lead("https://a.com/p?utm_source=x&fbclid=2", false) == "https://a.com/p");
  BOOST_TEST(url_for_lead("https://a.com/p?utm_source=x#top", false) == "https://a.com/p");
  BOOST_TEST(url_for_lead("https://a.com/p?a=1&&utm_medium=cpc&b", false) == "https://a.com/p?a=1&b");
  BOOST_TEST(url_for_lead("https://a.com/p?utm_x=1&utm_source=x&b=2", false) == "https://a.com/p?utm_x=1&b=2");
  BOOST_TEST(url_for_lead("https://a.com/p?utm%5Fsource=x&gcl%69d=1&b=%20", false) == "https://a.com/p?b=%20");
  // A hash router's route keeps its path, not its tags.
  BOOST_TEST(url_for_lead("https://a.com/#/pricing?utm_campaign=spring&x=1", false) == "https://a.com/#/pricing?x=1");
  BOOST_TEST(url_for_lead("https://a.com/?gclid=1#/pricing?utm_campaign=spring", false) == "https://a.com/#/pricing");
  // Nothing to take: the same text.
  BOOST_TEST(url_for_lead("/pricing?plan=pro&clid=3", false) == "/pricing?plan=pro&clid=3");
  BOOST_TEST(url_for_lead("", false) == "");
  // Tracked: the campaign tags stay.
  BOOST_TEST(url_for_lead("https://a.com/p?utm_source=x&plan=pro", true) == "https://a.com/p?utm_source=x&plan=pro");
  // Never: an in-page anchor (an OAuth #access_token=, which never leaves the
  // browser otherwise), nor a parameter that may carry a credential or who the
  // visitor is (a reset token, an OAuth code, a session, an email).
  BOOST_TEST(url_for_lead("https://a.com/cb#access_token=abc&state=1", true) == "https://a.com/cb");
  BOOST_TEST(url_for_lead("https://a.com/p?plan=pro&email=ana%40x.com&reset_token=1&code=9&SessionID=2&key=k&sig=s#top", true) ==
             "https://a.com/p?plan=pro");
  BOOST_TEST(url_for_lead("https://a.com/p?Api_Key=1&password=2&x=3&auth=4&otp=5", true) == "https://a.com/p?x=3");
  BOOST_TEST(url_for_lead("https://a.com/p?PHPSESSID=1&access_key=2&api-key=3&_hsenc=4&mc_eid=5&x=6", true) == "https://a.com/p?x=6");
  BOOST_TEST(url_for_lead("https://a.com/p?postcode=1&barcode=2&keyword=3&monkey=4", true) == "https://a.com/p?postcode=1&barcode=2&keyword=3&monkey=4");
  // A hash route stays, without its own anchor or such parameters.
  BOOST_TEST(url_for_lead("https://a.com/#/reset?token=1&step=2#x", true) == "https://a.com/#/reset?step=2");
  BOOST_TEST(url_for_lead("https://a.com/#!/pricing", true) == "https://a.com/#!/pricing");
  // A referrer: where it was, not its query or anchor.
  BOOST_TEST(referrer_for_lead("https://a.com/account/reset?reset_token=1#x") == "https://a.com/account/reset");
  BOOST_TEST(referrer_for_lead("https://www.google.com/") == "https://www.google.com/");
}

BOOST_AUTO_TEST_SUITE_END()
