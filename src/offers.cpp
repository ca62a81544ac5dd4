#include "leadscore/offers.hpp"

#include <algorithm>

#include "leadscore/config.hpp"
#include "leadscore/detail/config_reader.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/text.hpp"
#include "leadscore/url.hpp"

namespace leadscore {

namespace {
constexpr const char* type_names[] = {"newsletter", "ebook",   "whitepaper", "template", "webinar",
                                      "trial",      "demo",    "pricing",    "contact-sales", "custom"};
constexpr const char* placement_names[] = {"banner", "modal", "slide-in", "inline"};
constexpr const char* trigger_names[] = {"load", "delay", "scroll", "exit_intent"};

bool is_product(OfferType t) {
  return t == OfferType::trial || t == OfferType::demo || t == OfferType::pricing ||
         t == OfferType::contact_sales;
}

template <std::size_t N>
int index_of(const char* const (&names)[N], const std::string& s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

const char* offer_type_name(OfferType t) { return type_names[static_cast<int>(t)]; }
const char* placement_name(Placement p) { return placement_names[static_cast<int>(p)]; }

// ------------------------------------------------------------------ config

namespace detail {

bool is_safe_url(std::string_view url) {
  // Browsers strip or ignore control characters and spaces in URLs
  // ("java\tscript:", " javascript:"), so none are allowed; a backslash reads
  // as a slash in http URLs. Then: http(s), or relative (no scheme at all).
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '\\') return false;
  }
  const std::size_t end = url.find_first_of("/?#");
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || (end != std::string_view::npos && colon > end)) return true;
  const std::string_view scheme = url.substr(0, colon);
  return equal_ignoring_ascii_case(scheme, "http") || equal_ignoring_ascii_case(scheme, "https");
}

void read_offers(ConfigReader& reader, const JsonValue& list, Config& config) {
  Checker& check = reader.check();
  if (!check.expect_array(list, "/offers")) return;
  StringIndex ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = json_pointer_child("/offers", i);
    const JsonValue& o = list[i];
    if (!check.expect_object(o, path)) continue;
    check.only_keys(o, path, {"id", "description", "type", "placement", "slot", "stages", "journey", "if",
                              "trigger", "max_views", "max_views_per_visit", "cooldown_hours",
                              "priority", "content", "form"});
    const std::size_t before = check.error_count();
    Offer offer;
    if (auto id = reader.identifier(o, path, "id")) {
      check.unique(ids, *id, child(path, "id"), "offer id");
      offer.id = *id;
    }
    check.string(o, path, "description", false, 2000, true);
    if (auto t = check.choice(o, path, "type", true, {"newsletter", "ebook", "whitepaper", "template", "webinar",
                                                      "trial", "demo", "pricing", "contact-sales", "custom"})) {
      offer.type = static_cast<OfferType>(index_of(type_names, *t));
    }
    if (auto p = check.choice(o, path, "placement", true, {"banner", "modal", "slide-in", "inline"})) {
      offer.placement = static_cast<Placement>(index_of(placement_names, *p));
    }
    if (offer.placement == Placement::inline_slot) {
      if (auto slot = reader.identifier(o, path, "slot")) offer.slot = *slot;
    } else if (Checker::find(o, "slot")) {
      check.fail_at("unknown_key", path, "slot", "only inline offers have a slot");
    }
    if (auto stages = check.strings(o, path, "stages", false, 64)) {
      for (std::size_t k = 0; k < stages->size(); ++k) {
        const int s = config.stage_index((*stages)[k]);
        if (s < 0) {
          check.fail("reference", o.find("stages")->is_array() ? json_pointer_child(child(path, "stages"), k) : child(path, "stages"),
                     "no lifecycle stage \"" + (*stages)[k] + "\"");
        } else {
          offer.stages.push_back(static_cast<std::size_t>(s));
        }
      }
    }
    // Awareness visitors are never pitched the product.
    offer.journeys = is_product(offer.type) ? 4 : offer.type == OfferType::custom ? 7 : 3;
    if (const JsonValue* j = Checker::find(o, "journey")) {
      if (auto names = check.strings(o, path, "journey", false, 64)) {
        offer.journeys = 0;
        for (std::size_t k = 0; k < names->size(); ++k) {
          const std::string& n = (*names)[k];
          const std::string at = j->is_array() ? json_pointer_child(child(path, "journey"), k) : child(path, "journey");
          const int bit = n == "awareness" ? 0 : n == "consideration" ? 1 : n == "decision" ? 2 : -1;
          if (bit < 0) {
            check.fail_quoted("enum", at, "", n, " is not one of: awareness, consideration, decision");
          } else if (bit == 0 && is_product(offer.type)) {
            check.fail("offer_stage", at,
                       std::string(offer_type_name(offer.type)) +
                           " offers are for consideration and decision: awareness visitors are never pitched the product");
          } else {
            offer.journeys = static_cast<std::uint8_t>(offer.journeys | (1 << bit));
          }
        }
      }
    }
    reader.conditions(o, path, detail::FieldScope::page, offer.conditions);
    if (const JsonValue* t = Checker::find(o, "trigger")) {
      const std::string at = child(path, "trigger");
      if (check.expect_object(*t, at)) {
        check.only_keys(*t, at, {"on", "seconds", "depth", "min_page_views"});
        if (auto on = check.choice(*t, at, "on", true, {"load", "delay", "scroll", "exit_intent"})) {
          offer.trigger = static_cast<TriggerKind>(index_of(trigger_names, *on));
        }
        const bool delay = offer.trigger == TriggerKind::delay, scroll = offer.trigger == TriggerKind::scroll;
        if (auto sec = check.number(*t, at, "seconds", delay, 0, 86400)) offer.seconds = *sec;
        if (auto d = check.number(*t, at, "depth", scroll, 1, 100)) offer.depth = *d;
        if (!delay && Checker::find(*t, "seconds")) check.fail_at("unknown_key", at, "seconds", "only delay triggers have seconds");
        if (!scroll && Checker::find(*t, "depth")) check.fail_at("unknown_key", at, "depth", "only scroll triggers have a depth");
        if (auto n = check.integer(*t, at, "min_page_views", false, 0, 1000)) offer.min_page_views = static_cast<std::uint32_t>(*n);
      }
    }
    if (auto n = check.integer(o, path, "max_views", false, 1, 1000000)) offer.max_views = static_cast<std::uint32_t>(*n);
    if (auto n = check.integer(o, path, "max_views_per_visit", false, 1, 1000)) offer.max_views_per_visit = static_cast<std::uint32_t>(*n);
    if (auto h = check.number(o, path, "cooldown_hours", false, 0, 876000)) offer.cooldown_ms = *h * 3600000.0;
    if (auto p = check.number(o, path, "priority", false, -1e6, 1e6)) offer.priority = *p;
    const JsonValue* content = Checker::find(o, "content");
    const std::string cpath = child(path, "content");
    if (!content) {
      check.fail("required", cpath, "required key is missing");
    } else if (check.expect_object(*content, cpath)) {
      check.only_keys(*content, cpath, {"title", "text", "cta", "url", "image"});
      OfferContent& c = offer.content;
      if (auto v = check.string(*content, cpath, "title", true, 200)) c.title = *v;
      if (auto v = check.string(*content, cpath, "text", false, 2000, true)) c.text = *v;
      if (auto v = check.string(*content, cpath, "cta", false, 80)) c.cta = *v;
      for (const char* key : {"url", "image"}) {
        if (auto v = check.string(*content, cpath, key, false, 2048)) {
          if (!is_safe_url(*v)) {
            check.fail("url", child(cpath, key), "must be an http(s) URL or a relative one");
          } else {
            (std::string(key) == "url" ? c.url : c.image) = *v;
          }
        }
      }
    }
    if (auto f = reader.identifier(o, path, "form", false)) offer.form = *f;
    if (check.error_count() == before) config.offers.push_back(std::move(offer));
  }
}

}  // namespace detail

// ------------------------------------------------------------------ choosing

namespace {

bool suits(const Config& config, const Profile& p, const Offer& o, const OfferState& s,
           const OfferContext& ctx) {
  if (!o.stages.empty() && std::find(o.stages.begin(), o.stages.end(), p.lifecycle) == o.stages.end()) {
    return false;
  }
  if (!(o.journeys & (1 << static_cast<int>(p.journey)))) return false;
  if (s.converted) return false;
  if (s.views >= o.max_views) return false;
  if (s.visit == p.sessions && s.visit_views >= o.max_views_per_visit) return false;
  if (s.dismissed && static_cast<double>(ctx.now - s.dismissed) < o.cooldown_ms) return false;
  if (p.visit_page_views < o.min_page_views) return false;
  if (!o.conditions.empty()) {
    Event page;
    page.type = "page_view";
    page.url = ctx.url;
    page.ts = ctx.now;
    if (!conditions_hold(o.conditions, page, p)) return false;
  }
  (void)config;
  return true;
}

// Adds x to the ascending list v, once: one insertion-sort step. The lists
// hold a few trigger values; this keeps std::sort and vector::insert (~2 KB
// of wasm) out of the module.
void add_sorted_unique(std::vector<double>& v, double x) {
  std::size_t at = v.size();
  while (at > 0 && v[at - 1] > x) --at;
  if (at > 0 && v[at - 1] == x) return;
  v.push_back(x);
  for (std::size_t i = v.size() - 1; i > at; --i) v[i] = v[i - 1];
  v[at] = x;
}

}  // namespace

OfferDecision decide_offers(const Config& config, const Profile& p, const OfferContext& ctx) {
  OfferDecision d;
  // The offers whose trigger fired, each with its place: the placement kind
  // (overlays) or 3 + the index of its slot (inline).
  std::vector<std::size_t> fired_offers, fired_places;
  for (std::size_t i = 0; i < config.offers.size(); ++i) {
    const Offer& o = config.offers[i];
    const OfferState& s = p.offers[i];
    std::size_t place = static_cast<std::size_t>(o.placement);
    if (o.placement == Placement::inline_slot) {
      place = 0;
      for (std::size_t k = 0; k < ctx.slots.size(); ++k) {
        if (ctx.slots[k] == o.slot) place = 3 + k;
      }
      if (place == 0) continue;  // no such slot on this page
    }
    if (!suits(config, p, o, s, ctx)) continue;
    bool fired = true;
    switch (o.trigger) {
      case TriggerKind::load: break;
      case TriggerKind::delay:
        fired = ctx.seconds >= o.seconds;
        if (!fired) add_sorted_unique(d.delays, o.seconds);
        break;
      case TriggerKind::scroll:
        fired = ctx.depth >= o.depth;
        if (!fired) add_sorted_unique(d.depths, o.depth);
        break;
      case TriggerKind::exit_intent:
        fired = ctx.trigger == TriggerKind::exit_intent;
        d.exit_intent = d.exit_intent || !fired;
        break;
    }
    if (!fired) continue;
    fired_offers.push_back(i);
    fired_places.push_back(place);
  }
  // One pitch of a kind per page view: the types of the offers already shown
  // on it are taken (a bit per OfferType); custom offers are each their own kind.
  unsigned types_taken = 0;
  auto type_bit = [](const Offer& o) { return o.type == OfferType::custom ? 0u : 1u << static_cast<int>(o.type); };
  for (const std::string& id : ctx.shown) {
    for (const Offer& o : config.offers) {
      if (o.id == id) types_taken |= type_bit(o);
    }
  }
  // The places offers still hold on the page are not free (-2): an offer
  // that cannot be shown there takes no type from one that can be elsewhere.
  std::vector<int> chosen(3 + ctx.slots.size(), -1);
  for (const std::string& held : ctx.open) {
    for (int k = 0; k < 3; ++k) {
      if (held == placement_names[k]) chosen[static_cast<std::size_t>(k)] = -2;
    }
    for (std::size_t k = 0; k < ctx.slots.size(); ++k) {
      if (held.size() == 5 + ctx.slots[k].size() && held.compare(0, 5, "slot:") == 0 &&
          held.compare(5, std::string::npos, ctx.slots[k]) == 0) {
        chosen[3 + k] = -2;
      }
    }
  }
  // The highest priority (then the first in the config) takes its place and
  // its type, and so on while offers are left whose place and type are free.
  for (;;) {
    int best = -1;
    for (std::size_t k = 0; k < fired_offers.size(); ++k) {
      const Offer& o = config.offers[fired_offers[k]];
      if (chosen[fired_places[k]] != -1 || (types_taken & type_bit(o))) continue;
      if (best < 0 || o.priority > config.offers[fired_offers[static_cast<std::size_t>(best)]].priority) {
        best = static_cast<int>(k);
      }
    }
    if (best < 0) break;
    const std::size_t offer = fired_offers[static_cast<std::size_t>(best)];
    chosen[fired_places[static_cast<std::size_t>(best)]] = static_cast<int>(offer);
    types_taken |= type_bit(config.offers[offer]);
  }
  for (int c : chosen) {
    if (c >= 0) d.show.push_back(static_cast<std::size_t>(c));
  }
  return d;
}

void write_offer(JsonWriter& out, const Offer& o, const char* placement) {
  out.begin_object()
      .field("offer", o.id)
      .field("type", offer_type_name(o.type))
      .field("placement", placement ? placement : placement_name(o.placement));
  if (!placement && !o.slot.empty()) out.field("slot", o.slot);
  out.field("title", o.content.title);
  if (!o.content.text.empty()) out.field("text", o.content.text);
  if (!o.content.cta.empty()) out.field("cta", o.content.cta);
  if (!o.content.url.empty()) out.field("url", o.content.url);
  if (!o.content.image.empty()) out.field("image", o.content.image);
  if (!o.form.empty()) out.field("form", o.form);
  out.end_object();
}

void write_offer_decision(JsonWriter& out, const Config& config, const OfferDecision& d) {
  out.begin_object().key("show").begin_array();
  for (std::size_t i : d.show) write_offer(out, config.offers[i], nullptr);
  out.end_array().key("arm").begin_object().key("delays").begin_array();
  for (double s : d.delays) out.value(s);
  out.end_array().key("depths").begin_array();
  for (double s : d.depths) out.value(s);
  out.end_array().field("exit_intent", d.exit_intent).end_object().end_object();
}

void record_offer_event(const Config& config, Profile& p, int type, std::string_view offer, std::int64_t ts) {
  for (std::size_t i = 0; i < config.offers.size(); ++i) {
    if (config.offers[i].id != offer) continue;
    OfferState& s = p.offers[i];
    if (type == type_offer_view) {
      ++s.views;
      if (s.visit != p.sessions) {
        s.visit = p.sessions;
        s.visit_views = 0;
      }
      ++s.visit_views;
      s.last_view = ts;
    } else if (type == type_offer_dismiss) {
      s.dismissed = ts;
    } else if (type == type_offer_convert) {
      s.converted = ts;
    }
    return;
  }
}

}  // namespace leadscore
