#include "leadscore/leads.hpp"

#include <algorithm>

#include "leadscore/attribution.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

std::string LeadIds::next() { return seed_ + "-" + format_number(static_cast<double>(++count_)); }

namespace {

void queue_payload(const Config& config, JsonValue payload, const PageInfo& page, const ConsentInfo& consent,
                   QueueLimits limits, DeliveryQueue& queue, std::int64_t now, Capture& out,
                   bool form_caused = false) {
  // Where the visitor allows no tracking: no campaign parameters, no HubSpot tracking cookie.
  RequestPage request_page{url_for_lead(page.url, page.tracked), page.title,
                           page.tracked ? page.hubspot_cookie : std::string(), consent.asked, consent.granted,
                           consent.text};
  std::vector<DeliveryRequest> requests = delivery_requests(config, payload, request_page, form_caused);
  if (form_caused && requests.empty()) return;  // the form's lead says it all
  const std::string id = payload.find("id")->as_string();
  // Made before (a stage's lead, by a tab whose copy of the profile was
  // older): queued or delivered already, so no new lead.
  bool made_before = !requests.empty() || (limits == QueueLimits::exempt && queue.has(id));
  for (const DeliveryRequest& r : requests) made_before = made_before && queue.has(r.id);
  if (made_before) return;
  out.payloads.push_back(std::move(payload));
  if (requests.empty()) {  // no target wants it: a stage's lead is remembered as made
    if (limits == QueueLimits::exempt) queue.made(id, now);
    return;
  }
  Error error;
  if (queue.add(std::move(requests), now, config.delivery, limits, error)) {
    out.payload_ids.push_back(id);
  } else {
    error.message += " (lead " + id + ")";
    out.errors.push_back(std::move(error));
  }
}

// The id of the lead of `visitor` reaching `stage`: "<visitor>-<stage>"; a
// visitor id that cannot stand in a payload id (one a page gave, with other
// characters, or too long) stands as "v" and a 64-bit FNV-1a hash of it.
std::string stage_lead_id(const std::string& visitor, const std::string& stage) {
  std::string id = visitor + "-" + stage;
  return is_payload_id(id) ? id : hashed_id(visitor) + "-" + stage;
}

// The lead of the visitor's move into `stage` (`t`: that move, if still in the
// profile's transitions).
void queue_stage_lead(const Config& config, const Profile& p, const std::string& stage, const Transition* t,
                      DeliveryQueue& queue, LeadIds& ids, const PageInfo& page, std::int64_t now, Capture& out,
                      bool form_caused) {
  LeadContext c;
  // The visitor's reaching this stage, whichever tab saw it (the lifecycle
  // never goes back): one id, so two tabs' copies merge into one lead.
  c.id = p.visitor_id.empty() ? ids.next() : stage_lead_id(p.visitor_id, stage);
  c.reason = LeadReason::stage_change;
  c.now = now;
  c.transition = t;
  c.page = page;
  queue_payload(config, build_lead_payload(config, p, c), page, ConsentInfo{}, QueueLimits::exempt, queue, now, out,
                form_caused);
}

// Whether lifecycle move `t` reaches or passes a stage of delivery.on_stage
// (with on_stage ["mql"], a jump from lead straight to sql does too).
bool into_delivery_stage(const Config& config, const Transition& t) {
  if (t.kind != "lifecycle") return false;
  const int from = config.stage_index(t.from), to = config.stage_index(t.to);
  return std::any_of(config.delivery.on_stage.begin(), config.delivery.on_stage.end(),
                     [&](std::size_t s) { return static_cast<int>(s) > from && static_cast<int>(s) <= to; });
}

// The stage leads of the lifecycle moves an event made (`changes`).
void capture_moves(const Config& config, const Profile& p, const Changes& changes, DeliveryQueue& queue,
                   LeadIds& ids, const PageInfo& page, std::int64_t now, WithheldStages* withheld, Capture& out,
                   bool form_caused) {
  const std::size_t n = std::min(changes.transitions, p.transitions.size());
  for (std::size_t k = p.transitions.size() - n; k < p.transitions.size(); ++k) {
    const Transition& t = p.transitions[k];
    if (!into_delivery_stage(config, t)) continue;
    if (page.tracked) {
      queue_stage_lead(config, p, t.to, &t, queue, ids, page, now, out, form_caused);
    } else if (withheld) {  // made from tracking the visitor has not allowed (yet)
      if (withheld->visitor_id != p.visitor_id) *withheld = WithheldStages{p.visitor_id, {}};
      withheld->stages.push_back(t.to);
    }
  }
}

}  // namespace

Capture capture_stage_changes(const Config& config, const Profile& p, const Changes& changes,
                              DeliveryQueue& queue, LeadIds& ids, const PageInfo& page, std::int64_t now,
                              WithheldStages* withheld) {
  Capture out;
  capture_moves(config, p, changes, queue, ids, page, now, withheld, out, false);
  return out;
}

Capture release_withheld(const Config& config, const Profile& p, WithheldStages& withheld, DeliveryQueue& queue,
                         LeadIds& ids, const PageInfo& page, std::int64_t now) {
  Capture out;
  if (!page.tracked) return out;
  // Stages held back for another visitor (forgotten since) are dropped unsent.
  if (withheld.visitor_id == p.visitor_id) {
    for (const std::string& stage : withheld.stages) {
      const Transition* t = nullptr;
      for (const Transition& x : p.transitions) {
        if (x.kind == "lifecycle" && x.to == stage) t = &x;
      }
      queue_stage_lead(config, p, stage, t, queue, ids, page, now, out, false);
    }
  }
  withheld = WithheldStages{};
  return out;
}

SubmitResult submit_form(const Config& config, Profile& p, const Form& form, const FormSubmit& submit,
                         DeliveryQueue& queue, LeadIds& ids, const PageInfo& page, std::int64_t now) {
  SubmitResult out;
  out.check = check_form(form, p, submit);
  if (out.check.outcome != FormOutcome::ok) return out;

  // The answers, typed, as a form_submit event: contact data for the profile.
  Event e;
  e.type = "form_submit";
  e.url = page.url;
  e.ts = now;
  e.props.push_back(Prop{"form_id", PropValue{PropValue::Kind::string, form.id, 0, false}});
  for (const FieldValue& f : out.check.fields) {
    PropValue v;
    if (f.is_number) {
      v.kind = PropValue::Kind::number;
      v.number = f.number;
    } else {
      v.kind = PropValue::Kind::string;
      v.text = f.text;
    }
    e.props.push_back(Prop{f.name, v});
  }
  // Kept to undo the submit if its lead cannot be queued: the visitor is then
  // told to try again, and nothing of the refused submit stays behind.
  Profile before = p;
  Error error;
  out.changes = apply_event(config, p, e, error);
  if (!out.changes.accepted) {
    // The profile refused the answers (never expected: a form has at most 40
    // fields, a full profile makes room, and values over 1000 bytes were
    // refused above). Nothing was stored or sent, so no thank-you either: the
    // visitor reads that it could not be sent; the site owner hears why.
    out.capture.errors.push_back(std::move(error));
    out.check.outcome = FormOutcome::unsent;
    out.check.fields.clear();
    out.check.errors.push_back(FieldError{"", "not_stored", queue_full_message(submit.language)});
    return out;
  }

  // One payload says it all: the submit, and the stage it led to.
  LeadContext c;
  c.id = ids.next();
  c.reason = LeadReason::form_submit;
  c.now = now;
  c.form = form.id;
  c.page = page;
  c.consent.asked = form.consent_asked;
  c.consent.granted = submit.consent;
  c.consent.text = form.consent_text.pick(submit.language);
  c.consent.at = now;
  queue_payload(config, build_lead_payload(config, p, c), page, c.consent, QueueLimits::apply, queue, now,
                out.capture);
  if (!out.capture.errors.empty()) {
    // The delivery queue is full: a thank-you here would drop the lead
    // silently for the visitor. Undone, said to the visitor, and the site
    // owner hears the error (out.capture.errors).
    p = std::move(before);
    out.changes = Changes{};
    out.capture.payloads.clear();
    out.check.outcome = FormOutcome::unsent;
    out.check.fields.clear();
    out.check.errors.push_back(FieldError{"", "queue_full", queue_full_message(submit.language)});
    return out;
  }
  // A move into a delivery stage the submit made: its stage lead for the
  // targets that take stage changes alone (a CRM of qualified leads).
  capture_moves(config, p, out.changes, queue, ids, page, now, nullptr, out.capture, true);
  return out;
}

}  // namespace leadscore
