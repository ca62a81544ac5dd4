#pragma once
/// \file
/// First- and last-touch attribution from UTM parameters, click ids and
/// referrers.

#include "leadscore/event.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/url.hpp"

namespace leadscore {

/// The marketing touch a page view carries, if any: utm_* or gclid/fbclid in
/// the URL query (then its hash route's own: UrlParts::route_query), in the
/// query of props.landing (likewise; the URL the page was loaded
/// with: the widget's first page view carries it, as an app's router may have
/// dropped the tags from the URL since) or in props of the same names, else
/// (at the start of a visit) an external referrer. Direct traffic is no touch.
/// `url` is split_url(page_view.url), which the caller already has.
std::optional<Touch> touch_of(const Event& page_view, const UrlParts& url, bool starts_visit);

/// Campaign parameter `name` (utm_*, gclid, fbclid), decoded, of the event's
/// URL (`url`, split: its query, then its hash route's), else of its
/// props.landing URL: what props.<name> is when the event has no such prop,
/// as attribution reads it. nullopt if `name` is no campaign parameter, or not there.
std::optional<std::string> campaign_param(const Event& event, const UrlParts& url, std::string_view name);

/// `url` without its campaign parameters (those campaign_param reads: utm_*,
/// gclid, fbclid) in its query and its hash route's query; the rest as it
/// stands, a query left empty without its '?'. The same page for the
/// collectors, whose address bar a page cleans of its tags once read.
std::string without_campaign_params(std::string_view url);

/// What a lead says of the page at `url`: without an in-page anchor (a hash
/// route stays, without its own), without query parameters that may carry a
/// credential or who the visitor is (token, password, session, email, code,
/// key...), and where the visitor allows no tracking (`tracked` false)
/// without its campaign parameters (those campaign_param reads: utm_*, gclid,
/// fbclid), in its query and its hash route's query; the rest as it stands,
/// a query left empty without its '?'.
std::string url_for_lead(std::string_view url, bool tracked);

/// What a lead says of a referrer: where it was, without its query or anchor.
std::string referrer_for_lead(std::string_view url);

/// Records a touch: the first one ever stays first_touch; every one becomes last_touch.
void record_touch(Profile& profile, Touch touch);

/// touch_of() and record_touch() in one, for every page view: the touch (at
/// time `ts`) is written into the profile's last_touch in place, reusing its
/// strings' storage. Returns whether the page view was a touch; if not, the
/// profile is unchanged.
bool record_touch_of(Profile& profile, const Event& page_view, const UrlParts& url, bool starts_visit,
                     std::int64_t ts);

}  // namespace leadscore
