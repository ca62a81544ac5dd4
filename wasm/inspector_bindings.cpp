// What only tools ask the core (dist/leadscore-inspector.mjs): linked into the
// inspector's module (dist/leadscore-inspector.wasm) next to bindings.cpp,
// never into the widget's leadscore.wasm, so pages do not download it.

#include <emscripten/bind.h>

#include <string>

#include "leadscore/config_warnings.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/json_writer.hpp"

namespace {

/// The warnings of config text (UTF-8, a JS string or bytes) as JSON
/// [{id, path, message}]; "[]" for text that is not JSON (loadConfig says why).
std::string config_warnings(const std::string& text) {
  leadscore::JsonValue doc;
  leadscore::Error error;
  leadscore::JsonWriter out;
  out.begin_array();
  if (leadscore::parse_json_document(text, doc, error)) {
    for (const leadscore::Error& w : leadscore::config_warnings(doc)) {
      out.begin_object().field("id", w.id).field("path", w.path).field("message", w.message).end_object();
    }
  }
  return out.end_array().take();
}

}  // namespace

EMSCRIPTEN_BINDINGS(leadscore_inspector) {
  emscripten::function("configWarnings", &config_warnings);
}
