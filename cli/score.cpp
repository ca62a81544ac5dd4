#include <cstdio>

#include "cli.hpp"
#include "leadscore/config.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/visitor_table.hpp"

namespace leadscore::cli {

int score(const ScoreOptions& options) {
  std::string problem;
  const auto config_text = read_input(options.config_path, problem);
  if (!config_text) {
    std::fprintf(stderr, "leadscore: %s\n", problem.c_str());
    return 2;
  }
  Error syntax;
  const auto doc = parse_json_text(*config_text, "leadscore.config", syntax);
  ConfigResult loaded;
  if (doc) {
    loaded = load_config(*doc);
  } else {
    loaded.errors.push_back(syntax);
  }
  if (!loaded.config) {
    for (const Error& e : loaded.errors) {
      std::fprintf(stderr, "%s: %s\n", options.config_path.c_str(), e.to_string().c_str());
    }
    return 1;
  }
  const auto events = read_input(options.events_path, problem);
  if (!events) {
    std::fprintf(stderr, "leadscore: %s\n", problem.c_str());
    return 2;
  }

  VisitorTable visitors(loaded.config);
  EventParser parser;
  struct Report : ErrorSink {
    const std::string& file;
    explicit Report(const std::string& f) : file(f) {}
    void refused(std::size_t line, const Error& e) override {
      std::fprintf(stderr, "%s:%zu: %s\n", file.c_str(), line, e.to_string().c_str());
    }
  } report(options.events_path);
  const StreamStats stats = score_ndjson(visitors, *events, parser, report);

  std::string out;
  for (std::size_t i = 0; i < visitors.size(); ++i) {
    const Profile& p = visitors.at(i);
    if (p.events == 0) continue;  // every line of this visitor was refused
    const Standing s = standing_at(*loaded.config, p, options.now);
    out += options.detail ? state_to_json(*loaded.config, p, s) : standing_to_json(*loaded.config, p, s);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (stats.refused) {
    std::fprintf(stderr, "leadscore: %zu of %zu event lines skipped\n", stats.refused, stats.lines);
  }
  return 0;
}

}  // namespace leadscore::cli
