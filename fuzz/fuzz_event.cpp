// Differential fuzzing of EventParser against nlohmann::json.
//
// nlohmann (std::map objects: a repeated name keeps its last value) decides
// whether the text is JSON and what it holds; the member rules of
// include/leadscore/event.hpp are then applied to that document here, and
// EventParser must agree: same acceptance, same fields, same scalar props.
// Disagreement traps (after printing what differed).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "leadscore/event.hpp"

namespace {

using json = nlohmann::json;
using leadscore::Error;
using leadscore::Event;
using leadscore::EventLimits;
using leadscore::EventParser;
using leadscore::PropValue;

constexpr std::size_t max_visitor_bytes = 256;  // as in src/event_json.cpp
constexpr int max_depth = 64;

[[noreturn]] void disagree(const char* what, std::string_view text, const Error* error) {
  std::fprintf(stderr, "fuzz_event: %s\n", what);
  if (error != nullptr) std::fprintf(stderr, "  EventParser error: %s\n", error->to_string().c_str());
  std::fprintf(stderr, "  input (%zu bytes): %.*s\n", text.size(), static_cast<int>(text.size() > 600 ? 600 : text.size()),
               text.data());
  __builtin_trap();
}

// Deepest nesting of containers in text that is known to be valid JSON.
int nesting_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

bool is_scalar(const json& v) { return !v.is_object() && !v.is_array(); }

bool string_within(const json& v, std::size_t max_bytes) {
  return v.is_string() && v.get_ref<const std::string&>().size() <= max_bytes;
}

// The member rules, applied to a document nlohmann accepted.
bool expect_accepted(std::string_view text, const json& doc) {
  if (text.size() > EventLimits::max_bytes || !doc.is_object()) return false;
  if (nesting_depth(text) > max_depth) return false;
  const auto type = doc.find("type");
  if (type == doc.end() || !string_within(*type, EventLimits::max_type_bytes) ||
      type->get_ref<const std::string&>().empty()) {
    return false;
  }
  const auto ts = doc.find("ts");
  if (ts == doc.end() || !ts->is_number()) return false;
  const double ts_value = ts->get<double>();
  if (!(ts_value >= 0 && ts_value <= static_cast<double>(EventLimits::max_ts))) return false;
  const auto visitor = doc.find("visitor");
  if (visitor != doc.end() && !string_within(*visitor, max_visitor_bytes)) return false;
  const auto url = doc.find("url");
  if (url != doc.end() && !string_within(*url, EventLimits::max_url_bytes)) return false;
  const auto props = doc.find("props");
  if (props != doc.end() && !props->is_null()) {
    if (!props->is_object() || props->size() > EventLimits::max_props) return false;
    for (auto it = props->begin(); it != props->end(); ++it) {
      if (it.key().size() > EventLimits::max_key_bytes) return false;
      if (it->is_string() && it->get_ref<const std::string&>().size() > EventLimits::max_value_bytes) return false;
    }
  }
  return true;
}

std::string_view optional_string(const json& doc, const char* name) {
  const auto it = doc.find(name);
  if (it == doc.end()) return {};
  return it->get_ref<const std::string&>();
}

void check_fields(std::string_view text, const json& doc, const Event& e) {
  if (e.type != doc["type"].get_ref<const std::string&>()) disagree("type differs", text, nullptr);
  if (e.visitor != optional_string(doc, "visitor")) disagree("visitor differs", text, nullptr);
  if (e.url != optional_string(doc, "url")) disagree("url differs", text, nullptr);
  const auto ts = static_cast<std::int64_t>(std::floor(doc["ts"].get<double>()));
  if (e.ts != ts) disagree("ts differs", text, nullptr);

  std::size_t scalars = 0;
  const auto props = doc.find("props");
  if (props != doc.end() && props->is_object()) {
    for (auto it = props->begin(); it != props->end(); ++it) {
      const PropValue* got = e.prop(it.key());
      if (!is_scalar(*it)) {
        if (got != nullptr) disagree("a nested prop was kept", text, nullptr);
        continue;
      }
      ++scalars;
      if (got == nullptr) disagree("a scalar prop is missing", text, nullptr);
      const json& want = *it;
      bool same = false;
      switch (got->kind) {
        case PropValue::Kind::string:
          same = want.is_string() && got->text == want.get_ref<const std::string&>();
          break;
        case PropValue::Kind::number:
          same = want.is_number() && got->number == want.get<double>();
          break;
        case PropValue::Kind::boolean:
          same = want.is_boolean() && got->boolean == want.get<bool>();
          break;
        case PropValue::Kind::null:
          same = want.is_null();
          break;
      }
      if (!same) disagree("a prop value differs", text, nullptr);
    }
  }
  if (e.props.size() != scalars) disagree("prop count differs", text, nullptr);
  for (std::size_t i = 0; i < e.props.size(); ++i) {
    for (std::size_t j = i + 1; j < e.props.size(); ++j) {
      if (e.props[i].key == e.props[j].key) disagree("a prop key appears twice", text, nullptr);
    }
  }
}

bool known_id(const std::string& id) {
  return id == "leadscore.event.syntax" || id == "leadscore.event.type" || id == "leadscore.event.required" ||
         id == "leadscore.event.range" || id == "leadscore.event.too_large";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // One parser for the whole run, as the CLI uses it: state left behind by
  // one input must not affect the next.
  static EventParser parser;
  Error error;
  const Event* event = parser.parse(text, error);

  if (event == nullptr) {
    if (!known_id(error.id) || error.message.empty()) disagree("unknown error id or empty message", text, &error);
    if (!error.path.empty() && error.path[0] != '/') disagree("path is not a JSON pointer", text, &error);
    if (error.id == "leadscore.event.syntax" && !error.path.empty()) disagree("syntax error with a path", text, &error);
  }

  const json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  // Where nlohmann is more lenient than RFC 8259 the text must be refused:
  // it skips a UTF-8 byte order mark, and takes a NUL byte as the end of
  // the input (for C strings); raw NUL is never valid JSON.
  const bool bom = size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0;
  const bool nul = std::memchr(data, 0, size) != nullptr;
  if (doc.is_discarded() || bom || nul) {
    if (event != nullptr) disagree("accepted text that is not JSON", text, nullptr);
    if (error.id == "leadscore.event.type" || error.id == "leadscore.event.required") {
      disagree("text that is not JSON refused for its members", text, &error);
    }
    return 0;
  }
  if (event == nullptr && error.id == "leadscore.event.syntax") disagree("syntax error in valid JSON", text, &error);

  const bool expected = expect_accepted(text, doc);
  if (expected && event == nullptr) disagree("refused a valid event", text, &error);
  if (!expected && event != nullptr) disagree("accepted an invalid event", text, nullptr);
  if (event == nullptr) return 0;
  check_fields(text, doc, *event);

  // Parsing the same text again gives the same event.
  Error again_error;
  const Event* again = parser.parse(text, again_error);
  if (again == nullptr) disagree("a second parse failed", text, &again_error);
  check_fields(text, doc, *again);
  return 0;
}
