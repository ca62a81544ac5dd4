#include "leadscore/payload.hpp"

#include <cmath>

#include "leadscore/attribution.hpp"
#include "leadscore/json_access.hpp"
#include "leadscore/standing.hpp"
#include "leadscore/text.hpp"
#include "leadscore/time_text.hpp"
#include "leadscore/url.hpp"

namespace leadscore {

namespace {

using V = JsonValue;

V text(std::string_view s) { return V::string(std::string(s)); }
V rounded(double v) {
  const double r = std::round(v * 100) / 100;
  return V::number(r == 0 ? 0 : r);
}

V touch_value(const Touch& t) {
  V o = V::object();
  for (const auto& [key, member] : touch_text_fields) {
    if ((t.*member).empty()) continue;
    o.set(key, text(member == &Touch::referrer ? referrer_for_lead(t.*member) : t.*member));
  }
  o.set("at", text(format_iso8601(t.ts)));
  return o;
}

/// What tracking learnt of the visitor: where they came from and what they did.
void add_tracking(V& out, const Profile& p) {
  V attribution = V::object();
  if (p.first_touch) attribution.set("first", touch_value(*p.first_touch));
  if (p.last_touch) attribution.set("last", touch_value(*p.last_touch));
  out.set("attribution", std::move(attribution));

  V activity = V::object();
  activity.set("sessions", V::number(p.sessions));
  activity.set("page_views", V::number(p.type_counts.empty() ? 0 : p.type_counts[type_page_view]));
  activity.set("events", V::number(static_cast<double>(p.events)));
  activity.set("first_seen", text(format_iso8601(p.first_seen)));
  activity.set("last_seen", text(format_iso8601(p.last_seen)));
  V pages = V::array();
  for (std::size_t i = 0; i < p.recent_pages.size(); ++i) {
    const PageVisit& v = p.recent_page(i);
    V page = V::object();
    page.set("path", text(v.path));
    page.set("at", text(format_iso8601(v.ts)));
    pages.push_back(std::move(page));
  }
  activity.set("recent_pages", std::move(pages));
  out.set("activity", std::move(activity));
}

}  // namespace

JsonValue build_lead_payload(const Config& config, const Profile& p, const LeadContext& c) {
  const Standing s = standing_at(config, p, c.now);
  V out = V::object();
  out.set("schema", text("leadscore.lead/v1"));
  out.set("id", text(c.id));
  out.set("visitor_id", text(p.visitor_id));
  out.set("reason", text(c.reason == LeadReason::form_submit ? "form_submit" : "stage_change"));
  out.set("submitted_at", text(format_iso8601(c.now)));
  if (!c.form.empty()) out.set("form", text(c.form));

  V contact = V::object();
  for (const auto& [name, v] : p.contact) contact.set(name, v.is_number ? V::number(v.number) : text(v.text));
  out.set("contact", std::move(contact));
  out.set("stage", text(config.stages[s.lifecycle].id));
  out.set("journey", text(journey_name(s.journey)));
  out.set("temperature", text(temperature_name(s.temperature)));

  V score = V::object();
  score.set("total", rounded(s.total));
  score.set("fit", rounded(s.fit));
  score.set("engagement", rounded(s.engagement));
  if (c.page.tracked) {
    V breakdown = V::array();
    for (const BreakdownEntry& e : s.breakdown) {
      V b = V::object();
      b.set("rule", text(*e.rule));
      b.set("dimension", text(e.dimension == Dimension::fit ? "fit" : "engagement"));
      b.set("fired", V::number(e.fired));
      b.set("points", rounded(e.points));
      breakdown.push_back(std::move(b));
    }
    score.set("breakdown", std::move(breakdown));
  }
  out.set("score", std::move(score));

  if (c.transition) {
    V t = V::object();
    t.set("from", text(c.transition->from));
    t.set("to", text(c.transition->to));
    t.set("cause", text(c.transition->cause));
    out.set("transition", std::move(t));
  }

  if (c.page.tracked) add_tracking(out, p);

  if (c.consent.asked) {
    V consent = V::object();
    consent.set("granted", V::boolean(c.consent.granted));
    consent.set("text", text(c.consent.text));
    consent.set("at", text(format_iso8601(c.consent.at ? c.consent.at : c.now)));
    out.set("consent", std::move(consent));
  }
  V page = V::object();
  if (!c.page.url.empty()) page.set("url", text(url_for_lead(c.page.url, c.page.tracked)));
  if (!c.page.title.empty()) page.set("title", text(c.page.title));
  if (!c.page.referrer.empty() && c.page.tracked) page.set("referrer", text(referrer_for_lead(c.page.referrer)));
  out.set("page", std::move(page));
  return out;
}

// ------------------------------------------------------------------ checking

bool is_payload_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char ch : id) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
          ch == '.' || ch == ':')) {
      return false;
    }
  }
  return true;
}

Errors validate_lead_payload(const JsonValue& doc) {
  Errors errors;
  detail::Checker check("leadscore.payload", errors);
  if (!check.expect_object(doc, "")) return errors;
  if (auto schema = check.string(doc, "", "schema", true, 64); schema && *schema != "leadscore.lead/v1") {
    check.fail_quoted("schema", "/schema", "", *schema, " is not leadscore.lead/v1");
  }
  if (auto id = check.string(doc, "", "id", true, 128); id && !is_payload_id(*id)) {
    check.fail("identifier", "/id", "ids are 1-128 of A-Z a-z 0-9 - _ . :");
  }
  check.string(doc, "", "visitor_id", true, 256);
  check.choice(doc, "", "reason", true, {"form_submit", "stage_change"});
  if (auto at = check.string(doc, "", "submitted_at", true, 64); at && !parse_iso8601(*at)) {
    check.fail("time", "/submitted_at", "not an ISO 8601 time (2026-01-05T08:00:00.000Z)");
  }
  check.string(doc, "", "form", false, 64);
  check.string(doc, "", "stage", false, 64);
  check.string(doc, "", "journey", false, 64);
  check.string(doc, "", "temperature", false, 64);
  if (const JsonValue* contact = doc.find("contact"); contact && check.expect_object(*contact, "/contact")) {
    if (contact->size() > 100) check.fail("range", "/contact", "at most 100 contact fields");
    for (std::size_t i = 0; i < contact->size(); ++i) {
      const JsonValue& v = (*contact)[i];
      if (!v.is_string() && !v.is_number() && !v.is_boolean() && !v.is_null()) {
        check.fail_type(json_pointer_child("/contact", contact->key(i)), "expected a string or number", v);
      } else if (v.is_string() && v.as_string().size() > 4096) {
        check.fail("range", json_pointer_child("/contact", contact->key(i)), "longer than 4096 bytes");
      }
    }
  }
  if (const JsonValue* score = doc.find("score"); score && check.expect_object(*score, "/score")) {
    check.number(*score, "/score", "total", false, -1e12, 1e12);
    check.number(*score, "/score", "fit", false, -1e12, 1e12);
    check.number(*score, "/score", "engagement", false, -1e12, 1e12);
    if (const JsonValue* b = score->find("breakdown")) check.expect_array(*b, "/score/breakdown");
  }
  for (const char* key : {"attribution", "activity", "page", "transition"}) {
    if (const JsonValue* v = doc.find(key)) check.expect_object(*v, std::string("/") + key);
  }
  if (const JsonValue* consent = doc.find("consent"); consent && check.expect_object(*consent, "/consent")) {
    check.boolean(*consent, "/consent", "granted", true);
    check.string(*consent, "/consent", "text", false, 10000, true);
  }
  return errors;
}

// ------------------------------------------------------------------ form encoding

namespace {

void append_encoded(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '*') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

void flatten(std::string& out, const std::string& name, const JsonValue& v) {
  switch (v.type()) {
    case JsonValue::Type::object:
      for (std::size_t i = 0; i < v.size(); ++i) {
        flatten(out, name.empty() ? v.key(i) : name + "[" + v.key(i) + "]", v[i]);
      }
      return;
    case JsonValue::Type::array:
      for (std::size_t i = 0; i < v.size(); ++i) flatten(out, name + "[" + decimal(i) + "]", v[i]);
      return;
    case JsonValue::Type::null: return;
    default: break;
  }
  if (!out.empty()) out += '&';
  append_encoded(out, name);
  out += '=';
  if (v.is_string()) {
    append_encoded(out, v.as_string());
  } else if (v.is_boolean()) {
    out += v.as_bool() ? "true" : "false";
  } else {
    out += format_json_number(v.as_number());
  }
}

// Sets a[b][c] = value, creating objects on the way ("0", "1"... become
// array indexes when they come in order).
void assign(JsonValue& root, const std::vector<std::string>& path, JsonValue value, std::size_t at = 0) {
  const std::string& key = path[at];
  if (at + 1 == path.size()) {
    root.set(key, std::move(value));
    return;
  }
  const JsonValue* existing = root.find(key);
  JsonValue child = existing && existing->is_object() ? *existing : JsonValue::object();
  assign(child, path, std::move(value), at + 1);
  root.set(key, std::move(child));
}

// Objects whose keys are exactly 0..n-1 become arrays.
JsonValue arrays(const JsonValue& v) {
  if (!v.is_object()) return v;
  bool sequence = v.size() > 0;
  for (std::size_t i = 0; i < v.size() && sequence; ++i) sequence = v.key(i) == decimal(i);
  JsonValue out = sequence ? JsonValue::array() : JsonValue::object();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (sequence) {
      out.push_back(arrays(v[i]));
    } else {
      out.set(v.key(i), arrays(v[i]));
    }
  }
  return out;
}

}  // namespace

std::string to_form_urlencoded(const JsonValue& value) {
  std::string out;
  flatten(out, "", value);
  return out;
}

JsonValue from_form_urlencoded(std::string_view text) {
  JsonValue root = JsonValue::object();
  std::string checked_name;
  for_each_query_param(text, [&](std::string_view name, std::string_view raw) {
    // Names without escapes arrive as raw bytes; make them UTF-8 as values
    // are (percent_decode), or the document could not be written as JSON.
    if (!is_valid_utf8(name)) {
      checked_name = valid_utf8(name);
      name = checked_name;
    }
    // name[a][b] -> {name, a, b}
    std::vector<std::string> path;
    const std::size_t bracket = name.find('[');
    path.emplace_back(name.substr(0, bracket));
    for (std::size_t i = bracket; i != std::string_view::npos && i < name.size();) {
      const std::size_t close = name.find(']', i);
      if (close == std::string_view::npos) break;
      path.emplace_back(name.substr(i + 1, close - i - 1));
      i = name.find('[', close);
    }
    if (path[0].empty() || path.size() > 16) return true;
    assign(root, path, JsonValue::string(percent_decode(raw, true)));
    return true;
  });
  // The fields of a form are named, whatever their names: only nested
  // members become arrays ("0=a&1=b" stays an object, as the payload must be).
  JsonValue out = JsonValue::object();
  for (std::size_t i = 0; i < root.size(); ++i) out.set(root.key(i), arrays(root[i]));
  return out;
}

namespace {
// The member `key` of `obj` converted to a number (or boolean) if it is a
// string that reads as one; left alone otherwise (validation reports it).
void convert(JsonValue& obj, const char* key, bool boolean = false) {
  const JsonValue* v = obj.find(key);
  if (!v || !v->is_string()) return;
  const std::string& s = v->as_string();
  if (boolean) {
    if (s == "true" || s == "false") obj.set(key, JsonValue::boolean(s == "true"));
  } else if (auto n = parse_decimal(s)) {
    obj.set(key, JsonValue::number(*n));
  }
}

JsonValue converted_member(const JsonValue& parent, const char* key,
                           std::initializer_list<const char*> numbers, const char* boolean = nullptr) {
  const JsonValue* v = parent.find(key);
  if (!v || !v->is_object()) return v ? *v : JsonValue();
  JsonValue copy = *v;
  for (const char* n : numbers) convert(copy, n);
  if (boolean) convert(copy, boolean, true);
  return copy;
}
}  // namespace

JsonValue lead_payload_from_form(std::string_view text) {
  JsonValue doc = from_form_urlencoded(text);
  if (doc.find("score")) {
    JsonValue score = converted_member(doc, "score", {"total", "fit", "engagement"});
    if (const JsonValue* b = score.find("breakdown"); b && b->is_array()) {
      JsonValue rows = JsonValue::array();
      for (std::size_t i = 0; i < b->size(); ++i) {
        JsonValue row = (*b)[i];
        if (row.is_object()) {
          convert(row, "fired");
          convert(row, "points");
        }
        rows.push_back(std::move(row));
      }
      score.set("breakdown", std::move(rows));
    }
    doc.set("score", std::move(score));
  }
  if (doc.find("activity")) doc.set("activity", converted_member(doc, "activity", {"sessions", "page_views", "events"}));
  if (doc.find("consent")) doc.set("consent", converted_member(doc, "consent", {}, "granted"));
  return doc;
}

}  // namespace leadscore
