// `leadscore backtest`: events scored exactly as `leadscore score` scores
// them, joined with an outcomes CSV, and the core's report printed.
#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

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

// How many refused outcome rows are said one by one; the rest are counted.
constexpr std::size_t outcome_rows_said = 10;

// A kind of refused outcome row, after its count: "3 with an empty visitor".
const char* outcome_refusal_kind(const std::string& error_id) {
  if (error_id == "leadscore.outcomes.value") return "with an outcome that is not 1/0, true/false or yes/no";
  if (error_id == "leadscore.outcomes.required") return "with an empty visitor";
  if (error_id == "leadscore.outcomes.duplicate") return "repeating a visitor";
  if (error_id == "leadscore.outcomes.fields") return "with more or fewer fields than the header";
  return "not valid CSV";
}

// The refused rows by kind, in the order each kind first occurs, with where
// (and for a bad outcome, what) the first of each is:
// `28 with an outcome that is not ... (first: line 10, "maybe" in /converted),
// 1 with an empty visitor (first: line 38)`.
std::string outcome_refusals_by_kind(const std::vector<OutcomeRefusal>& refused) {
  std::string out;
  for (const auto& [first, count] : refusals_by_kind(refused)) {
    if (!out.empty()) out += ", ";
    out += std::to_string(count) + " " + outcome_refusal_kind(first->error.id) + " (first: line " +
           std::to_string(first->line);
    if (first->error.id == "leadscore.outcomes.value") {
      out += ", " + quoted_for_message(first->value) + " in " + first->error.path;
    }
    out += ")";
  }
  return out;
}

// The first few visitor ids, quoted: `"v1", "v2", "v3"`.
std::string first_ids(const std::vector<std::string_view>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < 3; ++i) {
    if (i) out += ", ";
    out += quoted_for_message(ids[i]);
  }
  return out;
}

// Why no outcome row could be paired with a scored visitor, as one line on
// stderr: no event scored, no outcome row, no usable outcome row, or ids
// that differ between the two files.
void say_nothing_joined(const BacktestCliOptions& options, const OutcomesResult& outcomes,
                        const ScoredEvents& scored, std::string_view events_text) {
  std::vector<std::string_view> visitor_ids;
  for (const Profile* p : scored.visitors) {
    if (p->events > 0) visitor_ids.push_back(p->visitor_id);
  }
  const char* events = options.events_path.c_str();
  const char* outcomes_path = options.outcomes_path.c_str();
  const std::string csv_line = csv_first_line(events_text, scored);
  if (!csv_line.empty()) {
    std::fprintf(stderr,
                 "leadscore: %s: this looks like CSV (its first line: %s), not NDJSON: --events takes a JSON object "
                 "per line, each with a \"visitor\"; the outcomes CSV goes to --outcomes\n",
                 events, csv_line.c_str());
  } else if (visitor_ids.empty() && scored.refusals.empty()) {
    std::fprintf(stderr, "leadscore: %s: no events: the file has no event lines\n", events);
  } else if (visitor_ids.empty()) {
    const ScoredEvents::Refusal& first = scored.refusals.front();
    std::fprintf(stderr,
                 "leadscore: %s: no event could be scored: all %zu event lines skipped (first: line %zu: %s)\n",
                 events, scored.stats.lines, first.line, first.error.to_string().c_str());
  } else if (outcomes.rows == 0) {
    std::fprintf(stderr, "leadscore: %s: the outcomes file has a header but no rows\n", outcomes_path);
  } else if (outcomes.outcomes.empty()) {
    std::string check;
    for (const OutcomeRefusal& r : outcomes.refused) {
      if (r.error.id == "leadscore.outcomes.value" && check.find("--outcome-column") == std::string::npos) {
        check += check.empty() ? "; check --outcome-column" : " and --outcome-column";
      }
      if (r.error.id == "leadscore.outcomes.required" && check.find("--visitor-column") == std::string::npos) {
        check += check.empty() ? "; check --visitor-column" : " and --visitor-column";
      }
    }
    std::fprintf(stderr, "leadscore: %s: none of the %zu outcome rows is usable: %s%s\n", outcomes_path,
                 outcomes.rows, outcome_refusals_by_kind(outcomes.refused).c_str(), check.c_str());
  } else {
    std::vector<std::string_view> outcome_ids;
    for (const Outcome& o : outcomes.outcomes) outcome_ids.push_back(o.visitor);
    std::fprintf(stderr,
                 "leadscore: no outcome row matches a visitor in the events: the outcomes' visitor column %s holds "
                 "ids such as %s; the events' \"visitor\" holds ids such as %s; check --visitor-column, and that "
                 "--events and --outcomes come from the same source\n",
                 quoted_for_message(outcomes.visitor_column).c_str(), first_ids(outcome_ids).c_str(),
                 first_ids(visitor_ids).c_str());
  }
}

// One summary line (rows used, skipped by kind, without events), then the
// first refused rows and how many more, so the summary is not buried.
void say_outcome_rows_left_out(const std::string& path, const OutcomesResult& outcomes, const Joined& joined) {
  if (outcomes.refused.empty() && joined.outcomes_without_events == 0) return;
  std::string summary = std::to_string(joined.samples.size()) + " of " + std::to_string(outcomes.rows) +
                        " outcome rows used";
  if (!outcomes.refused.empty()) {
    summary += ", " + std::to_string(outcomes.refused.size()) +
               " skipped: " + outcome_refusals_by_kind(outcomes.refused);
  }
  if (joined.outcomes_without_events) {
    summary += "; " + std::to_string(joined.outcomes_without_events) + " with a visitor not scored in the events";
  }
  const auto bad_outcomes = std::count_if(outcomes.refused.begin(), outcomes.refused.end(),
                                          [](const OutcomeRefusal& r) { return r.error.id == "leadscore.outcomes.value"; });
  // More rows lost to their outcome than used: most likely the wrong column.
  if (static_cast<std::size_t>(bad_outcomes) > joined.samples.size()) summary += "; check --outcome-column";
  std::fprintf(stderr, "leadscore: %s: %s\n", path.c_str(), summary.c_str());
  const std::size_t said = std::min(outcomes.refused.size(), outcome_rows_said);
  for (std::size_t i = 0; i < said; ++i) print_csv_error(path, outcomes.refused[i].line, outcomes.refused[i].error);
  if (outcomes.refused.size() > said) {
    std::fprintf(stderr, "leadscore: %s: and %zu more outcome rows skipped\n", path.c_str(),
                 outcomes.refused.size() - said);
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
  if (outcomes.fatal && looks_like_ndjson(*outcomes_text)) {
    std::fprintf(stderr,
                 "leadscore: %s: this looks like NDJSON (a JSON object per line): --outcomes takes a CSV with a "
                 "header row (such as visitor,converted); the events go to --events\n",
                 options.outcomes_path.c_str());
    return 2;
  }
  if (outcomes.fatal) {
    print_csv_error(options.outcomes_path, outcomes.fatal_line, *outcomes.fatal);
    if (outcomes.fatal->message.find("has no") != std::string::npos) {
      std::fprintf(stderr, "leadscore: name the columns with --visitor-column and --outcome-column\n");
    }
    return 2;
  }

  const ScoredEvents scored = score_events(config, events->view(), options.threads);
  const std::int64_t now = options.now ? *options.now : scored.latest_event();
  const Joined joined = join_outcomes(*config, scored.visitors, outcomes.outcomes, now);
  // A report on nobody is no report: the input cannot be used as given.
  if (joined.samples.empty()) {
    say_nothing_joined(options, outcomes, scored, events->view());
    return 2;
  }
  say_outcome_rows_left_out(options.outcomes_path, outcomes, joined);
  report_refusals(options.events_path, scored);
  report_seconds_like_times(options.events_path, scored);

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
  return 0;
}

}  // namespace leadscore::cli
