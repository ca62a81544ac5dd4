#pragma once
/// \file
/// JSON text <-> documents for native programs (CLI, tests, fuzzers).
/// Not linked into the WebAssembly module.

#include <optional>
#include <string>
#include <string_view>

#include "leadscore/error.hpp"
#include "leadscore/json.hpp"

namespace leadscore {

/// Parses JSON text. On failure returns nullopt and fills `error` with id
/// `<domain>.syntax` and the line/column of the problem.
std::optional<json> parse_json_text(std::string_view text, const std::string& domain, Error& error);

/// Compact JSON text; integral numbers print without a fraction.
std::string to_json_text(const json& value);

}  // namespace leadscore
