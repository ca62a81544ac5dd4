#include "leadscore/error.hpp"

#include "leadscore/text.hpp"

namespace leadscore {

std::string Error::to_string() const {
  std::string out = "[" + id + "] ";
  out += path.empty() ? std::string("/") : path;
  out += ": ";
  out += message;
  return out;
}

std::string json_pointer_child(const std::string& parent, const std::string& key) {
  std::string out = parent;
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string json_pointer_child(const std::string& parent, std::size_t index) {
  return parent + "/" + decimal(index);
}

}  // namespace leadscore
