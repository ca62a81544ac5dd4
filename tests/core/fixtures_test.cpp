// Runs the shared scoring fixtures (tests/fixtures/scoring/*.json): the same
// files the node tests feed through the WebAssembly build, so both builds are
// held to the same expectations. Each case applies its events, in order, to a
// fresh visitor and compares the state at "now" with "expect".

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "leadscore/config.hpp"
#include "leadscore/event.hpp"
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
      BOOST_TEST(test::subset_match(c["expect"], state, why), why);
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

BOOST_AUTO_TEST_SUITE_END()
