// Backtest metrics: AUC with ties (against a brute-force pair count), the
// "undefined" cases (no converter, nobody flagged) as nullopt and JSON null
// with a reason, precision/recall/F-beta edge cases, threshold suggestions,
// the lift table with ties, reading outcome CSVs, and the report end to end
// over visitors scored by the real VisitorTable.

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "leadscore/backtest.hpp"
#include "leadscore/visitor_table.hpp"
#include "support.hpp"

using namespace leadscore;

namespace {

std::vector<Scored> items(std::initializer_list<std::pair<double, int>> list) {
  std::vector<Scored> out;
  for (const auto& [score, converted] : list) out.push_back({score, converted != 0});
  return out;
}

// Pairs (converted, not converted) where the converted scores higher, ties 1/2.
std::optional<double> brute_auc(const std::vector<Scored>& v) {
  double wins = 0, pairs = 0;
  for (const Scored& a : v) {
    if (!a.converted) continue;
    for (const Scored& b : v) {
      if (b.converted) continue;
      pairs += 1;
      wins += a.score > b.score ? 1 : a.score == b.score ? 0.5 : 0;
    }
  }
  if (pairs == 0) return std::nullopt;
  return wins / pairs;
}

std::string show(const std::optional<double>& v) { return v ? std::to_string(*v) : "undefined"; }

bool near(const std::optional<double>& got, const std::optional<double>& want) {
  if (!got || !want) return !got && !want;
  return std::fabs(*got - *want) < 1e-12;
}

struct Refusal {
  std::size_t line;
  std::string id, path;
};

std::vector<Refusal> refusals(const OutcomesResult& r) {
  std::vector<Refusal> out;
  for (const OutcomeRefusal& x : r.refused) out.push_back({x.line, x.error.id, x.error.path});
  return out;
}

class NoErrors : public ErrorSink {
 public:
  void refused(std::size_t line, const Error& e) override { BOOST_ERROR("line " << line << ": " << e.to_string()); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(backtest_test)

BOOST_AUTO_TEST_CASE(auc_table) {
  const std::optional<double> undefined;
  struct Case {
    const char* name;
    std::vector<Scored> items;
    std::optional<double> auc;
  };
  const Case cases[] = {
      {"perfect", items({{4, 1}, {3, 1}, {2, 0}, {1, 0}}), 1.0},
      {"reversed", items({{4, 0}, {3, 0}, {2, 1}, {1, 1}}), 0.0},
      {"all tied: one half", items({{7, 1}, {7, 0}, {7, 1}, {7, 0}}), 0.5},
      {"one pair tied", items({{1, 1}, {1, 0}}), 0.5},
      // pairs: 1v2 0, 1v0 1, 2v2 .5, 2v0 1, 2v2 .5, 2v0 1 -> 4/6
      {"ties across classes", items({{1, 1}, {2, 1}, {2, 1}, {2, 0}, {0, 0}}), 4.0 / 6},
      {"negative scores", items({{-5, 0}, {-1, 1}, {0, 0}, {3, 1}}), 0.75},
      {"all converted: undefined", items({{1, 1}, {2, 1}}), undefined},
      {"none converted: undefined", items({{1, 0}, {2, 0}}), undefined},
      {"empty: undefined", {}, undefined},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::optional<double> got = roc_auc(c.items);
      BOOST_TEST(near(got, c.auc), show(got) << " != " << show(c.auc));
      BOOST_TEST(near(got, brute_auc(c.items)));
    }
  }
}

BOOST_AUTO_TEST_CASE(auc_matches_pair_count_with_many_ties) {
  // Deterministic pseudo-random data with few distinct scores (many ties).
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  for (int round = 0; round < 20; ++round) {
    std::vector<Scored> v;
    const int n = 1 + static_cast<int>(next() % 300);
    for (int i = 0; i < n; ++i) {
      const double score = static_cast<double>(next() % 7) * 2.5 - 5;
      v.push_back({score, next() % 3 == 0});
    }
    BOOST_TEST_CONTEXT("round " << round << ", n " << n) { BOOST_TEST(near(roc_auc(v), brute_auc(v))); }
  }
}

BOOST_AUTO_TEST_CASE(precision_recall_f_table) {
  const std::optional<double> undefined;
  struct Case {
    const char* name;
    Confusion c;  // tp, fp, fn, tn
    std::optional<double> precision, recall, f1, f05;
  };
  const Case cases[] = {
      {"nothing at all", {0, 0, 0, 0}, undefined, undefined, undefined, undefined},
      {"only negatives, none flagged", {0, 0, 0, 5}, undefined, undefined, undefined, undefined},
      {"nobody flagged", {0, 0, 3, 5}, undefined, 0.0, undefined, undefined},
      {"no positives, some flagged", {0, 4, 0, 1}, 0.0, undefined, undefined, undefined},
      {"flagged the wrong ones", {0, 2, 3, 1}, 0.0, 0.0, 0.0, 0.0},
      {"balanced", {3, 1, 1, 5}, 0.75, 0.75, 0.75, 0.75},
      {"precise, half found", {2, 0, 2, 0}, 1.0, 0.5, 2.0 / 3, 2.5 / 3},
      {"everyone flagged, all positive", {4, 0, 0, 0}, 1.0, 1.0, 1.0, 1.0},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(near(precision(c.c), c.precision), show(precision(c.c)));
      BOOST_TEST(near(recall(c.c), c.recall), show(recall(c.c)));
      BOOST_TEST(near(f_beta(c.c, 1), c.f1), show(f_beta(c.c, 1)));
      BOOST_TEST(near(f_beta(c.c, 0.5), c.f05), show(f_beta(c.c, 0.5)));
    }
  }
}

BOOST_AUTO_TEST_CASE(confusion_at_counts_score_at_or_above) {
  const Confusion c = confusion_at(items({{10, 1}, {8, 1}, {8, 0}, {5, 0}, {3, 1}, {1, 0}}), 8);
  BOOST_TEST(c.true_positives == 2u);
  BOOST_TEST(c.false_positives == 1u);
  BOOST_TEST(c.false_negatives == 1u);
  BOOST_TEST(c.true_negatives == 2u);
}

BOOST_AUTO_TEST_CASE(threshold_suggestions_table) {
  // F1 by threshold: 10: .5, 8: .667, 5: .571, 3: .75, 1: .667
  // F0.5:           10: .714, 8: .667, 5: .526, 3: .652, 1: .556
  // precision:      10: 1, 8: .667, 5: .5, 3: .6, 1: .5
  const std::vector<Scored> six = items({{10, 1}, {8, 1}, {8, 0}, {5, 0}, {3, 1}, {1, 0}});
  // F1 2/3 at 5 and at 1: the higher threshold wins.
  const std::vector<Scored> tie = items({{5, 1}, {3, 0}, {2, 0}, {1, 1}});
  enum Kind { f1, f05, min_precision };
  struct Case {
    const char* name;
    std::vector<Scored> items;
    Kind kind;
    double target;
    std::optional<double> threshold;
    std::size_t tp, fp;
    std::string undefined;  // a part of the reason
  };
  const Case cases[] = {
      {"max F1", six, f1, 0, 3.0, 3, 2, ""},
      {"max F0.5 prefers precision", six, f05, 0, 10.0, 1, 0, ""},
      {"equal F1: the higher threshold", tie, f1, 0, 5.0, 1, 0, ""},
      {"lowest with precision >= 0.6 (exactly 0.6 counts)", six, min_precision, 0.6, 3.0, 3, 2, ""},
      {"lowest with precision >= 0.66", six, min_precision, 0.66, 8.0, 2, 1, ""},
      {"precision 1", six, min_precision, 1, 10.0, 1, 0, ""},
      {"precision out of reach", six, min_precision, 1.01, std::nullopt, 0, 0,
       "no score threshold reaches precision 1.01 (the best is 1, at score >= 10)"},
      {"nobody converted", items({{1, 0}, {2, 0}}), f1, 0, std::nullopt, 0, 0, "no visitor converted"},
      {"everybody converted", items({{1, 1}, {2, 1}}), f05, 0, std::nullopt, 0, 0, "every visitor converted"},
      {"nobody converted (precision)", items({{1, 0}}), min_precision, 0.5, std::nullopt, 0, 0,
       "no visitor converted"},
      {"no visitors", {}, f1, 0, std::nullopt, 0, 0, "no visitor with an outcome"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const ThresholdSuggestion t = c.kind == f1   ? suggest_max_f_beta(c.items, 1)
                                    : c.kind == f05 ? suggest_max_f_beta(c.items, 0.5)
                                                    : suggest_min_precision(c.items, c.target);
      BOOST_TEST(near(t.threshold, c.threshold), show(t.threshold));
      if (c.threshold) {
        BOOST_TEST(t.confusion.true_positives == c.tp);
        BOOST_TEST(t.confusion.false_positives == c.fp);
        BOOST_TEST(t.confusion.total() == c.items.size());
        BOOST_TEST(t.undefined.empty());
      } else {
        BOOST_TEST(t.undefined.find(c.undefined) != std::string::npos, t.undefined);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(lift_table_keeps_ties_together) {
  struct Case {
    const char* name;
    std::vector<Scored> items;
    std::vector<std::size_t> visitors, converted;  // per decile 1..10
  };
  std::vector<Scored> twenty;
  for (int i = 1; i <= 20; ++i) twenty.push_back({static_cast<double>(i), i > 16});
  const Case cases[] = {
      {"twenty distinct scores: two per decile", twenty,
       {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, {2, 2, 0, 0, 0, 0, 0, 0, 0, 0}},
      {"all tied: one decile", items({{0, 1}, {0, 0}, {0, 0}, {0, 0}}),
       {4, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
      {"three visitors: deciles 1, 4, 7", items({{3, 1}, {2, 0}, {1, 0}}),
       {1, 0, 0, 1, 0, 0, 1, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
      // ranks 0 | 1 2 3 | 4: the tie group starts at rank 1 -> decile 3
      {"a tie group goes where its first member falls", items({{5, 0}, {4, 1}, {4, 0}, {4, 1}, {1, 0}}),
       {1, 0, 3, 0, 0, 0, 0, 0, 1, 0}, {0, 0, 2, 0, 0, 0, 0, 0, 0, 0}},
      {"no visitors: ten empty rows", {}, std::vector<std::size_t>(10, 0), std::vector<std::size_t>(10, 0)},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const std::vector<LiftRow> rows = lift_by_decile(c.items);
      BOOST_REQUIRE_EQUAL(rows.size(), 10u);
      std::vector<std::size_t> visitors, converted;
      std::size_t cumulative = 0;
      for (const LiftRow& r : rows) {
        visitors.push_back(r.visitors);
        converted.push_back(r.converted);
        cumulative += r.visitors;
        BOOST_TEST(r.cumulative_visitors == cumulative);
        if (r.visitors) BOOST_TEST(r.min_score <= r.max_score);
      }
      BOOST_TEST(visitors == c.visitors, boost::test_tools::per_element());
      BOOST_TEST(converted == c.converted, boost::test_tools::per_element());
      BOOST_TEST(rows.back().cumulative_visitors == c.items.size());
    }
  }
  const std::vector<LiftRow> rows = lift_by_decile(items({{5, 0}, {4, 1}, {4, 0}, {4, 1}, {1, 0}}));
  BOOST_TEST(rows[2].max_score == 4);
  BOOST_TEST(rows[2].min_score == 4);
  BOOST_TEST(rows[0].max_score == 5);
}

BOOST_AUTO_TEST_CASE(outcome_values) {
  struct Case {
    const char* text;
    std::optional<bool> value;
  };
  const Case cases[] = {
      {"1", true}, {"0", false}, {"true", true}, {"FALSE", false}, {"Yes", true}, {"nO", false},
      {" 1 ", true}, {"\ttrue", true}, {"", std::nullopt}, {"2", std::nullopt}, {"y", std::nullopt},
      {"1.0", std::nullopt}, {"truee", std::nullopt}, {"ja", std::nullopt},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT('"' << c.text << '"') { BOOST_TEST((parse_outcome_value(c.text) == c.value)); }
  }
}

BOOST_AUTO_TEST_CASE(outcomes_csv_rows) {
  const std::string text =
      "\xEF\xBB\xBF" "Visitor , Source,CONVERTED\r\n"  // 1: BOM, any case, spaces, an extra column
      "v1,ads,1\r\n"                                   // 2
      "\"v,2\",\"says \"\"hi\"\"\",yes\r\n"            // 3: quoted, with a comma
      "\r\n"                                           // 4: blank
      "v3,email,FALSE\r\n"                             // 5
      "v4,email\r\n"                                   // 6: a field short
      " ,email,1\r\n"                                  // 7: no visitor
      "v5,email,maybe\r\n"                             // 8: not an outcome
      "v1,ads,0\r\n"                                   // 9: v1 again
      "\"v7\",\"multi\r\nline\",no\r\n"                // 10-11
      " v8 ,x, true \r\n"                             // 12: trimmed
      "v6,\"unclosed,1\r\n"                            // 13: a quote never closed
      "v9,x,0";                                        // 14: no final line break
  const OutcomesResult r = read_outcomes_csv(text);
  BOOST_TEST(!r.fatal);
  BOOST_TEST(r.rows == 11u);
  BOOST_TEST(r.visitor_column == "Visitor");  // the header's names, for messages
  BOOST_TEST(r.outcome_column == "CONVERTED");
  std::vector<std::string> got;
  for (const Outcome& o : r.outcomes) got.push_back(std::to_string(o.line) + " " + o.visitor + " " + (o.converted ? "1" : "0"));
  const std::vector<std::string> want = {"2 v1 1", "3 v,2 1", "5 v3 0", "10 v7 0", "12 v8 1", "14 v9 0"};
  BOOST_TEST(got == want, boost::test_tools::per_element());

  const std::vector<Refusal> bad = refusals(r);
  BOOST_REQUIRE_EQUAL(bad.size(), 5u);
  BOOST_TEST(bad[0].line == 6u);
  BOOST_TEST(bad[0].id == "leadscore.outcomes.fields");
  BOOST_TEST(bad[1].line == 7u);
  BOOST_TEST(bad[1].id == "leadscore.outcomes.required");
  BOOST_TEST(bad[1].path == "/Visitor");
  BOOST_TEST(bad[2].line == 8u);
  BOOST_TEST(bad[2].id == "leadscore.outcomes.value");
  BOOST_TEST(bad[2].path == "/CONVERTED");
  BOOST_TEST(r.refused[2].error.message == "\"maybe\" is not an outcome: use 1/0, true/false or yes/no");
  BOOST_TEST(r.refused[2].value == "maybe");  // for a summary of the refusals
  BOOST_TEST(r.refused[0].value.empty());
  BOOST_TEST(bad[3].line == 9u);
  BOOST_TEST(bad[3].id == "leadscore.outcomes.duplicate");
  BOOST_TEST(r.refused[3].error.message == "visitor \"v1\" already has an outcome (line 2)");
  BOOST_TEST(r.refused[3].value == "v1");
  BOOST_TEST(bad[4].line == 13u);
  BOOST_TEST(bad[4].id == "leadscore.csv.syntax");
  BOOST_TEST(r.refused[4].error.message == "the quote opened on line 13 is never closed");
}

BOOST_AUTO_TEST_CASE(outcomes_csv_header_table) {
  struct Case {
    const char* name;
    std::string text;
    OutcomeColumns columns;
    std::string fatal;  // part of the message; "" when the header is fine
    std::size_t outcomes;
  };
  const Case cases[] = {
      {"visitor,converted", "visitor,converted\nv,1\n", {}, "", 1},
      {"visitor_id,outcome", "visitor_id,outcome\nv,0\n", {}, "", 1},
      {"first alias wins", "visitor_id,visitor,converted\nx,v,1\n", {}, "", 1},
      {"chosen columns", "Prospect ID,Converted,Lead Number\nabc,1,7\n", {"prospect id", "converted"}, "", 1},
      {"header only", "visitor,converted\n", {}, "", 0},
      {"empty file", "", {}, "no header: the file is empty", 0},
      {"blank lines only", "\n\r\n", {}, "no header", 0},
      {"no visitor column", "Prospect ID,Converted\nabc,1\n", {},
       "the header has no visitor column (\"visitor\" or \"visitor_id\"); its columns: \"Prospect ID\", \"Converted\"", 0},
      {"no outcome column", "visitor,won\nv,1\n", {}, "the header has no outcome column (\"converted\" or \"outcome\")", 0},
      {"chosen column missing", "visitor,converted\n", {"", "won"}, "the header has no outcome column (\"won\")", 0},
      {"column named twice", "visitor,converted,Converted\n", {}, "names column \"converted\" more than once", 0},
      {"same column for both", "visitor,converted\n", {"visitor", "visitor"}, "the same column", 0},
      {"header not CSV", "vis\"itor,converted\n", {}, "the header is not valid CSV", 0},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const OutcomesResult r = read_outcomes_csv(c.text, c.columns);
      if (c.fatal.empty()) {
        BOOST_TEST(!r.fatal, (r.fatal ? r.fatal->message : ""));
      } else {
        BOOST_REQUIRE(r.fatal);
        BOOST_TEST(r.fatal->message.find(c.fatal) != std::string::npos, r.fatal->message);
        BOOST_TEST(r.fatal->id.rfind("leadscore.", 0) == 0u);
      }
      BOOST_TEST(r.outcomes.size() == c.outcomes);
    }
  }
}

BOOST_AUTO_TEST_CASE(report_end_to_end) {
  // Points per page view; MQL at 20 and SQL at 40, both needing contact data.
  const auto config = test::compile_config(R"({"version": 1,
    "rules": [{"id": "pv", "event": "page_view", "points": 10},
              {"id": "fitrule", "event": "download", "points": 5, "dimension": "fit"}],
    "lifecycle": [{"stage": "lead", "when": [{"known": true}]},
                  {"stage": "mql", "when": [{"known": true, "min_total": 20}, {"known": true, "min_total": 15, "min_fit": 5}]},
                  {"stage": "sql", "when": [{"known": true, "min_total": 40}]}]})");
  std::string events;
  auto add = [&](const std::string& v, const std::string& type, int n, bool known) {
    for (int i = 0; i < n; ++i) events += R"({"visitor":")" + v + R"(","type":")" + type + R"(","ts":1000})" "\n";
    if (known) events += R"({"visitor":")" + v + R"(","type":"identify","ts":1000,"props":{"email":")" + v + R"(@x.com"}})" "\n";
  };
  add("a", "page_view", 5, true);   // 50: sql
  add("b", "page_view", 3, true);   // 30: mql
  add("c", "page_view", 3, false);  // 30 but anonymous: visitor
  add("d", "page_view", 1, true);   // 10: lead
  add("e", "page_view", 1, false);  // 10, no outcome
  add("f", "download", 1, false);   // fit 5
  VisitorTable table(config);
  EventParser parser;
  NoErrors sink;
  score_ndjson(table, events, parser, sink);
  std::vector<const Profile*> visitors;
  for (std::size_t i = 0; i < table.size(); ++i) visitors.push_back(&table.at(i));

  const OutcomesResult outcomes = read_outcomes_csv("visitor,converted\na,1\nb,0\nc,1\nd,0\nf,0\nghost,1\n");
  const Joined joined = join_outcomes(*config, visitors, outcomes.outcomes, 2000);
  BOOST_TEST(joined.visitors_scored == 6u);
  BOOST_TEST(joined.samples.size() == 5u);
  BOOST_TEST(joined.visitors_without_outcome == 1u);  // e
  BOOST_TEST(joined.outcomes_without_events == 1u);   // ghost

  BacktestInputCounts counts;
  counts.event_lines = 20;
  counts.outcome_rows = outcomes.rows;
  const std::string text = backtest_report_json(*config, joined, counts, BacktestOptions{}, 2000);
  BOOST_TEST(text.find("nan") == std::string::npos);
  Error e;
  const auto doc = parse_json_text(text, "test", e);
  BOOST_REQUIRE_MESSAGE(doc, e.to_string() << " in " << text);
  json r = *doc;
  BOOST_TEST(r["schema"] == "leadscore.backtest/v1");
  BOOST_TEST(r["now"] == 2000);
  BOOST_TEST(r["counts"]["with_outcome"] == 5);
  BOOST_TEST(r["counts"]["converted"] == 2);
  BOOST_TEST(r["counts"]["base_rate"] == 0.4);
  BOOST_TEST(r["counts"]["outcome_rows"] == 6);
  BOOST_TEST(r["counts"]["outcome_rows_without_events"] == 1);
  // scores: a 50 (1), b 30 (0), c 30 (1), d 10 (0), f 5 (0): pairs a>all 3, c: >b tie .5, >d, >f -> 5.5/6
  BOOST_TEST(std::fabs(r["auc"]["score"].get<double>() - 0.9167) < 1e-9);
  // fit: only f has fit 5 (not converted), all others 0: converted 0 vs {0,0,5}: 2 ties of .5 each... 
  // a,c (0) vs b (0) .5, d (0) .5, f (5) 0 -> (1 + 1) / 6
  BOOST_TEST(std::fabs(r["auc"]["fit"].get<double>() - 0.3333) < 1e-9);
  json mql = r["stages"]["mql"];
  BOOST_TEST(mql["stage"] == "mql");
  BOOST_TEST(mql["min_total"] == 15);  // the lowest of its ways in
  BOOST_TEST(mql["reached"] == 2);     // a, b (c is anonymous)
  BOOST_TEST(mql["true_positives"] == 1);
  BOOST_TEST(mql["false_negatives"] == 1);
  BOOST_TEST(mql["precision"] == 0.5);
  BOOST_TEST(mql["recall"] == 0.5);
  json sql = r["stages"]["sql"];
  BOOST_TEST(sql["reached"] == 1);
  BOOST_TEST(sql["precision"] == 1);
  BOOST_TEST(sql["recall"] == 0.5);
  BOOST_TEST(std::fabs(sql["f1"].get<double>() - 0.6667) < 1e-9);
  BOOST_REQUIRE(r["lift"].size() == 10u);
  BOOST_TEST(r["lift"][0]["visitors"] == 1);  // a (rank 0)
  BOOST_TEST(r["lift"][0]["lift"] == 2.5);    // rate 1 / base .4
  BOOST_TEST(r["lift"][2]["visitors"] == 2);  // b, c tied at rank 1 -> decile 3
  BOOST_TEST(r["lift"][9]["cumulative_recall"] == 1);
  BOOST_TEST(r["lift"][1]["rate"].is_null());
  BOOST_TEST(r["undefined"]["/lift/1"].get<std::string>().find("equal scores stay in one decile") != std::string::npos);
  // max F1: t=50 (1/2 -> .667), t=30 (tp2 fp1 -> .8), t=10 (tp2 fp2 -> .667)...
  json s_mql = r["suggested_thresholds"]["mql"];
  BOOST_TEST(s_mql["criterion"] == "max_f1");
  BOOST_TEST(s_mql["threshold"] == 30);
  BOOST_TEST(s_mql["visitors"] == 3);
  BOOST_TEST(s_mql["recall"] == 1);
  BOOST_TEST(std::fabs(s_mql["precision"].get<double>() - 0.6667) < 1e-9);
  // max F0.5: t=50: 1.25/(1.25+.25) = .8333; t=30: 2.5/(2.5+1) = .714
  json s_sql = r["suggested_thresholds"]["sql"];
  BOOST_TEST(s_sql["criterion"] == "max_f0.5");
  BOOST_TEST(s_sql["threshold"] == 50);
  BOOST_TEST(s_sql["precision"] == 1);

  BOOST_TEST(r["at_thresholds"].empty());
  BacktestOptions at;
  at.at_thresholds = {30, 100};
  auto with_at = parse_json_text(backtest_report_json(*config, joined, counts, at, 2000), "t", e);
  BOOST_REQUIRE(with_at);
  json at30 = (*with_at)["at_thresholds"][0], at100 = (*with_at)["at_thresholds"][1];
  BOOST_TEST(at30["threshold"] == 30);
  BOOST_TEST(at30["visitors"] == 3);  // a, b, c
  BOOST_TEST(at30["recall"] == 1);
  BOOST_TEST(at100["visitors"] == 0);
  BOOST_TEST(at100["precision"].is_null());
  BOOST_TEST((*with_at)["undefined"]["/at_thresholds/1/precision"] == "no visitor scored 100 or more");

  BacktestOptions target;
  target.sql_min_precision = 0.6;
  auto with_target = parse_json_text(backtest_report_json(*config, joined, counts, target, 2000), "t", e);
  BOOST_REQUIRE(with_target);
  BOOST_TEST((*with_target)["suggested_thresholds"]["sql"]["criterion"] == "min_precision");
  BOOST_TEST((*with_target)["suggested_thresholds"]["sql"]["target_precision"] == 0.6);
  BOOST_TEST((*with_target)["suggested_thresholds"]["sql"]["threshold"] == 30);

  BacktestOptions renamed;
  renamed.sql_stage = "hot_lead";
  auto missing = parse_json_text(backtest_report_json(*config, joined, counts, renamed, 2000), "t", e);
  BOOST_REQUIRE(missing);
  BOOST_TEST((*missing)["stages"]["sql"]["precision"].is_null());
  BOOST_TEST((*missing)["undefined"]["/stages/sql/precision"] == "the config has no lifecycle stage \"hot_lead\"");
}

BOOST_AUTO_TEST_CASE(report_without_converters_says_why_not_nan) {
  const auto config = test::compile_config(R"({"version": 1, "rules": [{"id": "pv", "event": "page_view", "points": 10}]})");
  VisitorTable table(config);
  EventParser parser;
  NoErrors sink;
  score_ndjson(table, "{\"visitor\":\"a\",\"type\":\"page_view\",\"ts\":1}\n{\"visitor\":\"b\",\"type\":\"page_view\",\"ts\":1}\n",
               parser, sink);
  std::vector<const Profile*> visitors = {&table.at(0), &table.at(1)};
  Error e;
  for (const char* csv : {"visitor,converted\na,0\nb,0\n", "visitor,converted\na,1\nb,1\n", "visitor,converted\n"}) {
    BOOST_TEST_CONTEXT(csv) {
      const Joined joined = join_outcomes(*config, visitors, read_outcomes_csv(csv).outcomes, 10);
      const std::string text = backtest_report_json(*config, joined, {}, {}, 10);
      BOOST_TEST(text.find("nan") == std::string::npos);
      BOOST_TEST(text.find("inf") == std::string::npos);
      const auto doc = parse_json_text(text, "t", e);
      BOOST_REQUIRE(doc);
      json r = *doc;
      BOOST_TEST(r["auc"]["score"].is_null());
      BOOST_TEST(r["auc"]["fit"].is_null());
      BOOST_TEST(r["suggested_thresholds"]["mql"]["threshold"].is_null());
      BOOST_TEST(r["undefined"].contains("/auc/score"));
      BOOST_TEST(r["undefined"].contains("/suggested_thresholds/mql/threshold"));
      // Nobody reached mql: its precision is undefined, with the reason.
      BOOST_TEST(r["stages"]["mql"]["reached"] == 0);
      BOOST_TEST(r["stages"]["mql"]["precision"].is_null());
      BOOST_TEST(r["undefined"].contains("/stages/mql/precision"));
      // Every null in the document has its reason.
      std::size_t nulls = 0;
      const auto count = [&](const json& v, const auto& self) -> void {
        if (v.is_null()) ++nulls;
        if (v.is_structured()) {
          for (const json& x : v) self(x, self);
        }
      };
      for (const char* k : {"counts", "auc", "stages"}) count(r[k], count);
      std::size_t reasons = 0;
      for (const auto& item : r["undefined"].items()) {
        const std::string& ptr = item.key();
        if (ptr.rfind("/counts", 0) == 0 || ptr.rfind("/auc", 0) == 0 || ptr.rfind("/stages", 0) == 0) ++reasons;
      }
      BOOST_TEST(nulls == reasons);
    }
  }
  const Joined all_no = join_outcomes(*config, visitors, read_outcomes_csv("visitor,converted\na,0\nb,0\n").outcomes, 10);
  auto doc = parse_json_text(backtest_report_json(*config, all_no, {}, {}, 10), "t", e);
  BOOST_TEST((*doc)["undefined"]["/auc/score"] == "no visitor converted: AUC needs converted and unconverted visitors");
  BOOST_TEST((*doc)["counts"]["base_rate"] == 0);
}

BOOST_AUTO_TEST_SUITE_END()
