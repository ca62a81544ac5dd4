#pragma once
/// \file
/// Offers (calls to action): which to show, where and when. The choice is
/// made here; the widget renders it and reports impressions, dismissals and
/// conversions back as events.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/conditions.hpp"

namespace leadscore {

struct Config;
struct Profile;
class JsonWriter;

enum class OfferType : unsigned char {
  newsletter, ebook, whitepaper, template_, webinar, trial, demo, pricing, contact_sales, custom
};
enum class Placement : unsigned char { banner, modal, slide_in, inline_slot };
enum class TriggerKind : unsigned char { load, delay, scroll, exit_intent };

const char* offer_type_name(OfferType t);
const char* placement_name(Placement p);

struct OfferContent {
  std::string title, text, cta, url, image;
};

/// One offer of the config.
struct Offer {
  std::string id;
  OfferType type = OfferType::custom;
  Placement placement = Placement::banner;
  std::string slot;                   ///< inline placement
  std::vector<std::size_t> stages;    ///< lifecycle stage indexes; empty: all
  std::uint8_t journeys = 7;          ///< bit per Journey stage
  std::vector<Condition> conditions;  ///< on the page and the visitor
  TriggerKind trigger = TriggerKind::load;
  double seconds = 0;                 ///< delay
  double depth = 0;                   ///< scroll %
  std::uint32_t min_page_views = 0;   ///< of the visit
  std::uint32_t max_views = 5, max_views_per_visit = 1;
  double cooldown_ms = 72 * 3600000.0;
  double priority = 0;
  OfferContent content;
  std::string form;
};

/// What the visitor did with one offer.
struct OfferState {
  std::uint32_t views = 0;
  std::uint32_t visit = 0;          ///< the visit visit_views counts
  std::uint32_t visit_views = 0;
  std::int64_t last_view = 0, dismissed = 0, converted = 0;  ///< 0: never
};

/// Where the page stands when offers are chosen (the widget fills it in).
struct OfferContext {
  TriggerKind trigger = TriggerKind::load;  ///< what prompted the decision
  double seconds = 0;                       ///< visible seconds on this page so far
  double depth = 0;                         ///< deepest scroll % on this page so far
  std::string url;                          ///< the page
  std::vector<std::string> slots;           ///< inline slots on the page
  std::vector<std::string> shown;           ///< ids of the offers already shown on this page view
  /// The places offers still hold on the page: "banner", "modal",
  /// "slide-in", or "slot:" and an inline slot's name.
  std::vector<std::string> open;
  std::int64_t now = 0;
};

struct OfferDecision {
  std::vector<std::size_t> show;  ///< offers to show now (config indexes)
  // Triggers still to come for offers that would otherwise be shown:
  std::vector<double> delays;     ///< seconds on page to ask again at
  std::vector<double> depths;     ///< scroll depths to ask again at
  bool exit_intent = false;       ///< ask again on exit intent
};

/// Chooses the offers to show: at most one per placement (per slot inline)
/// and one per type (custom offers aside) on a page view, counting the types
/// of the offers already shown on it, in the places no offer still holds; the highest priority first, then the
/// first in the config, among those that suit the visitor's stages, whose
/// conditions hold, whose trigger fired, that were not converted, are under
/// their caps and not cooling down after a dismissal.
OfferDecision decide_offers(const Config& config, const Profile& profile, const OfferContext& context);

/// Writes one offer as the widget renders it: {"offer", "type", "placement",
/// "slot"?, "title", "text"?, "cta"?, "url"?, "image"?, "form"?};
/// `placement` overrides the offer's own (e.g. "gate"), or null.
void write_offer(JsonWriter& out, const Offer& offer, const char* placement);

/// Writes {"show": [{"offer", "type", "placement", "slot"?, "title", ...}], "arm": {...}}.
void write_offer_decision(JsonWriter& out, const Config& config, const OfferDecision& decision);

/// Records an offer_view / offer_dismiss / offer_convert event (props.offer).
/// Events for offers the config does not have are counted but change nothing.
void record_offer_event(const Config& config, Profile& profile, int type, std::string_view offer,
                        std::int64_t ts);

}  // namespace leadscore
