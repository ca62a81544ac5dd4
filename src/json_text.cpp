#include "leadscore/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "leadscore/text.hpp"

namespace leadscore {

namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " id. It
// quotes the input where it stopped ("last read: '...'"), which may be the
// very bytes that are not UTF-8: errors are written out as JSON (the inbox's
// answers), so they must be UTF-8 themselves.
Error syntax_error(const std::string& domain, const json::exception& e) {
  std::string message = e.what();
  if (const auto close = message.find("] "); close != std::string::npos) message.erase(0, close + 2);
  return Error{domain + ".syntax", "", valid_utf8(message)};
}

// "line L, column C" of the byte at `offset` (both from 1, columns in
// characters as the WebAssembly reader counts them: UTF-8 continuation bytes
// are not counted).
std::string line_and_column(std::string_view text, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const std::size_t newline = before.rfind('\n');
  const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  const auto lines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const auto continuation = std::count_if(before.begin() + static_cast<std::ptrdiff_t>(line_start), before.end(),
                                          [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
  return "line " + std::to_string(lines + 1) + ", column " +
         std::to_string(offset - line_start + 1 - static_cast<std::size_t>(continuation));
}

// nlohmann ends the input at a NUL byte, so it would take "{}" followed by a
// NUL and anything at all. JSON.parse and the WebAssembly reader refuse that;
// so does this. (A NUL before the end of the document is refused by nlohmann
// itself: it cuts the document short.)
bool nul_after_document(std::string_view text, const std::string& domain, Error& error) {
  const std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) return false;
  error = Error{domain + ".syntax", "", "parse error at " + line_and_column(text, nul) + ": a NUL byte after the document"};
  return true;
}

// Builds a JsonValue from nlohmann's SAX events: no nlohmann document in
// between, and a repeated key is seen (JsonValue::set marks it) instead of
// merged away.
class ValueBuilder : public nlohmann::json_sax<json> {
 public:
  ValueBuilder(std::string_view text, const std::string& domain, Error& error)
      : text_(text), domain_(domain), error_(error) {}

  JsonValue result;

  bool null() override { return add(JsonValue()); }
  bool boolean(bool b) override { return add(JsonValue::boolean(b)); }
  bool number_integer(number_integer_t n) override { return add(JsonValue::number(static_cast<double>(n))); }
  bool number_unsigned(number_unsigned_t n) override { return add(JsonValue::number(static_cast<double>(n))); }
  bool number_float(number_float_t n, const string_t&) override { return add(JsonValue::number(n)); }
  bool string(string_t& s) override { return add(JsonValue::string(std::move(s))); }
  bool binary(binary_t&) override { return false; }  // JSON text has none
  bool start_object(std::size_t) override { return open(JsonValue::object()); }
  bool key(string_t& k) override {
    keys_.push_back(std::move(k));
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(JsonValue::array()); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t end, const std::string& token, const nlohmann::detail::exception& e) override {
    error_ = syntax_error(domain_, e);
    // A number beyond double ("1e999", out_of_range.406): nlohmann's message
    // does not say where, the others do. Say where the number starts.
    if (e.id == 406 && token.size() <= end) {
      error_.message = "parse error at " + line_and_column(text_, end - token.size()) + ": " + error_.message;
    }
    return false;
  }

 private:
  bool add(JsonValue v) {
    if (open_.empty()) {
      result = std::move(v);
    } else if (open_.back().is_object()) {
      open_.back().set(std::move(keys_.back()), std::move(v));
      keys_.pop_back();
    } else {
      open_.back().push_back(std::move(v));
    }
    return true;
  }
  // As the WebAssembly reader: at most max_json_depth arrays and objects open at once.
  bool open(JsonValue container) {
    if (open_.size() == max_json_depth) {
      error_ = Error{domain_ + ".syntax", "", "nested deeper than " + std::to_string(max_json_depth) + " levels"};
      return false;
    }
    open_.push_back(std::move(container));
    return true;
  }
  bool close() {
    JsonValue done = std::move(open_.back());
    open_.pop_back();
    return add(std::move(done));
  }

  std::string_view text_;
  const std::string& domain_;
  Error& error_;
  std::vector<JsonValue> open_;
  std::vector<std::string> keys_;  // the key of each open object's member being read
};

}  // namespace

std::optional<json> parse_json_text(std::string_view text, const std::string& domain, Error& error) {
  try {
    std::optional<json> doc = json::parse(text.begin(), text.end());
    if (nul_after_document(text, domain, error)) return std::nullopt;
    return doc;
  } catch (const json::out_of_range& e) {
    // A number beyond double ("1e999"): this exception does not say where;
    // the same parser reading through parse_json_value does.
    if (parse_json_value(text, domain, error)) error = syntax_error(domain, e);
    return std::nullopt;
  } catch (const json::exception& e) {
    // The message reads "parse error at line 3, column 5: syntax error while parsing ...".
    error = syntax_error(domain, e);
    return std::nullopt;
  }
}

std::optional<JsonValue> parse_json_value(std::string_view text, const std::string& domain, Error& error) {
  ValueBuilder builder(text, domain, error);
  try {
    if (!json::sax_parse(text.begin(), text.end(), &builder)) return std::nullopt;
  } catch (const json::exception& e) {
    error = syntax_error(domain, e);
    return std::nullopt;
  }
  if (nul_after_document(text, domain, error)) return std::nullopt;
  return std::move(builder.result);
}

ConfigResult load_config_text(std::string_view text) {
  Error syntax;
  const std::optional<JsonValue> doc = parse_json_value(text, "leadscore.config", syntax);
  if (doc) return load_config(*doc);
  // Text that cannot be read is said as the widget says it: where and what
  // from the WebAssembly module's reader. nlohmann's place is where its
  // reading stopped (after a "\ud800" escape, the byte after a bad one, three
  // columns further on a line after a byte order mark, "column 0").
  JsonValue unused;
  Error where;
  if (!parse_json_document(text, unused, where)) {
    syntax = Error{"leadscore.config.syntax", "", "not a JSON document: " + where.message};
  }
  ConfigResult refused;
  refused.errors.push_back(std::move(syntax));
  return refused;
}

std::size_t json_nesting(const json& document, std::size_t limit) {
  std::vector<std::pair<const json*, std::size_t>> stack{{&document, 1}};
  std::size_t deepest = 0;
  while (!stack.empty()) {
    const auto [value, depth] = stack.back();
    stack.pop_back();
    if (!value->is_structured()) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) break;
    for (const json& child : *value) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}

namespace {
// Scores are doubles; print integral ones as integers ("50", not "50.0").
json integral_numbers(const json& v) {
  switch (v.type()) {
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.0e15) {
        return json(static_cast<std::int64_t>(d));
      }
      return v;
    }
    case json::value_t::object: {
      json out = json::object();
      for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = integral_numbers(*it);
      return out;
    }
    case json::value_t::array: {
      json out = json::array();
      for (const auto& e : v) out.push_back(integral_numbers(e));
      return out;
    }
    default:
      return v;
  }
}
}  // namespace

JsonValue to_json_value(const json& v) {
  switch (v.type()) {
    case json::value_t::boolean: return JsonValue::boolean(v.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return JsonValue::number(v.get<double>());
    case json::value_t::string: return JsonValue::string(v.get<std::string>());
    case json::value_t::array: {
      JsonValue out = JsonValue::array();
      for (const json& e : v) out.push_back(to_json_value(e));
      return out;
    }
    case json::value_t::object: {
      JsonValue out = JsonValue::object();
      for (auto it = v.begin(); it != v.end(); ++it) out.set(it.key(), to_json_value(*it));
      return out;
    }
    default: return JsonValue();
  }
}

namespace {
// nlohmann reads any depth; the WebAssembly reader (parse_json_document) and
// to_json_value, which recurses, stop at max_json_depth.
Error too_deep(const char* domain) {
  return Error{std::string(domain) + ".syntax", "", "nested deeper than " + std::to_string(max_json_depth) + " levels"};
}
}  // namespace

ConfigResult load_config(const json& document) {
  if (json_nesting(document, max_json_depth) > max_json_depth) {
    ConfigResult refused;
    refused.errors.push_back(too_deep("leadscore.config"));
    return refused;
  }
  const JsonValue doc = to_json_value(document);
  return load_config(doc);
}

ProfileResult load_profile(const Config& config, const json& document, const std::string& fallback_visitor_id) {
  if (json_nesting(document, max_json_depth) > max_json_depth) {
    ProfileResult refused = load_profile(config, JsonValue(), fallback_visitor_id);  // a fresh profile
    refused.errors = {too_deep("leadscore.profile")};
    return refused;
  }
  const JsonValue doc = to_json_value(document);
  return load_profile(config, doc, fallback_visitor_id);
}

std::string to_json_text(const json& value) {
  return integral_numbers(value).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace leadscore
