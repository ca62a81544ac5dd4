#include <cstdio>

#include "cli.hpp"
#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"

namespace leadscore::cli {

int validate(const std::string& config_path) {
  const auto text = read_input_or_say(config_path);
  if (!text) return 2;
  Error syntax;
  const auto doc = parse_json_text(*text, "leadscore.config", syntax);
  Errors errors;
  if (!doc) {
    errors.push_back(syntax);
  } else {
    errors = load_config(*doc).errors;
  }
  for (const Error& e : errors) std::printf("%s\n", e.to_string().c_str());
  return errors.empty() ? 0 : 1;
}

}  // namespace leadscore::cli
