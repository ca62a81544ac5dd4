#pragma once
/// \file
/// URL splitting for events and attribution. Events carry absolute URLs
/// ("https://example.com/pricing?utm_source=x#top") or paths ("/pricing").

#include <optional>
#include <string>
#include <string_view>

namespace leadscore {

/// Views into the original URL text; nothing is decoded.
struct UrlParts {
  std::string_view scheme;    ///< "https", or "" for a path-only URL
  std::string_view host;      ///< lower/upper case as given, without port or userinfo; "" if none
  std::string_view path;      ///< "/pricing"; "/" if an absolute URL has no path; "" if url is ""
  std::string_view query;     ///< without '?'
  std::string_view fragment;  ///< without '#'
};

/// Splits a URL. Never fails: unparseable text yields its best split.
UrlParts split_url(std::string_view url);

/// Percent-decodes `s`; with `plus_as_space`, '+' becomes ' ' (form encoding).
/// Invalid escapes are kept literally; a result that is not UTF-8 has its
/// invalid bytes replaced by U+FFFD.
std::string percent_decode(std::string_view s, bool plus_as_space);

/// The path of `parts`, percent-decoded: what globs match and what people read
/// ("/bài-viết" rather than "/b%C3%A0i-vi%E1%BA%BFt"). Returns a view of
/// parts.path when there is nothing to decode, else decodes into `storage`.
std::string_view decoded_path(const UrlParts& parts, std::string& storage);

/// The first value of query parameter `name` (exact, case-sensitive), decoded.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

/// Host of a URL, lower-cased, without a leading "www."; "" if none.
std::string normalized_host(std::string_view url);

}  // namespace leadscore
