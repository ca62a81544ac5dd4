#pragma once
// The files `leadscore serve` hosts from --root: which file a URL path names
// (never one outside the root), and its Content-Type.

#include <optional>
#include <string>
#include <string_view>

namespace leadscore::cli {

/// What a URL path names under the root.
struct StaticTarget {
  enum class Kind { file, directory_without_slash, not_found };
  Kind kind = Kind::not_found;
  std::string file;  ///< the file to send (kind == file), index.html for a directory
};

class StaticRoot {
 public:
  /// The directory `dir`, resolved to its canonical path. nullopt (with
  /// `problem` set) if it is not a readable directory.
  static std::optional<StaticRoot> open(const std::string& dir, std::string& problem);

  /// The file a decoded URL path ("/app/index.html", "/docs/") names.
  /// Refused (not_found): paths not starting with '/', empty segments ("//"),
  /// "." and ".." segments (also when they arrived percent-encoded: the path
  /// given here is decoded), other dot-files except /.well-known/, NUL and
  /// backslashes, and anything whose real path (symlinks resolved) leaves the
  /// root. A directory serves its index.html; there is no listing.
  StaticTarget resolve(std::string_view url_path) const;

  const std::string& dir() const { return root_; }

 private:
  std::string root_;  // canonical, no trailing slash
};

/// Content-Type for a file name by its extension; application/octet-stream if unknown.
const char* content_type_for(std::string_view file_name);

/// True for the Content-Types that get the --csp header (HTML documents).
bool is_html_type(std::string_view content_type);

}  // namespace leadscore::cli
