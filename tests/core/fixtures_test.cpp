// Runs the shared scoring fixtures (tests/fixtures/scoring/*.json): the same
// files the node tests feed through the WebAssembly build, so both builds are
// held to the same expectations. Each case applies its events, in order, to a
// fresh visitor and compares the state at "now" with "expect".

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
#include "leadscore/gates.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/offers.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/scoring.hpp"
#include "leadscore/standing.hpp"

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

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures_test)

BOOST_AUTO_TEST_CASE(operators) { run_fixture_file("operators.json"); }
BOOST_AUTO_TEST_CASE(fields) { run_fixture_file("fields.json"); }
BOOST_AUTO_TEST_CASE(caps_and_decay) { run_fixture_file("caps-decay.json"); }
BOOST_AUTO_TEST_CASE(stages) { run_fixture_file("stages.json"); }
BOOST_AUTO_TEST_CASE(sessions_and_attribution) { run_fixture_file("sessions-attribution.json"); }
BOOST_AUTO_TEST_CASE(fit) { run_fixture_file("fit.json"); }
BOOST_AUTO_TEST_CASE(offers) { run_fixture_file("offers.json"); }
BOOST_AUTO_TEST_CASE(gates) { run_fixture_file("gates.json"); }

BOOST_AUTO_TEST_SUITE_END()
