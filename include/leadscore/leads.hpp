#pragma once
/// \file
/// Capturing leads: a valid form submit becomes a form_submit event and a lead
/// payload; a lifecycle move into a delivery stage (by default mql, sql) that
/// no form caused becomes a stage_change payload. Payloads go into the
/// delivery queue as one request per target, before any send.

#include <cstdint>
#include <string>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/delivery.hpp"
#include "leadscore/forms.hpp"
#include "leadscore/payload.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/scoring.hpp"

namespace leadscore {

/// Unique payload ids without randomness in the core: a seed the caller makes
/// random (a UUID per page load) and a counter.
class LeadIds {
 public:
  explicit LeadIds(std::string seed = "lead") : seed_(std::move(seed)) {}
  std::string next();

 private:
  std::string seed_;
  std::uint64_t count_ = 0;
};

/// What a capture produced.
struct Capture {
  std::vector<std::string> payload_ids;  ///< queued payloads
  std::vector<JsonValue> payloads;       ///< every payload made, queued or not (no target, queue full)
  Errors errors;                         ///< e.g. leadscore.delivery.queue_full: the lead was not queued
};

/// Delivery stages (those reached or passed of delivery.on_stage) the visitor reached while the page
/// was not tracked: their leads wait until the visitor allows tracking
/// (release_withheld). Kept by the page, in memory, never stored.
struct WithheldStages {
  std::string visitor_id;           ///< whose (another visitor's profile makes none of them)
  std::vector<std::string> stages;  ///< in the order reached
};

/// Payloads for the lifecycle moves the last event made (its last
/// `changes.transitions` transitions) into or past delivery stages. None while the
/// page is not tracked (PageInfo::tracked): those stages go to `withheld`
/// (if given) instead. Each one's id is the visitor's id and the stage's
/// ("<visitor_id>-mql"; "v<hash of the visitor id>-mql" for a visitor id
/// that cannot stand in a payload id; from `ids` for a profile without one): the
/// lifecycle never goes back, so it names the lead, and two tabs that see the
/// same move make the same lead (their queues merge it into one; receivers
/// de-duplicate by id).
Capture capture_stage_changes(const Config& config, const Profile& profile, const Changes& changes,
                              DeliveryQueue& queue, LeadIds& ids, const PageInfo& page, std::int64_t now,
                              WithheldStages* withheld = nullptr);

/// The visitor now allows tracking (`page.tracked`; else nothing): the leads
/// of the stages they reached while they did not, made now with all the
/// profile knows, as capture_stage_changes makes them (same ids), each once;
/// `withheld` is emptied. Stages of another visitor (a profile loaded since:
/// forget(), another tab's) make none.
Capture release_withheld(const Config& config, const Profile& profile, WithheldStages& withheld,
                         DeliveryQueue& queue, LeadIds& ids, const PageInfo& page, std::int64_t now);

struct SubmitResult {
  FormCheck check;   ///< outcome and field errors
  Changes changes;   ///< what the form_submit event changed (outcome ok)
  Capture capture;   ///< the payload (outcome ok)
};

/// Submits form `form` of the config: checks it; if valid, applies the
/// form_submit event (identifying the visitor), builds the payload (with the
/// consent text the visitor saw) and queues it for every target that takes
/// form submits; a move into or past a delivery stage the submit made (on a
/// tracked page) also makes that stage's lead, for the targets that take
/// stage changes alone.
SubmitResult submit_form(const Config& config, Profile& profile, const Form& form, const FormSubmit& submit,
                         DeliveryQueue& queue, LeadIds& ids, const PageInfo& page, std::int64_t now);

}  // namespace leadscore
