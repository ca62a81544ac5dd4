#pragma once
/// \file
/// Progressive content gating: what unlocks each gate, metered free views,
/// and unlocks that persist.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadscore {

struct Config;
struct Profile;

enum class GateMode : unsigned char { blur, hide, remove };
enum class UnlockKind : unsigned char { known, stage, form, fields };

/// One gate of the config.
struct Gate {
  std::string id;
  UnlockKind unlock = UnlockKind::known;
  std::size_t stage = 0;            ///< UnlockKind::stage
  std::string form;                 ///< UnlockKind::form
  std::vector<std::string> fields;  ///< UnlockKind::fields
  std::uint32_t free = 0;           ///< pieces of content open before it asks
  GateMode mode = GateMode::blur;
  int offer = -1;                   ///< offer index shown in place of the content
};

const char* gate_mode_name(GateMode m);

/// What the visitor has of one gate.
struct GateState {
  bool unlocked = false;              ///< persists once true
  std::vector<std::string> free_seen; ///< content ids opened by the meter (at most `free`)
};

enum class GateStatus : unsigned char { locked, free, unlocked };

/// Status of one piece of content behind gate `gate` (a config index).
GateStatus gate_status(const Config& config, const Profile& profile, std::size_t gate,
                       std::string_view content);

/// A gate_view event: the visitor met `content` behind `gate`; uses a free
/// view if the gate is locked, the content is new and the meter allows.
void record_gate_view(const Config& config, Profile& profile, std::string_view gate,
                      std::string_view content);

/// Unlocks every gate whose condition now holds; true if any did. Runs after
/// each event (contact data, stage or forms may have changed).
bool update_gates(const Config& config, Profile& profile);

}  // namespace leadscore
