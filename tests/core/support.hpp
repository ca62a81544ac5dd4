#pragma once
// Helpers for the module suites: configs compiled from JSON text, and events
// written as JSON documents, turned into NDJSON text and parsed by the real
// EventParser before they are applied (so tests see what the CLI would see).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>
#include <utility>

#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
#include "leadscore/forms.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"

namespace leadscore {
// Names in failure messages.
inline std::ostream& operator<<(std::ostream& out, Journey j) { return out << journey_name(j); }
inline std::ostream& operator<<(std::ostream& out, Temperature t) { return out << temperature_name(t); }
}  // namespace leadscore

namespace leadscore::test {

/// The first error's text, or "" (Boost evaluates message operands even when a check passes).
inline std::string first_error(const Errors& errors) { return errors.empty() ? std::string() : errors[0].to_string(); }

/// Compiles a config given as JSON text; the test stops if it is invalid.
inline std::shared_ptr<const Config> compile_config(const std::string& text) {
  Error e;
  auto doc = parse_json_text(text, "test.config", e);
  BOOST_REQUIRE_MESSAGE(doc, "config text: " << e.to_string());
  ConfigResult r = load_config(*doc);
  BOOST_REQUIRE_MESSAGE(r.config, "config: " << first_error(r.errors));
  return r.config;
}

/// {"type": type, "ts": ts, "url": url, "props": props}; url and props only when given.
inline json event(const std::string& type, std::int64_t ts, const std::string& url = "",
                  const json& props = json::object()) {
  json e = {{"type", type}, {"ts", ts}};
  if (!url.empty()) e["url"] = url;
  if (!props.empty()) e["props"] = props;
  return e;
}

/// Applies events given as JSON documents through a reused EventParser.
struct Feeder {
  EventParser parser;
  Error error;  ///< of the last apply

  Changes operator()(const Config& config, Profile& profile, const json& e) {
    error = Error{};
    const std::string text = to_json_text(e);
    const Event* parsed = parser.parse(text, error);
    BOOST_REQUIRE_MESSAGE(parsed, "event does not parse: " << error.to_string() << " in " << text);
    return apply_event(config, profile, *parsed, error);
  }
};

/// The config's form `id` (the test stops if there is none).
inline const Form& form_of(const Config& c, const std::string& id) {
  const int i = c.form_index(id);
  BOOST_REQUIRE_MESSAGE(i >= 0, "no form " << id);
  return c.forms[static_cast<std::size_t>(i)];
}

/// A form submit with these answers, as a person sends it by default: in
/// English, consent given, five seconds of filling, the honeypot empty.
inline FormSubmit submit_of(std::vector<std::pair<std::string, std::string>> answers, std::string language = "en",
                            bool consent = true, double fill_ms = 5000, std::string honeypot = "") {
  FormSubmit s;
  s.answers.values = std::move(answers);
  s.consent = consent;
  s.honeypot = std::move(honeypot);
  s.fill_ms = fill_ms;
  s.language = std::move(language);
  return s;
}

}  // namespace leadscore::test
