#pragma once
/// \file
/// Lifecycle (forward-only), buyer journey (furthest reached) and temperature.

#include <cstdint>

#include "leadscore/config.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

struct Scores {
  double total = 0, fit = 0, engagement = 0;
};

/// The visitor's scores at time `t` (engagement decayed to t).
Scores scores_at(const Config& config, const Profile& profile, std::int64_t t);

/// Temperature for a set of scores.
Temperature temperature_for(const Config& config, const Scores& scores);

/// Moves the lifecycle stage forward to the furthest stage whose criteria hold
/// (never back). Records a "lifecycle" transition with its cause. True if moved.
bool advance_lifecycle(const Config& config, Profile& profile, const Scores& scores, std::int64_t ts);

/// Sets an externally decided stage (set_stage event), forward only. False if
/// the stage is not ahead of the current one.
bool set_lifecycle(Profile& profile, const Config& config, std::size_t stage, std::int64_t ts);

/// Moves the journey stage forward to the furthest stage whose weight reached
/// its minimum. Records a "journey" transition. True if moved.
bool advance_journey(const Config& config, Profile& profile, std::int64_t ts);

/// Updates the temperature as of an event; records a "temperature" transition.
bool update_temperature(const Config& config, Profile& profile, const Scores& scores, std::int64_t ts);

/// Appends a transition, keeping the history capped.
void record_transition(Profile& profile, Transition transition);

}  // namespace leadscore
