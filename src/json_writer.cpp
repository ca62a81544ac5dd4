#include "leadscore/json_writer.hpp"

#include <cmath>

#include "leadscore/text.hpp"

namespace leadscore {

void append_control_escape(std::string& out, unsigned char c) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (c) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      append_control_escape(out, c);
    } else {
      out += ch;  // UTF-8 passes through; inputs were checked when they came in
    }
  }
  out += '"';
}

void JsonWriter::separate() {
  if (!first_) out_ += ',';
  first_ = false;
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_ += '{';
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_ += '[';
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_ += ':';
  first_ = true;  // the value that follows needs no comma
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(double n) {
  separate();
  out_ += format_json_number(n);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
  separate();
  out_ += format_number(static_cast<double>(n));
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t n) {
  separate();
  out_ += format_number(static_cast<double>(n));
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::score(double v) {
  separate();
  // Hundredths as an integer: the text of a 2-decimal value is exact.
  double hundredths = std::round(v * 100);
  if (hundredths == 0) hundredths = 0;  // no "-0"
  if (!(std::fabs(hundredths) < 9e15)) {  // also NaN, which no integer can hold
    out_ += format_json_number(v);
    return *this;
  }
  const auto h = static_cast<std::int64_t>(hundredths);
  const std::uint64_t a = static_cast<std::uint64_t>(h < 0 ? -h : h);
  if (h < 0) out_ += '-';
  out_ += format_number(static_cast<double>(a / 100));
  if (const std::uint64_t frac = a % 100) {
    out_ += '.';
    out_ += static_cast<char>('0' + frac / 10);
    if (frac % 10) out_ += static_cast<char>('0' + frac % 10);
  }
  return *this;
}

JsonWriter& JsonWriter::value(const JsonValue& v) {
  switch (v.type()) {
    case JsonValue::Type::null: return null();
    case JsonValue::Type::boolean: return value(v.as_bool());
    case JsonValue::Type::number: return value(v.as_number());
    case JsonValue::Type::string: return value(std::string_view(v.as_string()));
    case JsonValue::Type::array:
      begin_array();
      for (std::size_t i = 0; i < v.size(); ++i) value(v[i]);
      return end_array();
    case JsonValue::Type::object:
      begin_object();
      for (std::size_t i = 0; i < v.size(); ++i) key(v.key(i)).value(v[i]);
      return end_object();
  }
  return *this;
}

std::string to_json(const JsonValue& value) {
  JsonWriter out;
  out.value(value);
  return out.take();
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

}  // namespace leadscore
