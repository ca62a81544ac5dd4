#include "leadscore/error.hpp"

#include <string_view>

#include "leadscore/json_writer.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

namespace {
// Control characters (C0 and DEL) as JSON writes them, so the text stays on
// one line and a NUL does not end it early; everything else as it is.
void append_one_line(std::string& out, std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7F) {
      out += ch;
    } else {
      append_control_escape(out, c);
    }
  }
}
}  // namespace

std::string Error::to_string() const {
  std::string out = "[";
  append_one_line(out, id);
  out += "] ";
  append_one_line(out, path.empty() ? std::string_view("/") : std::string_view(path));
  out += ": ";
  append_one_line(out, message);
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
