#include "leadscore/profile.hpp"

#include <cmath>

#include "leadscore/json_access.hpp"

namespace leadscore {

const ContactValue* Profile::contact_field(const std::string& field) const {
  for (const auto& [name, value] : contact) {
    if (name == field) return &value;
  }
  return nullptr;
}

bool Profile::known() const {
  const ContactValue* email = contact_field("email");
  const ContactValue* phone = contact_field("phone");
  return (email && !email->text.empty()) || (phone && (phone->is_number || !phone->text.empty()));
}

Profile new_profile(const Config& config, std::string visitor_id) {
  Profile p;
  p.visitor_id = std::move(visitor_id);
  p.type_counts.assign(config.event_types.size(), 0);
  p.rules.assign(config.rules.size(), RuleState{});
  return p;
}

// ------------------------------------------------------------------ writing

json touch_to_json(const Touch& t) {
  json out = json::object();
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) out[key] = v;
  };
  put("source", t.source);
  put("medium", t.medium);
  put("campaign", t.campaign);
  put("term", t.term);
  put("content", t.content);
  put("gclid", t.gclid);
  put("fbclid", t.fbclid);
  put("referrer", t.referrer);
  put("landing_page", t.landing_page);
  out["ts"] = t.ts;
  return out;
}

json transition_to_json(const Transition& t) {
  return {{"kind", t.kind}, {"from", t.from}, {"to", t.to}, {"cause", t.cause}, {"ts", t.ts}};
}

namespace {
json contact_value_to_json(const ContactValue& v) {
  return v.is_number ? json(v.number) : json(v.text);
}

}  // namespace

json profile_to_json(const Config& config, const Profile& p) {
  json out = json::object();
  out["schema"] = "leadscore.profile";
  out["version"] = profile_version;
  out["visitor_id"] = p.visitor_id;
  out["first_seen"] = p.first_seen;
  out["last_seen"] = p.last_seen;
  out["sessions"] = p.sessions;
  out["session_start"] = p.session_start;
  out["events"] = p.events;

  json counts = json::object();
  for (std::size_t t = 0; t < p.type_counts.size(); ++t) {
    if (p.type_counts[t]) counts[config.event_types.key(static_cast<int>(t))] = p.type_counts[t];
  }
  for (const auto& [type, n] : p.other_type_counts) counts[type] = n;
  out["counts"] = std::move(counts);

  // Rule states by id, so a edited config keeps the state of rules it still has.
  json rules = json::object();
  for (std::size_t r = 0; r < p.rules.size() && r < config.rules.size(); ++r) {
    const RuleState& s = p.rules[r];
    if (s.fired) rules[config.rules[r].id] = json::array({s.value, s.ref_ts, s.fired, s.added});
  }
  out["rules"] = std::move(rules);

  json contact = json::object();
  for (const auto& [name, value] : p.contact) contact[name] = contact_value_to_json(value);
  out["contact"] = std::move(contact);

  out["lifecycle"] = {{"stage", config.stages[p.lifecycle].id}, {"since", p.lifecycle_since}};
  out["journey"] = {{"stage", journey_name(p.journey)},
                    {"weights", json::array({p.journey_weight[0], p.journey_weight[1],
                                             p.journey_weight[2]})}};
  out["temperature"] = temperature_name(p.temperature);
  if (p.first_touch) out["first_touch"] = touch_to_json(*p.first_touch);
  if (p.last_touch) out["last_touch"] = touch_to_json(*p.last_touch);

  json transitions = json::array();
  for (const Transition& t : p.transitions) transitions.push_back(transition_to_json(t));
  out["transitions"] = std::move(transitions);

  json pages = json::array();
  for (const PageVisit& v : p.recent_pages) pages.push_back(json::array({v.path, v.ts}));
  out["recent_pages"] = std::move(pages);
  return out;
}

// ------------------------------------------------------------------ reading

namespace {

using detail::Checker;

constexpr std::int64_t max_ts = 32503680000000;  // year 3000
constexpr double max_count = 4294967295.0;

// Reads one stored profile. Every member is type- and range-checked: a stored
// document is input like any other (it may be corrupted, edited by hand, or
// written by a different build).
class Reader {
 public:
  Reader(const Config& config, Checker& check, Profile& p) : config_(config), check_(check), p_(p) {}

  void read(const json& doc) {
    if (!check_.expect_object(doc, "")) return;
    const json* schema = Checker::find(doc, "schema");
    if (!schema || !schema->is_string() || schema->get_ref<const std::string&>() != "leadscore.profile") {
      check_.fail("foreign", "/schema", "not a LeadScore profile (schema must be \"leadscore.profile\")");
      return;
    }
    const auto version = check_.integer(doc, "", "version", true, 1, 1000000);
    if (!version) return;
    if (*version > profile_version) {
      check_.fail("version", "/version",
                  "written by a newer LeadScore (version " + std::to_string(*version) +
                      "); this build reads up to version " + std::to_string(profile_version));
      return;
    }
    version_ = static_cast<int>(*version);
    common(doc);
    if (version_ == 1) {
      v1(doc);
    } else {
      v2(doc);
    }
  }

  int version() const { return version_; }

 private:
  std::int64_t ts(const json& obj, const std::string& path, const char* key, bool required) {
    return check_.integer(obj, path, key, required, 0, max_ts).value_or(0);
  }

  void common(const json& doc) {
    if (auto id = check_.string(doc, "", "visitor_id", true, 256)) p_.visitor_id = *id;
    p_.first_seen = ts(doc, "", "first_seen", true);
    p_.last_seen = ts(doc, "", "last_seen", true);
    p_.sessions = static_cast<std::uint32_t>(check_.integer(doc, "", "sessions", true, 0, 4294967295LL).value_or(0));
    p_.events = static_cast<std::uint64_t>(check_.integer(doc, "", "events", true, 0, 9007199254740991LL).value_or(0));
    counts(doc);
    contact(doc);
  }

  void counts(const json& doc) {
    const json* c = Checker::find(doc, "counts");
    if (!c) {
      check_.fail("required", "/counts", "required key is missing");
      return;
    }
    if (!check_.expect_object(*c, "/counts")) return;
    for (auto it = c->begin(); it != c->end(); ++it) {
      const std::string at = json_pointer_child("/counts", it.key());
      if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > max_count ||
          it->get<double>() != std::trunc(it->get<double>())) {
        check_.fail("type", at, "expected a count");
        continue;
      }
      const auto n = static_cast<std::uint32_t>(it->get<double>());
      const int t = config_.type_id(it.key());
      if (t >= 0) {
        p_.type_counts[static_cast<std::size_t>(t)] = n;
      } else if (p_.other_type_counts.size() < ProfileLimits::max_other_types) {
        p_.other_type_counts.emplace_back(it.key(), n);
      }
    }
  }

  void contact(const json& doc) {
    const json* c = Checker::find(doc, "contact");
    if (!c) {
      check_.fail("required", "/contact", "required key is missing");
      return;
    }
    if (!check_.expect_object(*c, "/contact")) return;
    if (c->size() > ProfileLimits::max_contact_fields) {
      check_.fail("too_large", "/contact", "more contact fields than a profile holds");
      return;
    }
    for (auto it = c->begin(); it != c->end(); ++it) {
      const std::string at = json_pointer_child("/contact", it.key());
      ContactValue v;
      if (it->is_number() && std::isfinite(it->get<double>())) {
        v.is_number = true;
        v.number = it->get<double>();
      } else if (it->is_string() && it->get_ref<const std::string&>().size() <=
                                        ProfileLimits::max_contact_value_bytes) {
        v.text = it->get<std::string>();
      } else {
        check_.fail("type", at, "expected a string (at most 1000 bytes) or a number");
        continue;
      }
      if (it.key().empty() || it.key().size() > 64) {
        check_.fail("type", at, "contact field names are 1-64 bytes");
        continue;
      }
      p_.contact.emplace_back(it.key(), std::move(v));
    }
  }

  // Rules by id: states of rules the config no longer has are dropped.
  void rule_states(const json& doc, bool legacy_pairs) {
    const json* r = Checker::find(doc, "rules");
    if (!r) {
      check_.fail("required", "/rules", "required key is missing");
      return;
    }
    if (!check_.expect_object(*r, "/rules")) return;
    for (auto it = r->begin(); it != r->end(); ++it) {
      const std::string at = json_pointer_child("/rules", it.key());
      const json& a = *it;
      const std::size_t want = legacy_pairs ? 2 : 4;
      bool ok = a.is_array() && a.size() == want;
      for (std::size_t i = 0; ok && i < a.size(); ++i) ok = a[i].is_number() && std::isfinite(a[i].get<double>());
      if (ok && (a[legacy_pairs ? 1 : 2].get<double>() < 0 ||
                 a[legacy_pairs ? 1 : 2].get<double>() > max_count)) {
        ok = false;
      }
      if (!ok) {
        check_.fail("type", at, legacy_pairs ? "expected [points, fired]"
                                             : "expected [value, ref_ts, fired, added]");
        continue;
      }
      const int idx = config_.rule_index(it.key());
      if (idx < 0) continue;
      RuleState& s = p_.rules[static_cast<std::size_t>(idx)];
      if (legacy_pairs) {
        // Version 1 kept no decay state: the points counted as added at the last visit.
        s.value = a[0].get<double>();
        s.added = s.value;
        s.fired = static_cast<std::uint32_t>(a[1].get<double>());
        s.ref_ts = p_.last_seen;
      } else {
        s.value = a[0].get<double>();
        const double ref = a[1].get<double>();
        if (ref < 0 || ref > static_cast<double>(max_ts)) {
          check_.fail("range", at, "ref_ts out of range");
          continue;
        }
        s.ref_ts = static_cast<std::int64_t>(ref);
        s.fired = static_cast<std::uint32_t>(a[2].get<double>());
        s.added = a[3].get<double>();
      }
    }
  }

  // A stage the config no longer declares counts as the first stage; the
  // next event promotes the visitor again from its criteria.
  void lifecycle_stage(const std::string& id, std::int64_t since) {
    const int idx = config_.stage_index(id);
    p_.lifecycle = idx > 0 ? static_cast<std::size_t>(idx) : 0;
    p_.lifecycle_since = idx > 0 ? since : 0;
  }

  std::optional<Journey> journey_of(const std::string& name) {
    if (name == "awareness") return Journey::awareness;
    if (name == "consideration") return Journey::consideration;
    if (name == "decision") return Journey::decision;
    return std::nullopt;
  }

  std::optional<Touch> touch(const json& obj, const std::string& path) {
    if (!check_.expect_object(obj, path)) return std::nullopt;
    Touch t;
    const std::size_t limit = ProfileLimits::max_touch_value_bytes;
    auto field = [&](const char* key, std::string& out) {
      if (auto s = check_.string(obj, path, key, false, limit, true)) out = *s;
    };
    field("source", t.source);
    field("medium", t.medium);
    field("campaign", t.campaign);
    field("term", t.term);
    field("content", t.content);
    field("gclid", t.gclid);
    field("fbclid", t.fbclid);
    field("referrer", t.referrer);
    field("landing_page", t.landing_page);
    t.ts = ts(obj, path, "ts", true);
    return t;
  }

  void v2(const json& doc) {
    p_.session_start = ts(doc, "", "session_start", true);
    rule_states(doc, false);
    if (const json* l = Checker::find(doc, "lifecycle"); l && check_.expect_object(*l, "/lifecycle")) {
      auto stage = check_.string(*l, "/lifecycle", "stage", true, 64);
      const auto since = ts(*l, "/lifecycle", "since", true);
      if (stage) lifecycle_stage(*stage, since);
    } else if (!l) {
      check_.fail("required", "/lifecycle", "required key is missing");
    }
    if (const json* j = Checker::find(doc, "journey"); j && check_.expect_object(*j, "/journey")) {
      if (auto s = check_.choice(*j, "/journey", "stage", true, {"awareness", "consideration", "decision"})) {
        p_.journey = *journey_of(*s);
      }
      const json* w = Checker::find(*j, "weights");
      if (!w || !w->is_array() || w->size() != 3) {
        check_.fail("type", "/journey/weights", "expected three numbers");
      } else {
        for (std::size_t i = 0; i < 3; ++i) {
          const json& e = (*w)[i];
          if (!e.is_number() || !std::isfinite(e.get<double>()) || e.get<double>() < 0) {
            check_.fail("type", json_pointer_child("/journey/weights", i), "expected a number >= 0");
          } else {
            p_.journey_weight[i] = e.get<double>();
          }
        }
      }
    } else if (!j) {
      check_.fail("required", "/journey", "required key is missing");
    }
    if (auto t = check_.choice(doc, "", "temperature", true, {"cold", "warm", "hot"})) {
      p_.temperature = *t == "hot" ? Temperature::hot : *t == "warm" ? Temperature::warm : Temperature::cold;
    }
    if (const json* t = Checker::find(doc, "first_touch")) p_.first_touch = touch(*t, "/first_touch");
    if (const json* t = Checker::find(doc, "last_touch")) p_.last_touch = touch(*t, "/last_touch");
    transitions(doc);
    recent_pages(doc);
  }

  void transitions(const json& doc) {
    const json* list = Checker::find(doc, "transitions");
    if (!list) return;
    if (!check_.expect_array(*list, "/transitions")) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string at = json_pointer_child("/transitions", i);
      const json& e = (*list)[i];
      if (!check_.expect_object(e, at)) continue;
      Transition t;
      auto kind = check_.choice(e, at, "kind", true, {"lifecycle", "journey", "temperature"});
      auto from = check_.string(e, at, "from", true, 64, true);
      auto to = check_.string(e, at, "to", true, 64);
      auto cause = check_.string(e, at, "cause", true, 500, true);
      t.ts = ts(e, at, "ts", true);
      if (!kind || !from || !to || !cause) continue;
      t.kind = *kind;
      t.from = *from;
      t.to = *to;
      t.cause = *cause;
      if (p_.transitions.size() == ProfileLimits::max_transitions) p_.transitions.pop_front();
      p_.transitions.push_back(std::move(t));
    }
  }

  void recent_pages(const json& doc) {
    const json* list = Checker::find(doc, "recent_pages");
    if (!list) return;
    if (!check_.expect_array(*list, "/recent_pages")) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& e = (*list)[i];
      if (!e.is_array() || e.size() != 2 || !e[0].is_string() ||
          e[0].get_ref<const std::string&>().size() > 4096 || !e[1].is_number() ||
          e[1].get<double>() < 0 || e[1].get<double>() > static_cast<double>(max_ts)) {
        check_.fail("type", json_pointer_child("/recent_pages", i), "expected [path, ts]");
        continue;
      }
      if (p_.recent_pages.size() == ProfileLimits::max_recent_pages) p_.recent_pages.pop_front();
      p_.recent_pages.push_back(PageVisit{e[0].get<std::string>(), static_cast<std::int64_t>(e[1].get<double>())});
    }
  }

  // Version 1, the pre-release layout: rules as [points, fired] without decay
  // state, "stage" and "journey" as plain names, attribution under one key.
  void v1(const json& doc) {
    p_.session_start = p_.last_seen;
    rule_states(doc, true);
    if (auto stage = check_.string(doc, "", "stage", true, 64)) lifecycle_stage(*stage, p_.last_seen);
    if (auto j = check_.choice(doc, "", "journey", true, {"awareness", "consideration", "decision"})) {
      p_.journey = *journey_of(*j);
      // Give the stage the weight it needs, so it holds under the current config.
      const auto i = static_cast<std::size_t>(p_.journey);
      p_.journey_weight[i] = config_.journey_min[i];
    }
    if (const json* a = Checker::find(doc, "attribution"); a && check_.expect_object(*a, "/attribution")) {
      if (const json* t = Checker::find(*a, "first")) p_.first_touch = touch(*t, "/attribution/first");
      if (const json* t = Checker::find(*a, "last")) p_.last_touch = touch(*t, "/attribution/last");
    }
  }

  const Config& config_;
  Checker& check_;
  Profile& p_;
  int version_ = 0;
};

}  // namespace

ProfileResult load_profile(const Config& config, const json& document,
                           const std::string& fallback_visitor_id) {
  ProfileResult result;
  result.profile = new_profile(config, fallback_visitor_id);
  Checker check("leadscore.profile", result.errors);
  Reader reader(config, check, result.profile);
  reader.read(document);
  if (!result.errors.empty()) {
    // All or nothing: a half-read profile would score the visitor wrongly.
    detail::sort_by_document_order(document, result.errors);
    result.profile = new_profile(config, fallback_visitor_id);
    return result;
  }
  result.migrated = reader.version() < profile_version;
  return result;
}

}  // namespace leadscore
