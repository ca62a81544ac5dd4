#pragma once
// What the inbox makes of a POST /leads body: the body's format from its
// Content-Type, the payload parsed (nlohmann for JSON, the core's
// lead_payload_from_form for forms), checked with the core's
// validate_lead_payload (the same code senders use), and either a lead ready
// to store or the HTTP status and errors to answer with. No HTTP and no
// storage here, so the rules read in one place.

#include <cstdint>
#include <string>
#include <string_view>

#include "lead_store.hpp"
#include "leadscore/error.hpp"
#include "leadscore/json_value.hpp"  // max_json_depth: payloads nest four deep, whatever --max-body allows

namespace leadscore::cli {

enum class BodyFormat { json, form, unsupported };

/// The format of a body with this Content-Type: application/json and
/// text/plain (what navigator.sendBeacon sends for a string) are JSON,
/// application/x-www-form-urlencoded is a form. A charset other than UTF-8
/// (or its subset US-ASCII) is unsupported. Case and spaces do not matter.
BodyFormat body_format(std::string_view content_type);

/// An accepted lead, or why not.
struct Intake {
  int status = 0;      ///< 0: accepted (see lead); else the HTTP status to answer
  Error error;         ///< the answer's id and message
  Errors errors;       ///< every problem, by JSON path
  StoredLead lead;     ///< when accepted: ready to store (received_at from `now`)
};

/// Parses and validates one lead payload body. `now` is the inbox's clock
/// (epoch ms), recorded as received_at.
Intake take_lead(BodyFormat format, std::string_view body, std::int64_t now);

/// An error for the answer: {"id": "leadscore.inbox.<kind>", "path": "", "message"}.
Error inbox_error(std::string_view kind, std::string message);

/// {"error": {"id", "message", "errors": [{"id", "path", "message"}, ...]}}; an
/// empty `errors` lists `error` itself, so clients always find the list.
std::string error_json(const Error& error, const Errors& errors = {});

}  // namespace leadscore::cli
