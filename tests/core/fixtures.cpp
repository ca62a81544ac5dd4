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

}  // namespace leadscore::test
