#include "leadscore/json_value.hpp"

namespace leadscore {

namespace {
const std::string empty_string;
const JsonValue null_value;
}  // namespace

JsonValue JsonValue::boolean(bool b) {
  JsonValue v;
  v.type_ = Type::boolean;
  v.bool_ = b;
  return v;
}

JsonValue JsonValue::number(double n) {
  JsonValue v;
  v.type_ = Type::number;
  v.number_ = n;
  return v;
}

JsonValue JsonValue::string(std::string s) {
  JsonValue v;
  v.type_ = Type::string;
  v.string_ = std::move(s);
  return v;
}

JsonValue JsonValue::array() {
  JsonValue v;
  v.type_ = Type::array;
  return v;
}

JsonValue JsonValue::object() {
  JsonValue v;
  v.type_ = Type::object;
  return v;
}

bool JsonValue::as_bool() const { return type_ == Type::boolean && bool_; }
double JsonValue::as_number() const { return type_ == Type::number ? number_ : 0; }
const std::string& JsonValue::as_string() const { return type_ == Type::string ? string_ : empty_string; }

std::size_t JsonValue::size() const {
  return type_ == Type::array || type_ == Type::object ? items_.size() : 0;
}

const JsonValue& JsonValue::operator[](std::size_t i) const { return i < size() ? items_[i] : null_value; }

const std::string& JsonValue::key(std::size_t i) const {
  return type_ == Type::object && i < keys_.size() ? keys_[i] : empty_string;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  if (type_ != Type::object) return nullptr;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

void JsonValue::push_back(JsonValue v) {
  if (type_ == Type::array) items_.push_back(std::move(v));
}

void JsonValue::set(std::string key, JsonValue v) {
  if (type_ != Type::object) return;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) {
      items_[i] = std::move(v);
      items_[i].repeated_ = true;
      return;
    }
  }
  keys_.push_back(std::move(key));
  items_.push_back(std::move(v));
}

}  // namespace leadscore
