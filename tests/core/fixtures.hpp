#pragma once
// Shared fixture files (tests/fixtures) that the node and browser tests read too,
// so the native and WebAssembly builds are held to the same expectations.

#include <string>

#include "leadscore/json.hpp"
#include "leadscore/json_value.hpp"

namespace leadscore::test {

/// Absolute path of a file under tests/fixtures.
std::string fixture_path(const std::string& relative);
/// The bytes of a file (throws std::runtime_error if unreadable).
std::string read_file(const std::string& path);
/// A fixture file parsed as JSON (throws if unreadable or not JSON).
json load_fixture(const std::string& relative);

/// The "text" of a configs/invalid.json case as the bytes a file would hold:
/// UTF-8, or with "encoding": "latin1" one byte per character (U+0000-U+00FF),
/// for texts that are not UTF-8 (a config saved in Windows-1252).
std::string case_text(const json& c);

/// JSON text as the core's document type (parsed by nlohmann; throws if not JSON).
JsonValue value_of(const std::string& json_text);

/// Deep "expected is contained in actual": objects need the expected keys
/// (extra keys are fine), arrays need the same length and matching elements,
/// numbers compare exactly, everything else must be equal. On mismatch returns
/// false and says where in `why`.
bool subset_match(const json& expected, const json& actual, std::string& why,
                  const std::string& path = "");

}  // namespace leadscore::test
