// libFuzzer: any text through the WebAssembly module's JSON reader
// (parse_json_document) and through nlohmann, the native one. They must agree:
// both accept or both refuse, and give the same document
// (tests/core/json_document_diff.hpp; the one intended difference is nesting
// deeper than 64, which only parse_json_document refuses).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "json_document_diff.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string why = leadscore::test::document_disagreement(text);
  if (!why.empty()) {
    std::fprintf(stderr, "disagreement: %s\n", why.c_str());
    __builtin_trap();
  }
  return 0;
}
