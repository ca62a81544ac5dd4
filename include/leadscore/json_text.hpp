#pragma once
/// \file
/// JSON text <-> documents for native programs (CLI, tests, fuzzers, the
/// inbox): nlohmann/json parses and prints text. Not linked into the
/// WebAssembly module, where parse_json_document (json_value.hpp) reads text.

#include <optional>
#include <string>
#include <string_view>

#include "leadscore/error.hpp"
#include "leadscore/config.hpp"
#include "leadscore/json.hpp"
#include "leadscore/json_value.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

/// Parses JSON text. On failure returns nullopt and fills `error` with id
/// `<domain>.syntax` and the line/column of the problem.
std::optional<json> parse_json_text(std::string_view text, const std::string& domain, Error& error);

/// Parses JSON text into the core's document type with nlohmann's parser (its
/// SAX events, no nlohmann document), as parse_json_document does in the
/// WebAssembly module: a repeated key keeps its first place, takes its last
/// value and is marked (JsonValue::key_repeated); at most 64 arrays and
/// objects open at once. On failure returns nullopt and fills `error` as
/// parse_json_text does ("<domain>.syntax" with the line and column).
std::optional<JsonValue> parse_json_value(std::string_view text, const std::string& domain, Error& error);

/// A config from its text, as `leadscore validate` and `score` read it: text
/// that is not JSON is one "leadscore.config.syntax" error; otherwise
/// load_config (a key given twice is "leadscore.config.duplicate_key").
ConfigResult load_config_text(std::string_view text);

/// Arrays and objects open at once at the deepest point of `document` (the
/// root one included), walked without recursion (the input may be hostile);
/// stops counting once past `limit`.
std::size_t json_nesting(const json& document, std::size_t limit);

/// Compact JSON text; integral numbers print without a fraction.
std::string to_json_text(const json& value);

/// The core's document type for a parsed nlohmann document.
JsonValue to_json_value(const json& value);

/// load_config / load_profile for documents parsed with nlohmann (CLI, tests).
/// A document nested deeper than 64 arrays and objects is refused whole
/// ("leadscore.config.syntax" / ".profile.syntax"), as the WebAssembly reader
/// refuses its text.
ConfigResult load_config(const json& document);
ProfileResult load_profile(const Config& config, const json& document, const std::string& fallback_visitor_id);

}  // namespace leadscore
