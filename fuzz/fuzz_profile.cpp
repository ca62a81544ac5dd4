// libFuzzer: any text as a stored profile. Must never crash; a refused
// document yields a fresh profile; an accepted one must round-trip exactly
// (write -> read -> write gives the same document) and keep scoring.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"

using namespace leadscore;

namespace {
const Config& fuzz_config() {
  static const std::shared_ptr<const Config> config = [] {
    const json doc = json::parse(R"({"version": 1, "decay": {"half_life_days": 30},
      "rules": [{"id": "pv", "event": "page_view", "points": 5, "cap": 50},
                {"id": "dl", "event": "download", "points": 10},
                {"id": "careers", "path": "/careers/**", "points": -10, "cap": -30}],
      "fit": [{"id": "vp", "field": "job_title", "contains": "VP", "points": 20}],
      "journey": {"tags": [{"stage": "decision", "path": "/pricing"}]}})");
    return load_config(doc).config;
  }();
  return *config;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Config& config = fuzz_config();
  const std::string text(reinterpret_cast<const char*>(data), size);
  Error syntax;
  const auto doc = parse_json_text(text, "leadscore.profile", syntax);
  if (!doc) return 0;
  ProfileResult r = load_profile(config, *doc, "fallback");
  if (!r.errors.empty()) {
    // Refused whole: a fresh profile for the fallback id.
    if (r.profile.visitor_id != "fallback" || r.profile.events != 0) __builtin_trap();
    return 0;
  }
  const std::string written = profile_to_json(config, r.profile);
  const ProfileResult again = load_profile(config, json::parse(written), "other");
  if (!again.errors.empty()) __builtin_trap();
  if (profile_to_json(config, again.profile) != written) __builtin_trap();

  EventParser parser;
  Error error;
  const Event* e = parser.parse(R"({"type":"page_view","url":"/pricing","ts":1767225600000})", error);
  if (!e) __builtin_trap();
  apply_event(config, r.profile, *e, error);
  if (!json::accept(state_to_json(config, r.profile, standing_at(config, r.profile, 1767225600000)))) __builtin_trap();
  return 0;
}
