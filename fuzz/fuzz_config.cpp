// libFuzzer: any text as a config, read as `leadscore validate` and `score`
// read it (load_config_text: nlohmann's SAX events into the core's document,
// repeated keys seen). Must never crash; a refused config yields no config and
// only leadscore.config.* errors whose paths exist (or whose parent exists,
// for a missing key); an accepted config must score events.
#include <cstddef>
#include <cstdint>
#include <string>

#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"

using namespace leadscore;

namespace {
bool path_exists(const json& doc, const std::string& pointer) {
  if (pointer.empty()) return true;
  const json::json_pointer p(pointer);
  if (doc.contains(p)) return true;
  return doc.contains(p.parent_pointer());
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ConfigResult r = load_config_text(text);
  if (r.config && !r.errors.empty()) __builtin_trap();
  if (!r.config && r.errors.empty()) __builtin_trap();
  Error syntax;
  const auto doc = parse_json_text(text, "leadscore.config", syntax);  // to look the paths up
  for (const Error& e : r.errors) {
    if (e.id.rfind("leadscore.config.", 0) != 0 || e.message.empty()) __builtin_trap();
    if (doc && !path_exists(*doc, e.path)) __builtin_trap();
  }
  if (!r.config) return 0;

  // Exercise the compiled rules, globs and stages on a few events.
  Profile p = new_profile(*r.config, "fuzz");
  EventParser parser;
  const char* events[] = {
      R"({"type":"page_view","url":"https://example.com/blog/a?utm_source=x","ts":1000,"props":{"dwell_ms":70000,"s":"Giám Đốc"}})",
      R"({"type":"identify","ts":2000,"props":{"email":"a@gmail.com","job_title":"VP","company_size":"250"}})",
      R"({"type":"demo_request","ts":3000})",
      R"({"type":"page_view","url":"/pricing","ts":99999999999,"props":{"journey":"decision"}})",
  };
  for (const char* e : events) {
    Error error;
    if (const Event* ev = parser.parse(e, error)) apply_event(*r.config, p, *ev, error);
  }
  const Standing s = standing_at(*r.config, p, 100000000000);
  if (!json::accept(state_to_json(*r.config, p, s))) __builtin_trap();
  return 0;
}
