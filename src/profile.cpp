#include "leadscore/profile.hpp"

#include <cmath>

#include "leadscore/json_access.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

const ContactValue* Profile::contact_field(std::string_view field) const {
  for (const auto& [name, value] : contact) {
    if (name == field) return &value;
  }
  if (field == "email_domain" && !email_domain.text.empty()) return &email_domain;
  return nullptr;
}

void Profile::add_recent_page(std::string_view path, std::int64_t ts) {
  if (recent_pages.size() < ProfileLimits::max_recent_pages) {
    recent_pages.push_back(PageVisit{std::string(path), ts});
    return;
  }
  PageVisit& oldest = recent_pages[recent_oldest];
  oldest.path.assign(path.data(), path.size());  // reuses the string's storage
  oldest.ts = ts;
  if (++recent_oldest == recent_pages.size()) recent_oldest = 0;
}

void Profile::update_derived_contact() {
  email_domain.text.clear();
  const ContactValue* email = contact_field("email");
  if (!email || email->is_number) return;
  const auto at = email->text.rfind('@');
  if (at == std::string::npos) return;
  // Domains are case-insensitive; lower-case ASCII so rules compare plainly.
  assign_ascii_lower(email_domain.text, std::string_view(email->text).substr(at + 1));
}

bool Profile::known() const {
  const ContactValue* email = contact_field("email");
  const ContactValue* phone = contact_field("phone");
  return (email && !email->text.empty()) || (phone && (phone->is_number || !phone->text.empty()));
}

Profile new_profile(const Config& config, std::string visitor_id) {
  Profile p;
  // An id a stored profile could not keep (over 256 bytes, not UTF-8: a
  // stored one edited, or another script's) stands as its hash, the same at
  // every load; as it was, every next load refused the profile, starting over.
  const bool usable = visitor_id.size() <= 256 && is_valid_utf8(visitor_id);
  p.visitor_id = usable ? std::move(visitor_id) : hashed_id(visitor_id);
  p.type_counts.assign(config.event_types.size(), 0);
  p.rules.assign(config.rules.size(), RuleState{});
  p.offers.assign(config.offers.size(), OfferState{});
  p.gates.assign(config.gates.size(), GateState{});
  // Fit rules that hold without contact data ({"exists": false}) count from the start.
  for (std::size_t r : matching_fit_rules(config, p)) p.fit += config.fit_rules[r].points;
  return p;
}

// ------------------------------------------------------------------ writing

void write_touch(JsonWriter& out, const Touch& t) {
  out.begin_object();
  for (const auto& [key, member] : touch_text_fields) {
    if (!(t.*member).empty()) out.field(key, t.*member);
  }
  out.field("ts", t.ts).end_object();
}

void write_transition(JsonWriter& out, const Transition& t) {
  out.begin_object()
      .field("kind", t.kind)
      .field("from", t.from)
      .field("to", t.to)
      .field("cause", t.cause)
      .field("ts", t.ts)
      .end_object();
}

void write_contact(JsonWriter& out, const Profile& p) {
  out.begin_object();
  for (const auto& [name, v] : p.contact) {
    out.key(name);
    if (v.is_number) {
      out.value(v.number);
    } else {
      out.value(v.text);
    }
  }
  out.end_object();
}

std::string profile_to_json(const Config& config, const Profile& p) {
  JsonWriter out;
  out.begin_object()
      .field("schema", "leadscore.profile")
      .field("version", profile_version)
      .field("visitor_id", p.visitor_id)
      .field("first_seen", p.first_seen)
      .field("last_seen", p.last_seen)
      .field("sessions", p.sessions)
      .field("session_start", p.session_start)
      .field("events", p.events);

  out.key("counts").begin_object();
  for (std::size_t t = 0; t < p.type_counts.size(); ++t) {
    if (p.type_counts[t]) out.field(config.event_types.key(static_cast<int>(t)), p.type_counts[t]);
  }
  for (const auto& [type, n] : p.other_type_counts) out.field(type, n);
  out.end_object();

  // Rule states by id, so an edited config keeps the state of rules it still has.
  out.key("rules").begin_object();
  for (std::size_t r = 0; r < p.rules.size() && r < config.rules.size(); ++r) {
    const RuleState& st = p.rules[r];
    if (!st.fired) continue;
    out.key(config.rules[r].id).begin_array().value(st.value).value(st.ref_ts).value(st.fired).value(st.added).value(st.withheld).end_array();
  }
  out.end_object();

  write_contact(out.key("contact"), p);
  out.key("lifecycle").begin_object().field("stage", config.stages[p.lifecycle].id).field("since", p.lifecycle_since).end_object();
  out.key("journey").begin_object().field("stage", journey_name(p.journey)).key("weights").begin_array();
  for (double w : p.journey_weight) out.value(w);
  out.end_array().end_object();
  out.field("temperature", temperature_name(p.temperature));
  if (p.first_touch) write_touch(out.key("first_touch"), *p.first_touch);
  if (p.last_touch) write_touch(out.key("last_touch"), *p.last_touch);
  out.key("transitions").begin_array();
  for (const Transition& t : p.transitions) write_transition(out, t);
  out.end_array();
  out.field("visit_page_views", p.visit_page_views);
  // Offers and gates by id, like rules: an edited config keeps what still exists.
  out.key("offers").begin_object();
  for (std::size_t i = 0; i < p.offers.size() && i < config.offers.size(); ++i) {
    const OfferState& o = p.offers[i];
    if (!o.views && !o.dismissed && !o.converted) continue;
    out.key(config.offers[i].id).begin_array().value(o.views).value(o.visit).value(o.visit_views)
        .value(o.last_view).value(o.dismissed).value(o.converted).end_array();
  }
  out.end_object().key("gates").begin_object();
  for (std::size_t i = 0; i < p.gates.size() && i < config.gates.size(); ++i) {
    const GateState& g = p.gates[i];
    if (!g.unlocked && g.free_seen.empty()) continue;
    out.key(config.gates[i].id).begin_object().field("unlocked", g.unlocked).key("free").begin_array();
    for (const std::string& c : g.free_seen) out.value(c);
    out.end_array().end_object();
  }
  out.end_object().key("forms").begin_array();
  for (const std::string& f : p.forms_submitted) out.value(f);
  out.end_array();
  out.key("recent_pages").begin_array();
  for (std::size_t i = 0; i < p.recent_pages.size(); ++i) {
    const PageVisit& v = p.recent_page(i);
    out.begin_array().value(v.path).value(v.ts).end_array();
  }
  out.end_array();
  return out.end_object().take();
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

  void read(const JsonValue& doc) {
    if (!check_.expect_object(doc, "")) return;
    const JsonValue* schema = Checker::find(doc, "schema");
    if (!schema || !schema->is_string() || schema->as_string() != "leadscore.profile") {
      check_.fail("foreign", "/schema", "not a LeadScore profile (schema must be \"leadscore.profile\")");
      return;
    }
    const auto version = check_.integer(doc, "", "version", true, 1, 1000000);
    if (!version) return;
    if (*version > profile_version) {
      check_.fail("version", "/version",
                  "written by a newer LeadScore (version " + decimal(*version) +
                      "); this build reads up to version " + decimal(profile_version));
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
  std::int64_t ts(const JsonValue& obj, const std::string& path, const char* key, bool required) {
    return check_.integer(obj, path, key, required, 0, max_ts).value_or(0);
  }

  void common(const JsonValue& doc) {
    if (auto id = check_.string(doc, "", "visitor_id", true, 256)) p_.visitor_id = *id;
    p_.first_seen = ts(doc, "", "first_seen", true);
    p_.last_seen = ts(doc, "", "last_seen", true);
    p_.sessions = static_cast<std::uint32_t>(check_.integer(doc, "", "sessions", true, 0, 4294967295LL).value_or(0));
    p_.events = static_cast<std::uint64_t>(check_.integer(doc, "", "events", true, 0, 9007199254740991LL).value_or(0));
    counts(doc);
    contact(doc);
  }

  void counts(const JsonValue& doc) {
    const JsonValue* c = Checker::find(doc, "counts");
    if (!c) {
      check_.fail("required", "/counts", "required key is missing");
      return;
    }
    if (!check_.expect_object(*c, "/counts")) return;
    for (std::size_t member = 0; member < c->size(); ++member) {
      const std::string& type = c->key(member);
      const JsonValue& count = (*c)[member];
      const std::string at = json_pointer_child("/counts", type);
      const double d = count.is_number() ? count.as_number() : -1;
      if (d < 0 || d > max_count || d != std::trunc(d)) {
        check_.fail("type", at, "expected a count");
        continue;
      }
      const auto n = static_cast<std::uint32_t>(d);
      const int t = config_.type_id(type);
      if (t >= 0) {
        p_.type_counts[static_cast<std::size_t>(t)] = n;
      } else if (p_.other_type_counts.size() < ProfileLimits::max_other_types) {
        p_.other_type_counts.emplace_back(type, n);
      }
    }
  }

  void contact(const JsonValue& doc) {
    const JsonValue* c = Checker::find(doc, "contact");
    if (!c) {
      check_.fail("required", "/contact", "required key is missing");
      return;
    }
    if (!check_.expect_object(*c, "/contact")) return;
    if (c->size() > ProfileLimits::max_contact_fields) {
      check_.fail("too_large", "/contact", "more contact fields than a profile holds");
      return;
    }
    for (std::size_t member = 0; member < c->size(); ++member) {
      const std::string& name = c->key(member);
      const JsonValue& value = (*c)[member];
      const std::string at = json_pointer_child("/contact", name);
      ContactValue v;
      if (value.is_number() && std::isfinite(value.as_number())) {
        v.is_number = true;
        v.number = value.as_number();
      } else if (value.is_string() && value.as_string().size() <=
                                          ProfileLimits::max_contact_value_bytes) {
        v.text = value.as_string();
      } else {
        check_.fail("type", at, "expected a string (at most 1000 bytes) or a number");
        continue;
      }
      if (name.empty() || name.size() > 64) {
        check_.fail("type", at, "contact field names are 1-64 bytes");
        continue;
      }
      p_.contact.emplace_back(name, std::move(v));
    }
  }

  // Rules by id: states of rules the config no longer has are dropped.
  void rule_states(const JsonValue& doc, bool legacy_pairs) {
    const JsonValue* r = Checker::find(doc, "rules");
    if (!r) {
      check_.fail("required", "/rules", "required key is missing");
      return;
    }
    if (!check_.expect_object(*r, "/rules")) return;
    for (std::size_t member = 0; member < r->size(); ++member) {
      const std::string& rule_id = r->key(member);
      const JsonValue& a = (*r)[member];
      const std::string at = json_pointer_child("/rules", rule_id);
      // Version 3 keeps what the cap withheld; before, it is worked out below.
      const std::size_t want = legacy_pairs ? 2 : version_ < 3 ? 4 : 5;
      bool ok = a.is_array() && a.size() == want;
      for (std::size_t i = 0; ok && i < a.size(); ++i) ok = a[i].is_number() && std::isfinite(a[i].as_number());
      if (ok) {
        const double fired = a[legacy_pairs ? 1 : 2].as_number();
        ok = fired >= 0 && fired <= max_count && fired == std::trunc(fired);
      }
      if (!ok) {
        check_.fail("type", at, legacy_pairs ? "expected [points, fired]"
                                : version_ < 3 ? "expected [value, ref_ts, fired, added]"
                                               : "expected [value, ref_ts, fired, added, withheld]");
        continue;
      }
      const int idx = config_.rule_index(rule_id);
      if (idx < 0) continue;
      RuleState& s = p_.rules[static_cast<std::size_t>(idx)];
      if (legacy_pairs) {
        // Version 1 kept no decay state: the points counted as added at the last visit.
        s.value = a[0].as_number();
        s.added = s.value;
        s.fired = static_cast<std::uint32_t>(a[1].as_number());
        s.ref_ts = p_.last_seen;
      } else {
        s.value = a[0].as_number();
        const double ref = a[1].as_number();
        if (ref < 0 || ref > static_cast<double>(max_ts) || ref != std::trunc(ref)) {
          check_.fail("range", at, "ref_ts out of range");
          continue;
        }
        s.ref_ts = static_cast<std::int64_t>(ref);
        s.fired = static_cast<std::uint32_t>(a[2].as_number());
        s.added = a[3].as_number();
      }
      // (an older profile: as if every firing had the rule's points now)
      const Rule& rule = config_.rules[static_cast<std::size_t>(idx)];
      s.withheld = want == 5 ? a[4].as_number() : rule.points * s.fired - s.added;
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

  std::optional<Touch> touch(const JsonValue& obj, const std::string& path) {
    if (!check_.expect_object(obj, path)) return std::nullopt;
    Touch t;
    const std::size_t limit = ProfileLimits::max_touch_value_bytes;
    for (const auto& [key, member] : touch_text_fields) {
      if (auto s = check_.string(obj, path, key, false, limit, true)) t.*member = *s;
    }
    t.ts = ts(obj, path, "ts", true);
    return t;
  }

  void v2(const JsonValue& doc) {
    p_.session_start = ts(doc, "", "session_start", true);
    rule_states(doc, false);
    if (const JsonValue* l = Checker::find(doc, "lifecycle"); l && check_.expect_object(*l, "/lifecycle")) {
      auto stage = check_.string(*l, "/lifecycle", "stage", true, 64);
      const auto since = ts(*l, "/lifecycle", "since", true);
      if (stage) lifecycle_stage(*stage, since);
    } else if (!l) {
      check_.fail("required", "/lifecycle", "required key is missing");
    }
    if (const JsonValue* j = Checker::find(doc, "journey"); j && check_.expect_object(*j, "/journey")) {
      if (auto s = check_.choice(*j, "/journey", "stage", true, {"awareness", "consideration", "decision"})) {
        p_.journey = *journey_of(*s);
      }
      const JsonValue* w = Checker::find(*j, "weights");
      if (!w || !w->is_array() || w->size() != 3) {
        check_.fail("type", "/journey/weights", "expected three numbers");
      } else {
        for (std::size_t i = 0; i < 3; ++i) {
          const JsonValue& e = (*w)[i];
          if (!e.is_number() || !std::isfinite(e.as_number()) || e.as_number() < 0) {
            check_.fail("type", json_pointer_child("/journey/weights", i), "expected a number >= 0");
          } else {
            p_.journey_weight[i] = e.as_number();
          }
        }
      }
    } else if (!j) {
      check_.fail("required", "/journey", "required key is missing");
    }
    if (auto t = check_.choice(doc, "", "temperature", true, {"cold", "warm", "hot"})) {
      p_.temperature = *t == "hot" ? Temperature::hot : *t == "warm" ? Temperature::warm : Temperature::cold;
    }
    if (const JsonValue* t = Checker::find(doc, "first_touch")) p_.first_touch = touch(*t, "/first_touch");
    if (const JsonValue* t = Checker::find(doc, "last_touch")) p_.last_touch = touch(*t, "/last_touch");
    transitions(doc);
    recent_pages(doc);
    offers_and_gates(doc);
  }

  // Optional members (absent in profiles written before offers and gates).
  void offers_and_gates(const JsonValue& doc) {
    p_.visit_page_views = static_cast<std::uint32_t>(
        check_.integer(doc, "", "visit_page_views", false, 0, 4294967295LL).value_or(0));
    if (const JsonValue* o = Checker::find(doc, "offers"); o && check_.expect_object(*o, "/offers")) {
      for (std::size_t member = 0; member < o->size(); ++member) {
        const std::string& id = o->key(member);
        const JsonValue& a = (*o)[member];
        const std::string at = json_pointer_child("/offers", id);
        bool ok = a.is_array() && a.size() == 6;
        for (std::size_t i = 0; ok && i < 6; ++i) {
          const double d = a[i].is_number() ? a[i].as_number() : -1;
          ok = d >= 0 && d <= static_cast<double>(max_ts) && d == std::trunc(d);
        }
        if (!ok) {
          check_.fail("type", at, "expected [views, visit, visit_views, last_view, dismissed, converted]");
          continue;
        }
        for (std::size_t i = 0; i < config_.offers.size(); ++i) {
          if (config_.offers[i].id != id) continue;
          OfferState& st = p_.offers[i];
          st.views = static_cast<std::uint32_t>(a[0].as_number());
          st.visit = static_cast<std::uint32_t>(a[1].as_number());
          st.visit_views = static_cast<std::uint32_t>(a[2].as_number());
          st.last_view = static_cast<std::int64_t>(a[3].as_number());
          st.dismissed = static_cast<std::int64_t>(a[4].as_number());
          st.converted = static_cast<std::int64_t>(a[5].as_number());
        }
      }
    }
    if (const JsonValue* g = Checker::find(doc, "gates"); g && check_.expect_object(*g, "/gates")) {
      for (std::size_t member = 0; member < g->size(); ++member) {
        const std::string& id = g->key(member);
        const JsonValue& v = (*g)[member];
        const std::string at = json_pointer_child("/gates", id);
        if (!check_.expect_object(v, at)) continue;
        const auto unlocked = check_.boolean(v, at, "unlocked", true);
        const JsonValue* free = Checker::find(v, "free");
        std::vector<std::string> seen;
        if (!free || !free->is_array() || free->size() > 1000) {
          check_.fail("type", json_pointer_child(at, "free"), "expected an array of content ids");
          continue;
        }
        for (std::size_t k = 0; k < free->size(); ++k) {
          const JsonValue& c = (*free)[k];
          if (!c.is_string() || c.as_string().size() > 512) {
            check_.fail("type", json_pointer_child(at, "free"), "expected content ids (strings)");
            break;
          }
          seen.push_back(c.as_string());
        }
        if (!unlocked) continue;
        for (std::size_t i = 0; i < config_.gates.size(); ++i) {
          if (config_.gates[i].id != id) continue;
          p_.gates[i].unlocked = *unlocked;
          if (seen.size() > config_.gates[i].free) seen.resize(config_.gates[i].free);
          p_.gates[i].free_seen = std::move(seen);
        }
      }
    }
    if (const JsonValue* f = Checker::find(doc, "forms"); f && check_.expect_array(*f, "/forms")) {
      for (std::size_t i = 0; i < f->size(); ++i) {
        const JsonValue& e = (*f)[i];
        if (!e.is_string() || e.as_string().empty() || e.as_string().size() > 64) {
          check_.fail("type", json_pointer_child("/forms", i), "expected a form id");
          continue;
        }
        if (p_.forms_submitted.size() == ProfileLimits::max_forms) p_.forms_submitted.erase(p_.forms_submitted.begin());
        p_.forms_submitted.push_back(e.as_string());
      }
    }
  }

  void transitions(const JsonValue& doc) {
    const JsonValue* list = Checker::find(doc, "transitions");
    if (!list) return;
    if (!check_.expect_array(*list, "/transitions")) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string at = json_pointer_child("/transitions", i);
      const JsonValue& e = (*list)[i];
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
      if (p_.transitions.size() == ProfileLimits::max_transitions) p_.transitions.erase(p_.transitions.begin());
      p_.transitions.push_back(std::move(t));
    }
  }

  void recent_pages(const JsonValue& doc) {
    const JsonValue* list = Checker::find(doc, "recent_pages");
    if (!list) return;
    if (!check_.expect_array(*list, "/recent_pages")) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const JsonValue& e = (*list)[i];
      if (!e.is_array() || e.size() != 2 || !e[0].is_string() ||
          e[0].as_string().size() > 4096 || !e[1].is_number() ||
          e[1].as_number() < 0 || e[1].as_number() > static_cast<double>(max_ts) ||
          e[1].as_number() != std::trunc(e[1].as_number())) {
        check_.fail("type", json_pointer_child("/recent_pages", i), "expected [path, ts]");
        continue;
      }
      p_.add_recent_page(e[0].as_string(), static_cast<std::int64_t>(e[1].as_number()));
    }
  }

  // Version 1, the pre-release layout: rules as [points, fired] without decay
  // state, "stage" and "journey" as plain names, attribution under one key.
  void v1(const JsonValue& doc) {
    p_.session_start = p_.last_seen;
    rule_states(doc, true);
    if (auto stage = check_.string(doc, "", "stage", true, 64)) lifecycle_stage(*stage, p_.last_seen);
    if (auto j = check_.choice(doc, "", "journey", true, {"awareness", "consideration", "decision"})) {
      p_.journey = *journey_of(*j);
      // Give the stage the weight it needs, so it holds under the current config.
      const auto i = static_cast<std::size_t>(p_.journey);
      p_.journey_weight[i] = config_.journey_min[i];
    }
    if (const JsonValue* a = Checker::find(doc, "attribution"); a && check_.expect_object(*a, "/attribution")) {
      if (const JsonValue* t = Checker::find(*a, "first")) p_.first_touch = touch(*t, "/attribution/first");
      if (const JsonValue* t = Checker::find(*a, "last")) p_.last_touch = touch(*t, "/attribution/last");
    }
  }

  const Config& config_;
  Checker& check_;
  Profile& p_;
  int version_ = 0;
};

}  // namespace

ProfileResult load_profile(const Config& config, const JsonValue& document,
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
  result.profile.update_derived_contact();
  result.profile.fit = 0;
  for (std::size_t r : matching_fit_rules(config, result.profile)) {
    result.profile.fit += config.fit_rules[r].points;
  }
  result.migrated = reader.version() < profile_version;
  return result;
}

}  // namespace leadscore
