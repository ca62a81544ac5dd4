#include "leadscore/attribution.hpp"

#include <cstring>

#include "leadscore/text.hpp"
#include "leadscore/url.hpp"

namespace leadscore {
namespace {

// Cuts at a code point boundary so a stored touch stays valid UTF-8.
void assign_bounded(std::string& out, std::string_view s) {
  std::size_t n = ProfileLimits::max_touch_value_bytes;
  if (s.size() > n) {
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
  }
  out.assign(s.data(), s.size());
}

bool host_in(std::string_view host, std::initializer_list<std::string_view> domains) {
  for (std::string_view d : domains) {
    if (host == d) return true;
    // subdomains: "m.facebook.com", "search.yahoo.com" for "yahoo.com"
    if (host.size() > d.size() && host.compare(host.size() - d.size(), d.size(), d) == 0 &&
        host[host.size() - d.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

// "google." followed by a country or generic suffix only: google.de,
// google.co.uk, google.com.vn; not google.evil.com.
bool is_google(std::string_view host) {
  if (host.compare(0, 7, "google.") != 0) return false;
  std::string_view rest = host.substr(7);
  int labels = 0;
  while (!rest.empty()) {
    const std::size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty() || label.size() > 3 || ++labels > 2) return false;
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  }
  return labels > 0;
}

bool is_search_engine(std::string_view host) {
  if (is_google(host)) return true;
  return host_in(host, {"bing.com", "duckduckgo.com", "yahoo.com", "yandex.ru", "yandex.com",
                        "baidu.com", "ecosia.org", "search.brave.com", "coccoc.com", "naver.com"});
}

bool is_social(std::string_view host) {
  return host_in(host, {"t.co", "x.com", "twitter.com", "facebook.com", "instagram.com",
                        "linkedin.com", "lnkd.in", "reddit.com", "youtube.com", "tiktok.com",
                        "pinterest.com"});
}

}  // namespace

namespace {
bool may_carry_campaign(std::string_view query) {
  return query.find("utm_") != std::string_view::npos || query.find("clid=") != std::string_view::npos;
}

// Cheap test run on every page view before any decoding: could the queries
// (the URL's, its route's, the landing URL's and its route's) or the props
// carry campaign parameters?
bool may_carry_campaign(const Event& e, const std::string_view (&queries)[4]) {
  for (const std::string_view q : queries) {
    if (may_carry_campaign(q)) return true;
  }
  for (const Prop& p : e.props) {
    if ((p.key.size() >= 4 && std::memcmp(p.key.data(), "utm_", 4) == 0) || p.key == "gclid" || p.key == "fbclid") {
      return true;
    }
  }
  return false;
}
}  // namespace

namespace {

// Campaign parameters, by the name they have in a query or in props.
constexpr std::pair<std::string_view, std::string Touch::*> campaign_fields[] = {
    {"utm_source", &Touch::source}, {"utm_medium", &Touch::medium}, {"utm_campaign", &Touch::campaign},
    {"utm_term", &Touch::term},     {"utm_content", &Touch::content}, {"gclid", &Touch::gclid},
    {"fbclid", &Touch::fbclid},
};
constexpr int campaign_field_count = sizeof(campaign_fields) / sizeof(campaign_fields[0]);

int campaign_field(std::string_view name) {
  for (int k = 0; k < campaign_field_count; ++k) {
    if (campaign_fields[k].first == name) return k;
  }
  return -1;
}

// A page view's "landing" prop, split.
UrlParts landing_url(const Event& e) {
  const PropValue* l = e.prop("landing");
  return l && l->kind == PropValue::Kind::string ? split_url(l->text) : UrlParts();
}

// touch_of() written into `t`, which keeps its strings' storage: whether
// there is a touch is decided before anything is written, so `t` is left as
// it was when there is none.
bool touch_into(const Event& e, const UrlParts& url, bool starts_visit, Touch& t) {
  // Most page views are neither a visit's entrance nor campaign traffic.
  const UrlParts landing = landing_url(e);
  const std::string_view queries[] = {url.query, url.route_query, landing.query, landing.route_query};
  if (!starts_visit && !may_carry_campaign(e, queries)) return false;
  // Each campaign parameter as it stands: the first non-empty one in the
  // query, then in its hash route's own, then in the landing URL's (still
  // percent-encoded), and the one in props (which wins: collectors that
  // already split the URL, like the peer benchmark's events, put UTM values
  // there). A non-empty value stays non-empty when decoded and bounded.
  std::string_view in_query[campaign_field_count], in_props[campaign_field_count];
  for (const std::string_view query : queries) {
    for_each_query_param(query, [&](std::string_view name, std::string_view raw) {
      if (const int k = campaign_field(name); k >= 0 && in_query[k].empty()) in_query[k] = raw;
      return true;
    });
  }
  bool campaign = false;
  for (int k = 0; k < campaign_field_count; ++k) campaign = campaign || !in_query[k].empty();
  for (const Prop& p : e.props) {
    if (p.value.kind != PropValue::Kind::string || p.value.text.empty()) continue;
    if (const int k = campaign_field(p.key); k >= 0) {
      in_props[k] = p.value.text;
      campaign = true;
    }
  }

  std::string_view referrer;
  if (const PropValue* r = e.prop("referrer"); r && r->kind == PropValue::Kind::string) {
    referrer = r->text;
  }
  std::string_view ref_host;  // as the referrer spells it: nothing is copied before the touch is certain
  if (!campaign) {
    // Only a visit's entrance referrer is a touch; internal navigation is not.
    if (!starts_visit) return false;
    ref_host = bare_host(referrer);
    if (ref_host.empty() || equal_ignoring_ascii_case(ref_host, bare_host(e.url))) return false;
  }

  for (int k = 0; k < campaign_field_count; ++k) {
    std::string& out = t.*campaign_fields[k].second;
    if (!in_props[k].empty()) {
      assign_bounded(out, in_props[k]);
    } else if (!in_query[k].empty()) {
      assign_bounded(out, percent_decode(in_query[k], true));
    } else {
      out.clear();
    }
  }
  if (campaign) {
    // Click ids without UTM tags still say where the visitor came from.
    if (t.source.empty() && !t.gclid.empty()) t.source = "google";
    if (t.medium.empty() && !t.gclid.empty()) t.medium = "cpc";
    if (t.source.empty() && !t.fbclid.empty()) t.source = "facebook";
    if (t.medium.empty() && !t.fbclid.empty()) t.medium = "social";
  } else {
    assign_ascii_lower(t.source, ref_host);  // "www." already dropped, like normalized_host()
    t.medium = is_search_engine(t.source) ? "organic" : is_social(t.source) ? "social" : "referral";
  }
  assign_bounded(t.referrer, referrer);
  std::string storage;
  assign_bounded(t.landing_page, page_path(url, storage));
  t.ts = e.ts;
  return true;
}

}  // namespace

std::optional<std::string> campaign_param(const Event& e, const UrlParts& url, std::string_view name) {
  if (campaign_field(name) < 0) return std::nullopt;
  if (std::optional<std::string> v = query_param(url, name)) return v;
  return query_param(landing_url(e), name);
}

namespace {

// A query parameter that may carry a credential or who the visitor is (a
// reset token, an OAuth code, a session, an email): in no lead.
bool secret_param(std::string_view name) {
  // (a name the parameter's name holds, any case; "=": the whole of it)
  static constexpr std::string_view secrets[] = {"token", "passw", "secret", "session", "sessid", "mail", "apikey", "_key", "-key", "signature", "_hsenc", "mc_eid",
                                                 "=code", "=key", "=sig", "=otp", "=pwd", "=sid", "=jwt", "=pin", "=auth"};
  for (std::string_view s : secrets) {
    const bool whole = s[0] == '=';
    if (whole) s.remove_prefix(1);
    for (std::size_t i = 0; i + s.size() <= name.size() && (!whole || name.size() == s.size()); ++i) {
      if (equal_ignoring_ascii_case(name.substr(i, s.size()), s)) return true;
    }
  }
  return false;
}

// `url` without its campaign parameters (unless `tracked`) and, for a lead
// (`lead`), without an in-page anchor and parameters that may be secret.
std::string filtered_url(std::string_view url, bool tracked, bool lead) {
  const UrlParts parts = split_url(url);
  // An in-page anchor goes (an OAuth #access_token= never leaves the browser
  // otherwise); a hash route stays, without its own anchor.
  std::size_t end = url.size();
  if (lead && !parts.fragment.empty()) {
    const std::size_t at = static_cast<std::size_t>(parts.fragment.data() - url.data());
    const std::size_t anchor = parts.fragment.find('#');
    end = route_of(parts.fragment).empty() ? at - 1 : anchor == std::string_view::npos ? url.size() : at + anchor;
  }
  std::string out;
  std::size_t from = 0;  // what of `url` is not in `out` yet
  for (const std::string_view query : {parts.query, parts.route_query}) {
    if (query.empty() || (!lead && !may_carry_campaign(query) && query.find('%') == std::string_view::npos)) continue;
    const std::size_t at = static_cast<std::size_t>(query.data() - url.data());
    out.append(url, from, at - from);
    from = at + query.size();
    const std::size_t start = out.size();
    // Names compared decoded (a percent-encoded one too, as attribution reads them); the rest kept as written.
    for_each_query_param(query, [&](std::string_view name, std::string_view, std::string_view pair) {
      if (!((lead && secret_param(name)) || (!tracked && campaign_field(name) >= 0))) out.append(out.size() > start ? "&" : "").append(pair);
      return true;
    });
    if (out.size() == start) out.pop_back();  // a query left empty goes with its '?'
  }
  return out.append(url, from, end - std::min(from, end));
}

}  // namespace

std::string without_campaign_params(std::string_view url) { return filtered_url(url, false, false); }

std::string url_for_lead(std::string_view url, bool tracked) { return filtered_url(url, tracked, true); }

std::string referrer_for_lead(std::string_view url) { return std::string(url.substr(0, url.find_first_of("?#"))); }

std::optional<Touch> touch_of(const Event& e, const UrlParts& url, bool starts_visit) {
  Touch t;
  if (!touch_into(e, url, starts_visit, t)) return std::nullopt;
  return t;
}

void record_touch(Profile& p, Touch touch) {
  if (!p.first_touch) p.first_touch = touch;
  p.last_touch = std::move(touch);
}

bool record_touch_of(Profile& p, const Event& e, const UrlParts& url, bool starts_visit, std::int64_t ts) {
  if (!p.last_touch) {
    std::optional<Touch> t = touch_of(e, url, starts_visit);
    if (!t) return false;
    t->ts = ts;
    record_touch(p, std::move(*t));
    return true;
  }
  if (!touch_into(e, url, starts_visit, *p.last_touch)) return false;
  p.last_touch->ts = ts;
  if (!p.first_touch) p.first_touch = p.last_touch;
  return true;
}

}  // namespace leadscore
