#include <cstdio>

#include "cli.hpp"
#include "leadscore/standing.hpp"

namespace leadscore::cli {

int score(const ScoreOptions& options) {
  if (options.config_path == "-" && options.events_path == "-") {
    std::fprintf(stderr, "leadscore: --config and EVENTS cannot both be standard input\n");
    return 2;
  }
  int exit_code = 0;
  const auto config = load_config_file(options.config_path, exit_code);
  if (!config) return exit_code;
  const auto events = map_input_or_say(options.events_path);
  if (!events) return 2;
  const ScoredEvents scored = score_events(config, events->view(), options.threads);
  report_refusals(options.events_path, scored);
  report_seconds_like_times(options.events_path, scored);

  const std::int64_t now = options.now ? *options.now : scored.latest_event();
  std::string out;
  for (const Profile* p : scored.visitors) {
    if (p->events == 0) continue;  // every line of this visitor was refused
    const Standing s = standing_at(*config, *p, now);
    out += options.detail ? state_to_json(*config, *p, s) : standing_to_json(*config, *p, s);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  const std::string csv_line = csv_first_line(events->view(), scored);
  if (!csv_line.empty()) {
    std::fprintf(stderr,
                 "leadscore: %s: this looks like CSV (its first line: %s), not NDJSON: score takes a JSON object per "
                 "line, each with a \"visitor\"\n",
                 options.events_path.c_str(), csv_line.c_str());
  }
  return 0;
}

}  // namespace leadscore::cli
