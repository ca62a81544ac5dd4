#pragma once
/// \file
/// The LeadScore config: one JSON document a marketer edits (docs/config.md,
/// schema/leadscore.config.schema.json). load_config() validates all of it,
/// reports every error by JSON path with a stable id, and compiles it into an
/// immutable Config; a config with any error is refused whole.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/conditions.hpp"
#include "leadscore/detail/string_index.hpp"
#include "leadscore/error.hpp"
#include "leadscore/delivery.hpp"
#include "leadscore/forms.hpp"
#include "leadscore/gates.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/offers.hpp"

namespace leadscore {

enum class Dimension : unsigned char { engagement, fit };

/// An event rule: `points` each time a matching event happens.
struct Rule {
  std::string id;
  Dimension dimension = Dimension::engagement;
  std::vector<int> event_types;       ///< interned type ids; empty: any event
  std::vector<Condition> conditions;  ///< all must hold ("path" globs included)
  double points = 0;
  bool has_cap = false;
  double cap = 0;  ///< positive rules: most they can add; negative rules: most they can take
};

/// A fit rule: `points` while the visitor's contact data matches.
struct FitRule {
  std::string id;
  std::vector<Condition> conditions;  ///< all must hold; fields are contact fields
  double points = 0;
};

/// One way into a lifecycle stage; every part that is set must hold.
struct StageCriterion {
  bool needs_known = false;  ///< contact data (email or phone) known
  std::optional<double> min_total, min_fit, min_engagement;
  std::vector<int> events;  ///< interned type ids: the visitor did one of them (hand-raise)
};

struct LifecycleStage {
  std::string id;
  std::vector<StageCriterion> when;  ///< any one suffices; empty: only set from outside
};

enum class Journey : unsigned char { awareness, consideration, decision };
enum class Temperature : unsigned char { cold, warm, hot };

const char* journey_name(Journey j);
const char* temperature_name(Temperature t);

/// Content tagged with a buyer-journey stage.
struct JourneyTag {
  Journey stage = Journey::awareness;
  std::vector<int> event_types;       ///< default: page_view
  std::vector<Condition> conditions;  ///< "path" globs and "if"
  double weight = 1;
};

/// Built-in event types, interned first so their ids are fixed.
enum BuiltinType : int {
  type_page_view, type_scroll, type_dwell, type_click, type_download, type_form_start,
  type_form_submit, type_identify, type_offer_view, type_offer_dismiss, type_offer_convert,
  type_session_start, type_set_stage, type_gate_view,
  builtin_type_count
};

/// Their names, in BuiltinType order.
inline constexpr const char* builtin_type_names[] = {
    "page_view",  "scroll",        "dwell",       "click",           "download",
    "form_start", "form_submit",   "identify",    "offer_view",      "offer_dismiss",
    "offer_convert", "session_start", "set_stage", "gate_view",
};
static_assert(sizeof(builtin_type_names) / sizeof(builtin_type_names[0]) == builtin_type_count);

/// A validated, compiled config. Immutable; share it between visitors.
struct Config {
  std::int64_t session_timeout_ms = 30 * 60 * 1000;
  double half_life_ms = 0;  ///< engagement decay; 0: off

  std::vector<Rule> rules;
  std::vector<FitRule> fit_rules;

  std::vector<LifecycleStage> stages;  ///< [0] is "visitor"

  bool temperature_on_total = false;  ///< temperature from the total score, not engagement
  double warm = 20, hot = 60;

  std::vector<Offer> offers;
  std::vector<Gate> gates;
  std::vector<Form> forms;
  DeliverySettings delivery;
  bool consent_required = false;  ///< store nothing until consent(true)
  bool respect_dnt = false;       ///< Do-Not-Track / GPC visitors: no tracking or storage, their forms still sent (the widget)
  LocalText close_label, locked_label;  ///< the widget's own texts (none for a language: its English default; LocalText::find)

  std::vector<JourneyTag> journey_tags;
  std::array<double, 3> journey_min{{0, 1, 1}};  ///< weight needed per journey stage

  detail::StringIndex event_types;               ///< interned event type names
  std::vector<std::vector<int>> rules_by_type;   ///< per type id: rules for that type
  std::vector<int> rules_any_type;               ///< rules without an event filter
  std::vector<std::vector<int>> tags_by_type;    ///< per type id: journey tags
  std::vector<char> type_moves_stage;            ///< per type id: a stage criterion names it
  detail::StringIndex prop_keys;                 ///< every props.<key> a condition looks at
  /// Per lifecycle stage: some stage after it can be entered without known
  /// contact data (else anonymous visitors there need no lifecycle check).
  std::vector<char> anonymous_can_advance;

  /// Interned id of an event type, -1 if no part of the config names it.
  int type_id(std::string_view type) const { return event_types.find(type); }
  /// Index of a lifecycle stage by id, -1 if unknown.
  int stage_index(std::string_view id) const;
  /// Index of an event rule by id, -1 if unknown.
  int rule_index(std::string_view id) const;
  /// Index of a form by id, -1 if unknown.
  int form_index(std::string_view id) const;
};

struct ConfigResult {
  std::shared_ptr<const Config> config;  ///< null when errors is not empty
  Errors errors;                         ///< all of them, in document order
};

/// Validates and compiles a config document.
ConfigResult load_config(const JsonValue& document);

}  // namespace leadscore
