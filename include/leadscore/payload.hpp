#pragma once
/// \file
/// Lead payloads ("schema": "leadscore.lead/v1"): built by the core when a lead
/// is captured or changes stage, checked by receivers (the inbox) with the same
/// code. Field names are snake_case; receivers ignore fields they do not know.

#include <cstdint>
#include <string>
#include <string_view>

#include "leadscore/config.hpp"
#include "leadscore/error.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

/// Why a payload is sent.
enum class LeadReason : unsigned char { form_submit, stage_change };

/// What the page knows that the profile does not (the widget fills it in).
struct PageInfo {
  std::string url, title, referrer;
  std::string hubspot_cookie;  ///< hubspotutk, when the page has it
  /// False while the visitor's consent to tracking is withheld (refused, or
  /// not given yet where it is required) or Do Not Track is on: the page
  /// scores in memory for its offers and gates, but leads say only what the
  /// visitor sent: no stage_change leads, and a form's lead without the
  /// attribution, activity, per-rule breakdown, referrer or HubSpot cookie.
  bool tracked = true;
};

/// Consent as captured with a form.
struct ConsentInfo {
  bool asked = false;    ///< the form asked for consent
  bool granted = false;
  std::string text;      ///< the exact text the visitor saw
  std::int64_t at = 0;
};

/// Everything a payload says besides the profile.
struct LeadContext {
  std::string id;                      ///< unique; receivers de-duplicate by it
  LeadReason reason = LeadReason::form_submit;
  std::int64_t now = 0;
  std::string form;                    ///< the form submitted (form_submit)
  const Transition* transition = nullptr;  ///< the stage change (stage_change)
  PageInfo page;
  ConsentInfo consent;
};

/// The leadscore.lead/v1 payload of a visitor:
/// {"schema", "id", "visitor_id", "reason", "submitted_at", "form"?, "contact",
///  "stage", "journey", "temperature", "score": {total, fit, engagement,
///  breakdown}, "transition"?, "attribution", "activity", "consent"?, "page"};
/// while the page is not tracked (PageInfo::tracked) no breakdown, attribution
/// or activity, and a page URL without campaign tags, nor referrer.
JsonValue build_lead_payload(const Config& config, const Profile& profile, const LeadContext& context);

/// Whether `id` can be a payload's id: 1-128 of A-Z a-z 0-9 - _ . :
bool is_payload_id(std::string_view id);

/// Problems with a received payload, by JSON path (ids "leadscore.payload.*"):
/// the required fields (schema, id, visitor_id, reason, submitted_at) and the
/// types of the known optional ones. Unknown fields are fine.
Errors validate_lead_payload(const JsonValue& payload);

/// The payload fields as form-urlencoded text: nested members in brackets
/// (contact[email]=a%40b.c, score[breakdown][0][rule]=pv).
std::string to_form_urlencoded(const JsonValue& value);

/// form-urlencoded text back into a document (always an object): brackets
/// nest, nested keys 0..n-1 make arrays, every value stays a string (a phone
/// "0912" is not a number).
JsonValue from_form_urlencoded(std::string_view text);

/// A lead payload sent form-urlencoded: from_form_urlencoded, then the fields
/// the payload defines as numbers or booleans converted back.
JsonValue lead_payload_from_form(std::string_view text);

}  // namespace leadscore
