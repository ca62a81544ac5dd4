#pragma once
/// \file
/// Everything the core keeps about one visitor, and its versioned JSON form.
/// Bounded whatever the number of events: counters instead of history, and
/// the short histories it does keep are capped.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/error.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/json_writer.hpp"

namespace leadscore {

/// Running state of one event rule for one visitor.
struct RuleState {
  double value = 0;         ///< current contribution, decayed to ref_ts
  std::int64_t ref_ts = 0;  ///< when value was last brought up to date
  std::uint32_t fired = 0;  ///< times the rule matched
  double added = 0;         ///< points actually added (after caps), never decayed
  double withheld = 0;      ///< points its cap kept back (each firing's points less what it added)
};

/// One marketing touch (first- and last-touch attribution).
struct Touch {
  std::string source, medium, campaign, term, content, gclid, fbclid, referrer, landing_page;
  std::int64_t ts = 0;
};

/// A Touch's text fields with their JSON names, in document order: the one
/// list the profile's writer and reader and the lead payload go through.
inline constexpr std::pair<const char*, std::string Touch::*> touch_text_fields[] = {
    {"source", &Touch::source},   {"medium", &Touch::medium}, {"campaign", &Touch::campaign},
    {"term", &Touch::term},       {"content", &Touch::content}, {"gclid", &Touch::gclid},
    {"fbclid", &Touch::fbclid},   {"referrer", &Touch::referrer}, {"landing_page", &Touch::landing_page},
};

/// A change of lifecycle, journey or temperature, with its cause.
struct Transition {
  std::string kind;  ///< "lifecycle", "journey", "temperature"
  std::string from, to, cause;
  std::int64_t ts = 0;
};

struct PageVisit {
  std::string path;
  std::int64_t ts = 0;
};

/// A contact field value: forms give strings, identify() may give numbers.
struct ContactValue {
  bool is_number = false;
  std::string text;
  double number = 0;
};

struct ProfileLimits {
  static constexpr std::size_t max_contact_fields = 40;
  static constexpr std::size_t max_contact_value_bytes = 1000;
  static constexpr std::size_t max_other_types = 64;
  static constexpr std::size_t max_transitions = 20;
  static constexpr std::size_t max_recent_pages = 20;
  static constexpr std::size_t max_touch_value_bytes = 512;
  static constexpr std::size_t max_forms = 50;
};

struct Profile {
  // What every event reads or writes comes first, so an event touches few
  // cache lines (with many visitors, profile cache misses dominate scoring).
  std::int64_t last_seen = 0;                  ///< 0 until the first event
  std::uint64_t events = 0;
  std::uint32_t sessions = 0;                  ///< visits so far; >1 means return visits
  Temperature temperature = Temperature::cold;  ///< as of the last event
  Journey journey = Journey::awareness;    ///< furthest stage reached
  std::size_t lifecycle = 0;               ///< index into Config::stages; never decreases
  double fit = 0;                          ///< fit score of `contact` (derived, cached)
  std::vector<std::uint32_t> type_counts;  ///< per config event type id
  std::vector<RuleState> rules;            ///< per config rule index
  std::vector<PageVisit> recent_pages;      ///< a ring of at most max_recent_pages; see recent_page()
  std::size_t recent_oldest = 0;            ///< index of the oldest page once the ring is full
  std::array<double, 3> journey_weight{{0, 0, 0}};
  std::uint32_t visit_page_views = 0;      ///< page views in the current visit
  std::int64_t first_seen = 0, session_start = 0;
  std::int64_t lifecycle_since = 0;

  std::string visitor_id;
  std::vector<std::pair<std::string, std::uint32_t>> other_type_counts;  ///< types the config does not name
  std::vector<std::pair<std::string, ContactValue>> contact;
  std::vector<Transition> transitions;      ///< newest last, capped
  std::optional<Touch> first_touch, last_touch;
  std::vector<OfferState> offers;           ///< per config offer index
  std::vector<GateState> gates;             ///< per config gate index
  std::vector<std::string> forms_submitted; ///< form ids, capped

  ContactValue email_domain;               ///< derived from contact "email"; "" if none

  /// The contact value of `field` (or derived "email_domain"), or nullptr.
  const ContactValue* contact_field(std::string_view field) const;
  /// Recomputes derived contact fields after `contact` changed.
  void update_derived_contact();
  /// Remembers a page view, dropping the oldest beyond the cap (no shifting:
  /// this runs on every page view).
  void add_recent_page(std::string_view path, std::int64_t ts);
  /// The i-th remembered page, oldest first (i < recent_pages.size()).
  const PageVisit& recent_page(std::size_t i) const {
    return recent_pages[(recent_oldest + i) % recent_pages.size()];
  }
  /// Contact data known: an email or a phone number.
  bool known() const;
};

/// Writes {"source": ..., "ts": ...}; empty fields are left out.
void write_touch(JsonWriter& out, const Touch& touch);
/// Writes {"kind", "from", "to", "cause", "ts"}.
void write_transition(JsonWriter& out, const Transition& transition);
/// Writes the contact fields as an object.
void write_contact(JsonWriter& out, const Profile& profile);

/// A fresh profile shaped for `config`. A `visitor_id` no stored profile
/// could keep (over 256 bytes, not UTF-8) stands as its hashed_id.
Profile new_profile(const Config& config, std::string visitor_id);

/// Current profile format version written by profile_to_json.
constexpr int profile_version = 3;

/// The versioned JSON form: {"schema": "leadscore.profile", "version": 3, ...}.
/// Numbers are written so they read back exactly.
std::string profile_to_json(const Config& config, const Profile& profile);

struct ProfileResult {
  Profile profile;
  Errors errors;       ///< why the document was refused (then `profile` is fresh)
  bool migrated = false;  ///< the document was an older version
};

/// Reads a stored profile. Older versions are migrated. A corrupted or foreign
/// document (any error) is refused whole: the result is a fresh profile for
/// `fallback_visitor_id` and the errors say why (ids "leadscore.profile.*").
/// Rule states are matched to `config` by rule id; rules the config no longer
/// has are dropped.
ProfileResult load_profile(const Config& config, const JsonValue& document,
                           const std::string& fallback_visitor_id);

}  // namespace leadscore
