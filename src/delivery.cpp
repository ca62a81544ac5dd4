#include "leadscore/delivery.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "leadscore/config.hpp"
#include "leadscore/detail/config_reader.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/payload.hpp"
#include "leadscore/text.hpp"
#include "leadscore/time_text.hpp"

namespace leadscore {

namespace {
constexpr const char* format_names[] = {"json", "form", "hubspot", "salesforce", "mautic"};
}

const char* delivery_format_name(DeliveryFormat f) { return format_names[static_cast<int>(f)]; }

// ------------------------------------------------------------------ config

bool is_header_name(std::string_view name) {
  // An HTTP token (RFC 9110 5.6.2): what fetch() accepts as a header name.
  if (name.empty() || name.size() > 100) return false;
  for (char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_header_value(std::string_view value) {
  // Printable ASCII and tabs: no CR/LF (a line break would start another
  // header), nothing fetch() refuses, nothing a proxy reads differently.
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u > 0x7e) return false;
  }
  return true;
}

namespace detail {

namespace {

void read_pairs(Checker& check, const JsonValue& obj, const std::string& path, std::string_view key, Pairs& out,
                bool header) {
  const JsonValue* v = obj.find(key);
  if (!v) return;
  const std::string at = child(path, key);
  if (!check.expect_object(*v, at)) return;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string& name = v->key(i);
    const std::string item = json_pointer_child(at, name);
    check.repeated_key(*v, i, at);
    bool ok = !name.empty() && name.size() <= 100;
    for (char c : name) ok = ok && static_cast<unsigned char>(c) > ' ' && c != ':';
    if (!ok || (header && !is_header_name(name))) {
      check.fail_quoted("identifier", item, "", name, " cannot be used as a name here");
      continue;
    }
    if (auto s = check.string(*v, at, name, true, 1000)) {
      if (header && !is_header_value(*s)) {
        check.fail("range", item, "header values are printable ASCII, without line breaks");
      } else {
        out.emplace_back(name, *s);
      }
    }
  }
}

}  // namespace

void read_delivery(ConfigReader& reader, const JsonValue& d, Config& config) {
  Checker& check = reader.check();
  DeliverySettings& out = config.delivery;
  if (!check.expect_object(d, "/delivery")) return;
  check.only_keys(d, "/delivery", {"on_stage", "targets", "retry", "queue", "timeout_seconds"});
  if (auto v = check.number(d, "/delivery", "timeout_seconds", false, 1, 120)) out.timeout_ms = *v * 1000;
  if (auto stages = check.strings(d, "/delivery", "on_stage", false, 64)) {
    out.on_stage.clear();
    for (std::size_t k = 0; k < stages->size(); ++k) {
      const int s = config.stage_index((*stages)[k]);
      if (s <= 0) {
        check.fail("reference", d.find("on_stage")->is_array() ? json_pointer_child("/delivery/on_stage", k) : "/delivery/on_stage",
                   "no lifecycle stage \"" + (*stages)[k] + "\" after visitor");
      } else {
        out.on_stage.push_back(static_cast<std::size_t>(s));
      }
    }
  }
  if (const JsonValue* r = d.find("retry"); r && check.expect_object(*r, "/delivery/retry")) {
    check.only_keys(*r, "/delivery/retry", {"base_seconds", "max_seconds"});
    if (auto v = check.number(*r, "/delivery/retry", "base_seconds", false, 0.1, 3600)) out.base_ms = *v * 1000;
    if (auto v = check.number(*r, "/delivery/retry", "max_seconds", false, 1, 86400 * 7)) out.max_ms = *v * 1000;
    if (out.base_ms > out.max_ms) {
      check.fail("range", Checker::find(*r, "base_seconds") ? "/delivery/retry/base_seconds" : "/delivery/retry/max_seconds",
                 "the first retry's wait (base_seconds, default 2) is above the longest (max_seconds, default 3600)");
    }
  }
  if (const JsonValue* q = d.find("queue"); q && check.expect_object(*q, "/delivery/queue")) {
    check.only_keys(*q, "/delivery/queue", {"max_items", "max_bytes"});
    if (auto v = check.integer(*q, "/delivery/queue", "max_items", false, 1, 10000)) out.max_items = static_cast<std::size_t>(*v);
    if (auto v = check.integer(*q, "/delivery/queue", "max_bytes", false, 10000, 50000000)) out.max_bytes = static_cast<std::size_t>(*v);
  }
  const JsonValue* targets = d.find("targets");
  if (!targets || !check.expect_array(*targets, "/delivery/targets")) return;
  detail::StringIndex ids;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const std::string path = json_pointer_child("/delivery/targets", i);
    const JsonValue& t = (*targets)[i];
    if (!check.expect_object(t, path)) continue;
    check.only_keys(t, path, {"id", "format", "url", "headers", "fields", "reasons", "portal_id", "form_guid",
                              "subscription_type_id", "oid", "lead_source", "form_id", "form_name"});
    const std::size_t before = check.error_count();
    DeliveryTarget target;
    if (auto id = reader.identifier(t, path, "id")) {
      check.unique(ids, *id, child(path, "id"), "target id");
      target.id = *id;
    }
    if (auto f = check.choice(t, path, "format", true, {"json", "form", "hubspot", "salesforce", "mautic"})) {
      for (int k = 0; k < 5; ++k) {
        if (*f == format_names[k]) target.format = static_cast<DeliveryFormat>(k);
      }
    }
    const bool needs_url = target.format == DeliveryFormat::json || target.format == DeliveryFormat::form ||
                           target.format == DeliveryFormat::mautic;
    if (target.format == DeliveryFormat::hubspot && t.find("url")) {
      check.fail_at("unknown_key", path, "url", "hubspot targets always post to api.hsforms.com");
    } else if (auto url = check.string(t, path, "url", needs_url, 2048)) {
      if (!is_safe_url(*url)) {
        check.fail_at("url", path, "url", "must be an http(s) URL or a relative one");
      } else {
        target.url = *url;
      }
    }
    read_pairs(check, t, path, "headers", target.headers, true);
    read_pairs(check, t, path, "fields", target.fields, false);
    if (!target.headers.empty() && target.format != DeliveryFormat::json && target.format != DeliveryFormat::form) {
      check.fail_at("unknown_key", path, "headers", "only json and form targets take headers");
    }
    if (auto reasons = check.strings(t, path, "reasons", false, 32)) {
      target.on_form_submit = target.on_stage_change = false;
      for (std::size_t k = 0; k < reasons->size(); ++k) {
        const std::string& r = (*reasons)[k];
        if (r == "form_submit") {
          target.on_form_submit = true;
        } else if (r == "stage_change") {
          target.on_stage_change = true;
        } else {
          check.fail("enum", t.find("reasons")->is_array() ? json_pointer_child(child(path, "reasons"), k) : child(path, "reasons"),
                     "\"" + r + "\" is not one of: form_submit, stage_change");
        }
      }
    }
    const bool hubspot = target.format == DeliveryFormat::hubspot;
    const bool salesforce = target.format == DeliveryFormat::salesforce;
    const bool mautic = target.format == DeliveryFormat::mautic;
    if (auto v = check.string(t, path, "portal_id", hubspot, 32)) target.portal_id = *v;
    if (auto v = check.string(t, path, "form_guid", hubspot, 64)) target.form_guid = *v;
    if (auto v = check.integer(t, path, "subscription_type_id", false, 1, 9007199254740991LL)) target.subscription_type_id = *v;
    if (auto v = check.string(t, path, "oid", salesforce, 32)) target.oid = *v;
    if (auto v = check.string(t, path, "lead_source", false, 200)) target.lead_source = *v;
    if (auto v = check.integer(t, path, "form_id", mautic, 1, 1000000000)) target.mautic_form_id = *v;
    if (auto v = check.string(t, path, "form_name", false, 200)) target.mautic_form_name = *v;
    // Vendor keys belong to their vendor.
    const std::pair<const char*, bool> vendor_keys[] = {
        {"portal_id", hubspot}, {"form_guid", hubspot}, {"subscription_type_id", hubspot}, {"oid", salesforce},
        {"lead_source", salesforce}, {"form_id", mautic}, {"form_name", mautic}};
    for (const auto& [key, allowed] : vendor_keys) {
      if (!allowed && t.find(key)) {
        check.fail("unknown_key", child(path, key),
                   std::string("not a key of ") + format_names[static_cast<int>(target.format)] + " targets");
      }
    }
    if (!target.fields.empty() && !hubspot && !salesforce && !mautic) {
      check.fail_at("unknown_key", path, "fields", "only hubspot, salesforce and mautic targets map fields");
    }
    if (check.error_count() == before) out.targets.push_back(std::move(target));
  }
}

}  // namespace detail

// ------------------------------------------------------------------ adapters

namespace {

std::string value_text(const JsonValue& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_number()) return format_json_number(v.as_number());
  if (v.is_boolean()) return v.as_bool() ? "true" : "false";
  return std::string();
}

// Where a mapped field's value comes from: contact data, or a few payload facts.
std::string field_value(const JsonValue& payload, const std::string& field) {
  if (field == "lead_id") return value_text(*payload.find("id"));
  if (field == "stage" || field == "journey" || field == "temperature") {
    const JsonValue* v = payload.find(field);
    return v ? value_text(*v) : std::string();
  }
  if (field == "score") {
    const JsonValue* s = payload.find("score");
    return s && s->find("total") ? value_text(*s->find("total")) : std::string();
  }
  const JsonValue* contact = payload.find("contact");
  const JsonValue* v = contact ? contact->find(field) : nullptr;
  if (v) return value_text(*v);
  // A single "name" fills first and last name fields (split at the last space).
  const JsonValue* name = contact ? contact->find("name") : nullptr;
  if (name && name->is_string() && (field == "first_name" || field == "last_name")) {
    const std::string_view n = trim(name->as_string());
    const auto space = n.rfind(' ');
    if (space == std::string::npos) return field == "last_name" ? std::string(n) : std::string();
    return std::string(field == "first_name" ? trim(n.substr(0, space)) : n.substr(space + 1));
  }
  return std::string();
}

// The vendor's standard fields, then the target's own mapping: a mapped
// contact field renames its standard one, others are added after them. (A
// mapping that replaced the standard fields would drop what the vendor
// requires: Salesforce refuses a lead without last_name and company, HubSpot
// a contact without email.)
Pairs mapping(const DeliveryTarget& t) {
  Pairs out;
  switch (t.format) {
    case DeliveryFormat::hubspot:
      out = {{"email", "email"}, {"first_name", "firstname"}, {"last_name", "lastname"},
             {"company", "company"}, {"phone", "phone"}, {"job_title", "jobtitle"}};
      break;
    case DeliveryFormat::salesforce:
      out = {{"email", "email"}, {"first_name", "first_name"}, {"last_name", "last_name"},
             {"company", "company"}, {"phone", "phone"}, {"job_title", "title"}};
      break;
    default:
      out = {{"email", "email"}, {"first_name", "firstname"}, {"last_name", "lastname"},
             {"company", "company"}, {"phone", "phone"}, {"job_title", "position"}};
  }
  for (const auto& mapped : t.fields) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == mapped.first; });
    if (it != out.end()) {
      it->second = mapped.second;
    } else {
      out.push_back(mapped);
    }
  }
  return out;
}

void add_form_field(std::string& body, std::string_view name, std::string_view value) {
  JsonValue pair = JsonValue::object();
  pair.set(std::string(name), JsonValue::string(std::string(value)));
  const std::string encoded = to_form_urlencoded(pair);
  if (!body.empty() && !encoded.empty()) body += '&';
  body += encoded;
}

DeliveryRequest build(const DeliveryTarget& t, const JsonValue& payload, const RequestPage& page) {
  DeliveryRequest r;
  r.target = t.id;
  r.id = value_text(*payload.find("id")) + "/" + t.id;
  r.headers = t.headers;
  switch (t.format) {
    case DeliveryFormat::json:
      r.url = t.url;
      r.content_type = "application/json";
      r.body = to_json(payload);
      break;
    case DeliveryFormat::form:
      r.url = t.url;
      r.content_type = "application/x-www-form-urlencoded";
      r.body = to_form_urlencoded(payload);
      r.beacon = t.headers.empty();
      break;
    case DeliveryFormat::hubspot: {
      // Forms API v3: https://legacydocs.hubspot.com/docs/methods/forms/submit_form
      r.url = "https://api.hsforms.com/submissions/v3/integration/submit/" + t.portal_id + "/" + t.form_guid;
      r.content_type = "application/json";
      JsonWriter w;
      const JsonValue* at = payload.find("submitted_at");
      const auto ms = at ? parse_iso8601_unchecked(at->as_string()) : std::nullopt;  // written by format_iso8601
      w.begin_object().field("submittedAt", format_number(static_cast<double>(ms.value_or(0)))).key("fields").begin_array();
      for (const auto& [field, vendor] : mapping(t)) {
        const std::string v = field_value(payload, field);
        if (v.empty()) continue;
        w.begin_object().field("objectTypeId", "0-1").field("name", vendor).field("value", v).end_object();
      }
      w.end_array().key("context").begin_object();
      if (!page.url.empty()) w.field("pageUri", page.url);
      if (!page.title.empty()) w.field("pageName", page.title);
      if (!page.hubspot_cookie.empty()) w.field("hutk", page.hubspot_cookie);
      w.end_object();
      if (page.consent_asked) {
        w.key("legalConsentOptions").begin_object().key("consent").begin_object()
            .field("consentToProcess", page.consent_granted).field("text", page.consent_text);
        if (t.subscription_type_id) {
          w.key("communications").begin_array().begin_object()
              .field("value", page.consent_granted)
              .field("subscriptionTypeId", t.subscription_type_id)
              .field("text", page.consent_text).end_object().end_array();
        }
        w.end_object().end_object();
      }
      r.body = w.end_object().take();
      break;
    }
    case DeliveryFormat::salesforce: {
      // Web-to-Lead: form fields oid, lead_source and the lead's, posted to webto.salesforce.com.
      r.url = t.url.empty() ? "https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8" : t.url;
      r.content_type = "application/x-www-form-urlencoded";
      add_form_field(r.body, "oid", t.oid);
      add_form_field(r.body, "lead_source", t.lead_source);
      for (const auto& [field, vendor] : mapping(t)) {
        const std::string v = field_value(payload, field);
        if (!v.empty()) add_form_field(r.body, vendor, v);
      }
      r.cors = false;
      r.beacon = true;
      break;
    }
    case DeliveryFormat::mautic: {
      // Mautic form submit: mauticform[<alias>] fields posted to /form/submit?formId=N.
      std::string base = t.url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      const std::string form_id = format_number(static_cast<double>(t.mautic_form_id));
      r.url = base + "/form/submit?formId=" + form_id;
      r.content_type = "application/x-www-form-urlencoded";
      add_form_field(r.body, "mauticform[formId]", form_id);
      add_form_field(r.body, "mauticform[return]", "");
      if (!t.mautic_form_name.empty()) add_form_field(r.body, "mauticform[formName]", t.mautic_form_name);
      for (const auto& [field, vendor] : mapping(t)) {
        const std::string v = field_value(payload, field);
        if (!v.empty()) add_form_field(r.body, "mauticform[" + vendor + "]", v);
      }
      r.cors = false;
      r.beacon = true;
      break;
    }
  }
  return r;
}

}  // namespace

std::vector<DeliveryRequest> delivery_requests(const Config& config, const JsonValue& payload,
                                               const RequestPage& page, bool form_caused) {
  std::vector<DeliveryRequest> out;
  const JsonValue* reason = payload.find("reason");
  const bool form_submit = reason && reason->as_string() == "form_submit";
  for (const DeliveryTarget& t : config.delivery.targets) {
    if (form_submit ? t.on_form_submit : t.on_stage_change && !(form_caused && t.on_form_submit)) {
      out.push_back(build(t, payload, page));
    }
  }
  return out;
}

// ------------------------------------------------------------------ the queue

SendOutcome classify_status(int status) {
  if (status >= 200 && status < 300) return SendOutcome::delivered;
  if (status == 0 || status == 408 || status == 429 || status >= 500) return SendOutcome::retry;
  return SendOutcome::refused;
}

namespace {

/// Whether a request's last answer was a refusal (not "never sent", -1).
bool refusal(int last_status) { return last_status > 0 && classify_status(last_status) == SendOutcome::refused; }

}  // namespace

std::size_t DeliveryQueue::bytes() const {
  std::size_t n = 0;
  for (const QueuedDelivery& q : items_) n += q.request.body.size() + q.request.url.size();
  return n;
}

bool DeliveryQueue::add(std::vector<DeliveryRequest> requests, std::int64_t now, const DeliverySettings& s,
                        QueueLimits limits, Error& error) {
  std::size_t more = 0;
  for (const DeliveryRequest& r : requests) more += r.body.size() + r.url.size();
  if (limits == QueueLimits::apply &&
      (items_.size() + requests.size() > s.max_items || bytes() + more > s.max_bytes)) {
    error = Error{"leadscore.delivery.queue_full", "",
                  "the delivery queue is full (" + format_number(static_cast<double>(items_.size())) + " items, " +
                      format_number(static_cast<double>(bytes())) + " bytes): this lead is not queued"};
    return false;
  }
  for (DeliveryRequest& r : requests) {
    // Queued or delivered already (a stage's lead made again: one id per visitor and stage): once.
    if (has(r.id)) continue;
    QueuedDelivery q;
    q.request = std::move(r);
    q.created = now;
    q.next_attempt = now;  // reaching a stage or submitting a form sends at once
    items_.push_back(std::move(q));
  }
  return true;
}

std::vector<std::size_t> DeliveryQueue::take_due(std::int64_t now, std::string_view owner, std::int64_t lease_ms,
                                                 std::size_t max, std::size_t max_bytes) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < items_.size() && out.size() < max; ++i) {
    QueuedDelivery& q = items_[i];
    if (q.failed || q.next_attempt > now) continue;
    // Leased, by another tab or by this one (a send under way, or a beacon
    // whose answer is never known): not handed out again until the lease ends.
    if (q.leased_until > now) continue;
    // Over what is left of the byte budget: stays due for the next page.
    if (q.request.body.size() > max_bytes) continue;
    max_bytes -= q.request.body.size();
    q.leased_until = now + lease_ms;
    q.lease_owner = std::string(owner);
    out.push_back(i);
  }
  return out;
}

bool DeliveryQueue::report(std::string_view id, int status, std::int64_t now, double jitter,
                           const DeliverySettings& s, SendOutcome& outcome, std::int64_t retry_after_ms,
                           bool online) {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    QueuedDelivery& q = items_[i];
    if (q.request.id != id) continue;
    outcome = classify_status(status);
    if (status < 0) {  // never sent: due again, no attempt
      outcome = SendOutcome::retry;
      q.released = q.leased_until;  // the lease this ends: merge keeps it ended
      q.leased_until = 0;
      q.lease_owner.clear();
      return true;
    }
    if (outcome == SendOutcome::delivered) {
      remember(q.request.id, now);
      items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    }
    // A first refusal may pass (a 404 or 403 while the site deploys, a token
    // rotated on the server first): sent once more, after the config's
    // longest wait. A second refusal in a row stands.
    const bool again = outcome == SendOutcome::refused && !refusal(q.last_status);
    ++q.attempts;
    q.last_status = status;
    q.leased_until = 0;
    q.lease_owner.clear();
    q.failed = outcome == SendOutcome::refused && !again;
    // Exponential backoff with "equal jitter": half fixed, half random, so
    // many visitors retrying after an outage do not all come back at once.
    // A refused request keeps its wait too: should a corrected target take
    // it back (follow_targets), it is not sent again before that.
    const double exp = std::min(30.0, static_cast<double>(q.attempts - 1));
    const double delay = std::min(s.max_ms, s.base_ms * std::exp2(exp));
    const double j = std::clamp(jitter, 0.0, 1.0);
    std::int64_t wait = static_cast<std::int64_t>(delay / 2 + delay / 2 * j);
    // The server said how long to wait (Retry-After): at least that, but no
    // more than the config's longest wait, so no server holds a lead back.
    if (retry_after_ms > wait) wait = std::min(retry_after_ms, static_cast<std::int64_t>(s.max_ms));
    if (again) wait = static_cast<std::int64_t>(s.max_ms);
    q.next_attempt = now + wait;
    // The third failed send (no answer while online, or 408, 429, 5xx): the site owner is told, once per target.
    if (outcome == SendOutcome::retry && (status || online) && q.attempts > 2 &&
        std::find(unanswered_.begin(), unanswered_.end(), q.request.target) == unanswered_.end()) {
      unanswered_.push_back(q.request.target);
      outcome = SendOutcome::unanswered;
    }
    return true;
  }
  return false;
}

void DeliveryQueue::remember(const std::string& id, std::int64_t at) {
  auto it = std::find_if(delivered_.begin(), delivered_.end(), [&](const DeliveredMark& m) { return m.id == id; });
  if (it != delivered_.end()) {
    if (it->at >= at) return;
    delivered_.erase(it);
  }
  const auto later = [](const DeliveredMark& a, const DeliveredMark& b) { return std::tie(a.at, a.id) < std::tie(b.at, b.id); };
  DeliveredMark mark{id, at};
  delivered_.insert(std::upper_bound(delivered_.begin(), delivered_.end(), mark, later), std::move(mark));
  if (delivered_.size() > max_delivered) delivered_.erase(delivered_.begin());  // the oldest
}

bool DeliveryQueue::has(const std::string& id) const {
  return was_delivered(id) ||
         std::any_of(items_.begin(), items_.end(), [&](const QueuedDelivery& q) { return q.request.id == id; });
}

bool DeliveryQueue::was_delivered(const std::string& id) const {
  return std::any_of(delivered_.begin(), delivered_.end(), [&](const DeliveredMark& m) { return m.id == id; });
}

namespace {
// Which of two copies of one request has seen more. A total order, so that
// merging is the same in every tab whatever the order of merges. A lease
// released unsent counts as just after the lease itself: a copy that still
// holds the lease it ended does not bring it back.
bool ahead(const QueuedDelivery& a, const QueuedDelivery& b) {
  const std::int64_t la = std::max(a.leased_until * 2, a.released * 2 + 1), lb = std::max(b.leased_until * 2, b.released * 2 + 1);
  return std::tie(a.attempts, a.failed, la, a.lease_owner, a.next_attempt, a.last_status, a.created) >
         std::tie(b.attempts, b.failed, lb, b.lease_owner, b.next_attempt, b.last_status, b.created);
}
}  // namespace

void DeliveryQueue::merge(const DeliveryQueue& other) {
  for (const DeliveredMark& m : other.delivered_) remember(m.id, m.at);
  items_.erase(std::remove_if(items_.begin(), items_.end(),
                              [&](const QueuedDelivery& q) { return was_delivered(q.request.id); }),
               items_.end());
  for (const QueuedDelivery& q : other.items_) {
    if (was_delivered(q.request.id)) continue;
    auto it = std::find_if(items_.begin(), items_.end(),
                           [&](const QueuedDelivery& mine) { return mine.request.id == q.request.id; });
    if (it == items_.end()) {
      items_.push_back(q);
    } else if (ahead(q, *it)) {
      *it = q;
    }
  }
  // One order for every tab: by creation, then id. Ids are unique here (the
  // loop above and from_json keep one request per id), so the order is total
  // and an unstable sort gives it as well: a heap sort, the smallest code
  // (~0.8 KB gzip of wasm less than std::stable_sort), and n log n.
  const auto before = [](const QueuedDelivery& a, const QueuedDelivery& b) {
    return std::tie(a.created, a.request.id) < std::tie(b.created, b.request.id);
  };
  std::make_heap(items_.begin(), items_.end(), before);
  std::sort_heap(items_.begin(), items_.end(), before);
}

std::size_t DeliveryQueue::network_back(std::int64_t now) {
  std::size_t woken = 0;
  for (QueuedDelivery& q : items_) {
    if (q.failed || q.last_status != 0 || q.next_attempt <= now) continue;
    q.next_attempt = now;
    ++woken;
  }
  return woken;
}

std::size_t DeliveryQueue::flush(std::int64_t now) {
  std::size_t woken = 0;
  for (QueuedDelivery& q : items_) {
    // (not one waiting out a refusal: sent once more after the longest wait, not at a flush)
    if (q.failed || q.next_attempt <= now || q.leased_until > now || refusal(q.last_status)) continue;
    q.next_attempt = now;
    ++woken;
  }
  return woken;
}

std::size_t DeliveryQueue::follow_targets(const DeliverySettings& s) {
  std::size_t changed = 0;
  for (QueuedDelivery& q : items_) {
    const auto t = std::find_if(s.targets.begin(), s.targets.end(),
                                [&](const DeliveryTarget& target) { return target.id == q.request.target; });
    if (t == s.targets.end() || (t->format != DeliveryFormat::json && t->format != DeliveryFormat::form)) continue;
    if (q.request.url == t->url && q.request.headers == t->headers) continue;
    q.request.url = t->url;
    q.request.headers = t->headers;
    q.request.beacon = t->format == DeliveryFormat::form && t->headers.empty();
    if (q.failed || refusal(q.last_status)) {
      // Refused at the old address (once, or twice: failed): due again once
      // the wait its refusal set is over (once: it waited the longest; due
      // now), the next refusal its first. One attempt more than the refused
      // copy, so that a tab still on the old config takes this copy (merge
      // keeps the one that has seen more) instead of bringing the refusal
      // back, to be taken back at once, for ever.
      if (!q.failed) q.next_attempt = 0;
      q.failed = false;
      ++q.attempts;
      q.last_status = -1;
    }
    ++changed;
  }
  return changed;
}

void DeliveryQueue::clock_back(std::int64_t now, std::int64_t longest) {
  // A refused item's wait ends too: it counts once a corrected target takes the item back (follow_targets).
  for (QueuedDelivery& q : items_) {
    if (q.next_attempt > now + longest) q.next_attempt = now;
    if (q.leased_until > now + longest) q.leased_until = now;
  }
}

std::int64_t DeliveryQueue::next_due() const {
  std::int64_t best = -1;
  for (const QueuedDelivery& q : items_) {
    if (q.failed) continue;
    const std::int64_t at = std::max(q.next_attempt, q.leased_until);
    if (best < 0 || at < best) best = at;
  }
  return best;
}

std::string DeliveryQueue::to_json() const {
  JsonWriter w;
  w.begin_object().field("schema", "leadscore.queue").field("version", 1).key("items").begin_array();
  for (const QueuedDelivery& q : items_) {
    const DeliveryRequest& r = q.request;
    w.begin_object().field("id", r.id).field("target", r.target).field("url", r.url)
        .field("content_type", r.content_type).key("headers").begin_object();
    for (const auto& [name, value] : r.headers) w.field(name, value);
    w.end_object().field("body", r.body).field("cors", r.cors).field("beacon", r.beacon)
        .field("created", q.created).field("next_attempt", q.next_attempt).field("attempts", q.attempts)
        .field("failed", q.failed).field("last_status", q.last_status).field("leased_until", q.leased_until)
        .field("lease_owner", q.lease_owner).field("released", q.released).end_object();
  }
  w.end_array().key("delivered").begin_array();
  for (const DeliveredMark& m : delivered_) w.begin_object().field("id", m.id).field("at", m.at).end_object();
  return w.end_array().end_object().take();
}

DeliveryQueue DeliveryQueue::from_json(const JsonValue& doc, Errors& errors) {
  DeliveryQueue queue;
  detail::Checker check("leadscore.queue", errors);
  if (!check.expect_object(doc, "")) return queue;
  if (auto s = check.string(doc, "", "schema", true, 64); s && *s != "leadscore.queue") {
    check.fail("foreign", "/schema", "not a LeadScore delivery queue");
    return queue;
  }
  if (auto v = check.integer(doc, "", "version", true, 1, 1000); v && *v != 1) {
    check.fail("version", "/version", "this build reads delivery queues of version 1");
    return queue;
  }
  const JsonValue* items = doc.find("items");
  if (!items) {
    check.fail("required", "/items", "required key is missing");
    return queue;
  }
  if (!check.expect_array(*items, "/items")) return queue;
  constexpr double max_time = 32503680000000.0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const JsonValue& it = (*items)[i];
    const std::string at = json_pointer_child("/items", i);
    const std::size_t errors_before = errors.size();
    if (!check.expect_object(it, at)) continue;
    QueuedDelivery q;
    DeliveryRequest& r = q.request;
    auto str = [&](const char* key, std::string& out, std::size_t max, bool allow_empty) {
      if (auto s = check.string(it, at, key, true, max, allow_empty)) out = *s;
    };
    str("id", r.id, 300, false);
    str("target", r.target, 64, false);
    str("url", r.url, 4096, false);
    str("content_type", r.content_type, 100, false);
    str("body", r.body, 10000000, true);
    str("lease_owner", q.lease_owner, 200, true);
    if (const JsonValue* h = it.find("headers"); h && check.expect_object(*h, json_pointer_child(at, "headers"))) {
      const std::string hat = json_pointer_child(at, "headers");
      for (std::size_t k = 0; k < h->size(); ++k) {
        const std::string& name = h->key(k);
        if (!is_header_name(name)) {
          check.fail_quoted("header", json_pointer_child(hat, name), "", name, " is not an HTTP header name");
        } else if (auto v = check.string(*h, hat, name, true, 1000)) {
          if (is_header_value(*v)) {
            r.headers.emplace_back(name, *v);
          } else {
            check.fail("header", json_pointer_child(hat, name), "header values are printable ASCII, without line breaks");
          }
        }
      }
    }
    r.cors = check.boolean(it, at, "cors", true).value_or(true);
    r.beacon = check.boolean(it, at, "beacon", true).value_or(false);
    q.failed = check.boolean(it, at, "failed", true).value_or(false);
    q.created = static_cast<std::int64_t>(check.number(it, at, "created", true, 0, max_time).value_or(0));
    q.next_attempt = static_cast<std::int64_t>(check.number(it, at, "next_attempt", true, 0, max_time).value_or(0));
    q.leased_until = static_cast<std::int64_t>(check.number(it, at, "leased_until", true, 0, max_time).value_or(0));
    // Optional: queues stored before releases were kept have none.
    q.released = static_cast<std::int64_t>(check.number(it, at, "released", false, 0, max_time).value_or(0));
    q.attempts = static_cast<std::uint32_t>(check.integer(it, at, "attempts", true, 0, 1000000000).value_or(0));
    q.last_status = static_cast<int>(check.integer(it, at, "last_status", true, -1, 999).value_or(-1));
    // A damaged item is left out (its errors say where; the caller keeps the
    // stored text): it holds back no other lead.
    if (errors.size() != errors_before) continue;
    // One id twice (a hand-edited or half-merged copy): one request, the copy
    // that has seen more, as merge() keeps it; never two sends of one id.
    auto same = std::find_if(queue.items_.begin(), queue.items_.end(),
                             [&](const QueuedDelivery& mine) { return mine.request.id == r.id; });
    if (same == queue.items_.end()) {
      queue.items_.push_back(std::move(q));
    } else if (ahead(q, *same)) {
      *same = std::move(q);
    }
  }
  // Delivered ids (optional: queues stored before they were kept have none).
  if (const JsonValue* d = doc.find("delivered"); d && check.expect_array(*d, "/delivered")) {
    if (d->size() > max_delivered) {
      check.fail("range", "/delivered", "more than " + format_number(static_cast<double>(max_delivered)) + " delivered ids");
    } else {
      for (std::size_t i = 0; i < d->size(); ++i) {
        const JsonValue& m = (*d)[i];
        const std::string at = json_pointer_child("/delivered", i);
        if (!check.expect_object(m, at)) continue;
        auto id = check.string(m, at, "id", true, 300, false);
        auto when = check.number(m, at, "at", true, 0, max_time);
        if (id && when) queue.remember(*id, static_cast<std::int64_t>(*when));
      }
    }
  }
  return queue;
}

}  // namespace leadscore
