// The scoring run `leadscore score` and `leadscore backtest` share: the
// config file compiled, and an NDJSON stream scored on several threads (one
// shard of the visitors each) with the result put back in one-thread order.
#include <algorithm>
#include <cstdio>
#include <thread>

#include "cli.hpp"
#include "leadscore/json_text.hpp"

namespace leadscore::cli {

std::shared_ptr<const Config> load_config_file(const std::string& path, int& exit_code) {
  std::string problem;
  const auto text = read_input(path, problem);
  if (!text) {
    std::fprintf(stderr, "leadscore: %s\n", problem.c_str());
    exit_code = 2;
    return nullptr;
  }
  Error syntax;
  const auto doc = parse_json_text(*text, "leadscore.config", syntax);
  ConfigResult loaded;
  if (doc) {
    loaded = load_config(*doc);
  } else {
    loaded.errors.push_back(syntax);
  }
  if (!loaded.config) {
    for (const Error& e : loaded.errors) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), e.to_string().c_str());
    }
    exit_code = 1;
  }
  return loaded.config;
}

ScoredEvents score_events(const std::shared_ptr<const Config>& config, std::string_view events,
                          unsigned threads) {
  // One shard of the visitors per thread; each visitor's events stay in
  // order within its shard, so the result does not depend on the thread count.
  const unsigned shards = threads == 0 ? 1u : threads;
  struct Collect : ErrorSink {
    std::vector<ScoredEvents::Refusal> refusals;
    void refused(std::size_t line, const Error& e) override { refusals.push_back({line, e}); }
  };
  struct Part {
    Collect errors;
    StreamStats stats;
  };
  ScoredEvents result;
  std::vector<Part> parts(shards);
  for (unsigned k = 0; k < shards; ++k) result.tables.push_back(std::make_unique<VisitorTable>(config));
  auto run = [&](unsigned k) {
    EventParser parser;
    parts[k].stats = score_ndjson(*result.tables[k], events, parser, parts[k].errors, Shard{k, shards});
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < shards; ++k) pool.emplace_back(run, k);
  run(0);
  for (std::thread& t : pool) t.join();

  // Visitors in first-seen order, refusals in line order, as one thread would give.
  std::vector<std::pair<std::size_t, const Profile*>> seen;
  for (unsigned k = 0; k < shards; ++k) {
    const VisitorTable& table = *result.tables[k];
    for (std::size_t i = 0; i < table.size(); ++i) seen.emplace_back(table.first_line(i), &table.at(i));
    result.refusals.insert(result.refusals.end(), parts[k].errors.refusals.begin(), parts[k].errors.refusals.end());
    result.stats.lines += parts[k].stats.lines;
    result.stats.accepted += parts[k].stats.accepted;
    result.stats.refused += parts[k].stats.refused;
  }
  std::sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(result.refusals.begin(), result.refusals.end(),
            [](const ScoredEvents::Refusal& a, const ScoredEvents::Refusal& b) { return a.line < b.line; });
  for (const auto& s : seen) result.visitors.push_back(s.second);
  return result;
}

void report_refusals(const std::string& events_path, const ScoredEvents& scored) {
  for (const ScoredEvents::Refusal& r : scored.refusals) {
    std::fprintf(stderr, "%s:%zu: %s\n", events_path.c_str(), r.line, r.error.to_string().c_str());
  }
}

}  // namespace leadscore::cli
