#pragma once
/// \file
/// Where a visitor stands at a given moment, with the explanation, and its
/// JSON form (the CLI's output line and the JS state()).

#include <cstdint>
#include <string>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

/// What one rule contributes.
struct BreakdownEntry {
  const std::string* rule = nullptr;  ///< id, owned by the Config
  Dimension dimension = Dimension::engagement;
  std::uint32_t fired = 0;  ///< times it matched (fit rules: 1 while they match)
  double points = 0;        ///< contribution now
  double capped = 0;        ///< points lost to the rule's cap (or floor)
  double decayed = 0;       ///< points lost to decay so far
};

struct Standing {
  double total = 0, fit = 0, engagement = 0;
  std::size_t lifecycle = 0;
  Journey journey = Journey::awareness;
  Temperature temperature = Temperature::cold;
  std::vector<BreakdownEntry> breakdown;  ///< rules that fired, in config order
};

/// The visitor at `now`: decay applied up to `now`.
Standing standing_at(const Config& config, const Profile& profile, std::int64_t now);

/// {"visitor","score","fit","engagement","stage","journey","temperature","breakdown"}
/// as JSON text (the CLI's line). Scores are rounded to 2 decimals.
std::string standing_to_json(const Config& config, const Profile& profile, const Standing& standing);

/// standing_to_json plus what the page needs: "known", "lifecycle_since",
/// "sessions", "events", "page_views", "first_seen", "last_seen", "contact",
/// "attribution", "transitions", "forms" (submitted), "unlocked" (gates) and
/// "offers" ({id: {views, dismissed_at?, converted_at?}}).
std::string state_to_json(const Config& config, const Profile& profile, const Standing& standing);

}  // namespace leadscore
