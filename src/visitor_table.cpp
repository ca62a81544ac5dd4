#include "leadscore/visitor_table.hpp"

#include "leadscore/scoring.hpp"

namespace leadscore {

Profile& VisitorTable::profile(std::string_view visitor_id) {
  const int known = index_.find(visitor_id);
  if (known >= 0) return profiles_[static_cast<std::size_t>(known)];
  index_.insert(visitor_id);
  profiles_.push_back(new_profile(*config_, std::string(visitor_id)));
  return profiles_.back();
}

StreamStats score_ndjson(VisitorTable& visitors, std::string_view text, EventParser& parser,
                         ErrorSink& errors) {
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
    ++stats.lines;

    Error error;
    const Event* event = parser.parse(line, error);
    if (event && event->visitor.empty()) {
      error = Error{"leadscore.event.required", "/visitor", "each line needs a \"visitor\""};
      event = nullptr;
    }
    if (event) {
      Profile& profile = visitors.profile(event->visitor);
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
