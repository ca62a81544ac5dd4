// Choosing offers: one pitch of a kind on a page view. Offers of the same
// type (a demo, a sales contact, ...) are not shown in two placements at
// once: the highest priority wins, then the first in the config, and the
// others' placements stay free for offers of other types.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "leadscore/offers.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;

// A decision-stage page with a demo pitched three ways, a sales contact and
// two custom notices.
const char* const config_text = R"({"version": 1,
  "journey": {"min": {"decision": 1}, "tags": [{"stage": "decision", "path": "/pricing"}]},
  "offers": [
    {"id": "demo-modal", "type": "demo", "placement": "modal", "priority": 10, "trigger": {"on": "delay", "seconds": 8},
     "content": {"title": "Book a demo"}},
    {"id": "demo-aside", "type": "demo", "placement": "inline", "slot": "aside", "content": {"title": "Not sure which plan?"}},
    {"id": "demo-banner", "type": "demo", "placement": "banner", "priority": 5, "content": {"title": "See it live"}},
    {"id": "sales-banner", "type": "contact-sales", "placement": "banner", "content": {"title": "Talk to sales"}},
    {"id": "notice-a", "type": "custom", "placement": "inline", "slot": "top", "content": {"title": "Shipping news"}},
    {"id": "notice-b", "type": "custom", "placement": "inline", "slot": "bottom", "content": {"title": "Office hours"}}
  ]})";

// A blog post whose aside pitches the newsletter at load; at half the page a
// guide (an ebook) is pitched in the aside, else in a slide-in; on exit
// intent a template in a modal, else in the banner.
const char* const places_config_text = R"({"version": 1,
  "offers": [
    {"id": "newsletter-aside", "type": "newsletter", "placement": "inline", "slot": "aside", "content": {"title": "Weekly tips"}},
    {"id": "webinar-modal", "type": "webinar", "placement": "modal", "content": {"title": "Join the webinar"}},
    {"id": "guide-aside", "type": "ebook", "placement": "inline", "slot": "aside", "priority": 10,
     "trigger": {"on": "scroll", "depth": 50}, "content": {"title": "The guide"}},
    {"id": "guide-slide", "type": "ebook", "placement": "slide-in", "priority": 1,
     "trigger": {"on": "scroll", "depth": 50}, "content": {"title": "The guide, in a corner"}},
    {"id": "template-modal", "type": "template", "placement": "modal", "priority": 10,
     "trigger": {"on": "exit_intent"}, "content": {"title": "The template"}},
    {"id": "template-banner", "type": "template", "placement": "banner", "priority": 1,
     "trigger": {"on": "exit_intent"}, "content": {"title": "The template, in a banner"}}
  ]})";

/// The ids of the offers decided on a blog post with an aside slot, after
/// the newsletter and the webinar were shown at load, `open` the places
/// still held by an offer.
std::vector<std::string> decide_on_post(TriggerKind trigger, std::vector<std::string> open) {
  const auto config = test::compile_config(places_config_text);
  Profile profile = new_profile(*config, "v1");
  test::Feeder feed;
  feed(*config, profile, event("page_view", T0, "/blog/post"));
  OfferContext ctx;
  ctx.trigger = trigger;
  ctx.depth = trigger == TriggerKind::scroll ? 50 : 0;
  ctx.url = "/blog/post";
  ctx.slots = {"aside"};
  ctx.shown = {"newsletter-aside", "webinar-modal"};
  ctx.open = std::move(open);
  ctx.now = T0 + 1;
  std::vector<std::string> ids;
  for (std::size_t i : decide_offers(*config, profile, ctx).show) ids.push_back(config->offers[i].id);
  return ids;
}

struct Visitor {
  std::shared_ptr<const Config> config = test::compile_config(config_text);
  Profile profile = new_profile(*config, "v1");

  Visitor() {
    test::Feeder feed;
    feed(*config, profile, event("page_view", T0, "/pricing"));
  }

  /// The ids of the offers decided on /pricing with these slots, trigger and offers already shown.
  std::vector<std::string> decide(std::vector<std::string> slots, TriggerKind trigger = TriggerKind::load,
                                  double seconds = 0, std::vector<std::string> shown = {}) const {
    OfferContext ctx;
    ctx.trigger = trigger;
    ctx.seconds = seconds;
    ctx.url = "/pricing";
    ctx.slots = std::move(slots);
    ctx.shown = std::move(shown);
    ctx.now = T0 + 1;
    std::vector<std::string> ids;
    for (std::size_t i : decide_offers(*config, profile, ctx).show) ids.push_back(config->offers[i].id);
    return ids;
  }
};

using ids = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(offers_test)

BOOST_AUTO_TEST_CASE(one_offer_of_a_type_at_once_the_highest_priority_wins) {
  const Visitor v;
  // At load the demo banner (priority 5) wins the demo over the aside's (0).
  BOOST_TEST(v.decide({"aside"}) == ids({"demo-banner"}));
}

BOOST_AUTO_TEST_CASE(a_place_lost_to_a_type_taken_elsewhere_goes_to_another_type) {
  const Visitor v;
  // Eight seconds on: the demo modal (priority 10) wins the demo; the banner
  // goes to the sales contact, and the aside pitches no demo.
  BOOST_TEST(v.decide({"aside"}, TriggerKind::delay, 10) == ids({"sales-banner", "demo-modal"}));
}

BOOST_AUTO_TEST_CASE(offers_already_shown_on_the_page_view_take_their_type) {
  const Visitor v;
  // The demo banner was shown at load: eight seconds later neither the modal
  // nor the aside pitches a demo again on this page view.
  BOOST_TEST(v.decide({"aside"}, TriggerKind::delay, 10, {"demo-banner"}) == ids({"sales-banner"}));
  // On the next page view nothing is shown yet: the modal may pitch it.
  BOOST_TEST(v.decide({"aside"}, TriggerKind::delay, 10, {}) == ids({"sales-banner", "demo-modal"}));
  // An id the config does not have takes nothing.
  BOOST_TEST(v.decide({"aside"}, TriggerKind::delay, 10, {"gone"}) == ids({"sales-banner", "demo-modal"}));
}

BOOST_AUTO_TEST_CASE(custom_offers_are_each_their_own_kind) {
  const Visitor v;
  BOOST_TEST(v.decide({"top", "bottom"}) == ids({"demo-banner", "notice-a", "notice-b"}));
  BOOST_TEST(v.decide({"top", "bottom"}, TriggerKind::load, 0, {"notice-a"}) == ids({"demo-banner", "notice-a", "notice-b"}));
}

BOOST_AUTO_TEST_CASE(an_offer_whose_place_is_held_leaves_its_type_to_another_place) {
  // The aside still holds the newsletter: the guide goes to the slide-in.
  BOOST_TEST(decide_on_post(TriggerKind::scroll, {"slot:aside"}) == ids({"guide-slide"}));
  // The newsletter was closed: the aside is free for the guide.
  BOOST_TEST(decide_on_post(TriggerKind::scroll, {}) == ids({"guide-aside"}));
  // The webinar's modal is still open: the template goes to the banner.
  BOOST_TEST(decide_on_post(TriggerKind::exit_intent, {"modal", "slot:aside"}) == ids({"template-banner"}));
  BOOST_TEST(decide_on_post(TriggerKind::exit_intent, {"slot:aside"}) == ids({"template-modal"}));
  // A place held on the page is not offered again, whatever its kind.
  BOOST_TEST(decide_on_post(TriggerKind::exit_intent, {"modal", "banner", "slot:aside"}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
