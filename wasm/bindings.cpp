// The WebAssembly boundary: plain functions over integer handles, and nothing else.
//
// Everything JS hands in crosses as text: documents (config, stored profile
// and queue) as UTF-8 JSON that web/core.js writes into the module's memory,
// read by parse_json_document (the event scanner building a JsonValue; no
// JSON library ships in the module: nlohmann's would cost ~25 KB gzip);
// events, the hot path, the same way, read by the event scanner; short
// strings (ids, form answers as JSON) as Embind std::string. No JS value is
// walked from here: walking a fetched config through Embind (one call into
// JS per key and value) cost a page load more than parsing its text.
// Results go out as JSON text written by the core (JSON.parse on the JS side
// is fast and native). No C++ exception crosses: errors come back as values
// {id, path, message}, and web/core.js turns them into LeadScoreError.

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leadscore/attribution.hpp"
#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
#include "leadscore/gates.hpp"
#include "leadscore/leads.hpp"
#include "leadscore/text.hpp"
#include "leadscore/url.hpp"
#include "leadscore/offers.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"

namespace leadscore::wasm {
namespace {

// Document text (UTF-8 at ptr, length bytes, in the module's memory) into
// `doc`. On failure, `error` is "<id>": "not a JSON document: <where, what>".
bool read_document(std::uintptr_t ptr, std::size_t length, JsonValue& doc, const char* id, Error& error) {
  if (parse_json_document(std::string_view(reinterpret_cast<const char*>(ptr), length), doc, error)) return true;
  error = Error{id, "", "not a JSON document: " + error.message};
  return false;
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
  changed_gates = 256, changed_leads = 512, changed_lead_errors = 1024,
};

int change_bits(const Changes& ch) {
  return changed_accepted | (ch.score ? changed_score : 0) | (ch.lifecycle ? changed_lifecycle : 0) |
         (ch.journey ? changed_journey : 0) | (ch.temperature ? changed_temperature : 0) |
         (ch.contact ? changed_contact : 0) | (ch.new_session ? changed_session : 0) |
         (ch.offers ? changed_offers : 0) | (ch.gates ? changed_gates : 0);
}

const Error no_config{"leadscore.core.no_config", "", "load a config first"};

/// One instance: a compiled config, the visitors it scores, and the lead
/// delivery queue.
struct Core {
  std::shared_ptr<const Config> config;
  std::unique_ptr<VisitorTable> visitors;
  Profile* current = nullptr;  // owned by visitors
  EventParser parser;
  Error last_error;
  DeliveryQueue queue;
  LeadIds ids;
  PageInfo page;
  WithheldStages withheld;  // delivery stages reached while the page was not tracked
  Errors capture_errors;  // leads that could not be queued, until taken
  std::vector<std::string> captured;  // payloads made (JSON text), until taken

  void keep(Capture& cap) {
    for (const JsonValue& p : cap.payloads) {
      if (captured.size() == 64) captured.erase(captured.begin());  // nobody takes them: keep the newest
      captured.push_back(to_json(p));
    }
    capture_errors.insert(capture_errors.end(), cap.errors.begin(), cap.errors.end());
  }
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

/// Loads a config given as JSON text (UTF-8 at ptr, length bytes). Returns
/// the errors as JSON ("[]" when it loaded); on errors the previous config
/// stays. Loading a config drops the loaded visitors: load profiles after
/// the config.
std::string load_config(int handle, std::uintptr_t ptr, std::size_t length) {
  Core* c = core_of(handle);
  if (!c) return "null";
  JsonValue doc;
  Error error;
  if (!read_document(ptr, length, doc, "leadscore.config.syntax", error)) return errors_to_json({error});
  ConfigResult result = leadscore::load_config(doc);
  if (result.config) {
    c->config = std::move(result.config);
    c->visitors = std::make_unique<VisitorTable>(c->config);
    c->current = nullptr;
  }
  return errors_to_json(result.errors);
}

/// Makes a stored profile (JSON text at ptr, length bytes; none when length
/// is 0) the current visitor's profile. Returns why the text was refused
/// ("[]" if it was not), in which case the visitor starts fresh as
/// `visitor_id`.
std::string load_profile(int handle, std::uintptr_t ptr, std::size_t length, const std::string& visitor_id) {
  Core* c = core_of(handle);
  if (!c) return "null";
  if (!c->config) return errors_to_json({no_config});
  ProfileResult result;
  JsonValue doc;
  Error error;
  if (length == 0) {
    result.profile = new_profile(*c->config, visitor_id);
  } else if (!read_document(ptr, length, doc, "leadscore.profile.syntax", error)) {
    result.profile = new_profile(*c->config, visitor_id);
    result.errors.push_back(std::move(error));
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
  int bits = change_bits(ch);
  // Reaching a delivery stage (mql, sql) queues a lead at once: speed to lead.
  if (ch.lifecycle && profile == c->current) {
    Capture cap = capture_stage_changes(*c->config, *profile, ch, c->queue, c->ids, c->page, event->ts, &c->withheld);
    if (!cap.payload_ids.empty()) bits |= changed_leads;
    if (!cap.errors.empty()) bits |= changed_lead_errors;
    c->keep(cap);
  }
  return bits;
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
/// `slots` are the page's inline slot names, `shown` the ids of the offers
/// already shown on this page view, `open` the places offers still hold
/// ("banner", "modal", "slide-in", "slot:" and a slot's name), one per line.
std::string decide_offers(int handle, const std::string& trigger, double seconds, double depth,
                          const std::string& url, const std::string& slots, const std::string& shown,
                          const std::string& open, double now) {
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
  auto read_lines = [](const std::string& lines, std::vector<std::string>& list) {
    for (std::size_t pos = 0; pos < lines.size();) {
      const std::size_t end = std::min(lines.find('\n', pos), lines.size());
      if (end > pos) list.emplace_back(lines.substr(pos, end - pos));
      pos = end + 1;
    }
  };
  read_lines(slots, ctx.slots);
  read_lines(shown, ctx.shown);
  read_lines(open, ctx.open);
  JsonWriter out;
  write_offer_decision(out, *c->config, decide_offers(*c->config, *c->current, ctx));
  return out.take();
}

/// One gated piece of content: {"status": "locked"|"free"|"unlocked", "mode",
/// "offer"?: the offer shown in its place, as decideOffers writes it} or {"status": "unknown"} for a gate the config does not have.
/// An empty `content` is the page's (setPage's URL) path, as a gate_view without content counts it.
std::string gate_status(int handle, const std::string& gate, const std::string& content) {
  const Core* c = core_of(handle);
  if (!c || !c->config || !c->current) return "null";
  const Config& config = *c->config;
  std::string storage;
  const std::string_view id = content.empty() ? page_path(split_url(c->page.url), storage) : content;
  JsonWriter out;
  out.begin_object();
  for (std::size_t i = 0; i < config.gates.size(); ++i) {
    if (config.gates[i].id != gate) continue;
    const GateStatus s = leadscore::gate_status(config, *c->current, i, id);
    out.field("status", s == GateStatus::unlocked ? "unlocked" : s == GateStatus::free ? "free" : "locked")
        .field("mode", gate_mode_name(config.gates[i].mode));
    if (config.gates[i].offer >= 0) {
      out.key("offer");
      write_offer(out, config.offers[static_cast<std::size_t>(config.gates[i].offer)], "gate");
    }
    return out.end_object().take();
  }
  return out.field("status", "unknown").end_object().take();
}

/// What the page side needs to know of the config: {"consent_required": bool,
/// "respect_dnt": bool, "timeout_ms": the delivery timeout, "labels": the
/// widget's own texts the config gives in `language` (or English, or for all),
/// "label_languages": the language each of them was given in (none for a
/// text given for every language)}.
std::string settings(int handle, const std::string& language) {
  const Core* c = core_of(handle);
  if (!c || !c->config) return "null";
  const Config& config = *c->config;
  JsonWriter out;
  out.begin_object().field("consent_required", config.consent_required)
      .field("respect_dnt", config.respect_dnt).field("timeout_ms", config.delivery.timeout_ms)
      .key("labels").begin_object();
  // None for a language the config's label lacks (nor English, nor one for
  // all languages): the widget's English default, not another language's text.
  const auto* close = config.close_label.find_entry(language);
  const auto* locked = config.locked_label.find_entry(language);
  if (close) out.field("close", close->second);
  if (locked) out.field("locked", locked->second);
  out.end_object().key("label_languages").begin_object();
  if (close && !close->first.empty()) out.field("close", close->first);
  if (locked && !locked->first.empty()) out.field("locked", locked->first);
  return out.end_object().end_object().take();
}

/// Sets what payloads say of the page, and the random seed of payload ids
/// (one per page load, from crypto.randomUUID()); `tracked`: whether the
/// visitor allows tracking (PageInfo::tracked). Tracked now: the leads of
/// the stages reached while it was not are made (release_withheld), at
/// `now`; returns changed_leads if any was made (for takeLeads(), queued or
/// not), changed_lead_errors if one could not be queued.
int set_page(int handle, const std::string& id_seed, const std::string& url, const std::string& title,
             const std::string& referrer, const std::string& hubspot_cookie, bool tracked, double now) {
  Core* c = core_of(handle);
  if (!c) return 0;
  if (!id_seed.empty()) c->ids = LeadIds(id_seed);
  c->page = PageInfo{url, title, referrer, hubspot_cookie, tracked};
  if (!c->config || !c->current) return 0;
  Capture cap = release_withheld(*c->config, *c->current, c->withheld, c->queue, c->ids, c->page,
                                 static_cast<std::int64_t>(now));
  c->keep(cap);
  return (cap.payloads.empty() ? 0 : changed_leads) | (cap.errors.empty() ? 0 : changed_lead_errors);
}

const Form* form_of(const Core* c, const std::string& id) {
  const int f = c->config ? c->config->form_index(id) : -1;
  return f < 0 ? nullptr : &c->config->forms[static_cast<std::size_t>(f)];
}

// Form answers as a JSON object (web/core.js writes it; short).
FormValues answers_of(const std::string& answers) {
  FormValues out;
  JsonValue doc;
  Error error;
  if (!parse_json_document(answers, doc, error) || !doc.is_object()) return out;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const JsonValue& v = doc[i];
    std::string text = v.is_string() ? v.as_string()
                       : v.is_number() ? format_json_number(v.as_number())
                       : v.is_boolean() ? (v.as_bool() ? "true" : "false") : std::string();
    out.values.emplace_back(doc.key(i), std::move(text));
  }
  return out;
}

// The names of a page form's inputs as a JSON array (web/core.js writes it);
// "" for a form the widget renders, which has every field.
PageInputs inputs_of(const std::string& inputs) {
  if (inputs.empty()) return std::nullopt;
  std::vector<std::string> names;
  JsonValue doc;
  Error error;
  if (parse_json_document(inputs, doc, error) && doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) {
      if (doc[i].is_string()) names.push_back(doc[i].as_string());
    }
  }
  return names;
}

/// The fields of form `form_id` to ask the current visitor now, given the
/// answers so far and (a page's own form) the names of its inputs:
/// {"id", "fields": [...], "consent"?, "submit", "honeypot"?, "hidden"?, "missing"?}, or "null".
std::string form_plan(int handle, const std::string& form_id, const std::string& answers, const std::string& language,
                      const std::string& inputs) {
  const Core* c = core_of(handle);
  const Form* form = c && c->current ? form_of(c, form_id) : nullptr;
  if (!form) return "null";
  const PageInputs page_inputs = inputs_of(inputs);
  JsonWriter out;
  write_form_plan(out, *form, fields_to_ask(*form, *c->current, answers_of(answers), page_inputs), language, page_inputs);
  return out.take();
}

/// Checks answers as a submit would, and nothing more (no lead, no profile
/// change): {"outcome", "errors": [...]} with the messages in `language`, or
/// "null". The widget's messages shown again in a page's new language.
std::string check_form(int handle, const std::string& form_id, const std::string& answers, bool consent, double fill_ms,
                       const std::string& language, const std::string& inputs) {
  const Core* c = core_of(handle);
  const Form* form = c && c->current ? form_of(c, form_id) : nullptr;
  if (!form) return "null";
  JsonWriter out;
  write_form_check(out, leadscore::check_form(*form, *c->current, {answers_of(answers), consent, "", fill_ms, language, inputs_of(inputs)}));
  return out.take();
}

/// What a visitor reads about a page control's own constraint not met
/// (leadscore::constraint_message), in `language`; "" for the browser's.
std::string constraint_text(const std::string& problem, const std::string& language) {
  return leadscore::constraint_message(problem, language);
}

/// `url` without its campaign parameters (leadscore::without_campaign_params):
/// a page that takes them out of its address bar once read stays on the same page.
std::string url_without_campaign(const std::string& url) { return leadscore::without_campaign_params(url); }

/// Submits a form: {"outcome": "ok"|"invalid"|"spam"|"unsent", "errors": [...],
/// "changed": bits, "leads": [payload ids], "lead_errors": [...]}, or "null"
/// for an unknown form.
std::string submit_form(int handle, const std::string& form_id, const std::string& answers, bool consent,
                        const std::string& honeypot, double fill_ms, const std::string& language, double now,
                        const std::string& inputs) {
  Core* c = core_of(handle);
  const Form* form = c && c->current ? form_of(c, form_id) : nullptr;
  if (!form) return "null";
  FormSubmit submit{answers_of(answers), consent, honeypot, fill_ms, language, inputs_of(inputs)};
  SubmitResult r = leadscore::submit_form(*c->config, *c->current, *form, submit, c->queue, c->ids, c->page,
                                          static_cast<std::int64_t>(now));
  // The payload for takeLeads(); its errors are in this result (not in takeLeadErrors()).
  Capture payloads_only;
  payloads_only.payloads = std::move(r.capture.payloads);
  c->keep(payloads_only);
  JsonWriter out;
  out.begin_object()
      .field("outcome", r.check.outcome == FormOutcome::ok ? "ok" : r.check.outcome == FormOutcome::spam ? "spam"
                 : r.check.outcome == FormOutcome::unsent ? "unsent" : "invalid")
      .key("errors").begin_array();
  for (const FieldError& e : r.check.errors) {
    out.begin_object().field("field", e.field).field("code", e.code).field("message", e.message).end_object();
  }
  out.end_array().field("changed", r.changes.accepted ? change_bits(r.changes) : 0).key("leads").begin_array();
  for (const std::string& id : r.capture.payload_ids) out.value(id);
  out.end_array().key("lead_errors").raw(errors_to_json(r.capture.errors));
  return out.end_object().take();
}

/// The lead payloads made since the last call (submits and stage changes), as a JSON array.
std::string take_leads(int handle) {
  Core* c = core_of(handle);
  if (!c) return "[]";
  std::string out = "[";
  for (const std::string& p : c->captured) {
    if (out.size() > 1) out += ',';
    out += p;
  }
  c->captured.clear();
  return out + "]";
}

/// Leads that could not be queued since the last call (e.g. the queue is full).
std::string take_lead_errors(int handle) {
  Core* c = core_of(handle);
  if (!c) return "[]";
  std::string out = errors_to_json(c->capture_errors);
  c->capture_errors.clear();
  return out;
}

/// Loads the stored queue (JSON text at ptr, length bytes; none when length
/// is 0), its requests following the config's targets (follow_targets).
/// Returns [] or what was left out (a damaged item, or the whole document;
/// the caller keeps the text): the sound items are loaded.
std::string queue_load(int handle, std::uintptr_t ptr, std::size_t length) {
  Core* c = core_of(handle);
  if (!c) return "null";
  Errors errors;
  JsonValue doc;
  Error error;
  if (length == 0) {
    c->queue = DeliveryQueue();
  } else if (!read_document(ptr, length, doc, "leadscore.queue.syntax", error)) {
    errors.push_back(std::move(error));
    c->queue = DeliveryQueue();
  } else {
    c->queue = DeliveryQueue::from_json(doc, errors);
  }
  if (c->config) c->queue.follow_targets(c->config->delivery);
  return errors_to_json(errors);
}

/// Merges another copy of the queue (another tab's, as stored: JSON text at
/// ptr, length bytes; nothing when length is 0) into this one: see
/// DeliveryQueue::merge. Returns [] or what was left out (a damaged item, or
/// the whole document; the caller keeps the text): the sound items are
/// merged.
std::string queue_merge(int handle, std::uintptr_t ptr, std::size_t length) {
  Core* c = core_of(handle);
  if (!c) return "null";
  Errors errors;
  JsonValue doc;
  Error error;
  if (length == 0) return "[]";
  if (!read_document(ptr, length, doc, "leadscore.queue.syntax", error)) {
    errors.push_back(std::move(error));
  } else {
    c->queue.merge(DeliveryQueue::from_json(doc, errors));
    if (c->config) c->queue.follow_targets(c->config->delivery);
  }
  return errors_to_json(errors);
}

/// The queue in its stored form.
std::string queue_json(int handle) {
  const Core* c = core_of(handle);
  return c ? c->queue.to_json() : "null";
}

/// Waits and leases the page's clock cannot have set by `now` (it went back)
/// end now: none is longer than a retry's max_ms plus a lease
/// (web/delivery.js: timeout + 5 s, at most 125 s). Both where the widget
/// plans its timer (queue_info) and where it takes (queue_take): a merge of
/// a stored copy set by the wrong clock may bring them back in between.
void clock_back(Core* c, double now) {
  if (c->config) c->queue.clock_back(static_cast<std::int64_t>(now), static_cast<std::int64_t>(c->config->delivery.max_ms) + 125000);
}

/// Leases the requests due at `now` to `owner` (this tab), their bodies
/// within `max_bytes` (see DeliveryQueue::take_due), and returns them:
/// [{"id", "target", "url", "content_type", "headers", "body", "cors", "beacon",
/// "attempts" (sends before this one)}].
std::string queue_take(int handle, double now, const std::string& owner, double lease_ms, int max, double max_bytes) {
  Core* c = core_of(handle);
  if (!c) return "[]";
  clock_back(c, now);
  JsonWriter out;
  out.begin_array();
  for (std::size_t i : c->queue.take_due(static_cast<std::int64_t>(now), owner, static_cast<std::int64_t>(lease_ms),
                                         static_cast<std::size_t>(std::max(0, max)),
                                         static_cast<std::size_t>(max_bytes > 0 ? std::min(max_bytes, 1e9) : 0))) {
    const DeliveryRequest& r = c->queue.items()[i].request;
    out.begin_object().field("id", r.id).field("target", r.target).field("url", r.url)
        .field("content_type", r.content_type).key("headers").begin_object();
    for (const auto& [name, value] : r.headers) out.field(name, value);
    out.end_object().field("body", r.body).field("cors", r.cors).field("beacon", r.beacon)
        .field("attempts", c->queue.items()[i].attempts).end_object();
  }
  return out.end_array().take();
}

/// Records the answer to a send (status 0: none; retry_after_ms: the wait a
/// Retry-After asked for, -1 none; online: navigator.onLine): "delivered",
/// "retry", "refused", "unanswered" (a retry, and the site owner is to hear
/// that its target does not answer), or "unknown" for an id not in the queue.
std::string queue_report(int handle, const std::string& id, int status, double now, double jitter,
                         double retry_after_ms, bool online) {
  Core* c = core_of(handle);
  if (!c || !c->config) return "unknown";
  SendOutcome outcome;
  // Retry-After as the page read it (NaN, negative: none). A longer wait than
  // ~31 years (a date in 2099, a trillion seconds) asks for the longest the
  // config allows, as any long wait does: not ignored.
  const std::int64_t asked = retry_after_ms >= 0 ? static_cast<std::int64_t>(std::min(retry_after_ms, 1e12)) : -1;
  if (!c->queue.report(id, status, static_cast<std::int64_t>(now), jitter, c->config->delivery, outcome, asked, online)) {
    return "unknown";
  }
  return outcome == SendOutcome::delivered ? "delivered" : outcome == SendOutcome::retry ? "retry"
         : outcome == SendOutcome::refused ? "refused" : "unanswered";
}

/// The browser is back online: requests that got no answer are due now; how many.
int queue_network_back(int handle, double now) {
  Core* c = core_of(handle);
  if (!c) return 0;
  return static_cast<int>(c->queue.network_back(static_cast<std::int64_t>(now)));
}

/// flush(): what waits out a backoff is due now; how many.
int queue_flush(int handle, double now) {
  Core* c = core_of(handle);
  if (!c) return 0;
  return static_cast<int>(c->queue.flush(static_cast<std::int64_t>(now)));
}

/// {"items", "bytes", "next_due" (-1: nothing), "failed": [{"id", "target", "status", "attempts"}]}
/// at `now` (after clock_back, as queue_take).
std::string queue_info(int handle, double now) {
  Core* c = core_of(handle);
  if (!c) return "null";
  clock_back(c, now);
  JsonWriter out;
  out.begin_object().field("items", static_cast<std::uint64_t>(c->queue.items().size()))
      .field("bytes", static_cast<std::uint64_t>(c->queue.bytes())).field("next_due", c->queue.next_due())
      .key("failed").begin_array();
  for (const QueuedDelivery& q : c->queue.items()) {
    if (!q.failed) continue;
    out.begin_object().field("id", q.request.id).field("target", q.request.target)
        .field("status", q.last_status).field("attempts", q.attempts).end_object();
  }
  return out.end_array().end_object().take();
}

/// The current visitor's profile in its stored (versioned) form, or "null".
std::string profile(int handle) {
  const Core* c = core_of(handle);
  if (!c || !c->config || !c->current) return "null";
  return profile_to_json(*c->config, *c->current);
}

}  // namespace
}  // namespace leadscore::wasm

// track() as a plain export as well (Module._leadscore_track): the hottest
// call skips Embind's generic invoker (no eval under DYNAMIC_EXECUTION=0,
// so every Embind call checks and converts its arguments in a loop).
extern "C" EMSCRIPTEN_KEEPALIVE int leadscore_track(int handle, std::uintptr_t ptr, std::size_t length) {
  return leadscore::wasm::track(handle, ptr, length);
}

// Whether the current visitor, who has had a visit, would begin another with
// an event at `now` (a tab the visitor comes back to past the session timeout
// then tracks a page view first); 0 without a visitor or a visit. Plain too: no Embind entry to ship.
extern "C" EMSCRIPTEN_KEEPALIVE int leadscore_visit_lapsed(int handle, double now) {
  const auto* c = leadscore::wasm::core_of(handle);
  return c && c->current && leadscore::visit_lapsed(*c->config, *c->current, static_cast<std::int64_t>(now));
}

// JS Number() is correctly rounded (ECMA-262 StringToNumber), like strtod;
// JS String() of a number is its shortest round-trip form, like std::to_chars.
// Plain JS functions (EM_JS): no Embind val machinery in the glue.
EM_JS(double, leadscore_js_number, (const char* text, std::size_t length), {
  return Number(UTF8ToString(text, length));
});
EM_JS(int, leadscore_js_string, (double v, char* out, int size), {
  return stringToUTF8(String(v), out, size);
});

namespace leadscore::detail {
double decimal_to_double_slow(std::string_view text) {
  return leadscore_js_number(text.data(), text.size());
}
std::string shortest_double_text(double v) {
  char text[32];  // at most 24: "-2.2250738585072014e-308"
  return std::string(text, static_cast<std::size_t>(leadscore_js_string(v, text, sizeof text)));
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
  function("setPage", &set_page);
  function("formPlan", &form_plan);
  function("submitForm", &leadscore::wasm::submit_form);
  function("checkForm", &leadscore::wasm::check_form);
  function("constraintMessage", &constraint_text);
  function("withoutCampaignParams", &url_without_campaign);
  function("takeLeadErrors", &take_lead_errors);
  function("takeLeads", &take_leads);
  function("queueMerge", &queue_merge);
  function("queueLoad", &queue_load);
  function("queueJson", &queue_json);
  function("queueTake", &queue_take);
  function("queueReport", &queue_report);
  function("queueInfo", &queue_info);
  function("queueNetworkBack", &queue_network_back);
  function("queueFlush", &queue_flush);
}
