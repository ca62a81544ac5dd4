// libFuzzer: any bytes as a lead payload body, the way the inbox reads one.
//   - as JSON text: parse_json_text -> to_json_value -> validate_lead_payload;
//   - as form-urlencoded: lead_payload_from_form -> validate_lead_payload -> to_json;
//   - through the inbox's own intake (cli/lead_intake.cpp) in both formats.
// Must never crash. A payload that validates must survive the trip a stored
// payload makes (to_json -> parse -> validate) and read back as the same text;
// one that came as a form must still validate after to_form_urlencoded ->
// lead_payload_from_form (a lead forwarded as a form). Every refusal is a
// 4xx with an error id of the inbox or payload domain, as valid JSON.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lead_intake.hpp"
#include "leadscore/json_text.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/payload.hpp"

using namespace leadscore;

namespace {

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

void check_errors(const Errors& errors) {
  for (const Error& e : errors) {
    if (!starts_with(e.id, "leadscore.payload.")) __builtin_trap();
    if (!e.path.empty() && e.path[0] != '/') __builtin_trap();
    if (e.message.empty()) __builtin_trap();
  }
}

// A stored payload is its to_json text; reading it back must give a payload
// that validates and prints as the same text.
void check_round_trip(const JsonValue& payload) {
  const std::string text = to_json(payload);
  Error syntax;
  const auto parsed = parse_json_text(text, "leadscore.inbox", syntax);
  if (!parsed) __builtin_trap();
  const JsonValue again = to_json_value(*parsed);
  if (!validate_lead_payload(again).empty()) __builtin_trap();
  if (to_json(again) != text) __builtin_trap();
}

void check_intake(cli::BodyFormat format, std::string_view body) {
  const cli::Intake intake = cli::take_lead(format, body, 1767600000000);
  if (intake.status == 0) {
    if (intake.lead.id.empty() || intake.lead.received_at != 1767600000000) __builtin_trap();
    Error syntax;
    const auto stored = parse_json_text(intake.lead.payload, "leadscore.inbox", syntax);
    if (!stored || !validate_lead_payload(to_json_value(*stored)).empty()) __builtin_trap();
    return;
  }
  if (intake.status != 400) __builtin_trap();
  if (!starts_with(intake.error.id, "leadscore.inbox.") && !starts_with(intake.error.id, "leadscore.payload.")) {
    __builtin_trap();
  }
  if (!json::accept(cli::error_json(intake.error, intake.errors))) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // As JSON text.
  Error syntax;
  if (const auto parsed = parse_json_text(text, "leadscore.inbox", syntax)) {
    const JsonValue payload = to_json_value(*parsed);
    const Errors errors = validate_lead_payload(payload);
    check_errors(errors);
    if (errors.empty()) check_round_trip(payload);
  } else if (syntax.id != "leadscore.inbox.syntax" || syntax.message.empty()) {
    __builtin_trap();
  }

  // As form-urlencoded.
  const JsonValue form = lead_payload_from_form(text);
  if (!form.is_object()) __builtin_trap();
  const Errors form_errors = validate_lead_payload(form);
  check_errors(form_errors);
  if (!json::accept(to_json(form))) __builtin_trap();
  if (form_errors.empty()) {
    check_round_trip(form);
    if (!validate_lead_payload(lead_payload_from_form(to_form_urlencoded(form))).empty()) __builtin_trap();
  }

  check_intake(cli::BodyFormat::json, text);
  check_intake(cli::BodyFormat::form, text);
  return 0;
}
