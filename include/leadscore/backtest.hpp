#pragma once
/// \file
/// Backtesting a config against real outcomes: which visitors converted (an
/// outcomes CSV), how they were scored (the same VisitorTable and standing_at
/// that `leadscore score` uses), and how well the scores and the lifecycle
/// stages separate converters from the rest: ROC AUC, precision and recall at
/// the MQL and SQL stages, a lift table by score decile, and suggested score
/// thresholds. Pure functions of their arguments: the caller reads the files
/// and chooses the moment scores are taken at.
///
/// A metric that has no value for the data (AUC without any converter, the
/// precision of a stage nobody reached) is std::nullopt with a reason, never
/// NaN.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/error.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

// ------------------------------------------------------------------ outcomes

/// One usable row of an outcomes file.
struct Outcome {
  std::string visitor;
  bool converted = false;
  std::size_t line = 0;  ///< where the row starts in the file
};

struct OutcomeRefusal {
  std::size_t line = 0;
  Error error;
  /// The cell at fault as written: the outcome of a "leadscore.outcomes.value"
  /// refusal, the visitor of a "leadscore.outcomes.duplicate" one; else empty.
  std::string value;
};

struct OutcomeColumns {
  /// Header names to use; empty: the first header cell named "visitor" or
  /// "visitor_id" (visitor), "converted" or "outcome" (outcome). Header names
  /// compare case-insensitively, ignoring surrounding spaces.
  std::string visitor, outcome;
};

struct OutcomesResult {
  std::vector<Outcome> outcomes;        ///< usable rows, in file order
  std::vector<OutcomeRefusal> refused;  ///< bad rows, in file order (each skipped)
  std::size_t rows = 0;                 ///< data rows seen (not blank lines, not the header)
  /// The header names of the columns read (trimmed, as written); empty when fatal.
  std::string visitor_column, outcome_column;
  /// Set when the file cannot be used at all (no header, a column missing or
  /// named twice); then outcomes is empty. fatal_line: where (0: whole file).
  std::optional<Error> fatal;
  std::size_t fatal_line = 0;
};

/// A value quoted for a message: a JSON string of at most 40 characters (then
/// "…"), invalid UTF-8 shown as U+FFFD (messages go to terminals).
std::string quoted_for_message(std::string_view text);

/// "1"/"0", "true"/"false", "yes"/"no", any case, surrounding spaces ignored.
std::optional<bool> parse_outcome_value(std::string_view text);

/// Reads an outcomes CSV (RFC 4180; see CsvReader): a header naming a visitor
/// column and an outcome column, then one row per visitor; other columns are
/// ignored. A row is refused (and skipped) when it is malformed CSV
/// ("leadscore.csv.syntax"), has a different number of fields than the header
/// ("leadscore.outcomes.fields"), an empty visitor ("leadscore.outcomes.required"),
/// an outcome that is not one of the values above ("leadscore.outcomes.value"),
/// or repeats a visitor of an earlier row ("leadscore.outcomes.duplicate";
/// the first row counts). Visitor ids have surrounding spaces removed.
/// Error paths name the column: "/converted".
OutcomesResult read_outcomes_csv(std::string_view text, const OutcomeColumns& columns = {});

// ------------------------------------------------------------------ samples

/// One scored visitor with a known outcome. Scores are as `leadscore score`
/// prints them (rounded to 2 decimals), so equal printed scores are ties.
struct BacktestSample {
  double score = 0, fit = 0, engagement = 0;
  std::size_t lifecycle = 0;  ///< index into Config::stages
  bool converted = false;
};

struct Joined {
  std::vector<BacktestSample> samples;  ///< scored visitors with an outcome, in the order given
  std::size_t visitors_scored = 0;      ///< profiles with at least one event applied
  std::size_t visitors_without_outcome = 0;
  std::size_t outcomes_without_events = 0;  ///< outcome rows whose visitor has no scored events
};

/// Scores `visitors` at `now` (standing_at: decay applied up to `now`) and
/// pairs each with its outcome by visitor id. Profiles without events (every
/// line refused) are not scored, as in `leadscore score`.
Joined join_outcomes(const Config& config, const std::vector<const Profile*>& visitors,
                     const std::vector<Outcome>& outcomes, std::int64_t now);

// ------------------------------------------------------------------ metrics

/// A score and whether that visitor converted.
struct Scored {
  double score = 0;
  bool converted = false;
};

/// ROC AUC: the probability that a converted visitor scores higher than one
/// who did not, ties counting one half. Computed as the Mann-Whitney U with
/// average ranks for ties: (R1 - n1(n1+1)/2) / (n1 n0). nullopt unless there
/// are converted and unconverted visitors both.
std::optional<double> roc_auc(std::vector<Scored> items);

/// Counts of a yes/no prediction against outcomes.
struct Confusion {
  std::size_t true_positives = 0, false_positives = 0, false_negatives = 0, true_negatives = 0;
  std::size_t predicted() const { return true_positives + false_positives; }
  std::size_t positives() const { return true_positives + false_negatives; }
  std::size_t total() const { return predicted() + false_negatives + true_negatives; }
};

/// tp / (tp + fp); nullopt when nothing was predicted positive.
std::optional<double> precision(const Confusion& c);
/// tp / (tp + fn); nullopt when there are no positives.
std::optional<double> recall(const Confusion& c);
/// F-beta = (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp): beta < 1 weighs
/// precision more, beta > 1 recall. nullopt when precision or recall is; 0
/// when both are 0.
std::optional<double> f_beta(const Confusion& c, double beta);

/// The confusion of "score >= threshold".
Confusion confusion_at(const std::vector<Scored>& items, double threshold);

struct ThresholdSuggestion {
  std::optional<double> threshold;  ///< predict "converts" when score >= threshold
  Confusion confusion;              ///< at that threshold
  std::string undefined;            ///< why there is no threshold (when threshold is nullopt)
};

/// Of the thresholds that matter (each distinct score), the one with the
/// highest F-beta; among equals, the highest threshold (fewer visitors to
/// follow up). Undefined unless both outcomes occur.
ThresholdSuggestion suggest_max_f_beta(const std::vector<Scored>& items, double beta);

/// The lowest threshold whose precision is at least `target` (the most
/// converters found at that precision). Undefined unless both outcomes occur,
/// or when no threshold reaches the target.
ThresholdSuggestion suggest_min_precision(const std::vector<Scored>& items, double target);

/// One row of the lift table.
struct LiftRow {
  int decile = 0;                 ///< 1 = highest scores
  std::size_t visitors = 0, converted = 0;
  double min_score = 0, max_score = 0;  ///< when visitors > 0
  std::size_t cumulative_visitors = 0, cumulative_converted = 0;  ///< deciles 1..this
};

/// Visitors by score, highest first, in ten groups of as equal size as ties
/// allow: equal scores are never split, so a tie group goes whole into the
/// decile its first member's rank falls in (decile = floor(10 * higher / n) + 1,
/// `higher` being how many score strictly higher), and later deciles may stay
/// empty. Always ten rows.
std::vector<LiftRow> lift_by_decile(std::vector<Scored> items);

// ------------------------------------------------------------------ report

struct BacktestOptions {
  std::string mql_stage = "mql", sql_stage = "sql";
  /// SQL threshold: the lowest score with at least this precision; when unset,
  /// the score with the highest F0.5 (precision weighted: sales time is dear).
  std::optional<double> sql_min_precision;
  /// Score thresholds to report as they are ("what if MQL were at 40?"), in
  /// this order: e.g. thresholds suggested on other rows, checked on these.
  std::vector<double> at_thresholds;
};

/// What the caller counted while reading the inputs (reported as is).
struct BacktestInputCounts {
  std::size_t event_lines = 0, event_lines_skipped = 0;
  std::size_t outcome_rows = 0, outcome_rows_skipped = 0;
};

/// The report as one JSON document ("schema": "leadscore.backtest/v1"):
/// counts, auc (score, fit, engagement), stages (mql, sql: how many reached
/// them, confusion, precision, recall, f1), lift (ten deciles), suggested
/// thresholds (mql: max F1; sql: max F0.5 or the precision target),
/// at_thresholds (the options' thresholds: visitors at or above, precision,
/// recall, f1), and
/// "undefined": {JSON pointer: reason} for every metric that is null (an
/// empty lift row and a suggestion without a threshold are explained once,
/// at the row and at its "threshold"). Ratios are rounded to 4 decimals,
/// scores to 2.
std::string backtest_report_json(const Config& config, const Joined& joined, const BacktestInputCounts& counts,
                                 const BacktestOptions& options, std::int64_t now);

}  // namespace leadscore
