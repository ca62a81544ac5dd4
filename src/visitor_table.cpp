#include "leadscore/visitor_table.hpp"

#include <string.h>  // memmem (POSIX; Emscripten's musl has it too)

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
  // memmem: string_view::find of a string probes each '"' in turn.
  if (line.find('\\') != std::string_view::npos) return std::nullopt;
  const std::string_view rest = line.substr(end + 1);
  if (memmem(rest.data(), rest.size(), key.data(), key.size()) != nullptr) return std::nullopt;
  return line.substr(i + 1, end - i - 1);
}

unsigned shard_of(std::string_view visitor_id, unsigned count) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : visitor_id) h = (h ^ c) * 16777619u;
  return count <= 1 ? 0 : h % count;
}

}  // namespace detail

StreamStats score_ndjson(VisitorTable& visitors, std::string_view text, EventParser& parser,
                         ErrorSink& errors, Shard shard) {
  StreamStats stats;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank
    // Which shard owns the line: decided once, from the id when it can be
    // read off (then even a line that turns out invalid is reported by that
    // shard alone), else from the parsed event, else shard 0.
    int owner = -1;
    if (shard.count > 1) {
      if (const auto quick = detail::quick_visitor(line)) {
        owner = static_cast<int>(detail::shard_of(*quick, shard.count));
        if (owner != static_cast<int>(shard.index)) continue;  // not ours: skip without parsing
      }
    }

    Error error;
    const Event* event = parser.parse(line, error);
    if (event && event->visitor.empty()) {
      error = Error{"leadscore.event.required", "/visitor", "each line needs a \"visitor\""};
      event = nullptr;
    }
    if (shard.count > 1 && owner < 0) {
      owner = event ? static_cast<int>(detail::shard_of(event->visitor, shard.count)) : 0;
      if (owner != static_cast<int>(shard.index)) continue;
    }
    ++stats.lines;
    if (event) {
      Profile& profile = visitors.profile(event->visitor, line_no);
      if (apply_event(visitors.config(), profile, *event, error).accepted) {
        ++stats.accepted;
        continue;
      }
    }
    ++stats.refused;
    errors.refused(line_no, error);
  }
  return stats;
}

}  // namespace leadscore
