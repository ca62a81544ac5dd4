#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "leadscore/text.hpp"
#include "leadscore/url.hpp"

using namespace std::string_view_literals;
using leadscore::normalized_host;
using leadscore::percent_decode;
using leadscore::query_param;
using leadscore::split_url;
using leadscore::UrlParts;

namespace {

struct SplitCase {
  std::string_view url, scheme, host, path, query, fragment;
};

// clang-format off
const SplitCase split_cases[] = {
    // url                                         scheme       host              path            query                 fragment
    {"https://example.com/pricing?x=1#top",        "https",     "example.com",    "/pricing",     "x=1",                "top"},
    {"http://user:pw@Example.COM:8080/a/b?c#d",    "http",      "Example.COM",    "/a/b",         "c",                  "d"},
    {"https://[::1]:8080/x",                       "https",     "[::1]",          "/x",           "",                   ""},
    {"https://[2001:db8::7]/",                     "https",     "[2001:db8::7]",  "/",            "",                   ""},
    {"https://example.com",                        "https",     "example.com",    "/",            "",                   ""},
    {"https://example.com?q=1",                    "https",     "example.com",    "/",            "q=1",                ""},
    {"https://example.com#top",                    "https",     "example.com",    "/",            "",                   "top"},
    {"https://example.com:8443",                   "https",     "example.com",    "/",            "",                   ""},
    {"https://a@b@example.com/",                   "https",     "example.com",    "/",            "",                   ""},
    {"HTTPS://Example.com/P",                      "HTTPS",     "Example.com",    "/P",           "",                   ""},
    {"//cdn.example.com/x",                        "",          "cdn.example.com","/x",           "",                   ""},
    {"//cdn.example.com",                          "",          "cdn.example.com","/",            "",                   ""},
    {"/pricing?utm_source=email",                  "",          "",               "/pricing",     "utm_source=email",   ""},
    {"pricing",                                    "",          "",               "pricing",      "",                   ""},
    {"?a=1",                                       "",          "",               "",             "a=1",                ""},
    {"#frag",                                      "",          "",               "",             "",                   "frag"},
    {"",                                           "",          "",               "",             "",                   ""},
    {"mailto:a@b.c",                               "mailto",    "",               "a@b.c",        "",                   ""},
    {"javascript:alert(1)",                        "javascript","",               "alert(1)",     "",                   ""},
    {"a+b.c-1:rest",                               "a+b.c-1",   "",               "rest",         "",                   ""},
    // A colon is a scheme only after an RFC 3986 scheme name.
    {"/a:b",                                       "",          "",               "/a:b",         "",                   ""},
    {"./a:b",                                      "",          "",               "./a:b",        "",                   ""},
    {"1http://x.com/",                             "",          "",               "1http://x.com/", "",                 ""},
    {"a_b:c",                                      "",          "",               "a_b:c",        "",                   ""},
    {"/p?next=https://x.com/",                     "",          "",               "/p",           "next=https://x.com/", ""},
    // The fragment may contain '?'; the query may contain '?' but not '#'.
    {"https://example.com/p#x?y=1",                "https",     "example.com",    "/p",           "",                   "x?y=1"},
    {"https://example.com/p?a=1?b#c#d",            "https",     "example.com",    "/p",           "a=1?b",              "c#d"},
    {"/p?#",                                       "",          "",               "/p",           "",                   ""},
};
// clang-format on

struct DecodeCase {
  std::string_view in;
  bool plus_as_space;
  std::string_view out;
};

// clang-format off
const DecodeCase decode_cases[] = {
    {"", false, ""},
    {"plain", false, "plain"},
    {"a%20b", false, "a b"},
    {"%2f%2F", false, "//"},
    {"%e2%82%ac%E2%82%AC", false, "€€"},
    {"a+b", false, "a+b"},
    {"a+b", true, "a b"},
    {"%2B", true, "+"},
    {"+%20+", true, "   "},
    // Invalid escapes stay as they are.
    {"%", false, "%"},
    {"%4", false, "%4"},
    {"%zz", false, "%zz"},
    {"%4g", false, "%4g"},
    {"100%", false, "100%"},
    {"%%41", false, "%A"},
    {"%%", false, "%%"},
    {"%00", false, "\0"sv},
    // Thai, Vietnamese, Persian, emoji.
    {"%E0%B9%84%E0%B8%97%E0%B8%A2", false, "ไทย"},
    {"Ti%E1%BA%BFng+Vi%E1%BB%87t", true, "Tiếng Việt"},
    {"%D9%81%D8%A7%D8%B1%D8%B3%DB%8C", false, "فارسی"},
    {"%F0%9F%98%80", false, "😀"},
    {"caf\xC3\xA9", false, "café"},
    // Ill-formed UTF-8: one U+FFFD per maximal ill-formed subpart.
    {"%FF", false, "\xEF\xBF\xBD"},
    {"a%C3", false, "a\xEF\xBF\xBD"},
    {"%C3%28", false, "\xEF\xBF\xBD("},
    {"%E0%B9", false, "\xEF\xBF\xBD"},
    {"%E0%B9x", false, "\xEF\xBF\xBDx"},
    {"%F0%9F%98", false, "\xEF\xBF\xBD"},
    {"%E0%80%80", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"%ED%A0%80", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"%F4%90%80%80", false, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"%C0%AF", false, "\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"%80%80", false, "\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"a\xFF" "b", false, "a\xEF\xBF\xBD" "b"},
    {"%C3%A9%A9", false, "é\xEF\xBF\xBD"},
};
// clang-format on

struct ParamCase {
  std::string_view query;
  std::string_view name;
  std::optional<std::string_view> value;
};

// clang-format off
const ParamCase param_cases[] = {
    {"utm_source=email&utm_medium=cpc", "utm_source", "email"sv},
    {"utm_source=email&utm_medium=cpc", "utm_medium", "cpc"sv},
    {"utm_source=email&utm_medium=cpc", "utm_campaign", std::nullopt},
    {"utm_campaign=%E0%B9%84%E0%B8%97%E0%B8%A2", "utm_campaign", "ไทย"sv},
    {"utm_campaign=khuy%E1%BA%BFn+m%C3%A3i&x=1", "utm_campaign", "khuyến mãi"sv},
    {"utm_term=%D8%AA%D8%AE%D9%81%DB%8C%D9%81", "utm_term", "تخفیف"sv},
    {"q=a+b", "q", "a b"sv},
    {"q=a%2Bb", "q", "a+b"sv},
    {"q=%FFx", "q", "\xEF\xBF\xBDx"sv},
    {"q=100%", "q", "100%"sv},
    // First occurrence wins; empty and missing values are "".
    {"a=1&a=2", "a", "1"sv},
    {"a=&a=2", "a", ""sv},
    {"a&b=2", "a", ""sv},
    {"b=2&a", "a", ""sv},
    {"a=1=2", "a", "1=2"sv},
    {"&&a=1&", "a", "1"sv},
    {"ab=1&a=2", "a", "2"sv},
    {"b=a&a", "a", ""sv},
    {"", "a", std::nullopt},
    {"", "", std::nullopt},
    {"a=1&&b=2", "", std::nullopt},
    {"b=2", "a", std::nullopt},
    // ';' is not a separator; names are exact and case-sensitive.
    {"a=1;b=2", "b", std::nullopt},
    {"a=1;b=2", "a", "1;b=2"sv},
    {"A=1", "a", std::nullopt},
    // Names are compared after decoding.
    {"utm%5Fsource=x", "utm_source", "x"sv},
    {"first+name=Jo", "first name", "Jo"sv},
    {"a%3Db=1", "a=b", "1"sv},
    {"a%26b=1", "a&b", "1"sv},
    {"%E0%B8%97=th", "ท", "th"sv},
    {"utm%5Fsource=x", "utm%5Fsource", std::nullopt},
};
// clang-format on

struct HostCase {
  std::string_view url;
  std::string_view host;
};

const HostCase host_cases[] = {
    {"https://example.com/pricing", "example.com"},
    {"https://WWW.Example.COM/x", "example.com"},
    {"http://user:pw@Example.COM:8080/a", "example.com"},
    {"//cdn.Example.com/x", "cdn.example.com"},
    {"https://www2.example.com", "www2.example.com"},
    {"https://www.www.example.com", "www.example.com"},
    {"https://wwwexample.com", "wwwexample.com"},
    {"https://[::1]:8080/x", "[::1]"},
    {"https://Bücher.example/", "bücher.example"},
    {"/pricing", ""},
    {"pricing", ""},
    {"mailto:a@b.c", ""},
    {"", ""},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(url_test)

BOOST_AUTO_TEST_CASE(split_url_table) {
  for (const SplitCase& c : split_cases) {
    BOOST_TEST_CONTEXT("url \"" << c.url << "\"") {
      const UrlParts parts = split_url(c.url);
      BOOST_TEST(std::string(parts.scheme) == std::string(c.scheme));
      BOOST_TEST(std::string(parts.host) == std::string(c.host));
      BOOST_TEST(std::string(parts.path) == std::string(c.path));
      BOOST_TEST(std::string(parts.query) == std::string(c.query));
      BOOST_TEST(std::string(parts.fragment) == std::string(c.fragment));
    }
  }
}

BOOST_AUTO_TEST_CASE(split_url_views_point_into_the_url) {
  const std::string url = "http://user:pw@Example.COM:8080/a/b?c#d";
  const UrlParts parts = split_url(url);
  const char* begin = url.data();
  const char* end = url.data() + url.size();
  for (std::string_view part :
       {parts.scheme, parts.host, parts.path, parts.query, parts.fragment}) {
    BOOST_TEST_CONTEXT("part \"" << part << "\"") {
      BOOST_TEST((part.data() >= begin && part.data() + part.size() <= end));
    }
  }
  BOOST_TEST(parts.host.data() == url.data() + url.find("Example"));
}

BOOST_AUTO_TEST_CASE(percent_decode_table) {
  for (const DecodeCase& c : decode_cases) {
    BOOST_TEST_CONTEXT("input \"" << c.in << "\", plus_as_space " << c.plus_as_space) {
      BOOST_TEST(percent_decode(c.in, c.plus_as_space) == std::string(c.out));
    }
  }
}

BOOST_AUTO_TEST_CASE(page_path_table) {
  // What path patterns match: the URL's path, percent-decoded; for a hash
  // router's route (#/..., #!/...) the path the same route has under a
  // history router: the page's path (without its last '/') and the route's,
  // up to the route's own query or anchor. An in-page anchor is no route.
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"https://example.com/pricing?x=1#top", "/pricing"},
      {"https://example.com/#/pricing", "/pricing"},
      {"https://example.com#/pricing", "/pricing"},
      {"https://example.com/#!/pricing", "/pricing"},
      {"https://example.com/app/#/plans?tab=team", "/app/plans"},
      {"https://example.com/app#/plans/team#members", "/app/plans/team"},
      {"https://example.com/app/?utm_source=x#/", "/app/"},
      {"https://example.com/#pricing", "/"},
      {"https://example.com/app/#!pricing", "/app/"},
      {"https://example.com/b%C3%A0i/#/vi%E1%BA%BFt", "/bài/viết"},
      {"/app/#/plans", "/app/plans"},
      {"#/plans", "/plans"},
      {"", ""},
  };
  for (const auto& [url, path] : cases) {
    BOOST_TEST_CONTEXT(url) {
      std::string storage;
      BOOST_TEST(std::string(page_path(split_url(url), storage)) == std::string(path));
    }
  }
}

BOOST_AUTO_TEST_CASE(query_param_table) {
  for (const ParamCase& c : param_cases) {
    BOOST_TEST_CONTEXT("query \"" << c.query << "\", name \"" << c.name << "\"") {
      const std::optional<std::string> got = query_param(c.query, c.name);
      BOOST_TEST(got.has_value() == c.value.has_value());
      if (got && c.value) BOOST_TEST(*got == std::string(*c.value));
    }
  }
}

BOOST_AUTO_TEST_CASE(query_param_of_split_url) {
  const UrlParts parts =
      split_url("https://example.com/p?utm_source=news+letter&utm_campaign=%E0%B9%84#utm_x=1");
  BOOST_TEST(query_param(parts.query, "utm_source").value_or("?") == "news letter");
  BOOST_TEST(query_param(parts.query, "utm_campaign").value_or("?") == "ไ");
  BOOST_TEST(!query_param(parts.query, "utm_x").has_value());
}

// A hash router's route (as page_path decides: "#/..." or "#!/...") may have a
// query of its own; an in-page anchor's '?' is no query.
BOOST_AUTO_TEST_CASE(route_query_of_split_url) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"https://example.com/app/#/pricing?utm_source=x&plan=team", "utm_source=x&plan=team"},
      {"https://example.com/#!/plans?tab=team#members", "tab=team"},
      {"https://example.com/?a=1#/p?b=2", "b=2"},
      {"/#/p?", ""},
      {"#/p?q=1", "q=1"},
      {"https://example.com/#/p#x?y=1", ""},
      {"https://example.com/#top?y=1", ""},
      {"https://example.com/#!top?y=1", ""},
      {"https://example.com/p?y=1#/", ""},
      {"https://example.com/p?y=1", ""},
  };
  for (const auto& [url, query] : cases) {
    BOOST_TEST_CONTEXT(url) {
      const UrlParts parts = split_url(url);
      BOOST_TEST(std::string(parts.route_query) == std::string(query));
    }
  }
}

// query.<name> conditions and campaign tags: the query before the '#' first,
// then the route's.
BOOST_AUTO_TEST_CASE(query_param_of_a_url_reads_the_route_query_too) {
  const UrlParts parts = split_url("https://example.com/?utm_source=ads&x=#/p?utm_source=news&plan=t%C3%A9am&x=2");
  BOOST_TEST(query_param(parts, "utm_source").value_or("?") == "ads");
  BOOST_TEST(query_param(parts, "plan").value_or("?") == "téam");
  BOOST_TEST(query_param(parts, "x").value_or("?") == "");
  BOOST_TEST(!query_param(parts, "y").has_value());
  BOOST_TEST(!query_param(split_url("/p#top?plan=team"), "plan").has_value());
}

BOOST_AUTO_TEST_CASE(normalized_host_table) {
  for (const HostCase& c : host_cases) {
    BOOST_TEST_CONTEXT("url \"" << c.url << "\"") {
      BOOST_TEST(normalized_host(c.url) == std::string(c.host));
      // The copy-free form attribution compares with: the same host, as spelled.
      const std::string_view bare = leadscore::bare_host(c.url);
      BOOST_TEST(leadscore::equal_ignoring_ascii_case(bare, c.host));
      BOOST_TEST((bare.empty() || (bare.data() >= c.url.data() && bare.data() + bare.size() <= c.url.data() + c.url.size())));
    }
  }
}

BOOST_AUTO_TEST_CASE(hosts_compare_ignoring_ascii_case_only) {
  BOOST_TEST(leadscore::equal_ignoring_ascii_case("News.YCombinator.com", "news.ycombinator.com"));
  BOOST_TEST(!leadscore::equal_ignoring_ascii_case("example.com", "example.co"));
  BOOST_TEST(!leadscore::equal_ignoring_ascii_case("example.com", "exbmple.com"));
  BOOST_TEST(!leadscore::equal_ignoring_ascii_case("B\xC3\x9C", "b\xC3\xBC"));  // "BÜ" vs "bü": non-ASCII letters are compared as bytes
  BOOST_TEST(leadscore::equal_ignoring_ascii_case("", ""));
}

BOOST_AUTO_TEST_SUITE_END()
