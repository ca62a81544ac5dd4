// leadscore: validate configs and score event logs with the same core the
// widget runs in the browser; serve the demo site and a reference lead inbox.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli.hpp"

int main(int argc, char** argv) {
  using namespace leadscore::cli;
  CLI::App app{"LeadScore: validate configs, score event logs, backtest against outcomes", "leadscore"};
  app.require_subcommand(1);

  std::string validate_config;
  auto* validate_cmd = app.add_subcommand("validate", "Check a config; one error per line (exit 1 if any), then any warnings");
  validate_cmd->add_option("CONFIG", validate_config, "config JSON file")->required();

  ScoreOptions score_options;
  std::string now_text;
  auto* score_cmd = app.add_subcommand(
      "score", "Score NDJSON events (each line with a \"visitor\"); one JSON line per visitor");
  score_cmd->add_option("--config", score_options.config_path, "config JSON file")->required();
  auto* score_now_opt = score_cmd->add_option(
      "--now", now_text, "the moment to score at (epoch ms or ISO 8601); default: the latest event in the log");
  score_cmd->add_flag("--detail", score_options.detail,
                      "print full state (contact, attribution, transitions) per visitor");
  score_options.threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  score_cmd->add_option("--threads", score_options.threads,
                        "threads to score with (visitors are split among them; same output for any number); default: one per core, at most 8")
      ->check(CLI::Range(1u, 64u));
  score_cmd->add_option("EVENTS", score_options.events_path, "NDJSON events file, - for stdin")->required();

  ServeOptions serve_options;
  auto* serve_cmd = app.add_subcommand(
      "serve", "Serve static files from --root and a lead inbox (POST /leads stores, GET /leads lists) until SIGINT/SIGTERM");
  serve_cmd->add_option("--port", serve_options.port, "TCP port; 0 picks a free one (printed when listening)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve_cmd->add_option("--host", serve_options.host, "address to listen on")->capture_default_str();
  serve_cmd->add_option("--db", serve_options.db_path, "SQLite file of the inbox (created if missing)")->required();
  serve_cmd->add_option("--root", serve_options.root, "directory of static files to serve")->required();
  serve_cmd->add_option("--allow-origin", serve_options.allow_origins,
                        "origin allowed to read responses cross-origin (CORS); repeatable; * for any");
  serve_cmd->add_option("--max-body", serve_options.max_body, "largest lead body in bytes (larger: 413)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30))
      ->capture_default_str();
  serve_cmd->add_option("--csp", serve_options.csp, "Content-Security-Policy header for HTML responses");
  serve_cmd->add_option("--max-threads", serve_options.max_threads,
                        "connections served at once (one thread each; more wait)")
      ->check(CLI::Range(1u, 4096u))
      ->capture_default_str();
  serve_cmd->add_flag("--log", serve_options.log, "print one line per request on stderr");
  BacktestCliOptions backtest_options;
  std::string backtest_now;
  auto* backtest_cmd = app.add_subcommand(
      "backtest", "How well a config separates visitors who converted: AUC, precision/recall at MQL and SQL, "
                  "lift by decile, suggested thresholds (one JSON document)");
  backtest_cmd->add_option("--config", backtest_options.config_path, "config JSON file")->required();
  backtest_cmd->add_option("--events", backtest_options.events_path, "NDJSON events file (each line with a \"visitor\"), - for stdin")
      ->required();
  backtest_cmd->add_option("--outcomes", backtest_options.outcomes_path,
                           "CSV with a header naming a visitor column and an outcome column (visitor,converted; "
                           "values 1/0, true/false, yes/no), - for stdin")
      ->required();
  auto* backtest_now_opt = backtest_cmd->add_option(
      "--now", backtest_now, "the moment to score at (epoch ms or ISO 8601); default: the latest event in the log");
  backtest_cmd->add_option("--visitor-column", backtest_options.visitor_column,
                           "the outcome file's visitor column; default: visitor or visitor_id");
  backtest_cmd->add_option("--outcome-column", backtest_options.outcome_column,
                           "the outcome file's outcome column; default: converted or outcome");
  backtest_cmd->add_option("--mql-stage", backtest_options.mql_stage, "the lifecycle stage that means MQL")
      ->capture_default_str();
  backtest_cmd->add_option("--sql-stage", backtest_options.sql_stage, "the lifecycle stage that means SQL")
      ->capture_default_str();
  double sql_precision = 0;
  auto* sql_precision_opt =
      backtest_cmd
          ->add_option("--sql-precision", sql_precision,
                       "suggest the SQL threshold as the lowest score with at least this precision (0 < P <= 1); "
                       "default: the score with the highest F0.5")
          ->check(CLI::Range(0.0, 1.0));
  backtest_cmd->add_option("--at", backtest_options.at,
                           "also report precision/recall of \"score >= T\" for this threshold (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  backtest_options.threads = score_options.threads;
  backtest_cmd->add_option("--threads", backtest_options.threads, "threads to score with; same output for any number")
      ->check(CLI::Range(1u, 64u));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 says "A subcommand is required" for a mistyped one ("scroe").
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::fprintf(stderr, "leadscore: unknown subcommand \"%s\" (%s, %s, %s, %s)\nRun with --help for more information.\n",
                   argv[1], validate_cmd->get_name().c_str(), score_cmd->get_name().c_str(),
                   serve_cmd->get_name().c_str(), backtest_cmd->get_name().c_str());
      return 2;
    }
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*serve_cmd) return serve(serve_options);
  auto run_subcommand = [&]() -> int {
    if (*validate_cmd) return validate(validate_config);
    if (*backtest_cmd) {
      if (*backtest_now_opt) {
        backtest_options.now = parse_time(backtest_now);
        if (!backtest_options.now) {
          std::fprintf(stderr, "leadscore: --now: \"%s\" is not epoch milliseconds or ISO 8601\n", backtest_now.c_str());
          return 2;
        }
      }
      for (double t : backtest_options.at) {
        if (!std::isfinite(t)) {
          std::fprintf(stderr, "leadscore: --at: a threshold must be a finite number\n");
          return 2;
        }
      }
      if (*sql_precision_opt) {
        if (!(sql_precision > 0)) {
          std::fprintf(stderr, "leadscore: --sql-precision: must be above 0 and at most 1\n");
          return 2;
        }
        backtest_options.sql_precision = sql_precision;
      }
      return backtest(backtest_options);
    }
    if (*score_now_opt) {
      score_options.now = parse_time(now_text);
      if (!score_options.now) {
        std::fprintf(stderr, "leadscore: --now: \"%s\" is not epoch milliseconds or ISO 8601\n", now_text.c_str());
        return 2;
      }
    }
    return score(score_options);
  };
  const int status = run_subcommand();
  // What was printed may still sit in stdio's buffer, or have failed to be
  // written (a full disk, a closed pipe): a report that did not arrive is no
  // success.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "leadscore: cannot write to standard output: %s\n", std::strerror(errno));
    return 2;
  }
  return status;
}
