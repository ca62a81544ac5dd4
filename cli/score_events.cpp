// The scoring run `leadscore score` and `leadscore backtest` share: the
// config file compiled, and an NDJSON stream scored on several threads (one
// shard of the visitors each) with the result put back in one-thread order.
#include <algorithm>
#include <cstdio>
#include <thread>

#include "cli.hpp"
#include "leadscore/backtest.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/time_text.hpp"

namespace leadscore::cli {

namespace {

// The core refuses a "ts" that is no number with "expected a number, got a
// string". For a string, what to write instead: the epoch milliseconds a date
// means, or the number without its quotes. The WebAssembly module (which
// never gets a "ts" from the page) keeps its short message.
void explain_string_times(std::string_view events, std::vector<ScoredEvents::Refusal>& refusals) {
  std::size_t line = 1, start = 0;
  for (ScoredEvents::Refusal& r : refusals) {
    if (r.error.id != "leadscore.event.type" || r.error.path != "/ts") continue;
    for (; line < r.line && start < events.size(); ++line) {
      const std::size_t nl = events.find('\n', start);
      start = nl == std::string_view::npos ? events.size() : nl + 1;
    }
    if (line != r.line) break;
    const std::size_t nl = events.find('\n', start);
    const std::size_t length = nl == std::string_view::npos ? std::string_view::npos : nl - start;
    const std::string_view text = events.substr(start, length);
    Error ignored;
    const auto event = parse_json_text(text, "leadscore.event", ignored);
    if (!event || !event->is_object()) continue;
    const auto ts = event->find("ts");
    if (ts == event->end() || !ts->is_string()) continue;
    const std::string& written = ts->get_ref<const std::string&>();
    std::string message = "must be epoch milliseconds (a number), not the string " + quoted_for_message(written);
    const bool digits = !written.empty() && written.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
      message += "; write it without the quotes";
    } else if (const auto ms = parse_iso8601(written)) {
      message += "; as epoch milliseconds that is " + std::to_string(*ms);
    }
    r.error.message = message;
  }
}

}  // namespace


std::shared_ptr<const Config> load_config_file(const std::string& path, int& exit_code) {
  const auto text = read_input_or_say(path);
  if (!text) {
    exit_code = 2;
    return nullptr;
  }
  const ConfigResult loaded = load_config_text(*text);
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
  // A file saved with a UTF-8 byte order mark (Windows editors, PowerShell)
  // would otherwise lose its first event to a syntax error.
  if (events.substr(0, 3) == "\xEF\xBB\xBF") events.remove_prefix(3);
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

  // First each thread splits a part of the text (cut at line ends) into lines
  // and reads their visitor ids once; then each scores its shard of every part.
  std::vector<std::size_t> cuts{0};
  for (unsigned k = 1; k < shards; ++k) {
    const std::size_t target = std::max(events.size() / shards * k, cuts.back() + 1);
    if (target >= events.size()) break;
    const std::size_t nl = events.find('\n', target);
    if (nl == std::string_view::npos) break;
    cuts.push_back(nl + 1);
  }
  const std::size_t part_count = cuts.size();
  cuts.push_back(events.size());
  std::vector<LinePlan> plans(part_count);
  std::vector<std::size_t> first_lines(part_count, 1);
  auto in_parallel = [&](std::size_t n, auto task) {
    std::vector<std::thread> pool;
    for (std::size_t k = 1; k < n; ++k) pool.emplace_back(task, k);
    task(0);
    for (std::thread& t : pool) t.join();
  };
  in_parallel(part_count, [&](std::size_t i) {
    plans[i] = plan_ndjson(events, cuts[i], cuts[i + 1], shards);
  });
  for (std::size_t i = 1; i < part_count; ++i) first_lines[i] = first_lines[i - 1] + plans[i - 1].line_count;
  in_parallel(shards, [&](std::size_t k) {
    EventParser parser;
    const Shard shard{static_cast<unsigned>(k), shards};
    for (std::size_t i = 0; i < part_count; ++i) {
      const StreamStats s = score_planned(*result.tables[k], events, plans[i], first_lines[i], parser,
                                          parts[k].errors, shard);
      parts[k].stats.add(s);
    }
  });

  // Visitors in first-seen order, refusals in line order, as one thread would give.
  std::vector<std::pair<std::size_t, const Profile*>> seen;
  for (unsigned k = 0; k < shards; ++k) {
    const VisitorTable& table = *result.tables[k];
    for (std::size_t i = 0; i < table.size(); ++i) seen.emplace_back(table.first_line(i), &table.at(i));
    result.refusals.insert(result.refusals.end(), parts[k].errors.refusals.begin(), parts[k].errors.refusals.end());
    result.stats.add(parts[k].stats);
  }
  std::sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(result.refusals.begin(), result.refusals.end(),
            [](const ScoredEvents::Refusal& a, const ScoredEvents::Refusal& b) { return a.line < b.line; });
  for (const auto& s : seen) result.visitors.push_back(s.second);
  explain_string_times(events, result.refusals);
  return result;
}

std::int64_t ScoredEvents::latest_event() const {
  std::int64_t latest = 0;
  for (const Profile* p : visitors) latest = std::max(latest, p->last_seen);
  return latest;
}

namespace {

// How many refused event lines are said one by one; the rest are counted
// (as many as backtest says of refused outcome rows).
constexpr std::size_t event_lines_said = 10;

// A kind of refused event line, after its count: "20 not JSON".
std::string event_refusal_kind(const std::string& error_id) {
  if (error_id == "leadscore.event.syntax") return "not JSON";
  if (error_id == "leadscore.event.required") return "missing a required field";
  if (error_id == "leadscore.event.type") return "with a value of the wrong type";
  if (error_id == "leadscore.event.too_large") return "too large";
  if (error_id == "leadscore.event.range") return "with a number out of range";
  if (error_id == "leadscore.event.email") return "with an email that is not an email address";
  if (error_id == "leadscore.event.stage") return "with a stage set_stage cannot set";
  return "refused as " + error_id;
}

}  // namespace

void report_refusals(const std::string& events_path, const ScoredEvents& scored) {
  if (scored.refusals.empty()) return;
  // The refused lines by kind, in the order each kind first occurs, with the
  // first line of each: `20 not JSON (first: line 2), 5 missing ...`.
  std::string by_kind;
  for (const auto& [first, count] : refusals_by_kind(scored.refusals)) {
    if (!by_kind.empty()) by_kind += ", ";
    by_kind += std::to_string(count) + " " + event_refusal_kind(first->error.id) + " (first: line " +
               std::to_string(first->line) + ")";
  }
  const char* path = events_path.c_str();
  std::fprintf(stderr, "leadscore: %s: %zu of %zu event lines skipped: %s\n", path, scored.stats.refused,
               scored.stats.lines, by_kind.c_str());
  const std::size_t said = std::min(scored.refusals.size(), event_lines_said);
  for (std::size_t i = 0; i < said; ++i) {
    const ScoredEvents::Refusal& r = scored.refusals[i];
    std::fprintf(stderr, "%s:%zu: %s\n", path, r.line, r.error.to_string().c_str());
  }
  if (scored.refusals.size() > said) {
    std::fprintf(stderr, "leadscore: %s: and %zu more event lines skipped\n", path, scored.refusals.size() - said);
  }
}

void report_seconds_like_times(const std::string& events_path, const ScoredEvents& scored) {
  const StreamStats& stats = scored.stats;
  if (stats.seconds_like == 0) return;
  std::fprintf(stderr,
               "leadscore: %s:%zu: \"ts\" %lld looks like seconds, not milliseconds (it is %s); %zu of %zu events "
               "have such a time and are scored as given: write \"ts\" in epoch milliseconds\n",
               events_path.c_str(), stats.first_seconds_like_line, static_cast<long long>(stats.first_seconds_like_ts),
               format_iso8601(stats.first_seconds_like_ts).c_str(), stats.seconds_like, stats.accepted);
}

}  // namespace leadscore::cli
