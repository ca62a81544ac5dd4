// leadscore: validate configs and score event logs with the same core the
// widget runs in the browser.
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*validate_cmd) return validate(validate_config);
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
