#include "leadscore/json_text.hpp"

#include <cmath>
#include <utility>
#include <vector>

#include "leadscore/text.hpp"

namespace leadscore {

std::optional<json> parse_json_text(std::string_view text, const std::string& domain, Error& error) {
  try {
    std::optional<json> doc = json::parse(text.begin(), text.end());
    // nlohmann ends the input at a NUL byte, so it would take "{}" followed
    // by a NUL and anything at all. JSON.parse and the WebAssembly reader
    // refuse that; so does this. (A NUL before the end of the document is
    // refused by nlohmann itself: it cuts the document short.)
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
      error = Error{domain + ".syntax", "", "byte " + std::to_string(nul + 1) + ": a NUL byte after the document"};
      return std::nullopt;
    }
    return doc;
  } catch (const json::exception& e) {
    // parse_error, or out_of_range for a number beyond double ("1e999"). The
    // message reads "[json.exception.parse_error.101] parse error at line 3,
    // column 5: syntax error while parsing ..."; keep the part after the id.
    std::string message = e.what();
    if (const auto close = message.find("] "); close != std::string::npos) message.erase(0, close + 2);
    // The message quotes the input where it stopped ("last read: '...'"),
    // which may be the very bytes that are not UTF-8: errors are written out
    // as JSON (the inbox's answers), so they must be UTF-8 themselves.
    error = Error{domain + ".syntax", "", valid_utf8(message)};
    return std::nullopt;
  }
}

std::size_t json_nesting(const json& document, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> stack{{&document, 1}};
  std::size_t deepest = 0;
  while (!stack.empty()) {
    const auto [value, depth] = stack.back();
    stack.pop_back();
    if (!value->is_structured()) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) break;
    for (const json& child : *value) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}

namespace {
// Scores are doubles; print integral ones as integers ("50", not "50.0").
json integral_numbers(const json& v) {
  switch (v.type()) {
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.0e15) {
        return json(static_cast<std::int64_t>(d));
      }
      return v;
    }
    case json::value_t::object: {
      json out = json::object();
      for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = integral_numbers(*it);
      return out;
    }
    case json::value_t::array: {
      json out = json::array();
      for (const auto& e : v) out.push_back(integral_numbers(e));
      return out;
    }
    default:
      return v;
  }
}
}  // namespace

JsonValue to_json_value(const json& v) {
  switch (v.type()) {
    case json::value_t::boolean: return JsonValue::boolean(v.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return JsonValue::number(v.get<double>());
    case json::value_t::string: return JsonValue::string(v.get<std::string>());
    case json::value_t::array: {
      JsonValue out = JsonValue::array();
      for (const json& e : v) out.push_back(to_json_value(e));
      return out;
    }
    case json::value_t::object: {
      JsonValue out = JsonValue::object();
      for (auto it = v.begin(); it != v.end(); ++it) out.set(it.key(), to_json_value(*it));
      return out;
    }
    default: return JsonValue();
  }
}

namespace {
// nlohmann reads any depth; the WebAssembly reader (parse_json_document) and
// to_json_value, which recurses, stop at max_json_depth.
Error too_deep(const char* domain) {
  return Error{std::string(domain) + ".syntax", "", "nested deeper than " + std::to_string(max_json_depth) + " levels"};
}
}  // namespace

ConfigResult load_config(const json& document) {
  if (json_nesting(document, max_json_depth) > max_json_depth) {
    ConfigResult refused;
    refused.errors.push_back(too_deep("leadscore.config"));
    return refused;
  }
  const JsonValue doc = to_json_value(document);
  return load_config(doc);
}

ProfileResult load_profile(const Config& config, const json& document, const std::string& fallback_visitor_id) {
  if (json_nesting(document, max_json_depth) > max_json_depth) {
    ProfileResult refused = load_profile(config, JsonValue(), fallback_visitor_id);  // a fresh profile
    refused.errors = {too_deep("leadscore.profile")};
    return refused;
  }
  const JsonValue doc = to_json_value(document);
  return load_profile(config, doc, fallback_visitor_id);
}

std::string to_json_text(const json& value) {
  return integral_numbers(value).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace leadscore
