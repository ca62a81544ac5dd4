// The WebAssembly boundary: plain functions over integer handles, and nothing else.
//
// Documents coming in (config, stored profile) cross as JS values that the
// browser's JSON.parse made; this file converts them to the core's JsonValue,
// so no JSON text parser ships in the module (nlohmann's would cost ~25 KB
// gzip, and its document type twice the reading code). Results go out
// as JSON text written by the core (JSON.parse on the JS side is fast and
// native). Events, the hot path, cross as compact JSON text read by the core's
// event scanner. No C++ exception crosses: errors come back as values
// {id, path, message}, and web/core.js turns them into LeadScoreError.

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
#include "leadscore/gates.hpp"
#include "leadscore/offers.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"

namespace leadscore::wasm {
namespace {

using emscripten::val;

constexpr int max_depth = 64;  // deeper documents are refused, not recursed into

// JS value -> the core's document. Returns false for values JSON cannot hold
// or nesting too deep.
bool from_js(const val& v, JsonValue& out, int depth) {
  if (depth > max_depth) return false;
  const std::string type = v.typeOf().as<std::string>();
  if (type == "string") {
    out = JsonValue::string(v.as<std::string>());
  } else if (type == "number") {
    // JSON.parse turns "1e999" into Infinity; natively that text is refused,
    // so it is refused here too.
    const double d = v.as<double>();
    if (!std::isfinite(d)) return false;
    out = JsonValue::number(d);
  } else if (type == "boolean") {
    out = JsonValue::boolean(v.as<bool>());
  } else if (v.isNull()) {
    out = JsonValue();
  } else if (type != "object") {
    return false;  // undefined, functions, symbols, bigints
  } else if (val::global("Array").call<bool>("isArray", v)) {
    out = JsonValue::array();
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      JsonValue e;
      if (!from_js(v[i], e, depth + 1)) return false;
      out.push_back(std::move(e));
    }
  } else {
    out = JsonValue::object();
    const val keys = val::global("Object").call<val>("keys", v);
    const unsigned n = keys["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      std::string key = keys[i].as<std::string>();
      JsonValue e;
      if (!from_js(v[key], e, depth + 1)) return false;
      out.set(std::move(key), std::move(e));
    }
  }
  return true;
}

std::string errors_to_json(const Errors& errors) {
  JsonWriter out;
  out.begin_array();
  for (const Error& e : errors) {
    out.begin_object().field("id", e.id).field("path", e.path).field("message", e.message).end_object();
  }
  return out.end_array().take();
}

// Bits of track()'s result (web/core.js decodes them).
enum : int {
  changed_accepted = 1, changed_score = 2, changed_lifecycle = 4, changed_journey = 8,
  changed_temperature = 16, changed_contact = 32, changed_session = 64, changed_offers = 128,
  changed_gates = 256,
};

const Error no_config{"leadscore.core.no_config", "", "load a config first"};

/// One instance: a compiled config and the visitors it scores.
struct Core {
  std::shared_ptr<const Config> config;
  std::unique_ptr<VisitorTable> visitors;
  Profile* current = nullptr;  // owned by visitors
  EventParser parser;
  Error last_error;
};

// Handles keep JS free of C++ object lifetimes: an unknown or deleted handle
// is an error value, never a crash.
std::vector<std::unique_ptr<Core>> cores;

Core* core_of(int handle) {
  if (handle < 0 || static_cast<std::size_t>(handle) >= cores.size()) return nullptr;
  return cores[static_cast<std::size_t>(handle)].get();
}

int create() {
  for (std::size_t i = 0; i < cores.size(); ++i) {
    if (!cores[i]) {
      cores[i] = std::make_unique<Core>();
      return static_cast<int>(i);
    }
  }
  cores.push_back(std::make_unique<Core>());
  return static_cast<int>(cores.size() - 1);
}

void destroy(int handle) {
  if (core_of(handle)) cores[static_cast<std::size_t>(handle)].reset();
}

/// Loads a config document (a parsed JS value). Returns the errors as JSON
/// ("[]" when it loaded); on errors the previous config stays. Loading a
/// config drops the loaded visitors: load profiles after the config.
std::string load_config(int handle, const val& document) {
  Core* c = core_of(handle);
  if (!c) return "null";
  JsonValue doc;
  if (!from_js(document, doc, 0)) {
    return errors_to_json({Error{"leadscore.config.syntax", "", "not a JSON document: a number out of range, or nested deeper than 64"}});
  }
  ConfigResult result = leadscore::load_config(doc);
  if (result.config) {
    c->config = std::move(result.config);
    c->visitors = std::make_unique<VisitorTable>(c->config);
    c->current = nullptr;
  }
  return errors_to_json(result.errors);
}

/// Makes `document` (a stored profile, or null for none) the current
/// visitor's profile. Returns why the document was refused ("[]" if it was
/// not), in which case the visitor starts fresh as `visitor_id`.
std::string load_profile(int handle, const val& document, const std::string& visitor_id) {
  Core* c = core_of(handle);
  if (!c) return "null";
  if (!c->config) return errors_to_json({no_config});
  ProfileResult result;
  JsonValue doc;
  if (document.isNull() || document.isUndefined()) {
    result.profile = new_profile(*c->config, visitor_id);
  } else if (!from_js(document, doc, 0)) {
    result.profile = new_profile(*c->config, visitor_id);
    result.errors.push_back(Error{"leadscore.profile.type", "", "not a JSON document"});
  } else {
    result = leadscore::load_profile(*c->config, doc, visitor_id);
  }
  Profile& slot = c->visitors->profile(result.profile.visitor_id);
  slot = std::move(result.profile);
  c->current = &slot;
  return errors_to_json(result.errors);
}

// Event text arrives as UTF-8 bytes the JS side wrote into the module's
// memory (TextEncoder.encodeInto into a reused buffer): no per-call
// allocation and no JS-side UTF-8 loop.
std::string_view bytes(std::uintptr_t ptr, std::size_t length) {
  return std::string_view(reinterpret_cast<const char*>(ptr), length);
}

/// Applies one event given as JSON text (UTF-8 at ptr, length bytes). An
/// event without "visitor" is the current visitor's. Returns the change bits,
/// or -1 (see last_error).
int track(int handle, std::uintptr_t ptr, std::size_t length) {
  const std::string_view event_json = bytes(ptr, length);
  Core* c = core_of(handle);
  if (!c) return -1;
  if (!c->config) {
    c->last_error = no_config;
    return -1;
  }
  const Event* event = c->parser.parse(event_json, c->last_error);
  if (!event) return -1;
  Profile* profile = c->current;
  if (!event->visitor.empty()) {
    profile = &c->visitors->profile(event->visitor);
  } else if (!profile) {
    c->last_error = Error{"leadscore.core.no_visitor", "", "load a profile before tracking"};
    return -1;
  }
  const Changes ch = apply_event(*c->config, *profile, *event, c->last_error);
  if (!ch.accepted) return -1;
  return changed_accepted | (ch.score ? changed_score : 0) | (ch.lifecycle ? changed_lifecycle : 0) |
         (ch.journey ? changed_journey : 0) | (ch.temperature ? changed_temperature : 0) |
         (ch.contact ? changed_contact : 0) | (ch.new_session ? changed_session : 0) |
         (ch.offers ? changed_offers : 0) | (ch.gates ? changed_gates : 0);
}

/// Scores NDJSON text (UTF-8 at ptr, each line with a "visitor") in one
/// crossing. Returns {"lines", "accepted", "refused", "errors": [{line, id,
/// path, message}]} listing at most 100 errors.
std::string track_ndjson(int handle, std::uintptr_t ptr, std::size_t length) {
  const std::string_view text = bytes(ptr, length);
  Core* c = core_of(handle);
  if (!c) return "null";
  if (!c->config) return "{\"errors\":" + errors_to_json({no_config}) + "}";
  struct Sink : ErrorSink {
    JsonWriter errors;
    unsigned listed = 0;
    void refused(std::size_t line, const Error& e) override {
      if (listed++ >= 100) return;
      errors.begin_object().field("line", static_cast<std::uint64_t>(line)).field("id", e.id)
          .field("path", e.path).field("message", e.message).end_object();
    }
  } sink;
  sink.errors.begin_array();
  const StreamStats stats = score_ndjson(*c->visitors, text, c->parser, sink);
  JsonWriter out;
  out.begin_object()
      .field("lines", static_cast<std::uint64_t>(stats.lines))
      .field("accepted", static_cast<std::uint64_t>(stats.accepted))
      .field("refused", static_cast<std::uint64_t>(stats.refused))
      .key("errors").raw(sink.errors.end_array().text());
  return out.end_object().take();
}

/// The error of the last refused track(), as {id, path, message}.
std::string last_error(int handle) {
  const Core* c = core_of(handle);
  if (!c) return "null";
  const Error& e = c->last_error;
  JsonWriter out;
  return out.begin_object().field("id", e.id).field("path", e.path).field("message", e.message).end_object().take();
}

/// The current visitor at `now` (epoch ms): scores, stages, breakdown,
/// contact, attribution, transitions; "null" before a profile is loaded.
std::string state(int handle, double now) {
  const Core* c = core_of(handle);
  if (!c || !c->config || !c->current) return "null";
  const auto t = static_cast<std::int64_t>(now);
  return state_to_json(*c->config, *c->current, standing_at(*c->config, *c->current, t));
}

/// Score lines for every visitor seen, in first-seen order (as the CLI prints them).
std::string standings(int handle, double now) {
  const Core* c = core_of(handle);
  if (!c || !c->config) return "[]";
  const auto t = static_cast<std::int64_t>(now);
  std::string out = "[";
  for (std::size_t i = 0; i < c->visitors->size(); ++i) {
    const Profile& p = c->visitors->at(i);
    if (p.events == 0) continue;  // every line of this visitor was refused
    if (out.size() > 1) out += ',';
    out += standing_to_json(*c->config, p, standing_at(*c->config, p, t));
  }
  return out + "]";
}

/// The offers to show on the current page now, and the triggers to come:
/// {"show": [...], "arm": {"delays", "depths", "exit_intent"}} (see offers.hpp).
/// `slots` are the page's inline slot names, one per line.
std::string decide_offers(int handle, const std::string& trigger, double seconds, double depth,
                          const std::string& url, const std::string& slots, double now) {
  const Core* c = core_of(handle);
  if (!c || !c->config || !c->current) return "null";
  OfferContext ctx;
  ctx.trigger = trigger == "delay"         ? TriggerKind::delay
                : trigger == "scroll"      ? TriggerKind::scroll
                : trigger == "exit_intent" ? TriggerKind::exit_intent
                                           : TriggerKind::load;
  ctx.seconds = seconds;
  ctx.depth = depth;
  ctx.url = url;
  ctx.now = static_cast<std::int64_t>(now);
  for (std::size_t pos = 0; pos < slots.size();) {
    const std::size_t end = std::min(slots.find('\n', pos), slots.size());
    if (end > pos) ctx.slots.emplace_back(slots.substr(pos, end - pos));
    pos = end + 1;
  }
  JsonWriter out;
  write_offer_decision(out, *c->config, decide_offers(*c->config, *c->current, ctx));
  return out.take();
}

/// One gated piece of content: {"status": "locked"|"free"|"unlocked", "mode",
/// "offer"?} or {"status": "unknown"} for a gate the config does not have.
std::string gate_status(int handle, const std::string& gate, const std::string& content) {
  const Core* c = core_of(handle);
  if (!c || !c->config || !c->current) return "null";
  const Config& config = *c->config;
  JsonWriter out;
  out.begin_object();
  for (std::size_t i = 0; i < config.gates.size(); ++i) {
    if (config.gates[i].id != gate) continue;
    const GateStatus s = leadscore::gate_status(config, *c->current, i, content);
    out.field("status", s == GateStatus::unlocked ? "unlocked" : s == GateStatus::free ? "free" : "locked")
        .field("mode", gate_mode_name(config.gates[i].mode));
    if (config.gates[i].offer >= 0) out.field("offer", config.offers[static_cast<std::size_t>(config.gates[i].offer)].id);
    return out.end_object().take();
  }
  return out.field("status", "unknown").end_object().take();
}

/// What the page side needs to know of the config: {"consent": bool, "respect_dnt": bool}.
std::string settings(int handle) {
  const Core* c = core_of(handle);
  if (!c || !c->config) return "null";
  JsonWriter out;
  return out.begin_object().field("consent_required", c->config->consent_required)
      .field("respect_dnt", c->config->respect_dnt).end_object().take();
}

/// The current visitor's profile in its stored (versioned) form, or "null".
std::string profile(int handle) {
  const Core* c = core_of(handle);
  if (!c || !c->config || !c->current) return "null";
  return profile_to_json(*c->config, *c->current);
}

}  // namespace
}  // namespace leadscore::wasm

namespace leadscore::detail {
// JS Number() is correctly rounded (ECMA-262 StringToNumber), like strtod.
double decimal_to_double_slow(std::string_view text) {
  return emscripten::val::global("Number")(std::string(text)).as<double>();
}
// JS String() of a number is its shortest round-trip form, like std::to_chars.
std::string shortest_double_text(double v) {
  return emscripten::val::global("String")(v).as<std::string>();
}
}  // namespace leadscore::detail

// Plain functions over integer handles: Embind's class machinery would add
// ~2.6 KB gzip of glue for no gain (web/core.js wraps these in a class).
EMSCRIPTEN_BINDINGS(leadscore) {
  using namespace leadscore::wasm;
  using emscripten::function;
  function("create", &create);
  function("destroy", &destroy);
  function("loadConfig", &load_config);
  function("loadProfile", &load_profile);
  function("track", &track);
  function("trackNdjson", &track_ndjson);
  function("lastError", &last_error);
  function("state", &state);
  function("standings", &standings);
  function("profile", &profile);
  function("decideOffers", &decide_offers);
  function("gateStatus", &gate_status);
  function("settings", &settings);
}
