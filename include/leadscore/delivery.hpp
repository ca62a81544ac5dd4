#pragma once
/// \file
/// Delivery of lead payloads: targets and their formats (JSON webhook,
/// form-urlencoded, HubSpot Forms API v3, Salesforce Web-to-Lead, Mautic form
/// submit), and the queue that makes delivery at-least-once: persisted before
/// the first send, retried with backoff and jitter, leased so two tabs never
/// send the same payload at once, limited in items and bytes (a full queue is
/// an error, never a silent drop). Time and jitter come in as arguments.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/error.hpp"
#include "leadscore/json_value.hpp"

namespace leadscore {

struct Config;
class JsonWriter;

enum class DeliveryFormat : unsigned char { json, form, hubspot, salesforce, mautic };
const char* delivery_format_name(DeliveryFormat f);

using Pairs = std::vector<std::pair<std::string, std::string>>;

/// One place leads go.
struct DeliveryTarget {
  std::string id;
  DeliveryFormat format = DeliveryFormat::json;
  std::string url;
  Pairs headers;
  Pairs fields;  ///< contact field -> vendor field, renaming or adding to the vendor's standard fields
  bool on_form_submit = true, on_stage_change = true;
  std::string portal_id, form_guid;            ///< HubSpot
  std::int64_t subscription_type_id = 0;       ///< HubSpot consent communication (0: none)
  std::string oid, lead_source = "Web";        ///< Salesforce
  std::int64_t mautic_form_id = 0;             ///< Mautic
  std::string mautic_form_name;
};

struct DeliverySettings {
  std::vector<DeliveryTarget> targets;
  std::vector<std::size_t> on_stage;  ///< lifecycle stages whose reaching sends a payload
  double base_ms = 2000, max_ms = 3600000;
  double timeout_ms = 10000;  ///< a send without an answer by then counts as a network error
  std::size_t max_items = 200, max_bytes = 2000000;
};

/// An HTTP request the widget sends as it is.
struct DeliveryRequest {
  std::string id;      ///< queue id: payload id + "/" + target id
  std::string target;
  std::string url;
  std::string content_type;
  Pairs headers;
  std::string body;
  bool cors = true;    ///< false: the receiver does not answer CORS; send no-cors (answer unreadable)
  bool beacon = false; ///< may go with navigator.sendBeacon (no custom headers, a safelisted type)
};

/// What the page adds to vendor requests.
struct RequestPage {
  std::string url, title, hubspot_cookie;
  bool consent_asked = false, consent_granted = false;
  std::string consent_text;
};

/// Whether fetch() and every HTTP hop take this as a header name (an HTTP
/// token) and value (printable ASCII and tabs, no line breaks).
bool is_header_name(std::string_view name);
bool is_header_value(std::string_view value);

/// The requests for one payload (built by build_lead_payload), one per target
/// that wants its reason. `form_caused`: a stage change's lead for a move a
/// form submit made, whose own lead the targets taking form submits have:
/// only the others (those that take stage changes alone).
std::vector<DeliveryRequest> delivery_requests(const Config& config, const JsonValue& payload,
                                               const RequestPage& page, bool form_caused = false);

// ------------------------------------------------------------------ the queue

/// What a send's answer means: 2xx delivered; 408, 429, 5xx and 0 (network
/// error, timeout, offline) retry; any other status is refused for good.
/// unanswered (from DeliveryQueue::report only): a retry, and its target has
/// just gone unanswered often enough that the site owner is to be told.
enum class SendOutcome : unsigned char { delivered, retry, refused, unanswered };
SendOutcome classify_status(int status);

struct QueuedDelivery {
  DeliveryRequest request;
  std::int64_t created = 0;
  std::int64_t next_attempt = 0;
  std::uint32_t attempts = 0;
  bool failed = false;            ///< refused twice in a row: kept for inspection, not retried
  int last_status = -1;           ///< -1: never sent; 0: network error
  std::int64_t leased_until = 0;  ///< another tab's send is under way until then
  std::string lease_owner;
  /// The end of the latest lease released unsent (report status -1), so that
  /// a stored copy still holding that lease does not bring it back (merge).
  std::int64_t released = 0;
};

/// A request delivered, remembered so that a stale copy of the queue (another
/// tab's) does not bring it back.
struct DeliveredMark {
  std::string id;
  std::int64_t at = 0;
};

/// Whether the queue's limits hold back a payload. A form submit's lead is
/// held to them (a visitor can submit any number of times, and one that does
/// not fit is not taken: the visitor is told to try again). A stage change's
/// lead is not: the lifecycle only moves forward, so a visitor brings at most
/// one per stage of delivery.on_stage, and refusing it would lose it.
enum class QueueLimits : unsigned char { apply, exempt };

class DeliveryQueue {
 public:
  /// Delivered ids remembered at most (the newest).
  static constexpr std::size_t max_delivered = 256;

  /// Adds the requests of one payload, all or none. With QueueLimits::apply,
  /// refused (false, `error` set to leadscore.delivery.queue_full) when the
  /// limits would be exceeded. A request whose id is queued or was delivered
  /// already (a stage's lead made again: its id is the visitor's and the
  /// stage's) is left out: it goes once.
  bool add(std::vector<DeliveryRequest> requests, std::int64_t now, const DeliverySettings& settings,
           QueueLimits limits, Error& error);
  /// Whether the request `id` is queued or was delivered (or made, see made()).
  bool has(const std::string& id) const;
  /// A lead no target wants (a stage's lead that only on('lead') hears of):
  /// its payload id `id` is remembered as a delivered one is, so that a tab
  /// whose copy of the profile was older, making it again, finds it (has).
  void made(const std::string& id, std::int64_t at) { remember(id, at); }

  /// Leases up to `max` items that are due at `now` and not leased (by
  /// another owner or by `owner` itself: a live lease is a send under way),
  /// for `lease_ms`; returns their indexes. `max_bytes` bounds the sum of
  /// their bodies (at page hide: what is left of the browser's 64 KiB for
  /// keepalive requests in flight): oldest first, one that does not fit what
  /// is left is passed over, untouched (due, no attempt), for a later,
  /// smaller one.
  std::vector<std::size_t> take_due(std::int64_t now, std::string_view owner, std::int64_t lease_ms,
                                    std::size_t max, std::size_t max_bytes = static_cast<std::size_t>(-1));

  /// Records the answer to a send (status 0: no answer; below 0: not sent,
  /// the browser refused to start it, e.g. over its keepalive quota: the
  /// lease ends, due again at once, no attempt counted). Delivered items
  /// leave (their id is remembered, see merge); retried ones wait min(max, base·2^(attempts-1)) scaled into
  /// [1/2, 1] by `jitter` (in [0, 1), from the caller), or as long as the
  /// server asked (Retry-After, `retry_after_ms` >= 0) if that is longer, but
  /// never more than max; refused ones stay: a first refusal waits max and is
  /// sent once more (a deploy's 404, a token rotated on the server first), a
  /// second in a row is failed (with the retry's wait, for follow_targets).
  /// Returns the outcome (refused both times), or
  /// nothing if the id is not queued. The third send (or a later one) that
  /// got no answer (status 0) while the browser was `online`, or a retry
  /// answer (408, 429, 5xx), is SendOutcome::unanswered, once per target for
  /// this queue (a page): the receiver is down, failing or unreachable, or
  /// (cross-origin) sends no CORS headers.
  bool report(std::string_view id, int status, std::int64_t now, double jitter,
              const DeliverySettings& settings, SendOutcome& outcome, std::int64_t retry_after_ms = -1,
              bool online = false);

  /// The network is back (the browser's `online` event): requests waiting
  /// because their last send got no answer at all (status 0) are due at
  /// `now`; those a server answered 408/429/5xx keep their backoff. Returns
  /// how many became due.
  std::size_t network_back(std::int64_t now);

  /// The page asks for delivery now (flush(), e.g. before a navigation it
  /// controls): every request waiting out a backoff, whatever its last
  /// answer, is due at `now`. Refused and leased ones are left as they are.
  /// Returns how many became due.
  std::size_t flush(std::int64_t now);

  /// The config now in force for the requests waiting: a json or form target
  /// whose url or headers changed since a request was made (a corrected
  /// address, a rotated token) gives them to it, and a request it had
  /// refused is due again once the wait its refusal set is over (a 4xx from
  /// the old address says nothing of the new one), as one attempt more, so
  /// that a tab still on the old config takes it instead of the refusal.
  /// Requests for targets gone, or in a vendor format (their bodies are made
  /// from the config), stay as they are. Returns how many changed.
  std::size_t follow_targets(const DeliverySettings& settings);

  /// The page's clock went back (a system clock corrected from the future):
  /// a wait or a lease that ends after `now + longest` cannot have been set
  /// at `now` or before, so it ends at `now` instead of holding a lead back
  /// for as long as the clock jumped. `longest`: the longest retry wait or
  /// lease there can be.
  void clock_back(std::int64_t now, std::int64_t longest);

  /// The earliest time something will be due (to set a timer), or -1.
  std::int64_t next_due() const;

  /// Takes in another copy of the queue (another tab's, from shared storage),
  /// so that saving this one loses nothing: the union of both by request id,
  /// minus what either copy knows was delivered. A request in both keeps the
  /// copy that has seen more (more attempts; then refused; then the later
  /// lease, a lease released unsent counting as later than itself; then the
  /// later next attempt), so every tab ends with the same
  /// queue whatever the order of merges. Limits are not applied: a merge never
  /// drops a request.
  void merge(const DeliveryQueue& other);

  const std::vector<QueuedDelivery>& items() const { return items_; }
  /// Delivered ids remembered, oldest first.
  const std::vector<DeliveredMark>& delivered() const { return delivered_; }
  std::size_t bytes() const;

  /// The queue's stored form ({"schema": "leadscore.queue", "version": 1,
  /// "items": [...], "delivered": [{"id", "at"}]}).
  std::string to_json() const;
  /// Reads a stored queue. Errors (ids leadscore.queue.*) say what was left
  /// out: the whole document when it is no queue of this version, else each
  /// damaged item or delivered mark, while the sound ones are read.
  static DeliveryQueue from_json(const JsonValue& doc, Errors& errors);

 private:
  void remember(const std::string& id, std::int64_t at);
  bool was_delivered(const std::string& id) const;

  std::vector<QueuedDelivery> items_;
  std::vector<DeliveredMark> delivered_;  ///< sorted by (at, id)
  std::vector<std::string> unanswered_;   ///< targets reported unanswered (not stored)
};

}  // namespace leadscore
