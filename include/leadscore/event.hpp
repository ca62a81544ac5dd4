#pragma once
/// \file
/// Events as the widget collects them and the CLI reads them:
///   {"visitor": "v1", "type": "page_view", "url": "/pricing", "ts": 1767600001903,
///    "props": {"dwell_ms": 56539, "utm_source": "email"}}
/// This is the hot path (millions of events per second), so events are parsed
/// by a dedicated scanner into views, not into a JSON document.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/error.hpp"

namespace leadscore {

/// A scalar property value. Nested objects and arrays in props are accepted
/// and skipped: rules only look at scalars.
struct PropValue {
  enum class Kind : unsigned char { string, number, boolean, null };
  Kind kind = Kind::null;
  std::string_view text;  ///< the string (decoded) when kind == string
  double number = 0;      ///< when kind == number
  bool boolean = false;   ///< when kind == boolean
};

struct Prop {
  std::string_view key;
  PropValue value;
};

/// One event. All views point into the EventParser that produced it (or into
/// strings the caller owns) and stay valid until that parser parses again.
struct Event {
  std::string_view visitor;  ///< optional; the CLI groups by it
  std::string_view type;     ///< required: built-in ("page_view", ...) or custom
  std::string_view url;      ///< optional: absolute URL or path
  std::int64_t ts = 0;       ///< required: epoch milliseconds
  std::vector<Prop> props;   ///< in document order; a repeated key keeps its last value

  /// The value of prop `key`, or nullptr.
  const PropValue* prop(std::string_view key) const;
};

/// Limits on one event. Bigger input is refused with "leadscore.event.too_large".
struct EventLimits {
  static constexpr std::size_t max_bytes = 64 * 1024;   ///< whole event text
  static constexpr std::size_t max_type_bytes = 64;
  static constexpr std::size_t max_url_bytes = 4096;
  static constexpr std::size_t max_props = 64;
  static constexpr std::size_t max_key_bytes = 64;
  static constexpr std::size_t max_value_bytes = 8192;
  static constexpr std::int64_t max_ts = 32503680000000;  ///< year 3000
};

/// Parses one event from JSON text (one NDJSON line). Reuse one parser for a
/// stream: it keeps its buffers, so steady-state parsing does not allocate.
class EventParser {
 public:
  /// Parses `text`. On success returns the event (valid until the next call);
  /// on failure returns nullptr and sets `error` (ids "leadscore.event.syntax",
  /// ".type", ".required", ".range", ".too_large"). The text must be a JSON
  /// object with a string "type" and a number "ts"; other members are
  /// optional, unknown members are ignored. Strings must be valid UTF-8.
  const Event* parse(std::string_view text, Error& error);

 private:
  Event event_;
  std::string scratch_;  // decoded strings with escapes
};

}  // namespace leadscore
