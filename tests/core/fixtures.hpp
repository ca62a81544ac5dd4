#pragma once
// Shared fixture files (tests/fixtures) that the node and browser tests read too,
// so the native and WebAssembly builds are held to the same expectations.

#include <string>

#include "leadscore/json.hpp"

namespace leadscore::test {

/// Absolute path of a file under tests/fixtures.
std::string fixture_path(const std::string& relative);
/// The bytes of a file (throws std::runtime_error if unreadable).
std::string read_file(const std::string& path);
/// A fixture file parsed as JSON (throws if unreadable or not JSON).
json load_fixture(const std::string& relative);

}  // namespace leadscore::test
