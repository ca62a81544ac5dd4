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
  /// A "ts" below this (1e11 ms, 1973-03-03) is most likely epoch seconds
  /// written where milliseconds belong (1767600000 for 2026-01-05).
  static constexpr std::int64_t seconds_like_below = 100000000000;

  std::size_t lines = 0;     ///< non-blank lines seen
  std::size_t accepted = 0;  ///< events applied
  std::size_t refused = 0;   ///< lines reported to on_error
  std::size_t seconds_like = 0;          ///< events applied whose ts is below seconds_like_below
  std::size_t first_seconds_like_line = 0;  ///< the first of them (1-based; 0: none)
  std::int64_t first_seconds_like_ts = 0;   ///< its ts

  /// Adds the counts of another part of the same stream (its lines numbered in the same file).
  void add(const StreamStats& part);
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

/// One non-blank line of an NDJSON stream: where it is, its 1-based number
/// within the part of the text it was read from, and which shard owns it.
struct PlannedLine {
  std::size_t begin = 0, end = 0;  ///< byte offsets into the whole text
  std::size_t number = 0;
  int owner = -1;  ///< -1: the id cannot be read off without parsing
};

/// The lines of a part of a stream, for `shard_count` shards: lines[k] holds
/// the lines shard k scores, in order (a line whose owner is unknown is in
/// every list; parsing it decides). Planning splits the text and reads the
/// visitor ids once, instead of every shard going over the whole text.
struct LinePlan {
  std::vector<std::vector<PlannedLine>> lines;
  std::size_t line_count = 0;  ///< lines in the part, blank ones included
};

/// Plans text[begin, end) for `shard_count` shards. The part starts at a line
/// start and ends just after a newline or at the end of the text.
LinePlan plan_ndjson(std::string_view text, std::size_t begin, std::size_t end, unsigned shard_count);

/// Scores shard `shard` of planned lines; the same as score_ndjson with that
/// shard over the part, with line numbers offset by `first_line - 1`.
StreamStats score_planned(VisitorTable& visitors, std::string_view text, const LinePlan& plan,
                          std::size_t first_line, EventParser& parser, ErrorSink& errors, Shard shard);

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
