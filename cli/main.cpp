// leadscore: validate configs and score event logs with the same core the
// widget runs in the browser; serve the demo site and a reference lead inbox.
#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli.hpp"

int main(int argc, char** argv) {
  using namespace leadscore::cli;
  CLI::App app{"LeadScore: validate configs and score event logs", "leadscore"};
  app.require_subcommand(1);

  std::string validate_config;
  auto* validate_cmd = app.add_subcommand("validate", "Check a config; one error per line, exit 1 if any");
  validate_cmd->add_option("CONFIG", validate_config, "config JSON file")->required();

  ScoreOptions score_options;
  std::string now_text;
  auto* score_cmd = app.add_subcommand(
      "score", "Score NDJSON events (each line with a \"visitor\"); one JSON line per visitor");
  score_cmd->add_option("--config", score_options.config_path, "config JSON file")->required();
  score_cmd->add_option("--now", now_text,
                        "the moment to score at (epoch ms or ISO 8601); default: the system clock");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*validate_cmd) return validate(validate_config);
  if (*serve_cmd) return serve(serve_options);
  if (now_text.empty()) {
    score_options.now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  } else if (auto t = parse_time(now_text)) {
    score_options.now = *t;
  } else {
    std::fprintf(stderr, "leadscore: --now: \"%s\" is not epoch milliseconds or ISO 8601\n", now_text.c_str());
    return 2;
  }
  return score(score_options);
}
