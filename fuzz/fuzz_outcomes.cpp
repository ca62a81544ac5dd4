// Fuzzing the backtest inputs: CsvReader and read_outcomes_csv on arbitrary
// bytes, and the metrics on arbitrary scores.
//
// - The reader always ends, line numbers never go back, refusals carry a known
//   id and a message; every record read, written back fully quoted with CRLF,
//   reads back the same.
// - read_outcomes_csv: every data row is either an outcome or a refusal, ids
//   are known, visitors unique and non-empty.
// - roc_auc agrees with counting pairs; precision/recall/F stay in [0, 1];
//   the lift table has ten rows that add up; suggested thresholds are scores
//   that occur.
// Any disagreement traps.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/backtest.hpp"
#include "leadscore/csv.hpp"

namespace {

using namespace leadscore;

[[noreturn]] void fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "fuzz_outcomes: %s\n  input (%zu bytes): %.*s\n", what, text.size(),
               static_cast<int>(text.size() > 600 ? 600 : text.size()), text.data());
  __builtin_trap();
}

std::string quoted_csv(const std::vector<CsvRecord>& records) {
  std::string out;
  for (const CsvRecord& r : records) {
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      if (i) out += ',';
      out += '"';
      for (char c : r.fields[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

std::vector<CsvRecord> read_records(std::string_view text, bool& refused) {
  std::vector<CsvRecord> records;
  CsvReader reader(text);
  CsvRecord record;
  Error error;
  std::size_t last_line = 0;
  refused = false;
  for (std::size_t guard = 0;; ++guard) {
    if (guard > text.size() + 1) fail("the reader does not end", text);
    const CsvReader::Status s = reader.next(record, error);
    if (s == CsvReader::Status::end) break;
    if (record.line < last_line || record.line == 0) fail("line numbers went back", text);
    last_line = record.line;
    if (s == CsvReader::Status::error) {
      if (error.id != "leadscore.csv.syntax" || error.message.empty()) fail("unknown csv error", text);
      refused = true;
      continue;
    }
    if (record.fields.empty()) fail("a record without fields", text);
    records.push_back(record);
  }
  return records;
}

void check_csv(std::string_view text) {
  bool refused = false;
  const std::vector<CsvRecord> records = read_records(text, refused);
  const std::string again_text = quoted_csv(records);
  bool again_refused = false;
  const std::vector<CsvRecord> again = read_records(again_text, again_refused);
  if (again_refused || again.size() != records.size()) fail("quoted records do not read back", text);
  for (std::size_t i = 0; i < again.size(); ++i) {
    if (again[i].fields != records[i].fields) fail("a quoted record reads back different", text);
  }
}

void check_outcomes(std::string_view text) {
  const OutcomesResult r = read_outcomes_csv(text);
  if (r.fatal) {
    if (r.fatal->message.empty() || !r.outcomes.empty()) fail("a fatal result with outcomes", text);
    return;
  }
  if (r.outcomes.size() + r.refused.size() != r.rows) fail("rows do not add up", text);
  std::set<std::string> seen;
  for (const Outcome& o : r.outcomes) {
    if (o.visitor.empty() || !seen.insert(o.visitor).second) fail("an empty or repeated visitor", text);
  }
  for (const OutcomeRefusal& x : r.refused) {
    const std::string& id = x.error.id;
    if (x.error.message.empty() ||
        (id != "leadscore.csv.syntax" && id != "leadscore.outcomes.fields" && id != "leadscore.outcomes.required" &&
         id != "leadscore.outcomes.value" && id != "leadscore.outcomes.duplicate")) {
      fail("unknown refusal", text);
    }
  }
}

bool unit(const std::optional<double>& v) { return !v || (*v >= 0 && *v <= 1); }

void check_metrics(const std::uint8_t* data, std::size_t size, std::string_view text) {
  // Byte pairs: a score in [-8, 8) in quarters (many ties) and an outcome.
  std::vector<Scored> items;
  for (std::size_t i = 0; i + 1 < size && items.size() < 200; i += 2) {
    items.push_back({(static_cast<int>(data[i] % 64) - 32) / 4.0, (data[i + 1] & 1) != 0});
  }
  double wins = 0, pairs = 0;
  std::set<double> scores;
  for (const Scored& a : items) {
    scores.insert(a.score);
    if (!a.converted) continue;
    for (const Scored& b : items) {
      if (b.converted) continue;
      pairs += 1;
      wins += a.score > b.score ? 1 : a.score == b.score ? 0.5 : 0;
    }
  }
  const std::optional<double> auc = roc_auc(items);
  if (pairs == 0 ? auc.has_value() : !auc || std::fabs(*auc - wins / pairs) > 1e-12) fail("AUC differs from pair count", text);
  for (double t : {-8.0, -1.0, 0.0, 0.25, 7.75}) {
    const Confusion c = confusion_at(items, t);
    if (c.total() != items.size()) fail("confusion does not add up", text);
    if (!unit(precision(c)) || !unit(recall(c)) || !unit(f_beta(c, 1)) || !unit(f_beta(c, 0.5))) fail("a ratio outside [0, 1]", text);
  }
  for (const ThresholdSuggestion& s : {suggest_max_f_beta(items, 1), suggest_max_f_beta(items, 0.5), suggest_min_precision(items, 0.5)}) {
    if (s.threshold && !scores.count(*s.threshold)) fail("a suggested threshold is not a score", text);
    if (!s.threshold && s.undefined.empty()) fail("no threshold and no reason", text);
  }
  const std::vector<LiftRow> rows = lift_by_decile(items);
  if (rows.size() != 10 || rows.back().cumulative_visitors != items.size()) fail("lift rows do not add up", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_csv(text);
  check_outcomes(text);
  check_metrics(data, size, text);
  return 0;
}
