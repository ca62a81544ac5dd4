#include "leadscore/standing.hpp"

#include <algorithm>
#include <cmath>

#include "leadscore/scoring.hpp"
#include "leadscore/stages.hpp"

namespace leadscore {

double rounded_score(double v) {
  const double r = std::round(v * 100) / 100;
  return r == 0 ? 0 : r;  // no "-0"
}

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
    e.capped = rule.points * st.fired - st.added;
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

json standing_to_json(const Config& config, const Profile& p, const Standing& s) {
  json out = json::object();
  out["visitor"] = p.visitor_id;
  out["score"] = rounded_score(s.total);
  out["fit"] = rounded_score(s.fit);
  out["engagement"] = rounded_score(s.engagement);
  out["stage"] = config.stages[s.lifecycle].id;
  out["journey"] = journey_name(s.journey);
  out["temperature"] = temperature_name(s.temperature);
  json breakdown = json::array();
  for (const BreakdownEntry& e : s.breakdown) {
    json entry = json::object();
    entry["rule"] = *e.rule;
    entry["dimension"] = e.dimension == Dimension::fit ? "fit" : "engagement";
    entry["fired"] = e.fired;
    entry["points"] = rounded_score(e.points);
    entry["capped"] = rounded_score(e.capped);
    entry["decayed"] = rounded_score(e.decayed);
    breakdown.push_back(std::move(entry));
  }
  out["breakdown"] = std::move(breakdown);
  return out;
}

json state_to_json(const Config& config, const Profile& p, const Standing& s) {
  json out = standing_to_json(config, p, s);
  out["known"] = p.known();
  out["lifecycle_since"] = p.lifecycle_since;
  out["sessions"] = p.sessions;
  out["events"] = p.events;
  out["page_views"] = p.type_counts.empty() ? 0u : p.type_counts[type_page_view];
  out["first_seen"] = p.first_seen;
  out["last_seen"] = p.last_seen;
  json contact = json::object();
  for (const auto& [name, v] : p.contact) contact[name] = v.is_number ? json(v.number) : json(v.text);
  out["contact"] = std::move(contact);
  json attribution = json::object();
  if (p.first_touch) attribution["first"] = touch_to_json(*p.first_touch);
  if (p.last_touch) attribution["last"] = touch_to_json(*p.last_touch);
  out["attribution"] = std::move(attribution);
  json transitions = json::array();
  for (const Transition& t : p.transitions) transitions.push_back(transition_to_json(t));
  out["transitions"] = std::move(transitions);
  return out;
}

}  // namespace leadscore
