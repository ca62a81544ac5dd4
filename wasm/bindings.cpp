// The WebAssembly boundary: one handle class over the core, and nothing else.
//
// Documents (config, stored profile, results) cross as JS values: the browser's
// JSON.parse/JSON.stringify turn text into values and back, and this file
// converts values to and from the core's json type. That keeps nlohmann's
// lexer and serializer out of the module (they would cost ~25 KB gzip).
// Events, the hot path, cross as compact JSON text and are read by the core's
// own event scanner. No C++ exception crosses: errors come back as values
// {id, path, message}, and the JS side turns them into LeadScoreError.

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"

namespace leadscore::wasm {
namespace {

using emscripten::val;

constexpr int max_depth = 64;  // deeper documents are refused, not recursed into

// JS value -> json. Returns false for values JSON cannot hold or nesting too deep.
bool from_js(const val& v, json& out, int depth) {
  if (depth > max_depth) return false;
  const std::string type = v.typeOf().as<std::string>();
  if (type == "string") {
    out = v.as<std::string>();
  } else if (type == "number") {
    out = v.as<double>();
  } else if (type == "boolean") {
    out = v.as<bool>();
  } else if (v.isNull()) {
    out = nullptr;
  } else if (type != "object") {
    return false;  // undefined, functions, symbols, bigints
  } else if (val::global("Array").call<bool>("isArray", v)) {
    out = json::array();
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      json e;
      if (!from_js(v[i], e, depth + 1)) return false;
      out.push_back(std::move(e));
    }
  } else {
    out = json::object();
    const val keys = val::global("Object").call<val>("keys", v);
    const unsigned n = keys["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      const std::string key = keys[i].as<std::string>();
      json e;
      if (!from_js(v[key], e, depth + 1)) return false;
      out[key] = std::move(e);
    }
  }
  return true;
}

val to_js(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      val o = val::object();
      for (auto it = j.begin(); it != j.end(); ++it) o.set(it.key(), to_js(*it));
      return o;
    }
    case json::value_t::array: {
      val a = val::array();
      for (std::size_t i = 0; i < j.size(); ++i) a.set(i, to_js(j[i]));
      return a;
    }
    case json::value_t::string: return val(j.get_ref<const std::string&>());
    case json::value_t::boolean: return val(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return val(j.get<double>());
    default: return val::null();
  }
}

val error_to_js(const Error& e) {
  val o = val::object();
  o.set("id", e.id);
  o.set("path", e.path);
  o.set("message", e.message);
  return o;
}

val errors_to_js(const Errors& errors) {
  val a = val::array();
  for (std::size_t i = 0; i < errors.size(); ++i) a.set(i, error_to_js(errors[i]));
  return a;
}

// Bits of track()'s result (wasm/README: the JS side decodes them).
enum : int {
  changed_accepted = 1, changed_score = 2, changed_lifecycle = 4, changed_journey = 8,
  changed_temperature = 16, changed_contact = 32, changed_session = 64,
};

}  // namespace

/// The one handle JS holds: a compiled config and the visitors it scores.
class Core {
 public:
  /// Loads a config document (a parsed JS value). Returns [] or the errors;
  /// on errors the previous config stays. Loading a config drops the loaded
  /// visitors: load profiles after the config.
  val load_config(const val& document) {
    json doc;
    if (!from_js(document, doc, 0)) {
      return errors_to_js({Error{"leadscore.config.type", "", "not a JSON document (or nested deeper than 64)"}});
    }
    ConfigResult result = leadscore::load_config(doc);
    if (result.config) {
      config_ = std::move(result.config);
      visitors_ = std::make_unique<VisitorTable>(config_);
      current_ = nullptr;
    }
    return errors_to_js(result.errors);
  }

  /// Makes `document` (a stored profile, or null for none) the current
  /// visitor's profile. Returns [] or why the document was refused, in which
  /// case the visitor starts fresh as `visitor_id`.
  val load_profile(const val& document, const std::string& visitor_id) {
    if (!config_) return errors_to_js({no_config()});
    ProfileResult result;
    json doc;
    if (document.isNull() || document.isUndefined()) {
      result.profile = new_profile(*config_, visitor_id);
    } else if (!from_js(document, doc, 0)) {
      result.profile = new_profile(*config_, visitor_id);
      result.errors.push_back(Error{"leadscore.profile.type", "", "not a JSON document"});
    } else {
      result = leadscore::load_profile(*config_, doc, visitor_id);
    }
    Profile& slot = visitors_->profile(result.profile.visitor_id);
    slot = std::move(result.profile);
    current_ = &slot;
    return errors_to_js(result.errors);
  }

  /// Applies one event given as JSON text. An event without "visitor" is the
  /// current visitor's. Returns the change bits, or -1 (see last_error()).
  int track(const std::string& event_json) {
    if (!config_) {
      last_error_ = no_config();
      return -1;
    }
    const Event* event = parser_.parse(event_json, last_error_);
    if (!event) return -1;
    Profile* profile = current_;
    if (!event->visitor.empty()) {
      profile = &visitors_->profile(event->visitor);
    } else if (!profile) {
      last_error_ = Error{"leadscore.core.no_visitor", "", "load a profile before tracking"};
      return -1;
    }
    const Changes c = apply_event(*config_, *profile, *event, last_error_);
    if (!c.accepted) return -1;
    return changed_accepted | (c.score ? changed_score : 0) | (c.lifecycle ? changed_lifecycle : 0) |
           (c.journey ? changed_journey : 0) | (c.temperature ? changed_temperature : 0) |
           (c.contact ? changed_contact : 0) | (c.new_session ? changed_session : 0);
  }

  /// Scores NDJSON text (each line with a "visitor") in one crossing.
  /// Returns {lines, accepted, refused, errors: [{line, id, path, message}]}
  /// with at most 100 errors listed.
  val track_ndjson(const std::string& text) {
    val out = val::object();
    if (!config_) {
      out.set("errors", errors_to_js({no_config()}));
      return out;
    }
    val errors = val::array();
    unsigned listed = 0;
    const StreamStats stats = score_ndjson(*visitors_, text, parser_, [&](std::size_t line, const Error& e) {
      if (listed >= 100) return;
      val o = error_to_js(e);
      o.set("line", static_cast<double>(line));
      errors.set(listed++, o);
    });
    out.set("lines", static_cast<double>(stats.lines));
    out.set("accepted", static_cast<double>(stats.accepted));
    out.set("refused", static_cast<double>(stats.refused));
    out.set("errors", errors);
    return out;
  }

  /// The error of the last refused track(), as {id, path, message}.
  val last_error() const { return error_to_js(last_error_); }

  /// The current visitor at `now` (epoch ms): scores, stages, breakdown,
  /// contact, attribution, transitions. null before a profile is loaded.
  val state(double now) const {
    if (!config_ || !current_) return val::null();
    const auto t = static_cast<std::int64_t>(now);
    return to_js(state_to_json(*config_, *current_, standing_at(*config_, *current_, t)));
  }

  /// Score lines for every visitor seen, in first-seen order (as the CLI prints them).
  val standings(double now) const {
    val out = val::array();
    if (!config_) return out;
    const auto t = static_cast<std::int64_t>(now);
    for (std::size_t i = 0; i < visitors_->size(); ++i) {
      const Profile& p = visitors_->at(i);
      out.set(i, to_js(standing_to_json(*config_, p, standing_at(*config_, p, t))));
    }
    return out;
  }

  /// The current visitor's profile in its stored (versioned) form, or null.
  val profile() const {
    if (!config_ || !current_) return val::null();
    return to_js(profile_to_json(*config_, *current_));
  }

 private:
  static Error no_config() { return Error{"leadscore.core.no_config", "", "load a config first"}; }

  std::shared_ptr<const Config> config_;
  std::unique_ptr<VisitorTable> visitors_;
  Profile* current_ = nullptr;  // owned by visitors_
  EventParser parser_;
  Error last_error_;
};

}  // namespace leadscore::wasm

EMSCRIPTEN_BINDINGS(leadscore) {
  using leadscore::wasm::Core;
  emscripten::class_<Core>("Core")
      .constructor<>()
      .function("loadConfig", &Core::load_config)
      .function("loadProfile", &Core::load_profile)
      .function("track", &Core::track)
      .function("trackNdjson", &Core::track_ndjson)
      .function("lastError", &Core::last_error)
      .function("state", &Core::state)
      .function("standings", &Core::standings)
      .function("profile", &Core::profile);
}
