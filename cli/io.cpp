#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.hpp"
#include "leadscore/backtest.hpp"
#include "leadscore/time_text.hpp"

namespace leadscore::cli {

std::optional<std::string> read_input(const std::string& path, std::string& problem) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    problem = "cannot open " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  const bool known = fstat(fileno(f), &st) == 0;
  if (known && S_ISDIR(st.st_mode)) {
    if (f != stdin) std::fclose(f);
    problem = "cannot read " + path + ": it is a directory";
    return std::nullopt;
  }
  std::string data;
  // A regular file is read in one go into a buffer of its size; pipes in chunks.
  if (f != stdin && known && S_ISREG(st.st_mode) && std::fseek(f, 0, SEEK_END) == 0) {
    const long size = std::ftell(f);
    std::rewind(f);
    if (size > 0) {
      data.resize(static_cast<std::size_t>(size));
      data.resize(std::fread(data.data(), 1, data.size(), f));
    }
  }
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) data.append(buffer, n);
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (failed) {
    problem = "cannot read " + path;
    return std::nullopt;
  }
  return data;
}

std::optional<std::string> read_input_or_say(const std::string& path) {
  std::string problem;
  auto data = read_input(path, problem);
  if (!data) std::fprintf(stderr, "leadscore: %s\n", problem.c_str());
  return data;
}

InputText& InputText::operator=(InputText&& other) noexcept {
  if (this != &other) {
    if (mapped_) munmap(const_cast<void*>(mapped_), size_);
    text_ = std::move(other.text_);
    mapped_ = other.mapped_;
    size_ = other.size_;
    other.mapped_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

InputText::~InputText() {
  if (mapped_) munmap(const_cast<void*>(mapped_), size_);
}

std::optional<InputText> map_input_or_say(const std::string& path) {
  if (path != "-") {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      const auto size = static_cast<std::size_t>(st.st_size);
      // MAP_POPULATE: map every page now, in one go, instead of one fault at a time.
      void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      close(fd);
      if (p != MAP_FAILED) return InputText(p, size);
    } else if (fd >= 0) {
      close(fd);
    }
  }
  // Standard input, pipes, empty or unmappable files, and errors (said by read_input).
  auto text = read_input_or_say(path);
  if (!text) return std::nullopt;
  return InputText(std::move(*text));
}

namespace {

std::string_view without_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace

bool looks_like_ndjson(std::string_view text) {
  text = without_bom(text);
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && text[start] == '{';
}

std::string csv_first_line(std::string_view events, const ScoredEvents& scored) {
  if (scored.stats.accepted > 0 || scored.stats.refused == 0) return "";
  events = without_bom(events);
  const std::size_t start = events.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || events[start] == '{' || events[start] == '[') return "";
  std::string_view line = events.substr(start, events.find('\n', start) - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_of(",;\t") == std::string_view::npos) return "";
  return quoted_for_message(line);
}

std::optional<std::int64_t> parse_time(std::string_view s) {
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos && s.size() <= 15) {
    std::int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  }
  return parse_iso8601(s);
}

}  // namespace leadscore::cli
