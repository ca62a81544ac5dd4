#include "static_files.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "leadscore/text.hpp"

namespace leadscore::cli {

namespace {

std::optional<std::string> real_path(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved) return std::nullopt;
  std::string out(resolved);
  std::free(resolved);
  return out;
}

bool segment_allowed(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  // Dot-files (.git, .env) are never part of a site; /.well-known/ is.
  if (segment.front() == '.' && segment != ".well-known") return false;
  return segment.find_first_of(std::string_view("\\\0", 2)) == std::string_view::npos;
}

// Extensions compare without regard to ASCII case ("PHOTO.JPG").
bool ends_with_ignoring_case(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && equal_ignoring_ascii_case(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace

std::optional<StaticRoot> StaticRoot::open(const std::string& dir, std::string& problem) {
  auto resolved = real_path(dir);
  struct stat st {};
  if (!resolved || ::stat(resolved->c_str(), &st) != 0) {
    problem = "--root " + dir + ": " + std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISDIR(st.st_mode)) {
    problem = "--root " + dir + ": not a directory";
    return std::nullopt;
  }
  StaticRoot root;
  root.root_ = *resolved == "/" ? std::string() : *resolved;
  return root;
}

StaticTarget StaticRoot::resolve(std::string_view url_path) const {
  StaticTarget out;
  if (url_path.empty() || url_path.front() != '/') return out;  // "*", absolute-form URLs
  // Every segment but a final empty one ("/docs/") must be a plain name.
  for (std::size_t at = 1; at <= url_path.size();) {
    std::size_t slash = url_path.find('/', at);
    if (slash == std::string_view::npos) slash = url_path.size();
    const std::string_view segment = url_path.substr(at, slash - at);
    const bool final_empty = segment.empty() && slash == url_path.size();
    if (!final_empty && !segment_allowed(segment)) return out;
    at = slash + 1;
  }
  std::string candidate = root_ + std::string(url_path);
  struct stat st {};
  if (::stat(candidate.c_str(), &st) != 0) return out;
  if (S_ISDIR(st.st_mode)) {
    if (url_path.back() != '/') {
      // Relative links in its index.html resolve against "dir/", not "".
      out.kind = StaticTarget::Kind::directory_without_slash;
      return out;
    }
    candidate += "index.html";
    if (::stat(candidate.c_str(), &st) != 0) return out;
  }
  if (!S_ISREG(st.st_mode)) return out;
  // A symlink inside the root may point anywhere: serve only what really
  // lives under the root.
  const auto real = real_path(candidate);
  if (!real || real->compare(0, root_.size() + 1, root_ + "/") != 0) return out;
  out.kind = StaticTarget::Kind::file;
  out.file = *real;
  return out;
}

const char* content_type_for(std::string_view name) {
  static constexpr struct {
    const char* extension;
    const char* type;
  } types[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".cjs", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},  // required by WebAssembly.instantiateStreaming
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".ndjson", "application/x-ndjson"},
      {".css", "text/css; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".md", "text/markdown; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".xml", "application/xml"},
      {".ts", "text/plain; charset=utf-8"},  // .d.ts: for reading, not executing
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".pdf", "application/pdf"},
  };
  for (const auto& t : types) {
    if (ends_with_ignoring_case(name, t.extension)) return t.type;
  }
  return "application/octet-stream";
}

bool is_html_type(std::string_view content_type) { return content_type.substr(0, 9) == "text/html"; }

}  // namespace leadscore::cli
