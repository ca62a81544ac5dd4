#pragma once
/// \file
/// Many visitors at once (the CLI, batch scoring): profiles by visitor id, in
/// first-seen order, and scoring of NDJSON event streams.

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <vector>
#include <string_view>

#include "leadscore/config.hpp"
#include "leadscore/detail/string_index.hpp"
#include "leadscore/event.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

class VisitorTable {
 public:
  explicit VisitorTable(std::shared_ptr<const Config> config) : config_(std::move(config)) {}

  /// The profile of `visitor_id`, created on first use (on input line
  /// `line`, for first_line()). References stay valid.
  Profile& profile(std::string_view visitor_id, std::size_t line = 0);
  std::size_t size() const { return profiles_.size(); }
  /// Profiles in the order their visitors were first seen.
  const Profile& at(std::size_t i) const { return profiles_[i]; }
  /// The input line on which visitor i was first seen (0 if not from a stream).
  std::size_t first_line(std::size_t i) const { return first_lines_[i]; }
  const Config& config() const { return *config_; }

 private:
  std::shared_ptr<const Config> config_;
  detail::StringIndex index_;
  std::deque<Profile> profiles_;
  std::vector<std::size_t> first_lines_;
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

/// One of `count` disjoint parts of a stream's visitors (by a hash of the
/// visitor id), so that several threads can score one stream: each visitor
/// belongs to exactly one shard, and its events keep their order there.
struct Shard {
  unsigned index = 0;
  unsigned count = 1;
};

/// Scores NDJSON text, one event per line, each with a "visitor". A line that
/// cannot be parsed or applied is reported (with its 1-based line number) and
/// skipped; the run continues. Blank lines are ignored. With a shard, only
/// that shard's visitors are scored; a line without a usable visitor is
/// reported by shard 0 alone, so together the shards report every line once.
StreamStats score_ndjson(VisitorTable& visitors, std::string_view text, EventParser& parser,
                         ErrorSink& errors, Shard shard = {});

namespace detail {
/// The visitor id of an NDJSON line when it can be read off without parsing:
/// no backslash anywhere (so no escapes), and `"visitor"` occurring exactly
/// once, as the object's first key. Otherwise nullopt (the caller parses).
/// Exact for those lines: a second "visitor" key (JSON: the last one wins)
/// or a nested one would be a second occurrence.
std::optional<std::string_view> quick_visitor(std::string_view line);
/// The shard a visitor id belongs to.
unsigned shard_of(std::string_view visitor_id, unsigned count);
}  // namespace detail

}  // namespace leadscore
