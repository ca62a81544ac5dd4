#include "leadscore/config.hpp"

#include <algorithm>
#include <cmath>

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

int Config::rule_index(std::string_view id) const {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

namespace {

using detail::Checker;
using detail::elements;
using detail::members;

constexpr const char* builtin_types[] = {
    "page_view",  "scroll",        "dwell",       "click",           "download",
    "form_start", "form_submit",   "identify",    "offer_view",      "offer_dismiss",
    "offer_convert", "session_start", "set_stage",
};
static_assert(sizeof(builtin_types) / sizeof(builtin_types[0]) == builtin_type_count);

constexpr double max_points = 1e6;
constexpr double max_threshold = 1e9;

std::string child(const std::string& path, std::string_view key) {
  return json_pointer_child(path, std::string(key));
}

// Compiles one document into a Config, reporting every problem it finds.
class Compiler {
 public:
  Compiler(Checker& check, Config& config) : check_(check), config_(config) {
    for (const char* t : builtin_types) config_.event_types.insert(t);
  }

  void document(const json& doc) {
    if (!check_.expect_object(doc, "")) return;
    check_.only_keys(doc, "", {"$schema", "version", "name", "session_timeout_minutes", "decay",
                               "rules", "fit", "lifecycle", "temperature", "journey"});
    version(doc);
    check_.string(doc, "", "name", false, 200);
    if (auto m = check_.integer(doc, "", "session_timeout_minutes", false, 1, 1440)) {
      config_.session_timeout_ms = *m * 60 * 1000;
    }
    if (const json* d = Checker::find(doc, "decay")) decay(*d);
    if (const json* r = Checker::find(doc, "rules")) rules(*r);
    if (const json* f = Checker::find(doc, "fit")) fit_rules(*f);
    if (const json* l = Checker::find(doc, "lifecycle")) {
      lifecycle(*l);
    } else {
      default_lifecycle();
    }
    if (const json* t = Checker::find(doc, "temperature")) temperature(*t);
    if (const json* j = Checker::find(doc, "journey")) journey(*j);
    index_by_type();
  }

 private:
  void version(const json& doc) {
    const json* v = Checker::find(doc, "version");
    if (!v) {
      check_.fail("required", "/version", "required key is missing");
    } else if (!v->is_number()) {
      check_.fail("type", "/version",
                  std::string("expected a number, got ") + detail::json_type_name(*v));
    } else if (v->get<double>() != 1) {
      check_.fail("version", "/version",
                  "unsupported version " + format_number(v->get<double>()) +
                      "; this build reads version 1");
    }
  }

  void decay(const json& d) {
    if (!check_.expect_object(d, "/decay")) return;
    check_.only_keys(d, "/decay", {"half_life_days"});
    if (auto days = check_.number(d, "/decay", "half_life_days", true, 0.01, 36500)) {
      config_.half_life_ms = *days * 86400000.0;
    }
  }

  // ---- ids

  bool unique_rule_id(const std::string& id, const std::string& path) {
    for (const std::string& seen : rule_ids_) {
      if (seen == id) {
        check_.fail("duplicate", path, "rule id \"" + id + "\" is already used");
        return false;
      }
    }
    rule_ids_.push_back(id);
    return true;
  }

  std::optional<std::string> identifier(const json& obj, const std::string& path,
                                        std::string_view key) {
    auto s = check_.string(obj, path, key, true, 1000);
    if (!s) return std::nullopt;
    if (!detail::is_identifier(*s)) {
      check_.fail("identifier", child(path, key),
                  "\"" + *s + "\" is not an identifier (1-64 of A-Z a-z 0-9 _ . -)");
      return std::nullopt;
    }
    return s;
  }

  // ---- event types

  std::optional<std::vector<int>> event_types(const json& obj, const std::string& path,
                                              std::string_view key) {
    auto names = check_.strings(obj, path, key, false, 64);
    if (!names) return std::nullopt;
    std::vector<int> ids;
    for (const std::string& n : *names) {
      const int id = config_.event_types.insert(n);
      // A type listed twice must not make a rule fire (or a tag count) twice.
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
  }

  // ---- conditions

  // Fields a condition can look at. Fit rules see contact fields only, and
  // may name them without the "contact." prefix.
  bool field(const std::string& name, bool fit, Condition& c, const std::string& path) {
    auto prefixed = [&](std::string_view prefix, Field f) {
      if (name.compare(0, prefix.size(), prefix) != 0) return false;
      c.field = f;
      c.key = name.substr(prefix.size());
      return true;
    };
    bool ok = false;
    if (prefixed("contact.", Field::contact)) {
      ok = !c.key.empty();
    } else if (fit) {
      c.field = Field::contact;
      c.key = name;
      ok = name.find('.') == std::string::npos;
    } else if (prefixed("props.", Field::prop) || prefixed("query.", Field::query)) {
      ok = !c.key.empty();
    } else {
      ok = true;
      if (name == "type") {
        c.field = Field::type;
      } else if (name == "url") {
        c.field = Field::url;
      } else if (name == "path") {
        c.field = Field::path;
      } else if (name == "visit") {
        c.field = Field::visit;
      } else {
        ok = false;
      }
    }
    if (ok && c.key.size() > 64) ok = false;
    if (ok && c.field == Field::prop) c.key_id = config_.prop_keys.insert(c.key);
    if (!ok) {
      check_.fail("field", path,
                  "\"" + name + "\" is not a field (" +
                      (fit ? std::string("a contact field name, or contact.<name>")
                           : std::string("type, url, path, visit, props.<name>, query.<name> "
                                         "or contact.<name>")) +
                      ")");
    }
    return ok;
  }

  std::string folded(const std::string& s, bool ignore_case) {
    return ignore_case ? fold_case(s) : s;
  }

  // The value of one operator, checked against what the operator takes.
  bool operand(const json& v, const std::string& path, Condition& c) {
    auto type_error = [&](const char* expected) {
      check_.fail("type", path, std::string("expected ") + expected + ", got " +
                                    detail::json_type_name(v));
      return false;
    };
    switch (c.op) {
      case Op::eq:
      case Op::ne:
        if (v.is_boolean()) {
          c.expects_boolean = true;
          c.boolean = v.get<bool>();
        } else if (v.is_number()) {
          c.numbers.push_back(v.get<double>());
        } else if (v.is_string()) {
          c.strings.push_back(folded(v.get<std::string>(), c.ignore_case));
        } else {
          return type_error("a string, number or boolean");
        }
        return true;
      case Op::in:
      case Op::not_in: {
        if (!v.is_array()) return type_error("an array of strings or numbers");
        if (v.empty()) {
          check_.fail("empty", path, "must not be empty");
          return false;
        }
        bool ok = true;
        for (std::size_t i = 0; i < v.size(); ++i) {
          const json& e = v[i];
          if (e.is_number()) {
            c.numbers.push_back(e.get<double>());
          } else if (e.is_string()) {
            c.strings.push_back(folded(e.get<std::string>(), c.ignore_case));
          } else {
            check_.fail("type", json_pointer_child(path, i),
                        std::string("expected a string or number, got ") +
                            detail::json_type_name(e));
            ok = false;
          }
        }
        return ok;
      }
      case Op::gt:
      case Op::gte:
      case Op::lt:
      case Op::lte:
        if (!v.is_number()) return type_error("a number");
        c.numbers.push_back(v.get<double>());
        return true;
      case Op::contains:
      case Op::starts_with:
      case Op::ends_with:
        if (!v.is_string()) return type_error("a string");
        if (v.get_ref<const std::string&>().empty()) {
          check_.fail("empty", path, "must not be empty");
          return false;
        }
        c.strings.push_back(folded(v.get<std::string>(), c.ignore_case));
        return true;
      case Op::contains_any:
      case Op::starts_with_any:
      case Op::ends_with_any: {
        if (!v.is_array()) return type_error("an array of strings");
        if (v.empty()) {
          check_.fail("empty", path, "must not be empty");
          return false;
        }
        bool ok = true;
        for (std::size_t i = 0; i < v.size(); ++i) {
          const json& e = v[i];
          if (!e.is_string()) {
            check_.fail("type", json_pointer_child(path, i),
                        std::string("expected a string, got ") + detail::json_type_name(e));
            ok = false;
          } else if (e.get_ref<const std::string&>().empty()) {
            check_.fail("empty", json_pointer_child(path, i), "must not be empty");
            ok = false;
          } else {
            c.strings.push_back(folded(e.get<std::string>(), c.ignore_case));
          }
        }
        return ok;
      }
      case Op::matches: {
        if (!v.is_string()) return type_error("a glob string");
        std::string error;
        auto glob = Glob::compile(folded(v.get<std::string>(), c.ignore_case), error);
        if (!glob) {
          check_.fail("glob", path, error);
          return false;
        }
        c.globs.push_back(std::move(*glob));
        return true;
      }
      case Op::exists:
        if (!v.is_boolean()) return type_error("a boolean");
        c.boolean = v.get<bool>();
        return true;
    }
    return false;
  }

  // One condition: `field`, optional `ignore_case`, exactly one operator.
  // `extra_keys` are keys the enclosing object may also hold (inline fit rules).
  std::optional<Condition> condition(const json& obj, const std::string& path, bool fit,
                                     bool check_keys) {
    if (!check_.expect_object(obj, path)) return std::nullopt;
    if (check_keys) {
      check_.only_keys(obj, path,
                       {"field", "ignore_case", "eq", "ne", "in", "not_in", "gt", "gte", "lt",
                        "lte", "contains", "contains_any", "starts_with", "starts_with_any",
                        "ends_with", "ends_with_any", "matches", "exists"});
    }
    const std::size_t before = check_.error_count();
    Condition c;
    auto name = check_.string(obj, path, "field", true, 200);
    if (name) field(*name, fit, c, child(path, "field"));
    if (auto ic = check_.boolean(obj, path, "ignore_case", false)) c.ignore_case = *ic;

    const json* value = nullptr;
    std::string op_key;
    int ops = 0;
    for (const auto& [key, v] : members(obj)) {
      Op op;
      if (op_from_name(key, op)) {
        ++ops;
        c.op = op;
        value = &v;
        op_key = key;
      }
    }
    if (ops != 1) {
      check_.fail("operator", path,
                  ops == 0 ? "needs one operator (eq, in, gte, contains, matches, ...)"
                           : "has more than one operator; use one per condition");
    } else {
      operand(*value, child(path, op_key), c);
    }
    if (check_.error_count() != before) return std::nullopt;
    return c;
  }

  bool conditions(const json& obj, const std::string& path, bool fit,
                  std::vector<Condition>& out) {
    const json* list = Checker::find(obj, "if");
    if (!list) return true;
    const std::string at = child(path, "if");
    if (!check_.expect_array(*list, at)) return false;
    bool ok = true;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto c = condition((*list)[i], json_pointer_child(at, i), fit, true);
      if (c) {
        out.push_back(std::move(*c));
      } else {
        ok = false;
      }
    }
    return ok;
  }

  // "path": one glob or several, as a `matches` condition on the path
  // (several globs: any of them).
  bool path_globs(const json& obj, const std::string& path, std::vector<Condition>& out) {
    const json* p = Checker::find(obj, "path");
    if (!p) return true;
    // Length is the glob compiler's to judge (leadscore.config.glob), not a plain range.
    auto patterns = check_.strings(obj, path, "path", false, 1 << 20);
    if (!patterns) return false;
    Condition c;
    c.field = Field::path;
    c.op = Op::matches;
    bool ok = true;
    for (std::size_t i = 0; i < patterns->size(); ++i) {
      std::string error;
      auto glob = Glob::compile((*patterns)[i], error);
      if (!glob) {
        check_.fail("glob", p->is_array() ? json_pointer_child(child(path, "path"), i) : child(path, "path"),
                    error);
        ok = false;
      } else {
        c.globs.push_back(std::move(*glob));
      }
    }
    if (ok) out.push_back(std::move(c));
    return ok;
  }

  // ---- rules

  void rules(const json& list) {
    if (!check_.expect_array(list, "/rules")) return;
    for (std::size_t i = 0; i < list.size(); ++i) rule(list[i], json_pointer_child("/rules", i));
  }

  void rule(const json& r, const std::string& path) {
    if (!check_.expect_object(r, path)) return;
    check_.only_keys(r, path, {"id", "description", "event", "path", "if", "points", "cap", "dimension"});
    const std::size_t before = check_.error_count();
    Rule rule;
    if (auto id = identifier(r, path, "id")) {
      if (unique_rule_id(*id, child(path, "id"))) rule.id = *id;
    }
    check_.string(r, path, "description", false, 2000, true);
    if (auto types = event_types(r, path, "event")) rule.event_types = std::move(*types);
    path_globs(r, path, rule.conditions);
    conditions(r, path, false, rule.conditions);
    const auto points = check_.number(r, path, "points", true, -max_points, max_points);
    const bool points_ok = points && *points != 0;
    if (points && !points_ok) check_.fail("range", child(path, "points"), "must not be zero");
    rule.points = points.value_or(0);
    const auto cap = check_.number(r, path, "cap", false, -1e9, 1e9);
    if (cap && points_ok) {
      if ((*cap > 0) != (rule.points > 0)) {
        check_.fail("cap", child(path, "cap"),
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

  void fit_rules(const json& list) {
    if (!check_.expect_array(list, "/fit")) return;
    for (std::size_t i = 0; i < list.size(); ++i) fit_rule(list[i], json_pointer_child("/fit", i));
  }

  void fit_rule(const json& r, const std::string& path) {
    if (!check_.expect_object(r, path)) return;
    check_.only_keys(r, path,
                     {"id", "description", "points", "if", "field", "ignore_case", "eq", "ne", "in",
                      "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any", "starts_with",
                      "starts_with_any", "ends_with", "ends_with_any", "matches", "exists"});
    const std::size_t before = check_.error_count();
    FitRule rule;
    if (auto id = identifier(r, path, "id")) {
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
      if (auto c = condition(r, path, true, false)) rule.conditions.push_back(std::move(*c));
    } else {
      conditions(r, path, true, rule.conditions);
    }
    auto points = check_.number(r, path, "points", true, -max_points, max_points);
    if (points && *points == 0) check_.fail("range", child(path, "points"), "must not be zero");
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

  void lifecycle(const json& list) {
    config_.stages.push_back(LifecycleStage{"visitor", {}});
    if (!check_.expect_array(list, "/lifecycle")) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = json_pointer_child("/lifecycle", i);
      const json& s = list[i];
      if (!check_.expect_object(s, path)) continue;
      check_.only_keys(s, path, {"stage", "when"});
      LifecycleStage stage;
      if (auto id = identifier(s, path, "stage")) {
        if (config_.stage_index(*id) >= 0) {
          check_.fail("duplicate", child(path, "stage"),
                      *id == "visitor" ? "\"visitor\" is the implicit first stage"
                                       : "stage \"" + *id + "\" is already declared");
        } else {
          stage.id = *id;
        }
      }
      const json* when = Checker::find(s, "when");
      if (!when) {
        check_.fail("required", child(path, "when"), "required key is missing");
      } else if (check_.expect_array(*when, child(path, "when"))) {
        for (std::size_t k = 0; k < when->size(); ++k) {
          if (auto c = criterion((*when)[k], json_pointer_child(child(path, "when"), k))) {
            stage.when.push_back(std::move(*c));
          }
        }
      }
      // Keep the position even when the stage has errors, so later stages
      // keep their order; the config is refused anyway.
      if (stage.id.empty()) stage.id = "#" + std::to_string(i);
      config_.stages.push_back(std::move(stage));
    }
  }

  std::optional<StageCriterion> criterion(const json& c, const std::string& path) {
    if (!check_.expect_object(c, path)) return std::nullopt;
    check_.only_keys(c, path, {"known", "min_total", "min_fit", "min_engagement", "events"});
    const std::size_t before = check_.error_count();
    StageCriterion out;
    if (auto k = check_.boolean(c, path, "known", false)) out.needs_known = *k;
    out.min_total = check_.number(c, path, "min_total", false, -max_threshold, max_threshold);
    out.min_fit = check_.number(c, path, "min_fit", false, -max_threshold, max_threshold);
    out.min_engagement =
        check_.number(c, path, "min_engagement", false, -max_threshold, max_threshold);
    if (auto e = event_types(c, path, "events")) out.events = std::move(*e);
    if (check_.error_count() != before) return std::nullopt;
    if (c.empty()) {
      check_.fail("empty", path, "a way into a stage needs at least one part");
      return std::nullopt;
    }
    return out;
  }

  // ---- temperature, journey

  void temperature(const json& t) {
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

  void journey(const json& j) {
    if (!check_.expect_object(j, "/journey")) return;
    check_.only_keys(j, "/journey", {"min", "tags"});
    if (const json* m = Checker::find(j, "min")) {
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
    const json* tags = Checker::find(j, "tags");
    if (!tags || !check_.expect_array(*tags, "/journey/tags")) return;
    for (std::size_t i = 0; i < tags->size(); ++i) {
      const std::string path = json_pointer_child("/journey/tags", i);
      const json& t = (*tags)[i];
      if (!check_.expect_object(t, path)) continue;
      check_.only_keys(t, path, {"stage", "event", "path", "if", "weight"});
      const std::size_t before = check_.error_count();
      JourneyTag tag;
      if (auto s = check_.choice(t, path, "stage", true, {"awareness", "consideration", "decision"})) {
        tag.stage = *s == "awareness"       ? Journey::awareness
                    : *s == "consideration" ? Journey::consideration
                                            : Journey::decision;
      }
      if (auto types = event_types(t, path, "event")) {
        tag.event_types = std::move(*types);
      } else if (!Checker::find(t, "event")) {
        tag.event_types = {type_page_view};
      }
      path_globs(t, path, tag.conditions);
      conditions(t, path, false, tag.conditions);
      if (auto w = check_.number(t, path, "weight", false, 0.001, 1e6)) tag.weight = *w;
      if (check_.error_count() == before) config_.journey_tags.push_back(std::move(tag));
    }
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
  std::vector<std::string> rule_ids_;
};

}  // namespace

ConfigResult load_config(const json& document) {
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
