#include "leadscore/visitor_table.hpp"

#include <cstdint>
#include <cstring>

#include "leadscore/scoring.hpp"

namespace leadscore {

Profile& VisitorTable::profile(std::string_view visitor_id, std::size_t line) {
  const int known = index_.find(visitor_id);
  if (known >= 0) return profiles_[static_cast<std::size_t>(known)];
  index_.insert(visitor_id);
  profiles_.push_back(new_profile(*config_, std::string(visitor_id)));
  first_lines_.push_back(line);
  return profiles_.back();
}

namespace detail {

std::optional<std::string_view> quick_visitor(std::string_view line) {
  auto skip_space = [&](std::size_t i) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    return i;
  };
  // The first key of the top-level object is "visitor", its value a string
  // without escapes...
  constexpr std::string_view key = "\"visitor\"";
  std::size_t i = skip_space(0);
  if (i >= line.size() || line[i] != '{') return std::nullopt;
  i = skip_space(i + 1);
  if (line.compare(i, key.size(), key) != 0) return std::nullopt;
  i = skip_space(i + key.size());
  if (i >= line.size() || line[i] != ':') return std::nullopt;
  i = skip_space(i + 1);
  if (i >= line.size() || line[i] != '"') return std::nullopt;
  const std::size_t end = line.find('"', i + 1);
  if (end == std::string_view::npos) return std::nullopt;
  // ...and the line has no escapes and no second "visitor" (the parser keeps
  // the last of duplicate keys), so the full parse would find the same id.
  if (line.find('\\') != std::string_view::npos) return std::nullopt;
  // A second key is found by its 'v', rare in events, with memchr (glibc's
  // memmem sets up a table on every call; string_view::find probes each '"').
  const char* p = line.data() + end + 1;
  const char* const stop = line.data() + line.size();
  while (stop - p >= static_cast<std::ptrdiff_t>(key.size()) - 1) {
    p = static_cast<const char*>(std::memchr(p, 'v', static_cast<std::size_t>(stop - p)));
    if (p == nullptr) break;
    if (stop - p >= static_cast<std::ptrdiff_t>(key.size()) - 1 && p[-1] == '"' &&
        std::memcmp(p, key.data() + 1, key.size() - 1) == 0) {
      return std::nullopt;
    }
    ++p;
  }
  return line.substr(i + 1, end - i - 1);
}

unsigned shard_of(std::string_view visitor_id, unsigned count) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : visitor_id) h = (h ^ c) * 16777619u;
  return count <= 1 ? 0 : h % count;
}

}  // namespace detail

namespace {

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// The shard that owns a line when it can be read off without parsing; -1 if not.
int quick_owner(std::string_view line, unsigned shard_count) {
  if (shard_count <= 1) return 0;
  const auto quick = detail::quick_visitor(line);
  return quick ? static_cast<int>(detail::shard_of(*quick, shard_count)) : -1;
}

// Scores one non-blank line for `shard`. `owner` is the line's shard if known
// (then even a line that turns out invalid is reported by that shard alone),
// else it is decided from the parsed event, else shard 0. `error` is the
// caller's, reused from line to line (three strings fewer to make and free
// per line); whatever refuses a line sets all of it.
void score_line(VisitorTable& visitors, std::string_view line, std::size_t line_no, int owner,
                EventParser& parser, ErrorSink& errors, Shard shard, StreamStats& stats, Error& error) {
  const Event* event = parser.parse(line, error);
  if (event && event->visitor.empty()) {
    error = Error{"leadscore.event.required", "/visitor", "each line needs a \"visitor\""};
    event = nullptr;
  }
  if (shard.count > 1 && owner < 0) {
    owner = event ? static_cast<int>(detail::shard_of(event->visitor, shard.count)) : 0;
    if (owner != static_cast<int>(shard.index)) return;
  }
  ++stats.lines;
  if (event) {
    Profile& profile = visitors.profile(event->visitor, line_no);
    if (apply_event(visitors.config(), profile, *event, error).accepted) {
      ++stats.accepted;
      if (event->ts < StreamStats::seconds_like_below) {
        if (stats.seconds_like == 0) {
          stats.first_seconds_like_line = line_no;
          stats.first_seconds_like_ts = event->ts;
        }
        ++stats.seconds_like;
      }
      return;
    }
  }
  ++stats.refused;
  errors.refused(line_no, error);
}

// The first '\n' in [p, end), or end. Eight bytes at a time: the wasm build's
// string_view::find compares byte by byte (~5% of a batch there). A byte of
// w ^ "\n\n\n\n\n\n\n\n" is zero where w has a newline; the lowest flagged bit
// marks the first one (a borrow only flags bytes above a zero byte;
// little-endian, like x86 and wasm).
const char* find_newline(const char* p, const char* end) {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    w ^= ones * '\n';
    const std::uint64_t zero = (w - ones) & ~w & (ones * 0x80);
    if (zero != 0) return p + (__builtin_ctzll(zero) >> 3);
    p += 8;
  }
  while (p != end && *p != '\n') ++p;
  return p;
}

// Calls f(line begin, line end, number) for each line of text[begin, end),
// blank ones included; returns the count.
template <typename F>
std::size_t for_each_line(std::string_view text, std::size_t begin, std::size_t end, F f) {
  std::size_t number = 0;
  std::size_t pos = begin;
  while (pos < end) {
    const std::size_t stop = static_cast<std::size_t>(find_newline(text.data() + pos, text.data() + end) - text.data());
    f(pos, stop, ++number);
    pos = stop + 1;
  }
  return number;
}

}  // namespace

void StreamStats::add(const StreamStats& part) {
  lines += part.lines;
  accepted += part.accepted;
  refused += part.refused;
  if (part.seconds_like && (seconds_like == 0 || part.first_seconds_like_line < first_seconds_like_line)) {
    first_seconds_like_line = part.first_seconds_like_line;
    first_seconds_like_ts = part.first_seconds_like_ts;
  }
  seconds_like += part.seconds_like;
}

StreamStats score_ndjson(VisitorTable& visitors, std::string_view text, EventParser& parser,
                         ErrorSink& errors, Shard shard) {
  StreamStats stats;
  Error error;
  for_each_line(text, 0, text.size(), [&](std::size_t begin, std::size_t end, std::size_t line_no) {
    const std::string_view line = text.substr(begin, end - begin);
    if (is_blank(line)) return;
    const int owner = quick_owner(line, shard.count);
    if (owner >= 0 && owner != static_cast<int>(shard.index)) return;  // not ours: skip without parsing
    score_line(visitors, line, line_no, owner, parser, errors, shard, stats, error);
  });
  return stats;
}

LinePlan plan_ndjson(std::string_view text, std::size_t begin, std::size_t end, unsigned shard_count) {
  LinePlan plan;
  plan.lines.resize(shard_count == 0 ? 1 : shard_count);
  plan.line_count = for_each_line(text, begin, end, [&](std::size_t b, std::size_t e, std::size_t number) {
    const std::string_view line = text.substr(b, e - b);
    if (is_blank(line)) return;
    const int owner = quick_owner(line, shard_count);
    if (owner >= 0) {
      plan.lines[static_cast<std::size_t>(owner)].push_back(PlannedLine{b, e, number, owner});
    } else {
      for (auto& list : plan.lines) list.push_back(PlannedLine{b, e, number, owner});
    }
  });
  return plan;
}

StreamStats score_planned(VisitorTable& visitors, std::string_view text, const LinePlan& plan,
                          std::size_t first_line, EventParser& parser, ErrorSink& errors, Shard shard) {
  StreamStats stats;
  Error error;
  for (const PlannedLine& l : plan.lines[shard.index]) {
    score_line(visitors, text.substr(l.begin, l.end - l.begin), first_line - 1 + l.number, l.owner, parser,
               errors, shard, stats, error);
  }
  return stats;
}

}  // namespace leadscore
