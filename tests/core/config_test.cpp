// Config validation: the malformed configs of tests/fixtures/configs/invalid.json
// (each with the exact errors, by id and JSON path, in document order), the
// valid samples, and what a valid config compiles to.

#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "fixtures.hpp"
#include "leadscore/config.hpp"
#include "leadscore/config_warnings.hpp"
#include "leadscore/json_text.hpp"

using namespace leadscore;

namespace {

Errors validate(const json& c) {
  // Texts as `leadscore validate` reads them (a repeated key is only seen in the text).
  if (c.contains("text")) return load_config_text(test::case_text(c)).errors;
  return load_config(c["config"]).errors;
}

std::shared_ptr<const Config> compile(const char* text) {
  Error e;
  auto doc = parse_json_text(text, "t", e);
  BOOST_REQUIRE(doc);
  auto r = load_config(*doc);
  BOOST_REQUIRE_MESSAGE(r.config, (r.errors.empty() ? "" : r.errors[0].to_string()));
  return r.config;
}

// The warnings of a config the core accepts, as `leadscore validate` prints them.
std::vector<std::string> warnings_of(const char* text) {
  Error e;
  const auto doc = parse_json_value(text, "leadscore.config", e);
  BOOST_REQUIRE(doc);
  BOOST_TEST(load_config(*doc).errors.empty());
  std::vector<std::string> out;
  for (const Error& w : config_warnings(*doc)) out.push_back(w.to_string());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_test)

BOOST_AUTO_TEST_CASE(every_malformed_config_is_refused_with_exact_errors) {
  const json cases = test::load_fixture("configs/invalid.json");
  BOOST_TEST(cases.size() >= 25u);
  for (const json& c : cases) {
    BOOST_TEST_CONTEXT(c["name"].get<std::string>()) {
      const Errors got = validate(c);
      json ids = json::array();
      for (std::size_t i = 0; i < got.size(); ++i) {
        const Error& e = got[i];
        json said = {{"id", e.id}, {"path", e.path}};
        // Where text cannot be read is said in the words the widget uses (tests/node/wasm-core.test.mjs).
        if (i < c["errors"].size() && c["errors"][i].contains("message")) said["message"] = e.message;
        ids.push_back(said);
        BOOST_TEST(!e.message.empty());
        BOOST_TEST(e.to_string().rfind("[" + e.id + "] ", 0) == 0u);
      }
      BOOST_TEST(ids == c["errors"], "expected " << c["errors"].dump() << "\n     got " << ids.dump());
    }
  }
}

BOOST_AUTO_TEST_CASE(sample_configs_are_valid) {
  std::vector<std::string> files = {std::string(LEADSCORE_SOURCE_DIR) + "/bench/peer-rules.leadscore.json"};
  for (const auto& entry : std::filesystem::directory_iterator(test::fixture_path("configs/valid"))) {
    files.push_back(entry.path().string());
  }
  BOOST_TEST(files.size() >= 4u);
  for (const std::string& f : files) {
    BOOST_TEST_CONTEXT(f) {
      Error e;
      auto doc = parse_json_text(test::read_file(f), "leadscore.config", e);
      BOOST_REQUIRE_MESSAGE(doc, e.to_string());
      const ConfigResult r = load_config(*doc);
      BOOST_TEST(r.errors.empty(), (r.errors.empty() ? "" : r.errors[0].to_string()));
      BOOST_TEST(static_cast<bool>(r.config));
    }
  }
}

BOOST_AUTO_TEST_CASE(an_invalid_config_yields_no_config) {
  const ConfigResult r = load_config(json::parse(R"({"version": 1, "rules": [{"id": "a", "points": "5"}]})"));
  BOOST_TEST(!r.config);
  BOOST_REQUIRE_EQUAL(r.errors.size(), 1u);
  BOOST_TEST(r.errors[0].to_string() == "[leadscore.config.type] /rules/0/points: expected a number, got a string");
}

// A hostile or broken file (a runaway generator) may nest arrays far deeper
// than any config: the CLI crashed on it (stack overflow). It is refused as
// the WebAssembly module refuses it, at more than 64 levels.
BOOST_AUTO_TEST_CASE(a_config_nested_deeper_than_64_levels_is_refused_not_a_crash) {
  for (const std::size_t depth : {std::size_t{65}, std::size_t{200000}}) {
    BOOST_TEST_CONTEXT(depth) {
      const std::string text = "{\"version\": 1, \"rules\": " + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
      Error e;
      const auto doc = parse_json_text(text, "leadscore.config", e);
      BOOST_REQUIRE(doc);
      const ConfigResult r = load_config(*doc);
      BOOST_TEST(!r.config);
      BOOST_REQUIRE_EQUAL(r.errors.size(), 1u);
      BOOST_TEST(r.errors[0].to_string() == "[leadscore.config.syntax] /: nested deeper than 64 levels");
    }
  }
  // 64 levels are read (and then refused for what they hold).
  Error e;
  const auto doc = parse_json_text("{\"version\": 1, \"rules\": " + std::string(63, '[') + std::string(63, ']') + "}", "t", e);
  BOOST_REQUIRE(doc);
  const ConfigResult r = load_config(*doc);
  BOOST_REQUIRE(!r.errors.empty());
  BOOST_TEST(r.errors[0].id != "leadscore.config.syntax");
}

// A marketer who pastes a second "points" into a rule (or a second "rules"
// into the file) saw no error while only the last one counted. Every object
// of the sample configs, free-form ones (headers, field maps, texts by
// language) included, is given its first key a second time, with the same
// value: one duplicate_key error, at the key's path, and no config.
BOOST_AUTO_TEST_CASE(a_key_given_twice_in_any_object_of_a_config_is_refused_by_its_path) {
  std::vector<std::string> files = {std::string(LEADSCORE_SOURCE_DIR) + "/demo/leadscore.json"};
  for (const auto& entry : std::filesystem::directory_iterator(test::fixture_path("configs/valid"))) {
    files.push_back(entry.path().string());
  }
  int objects = 0;
  for (const std::string& f : files) {
    const json doc = json::parse(test::read_file(f));
    // Every non-empty object, by JSON pointer (walked without recursion).
    std::vector<std::pair<json::json_pointer, const json*>> todo{{json::json_pointer(), &doc}};
    while (!todo.empty()) {
      const auto [at, value] = todo.back();
      todo.pop_back();
      if (value->is_array()) {
        for (std::size_t i = 0; i < value->size(); ++i) todo.emplace_back(at / i, &(*value)[i]);
        continue;
      }
      if (!value->is_object() || value->empty()) continue;
      for (auto it = value->begin(); it != value->end(); ++it) todo.emplace_back(at / it.key(), &it.value());
      json twice = doc;
      const std::string key = value->begin().key();
      twice[at]["\u0001again"] = value->begin().value();
      std::string text = twice.dump();
      const std::string marker = json("\u0001again").dump();
      text.replace(text.find(marker), marker.size(), json(key).dump());
      BOOST_TEST_CONTEXT(f << " " << (at / key).to_string()) {
        const ConfigResult r = load_config_text(text);
        BOOST_TEST(!r.config);
        std::vector<std::string> repeated;
        for (const Error& e : r.errors) {
          if (e.id == "leadscore.config.duplicate_key") repeated.push_back(e.to_string());
        }
        BOOST_TEST(repeated == std::vector<std::string>{"[leadscore.config.duplicate_key] " + (at / key).to_string() +
                                                        ": given twice"},
                   boost::test_tools::per_element());
      }
      ++objects;
    }
  }
  BOOST_TEST(objects > 100);
}

// What `leadscore validate` prints for config text that cannot be read: one
// line, with the line and column, whatever is wrong with it, as the widget
// says it (the module's reader: tests/fixtures/configs/invalid.json has more).
// Other documents the CLI reads (the inbox's bodies) say it in nlohmann's words.
BOOST_AUTO_TEST_CASE(config_text_that_cannot_be_read_is_one_error_with_line_and_column) {
  struct Case {
    const char* what;
    std::string text;
    std::string error;   // load_config_text
    std::string nlohmann;  // parse_json_text
  };
  const Case cases[] = {
      // A number beyond double was reported without any place.
      {"a number out of range on line 3", "{\n  \"version\": 1,\n  \"rules\": [{\"id\": \"a\", \"points\": 1e400}]\n}",
       "[leadscore.config.syntax] /: not a JSON document: line 3, column 35: number out of range",
       "[leadscore.config.syntax] /: parse error at line 3, column 35: number overflow parsing '1e400'"},
      {"a negative one", "{\"version\": -1e999}",
       "[leadscore.config.syntax] /: not a JSON document: line 1, column 13: number out of range",
       "[leadscore.config.syntax] /: parse error at line 1, column 13: number overflow parsing '-1e999'"},
      {"an integer of 400 digits", "{\"version\": 1" + std::string(400, '0') + "}",
       "[leadscore.config.syntax] /: not a JSON document: line 1, column 13: number out of range",
       "[leadscore.config.syntax] /: parse error at line 1, column 13: number overflow parsing '1" + std::string(400, '0') + "'"},
      // A NUL byte (a file padded by a broken editor or transfer) was placed by byte count alone.
      {"a NUL byte after the document", std::string("{\n  \"version\": 1\n}\n\0\0", 21),
       "[leadscore.config.syntax] /: not a JSON document: line 4, column 1: unexpected text after the document",
       "[leadscore.config.syntax] /: parse error at line 4, column 1: a NUL byte after the document"},
      // nlohmann said where its reading stopped: the line after, "column 0".
      {"a string running into the line end", "{\n  \"version\": 1\"\n  \"name\": \"x\"\n}",
       "[leadscore.config.syntax] /: not a JSON document: line 2, column 15: expected ',' or '}'",
       "[leadscore.config.syntax] /: parse error at line 3, column 0: syntax error while parsing object - invalid string: "
       "control character U+000A (LF) must be escaped to \\u000A or \\n; last read: '\"<U+000A>'; expected '}'"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      const ConfigResult r = load_config_text(c.text);
      BOOST_TEST(!r.config);
      BOOST_REQUIRE_EQUAL(r.errors.size(), 1u);
      BOOST_TEST(r.errors[0].to_string() == c.error);
      Error e;
      BOOST_TEST(!parse_json_text(c.text, "leadscore.config", e));
      BOOST_TEST(e.to_string() == c.nlohmann);
    }
  }
}

// A generated config (a spreadsheet export gone wrong) with 20,000 bad fit
// rules placed before 20,000 bad rules: `leadscore validate` took seconds to
// list the 40,000 errors (each error's place was searched among every value of
// the document, out-of-order errors were insertion-sorted, each rule id was
// compared with every id before it). Every error is still listed, in document
// order (how fast: bench/bench-validate.mjs; no timed assertion here).
BOOST_AUTO_TEST_CASE(a_config_with_40000_errors_lists_them_all_in_document_order) {
  constexpr int n = 20000;
  std::string text = "{\"version\": 1, \"fit\": [";
  for (int i = 0; i < n; ++i) {
    text += (i ? ", " : "") + std::string("{\"id\": \"f") + std::to_string(i) +
            "\", \"field\": \"job_title\", \"eq\": \"cto\", \"points\": \"5\"}";
  }
  text += "], \"rules\": [";
  for (int i = 0; i < n; ++i) {
    text += (i ? ", " : "") + std::string("{\"id\": \"r") + std::to_string(i) +
            "\", \"event\": \"page_view\", \"points\": \"5\"}";
  }
  text += "]}";
  const ConfigResult r = load_config_text(text);
  BOOST_TEST(!r.config);
  BOOST_REQUIRE_EQUAL(r.errors.size(), 2u * n);
  for (int i = 0; i < 2 * n; ++i) {
    const std::string want = (i < n ? "/fit/" + std::to_string(i) : "/rules/" + std::to_string(i - n)) + "/points";
    if (r.errors[static_cast<std::size_t>(i)].path != want || r.errors[static_cast<std::size_t>(i)].id != "leadscore.config.type") {
      BOOST_TEST(r.errors[static_cast<std::size_t>(i)].to_string() == want, "error " << i);
      break;
    }
  }
}

BOOST_AUTO_TEST_CASE(default_lifecycle_when_none_is_given) {
  const auto c = compile(R"({"version": 1})");
  std::vector<std::string> ids;
  for (const auto& s : c->stages) ids.push_back(s.id);
  BOOST_TEST(ids == (std::vector<std::string>{"visitor", "lead", "mql", "sql", "customer"}),
             boost::test_tools::per_element());
  BOOST_TEST(c->stages[3].when.size() == 2u);
  BOOST_TEST(*c->stages[2].when[0].min_total == 50);
  BOOST_TEST(*c->stages[3].when[1].min_fit == 10);
  BOOST_TEST(c->stages[4].when.empty());  // customer: only from outside
  BOOST_TEST(c->type_id("demo_request") >= 0);
  BOOST_TEST(c->type_moves_stage[static_cast<std::size_t>(c->type_id("contact_sales"))]);
}

BOOST_AUTO_TEST_CASE(rules_are_indexed_by_event_type) {
  const auto c = compile(R"({"version": 1, "rules": [
    {"id": "a", "event": "page_view", "points": 1},
    {"id": "b", "event": ["page_view", "video_play"], "points": 1},
    {"id": "c", "points": 1}]})");
  const auto pv = static_cast<std::size_t>(c->type_id("page_view"));
  const auto video = static_cast<std::size_t>(c->type_id("video_play"));
  BOOST_TEST(c->rules_by_type[pv] == (std::vector<int>{0, 1}), boost::test_tools::per_element());
  BOOST_TEST(c->rules_by_type[video] == (std::vector<int>{1}), boost::test_tools::per_element());
  BOOST_TEST(c->rules_any_type == (std::vector<int>{2}), boost::test_tools::per_element());
  BOOST_TEST(c->type_id("never_named") == -1);
}

BOOST_AUTO_TEST_CASE(settings_compile_to_their_units) {
  const auto c = compile(R"({"version": 1, "session_timeout_minutes": 45, "decay": {"half_life_days": 7},
    "temperature": {"warm": 10, "hot": 30, "score": "total"}, "journey": {"min": {"consideration": 3}}})");
  BOOST_TEST(c->session_timeout_ms == 45 * 60 * 1000);
  BOOST_TEST(c->half_life_ms == 7 * 86400000.0);
  BOOST_TEST(c->warm == 10);
  BOOST_TEST(c->hot == 30);
  BOOST_TEST(c->temperature_on_total);
  BOOST_TEST(c->journey_min[1] == 3);
  BOOST_TEST(c->journey_min[2] == 1);
}

BOOST_AUTO_TEST_CASE(the_widget_labels_are_texts_by_language_and_absent_ones_stay_empty) {
  const auto c = compile(R"({"version": 1, "labels": {"close": {"fa": "بستن", "vi": "Đóng", "en": "Dismiss"}}})");
  BOOST_TEST(c->close_label.pick("fa") == "بستن");
  BOOST_TEST(c->close_label.pick("vi-VN") == "Đóng");
  BOOST_TEST(c->close_label.pick("th") == "Dismiss");  // no Thai: English
  BOOST_TEST(c->locked_label.empty());                 // the widget's default
  const auto one = compile(R"({"version": 1, "labels": {"locked": "این بخش قفل است."}})");
  BOOST_TEST(one->locked_label.pick("en") == "این بخش قفل است.");
  BOOST_TEST(one->close_label.empty());
}

// A label the config gives only in other languages is not shown on a page
// in a language it lacks: that page gets the widget's English default (the
// core gives no text); form texts, which have nothing else, keep the first given.
BOOST_AUTO_TEST_CASE(a_label_given_only_in_other_languages_leaves_the_english_default) {
  const auto c = compile(R"({"version": 1, "labels": {"close": {"fa": "بستن"}, "locked": {"vi": "Nội dung này đang bị khóa.", "th": "เนื้อหานี้ถูกล็อก"}},
    "forms": [{"id": "f", "fields": [{"name": "email", "type": "email", "label": {"fa": "ایمیل"}}]}]})");
  BOOST_TEST(c->close_label.find("en") == nullptr);
  BOOST_TEST(c->close_label.find("vi") == nullptr);
  BOOST_TEST(c->close_label.find("") == nullptr);
  BOOST_TEST(c->locked_label.find("en-GB") == nullptr);
  BOOST_TEST(c->locked_label.find("fa") == nullptr);
  BOOST_REQUIRE(c->close_label.find("fa-IR"));
  BOOST_TEST(*c->close_label.find("fa-IR") == "بستن");
  BOOST_REQUIRE(c->locked_label.find("th"));
  BOOST_TEST(*c->locked_label.find("th") == "เนื้อหานี้ถูกล็อก");
  BOOST_TEST(c->forms[0].fields[0].label.pick("en") == "ایمیل");  // a form's text: the only one there is

  const auto english = compile(R"({"version": 1, "labels": {"close": {"fa": "بستن", "en": "Dismiss"}, "locked": "Members only."}})");
  BOOST_REQUIRE(english->close_label.find("vi"));
  BOOST_TEST(*english->close_label.find("vi") == "Dismiss");  // no Vietnamese: the config's English
  BOOST_REQUIRE(english->locked_label.find("vi"));
  BOOST_TEST(*english->locked_label.find("vi") == "Members only.");  // one string: every language
}

BOOST_AUTO_TEST_CASE(ignore_case_values_are_folded_once) {
  const auto c = compile(R"({"version": 1, "rules": [
    {"id": "a", "if": [{"field": "props.t", "in": ["VP", "Giám Đốc"], "ignore_case": true}], "points": 1}]})");
  BOOST_TEST(c->rules[0].conditions[0].strings ==
                 (std::vector<std::string>{"vp", "giám đốc"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_event_name_a_typo_away_from_a_built_in_is_a_warning_not_an_error) {
  // "page_veiw" loads as a custom event that never happens: the rule would
  // never fire and nothing would say why. The config still loads.
  const char* text = R"({"version": 1,
    "rules": [
      {"id": "views", "event": "page_view", "points": 1},
      {"id": "typo", "event": "page_veiw", "points": 5},
      {"id": "custom", "event": "demo_request", "points": 5},
      {"id": "several", "event": ["download", "Clik", "webinar_signup"], "points": 2},
      {"id": "near_but_custom", "event": "signup", "points": 2}
    ],
    "lifecycle": [{"stage": "lead", "when": [{"known": true}]},
                  {"stage": "sql", "when": [{"known": true, "events": ["form_sumbit"]}]}],
    "journey": {"tags": [{"stage": "decision", "event": "scrol", "path": "/pricing"},
                         {"stage": "awareness", "path": "/blog/*"}]}})";
  const std::vector<std::string> got = warnings_of(text);
  const std::vector<std::string> expected{
      R"([leadscore.config.unknown_event] /rules/1/event: "page_veiw" is not a built-in event; did you mean "page_view"?)",
      R"([leadscore.config.unknown_event] /rules/3/event/1: "Clik" is not a built-in event; did you mean "click"?)",
      R"([leadscore.config.unknown_event] /lifecycle/1/when/0/events/0: "form_sumbit" is not a built-in event; did you mean "form_submit"?)",
      R"([leadscore.config.unknown_event] /journey/tags/0/event: "scrol" is not a built-in event; did you mean "scroll"?)",
  };
  BOOST_TEST(got == expected, boost::test_tools::per_element());
  // The demo's config names only built-in events and its own custom ones.
  BOOST_TEST(config_warnings(to_json_value(test::load_fixture("../../demo/leadscore.json"))).empty());
}

BOOST_AUTO_TEST_CASE(a_regular_expression_where_a_glob_belongs_is_a_warning_with_the_glob_it_means) {
  // "^/blog/.*$" loads as a glob that matches only a path spelled with a
  // caret, a dot and a dollar: the rule would never fire and nothing would say
  // why. Ordinary paths with dots, dollars or brackets say nothing.
  const char* text = R"x({"version": 1,
    "rules": [
      {"id": "blog", "event": "page_view", "path": "^/blog/.*$", "points": 1},
      {"id": "pages", "event": "page_view", "path": ["/pricing.html", "/a.b/*", "/files/report.*", "/price$", "/wiki/Foo_(bar)", "/blog/**"], "points": 1},
      {"id": "docs", "event": "page_view", "path": ["/docs/*", "/docs/\\d+/setup"], "points": 1},
      {"id": "prefix", "event": "page_view", "path": "^/pricing", "points": 1},
      {"id": "download", "event": "download", "if": [{"field": "props.file", "matches": ".*\\.pdf$"}], "points": 1},
      {"id": "either", "event": "page_view", "path": "/(pricing|plans)", "points": 1}
    ],
    "fit": [{"id": "acme", "field": "email_domain", "matches": "*.acme.com", "points": 5},
            {"id": "gmail", "field": "email", "matches": "^.+@gmail\\.com$", "points": -5}],
    "journey": {"tags": [{"stage": "decision", "path": "/compare/.+"}]}})x";
  const std::vector<std::string> got = warnings_of(text);
  const std::string globs = R"x(, but this is a glob (* any run of characters but "/", ** any run, ? one character, the rest as written))x";
  const std::vector<std::string> expected{
      R"x([leadscore.config.regex] /rules/0/path: "^/blog/.*$" looks like a regular expression)x" + globs + R"x(; did you mean "/blog/**"?)x",
      R"x([leadscore.config.regex] /rules/2/path/1: "/docs/\\d+/setup" looks like a regular expression)x" + globs + R"x(; did you mean "/docs/*/setup"?)x",
      R"x([leadscore.config.regex] /rules/3/path: "^/pricing" looks like a regular expression)x" + globs + R"x(; did you mean "/pricing**"?)x",
      R"x([leadscore.config.regex] /rules/4/if/0/matches: ".*\\.pdf$" looks like a regular expression)x" + globs + R"x(; did you mean "**.pdf"?)x",
      R"x([leadscore.config.regex] /rules/5/path: "/(pricing|plans)" looks like a regular expression)x" + globs + R"x(; a glob has no "(a|b)": give each path its own glob, in an array)x",
      R"x([leadscore.config.regex] /fit/1/matches: "^.+@gmail\\.com$" looks like a regular expression)x" + globs + R"x(; did you mean "**@gmail.com"?)x",
      R"x([leadscore.config.regex] /journey/tags/0/path: "/compare/.+" looks like a regular expression)x" + globs + R"x(; did you mean "/compare/**"?)x",
  };
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_delivery_url_without_its_scheme_is_a_warning) {
  // "hooks.example.com/leads" loads as a relative URL: the leads would be
  // posted to /page/hooks.example.com/leads on the site itself and get a 404.
  const char* text = R"({"version": 1, "delivery": {"targets": [
    {"id": "hook", "format": "json", "url": "hooks.example.com/leads"},
    {"id": "bare", "format": "json", "url": "crm.example.io"},
    {"id": "site", "format": "json", "url": "example.com/leads?src=lp"},
    {"id": "inbox", "format": "json", "url": "/leads"},
    {"id": "here", "format": "json", "url": "leads.php"},
    {"id": "up", "format": "json", "url": "../api/leads"},
    {"id": "full", "format": "json", "url": "https://hooks.example.com/leads"}]}})";
  const std::vector<std::string> got = warnings_of(text);
  const std::string relative = " is a URL relative to the page, so leads go to a path of the site itself; did you mean ";
  const std::vector<std::string> expected{
      R"([leadscore.config.relative_url] /delivery/targets/0/url: "hooks.example.com/leads")" + relative + R"("https://hooks.example.com/leads"?)",
      R"([leadscore.config.relative_url] /delivery/targets/1/url: "crm.example.io")" + relative + R"("https://crm.example.io"?)",
      R"([leadscore.config.relative_url] /delivery/targets/2/url: "example.com/leads?src=lp")" + relative + R"("https://example.com/leads?src=lp"?)",
  };
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(warnings_are_listed_in_document_order_as_errors_are) {
  // A config written journey first, then lifecycle, then rules: read top to bottom.
  const char* text = R"({"version": 1,
    "journey": {"tags": [{"stage": "decision", "event": "scrol", "path": "/pricing"}]},
    "lifecycle": [{"stage": "lead", "when": [{"known": true}]},
                  {"stage": "sql", "when": [{"known": true, "events": ["form_sumbit"]}]}],
    "rules": [{"id": "typo", "event": "page_veiw", "points": 5}]})";
  Error e;
  const auto doc = parse_json_value(text, "leadscore.config", e);
  BOOST_REQUIRE(doc);
  std::vector<std::string> paths;
  for (const Error& w : config_warnings(*doc)) paths.push_back(w.path);
  const std::vector<std::string> expected{"/journey/tags/0/event", "/lifecycle/1/when/0/events/0", "/rules/0/event"};
  BOOST_TEST(paths == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
