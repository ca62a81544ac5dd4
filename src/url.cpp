#include "leadscore/url.hpp"

#include "leadscore/text.hpp"

namespace leadscore {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ))
// when `s` starts with one followed by ':', else npos, so "/a:b" and
// "pricing" are paths.
std::size_t scheme_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return npos;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return npos;
  }
  return npos;
}

}  // namespace

std::string_view route_of(std::string_view fragment) {
  if (!fragment.empty() && fragment[0] == '!') fragment.remove_prefix(1);
  return fragment.empty() || fragment[0] != '/' ? std::string_view() : fragment;
}

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  // One pass (this runs for every page view): the fragment starts at the
  // first '#' and may itself contain '?'; a query starts at a '?' before it.
  const std::size_t end = url.find_first_of("?#");
  if (end != npos && url[end] == '?') {
    const std::size_t hash = url.find('#', end + 1);
    parts.query = url.substr(end + 1, hash - end - 1);
    if (hash != npos) parts.fragment = url.substr(hash + 1);
  } else if (end != npos) {
    parts.fragment = url.substr(end + 1);
  }
  if (!route_of(parts.fragment).empty()) {  // the route's own query, before its own anchor
    const std::size_t q = parts.fragment.find('?');
    const std::size_t anchor = parts.fragment.find('#');
    if (q < anchor) parts.route_query = parts.fragment.substr(q + 1, anchor - q - 1);
  }
  url = url.substr(0, end);
  if (const std::size_t colon = scheme_length(url); colon != npos) {
    parts.scheme = url.substr(0, colon);
    url.remove_prefix(colon + 1);
  }
  if (url.substr(0, 2) == "//") {
    url.remove_prefix(2);
    const std::size_t slash = url.find('/');
    std::string_view host = url.substr(0, slash);
    url = slash == npos ? std::string_view("/") : url.substr(slash);
    if (const std::size_t at = host.rfind('@'); at != npos) host.remove_prefix(at + 1);
    // An IPv6 literal keeps its brackets; its colons are not a port.
    std::size_t host_end = host.find(':');
    if (!host.empty() && host[0] == '[') {
      host_end = host.find(']');
      if (host_end != npos) ++host_end;
    }
    parts.host = host.substr(0, host_end);
  }
  parts.path = url;
  return parts;
}

std::string percent_decode(std::string_view s, bool plus_as_space) {
  std::string raw;
  raw.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int hi = s[i] == '%' && i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    char c = s[i];
    if (lo >= 0) {
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (plus_as_space && c == '+') {
      c = ' ';
    }
    raw += c;
  }
  return valid_utf8(raw);
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  std::optional<std::string> found;
  for_each_query_param(query, [&](std::string_view n, std::string_view raw) {
    if (n != name) return true;
    found = percent_decode(raw, true);
    return false;
  });
  return found;
}

std::optional<std::string> query_param(const UrlParts& parts, std::string_view name) {
  for (const std::string_view query : {parts.query, parts.route_query}) {
    if (std::optional<std::string> found = query_param(query, name)) return found;
  }
  return std::nullopt;
}

std::string_view bare_host(std::string_view url) {
  std::string_view host = split_url(url).host;
  if (host.size() >= 4 && equal_ignoring_ascii_case(host.substr(0, 4), "www.")) host.remove_prefix(4);
  return host;
}

std::string normalized_host(std::string_view url) {
  std::string host;
  assign_ascii_lower(host, bare_host(url));
  return host;
}

std::string_view page_path(const UrlParts& parts, std::string& storage) {
  std::string_view path = parts.path;
  if (std::string_view route = route_of(parts.fragment); !route.empty()) {
    if (!path.empty() && path.back() == '/') path.remove_suffix(1);
    route = route.substr(0, route.find_first_of("?#"));  // the route's path: up to its own query or anchor
    path = storage.assign(path).append(route);
  }
  if (path.find('%') == npos) return path;
  storage = percent_decode(path, false);  // a new string, then moved in: `path` may view `storage`
  return storage;
}

}  // namespace leadscore
