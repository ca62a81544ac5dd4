#include "leadscore/attribution.hpp"

#include <cstring>

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
// Cheap test run on every page view before any decoding: could the query or
// the props carry campaign parameters?
bool may_carry_campaign(const Event& e, std::string_view query) {
  if (query.find("utm_") != std::string_view::npos || query.find("clid=") != std::string_view::npos) {
    return true;
  }
  for (const Prop& p : e.props) {
    if ((p.key.size() >= 4 && std::memcmp(p.key.data(), "utm_", 4) == 0) || p.key == "gclid" || p.key == "fbclid") {
      return true;
    }
  }
  return false;
}
}  // namespace

std::optional<Touch> touch_of(const Event& e, const UrlParts& url, bool starts_visit) {
  // Most page views are neither a visit's entrance nor campaign traffic.
  if (!starts_visit && !may_carry_campaign(e, url.query)) return std::nullopt;
  Touch t;
  // Where each campaign parameter goes; one pass over the query and one over
  // the props (they win: collectors that already split the URL, like the
  // peer benchmark's events, put UTM values there).
  auto slot = [&t](std::string_view name) -> std::string* {
    if (name == "utm_source") return &t.source;
    if (name == "utm_medium") return &t.medium;
    if (name == "utm_campaign") return &t.campaign;
    if (name == "utm_term") return &t.term;
    if (name == "utm_content") return &t.content;
    if (name == "gclid") return &t.gclid;
    if (name == "fbclid") return &t.fbclid;
    return nullptr;
  };
  for_each_query_param(url.query, [&](std::string_view name, std::string_view raw) {
    std::string* out = slot(name);
    if (out && out->empty() && !raw.empty()) assign_bounded(*out, percent_decode(raw, true));  // first one counts
    return true;
  });
  for (const Prop& p : e.props) {
    if (p.value.kind != PropValue::Kind::string || p.value.text.empty()) continue;
    if (std::string* out = slot(p.key)) assign_bounded(*out, p.value.text);
  }
  const bool campaign = !t.source.empty() || !t.medium.empty() || !t.campaign.empty() || !t.term.empty() ||
                        !t.content.empty() || !t.gclid.empty() || !t.fbclid.empty();

  std::string_view referrer;
  if (const PropValue* r = e.prop("referrer"); r && r->kind == PropValue::Kind::string) {
    referrer = r->text;
  }

  if (campaign) {
    // Click ids without UTM tags still say where the visitor came from.
    if (t.source.empty() && !t.gclid.empty()) t.source = "google";
    if (t.medium.empty() && !t.gclid.empty()) t.medium = "cpc";
    if (t.source.empty() && !t.fbclid.empty()) t.source = "facebook";
    if (t.medium.empty() && !t.fbclid.empty()) t.medium = "social";
  } else {
    // Only a visit's entrance referrer is a touch; internal navigation is not.
    if (!starts_visit) return std::nullopt;
    std::string ref_host = normalized_host(referrer);
    if (ref_host.empty() || ref_host == normalized_host(e.url)) return std::nullopt;
    t.medium = is_search_engine(ref_host) ? "organic" : is_social(ref_host) ? "social" : "referral";
    t.source = std::move(ref_host);
  }
  assign_bounded(t.referrer, referrer);
  std::string storage;
  assign_bounded(t.landing_page, decoded_path(url, storage));
  t.ts = e.ts;
  return t;
}

void record_touch(Profile& p, Touch touch) {
  if (!p.first_touch) p.first_touch = touch;
  p.last_touch = std::move(touch);
}

}  // namespace leadscore
