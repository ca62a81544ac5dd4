#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>

#include "leadscore/text.hpp"

namespace leadscore::detail {

double decimal_to_double_slow(std::string_view text) {
  // strtod rounds correctly and needs a terminated copy. The C locale is never
  // changed by this project, so '.' is the decimal point.
  char small[64];
  if (text.size() < sizeof small) {
    std::memcpy(small, text.data(), text.size());
    small[text.size()] = '\0';
    return std::strtod(small, nullptr);
  }
  const std::string copy(text);
  return std::strtod(copy.c_str(), nullptr);
}

std::string shortest_double_text(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace leadscore::detail
