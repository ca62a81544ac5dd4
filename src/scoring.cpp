#include "leadscore/scoring.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "leadscore/attribution.hpp"
#include "leadscore/forms.hpp"
#include "leadscore/gates.hpp"
#include "leadscore/offers.hpp"
#include "leadscore/stages.hpp"
#include "leadscore/text.hpp"
#include "leadscore/url.hpp"

namespace leadscore {

namespace detail {
double decay_factor(std::int64_t elapsed_ms, double half_life_ms) {
  return std::exp2(-static_cast<double>(elapsed_ms) / half_life_ms);
}
}  // namespace detail

namespace {

// What conditions see of one event: the event, its parsed URL, and the
// visitor (visit number, contact data).
class EventFacts {
 public:
  EventFacts(const Event& e, const Profile& p)
      : event_(e), profile_(p), url_(split_url(e.url)), path_(page_path(url_, decoded_)) {}

  bool holds(const std::vector<Condition>& conditions) {
    for (const Condition& c : conditions) {
      if (!holds(c)) return false;
    }
    return true;
  }

  std::string_view path() const { return path_; }
  const UrlParts& url() const { return url_; }

 private:
  bool holds(const Condition& c) {
    Scalar v;
    switch (c.field) {
      case Field::type: v = Scalar::of(event_.type); break;
      case Field::url: v = Scalar::of(event_.url); break;
      case Field::path: v = Scalar::of(path_); break;
      case Field::visit: v = Scalar::of(static_cast<double>(profile_.sessions)); break;
      case Field::prop:
      case Field::query: {
        const PropValue* p = c.field == Field::prop ? prop(c) : nullptr;
        if (!p) {
          // A query parameter; for a prop the event lacks, a campaign tag of
          // the event's URL or of the URL the page was loaded with (props.landing).
          const std::optional<std::string> q =
              c.field == Field::query ? query_param(url_, c.key) : campaign_param(event_, url_, c.key);
          if (!q) return c.test(nullptr);
          const Scalar s = Scalar::of(*q);
          return c.test(&s);
        }
        if (p->kind == PropValue::Kind::null) return c.test(nullptr);
        if (p->kind == PropValue::Kind::string) {
          v = Scalar::of(p->text);
        } else if (p->kind == PropValue::Kind::number) {
          v = Scalar::of(p->number);
        } else {
          v = Scalar::of_bool(p->boolean);
        }
        break;
      }
      case Field::contact: {
        const ContactValue* cv = profile_.contact_field(c.key);
        if (!cv) return c.test(nullptr);
        v = cv->is_number ? Scalar::of(cv->number) : stored_text(c, cv->text);
        break;
      }
    }
    return c.test(&v);
  }

  // Several rules look at the same prop (dwell_ms, utm_source): look each
  // key up once per event.
  const PropValue* prop(const Condition& c) {
    if (c.key_id < 0 || c.key_id >= 32) return event_.prop(c.key);
    const std::uint32_t bit = std::uint32_t{1} << c.key_id;
    if (!(resolved_ & bit)) {
      memo_[static_cast<std::size_t>(c.key_id)] = event_.prop(c.key);
      resolved_ |= bit;
    }
    return memo_[static_cast<std::size_t>(c.key_id)];
  }

  const Event& event_;
  const Profile& profile_;
  std::uint32_t resolved_ = 0;
  std::array<const PropValue*, 32> memo_;
  UrlParts url_;
  std::string decoded_;  // only used for a hash route's path or one with percent escapes
  std::string_view path_;
};

// Adds a rule's points, within its cap. Engagement points decay between
// events; the cap bounds the (decayed) value, i.e. what the rule is worth now.
bool fire(const Config& config, Profile& p, std::size_t r, std::int64_t ts) {
  const Rule& rule = config.rules[r];
  RuleState& s = p.rules[r];
  const double half_life = rule.dimension == Dimension::engagement ? config.half_life_ms : 0;
  const double current = decay(s.value, s.ref_ts, ts, half_life);
  const double uncapped = current + rule.points;
  const double next = !rule.has_cap ? uncapped : rule.points > 0 ? std::min(uncapped, rule.cap) : std::max(uncapped, rule.cap);
  s.added += next - current;
  s.withheld += uncapped - next;
  s.ref_ts = ts;
  ++s.fired;
  const bool changed = next != current;  // what the rule was worth just before, decay included
  s.value = next;
  return changed;
}

// Rules for the event's type, then rules for any type. The core's own
// session_start is not "any event": only rules that name it see it.
bool apply_rules(const Config& config, Profile& p, int type, EventFacts& facts, std::int64_t ts) {
  bool changed = false;
  auto run = [&](int r) {
    if (facts.holds(config.rules[static_cast<std::size_t>(r)].conditions)) {
      changed = fire(config, p, static_cast<std::size_t>(r), ts) || changed;
    }
  };
  if (type >= 0) {
    for (int r : config.rules_by_type[static_cast<std::size_t>(type)]) run(r);
  }
  if (type != type_session_start) {
    for (int r : config.rules_any_type) run(r);
  }
  return changed;
}

void count_type(const Config& config, Profile& p, int type, std::string_view name) {
  if (type >= 0) {
    ++p.type_counts[static_cast<std::size_t>(type)];
    return;
  }
  for (auto& [t, n] : p.other_type_counts) {
    if (t == name) {
      ++n;
      return;
    }
  }
  if (p.other_type_counts.size() < ProfileLimits::max_other_types) {
    p.other_type_counts.emplace_back(std::string(name), 1);
  }
  (void)config;
}

// identify props, and form_submit props other than form_id, are contact data.
// A nameless prop is not: no rule can name it and a stored profile cannot hold it.
bool is_contact_prop(int type, std::string_view key) {
  if (key.empty()) return false;
  return type == type_identify || (type == type_form_submit && key != "form_id");
}

// Refuses contact data that would break the profile's bounds, before anything changes.
bool check_contact(const Event& e, int type, Error& error) {
  if (type != type_identify && type != type_form_submit) return true;
  std::size_t fields = 0;
  for (const Prop& prop : e.props) {
    if (!is_contact_prop(type, prop.key)) continue;
    if (prop.value.kind == PropValue::Kind::string &&
        prop.value.text.size() > ProfileLimits::max_contact_value_bytes) {
      error = Error{"leadscore.event.too_large", json_pointer_child("/props", std::string(prop.key)),
                    "contact values are at most 1000 bytes"};
      return false;
    }
    // The page's own contact data (identify) is checked as a form's email
    // field is: a lead whose email reaches nobody is no lead. (A form's
    // answers were checked by its fields' own types; "" and null are an
    // email not known.)
    if (type == type_identify && prop.key == "email" && prop.value.kind != PropValue::Kind::null &&
        (prop.value.kind != PropValue::Kind::string || (!prop.value.text.empty() && !is_email(prop.value.text)))) {
      error = Error{"leadscore.event.email", "/props/email",
                    "not an email address (one @, a domain with a dot): the contact data is not taken"};
      return false;
    }
    if (prop.value.kind != PropValue::Kind::null) ++fields;
  }
  // Older fields make room for newer ones (update_contact), so only an event
  // that alone gives more than a visitor holds is refused.
  if (fields > ProfileLimits::max_contact_fields) {
    error = Error{"leadscore.event.too_large", "/props",
                  "at most 40 contact fields: a visitor holds no more"};
    return false;
  }
  return true;
}

// Whether the event gives contact field `key` (a value or null).
bool gives(const Event& e, int type, std::string_view key) {
  for (const Prop& prop : e.props) {
    if (prop.key == key && is_contact_prop(type, prop.key)) return true;
  }
  return false;
}

// Makes room for one more contact field in a full profile: the oldest field
// the event does not give goes, email and phone last (they make the visitor
// known). The newest answers are the ones a lead must carry. check_contact()
// made sure the event's own fields fit, so there is always one to drop.
void make_room(Profile& p, const Event& e, int type) {
  for (const bool identifying_too : {false, true}) {
    for (auto it = p.contact.begin(); it != p.contact.end(); ++it) {
      const bool identifying = it->first == "email" || it->first == "phone";
      if ((identifying_too || !identifying) && !gives(e, type, it->first)) {
        p.contact.erase(it);
        return;
      }
    }
  }
}

bool update_contact(Profile& p, const Event& e, int type) {
  bool changed = false;
  // null forgets a field; forgetting first leaves the most room for the values.
  for (const Prop& prop : e.props) {
    if (prop.value.kind != PropValue::Kind::null || !is_contact_prop(type, prop.key)) continue;
    auto it = std::find_if(p.contact.begin(), p.contact.end(),
                           [&](const auto& kv) { return kv.first == prop.key; });
    if (it != p.contact.end()) {
      p.contact.erase(it);
      changed = true;
    }
  }
  for (const Prop& prop : e.props) {
    if (prop.value.kind == PropValue::Kind::null || !is_contact_prop(type, prop.key)) continue;
    const std::string key(prop.key);
    auto it = std::find_if(p.contact.begin(), p.contact.end(),
                           [&](const auto& kv) { return kv.first == key; });
    ContactValue v;
    switch (prop.value.kind) {
      case PropValue::Kind::number:
        v.is_number = true;
        v.number = prop.value.number;
        break;
      case PropValue::Kind::boolean: v.text = prop.value.boolean ? "true" : "false"; break;
      default: v.text = std::string(prop.value.text); break;
    }
    if (it == p.contact.end()) {
      if (p.contact.size() >= ProfileLimits::max_contact_fields) make_room(p, e, type);
      p.contact.emplace_back(key, std::move(v));
      changed = true;
    } else if (it->second.is_number != v.is_number || it->second.text != v.text ||
               it->second.number != v.number) {
      it->second = std::move(v);
      changed = true;
    }
  }
  return changed;
}

double fit_of_contact(const Config& config, const Profile& p) {
  double fit = 0;
  for (std::size_t r : matching_fit_rules(config, p)) fit += config.fit_rules[r].points;
  return fit;
}

bool apply_journey(const Config& config, Profile& p, const Event& e, int type, EventFacts& facts) {
  bool added = false;
  if (type >= 0) {
    for (int k : config.tags_by_type[static_cast<std::size_t>(type)]) {
      const JourneyTag& tag = config.journey_tags[static_cast<std::size_t>(k)];
      if (facts.holds(tag.conditions)) {
        p.journey_weight[static_cast<std::size_t>(tag.stage)] += tag.weight;
        added = true;
      }
    }
  }
  // <meta name="leadscore:journey" content="decision"> reaches us as props.journey.
  if (type == type_page_view) {
    if (const PropValue* j = e.prop("journey"); j && j->kind == PropValue::Kind::string) {
      for (std::size_t s = 0; s < 3; ++s) {
        if (j->text == journey_name(static_cast<Journey>(s))) {
          p.journey_weight[s] += 1;
          added = true;
        }
      }
    }
  }
  return added;
}

}  // namespace

bool conditions_hold(const std::vector<Condition>& conditions, const Event& event, const Profile& p) {
  EventFacts facts(event, p);
  return facts.holds(conditions);
}

std::vector<std::size_t> matching_fit_rules(const Config& config, const Profile& p) {
  // Fit rules see only contact fields; an empty event stands in for the event part.
  const Event none{};
  EventFacts facts(none, p);
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < config.fit_rules.size(); ++r) {
    if (facts.holds(config.fit_rules[r].conditions)) out.push_back(r);
  }
  return out;
}

bool visit_lapsed(const Config& config, const Profile& p, std::int64_t ts) {
  return p.sessions > 0 && ts - p.last_seen > config.session_timeout_ms;
}

Changes apply_event(const Config& config, Profile& p, const Event& e, Error& error) {
  Changes ch;
  const int type = config.type_id(e.type);

  // Refuse before changing anything.
  if (!check_contact(e, type, error)) return ch;
  int stage_set = -1;
  if (type == type_set_stage) {
    const PropValue* s = e.prop("stage");
    stage_set = s && s->kind == PropValue::Kind::string ? config.stage_index(s->text) : -1;
    if (stage_set <= 0) {
      error = Error{"leadscore.event.stage", "/props/stage",
                    stage_set == 0 ? "set_stage cannot move a visitor back to \"visitor\""
                                   : "set_stage needs props.stage naming a lifecycle stage of the config"};
      return ch;
    }
  }
  ch.accepted = true;

  // Time never runs backwards: an out-of-order event counts as happening now.
  const std::int64_t ts = p.events == 0 ? e.ts : std::max(e.ts, p.last_seen);
  if (p.events == 0) p.first_seen = ts;
  ch.new_session = p.sessions == 0 || visit_lapsed(config, p, ts);
  p.last_seen = ts;
  ++p.events;

  if (ch.new_session) {
    ++p.sessions;
    p.session_start = ts;
    p.visit_page_views = 0;
    count_type(config, p, type_session_start, "session_start");
    // The synthetic event is only built when some rule listens for it.
    if (!config.rules_by_type[type_session_start].empty()) {
      Event start;
      start.type = "session_start";
      start.url = e.url;
      start.ts = ts;
      start.props.push_back(Prop{"visit", PropValue{PropValue::Kind::number, {}, static_cast<double>(p.sessions), false}});
      EventFacts facts(start, p);
      ch.score = apply_rules(config, p, type_session_start, facts, ts) || ch.score;
    }
  }
  count_type(config, p, type, e.type);

  if (type == type_identify || type == type_form_submit) {
    ch.contact = update_contact(p, e, type);
    if (ch.contact) {
      p.update_derived_contact();
      const double fit = fit_of_contact(config, p);
      ch.score = ch.score || fit != p.fit;
      p.fit = fit;
    }
  }

  if (type == type_form_submit) {
    if (const PropValue* f = e.prop("form_id"); f && f->kind == PropValue::Kind::string && !f->text.empty() &&
                                                f->text.size() <= 64 &&
                                                std::find(p.forms_submitted.begin(), p.forms_submitted.end(), f->text) ==
                                                    p.forms_submitted.end()) {
      if (p.forms_submitted.size() == ProfileLimits::max_forms) p.forms_submitted.erase(p.forms_submitted.begin());
      p.forms_submitted.emplace_back(f->text);
    }
  } else if (type == type_offer_view || type == type_offer_dismiss || type == type_offer_convert) {
    if (const PropValue* o = e.prop("offer"); o && o->kind == PropValue::Kind::string) {
      record_offer_event(config, p, type, o->text, ts);
      ch.offers = true;
    }
  }

  EventFacts facts(e, p);
  if (type == type_gate_view) {
    // The content met, by default the page's path (as path rules read it).
    const PropValue* g = e.prop("gate");
    const PropValue* c = e.prop("content");
    if (g && g->kind == PropValue::Kind::string) {
      record_gate_view(config, p, g->text, c && c->kind == PropValue::Kind::string && !c->text.empty() ? c->text : facts.path());
      ch.gates = true;
    }
  }
  if (type == type_page_view) {
    ++p.visit_page_views;
    // At ts: an out-of-order event's touch happens "now" too.
    record_touch_of(p, e, facts.url(), ch.new_session, ts);
    p.add_recent_page(facts.path(), ts);
  }
  ch.score = apply_rules(config, p, type, facts, ts) || ch.score;

  std::size_t recorded = 0;
  auto count_recorded = [&](bool moved) {
    if (moved) ++recorded;
    return moved;
  };

  if (apply_journey(config, p, e, type, facts)) {
    ch.journey = count_recorded(advance_journey(config, p, ts));
  }
  if (stage_set > 0) {
    ch.lifecycle = count_recorded(set_lifecycle(p, config, static_cast<std::size_t>(stage_set), ts));
  }

  // Stages only move when something they look at moved: the score, contact
  // data, or an event a stage names (hand-raise). With decay the temperature
  // can also fall between events.
  const bool names_type = type >= 0 && config.type_moves_stage[static_cast<std::size_t>(type)];
  if (ch.score || ch.contact || names_type || config.half_life_ms > 0) {
    const Scores scores = scores_at(config, p, ts);
    // Anonymous visitors skip the check when every stage ahead needs contact data.
    if (p.lifecycle + 1 < config.stages.size() && (config.anonymous_can_advance[p.lifecycle] || p.known())) {
      ch.lifecycle = count_recorded(advance_lifecycle(config, p, scores, ts)) || ch.lifecycle;
    }
    ch.temperature = count_recorded(update_temperature(config, p, scores, ts));
  }
  if (!config.gates.empty()) ch.gates = update_gates(config, p) || ch.gates;
  ch.transitions = std::min(recorded, p.transitions.size());
  return ch;
}

}  // namespace leadscore
