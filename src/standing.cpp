#include "leadscore/standing.hpp"

#include <algorithm>
#include <cmath>

#include "leadscore/scoring.hpp"
#include "leadscore/stages.hpp"

namespace leadscore {

Standing standing_at(const Config& config, const Profile& p, std::int64_t now) {
  Standing s;
  for (std::size_t r = 0; r < config.rules.size(); ++r) {
    const Rule& rule = config.rules[r];
    const RuleState& st = p.rules[r];
    if (st.fired == 0) continue;
    const double half_life = rule.dimension == Dimension::engagement ? config.half_life_ms : 0;
    BreakdownEntry e;
    e.rule = &rule.id;
    e.dimension = rule.dimension;
    e.fired = st.fired;
    e.points = decay(st.value, st.ref_ts, std::max(now, st.ref_ts), half_life);
    // What the cap withheld and what decay took, with the sign of the rule's points.
    e.capped = st.withheld;
    e.decayed = st.added - e.points;
    (rule.dimension == Dimension::fit ? s.fit : s.engagement) += e.points;
    s.breakdown.push_back(e);
  }
  for (std::size_t r : matching_fit_rules(config, p)) {
    const FitRule& rule = config.fit_rules[r];
    BreakdownEntry e;
    e.rule = &rule.id;
    e.dimension = Dimension::fit;
    e.fired = 1;
    e.points = rule.points;
    s.fit += rule.points;
    s.breakdown.push_back(e);
  }
  s.total = s.fit + s.engagement;
  s.lifecycle = p.lifecycle;
  s.journey = p.journey;
  s.temperature = temperature_for(config, Scores{s.total, s.fit, s.engagement});
  return s;
}

namespace {

// The members both forms share; the object stays open for more.
void write_standing(JsonWriter& out, const Config& config, const Profile& p, const Standing& s) {
  out.begin_object()
      .field("visitor", p.visitor_id)
      .key("score").score(s.total)
      .key("fit").score(s.fit)
      .key("engagement").score(s.engagement)
      .field("stage", config.stages[s.lifecycle].id)
      .field("journey", journey_name(s.journey))
      .field("temperature", temperature_name(s.temperature));
  out.key("breakdown").begin_array();
  for (const BreakdownEntry& e : s.breakdown) {
    out.begin_object()
        .field("rule", *e.rule)
        .field("dimension", e.dimension == Dimension::fit ? "fit" : "engagement")
        .field("fired", e.fired)
        .key("points").score(e.points)
        .key("capped").score(e.capped)
        .key("decayed").score(e.decayed)
        .end_object();
  }
  out.end_array();
}

}  // namespace

std::string standing_to_json(const Config& config, const Profile& p, const Standing& s) {
  JsonWriter out;
  write_standing(out, config, p, s);
  return out.end_object().take();
}

std::string state_to_json(const Config& config, const Profile& p, const Standing& s) {
  JsonWriter out;
  write_standing(out, config, p, s);
  out.field("known", p.known())
      .field("lifecycle_since", p.lifecycle_since)
      .field("sessions", p.sessions)
      .field("events", p.events)
      .field("page_views", p.type_counts.empty() ? 0u : p.type_counts[type_page_view])
      .field("first_seen", p.first_seen)
      .field("last_seen", p.last_seen);
  write_contact(out.key("contact"), p);
  out.key("attribution").begin_object();
  if (p.first_touch) write_touch(out.key("first"), *p.first_touch);
  if (p.last_touch) write_touch(out.key("last"), *p.last_touch);
  out.end_object();
  out.key("transitions").begin_array();
  for (const Transition& t : p.transitions) write_transition(out, t);
  out.end_array();
  out.key("forms").begin_array();
  for (const std::string& f : p.forms_submitted) out.value(f);
  out.end_array().key("unlocked").begin_array();
  for (std::size_t i = 0; i < p.gates.size(); ++i) {
    if (p.gates[i].unlocked) out.value(config.gates[i].id);
  }
  out.end_array().key("offers").begin_object();
  for (std::size_t i = 0; i < p.offers.size(); ++i) {
    const OfferState& o = p.offers[i];
    if (!o.views && !o.dismissed && !o.converted) continue;
    out.key(config.offers[i].id).begin_object().field("views", o.views);
    if (o.dismissed) out.field("dismissed_at", o.dismissed);
    if (o.converted) out.field("converted_at", o.converted);
    out.end_object();
  }
  out.end_object();
  return out.end_object().take();
}

}  // namespace leadscore
