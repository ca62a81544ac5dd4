#pragma once
/// \file
/// Applying events to a visitor's profile: sessions, counters, contact data,
/// attribution, rule points with caps and decay, then stages.

#include <cstdint>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/error.hpp"
#include "leadscore/event.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

/// What one event changed (the JS side fires `score`/`stage` hooks from it).
struct Changes {
  bool accepted = false;      ///< false: the event was refused, nothing changed
  bool new_session = false;   ///< the event opened a visit (a session_start was applied first)
  bool score = false;         ///< a rule's value or the fit score changed (a capped rule firing again does not)
  bool contact = false;       ///< contact data changed
  bool lifecycle = false;
  bool journey = false;
  bool temperature = false;
  bool offers = false;        ///< an offer was viewed, dismissed or converted
  bool gates = false;         ///< a gate unlocked, or a metered view was used
  std::size_t transitions = 0;  ///< how many entries were appended to profile.transitions
};

/// Applies one event. Events are taken in arrival order; a timestamp earlier
/// than the last one counts as "now" for sessions and decay (time never runs
/// backwards). An event that cannot be applied (contact data over the limits,
/// set_stage to an unknown stage) is refused whole with `error` set.
Changes apply_event(const Config& config, Profile& profile, const Event& event, Error& error);

/// Whether a visitor who has had a visit would begin another with an event at
/// `ts` (more than the session timeout since the last event): a tab the
/// visitor comes back to then begins it with a page view. A visitor with no
/// visit yet (new, or wiped by forget()) begins one with whatever comes first.
bool visit_lapsed(const Config& config, const Profile& profile, std::int64_t ts);

/// Whether all `conditions` hold for `event` and the visitor (for conditions
/// outside event rules, e.g. offer targeting on the current page).
bool conditions_hold(const std::vector<Condition>& conditions, const Event& event, const Profile& profile);

/// Indexes of the fit rules that hold for the visitor's contact data, in config order.
std::vector<std::size_t> matching_fit_rules(const Config& config, const Profile& profile);

/// `value` decayed from `from` to `to` with the given half-life (0: no decay).
inline double decay(double value, std::int64_t from, std::int64_t to, double half_life_ms);

namespace detail {
/// 2^(-elapsed / half_life).
double decay_factor(std::int64_t elapsed_ms, double half_life_ms);
}  // namespace detail

// Inline: it runs for every rule on every score change; without decay it is a no-op.
inline double decay(double value, std::int64_t from, std::int64_t to, double half_life_ms) {
  if (half_life_ms <= 0 || to <= from || value == 0) return value;
  return detail::decay_factor(to - from, half_life_ms) * value;
}

}  // namespace leadscore
