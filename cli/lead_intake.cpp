#include "lead_intake.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "leadscore/json_text.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/payload.hpp"
#include "leadscore/text.hpp"

namespace leadscore::cli {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}


}  // namespace

BodyFormat body_format(std::string_view content_type) {
  // type/subtype *( ";" parameter ), RFC 9110 8.3.1
  const std::size_t semicolon = content_type.find(';');
  const std::string_view media = trimmed(content_type.substr(0, semicolon));
  BodyFormat format = BodyFormat::unsupported;
  if (equal_ignoring_ascii_case(media, "application/json") || equal_ignoring_ascii_case(media, "text/plain")) {
    format = BodyFormat::json;
  } else if (equal_ignoring_ascii_case(media, "application/x-www-form-urlencoded")) {
    format = BodyFormat::form;
  }
  if (format == BodyFormat::unsupported || semicolon == std::string_view::npos) return format;
  std::string_view params = content_type.substr(semicolon + 1);
  while (!params.empty()) {
    const std::size_t next = params.find(';');
    const std::string_view param = trimmed(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
    const std::size_t eq = param.find('=');
    if (eq == std::string_view::npos || !equal_ignoring_ascii_case(trimmed(param.substr(0, eq)), "charset")) continue;
    std::string_view charset = trimmed(param.substr(eq + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') charset = charset.substr(1, charset.size() - 2);
    // Anything else would need transcoding; the core reads UTF-8 only.
    if (!equal_ignoring_ascii_case(charset, "utf-8") && !equal_ignoring_ascii_case(charset, "utf8") &&
        !equal_ignoring_ascii_case(charset, "us-ascii")) {
      return BodyFormat::unsupported;
    }
  }
  return format;
}

Error inbox_error(std::string_view kind, std::string message) {
  return Error{"leadscore.inbox." + std::string(kind), "", std::move(message)};
}

Intake take_lead(BodyFormat format, std::string_view body, std::int64_t now) {
  Intake out;
  auto refuse = [&](int status, Error error, Errors errors = {}) {
    out.status = status;
    out.error = std::move(error);
    out.errors = std::move(errors);
    return out;
  };
  JsonValue doc;
  switch (format) {
    case BodyFormat::unsupported:
      return refuse(415, inbox_error("unsupported_media_type",
                                     "send application/json, text/plain (JSON) or application/x-www-form-urlencoded, in UTF-8"));
    case BodyFormat::json: {
      Error syntax;
      const auto parsed = parse_json_text(body, "leadscore.inbox", syntax);
      if (!parsed) {
        syntax.message = "the body is not JSON: " + syntax.message;
        return refuse(400, syntax);
      }
      if (json_nesting(*parsed, max_json_depth) > max_json_depth) {
        return refuse(400, inbox_error("too_deep", "arrays and objects nest deeper than " +
                                                       std::to_string(max_json_depth) + " levels"));
      }
      doc = to_json_value(*parsed);
      break;
    }
    case BodyFormat::form:
      doc = lead_payload_from_form(body);
      break;
  }

  Errors errors = validate_lead_payload(doc);
  if (!errors.empty()) {
    // The answer's id is the first problem's, so a sender can branch on it;
    // every problem is in `errors`.
    Error first = errors.front();
    first.message = "not a valid lead payload: " + errors.front().to_string();
    if (errors.size() > 1) first.message += " (and " + std::to_string(errors.size() - 1) + " more)";
    return refuse(400, std::move(first), std::move(errors));
  }
  out.lead.id = doc.find("id")->as_string();
  out.lead.visitor_id = doc.find("visitor_id")->as_string();
  out.lead.reason = doc.find("reason")->as_string();
  out.lead.submitted_at = doc.find("submitted_at")->as_string();
  out.lead.received_at = now;
  out.lead.payload = to_json(doc);
  return out;
}

std::string error_json(const Error& error, const Errors& errors) {
  JsonWriter w;
  w.begin_object().key("error").begin_object();
  w.field("id", error.id).field("message", error.message);
  w.key("errors").begin_array();
  auto entry = [&](const Error& e) {
    w.begin_object().field("id", e.id).field("path", e.path).field("message", e.message).end_object();
  };
  if (errors.empty()) {
    entry(error);
  } else {
    for (const Error& e : errors) entry(e);
  }
  w.end_array().end_object().end_object();
  return w.take();
}

}  // namespace leadscore::cli
