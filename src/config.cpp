#include "leadscore/config.hpp"

#include <algorithm>
#include <cmath>

#include "leadscore/detail/config_reader.hpp"
#include "leadscore/json_access.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

const char* journey_name(Journey j) {
  switch (j) {
    case Journey::awareness: return "awareness";
    case Journey::consideration: return "consideration";
    default: return "decision";
  }
}

const char* temperature_name(Temperature t) {
  switch (t) {
    case Temperature::cold: return "cold";
    case Temperature::warm: return "warm";
    default: return "hot";
  }
}

int Config::stage_index(std::string_view id) const {
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (stages[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int Config::form_index(std::string_view id) const {
  for (std::size_t i = 0; i < forms.size(); ++i) {
    if (forms[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int Config::rule_index(std::string_view id) const {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

namespace {

using detail::Checker;

constexpr double max_points = 1e6;
constexpr double max_threshold = 1e9;

using detail::child;

// Compiles one document into a Config, reporting every problem it finds.
class Compiler {
 public:
  Compiler(Checker& check, Config& config) : check_(check), config_(config), reader_(check, config) {
    for (const char* t : builtin_type_names) config_.event_types.insert(t);
  }

  void document(const JsonValue& doc) {
    if (!check_.expect_object(doc, "")) return;
    check_.only_keys(doc, "", {"$schema", "version", "name", "session_timeout_minutes", "decay",
                               "rules", "fit", "lifecycle", "temperature", "journey", "offers",
                               "gates", "privacy", "forms", "delivery", "labels"});
    version(doc);
    check_.string(doc, "", "$schema", false, 2048);  // for editors; a string, as the schema says
    check_.string(doc, "", "name", false, 200);
    if (auto m = check_.integer(doc, "", "session_timeout_minutes", false, 1, 1440)) {
      config_.session_timeout_ms = *m * 60 * 1000;
    }
    if (const JsonValue* d = Checker::find(doc, "decay")) decay(*d);
    if (const JsonValue* r = Checker::find(doc, "rules")) rules(*r);
    if (const JsonValue* f = Checker::find(doc, "fit")) fit_rules(*f);
    if (const JsonValue* l = Checker::find(doc, "lifecycle")) {
      lifecycle(*l);
    } else {
      default_lifecycle();
    }
    if (const JsonValue* t = Checker::find(doc, "temperature")) temperature(*t);
    if (const JsonValue* j = Checker::find(doc, "journey")) journey(*j);
    if (const JsonValue* o = Checker::find(doc, "offers")) detail::read_offers(reader_, *o, config_);
    if (const JsonValue* g = Checker::find(doc, "gates")) detail::read_gates(reader_, *g, doc.find("offers"), config_);
    if (const JsonValue* p = Checker::find(doc, "privacy")) privacy(*p);
    if (const JsonValue* l = Checker::find(doc, "labels"); l && check_.expect_object(*l, "/labels")) {
      check_.only_keys(*l, "/labels", {"close", "locked"});
      detail::local_text(check_, *l, "/labels", "close", false, 200, config_.close_label);
      detail::local_text(check_, *l, "/labels", "locked", false, 200, config_.locked_label);
    }
    if (const JsonValue* f = Checker::find(doc, "forms")) detail::read_forms(reader_, *f, config_);
    form_references(doc);
    for (const char* stage : {"mql", "sql"}) {  // by default, reaching mql and sql sends a lead
      if (const int s = config_.stage_index(stage); s > 0) config_.delivery.on_stage.push_back(static_cast<std::size_t>(s));
    }
    if (const JsonValue* d = Checker::find(doc, "delivery")) detail::read_delivery(reader_, *d, config_);
    index_by_type();
  }

 private:
  void version(const JsonValue& doc) {
    const JsonValue* v = Checker::find(doc, "version");
    if (!v) {
      check_.fail("required", "/version", "required key is missing");
    } else if (!v->is_number()) {
      check_.fail_type("/version", "expected a number", *v);
    } else if (v->as_number() != 1) {
      check_.fail("version", "/version",
                  "unsupported version " + format_number(v->as_number()) +
                      "; this build reads version 1");
    }
  }

  void decay(const JsonValue& d) {
    if (!check_.expect_object(d, "/decay")) return;
    check_.only_keys(d, "/decay", {"half_life_days"});
    if (auto days = check_.number(d, "/decay", "half_life_days", true, 0.01, 36500)) {
      config_.half_life_ms = *days * 86400000.0;
    }
  }

  // ---- ids

  // Rule and fit rule ids share one index (thousands of rules: no comparison with every one before).
  bool unique_rule_id(const std::string& id, const std::string& path) {
    return check_.unique(rule_ids_, id, path, "rule id");
  }

  // ---- rules

  void rules(const JsonValue& list) {
    if (!check_.expect_array(list, "/rules")) return;
    for (std::size_t i = 0; i < list.size(); ++i) rule(list[i], json_pointer_child("/rules", i));
  }

  void rule(const JsonValue& r, const std::string& path) {
    if (!check_.expect_object(r, path)) return;
    check_.only_keys(r, path, {"id", "description", "event", "path", "if", "points", "cap", "dimension"});
    const std::size_t before = check_.error_count();
    Rule rule;
    if (auto id = reader_.identifier(r, path, "id")) {
      if (unique_rule_id(*id, child(path, "id"))) rule.id = *id;
    }
    check_.string(r, path, "description", false, 2000, true);
    if (auto types = reader_.event_types(r, path, "event")) rule.event_types = std::move(*types);
    reader_.path_globs(r, path, rule.conditions);
    reader_.conditions(r, path, detail::FieldScope::event, rule.conditions);
    const auto points = check_.number(r, path, "points", true, -max_points, max_points);
    const bool points_ok = points && *points != 0;
    if (points && !points_ok) check_.fail_at("range", path, "points", "must not be zero");
    rule.points = points.value_or(0);
    const auto cap = check_.number(r, path, "cap", false, -1e9, 1e9);
    if (cap && points_ok) {
      if ((*cap > 0) != (rule.points > 0)) {
        check_.fail_at("cap", path, "cap",
                    rule.points > 0 ? "a positive rule needs a positive cap (the most it can add)"
                                    : "a negative rule needs a negative cap (the most it can subtract)");
      } else if (std::fabs(*cap) < std::fabs(rule.points)) {
        check_.fail("cap", child(path, "cap"),
                    "smaller than the rule's points (" + format_number(rule.points) + ")");
      } else {
        rule.has_cap = true;
        rule.cap = *cap;
      }
    }
    if (auto dim = check_.choice(r, path, "dimension", false, {"engagement", "fit"})) {
      rule.dimension = *dim == "fit" ? Dimension::fit : Dimension::engagement;
    }
    if (check_.error_count() == before) config_.rules.push_back(std::move(rule));
  }

  void fit_rules(const JsonValue& list) {
    if (!check_.expect_array(list, "/fit")) return;
    for (std::size_t i = 0; i < list.size(); ++i) fit_rule(list[i], json_pointer_child("/fit", i));
  }

  void fit_rule(const JsonValue& r, const std::string& path) {
    if (!check_.expect_object(r, path)) return;
    check_.only_keys(r, path,
                     {"id", "description", "points", "if", "field", "ignore_case", "eq", "ne", "in",
                      "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any", "starts_with",
                      "starts_with_any", "ends_with", "ends_with_any", "matches", "exists"});
    const std::size_t before = check_.error_count();
    FitRule rule;
    if (auto id = reader_.identifier(r, path, "id")) {
      if (unique_rule_id(*id, child(path, "id"))) rule.id = *id;
    }
    check_.string(r, path, "description", false, 2000, true);
    const bool inline_form = Checker::find(r, "field") != nullptr;
    const bool list_form = Checker::find(r, "if") != nullptr;
    if (inline_form == list_form) {
      check_.fail("operator", path,
                  inline_form ? "use either field with an operator, or if, not both"
                              : "needs a condition: field with an operator, or if");
    } else if (inline_form) {
      if (auto c = reader_.condition(r, path, detail::FieldScope::contact, false)) rule.conditions.push_back(std::move(*c));
    } else {
      reader_.conditions(r, path, detail::FieldScope::contact, rule.conditions);
    }
    auto points = check_.number(r, path, "points", true, -max_points, max_points);
    if (points && *points == 0) check_.fail_at("range", path, "points", "must not be zero");
    if (points) rule.points = *points;
    if (check_.error_count() == before) config_.fit_rules.push_back(std::move(rule));
  }

  // ---- lifecycle

  void default_lifecycle() {
    auto stage = [&](const char* id) -> LifecycleStage& {
      config_.stages.push_back(LifecycleStage{id, {}});
      return config_.stages.back();
    };
    StageCriterion known;
    known.needs_known = true;
    stage("visitor");
    stage("lead").when.push_back(known);
    StageCriterion mql = known;
    mql.min_total = 50;
    stage("mql").when.push_back(mql);
    StageCriterion sql = known;
    sql.min_total = 100;
    StageCriterion hand_raise = known;
    hand_raise.events = {config_.event_types.insert("demo_request"),
                         config_.event_types.insert("contact_sales")};
    hand_raise.min_fit = 10;
    stage("sql").when = {sql, hand_raise};
    stage("customer");
  }

  void lifecycle(const JsonValue& list) {
    config_.stages.push_back(LifecycleStage{"visitor", {}});
    if (!check_.expect_array(list, "/lifecycle")) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = json_pointer_child("/lifecycle", i);
      const JsonValue& s = list[i];
      if (!check_.expect_object(s, path)) continue;
      check_.only_keys(s, path, {"stage", "when"});
      LifecycleStage stage;
      if (auto id = reader_.identifier(s, path, "stage")) {
        if (config_.stage_index(*id) >= 0) {
          check_.fail("duplicate", child(path, "stage"),
                      *id == "visitor" ? "\"visitor\" is the implicit first stage"
                                       : "stage \"" + *id + "\" is already declared");
        } else {
          stage.id = *id;
        }
      }
      const JsonValue* when = Checker::find(s, "when");
      if (!when) {
        check_.fail_at("required", path, "when", "required key is missing");
      } else if (check_.expect_array(*when, child(path, "when"))) {
        for (std::size_t k = 0; k < when->size(); ++k) {
          if (auto c = criterion((*when)[k], json_pointer_child(child(path, "when"), k))) {
            stage.when.push_back(std::move(*c));
          }
        }
      }
      // Keep the position even when the stage has errors, so later stages
      // keep their order; the config is refused anyway.
      if (stage.id.empty()) stage.id = "#" + decimal(i);
      config_.stages.push_back(std::move(stage));
    }
  }

  std::optional<StageCriterion> criterion(const JsonValue& c, const std::string& path) {
    if (!check_.expect_object(c, path)) return std::nullopt;
    check_.only_keys(c, path, {"known", "min_total", "min_fit", "min_engagement", "events"});
    const std::size_t before = check_.error_count();
    StageCriterion out;
    if (auto k = check_.boolean(c, path, "known", false)) out.needs_known = *k;
    out.min_total = check_.number(c, path, "min_total", false, -max_threshold, max_threshold);
    out.min_fit = check_.number(c, path, "min_fit", false, -max_threshold, max_threshold);
    out.min_engagement =
        check_.number(c, path, "min_engagement", false, -max_threshold, max_threshold);
    if (auto e = reader_.event_types(c, path, "events")) out.events = std::move(*e);
    if (check_.error_count() != before) return std::nullopt;
    if (c.empty()) {
      check_.fail("empty", path, "a way into a stage needs at least one part");
      return std::nullopt;
    }
    return out;
  }

  // ---- temperature, journey

  void temperature(const JsonValue& t) {
    if (!check_.expect_object(t, "/temperature")) return;
    check_.only_keys(t, "/temperature", {"warm", "hot", "score"});
    auto warm = check_.number(t, "/temperature", "warm", false, -max_threshold, max_threshold);
    auto hot = check_.number(t, "/temperature", "hot", false, -max_threshold, max_threshold);
    if (warm) config_.warm = *warm;
    if (hot) config_.hot = *hot;
    if (warm.has_value() == (Checker::find(t, "warm") != nullptr) &&
        hot.has_value() == (Checker::find(t, "hot") != nullptr) && config_.warm >= config_.hot) {
      check_.fail("threshold", "/temperature/hot",
                  "hot (" + format_number(config_.hot) + ") must be above warm (" +
                      format_number(config_.warm) + ")");
    }
    if (auto s = check_.choice(t, "/temperature", "score", false, {"engagement", "total"})) {
      config_.temperature_on_total = *s == "total";
    }
  }

  void journey(const JsonValue& j) {
    if (!check_.expect_object(j, "/journey")) return;
    check_.only_keys(j, "/journey", {"min", "tags"});
    if (const JsonValue* m = Checker::find(j, "min")) {
      if (check_.expect_object(*m, "/journey/min")) {
        check_.only_keys(*m, "/journey/min", {"consideration", "decision"});
        if (auto v = check_.number(*m, "/journey/min", "consideration", false, 0.001, 1e6)) {
          config_.journey_min[1] = *v;
        }
        if (auto v = check_.number(*m, "/journey/min", "decision", false, 0.001, 1e6)) {
          config_.journey_min[2] = *v;
        }
      }
    }
    const JsonValue* tags = Checker::find(j, "tags");
    if (!tags || !check_.expect_array(*tags, "/journey/tags")) return;
    for (std::size_t i = 0; i < tags->size(); ++i) {
      const std::string path = json_pointer_child("/journey/tags", i);
      const JsonValue& t = (*tags)[i];
      if (!check_.expect_object(t, path)) continue;
      check_.only_keys(t, path, {"stage", "event", "path", "if", "weight"});
      const std::size_t before = check_.error_count();
      JourneyTag tag;
      if (auto s = check_.choice(t, path, "stage", true, {"awareness", "consideration", "decision"})) {
        tag.stage = *s == "awareness"       ? Journey::awareness
                    : *s == "consideration" ? Journey::consideration
                                            : Journey::decision;
      }
      if (auto types = reader_.event_types(t, path, "event")) {
        tag.event_types = std::move(*types);
      } else if (!Checker::find(t, "event")) {
        tag.event_types = {type_page_view};
      }
      reader_.path_globs(t, path, tag.conditions);
      reader_.conditions(t, path, detail::FieldScope::event, tag.conditions);
      if (auto w = check_.number(t, path, "weight", false, 0.001, 1e6)) tag.weight = *w;
      if (check_.error_count() == before) config_.journey_tags.push_back(std::move(tag));
    }
  }

  // Offers and gates name forms, which are read after them. A form with
  // errors of its own is not compiled, but it is there: no "no form" for it.
  void form_references(const JsonValue& doc) {
    auto check = [&](const std::string& path, const JsonValue* id) {
      if (id && id->is_string() && !detail::declares(doc.find("forms"), id->as_string())) {
        check_.fail_quoted("reference", path, "no form ", id->as_string(), "");
      }
    };
    if (const JsonValue* offers = doc.find("offers"); offers && offers->is_array()) {
      for (std::size_t i = 0; i < offers->size(); ++i) {
        check(json_pointer_child(json_pointer_child("/offers", i), "form"), (*offers)[i].find("form"));
      }
    }
    if (const JsonValue* gates = doc.find("gates"); gates && gates->is_array()) {
      for (std::size_t i = 0; i < gates->size(); ++i) {
        const JsonValue* unlock = (*gates)[i].find("unlock");
        const std::string at = json_pointer_child(json_pointer_child("/gates", i), "unlock");
        check(json_pointer_child(at, "form"), unlock ? unlock->find("form") : nullptr);
      }
    }
  }

  void privacy(const JsonValue& p) {
    if (!check_.expect_object(p, "/privacy")) return;
    check_.only_keys(p, "/privacy", {"consent", "respect_dnt"});
    if (auto c = check_.choice(p, "/privacy", "consent", false, {"required", "not_required"})) {
      config_.consent_required = *c == "required";
    }
    if (auto d = check_.boolean(p, "/privacy", "respect_dnt", false)) config_.respect_dnt = *d;
  }

  // ---- indexes for the hot path

  void index_by_type() {
    const std::size_t n = config_.event_types.size();
    config_.rules_by_type.assign(n, {});
    config_.tags_by_type.assign(n, {});
    config_.type_moves_stage.assign(n, 0);
    config_.anonymous_can_advance.assign(config_.stages.size(), 0);
    for (std::size_t i = config_.stages.size(); i-- > 1;) {
      bool anonymous = false;
      for (const StageCriterion& c : config_.stages[i].when) anonymous = anonymous || !c.needs_known;
      for (std::size_t j = 0; j < i; ++j) config_.anonymous_can_advance[j] |= anonymous ? 1 : 0;
    }
    for (const LifecycleStage& s : config_.stages) {
      for (const StageCriterion& c : s.when) {
        for (int t : c.events) config_.type_moves_stage[static_cast<std::size_t>(t)] = 1;
      }
    }
    for (std::size_t r = 0; r < config_.rules.size(); ++r) {
      const auto& types = config_.rules[r].event_types;
      if (types.empty()) config_.rules_any_type.push_back(static_cast<int>(r));
      for (int t : types) config_.rules_by_type[static_cast<std::size_t>(t)].push_back(static_cast<int>(r));
    }
    for (std::size_t k = 0; k < config_.journey_tags.size(); ++k) {
      for (int t : config_.journey_tags[k].event_types) {
        config_.tags_by_type[static_cast<std::size_t>(t)].push_back(static_cast<int>(k));
      }
    }
  }

  Checker& check_;
  Config& config_;
  detail::ConfigReader reader_;
  detail::StringIndex rule_ids_;
};

}  // namespace

ConfigResult load_config(const JsonValue& document) {
  ConfigResult result;
  auto config = std::make_shared<Config>();
  Checker check("leadscore.config", result.errors);
  Compiler(check, *config).document(document);
  if (result.errors.empty()) {
    result.config = std::move(config);
  } else {
    detail::sort_by_document_order(document, result.errors);
  }
  return result;
}

}  // namespace leadscore
