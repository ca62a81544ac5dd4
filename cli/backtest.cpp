// `leadscore backtest`: events scored exactly as `leadscore score` scores
// them, joined with an outcomes CSV, and the core's report printed.
#include <cstdio>
#include <string_view>

#include "cli.hpp"
#include "leadscore/backtest.hpp"
#include "leadscore/json_text.hpp"

namespace leadscore::cli {

namespace {

void print_csv_error(const std::string& file, std::size_t line, const Error& e) {
  if (line) {
    std::fprintf(stderr, "%s:%zu: [%s] %s%s%s\n", file.c_str(), line, e.id.c_str(), e.path.c_str(),
                 e.path.empty() ? "" : ": ", e.message.c_str());
  } else {
    std::fprintf(stderr, "%s: [%s] %s\n", file.c_str(), e.id.c_str(), e.message.c_str());
  }
}

}  // namespace

int backtest(const BacktestCliOptions& options) {
  const char* inputs[][2] = {{"--config", options.config_path.c_str()},
                             {"--events", options.events_path.c_str()},
                             {"--outcomes", options.outcomes_path.c_str()}};
  const char* from_stdin = nullptr;
  for (const auto& input : inputs) {
    if (std::string_view(input[1]) != "-") continue;
    if (from_stdin) {
      std::fprintf(stderr, "leadscore: %s and %s cannot both be standard input\n", from_stdin, input[0]);
      return 2;
    }
    from_stdin = input[0];
  }
  int exit_code = 0;
  const auto config = load_config_file(options.config_path, exit_code);
  if (!config) return exit_code;
  const auto events = map_input_or_say(options.events_path);
  if (!events) return 2;
  const auto outcomes_text = read_input_or_say(options.outcomes_path);
  if (!outcomes_text) return 2;

  OutcomeColumns columns;
  columns.visitor = options.visitor_column;
  columns.outcome = options.outcome_column;
  const OutcomesResult outcomes = read_outcomes_csv(*outcomes_text, columns);
  if (outcomes.fatal) {
    print_csv_error(options.outcomes_path, outcomes.fatal_line, *outcomes.fatal);
    if (outcomes.fatal->message.find("has no") != std::string::npos) {
      std::fprintf(stderr, "leadscore: name the columns with --visitor-column and --outcome-column\n");
    }
    return 2;
  }
  for (const OutcomeRefusal& r : outcomes.refused) print_csv_error(options.outcomes_path, r.line, r.error);

  const ScoredEvents scored = score_events(config, events->view(), options.threads);
  report_refusals(options.events_path, scored);
  report_seconds_like_times(options.events_path, scored);

  const std::int64_t now = options.now ? *options.now : scored.latest_event();
  const Joined joined = join_outcomes(*config, scored.visitors, outcomes.outcomes, now);

  BacktestInputCounts counts;
  counts.event_lines = scored.stats.lines;
  counts.event_lines_skipped = scored.stats.refused;
  counts.outcome_rows = outcomes.rows;
  counts.outcome_rows_skipped = outcomes.refused.size();
  BacktestOptions report_options;
  report_options.mql_stage = options.mql_stage;
  report_options.sql_stage = options.sql_stage;
  report_options.sql_min_precision = options.sql_precision;
  report_options.at_thresholds = options.at;
  const std::string report = backtest_report_json(*config, joined, counts, report_options, now);

  // Indented for people; the core wrote it compact.
  Error error;
  const auto doc = parse_json_text(report, "leadscore.backtest", error);
  const std::string out = (doc ? doc->dump(2, ' ', false, json::error_handler_t::replace) : report) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);

  if (scored.stats.refused) {
    std::fprintf(stderr, "leadscore: %zu of %zu event lines skipped\n", scored.stats.refused, scored.stats.lines);
  }
  if (!outcomes.refused.empty()) {
    std::fprintf(stderr, "leadscore: %zu of %zu outcome rows skipped\n", outcomes.refused.size(), outcomes.rows);
  }
  if (joined.samples.empty()) {
    std::fprintf(stderr,
                 "leadscore: no scored visitor has an outcome: do the outcome file's visitor ids match the "
                 "events' \"visitor\"?\n");
  }
  return 0;
}

}  // namespace leadscore::cli
