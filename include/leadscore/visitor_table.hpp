#pragma once
/// \file
/// Many visitors at once (the CLI, batch scoring): profiles by visitor id, in
/// first-seen order, and scoring of NDJSON event streams.

#include <cstddef>
#include <deque>
#include <memory>
#include <string_view>

#include "leadscore/config.hpp"
#include "leadscore/detail/string_index.hpp"
#include "leadscore/event.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

class VisitorTable {
 public:
  explicit VisitorTable(std::shared_ptr<const Config> config) : config_(std::move(config)) {}

  /// The profile of `visitor_id`, created on first use. References stay valid.
  Profile& profile(std::string_view visitor_id);
  std::size_t size() const { return profiles_.size(); }
  /// Profiles in the order their visitors were first seen.
  const Profile& at(std::size_t i) const { return profiles_[i]; }
  const Config& config() const { return *config_; }

 private:
  std::shared_ptr<const Config> config_;
  detail::StringIndex index_;
  std::deque<Profile> profiles_;
};

/// Receives the lines score_ndjson could not use.
class ErrorSink {
 public:
  virtual void refused(std::size_t line, const Error& error) = 0;

 protected:
  ~ErrorSink() = default;
};

struct StreamStats {
  std::size_t lines = 0;     ///< non-blank lines seen
  std::size_t accepted = 0;  ///< events applied
  std::size_t refused = 0;   ///< lines reported to on_error
};

/// Scores NDJSON text, one event per line, each with a "visitor". A line that
/// cannot be parsed or applied is reported (with its 1-based line number) and
/// skipped; the run continues. Blank lines are ignored.
StreamStats score_ndjson(VisitorTable& visitors, std::string_view text, EventParser& parser,
                         ErrorSink& errors);

}  // namespace leadscore
