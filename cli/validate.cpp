#include <cstdio>

#include "cli.hpp"
#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"

namespace leadscore::cli {

int validate(const std::string& config_path) {
  const auto text = read_input_or_say(config_path);
  if (!text) return 2;
  const Errors errors = load_config_text(*text).errors;
  for (const Error& e : errors) std::printf("%s\n", e.to_string().c_str());
  return errors.empty() ? 0 : 1;
}

}  // namespace leadscore::cli
