#include "leadscore/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <unordered_map>
#include <utility>

#include "leadscore/csv.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

std::string quoted_for_message(std::string_view s) {
  std::string clean;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size() && chars < 40; ++chars) {
    bool valid = true;
    const std::size_t n = utf8_span(s, i, valid);
    clean += valid ? s.substr(i, n) : std::string_view("\xEF\xBF\xBD");
    i += n;
    if (chars + 1 == 40 && i < s.size()) clean += "\xE2\x80\xA6";  // …
  }
  std::string out;
  append_json_string(out, clean);
  return out;
}

namespace {

std::string header_list(const std::vector<std::string>& header) {
  std::string out;
  for (std::size_t i = 0; i < header.size() && i < 12; ++i) {
    if (i) out += ", ";
    out += quoted_for_message(trim(header[i]));
  }
  if (header.size() > 12) out += ", …";
  return out;
}

// The index of the header cell named `name` (case-insensitive, trimmed); -1
// if none, -2 if more than one.
int find_column(const std::vector<std::string>& header, std::string_view name) {
  int found = -1;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (!equal_ignoring_ascii_case(trim(header[i]), name)) continue;
    if (found >= 0) return -2;
    found = static_cast<int>(i);
  }
  return found;
}

// Picks a column: the one named `chosen`, or the first alias present.
int pick_column(const std::vector<std::string>& header, const std::string& chosen,
                std::initializer_list<const char*> aliases, const char* role, Error& error) {
  std::vector<std::string_view> names;
  if (!chosen.empty()) {
    names.push_back(chosen);
  } else {
    for (const char* a : aliases) names.push_back(a);
  }
  for (std::string_view name : names) {
    const int i = find_column(header, name);
    if (i == -2) {
      error = Error{"leadscore.outcomes.header", "",
                    "the header names column " + quoted_for_message(name) + " more than once"};
      return -1;
    }
    if (i >= 0) return i;
  }
  std::string wanted;
  for (std::size_t k = 0; k < names.size(); ++k) {
    wanted += k == 0 ? "" : (k + 1 == names.size() ? " or " : ", ");
    wanted += quoted_for_message(names[k]);
  }
  error = Error{"leadscore.outcomes.header", "",
                std::string("the header has no ") + role + " column (" + wanted + "); its columns: " +
                    header_list(header)};
  return -1;
}

std::string column_path(const std::vector<std::string>& header, int column) {
  return json_pointer_child("", std::string(trim(header[static_cast<std::size_t>(column)])));
}

double round_to(double v, double scale) {
  const double r = std::round(v * scale) / scale;
  return r == 0 ? 0.0 : r;  // no -0
}

// Samples sorted by score, highest first, walked one group of equal scores
// at a time.
template <class Visit>
void by_threshold(std::vector<Scored> items, Visit visit) {
  std::sort(items.begin(), items.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  std::size_t positives = 0;
  for (const Scored& s : items) positives += s.converted;
  const std::size_t negatives = items.size() - positives;
  Confusion c;
  c.false_negatives = positives;
  c.true_negatives = negatives;
  for (std::size_t i = 0; i < items.size();) {
    const double score = items[i].score;
    for (; i < items.size() && items[i].score == score; ++i) {
      if (items[i].converted) {
        ++c.true_positives;
        --c.false_negatives;
      } else {
        ++c.false_positives;
        --c.true_negatives;
      }
    }
    visit(score, c);
  }
}

// Why no threshold can be suggested, or "".
std::string threshold_undefined(const std::vector<Scored>& items) {
  if (items.empty()) return "no visitor with an outcome was scored";
  std::size_t positives = 0;
  for (const Scored& s : items) positives += s.converted;
  if (positives == 0) return "no visitor converted: there is nothing to find";
  if (positives == items.size()) return "every visitor converted: there is nothing to separate";
  return "";
}

}  // namespace

// ------------------------------------------------------------------ outcomes

std::optional<bool> parse_outcome_value(std::string_view text) {
  const std::string_view v = trim(text);
  for (const char* yes : {"1", "true", "yes"}) {
    if (equal_ignoring_ascii_case(v, yes)) return true;
  }
  for (const char* no : {"0", "false", "no"}) {
    if (equal_ignoring_ascii_case(v, no)) return false;
  }
  return std::nullopt;
}

OutcomesResult read_outcomes_csv(std::string_view text, const OutcomeColumns& columns) {
  OutcomesResult r;
  CsvReader reader(text);
  CsvRecord record;
  Error error;
  const CsvReader::Status status = reader.next(record, error);
  if (status == CsvReader::Status::end) {
    r.fatal = Error{"leadscore.outcomes.header", "",
                    "no header: the file is empty (expected a header such as visitor,converted)"};
    return r;
  }
  r.fatal_line = record.line;
  if (status == CsvReader::Status::error) {
    r.fatal = Error{error.id, "", "the header is not valid CSV: " + error.message};
    return r;
  }
  const std::vector<std::string> header = record.fields;
  const int visitor_col = pick_column(header, columns.visitor, {"visitor", "visitor_id"}, "visitor", error);
  if (visitor_col < 0) {
    r.fatal = error;
    return r;
  }
  const int outcome_col = pick_column(header, columns.outcome, {"converted", "outcome"}, "outcome", error);
  if (outcome_col < 0) {
    r.fatal = error;
    return r;
  }
  if (visitor_col == outcome_col) {
    r.fatal = Error{"leadscore.outcomes.header", "", "the visitor and the outcome column are the same column"};
    return r;
  }
  r.fatal_line = 0;
  r.visitor_column = std::string(trim(header[static_cast<std::size_t>(visitor_col)]));
  r.outcome_column = std::string(trim(header[static_cast<std::size_t>(outcome_col)]));
  const std::string visitor_path = column_path(header, visitor_col);
  const std::string outcome_path = column_path(header, outcome_col);

  std::unordered_map<std::string, std::size_t> first_line;  // visitor -> line of its row
  for (;;) {
    const CsvReader::Status s = reader.next(record, error);
    if (s == CsvReader::Status::end) break;
    ++r.rows;
    if (s == CsvReader::Status::error) {
      r.refused.push_back({record.line, error, {}});
      continue;
    }
    if (record.fields.size() != header.size()) {
      r.refused.push_back({record.line, Error{"leadscore.outcomes.fields", "",
                                              "expected " + std::to_string(header.size()) +
                                                  " fields as in the header, got " +
                                                  std::to_string(record.fields.size())},
                            {}});
      continue;
    }
    const std::string_view visitor = trim(record.fields[static_cast<std::size_t>(visitor_col)]);
    if (visitor.empty()) {
      r.refused.push_back(
          {record.line, Error{"leadscore.outcomes.required", visitor_path, "the visitor is empty"}, {}});
      continue;
    }
    const std::string& value = record.fields[static_cast<std::size_t>(outcome_col)];
    const std::optional<bool> converted = parse_outcome_value(value);
    if (!converted) {
      r.refused.push_back({record.line, Error{"leadscore.outcomes.value", outcome_path,
                                              quoted_for_message(value) +
                                                  " is not an outcome: use 1/0, true/false or yes/no"},
                            value});
      continue;
    }
    const auto [it, inserted] = first_line.emplace(std::string(visitor), record.line);
    if (!inserted) {
      r.refused.push_back({record.line, Error{"leadscore.outcomes.duplicate", visitor_path,
                                              "visitor " + quoted_for_message(visitor) +
                                                  " already has an outcome (line " +
                                                  std::to_string(it->second) + ")"},
                            std::string(visitor)});
      continue;
    }
    r.outcomes.push_back(Outcome{std::string(visitor), *converted, record.line});
  }
  return r;
}

// ------------------------------------------------------------------ samples

Joined join_outcomes(const Config& config, const std::vector<const Profile*>& visitors,
                     const std::vector<Outcome>& outcomes, std::int64_t now) {
  std::unordered_map<std::string_view, std::size_t> by_visitor;
  by_visitor.reserve(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) by_visitor.emplace(outcomes[i].visitor, i);
  std::vector<char> used(outcomes.size(), 0);
  Joined j;
  for (const Profile* p : visitors) {
    if (p->events == 0) continue;
    ++j.visitors_scored;
    const auto it = by_visitor.find(p->visitor_id);
    if (it == by_visitor.end() || used[it->second]) {
      ++j.visitors_without_outcome;
      continue;
    }
    used[it->second] = 1;
    const Standing s = standing_at(config, *p, now);
    BacktestSample sample;
    sample.score = round_to(s.total, 100);
    sample.fit = round_to(s.fit, 100);
    sample.engagement = round_to(s.engagement, 100);
    sample.lifecycle = s.lifecycle;
    sample.converted = outcomes[it->second].converted;
    j.samples.push_back(sample);
  }
  j.outcomes_without_events = outcomes.size() - j.samples.size();
  return j;
}

// ------------------------------------------------------------------ metrics

std::optional<double> roc_auc(std::vector<Scored> items) {
  std::size_t n1 = 0;
  for (const Scored& s : items) n1 += s.converted;
  const std::size_t n0 = items.size() - n1;
  if (n1 == 0 || n0 == 0) return std::nullopt;
  std::sort(items.begin(), items.end(), [](const Scored& a, const Scored& b) { return a.score < b.score; });
  // Sum of the converted visitors' ranks (1-based), ties given their average
  // rank. Ranks are half-integers, so the sum is exact below 2^52.
  double rank_sum = 0;
  for (std::size_t i = 0; i < items.size();) {
    std::size_t j = i;
    std::size_t converted = 0;
    for (; j < items.size() && items[j].score == items[i].score; ++j) converted += items[j].converted;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    rank_sum += average_rank * static_cast<double>(converted);
    i = j;
  }
  const double d1 = static_cast<double>(n1), d0 = static_cast<double>(n0);
  const double u = rank_sum - d1 * (d1 + 1) / 2;
  return u / (d1 * d0);
}

std::optional<double> precision(const Confusion& c) {
  if (c.predicted() == 0) return std::nullopt;
  return static_cast<double>(c.true_positives) / static_cast<double>(c.predicted());
}

std::optional<double> recall(const Confusion& c) {
  if (c.positives() == 0) return std::nullopt;
  return static_cast<double>(c.true_positives) / static_cast<double>(c.positives());
}

std::optional<double> f_beta(const Confusion& c, double beta) {
  if (!precision(c) || !recall(c)) return std::nullopt;
  if (c.true_positives == 0) return 0.0;
  const double b2 = beta * beta;
  const double tp = static_cast<double>(c.true_positives);
  return (1 + b2) * tp /
         ((1 + b2) * tp + b2 * static_cast<double>(c.false_negatives) + static_cast<double>(c.false_positives));
}

Confusion confusion_at(const std::vector<Scored>& items, double threshold) {
  Confusion c;
  for (const Scored& s : items) {
    const bool flagged = s.score >= threshold;
    if (flagged && s.converted) ++c.true_positives;
    if (flagged && !s.converted) ++c.false_positives;
    if (!flagged && s.converted) ++c.false_negatives;
    if (!flagged && !s.converted) ++c.true_negatives;
  }
  return c;
}

ThresholdSuggestion suggest_max_f_beta(const std::vector<Scored>& items, double beta) {
  ThresholdSuggestion best;
  best.undefined = threshold_undefined(items);
  if (!best.undefined.empty()) return best;
  double best_f = -1;
  by_threshold(items, [&](double score, const Confusion& c) {
    const double f = f_beta(c, beta).value_or(0);
    if (f > best_f) {  // strictly: among equals the first (highest) threshold stays
      best_f = f;
      best.threshold = score;
      best.confusion = c;
    }
  });
  return best;
}

ThresholdSuggestion suggest_min_precision(const std::vector<Scored>& items, double target) {
  ThresholdSuggestion found;
  found.undefined = threshold_undefined(items);
  if (!found.undefined.empty()) return found;
  double best_precision = -1, best_at = 0;
  by_threshold(items, [&](double score, const Confusion& c) {
    const double p = precision(c).value_or(0);
    if (p > best_precision) {
      best_precision = p;
      best_at = score;
    }
    if (p >= target) {  // keep going: the lowest such threshold wins
      found.threshold = score;
      found.confusion = c;
    }
  });
  if (!found.threshold) {
    found.undefined = "no score threshold reaches precision " + format_number(target) + " (the best is " +
                      format_number(round_to(best_precision, 10000)) + ", at score >= " +
                      format_number(best_at) + ")";
  }
  return found;
}

std::vector<LiftRow> lift_by_decile(std::vector<Scored> items) {
  std::vector<LiftRow> rows(10);
  for (int d = 0; d < 10; ++d) rows[static_cast<std::size_t>(d)].decile = d + 1;
  std::sort(items.begin(), items.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  const std::size_t n = items.size();
  for (std::size_t i = 0; i < n;) {
    // The whole tie group goes where its first member's rank falls.
    LiftRow& row = rows[10 * i / n];
    const double score = items[i].score;
    if (row.visitors == 0) row.max_score = score;
    for (; i < n && items[i].score == score; ++i) {
      ++row.visitors;
      row.converted += items[i].converted;
    }
    row.min_score = score;
  }
  std::size_t visitors = 0, converted = 0;
  for (LiftRow& row : rows) {
    visitors += row.visitors;
    converted += row.converted;
    row.cumulative_visitors = visitors;
    row.cumulative_converted = converted;
  }
  return rows;
}

// ------------------------------------------------------------------ report

namespace {

class Report {
 public:
  JsonWriter out;
  std::vector<std::pair<std::string, std::string>> undefined;  // JSON pointer, reason

  // A ratio rounded to 4 decimals, or null with its reason recorded (unless
  // the reason is "": the caller explains the whole object).
  void ratio(std::string_view key, const std::optional<double>& v, const std::string& path,
             const std::string& why) {
    out.key(key);
    if (v) {
      out.value(round_to(*v, 10000));
    } else {
      out.null();
      if (!why.empty()) undefined.emplace_back(path + "/" + std::string(key), why);
    }
  }

  void confusion(const Confusion& c) {
    out.field("true_positives", static_cast<std::uint64_t>(c.true_positives))
        .field("false_positives", static_cast<std::uint64_t>(c.false_positives))
        .field("false_negatives", static_cast<std::uint64_t>(c.false_negatives))
        .field("true_negatives", static_cast<std::uint64_t>(c.true_negatives));
  }

  // precision, recall, f1 of a prediction called `flagged` ("reached mql").
  void quality(const Confusion& c, const std::string& path, const std::string& flagged) {
    const std::string no_positive = "no visitor with an outcome converted";
    const std::string no_flag = "no visitor " + flagged;
    ratio("precision", precision(c), path, c.total() == 0 ? "no visitor with an outcome was scored" : no_flag);
    ratio("recall", recall(c), path, c.total() == 0 ? "no visitor with an outcome was scored" : no_positive);
    ratio("f1", f_beta(c, 1), path,
          c.total() == 0 ? "no visitor with an outcome was scored" : (c.predicted() == 0 ? no_flag : no_positive));
  }
};

std::optional<double> lowest_min_total(const LifecycleStage& stage) {
  std::optional<double> lowest;
  for (const StageCriterion& w : stage.when) {
    if (w.min_total && (!lowest || *w.min_total < *lowest)) lowest = w.min_total;
  }
  return lowest;
}

std::string stage_role(bool sql) { return sql ? "sql" : "mql"; }

}  // namespace

std::string backtest_report_json(const Config& config, const Joined& joined, const BacktestInputCounts& counts,
                                 const BacktestOptions& options, std::int64_t now) {
  const std::vector<BacktestSample>& samples = joined.samples;
  std::size_t converted = 0;
  for (const BacktestSample& s : samples) converted += s.converted;
  const std::size_t n = samples.size();
  const std::optional<double> base_rate =
      n ? std::optional<double>(static_cast<double>(converted) / static_cast<double>(n)) : std::nullopt;
  auto project = [&](double BacktestSample::*member) {
    std::vector<Scored> items;
    items.reserve(n);
    for (const BacktestSample& s : samples) items.push_back({s.*member, s.converted});
    return items;
  };
  const std::vector<Scored> by_score = project(&BacktestSample::score);
  const std::string auc_why = n == 0 ? "no visitor with an outcome was scored"
                              : converted == 0 ? "no visitor converted: AUC needs converted and unconverted visitors"
                              : converted == n ? "every visitor converted: AUC needs converted and unconverted visitors"
                                               : "";

  Report r;
  JsonWriter& out = r.out;
  out.begin_object().field("schema", "leadscore.backtest/v1").field("now", now);

  out.key("counts").begin_object()
      .field("event_lines", static_cast<std::uint64_t>(counts.event_lines))
      .field("event_lines_skipped", static_cast<std::uint64_t>(counts.event_lines_skipped))
      .field("visitors_scored", static_cast<std::uint64_t>(joined.visitors_scored))
      .field("outcome_rows", static_cast<std::uint64_t>(counts.outcome_rows))
      .field("outcome_rows_skipped", static_cast<std::uint64_t>(counts.outcome_rows_skipped))
      .field("outcome_rows_without_events", static_cast<std::uint64_t>(joined.outcomes_without_events))
      .field("visitors_without_outcome", static_cast<std::uint64_t>(joined.visitors_without_outcome))
      .field("with_outcome", static_cast<std::uint64_t>(n))
      .field("converted", static_cast<std::uint64_t>(converted));
  r.ratio("base_rate", base_rate, "/counts", "no visitor with an outcome was scored");
  out.end_object();

  out.key("auc").begin_object();
  r.ratio("score", roc_auc(by_score), "/auc", auc_why);
  r.ratio("fit", roc_auc(project(&BacktestSample::fit)), "/auc", auc_why);
  r.ratio("engagement", roc_auc(project(&BacktestSample::engagement)), "/auc", auc_why);
  out.end_object();

  out.key("stages").begin_object();
  for (bool sql : {false, true}) {
    const std::string role = stage_role(sql);
    const std::string& id = sql ? options.sql_stage : options.mql_stage;
    const std::string path = "/stages/" + role;
    out.key(role).begin_object().field("stage", id);
    const int index = config.stage_index(id);
    if (index < 0) {
      const std::string why = "the config has no lifecycle stage " + quoted_for_message(id);
      out.key("min_total").null();
      out.key("reached").null();
      for (const char* k : {"precision", "recall", "f1"}) r.ratio(k, std::nullopt, path, why);
      out.end_object();
      continue;
    }
    const std::optional<double> min_total = lowest_min_total(config.stages[static_cast<std::size_t>(index)]);
    out.key("min_total");
    if (min_total) {
      out.value(*min_total);
    } else {
      out.null();
    }
    Confusion c;
    for (const BacktestSample& s : samples) {
      const bool reached = s.lifecycle >= static_cast<std::size_t>(index);
      if (reached && s.converted) ++c.true_positives;
      if (reached && !s.converted) ++c.false_positives;
      if (!reached && s.converted) ++c.false_negatives;
      if (!reached && !s.converted) ++c.true_negatives;
    }
    out.field("reached", static_cast<std::uint64_t>(c.predicted()));
    r.confusion(c);
    r.quality(c, path, "reached " + id);
    out.end_object();
  }
  out.end_object();

  out.key("lift").begin_array();
  const std::vector<LiftRow> rows = lift_by_decile(by_score);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const LiftRow& row = rows[i];
    const std::string path = "/lift/" + std::to_string(i);
    out.begin_object().field("decile", row.decile).field("visitors", static_cast<std::uint64_t>(row.visitors));
    if (row.visitors) {
      out.key("min_score").score(row.min_score).key("max_score").score(row.max_score);
    } else {
      out.key("min_score").null().key("max_score").null();
    }
    out.field("converted", static_cast<std::uint64_t>(row.converted));
    const auto rate = [](std::size_t conv, std::size_t vis) {
      return vis ? std::optional<double>(static_cast<double>(conv) / static_cast<double>(vis)) : std::nullopt;
    };
    const auto lift = [&](std::optional<double> v) {
      return v && base_rate && *base_rate > 0 ? std::optional<double>(*v / *base_rate) : std::nullopt;
    };
    // An empty decile is explained once, for the whole row.
    if (row.visitors == 0) {
      r.undefined.emplace_back(path, n == 0 ? "no visitor with an outcome was scored"
                                            : "no visitor in this decile: visitors with equal scores stay in one decile");
    }
    const std::string no_base = "no visitor converted: lift needs a base rate above 0";
    r.ratio("rate", rate(row.converted, row.visitors), path, "");
    r.ratio("lift", lift(rate(row.converted, row.visitors)), path, row.visitors ? no_base : "");
    out.field("cumulative_visitors", static_cast<std::uint64_t>(row.cumulative_visitors))
        .field("cumulative_converted", static_cast<std::uint64_t>(row.cumulative_converted));
    r.ratio("cumulative_recall", rate(row.cumulative_converted, converted), path,
            row.cumulative_visitors ? "no visitor converted" : "");
    r.ratio("cumulative_lift", lift(rate(row.cumulative_converted, row.cumulative_visitors)), path,
            row.cumulative_visitors ? no_base : "");
    out.end_object();
  }
  out.end_array();

  out.key("suggested_thresholds").begin_object();
  for (bool sql : {false, true}) {
    const std::string role = stage_role(sql);
    const std::string path = "/suggested_thresholds/" + role;
    ThresholdSuggestion t;
    out.key(role).begin_object();
    if (!sql) {
      out.field("criterion", "max_f1")
          .field("description", "the score threshold with the highest F1 (precision and recall weighed equally)");
      t = suggest_max_f_beta(by_score, 1);
    } else if (options.sql_min_precision) {
      out.field("criterion", "min_precision")
          .field("target_precision", *options.sql_min_precision)
          .field("description", "the lowest score threshold whose precision reaches the target (most converters found at that precision)");
      t = suggest_min_precision(by_score, *options.sql_min_precision);
    } else {
      out.field("criterion", "max_f0.5")
          .field("description", "the score threshold with the highest F0.5 (precision weighs twice as much as recall: sales time is dear)");
      t = suggest_max_f_beta(by_score, 0.5);
    }
    out.key("threshold");
    if (t.threshold) {
      out.score(*t.threshold);
    } else {
      out.null();
      r.undefined.emplace_back(path + "/threshold", t.undefined);
    }
    if (t.threshold) {
      const Confusion& c = t.confusion;
      out.field("visitors", static_cast<std::uint64_t>(c.predicted()));
      r.ratio("share", static_cast<double>(c.predicted()) / static_cast<double>(n), path, "");
      r.ratio("precision", precision(c), path, "");
      r.ratio("recall", recall(c), path, "");
      r.ratio("f1", f_beta(c, 1), path, "");
      r.ratio("f0_5", f_beta(c, 0.5), path, "");
    } else {
      out.key("visitors").null();
      for (const char* k : {"share", "precision", "recall", "f1", "f0_5"}) out.key(k).null();
    }
    out.end_object();
  }
  out.end_object();

  out.key("at_thresholds").begin_array();
  for (std::size_t i = 0; i < options.at_thresholds.size(); ++i) {
    const double threshold = options.at_thresholds[i];
    const Confusion c = confusion_at(by_score, threshold);
    out.begin_object().field("threshold", threshold).field("visitors", static_cast<std::uint64_t>(c.predicted()));
    r.quality(c, "/at_thresholds/" + std::to_string(i), "scored " + format_number(threshold) + " or more");
    out.end_object();
  }
  out.end_array();

  out.key("undefined").begin_object();
  for (const auto& [pointer, why] : r.undefined) out.field(pointer, why);
  out.end_object();
  return out.end_object().take();
}

}  // namespace leadscore
