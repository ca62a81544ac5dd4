#pragma once
// The native `leadscore` command: one function per subcommand, plus the
// small pieces of I/O they share. The core knows nothing of files or clocks.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadscore::cli {

/// Reads a whole file ("-" for standard input). On failure returns nullopt and
/// sets `problem` to a sentence naming the file.
std::optional<std::string> read_input(const std::string& path, std::string& problem);

/// "--now": epoch milliseconds, or ISO 8601 ("2026-01-05", "2026-01-05T08:00:00Z",
/// "2026-01-05T08:00:00.250+07:00").
std::optional<std::int64_t> parse_time(std::string_view text);


/// `leadscore validate CONFIG`: 0 valid, 1 invalid (one error per line on stdout), 2 unreadable.
int validate(const std::string& config_path);

struct ScoreOptions {
  std::string config_path;
  std::string events_path;
  std::int64_t now = 0;
  bool detail = false;  ///< state objects (contact, attribution, transitions) instead of score lines
  unsigned threads = 1;  ///< visitors are split among this many threads; output is the same for any number
};

/// `leadscore score`: one JSON line per visitor on stdout; bad event lines on
/// stderr with their line numbers. 0 done, 1 invalid config, 2 unreadable input.
int score(const ScoreOptions& options);

}  // namespace leadscore::cli
