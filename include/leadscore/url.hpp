#pragma once
/// \file
/// URL splitting for events and attribution. Events carry absolute URLs
/// ("https://example.com/pricing?utm_source=x#top") or paths ("/pricing").

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace leadscore {

/// Views into the original URL text; nothing is decoded.
struct UrlParts {
  std::string_view scheme;    ///< "https", or "" for a path-only URL
  std::string_view host;      ///< lower/upper case as given, without port or userinfo; "" if none
  std::string_view path;      ///< "/pricing"; "/" if an absolute URL has no path; "" if url is ""
  std::string_view query;     ///< without '?'
  std::string_view fragment;  ///< without '#'
  /// A hash router's route's own query (the fragment "/p?x=1" or "!/p?x=1":
  /// "x=1"), without '?' and up to the route's own '#'; "" for an in-page
  /// anchor ("#top?x=1" is no route), as page_path decides.
  std::string_view route_query;
};

/// Splits a URL. Never fails: unparseable text yields its best split.
UrlParts split_url(std::string_view url);

/// A hash router's route ("/pricing?x" of the fragment "/pricing?x" or
/// "!/pricing?x"), or "" when the fragment is none (an in-page anchor).
std::string_view route_of(std::string_view fragment);

/// Percent-decodes `s`; with `plus_as_space`, '+' becomes ' ' (form encoding).
/// Invalid escapes are kept literally; a result that is not UTF-8 has its
/// invalid bytes replaced by U+FFFD.
std::string percent_decode(std::string_view s, bool plus_as_space);

/// The path of the page `parts` is, percent-decoded: what path globs match and
/// what people read ("/bài-viết" rather than "/b%C3%A0i-vi%E1%BA%BFt"). For a
/// hash router's route (a fragment "/..." or "!/..."), the path the same route
/// has under a history router: the URL's path without its last '/', then the
/// route's up to its own '?' or '#' ("/#/pricing" is "/pricing",
/// "/app/#!/plans?x" is "/app/plans"); an in-page anchor ("#pricing") is no
/// route. Returns a view of parts.path when there is nothing to build or
/// decode, else writes into `storage`.
std::string_view page_path(const UrlParts& parts, std::string& storage);

/// Calls f(name, raw_value) for each '&'-separated parameter of `query`, in
/// order, until f returns false: `name` is decoded, `raw_value` is as it
/// stands (decode it with percent_decode(raw_value, true)). Empty pairs are
/// skipped; a pair without '=' has an empty value. An f that takes a third
/// argument gets the whole pair as it stands ("utm_source=news").
template <class F>
void for_each_query_param(std::string_view query, F&& f) {
  std::string decoded;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (name.find_first_of("%+") != std::string_view::npos) {  // most names need no decoding
      decoded = percent_decode(name, true);
      name = decoded;
    }
    const std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if constexpr (std::is_invocable_v<F, std::string_view, std::string_view, std::string_view>) {
      if (!f(name, raw, pair)) return;
    } else if (!f(name, raw)) {
      return;
    }
  }
}

/// The first value of query parameter `name` (exact, case-sensitive), decoded.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

/// query_param() of the URL's query, else of its hash route's (the query
/// before the '#' wins for a name present in both): what query.<name>
/// conditions read.
std::optional<std::string> query_param(const UrlParts& parts, std::string_view name);

/// Host of a URL, lower-cased, without a leading "www."; "" if none.
std::string normalized_host(std::string_view url);

/// Host of a URL without a leading "www." (in any case), as the URL spells
/// it: a view into `url`, no copy (hosts compare with
/// equal_ignoring_ascii_case, text.hpp).
std::string_view bare_host(std::string_view url);

}  // namespace leadscore
