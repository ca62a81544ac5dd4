#include <cstdio>

#include "cli.hpp"
#include "leadscore/config.hpp"
#include "leadscore/config_warnings.hpp"
#include "leadscore/json_text.hpp"

namespace leadscore::cli {

int validate(const std::string& config_path) {
  const auto text = read_input_or_say(config_path);
  if (!text) return 2;
  const Errors errors = load_config_text(*text).errors;
  for (const Error& e : errors) std::printf("%s\n", e.to_string().c_str());
  // What loads but likely does not do what was meant ("page_veiw"): said, not refused.
  Error syntax;
  if (const auto doc = parse_json_value(*text, "leadscore.config", syntax)) {
    for (const Error& w : config_warnings(*doc)) std::printf("warning: %s\n", w.to_string().c_str());
  }
  return errors.empty() ? 0 : 1;
}

}  // namespace leadscore::cli
