#pragma once
/// \file
/// Errors as values. Nothing in the core throws across its API: every problem
/// in input (config, events, stored profiles, forms, replies) comes back as an
/// Error with a stable, searchable id and the JSON path of the offending value.

#include <string>
#include <vector>

namespace leadscore {

/// One problem in some input.
struct Error {
  std::string id;       ///< stable id, e.g. "leadscore.config.type"
  std::string path;     ///< JSON pointer of the offending value ("/rules/3/points"), "" for the whole input
  std::string message;  ///< what is wrong, for people: "expected a number"

  /// "[leadscore.config.type] /rules/3/points: expected a number", on one
  /// line: control characters (a key or value may hold a line break or a NUL)
  /// are written as JSON escapes them (\n, \u0000).
  std::string to_string() const;
};

using Errors = std::vector<Error>;

/// Joins a JSON pointer and one object key, escaping '~' and '/' (RFC 6901).
std::string json_pointer_child(const std::string& parent, const std::string& key);
/// Joins a JSON pointer and one array index.
std::string json_pointer_child(const std::string& parent, std::size_t index);

}  // namespace leadscore
