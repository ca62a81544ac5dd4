#include "leadscore/stages.hpp"

#include <cmath>

#include "leadscore/scoring.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

Scores scores_at(const Config& config, const Profile& p, std::int64_t t) {
  Scores s;
  s.fit = p.fit;
  for (std::size_t r = 0; r < config.rules.size(); ++r) {
    const RuleState& st = p.rules[r];
    if (config.rules[r].dimension == Dimension::fit) {
      s.fit += st.value;  // fit never decays
    } else {
      s.engagement += decay(st.value, st.ref_ts, t, config.half_life_ms);
    }
  }
  s.total = s.fit + s.engagement;
  return s;
}

Temperature temperature_for(const Config& config, const Scores& scores) {
  const double v = config.temperature_on_total ? scores.total : scores.engagement;
  if (v >= config.hot) return Temperature::hot;
  if (v >= config.warm) return Temperature::warm;
  return Temperature::cold;
}

void record_transition(Profile& p, Transition t) {
  if (p.transitions.size() == ProfileLimits::max_transitions) p.transitions.erase(p.transitions.begin());
  p.transitions.push_back(std::move(t));
}

namespace {

std::string shown(double v) {
  // Two decimals, as scores are shown everywhere else.
  return format_number(std::round(v * 100) / 100);
}

// If the criterion holds, says why ("known contact, total 65 >= 50").
bool criterion_holds(const Config& config, const Profile& p, const Scores& s,
                     const StageCriterion& c, std::string& cause) {
  std::string why;
  auto part = [&](const std::string& text) {
    if (!why.empty()) why += ", ";
    why += text;
  };
  if (c.needs_known) {
    if (!p.known()) return false;
    part("known contact");
  }
  if (!c.events.empty()) {
    int done = -1;
    for (int t : c.events) {
      if (done < 0 && p.type_counts[static_cast<std::size_t>(t)] > 0) done = t;
    }
    if (done < 0) return false;
    part("hand-raise " + config.event_types.key(done));
  }
  auto minimum = [&](const std::optional<double>& min, double v, const char* name) {
    if (!min) return true;
    if (v < *min) return false;
    part(std::string(name) + " " + shown(v) + " >= " + shown(*min));
    return true;
  };
  if (!minimum(c.min_total, s.total, "total") || !minimum(c.min_fit, s.fit, "fit") ||
      !minimum(c.min_engagement, s.engagement, "engagement")) {
    return false;
  }
  cause = why;
  return true;
}

}  // namespace

bool advance_lifecycle(const Config& config, Profile& p, const Scores& scores, std::int64_t ts) {
  // Furthest stage first: a hand-raise can jump a lead straight to sql.
  for (std::size_t i = config.stages.size(); i-- > p.lifecycle + 1;) {
    for (const StageCriterion& c : config.stages[i].when) {
      std::string cause;
      if (criterion_holds(config, p, scores, c, cause)) {
        record_transition(p, Transition{"lifecycle", config.stages[p.lifecycle].id,
                                        config.stages[i].id, cause, ts});
        p.lifecycle = i;
        p.lifecycle_since = ts;
        return true;
      }
    }
  }
  return false;
}

bool set_lifecycle(Profile& p, const Config& config, std::size_t stage, std::int64_t ts) {
  if (stage <= p.lifecycle || stage >= config.stages.size()) return false;
  record_transition(p, Transition{"lifecycle", config.stages[p.lifecycle].id, config.stages[stage].id,
                                  "set from outside", ts});
  p.lifecycle = stage;
  p.lifecycle_since = ts;
  return true;
}

bool advance_journey(const Config& config, Profile& p, std::int64_t ts) {
  for (std::size_t j = 2; j > static_cast<std::size_t>(p.journey); --j) {
    if (p.journey_weight[j] >= config.journey_min[j]) {
      const auto to = static_cast<Journey>(j);
      record_transition(p, Transition{"journey", journey_name(p.journey), journey_name(to),
                                      std::string(journey_name(to)) + " content " +
                                          shown(p.journey_weight[j]) + " >= " +
                                          shown(config.journey_min[j]),
                                      ts});
      p.journey = to;
      return true;
    }
  }
  return false;
}

bool update_temperature(const Config& config, Profile& p, const Scores& scores, std::int64_t ts) {
  const Temperature t = temperature_for(config, scores);
  if (t == p.temperature) return false;
  const double v = config.temperature_on_total ? scores.total : scores.engagement;
  const char* score = config.temperature_on_total ? "total " : "engagement ";
  std::string cause = score + shown(v);
  if (t > p.temperature) {
    cause += " >= " + std::string(t == Temperature::hot ? "hot " : "warm ") +
             shown(t == Temperature::hot ? config.hot : config.warm);
  } else {
    cause += " < " + std::string(t == Temperature::cold ? "warm " : "hot ") +
             shown(t == Temperature::cold ? config.warm : config.hot);
  }
  record_transition(p, Transition{"temperature", temperature_name(p.temperature),
                                  temperature_name(t), cause, ts});
  p.temperature = t;
  return true;
}

}  // namespace leadscore
