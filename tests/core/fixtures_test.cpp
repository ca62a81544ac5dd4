// Runs the shared scoring fixtures (tests/fixtures/scoring/*.json): the same
// files the node tests feed through the WebAssembly build, so both builds are
// held to the same expectations. Each case applies its events, in order, to a
// fresh visitor and compares the state at "now" with "expect".

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "support.hpp"
#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
#include "leadscore/forms.hpp"
#include "leadscore/gates.hpp"
#include "leadscore/leads.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/offers.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/text.hpp"

using namespace leadscore;

namespace {

void run_fixture_file(const std::string& file) {
  const json doc = test::load_fixture("scoring/" + file);
  std::map<std::string, std::shared_ptr<const Config>> configs;
  auto compile = [&](const std::string& name, const json& c) {
    ConfigResult r = load_config(c);
    BOOST_REQUIRE_MESSAGE(r.config, file << ": config " << name << " is invalid: "
                                          << (r.errors.empty() ? "" : r.errors[0].to_string()));
    configs[name] = r.config;
  };
  if (doc.contains("config")) compile("", doc["config"]);
  if (doc.contains("configs")) {
    for (auto it = doc["configs"].begin(); it != doc["configs"].end(); ++it) compile(it.key(), *it);
  }
  BOOST_REQUIRE(!doc["cases"].empty());

  for (const json& c : doc["cases"]) {
    const std::string name = c["name"].get<std::string>();
    BOOST_TEST_CONTEXT(file << ": " << name) {
      const Config& config = *configs.at(c.value("config", std::string()));
      Profile profile = new_profile(config, "v1");
      EventParser parser;
      json refused = json::array();
      for (std::size_t i = 0; i < c["events"].size(); ++i) {
        const std::string text = to_json_text(c["events"][i]);
        Error error;
        const Event* event = parser.parse(text, error);
        BOOST_REQUIRE_MESSAGE(event, "event " << i << " does not parse: " << error.to_string());
        if (!apply_event(config, profile, *event, error).accepted) {
          refused.push_back({{"index", i}, {"id", error.id}});
        }
      }
      std::string why;
      BOOST_TEST(test::subset_match(c.value("refused", json::array()), refused, why), why);

      const auto now = c["now"].get<std::int64_t>();
      const json state = json::parse(state_to_json(config, profile, standing_at(config, profile, now)));
      // Offer decisions, each in a page context (some after more events).
      for (const json& d : c.value("decide", json::array())) {
        for (const json& e : d.value("after", json::array())) {
          Error error;
          const std::string text = to_json_text(e);
          const Event* event = parser.parse(text, error);
          BOOST_REQUIRE(event);
          BOOST_REQUIRE(apply_event(config, profile, *event, error).accepted);
        }
        const json& cx = d["context"];
        OfferContext ctx;
        const std::string trigger = cx.value("trigger", std::string("load"));
        ctx.trigger = trigger == "delay" ? TriggerKind::delay : trigger == "scroll" ? TriggerKind::scroll
                      : trigger == "exit_intent" ? TriggerKind::exit_intent : TriggerKind::load;
        ctx.seconds = cx.value("seconds", 0.0);
        ctx.depth = cx.value("depth", 0.0);
        ctx.url = cx.value("url", std::string());
        for (const json& sl : cx.value("slots", json::array())) ctx.slots.push_back(sl.get<std::string>());
        for (const json& id : cx.value("shown", json::array())) ctx.shown.push_back(id.get<std::string>());
        ctx.now = d.value("now", now);
        JsonWriter w;
        write_offer_decision(w, config, decide_offers(config, profile, ctx));
        const json decision = json::parse(w.text());
        json shown = json::array();
        for (const json& o : decision["show"]) shown.push_back(o["offer"]);
        BOOST_TEST(shown == d["show"], "decide " << cx.dump() << ": showed " << shown.dump());
        if (d.contains("arm")) BOOST_TEST(decision["arm"] == d["arm"], "armed " << decision["arm"].dump());
      }
      for (const json& g : c.value("gate_checks", json::array())) {
        int index = -1;
        for (std::size_t i = 0; i < config.gates.size(); ++i) {
          if (config.gates[i].id == g["gate"].get<std::string>()) index = static_cast<int>(i);
        }
        BOOST_REQUIRE(index >= 0);
        const GateStatus st = gate_status(config, profile, static_cast<std::size_t>(index), g["content"].get<std::string>());
        const std::string got = st == GateStatus::unlocked ? "unlocked" : st == GateStatus::free ? "free" : "locked";
        BOOST_TEST(got == g["status"].get<std::string>(), g.dump());
      }
      BOOST_TEST(test::subset_match(c.value("expect", json::object()), state, why), why);
      if (c.contains("expect_exact")) {
        for (auto it = c["expect_exact"].begin(); it != c["expect_exact"].end(); ++it) {
          BOOST_TEST(*it == state[it.key()], it.key() << ": expected " << it->dump() << ", got "
                                                      << state[it.key()].dump());
        }
      }
    }
  }
}

// Answers as the widget sends them: strings as they are, booleans and numbers
// as text (web/core.js passes the JS values; wasm/bindings.cpp converts them
// the same way).
FormValues answers_of(const json& answers) {
  FormValues out;
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    const json& v = it.value();
    out.values.emplace_back(it.key(), v.is_string()    ? v.get<std::string>()
                                      : v.is_boolean() ? std::string(v.get<bool>() ? "true" : "false")
                                      : v.is_number()  ? format_json_number(v.get<double>())
                                                       : std::string());
  }
  return out;
}

// tests/fixtures/forms/forms.json: plans and submits, step by step.
void run_forms_fixture() {
  const json doc = test::load_fixture("forms/forms.json");
  const ConfigResult compiled = load_config(doc["config"]);
  BOOST_REQUIRE_MESSAGE(compiled.config, "forms.json: config is invalid: " << test::first_error(compiled.errors));
  const Config& config = *compiled.config;
  const json& pg = doc["page"];
  const PageInfo page{pg["url"].get<std::string>(), pg["title"].get<std::string>(), pg["referrer"].get<std::string>(),
                      pg["hubspot_cookie"].get<std::string>()};
  BOOST_REQUIRE(doc["cases"].size() >= 8u);
  for (const json& c : doc["cases"]) {
    BOOST_TEST_CONTEXT("forms.json: " << c["name"].get<std::string>()) {
      Profile profile = new_profile(config, "v1");
      DeliveryQueue queue;
      LeadIds ids(pg["seed"].get<std::string>());
      EventParser parser;
      for (const json& e : c["events"]) {
        Error error;
        const std::string text = to_json_text(e);
        const Event* event = parser.parse(text, error);
        BOOST_REQUIRE_MESSAGE(event, error.to_string());
        BOOST_REQUIRE_MESSAGE(apply_event(config, profile, *event, error).accepted, error.to_string());
      }
      std::size_t step_no = 0;
      for (const json& step : c["steps"]) {
        BOOST_TEST_CONTEXT("step " << step_no++) {
          const int f = config.form_index(step["form"].get<std::string>());
          BOOST_REQUIRE(f >= 0);
          const Form& form = config.forms[static_cast<std::size_t>(f)];
          const std::string language = step["language"].get<std::string>();
          if (step["check"] == "plan") {
            JsonWriter w;
            write_form_plan(w, form, fields_to_ask(form, profile, answers_of(step["answers"])), language);
            const json plan = json::parse(w.text());
            json names = json::array();
            for (const json& field : plan["fields"]) names.push_back(field["name"]);
            BOOST_TEST(names == step["fields"], "asked " << names.dump());
            continue;
          }
          FormSubmit submit{answers_of(step["answers"]), step["consent"].get<bool>(),
                            step["honeypot"].get<std::string>(), step["fill_ms"].get<double>(), language};
          const SubmitResult r = submit_form(config, profile, form, submit, queue, ids, page,
                                             step["now"].get<std::int64_t>());
          JsonWriter w;
          write_form_check(w, r.check);
          const json check = json::parse(w.text());
          BOOST_TEST(check["outcome"] == step["outcome"]);
          BOOST_TEST(check["errors"] == step["errors"], "errors " << check["errors"].dump());
          json leads = json::array(), queued = json::array();
          for (const std::string& id : r.capture.payload_ids) leads.push_back(id);
          for (const QueuedDelivery& q : queue.items()) queued.push_back(q.request.id);
          BOOST_TEST(leads == step["leads"], "leads " << leads.dump());
          BOOST_TEST(queued == step["queued"], "queued " << queued.dump());
          BOOST_TEST(r.capture.errors.empty(), test::first_error(r.capture.errors));
        }
      }
      const auto now = c["now"].get<std::int64_t>();
      const json state = json::parse(state_to_json(config, profile, standing_at(config, profile, now)));
      std::string why;
      BOOST_TEST(test::subset_match(c["expect"], state, why), why);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures_test)

BOOST_AUTO_TEST_CASE(forms) { run_forms_fixture(); }

BOOST_AUTO_TEST_CASE(operators) { run_fixture_file("operators.json"); }
BOOST_AUTO_TEST_CASE(fields) { run_fixture_file("fields.json"); }
BOOST_AUTO_TEST_CASE(caps_and_decay) { run_fixture_file("caps-decay.json"); }
BOOST_AUTO_TEST_CASE(stages) { run_fixture_file("stages.json"); }
BOOST_AUTO_TEST_CASE(sessions_and_attribution) { run_fixture_file("sessions-attribution.json"); }
BOOST_AUTO_TEST_CASE(fit) { run_fixture_file("fit.json"); }
BOOST_AUTO_TEST_CASE(offers) { run_fixture_file("offers.json"); }
BOOST_AUTO_TEST_CASE(gates) { run_fixture_file("gates.json"); }

BOOST_AUTO_TEST_SUITE_END()
