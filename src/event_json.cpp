// The event scanner: one pass over the text, no JSON document, no allocation
// in steady state. Semantics are "parse the JSON (duplicate names: last one
// wins), then check the members", so every type, range and size check on a
// member runs after the scan, on its final value. Only problems that make the
// text unacceptable as a whole are reported on the spot: syntax, nesting
// deeper than max_depth, and numbers that overflow to infinity.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "leadscore/event.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/text.hpp"

namespace leadscore {
namespace {

// Not in EventLimits (the header is shared); visitor ids are short tokens.
constexpr std::size_t max_visitor_bytes = 256;
// Containers open at once, the event object itself included (the messages say 64).
constexpr int max_depth = static_cast<int>(max_json_depth);
static_assert(max_depth == 64);

enum class Kind : unsigned char { absent, string, number, boolean, null, object, array };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::string: return "a string";
    case Kind::number: return "a number";
    case Kind::boolean: return "a boolean";
    case Kind::null: return "null";
    case Kind::object: return "an object";
    case Kind::array: return "an array";
    default: return "nothing";
  }
}

/// The last value seen for a member, kept until the checks after the scan.
/// Only `kind` is initialised: the other fields are read only when it says
/// so, and zeroing them showed up in profiles of this hot path.
struct Slot {
  Slot() : kind(Kind::absent) {}
  Kind kind;
  bool boolean;
  double number;
  std::string_view text;
};

struct Members {
  Slot type;
  Slot ts;
  Slot visitor;
  Slot url;
  Kind props = Kind::absent;
  bool too_many_props = false;  // distinct keys beyond max_props (not stored)
  bool nested_props = false;    // some stored props are nested markers
};

// A prop whose last value is an object or array stays in the vector during
// the scan, so a later duplicate key is still found and so it counts towards
// max_props; these markers are removed before the event is returned.
void mark_nested(PropValue& v) {
  v = PropValue{};
  v.boolean = true;
}
bool is_nested_marker(const PropValue& v) { return v.kind == PropValue::Kind::null && v.boolean; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Non-zero if some byte of w is '"', '\\', a control character or non-ASCII;
// then its lowest set bit (bit 7 of a byte) marks the first such byte. The
// usual "& ~x" of the zero-byte test is left out: it only clears bits of
// bytes that have bit 7 set, which `| w` reports anyway, and a borrow only
// leaves a byte that is itself special, so it cannot move the lowest bit.
// (x86 and wasm are little-endian: the lowest bit is the first byte.)
std::uint64_t special_bytes(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  const std::uint64_t quote = w ^ (ones * '"');
  const std::uint64_t backslash = w ^ (ones * '\\');
  return ((quote - ones) | (backslash - ones) | (w - ones * 0x20) | w) & (ones * 0x80);
}

// True if the 8 bytes of w (in memory order) are all ASCII digits.
bool eight_digits(std::uint64_t w) {
  constexpr std::uint64_t high_nibbles = 0xF0F0F0F0F0F0F0F0u;
  return ((w & high_nibbles) | (((w + 0x0606060606060606u) & high_nibbles) >> 4)) == 0x3333333333333333u;
}

// The value of 8 ASCII digits (first digit in the lowest byte), by pairing
// neighbours three times instead of eight multiply-adds.
std::uint64_t eight_digits_value(std::uint64_t w) {
  w = ((w & 0x0F0F0F0F0F0F0F0Fu) * 2561) >> 8;
  w = ((w & 0x00FF00FF00FF00FFu) * 6553601) >> 16;
  return ((w & 0x0000FFFF0000FFFFu) * 42949672960001u) >> 32;
}

class Scanner {
 public:
  Scanner(std::string_view text, std::string& scratch, std::vector<Prop>& props, Error& error)
      : p_(text.data()),
        begin_(text.data()),
        end_(text.data() + text.size()),
        scratch_(scratch),
        props_(props),
        error_(error) {}

  bool event(Members& m);
  bool not_an_object();
  bool document(JsonValue& out, int depth);
  void count_lines() { lines_ = true; }
  bool at_end() {
    skip_ws();
    return p_ == end_ || fail_syntax(p_, "unexpected text after the document");
  }

 private:
  bool fail_syntax(const char* at, const char* what);
  bool fail_value(const char* id, const char* what);
  // Runs between every two tokens: the whitespace test is forced inline (at
  // -Oz it stayed a call, ~3% of a wasm batch), the rare loop is not.
  [[gnu::always_inline]] void skip_ws() {
    // Events rarely contain whitespace: one comparison rules it out.
    if (p_ != end_ && static_cast<unsigned char>(*p_) <= ' ') skip_ws_slow();
  }
  void skip_ws_slow() {
    const char* p = p_;
    while (p != end_ && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    p_ = p;
  }
  bool consume(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // These return the string, or a view with a null data() after failing
  // (by value: views written through pointers cost store-forwarding stalls).
  std::string_view name_and_colon(bool keep);
  std::string_view scan_string(bool keep);
  std::string_view escaped_string(const char* start, bool ascii, bool keep);
  std::string_view fail_string(const char* at, const char* what) {
    fail_syntax(at, what);
    return {};
  }
  // A string's text (in the input) that is not UTF-8 is refused where its
  // first bad byte is (a Latin-1 "é", a surrogate's bytes), not where the string starts.
  bool valid_utf8_or_fail(std::string_view raw) {
    const std::size_t bad = invalid_utf8_at(raw);
    return bad == raw.size() || fail_syntax(raw.data() + bad, "invalid UTF-8 in string");
  }
  bool hex4(std::uint32_t& cp);
  bool number(double* out);
  bool literal(const char* word, std::size_t n);
  bool value(Slot& out, int depth);
  bool skip_value(int depth);
  bool props_object(Members& m);
  void store_prop(Members& m, std::string_view key, const Slot& v);

  const char* p_;
  const char* begin_;
  const char* end_;
  std::string& scratch_;
  std::vector<Prop>& props_;
  Error& error_;
  std::string_view member_;  // the top-level member being read, for error paths (null: none)
  std::string_view prop_key_;
  bool in_prop_ = false;
  bool lines_ = false;  // syntax errors give the line too
};

// Any JSON value into a document (configs, stored profiles and queues, form
// answers): the same strings, numbers and literals as events, containers
// built instead of skipped. `depth`: containers open around the value; at
// most max_depth may be open at once, as for events and the inbox.
bool Scanner::document(JsonValue& out, int depth) {
  skip_ws();
  if (p_ == end_) return fail_syntax(p_, "expected a value");
  const char c = *p_;
  if (c == '{' || c == '[') {
    if (depth == max_depth) return fail_value("leadscore.event.too_large", "nested deeper than 64 levels");
    const bool object = c == '{';
    ++p_;
    out = object ? JsonValue::object() : JsonValue::array();
    skip_ws();
    if (consume(object ? '}' : ']')) return true;
    for (;;) {
      std::string key;
      if (object) {
        skip_ws();
        const std::string_view name = name_and_colon(true);
        if (name.data() == nullptr) return false;
        key.assign(name);
        scratch_.clear();
      }
      JsonValue v;
      if (!document(v, depth + 1)) return false;
      if (object) {
        out.set(std::move(key), std::move(v));  // a repeated key: the last value, in the first place (as nlohmann)
      } else {
        out.push_back(std::move(v));
      }
      skip_ws();
      if (consume(object ? '}' : ']')) return true;
      if (!consume(',')) return fail_syntax(p_, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }
  Slot v;
  const char* const start = p_;
  if (!value(v, depth)) {
    // A document is people's text: a number beyond double says where it is.
    return error_.id == "leadscore.event.range" ? fail_syntax(start, "number out of range") : false;
  }
  switch (v.kind) {
    case Kind::string: out = JsonValue::string(std::string(v.text)); break;
    case Kind::number: out = JsonValue::number(v.number); break;
    case Kind::boolean: out = JsonValue::boolean(v.boolean); break;
    default: out = JsonValue(); break;
  }
  scratch_.clear();
  return true;
}

bool Scanner::fail_syntax(const char* at, const char* what) {
  error_.id = "leadscore.event.syntax";
  error_.path.clear();
  error_.message.clear();
  // Lines when documents span them (events are one line each); columns count
  // characters, as editors do: UTF-8 continuation bytes are not counted (a
  // byte that is not UTF-8 counts as one).
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  for (const char* q = begin_; q != at; ++q) {
    if (lines_ && *q == '\n') {
      ++line;
      column = 1;
    } else {
      column += (static_cast<unsigned char>(*q) & 0xC0) != 0x80;
    }
  }
  if (lines_) error_.message = "line " + decimal(line) + ", ";
  error_.message += "column " + decimal(column) + ": " + what;
  if (at == end_) error_.message += " (end of text)";
  return false;
}

bool Scanner::fail_value(const char* id, const char* what) {
  error_.id = id;
  error_.path.clear();  // a value outside any member: the whole event
  if (member_.data() != nullptr) error_.path = json_pointer_child(std::string(), std::string(member_));
  if (in_prop_) error_.path = json_pointer_child(error_.path, std::string(prop_key_));
  error_.message = what;
  return false;
}

// At the opening quote of a member name: reads it, the ':' and whitespace.
std::string_view Scanner::name_and_colon(bool keep) {
  if (!consume('"')) return fail_string(p_, "expected a member name");
  const std::string_view name = scan_string(keep);
  if (name.data() == nullptr) return name;
  skip_ws();
  if (!consume(':')) return fail_string(p_, "expected ':'");
  skip_ws();
  return name;
}

// Just past an opening quote. Strings without escapes are views into the
// text; with escapes they are decoded into scratch_ (when `keep`), which was
// reserved for the whole text (decoded strings are never longer than their
// source), so earlier views into it never move.
std::string_view Scanner::scan_string(bool keep) {
  const char* const start = p_;
  const char* p = start;  // a local: p_ would be reloaded after every char access
  bool ascii = true;
  for (;;) {
    while (end_ - p >= 8) {
      const std::uint64_t mask = special_bytes(load8(p));
      if (mask != 0) {
        p += __builtin_ctzll(mask) >> 3;
        break;
      }
      p += 8;
    }
    if (p == end_) return fail_string(start - 1, "unterminated string");
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') break;
    if (c == '\\') {
      p_ = p;
      return escaped_string(start, ascii, keep);
    }
    if (c < 0x20) return fail_string(p, "control character in string");
    ascii = ascii && c < 0x80;
    ++p;
  }
  p_ = p + 1;
  const std::string_view raw(start, static_cast<std::size_t>(p - start));
  if (!ascii && !valid_utf8_or_fail(raw)) return {};
  return raw;
}

bool Scanner::hex4(std::uint32_t& cp) {
  if (end_ - p_ < 4) return false;
  cp = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = *p_++;
    std::uint32_t d;
    if (c >= '0' && c <= '9') {
      d = static_cast<std::uint32_t>(c - '0');
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = static_cast<std::uint32_t>((c | 0x20) - 'a' + 10);
    } else {
      return false;
    }
    cp = cp << 4 | d;
  }
  return true;
}

// At the first backslash of the string that began at `start`.
std::string_view Scanner::escaped_string(const char* start, bool ascii, bool keep) {
  const std::size_t first = scratch_.size();
  if (keep) scratch_.append(start, static_cast<std::size_t>(p_ - start));
  for (;;) {
    if (p_ == end_) return fail_string(start - 1, "unterminated string");
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') break;
    if (c < 0x20) return fail_string(p_, "control character in string");
    if (c != '\\') {
      ascii = ascii && c < 0x80;
      if (keep) scratch_ += static_cast<char>(c);
      ++p_;
      continue;
    }
    const char* escape = p_++;
    if (p_ == end_) return fail_string(start - 1, "unterminated string");
    char decoded;
    switch (*p_) {
      case '"': decoded = '"'; break;
      case '\\': decoded = '\\'; break;
      case '/': decoded = '/'; break;
      case 'b': decoded = '\b'; break;
      case 'f': decoded = '\f'; break;
      case 'n': decoded = '\n'; break;
      case 'r': decoded = '\r'; break;
      case 't': decoded = '\t'; break;
      case 'u': {
        ++p_;
        std::uint32_t cp;
        if (!hex4(cp)) return fail_string(escape, "invalid \\u escape");
        if (cp >= 0xDC00 && cp <= 0xDFFF) return fail_string(escape, "unpaired surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low;
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail_string(escape, "unpaired surrogate");
          p_ += 2;
          if (!hex4(low)) return fail_string(p_ - 2, "invalid \\u escape");
          if (low < 0xDC00 || low > 0xDFFF) return fail_string(escape, "unpaired surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (keep) append_utf8(scratch_, cp);
        continue;
      }
      default: return fail_string(escape, "invalid escape");
    }
    if (keep) scratch_ += decoded;
    ++p_;
  }
  const std::string_view raw(start, static_cast<std::size_t>(p_ - start));
  ++p_;
  // Escapes are ASCII, so checking the raw text checks every literal byte.
  if (!ascii && !valid_utf8_or_fail(raw)) return {};
  if (!keep) return raw;
  return std::string_view(scratch_.data() + first, scratch_.size() - first);
}

// At '-' or a digit. With out == nullptr only validates, but still rejects
// numbers that overflow (as any JSON parser producing doubles must).
bool Scanner::number(double* out) {
  const char* const start = p_;
  const char* p = start;
  if (*p == '-') ++p;
  if (p == end_ || !is_digit(*p)) return fail_syntax(p, "expected a digit");
  const char* const int_start = p;
  std::uint64_t mantissa = 0;  // wraps past 19 digits; only used up to 19
  if (*p == '0') {
    ++p;
  } else {
    // Timestamps have 13 digits: take them 8 at a time.
    while (end_ - p >= 8 && eight_digits(load8(p))) {
      mantissa = mantissa * 100000000 + eight_digits_value(load8(p));
      p += 8;
    }
    for (; p != end_ && is_digit(*p); ++p) mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
  }
  const auto int_digits = p - int_start;
  bool plain = true;
  bool has_exponent = false;
  if (p != end_ && *p == '.') {
    ++p;
    if (p == end_ || !is_digit(*p)) return fail_syntax(p, "expected a digit");
    while (p != end_ && is_digit(*p)) ++p;
    plain = false;
  }
  if (p != end_ && (*p | 0x20) == 'e') {
    ++p;
    if (p != end_ && (*p == '+' || *p == '-')) ++p;
    if (p == end_ || !is_digit(*p)) return fail_syntax(p, "expected a digit");
    while (p != end_ && is_digit(*p)) ++p;
    plain = false;
    has_exponent = true;
  }
  p_ = p;
  double v;
  if (plain && int_digits <= 19) {
    // Exact below 2^53, and above it one correctly rounded conversion
    // (x86-64 and wasm convert integers to double with round-to-nearest).
    v = static_cast<double>(mantissa);
    if (*start == '-') v = -v;
  } else if (out == nullptr && !has_exponent && int_digits <= 308) {
    return true;  // below 1e308 < DBL_MAX: cannot overflow
  } else {
    v = json_number_to_double(std::string_view(start, static_cast<std::size_t>(p - start)));
    if (!std::isfinite(v)) return fail_value("leadscore.event.range", "number out of range");
  }
  if (out != nullptr) *out = v;
  return true;
}

bool Scanner::literal(const char* word, std::size_t n) {
  if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) {
    return fail_syntax(p_, "expected a value");
  }
  p_ += n;
  return true;
}

// A value in a container at nesting `depth`; containers are validated and
// skipped, scalars are kept.
bool Scanner::value(Slot& out, int depth) {
  if (p_ == end_) return fail_syntax(p_, "expected a value");
  switch (*p_) {
    case '"':
      ++p_;
      out.kind = Kind::string;
      out.text = scan_string(true);
      return out.text.data() != nullptr;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      out.kind = Kind::number;
      return number(&out.number);
    case 't':
      out.kind = Kind::boolean;
      out.boolean = true;
      return literal("true", 4);
    case 'f':
      out.kind = Kind::boolean;
      out.boolean = false;
      return literal("false", 5);
    case 'n':
      out.kind = Kind::null;
      return literal("null", 4);
    case '{':
      out.kind = Kind::object;
      return skip_value(depth);
    case '[':
      out.kind = Kind::array;
      return skip_value(depth);
    default:
      return fail_syntax(p_, "expected a value");
  }
}

// Validates and skips any value in a container at nesting `depth`. Iterative:
// bit i of `objects` says whether the i-th container opened here is an object.
bool Scanner::skip_value(int depth) {
  std::uint64_t objects = 0;
  int level = 0;
  for (;;) {
    if (p_ == end_) return fail_syntax(p_, "expected a value");
    const char c = *p_;
    if (c == '{' || c == '[') {
      if (depth + level + 1 > max_depth) {
        return fail_value("leadscore.event.too_large", "nested deeper than 64 levels");
      }
      const bool object = c == '{';
      ++p_;
      if (object) {
        objects |= std::uint64_t{1} << level;
      } else {
        objects &= ~(std::uint64_t{1} << level);
      }
      ++level;
      skip_ws();
      if (consume(object ? '}' : ']')) {
        --level;
      } else {
        if (object && name_and_colon(false).data() == nullptr) return false;
        continue;
      }
    } else if (c == '"') {
      ++p_;
      if (scan_string(false).data() == nullptr) return false;
    } else if (c == '-' || is_digit(c)) {
      if (!number(nullptr)) return false;
    } else if (!(c == 't'   ? literal("true", 4)
                 : c == 'f' ? literal("false", 5)
                            : literal("null", 4))) {
      return false;
    }
    // After a value: close finished containers, or step to the next element.
    for (;;) {
      if (level == 0) return true;
      const bool object = (objects >> (level - 1)) & 1u;
      skip_ws();
      if (consume(',')) {
        skip_ws();
        if (object && name_and_colon(false).data() == nullptr) return false;
        break;
      }
      if (!consume(object ? '}' : ']')) return fail_syntax(p_, object ? "expected ',' or '}'" : "expected ',' or ']'");
      --level;
    }
  }
}

PropValue prop_value(const Slot& v, bool& nested) {
  PropValue value;
  switch (v.kind) {
    case Kind::string:
      value.kind = PropValue::Kind::string;
      value.text = v.text;
      break;
    case Kind::number:
      value.kind = PropValue::Kind::number;
      value.number = v.number;
      break;
    case Kind::boolean:
      value.kind = PropValue::Kind::boolean;
      value.boolean = v.boolean;
      break;
    case Kind::null: break;
    default:
      mark_nested(value);
      nested = true;
  }
  return value;
}

void Scanner::store_prop(Members& m, std::string_view key, const Slot& v) {
  for (Prop& existing : props_) {
    if (existing.key == key) {
      existing.value = prop_value(v, m.nested_props);  // keeps its first position, takes the last value
      return;
    }
  }
  if (props_.size() == EventLimits::max_props) {
    m.too_many_props = true;
    return;
  }
  // Grown, then filled field by field: at -O3 GCC copies a whole Prop
  // temporary with a slow "rep movs" (about 6% of a typical parse).
  // emplace_back() rather than resize(): at -Oz resize() is a call into
  // libc++'s general __append plus a memset (~2% of a wasm batch).
  Prop& added = props_.emplace_back();
  added.key = key;
  added.value = prop_value(v, m.nested_props);
}

// At the '{' of "props" (nesting depth 2).
bool Scanner::props_object(Members& m) {
  ++p_;
  skip_ws();
  if (consume('}')) return true;
  for (;;) {
    const std::string_view key = name_and_colon(true);
    if (key.data() == nullptr) return false;
    prop_key_ = key;
    in_prop_ = true;
    Slot v;
    if (!value(v, 2)) return false;
    in_prop_ = false;
    store_prop(m, key, v);
    skip_ws();
    if (consume(',')) {
      skip_ws();
      continue;
    }
    if (consume('}')) return true;
    return fail_syntax(p_, "expected ',' or '}'");
  }
}

// Valid JSON that is not an object is a type error, anything else syntax.
bool Scanner::not_an_object() {
  Slot v;
  if (!value(v, 0)) return false;
  skip_ws();
  if (p_ != end_) return fail_syntax(p_, "unexpected text after the value");
  error_.id = "leadscore.event.type";
  error_.path.clear();
  error_.message = std::string("expected an object, got ") + kind_name(v.kind);
  return false;
}

bool Scanner::event(Members& m) {
  skip_ws();
  if (p_ == end_) return fail_syntax(p_, "expected '{'");
  if (!consume('{')) return not_an_object();
  skip_ws();
  if (!consume('}')) {
    for (;;) {
      const std::string_view key = name_and_colon(true);
      if (key.data() == nullptr) return false;
      member_ = key;
      Slot* slot = nullptr;
      switch (key.size()) {
        case 2: if (key == "ts") slot = &m.ts; break;
        case 3: if (key == "url") slot = &m.url; break;
        case 4: if (key == "type") slot = &m.type; break;
        case 7: if (key == "visitor") slot = &m.visitor; break;
        default: break;
      }
      if (slot != nullptr) {
        if (!value(*slot, 1)) return false;
      } else if (key == "props") {
        // The last "props" member wins as a whole.
        props_.clear();
        m.too_many_props = false;
        m.nested_props = false;
        if (p_ != end_ && *p_ == '{') {
          m.props = Kind::object;
          if (!props_object(m)) return false;
        } else {
          Slot other;
          if (!value(other, 1)) return false;
          m.props = other.kind;
        }
      } else if (!skip_value(1)) {
        return false;
      }
      skip_ws();
      if (consume(',')) {
        skip_ws();
        continue;
      }
      if (consume('}')) break;
      return fail_syntax(p_, "expected ',' or '}'");
    }
  }
  skip_ws();
  if (p_ != end_) return fail_syntax(p_, "unexpected text after the object");
  return true;
}

bool fail(Error& error, const char* id, std::string path, std::string message) {
  error.id = id;
  error.path = std::move(path);
  error.message = std::move(message);
  return false;
}

// Literal path and message: assigned here, no std::string built at each call site.
bool fail(Error& error, const char* id, const char* path, const char* message) {
  error.id = id;
  error.path = path;
  error.message = message;
  return false;
}

bool check_string(const Slot& s, const char* path, std::size_t max_bytes, Error& error) {
  if (s.kind != Kind::string) {
    return fail(error, "leadscore.event.type", path, std::string("expected a string, got ") + kind_name(s.kind));
  }
  if (s.text.size() > max_bytes) {
    return fail(error, "leadscore.event.too_large", path, "longer than " + decimal(max_bytes) + " bytes");
  }
  return true;
}

// The member checks, on the last value of each member.
bool check_members(const Members& m, Event& event, Error& error) {
  if (m.type.kind == Kind::absent) return fail(error, "leadscore.event.required", "/type", "is required");
  if (!check_string(m.type, "/type", EventLimits::max_type_bytes, error)) return false;
  if (m.type.text.empty()) return fail(error, "leadscore.event.required", "/type", "must not be empty");
  event.type = m.type.text;

  if (m.ts.kind == Kind::absent) return fail(error, "leadscore.event.required", "/ts", "is required");
  if (m.ts.kind != Kind::number) {
    return fail(error, "leadscore.event.type", "/ts", std::string("expected a number, got ") + kind_name(m.ts.kind));
  }
  const double ts = m.ts.number;
  if (!(ts >= 0 && ts <= static_cast<double>(EventLimits::max_ts))) {
    return fail(error, "leadscore.event.range", "/ts",
                "must be between 0 and " + decimal(EventLimits::max_ts));
  }
  event.ts = static_cast<std::int64_t>(std::floor(ts));

  if (m.visitor.kind != Kind::absent) {
    if (!check_string(m.visitor, "/visitor", max_visitor_bytes, error)) return false;
    event.visitor = m.visitor.text;
  }
  if (m.url.kind != Kind::absent) {
    if (!check_string(m.url, "/url", EventLimits::max_url_bytes, error)) return false;
    event.url = m.url.text;
  }

  if (m.props != Kind::absent && m.props != Kind::object && m.props != Kind::null) {
    return fail(error, "leadscore.event.type", "/props",
                std::string("expected an object or null, got ") + kind_name(m.props));
  }
  if (m.too_many_props) {
    return fail(error, "leadscore.event.too_large", "/props",
                "more than " + decimal(EventLimits::max_props) + " props");
  }
  for (const Prop& p : event.props) {
    if (p.key.size() > EventLimits::max_key_bytes) {
      return fail(error, "leadscore.event.too_large", json_pointer_child("/props", std::string(p.key)),
                  "name longer than " + decimal(EventLimits::max_key_bytes) + " bytes");
    }
    if (p.value.kind == PropValue::Kind::string && p.value.text.size() > EventLimits::max_value_bytes) {
      return fail(error, "leadscore.event.too_large", json_pointer_child("/props", std::string(p.key)),
                  "longer than " + decimal(EventLimits::max_value_bytes) + " bytes");
    }
  }
  if (m.nested_props) {
    std::size_t kept = 0;
    for (const Prop& p : event.props) {
      if (!is_nested_marker(p.value)) event.props[kept++] = p;
    }
    event.props.resize(kept);
  }
  return true;
}

}  // namespace

const PropValue* Event::prop(std::string_view key) const {
  // Keys are unique (the parser merges duplicates), so the first match is
  // the last value the text gave.
  // Rules look props up on every event: test length and first byte before
  // comparing whole keys (most keys differ there).
  for (const Prop& p : props) {
    if (p.key.size() == key.size() && (key.empty() || p.key[0] == key[0]) && p.key == key) {
      return &p.value;
    }
  }
  return nullptr;
}

const Event* EventParser::parse(std::string_view text, Error& error) {
  event_.visitor = {};
  event_.type = {};
  event_.url = {};
  event_.ts = 0;
  event_.props.clear();
  scratch_.clear();
  if (text.size() > EventLimits::max_bytes) {
    fail(error, "leadscore.event.too_large", "",
         "longer than " + decimal(EventLimits::max_bytes) + " bytes");
    return nullptr;
  }
  // Only ever grow: libc++'s reserve() also shrinks to the requested size,
  // which reallocated the buffer on most events of a stream.
  if (scratch_.capacity() < text.size()) scratch_.reserve(text.size());
  Members members;
  Scanner scanner(text, scratch_, event_.props, error);
  if (!scanner.event(members) || !check_members(members, event_, error)) {
    event_.props.clear();
    return nullptr;
  }
  return &event_;
}

bool parse_json_document(std::string_view text, JsonValue& out, Error& error) {
  // A UTF-8 byte order mark is skipped, as nlohmann (the native reader) does.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string scratch;
  std::vector<Prop> props;
  Scanner scanner(text, scratch, props, error);
  scanner.count_lines();
  return scanner.document(out, 0) && scanner.at_end();
}

}  // namespace leadscore
