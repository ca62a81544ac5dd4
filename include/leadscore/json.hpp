#pragma once
/// \file
/// The core's JSON document type. Documents (config, profile, results) are
/// nlohmann::json values. Turning text into documents and back is not part of
/// the core: natively json_text.hpp does it with nlohmann; in WebAssembly
/// parse_json_document (json_value.hpp) reads text and JsonWriter writes it.

#include <nlohmann/json.hpp>

namespace leadscore {
using json = nlohmann::ordered_json;  // keeps document order: errors and output read in order
}
