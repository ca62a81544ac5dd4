#include <algorithm>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

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

  // One shard of the visitors per thread; each visitor's events stay in
  // order within its shard, so the result does not depend on the thread count.
  const unsigned shards = options.threads == 0 ? 1u : options.threads;
  struct Refusal {
    std::size_t line;
    Error error;
  };
  struct Collect : ErrorSink {
    std::vector<Refusal> refusals;
    void refused(std::size_t line, const Error& e) override { refusals.push_back({line, e}); }
  };
  struct Part {
    std::unique_ptr<VisitorTable> visitors;
    Collect errors;
    StreamStats stats;
  };
  std::vector<Part> parts(shards);
  auto run = [&](unsigned k) {
    Part& part = parts[k];
    part.visitors = std::make_unique<VisitorTable>(loaded.config);
    EventParser parser;
    part.stats = score_ndjson(*part.visitors, *events, parser, part.errors, Shard{k, shards});
  };
  std::vector<std::thread> threads;
  for (unsigned k = 1; k < shards; ++k) threads.emplace_back(run, k);
  run(0);
  for (std::thread& t : threads) t.join();

  // Visitors in first-seen order, refusals in line order, as one thread would give.
  struct Seen {
    std::size_t line;
    const Profile* profile;
  };
  std::vector<Seen> seen;
  std::vector<Refusal> refusals;
  StreamStats stats;
  for (const Part& part : parts) {
    for (std::size_t i = 0; i < part.visitors->size(); ++i) {
      seen.push_back({part.visitors->first_line(i), &part.visitors->at(i)});
    }
    refusals.insert(refusals.end(), part.errors.refusals.begin(), part.errors.refusals.end());
    stats.lines += part.stats.lines;
    stats.refused += part.stats.refused;
  }
  std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) { return a.line < b.line; });
  std::sort(refusals.begin(), refusals.end(),
            [](const Refusal& a, const Refusal& b) { return a.line < b.line; });
  for (const Refusal& r : refusals) {
    std::fprintf(stderr, "%s:%zu: %s\n", options.events_path.c_str(), r.line, r.error.to_string().c_str());
  }

  std::string out;
  for (const Seen& v : seen) {
    const Profile& p = *v.profile;
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
