#pragma once
// The native `leadscore` command: one function per subcommand, plus the
// small pieces of I/O they share. The core knows nothing of files or clocks.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/visitor_table.hpp"

namespace leadscore::cli {

/// Reads a whole file ("-" for standard input). On failure returns nullopt and
/// sets `problem` to a sentence naming the file.
std::optional<std::string> read_input(const std::string& path, std::string& problem);

/// read_input, saying the problem on stderr ("leadscore: cannot open ...").
std::optional<std::string> read_input_or_say(const std::string& path);

/// A whole input, read-only: a regular file is mapped into memory (no copy,
/// no zero-filled buffer), anything else (standard input, a pipe) is read.
class InputText {
 public:
  InputText() = default;
  explicit InputText(std::string text) : text_(std::move(text)) {}
  InputText(const void* mapped, std::size_t size) : mapped_(mapped), size_(size) {}
  InputText(InputText&& other) noexcept { *this = std::move(other); }
  InputText& operator=(InputText&& other) noexcept;
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  ~InputText();

  std::string_view view() const {
    return mapped_ ? std::string_view(static_cast<const char*>(mapped_), size_) : std::string_view(text_);
  }

 private:
  std::string text_;
  const void* mapped_ = nullptr;
  std::size_t size_ = 0;
};

/// Like read_input_or_say, mapping a regular file instead of copying it.
std::optional<InputText> map_input_or_say(const std::string& path);

/// "--now": epoch milliseconds, or ISO 8601 ("2026-01-05", "2026-01-05T08:00:00Z",
/// "2026-01-05T08:00:00.250+07:00").
std::optional<std::int64_t> parse_time(std::string_view text);

/// Reads and compiles a config file. On failure returns null, prints why on
/// stderr (each config error with the file name) and sets `exit_code` (1: an
/// invalid config, 2: an unreadable file).
std::shared_ptr<const Config> load_config_file(const std::string& path, int& exit_code);

/// An NDJSON stream scored the way `leadscore score` scores it.
struct ScoredEvents {
  struct Refusal {
    std::size_t line;
    Error error;
  };
  std::vector<std::unique_ptr<VisitorTable>> tables;  ///< own the profiles (one per thread)
  std::vector<const Profile*> visitors;               ///< in first-seen order, incl. those with every line refused
  std::vector<Refusal> refusals;                      ///< in line order
  StreamStats stats;

  /// The moment `score` and `backtest` score at unless given --now: the latest
  /// event in the log (epoch ms; 0 for a log without events), so a replayed
  /// history is scored as it stood when the log ends, the same any day.
  std::int64_t latest_event() const;
};

/// Scores `events` on `threads` threads (visitors split among them; the
/// result is the same for any count).
ScoredEvents score_events(const std::shared_ptr<const Config>& config, std::string_view events, unsigned threads);

/// Refused lines or rows (anything with an `error.id`) grouped by kind, in
/// the order each kind first occurs: the first of each, and how many.
template <class Refusal>
std::vector<std::pair<const Refusal*, std::size_t>> refusals_by_kind(const std::vector<Refusal>& refused) {
  std::vector<std::pair<const Refusal*, std::size_t>> kinds;
  for (const Refusal& r : refused) {
    auto same = std::find_if(kinds.begin(), kinds.end(),
                             [&](const auto& k) { return k.first->error.id == r.error.id; });
    if (same == kinds.end()) {
      kinds.emplace_back(&r, 1);
    } else {
      ++same->second;
    }
  }
  return kinds;
}

/// Says the refused event lines on stderr: a summary first ("EVENTS: 25 of
/// 26 event lines skipped: 20 not JSON (first: line 2), ..."), then the first
/// 10 ("EVENTS:LINE: [id] /path: message") and how many more.
void report_refusals(const std::string& events_path, const ScoredEvents& scored);

/// Says once on stderr, naming the first line, that event times look like
/// epoch seconds where milliseconds belong (dated 1970, they decay to nothing).
void report_seconds_like_times(const std::string& events_path, const ScoredEvents& scored);

/// True when a text (after a UTF-8 byte order mark and blank space) starts
/// like NDJSON: with "{".
bool looks_like_ndjson(std::string_view text);

/// For an events file none of whose lines could be read, and whose first line
/// looks like a CSV header (no JSON object, a comma, semicolon or tab in it):
/// that line, quoted for a message. Else "".
std::string csv_first_line(std::string_view events, const ScoredEvents& scored);

/// `leadscore validate CONFIG`: 0 valid, 1 invalid (one error per line on stdout), 2 unreadable.
int validate(const std::string& config_path);

struct ScoreOptions {
  std::string config_path;
  std::string events_path;
  std::optional<std::int64_t> now;  ///< default: the latest event in the log
  bool detail = false;  ///< state objects (contact, attribution, transitions) instead of score lines
  unsigned threads = 1;  ///< visitors are split among this many threads; output is the same for any number
};

/// `leadscore score`: one JSON line per visitor on stdout; bad event lines on
/// stderr with their line numbers. 0 done, 1 invalid config, 2 unreadable input.
int score(const ScoreOptions& options);

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                         ///< 0: any free port (printed when listening)
  std::string db_path;                     ///< the inbox's SQLite file (created if missing)
  std::string root;                        ///< directory of static files
  std::vector<std::string> allow_origins;  ///< CORS: exact origins, or "*"
  std::size_t max_body = 65536;            ///< bytes; larger lead bodies get 413
  std::string csp;                         ///< Content-Security-Policy for HTML responses; "" none
  unsigned max_threads = 256;              ///< connections served at once (one thread each)
  bool log = false;                        ///< one line per request on stderr
};

/// `leadscore serve`: static files from `root` and the lead inbox until
/// SIGINT/SIGTERM. Prints "leadscore: serving DIR on http://HOST:PORT, inbox DB"
/// once listening. 0 after a clean stop, 2 if it cannot start.
int serve(const ServeOptions& options);
struct BacktestCliOptions {
  std::string config_path, events_path, outcomes_path;
  std::optional<std::int64_t> now;  ///< default: the latest event time in the log
  std::string visitor_column, outcome_column;  ///< empty: visitor/visitor_id, converted/outcome
  std::string mql_stage = "mql", sql_stage = "sql";
  std::optional<double> sql_precision;  ///< SQL threshold by precision target instead of max F0.5
  std::vector<double> at;               ///< thresholds to report as they are
  unsigned threads = 1;
};

/// `leadscore backtest`: one JSON document on stdout; on stderr first a summary
/// of the outcome rows left out (by kind), the first 10 of them, then bad event
/// lines, with their line numbers. 0 done, 1 invalid config, 2 unreadable input,
/// an outcomes file without the columns it needs, or no outcome row that pairs
/// with a scored visitor (then one line says why, and there is no report).
int backtest(const BacktestCliOptions& options);

}  // namespace leadscore::cli
