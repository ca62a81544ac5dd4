#include "leadscore/json_text.hpp"

#include <cmath>

namespace leadscore {

std::optional<json> parse_json_text(std::string_view text, const std::string& domain, Error& error) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    // parse_error, or out_of_range for a number beyond double ("1e999"). The
    // message reads "[json.exception.parse_error.101] parse error at line 3,
    // column 5: syntax error while parsing ..."; keep the part after the id.
    std::string message = e.what();
    if (const auto close = message.find("] "); close != std::string::npos) message.erase(0, close + 2);
    error = Error{domain + ".syntax", "", message};
    return std::nullopt;
  }
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

std::string to_json_text(const json& value) {
  return integral_numbers(value).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace leadscore
