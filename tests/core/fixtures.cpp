#include "fixtures.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "leadscore/json_text.hpp"

namespace leadscore::test {

std::string fixture_path(const std::string& relative) {
  return std::string(LEADSCORE_FIXTURES_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json load_fixture(const std::string& relative) {
  Error error;
  auto doc = parse_json_text(read_file(fixture_path(relative)), "fixture", error);
  if (!doc) throw std::runtime_error(relative + ": " + error.to_string());
  return *doc;
}

std::string case_text(const json& c) {
  const std::string utf8 = c.at("text").get<std::string>();
  if (c.value("encoding", "utf-8") != "latin1") return utf8;
  std::string bytes;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      bytes += static_cast<char>(b);
    } else if ((b == 0xC2 || b == 0xC3) && i + 1 < utf8.size()) {
      bytes += static_cast<char>((b & 0x03) << 6 | (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    } else {
      throw std::runtime_error(c.at("name").get<std::string>() + ": a latin1 text holds a character above U+00FF");
    }
  }
  return bytes;
}

JsonValue value_of(const std::string& json_text) { return to_json_value(json::parse(json_text)); }

bool subset_match(const json& expected, const json& actual, std::string& why,
                  const std::string& path) {
  const std::string at = path.empty() ? "/" : path;
  if (expected.is_object()) {
    if (!actual.is_object()) {
      why = at + ": expected an object, got " + actual.dump();
      return false;
    }
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      auto found = actual.find(it.key());
      if (found == actual.end()) {
        why = at + ": missing key \"" + it.key() + "\" in " + actual.dump();
        return false;
      }
      if (!subset_match(*it, *found, why, path + "/" + it.key())) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      why = at + ": expected " + expected.dump() + ", got " + actual.dump();
      return false;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!subset_match(expected[i], actual[i], why, path + "/" + std::to_string(i))) return false;
    }
    return true;
  }
  const bool equal = expected.is_number() && actual.is_number()
                         ? expected.get<double>() == actual.get<double>()
                         : expected == actual;
  if (!equal) why = at + ": expected " + expected.dump() + ", got " + actual.dump();
  return equal;
}

}  // namespace leadscore::test
