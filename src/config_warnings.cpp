#include "leadscore/config_warnings.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/json_access.hpp"
#include "leadscore/json_writer.hpp"

namespace leadscore {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Edits (insert, delete, replace, swap two neighbours) from a to b, letter
// case aside; stops counting once past `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = b.size();
  if ((a.size() > n ? a.size() - n : n - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> before(n + 1), prev(n + 1), row(n + 1);
  for (std::size_t j = 0; j <= n; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= n; ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    before.swap(prev);
    prev.swap(row);
  }
  return prev[n];
}

// The built-in type `name` is probably a typo of, or nullptr.
const char* meant_builtin(const std::string& name) {
  const char* meant = nullptr;
  std::size_t closest = 3;
  for (const char* builtin : builtin_type_names) {
    const std::string_view b(builtin);
    if (name == b) return nullptr;
    // One edit in names up to 7 letters ("clik"), two in longer ones ("page_veiw").
    const std::size_t limit = b.size() < 8 ? 1 : 2;
    const std::size_t d = edit_distance(name, b, limit);
    if (d <= limit && d < closest) {
      closest = d;
      meant = builtin;
    }
  }
  return meant;
}

void check_event_names(const JsonValue* names, const std::string& path, Errors& out) {
  if (!names) return;
  auto check = [&](const JsonValue& v, const std::string& at) {
    if (!v.is_string()) return;
    if (const char* meant = meant_builtin(v.as_string())) {
      out.push_back({"leadscore.config.unknown_event", at,
                     "\"" + v.as_string() + "\" is not a built-in event; did you mean \"" + meant + "\"?"});
    }
  };
  if (names->is_array()) {
    for (std::size_t i = 0; i < names->size(); ++i) check((*names)[i], json_pointer_child(path, i));
  } else {
    check(*names, path);
  }
}

// What gives away a regular expression pasted where a glob belongs, none of
// which an ordinary path or glob holds: a leading anchor ("^/blog"), an
// escape ("\\d", "\\."), ".+", ".*" opening a segment ("/blog/.*"), a class
// ("[0-9]", "[^/]"), a group ("(?:", "(a|b)"), or "$" closing a repetition
// ("/blog/*$"). A dot or a dollar on its own says nothing ("/pricing.html",
// "/a.b/*", "/price$"), nor does "report.*" (a glob for report.pdf, report.csv).
bool looks_like_regex(std::string_view p) {
  if (p.empty()) return false;
  if (p.front() == '^' || p.find('\\') != std::string_view::npos || p.find(".+") != std::string_view::npos ||
      p.find("(?") != std::string_view::npos) {
    return true;
  }
  for (std::size_t i = p.find(".*"); i != std::string_view::npos; i = p.find(".*", i + 1)) {
    if (i == 0 || p[i - 1] == '/' || p[i - 1] == '(' || p[i - 1] == '|') return true;
  }
  const std::size_t open_class = p.find('[');
  if (open_class != std::string_view::npos) {
    const std::size_t close = p.find(']', open_class);
    const std::string_view inside =
        close == std::string_view::npos ? std::string_view() : p.substr(open_class + 1, close - open_class - 1);
    if (!inside.empty() && (inside.front() == '^' || inside.find('-') != std::string_view::npos)) return true;
  }
  const std::size_t group = p.find('(');
  if (group != std::string_view::npos) {
    const std::size_t bar = p.find('|', group);
    if (bar != std::string_view::npos && bar < p.find(')', group)) return true;
  }
  if (p.size() > 1 && p.back() == '$') {
    const char before = p[p.size() - 2];
    if (before == '*' || before == '+' || before == ')' || before == ']' || before == '}') return true;
  }
  return false;
}

// The glob a regular expression means, when it is simple enough to say:
// anchors dropped (a missing one becomes "**" at that end), ".*", ".+" and
// "[^/]*"-like runs as "**" or "*", "\\d"/"\\w" as "?", escaped punctuation as
// itself. Empty when something is left a glob cannot say (a group, a class,
// a count, "?" as "optional").
std::string glob_for_regex(std::string_view p) {
  const bool starts = !p.empty() && p.front() == '^';
  if (starts) p.remove_prefix(1);
  const bool ends = p.size() > 1 && p.back() == '$' && p[p.size() - 2] != '\\';
  if (ends) p.remove_suffix(1);
  std::string glob;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    const bool repeated = i + 1 < p.size() && (p[i + 1] == '*' || p[i + 1] == '+');
    if (c == '.' && repeated) {
      glob += "**";
      ++i;
    } else if (c == '\\' && i + 1 < p.size()) {
      const char escaped = p[++i];
      const bool class_escape = escaped == 'd' || escaped == 'w';
      // A letter escape other than \d and \w, or a literal "*" or "?", which a glob cannot say.
      if (!class_escape && (std::isalnum(static_cast<unsigned char>(escaped)) || escaped == '*' || escaped == '?')) {
        return {};
      }
      const bool run = i + 1 < p.size() && (p[i + 1] == '*' || p[i + 1] == '+');
      if (class_escape) {
        glob += run ? "*" : "?";
      } else if (run) {
        return {};
      } else {
        glob += escaped;
      }
      if (run) ++i;
    } else if (p.substr(i, 5) == "[^/]*" || p.substr(i, 5) == "[^/]+") {
      glob += '*';
      i += 4;
    } else if (std::string_view("^$()[]{}|+?\\").find(c) != std::string_view::npos) {
      return {};
    } else {
      glob += c;
    }
  }
  if (glob.empty()) return {};
  if (starts && !ends && glob.back() != '*') glob += "**";
  if (ends && !starts && glob.front() != '/' && glob.front() != '*') glob.insert(0, "**");
  return glob;
}

// A path glob or a `matches` operand that looks like a regular expression.
void check_glob(const JsonValue& v, const std::string& at, Errors& out) {
  if (!v.is_string() || !looks_like_regex(v.as_string())) return;
  const std::string& pattern = v.as_string();
  std::string message;
  append_json_string(message, pattern);
  message += " looks like a regular expression, but this is a glob (* any run of characters but \"/\", ** any run, "
             "? one character, the rest as written)";
  const std::string glob = glob_for_regex(pattern);
  if (!glob.empty()) {
    message += "; did you mean ";
    append_json_string(message, glob);
    message += '?';
  } else if (pattern.find('|') != std::string::npos) {
    message += "; a glob has no \"(a|b)\": give each path its own glob, in an array";
  }
  out.push_back({"leadscore.config.regex", at, std::move(message)});
}

void check_path_globs(const JsonValue* globs, const std::string& path, Errors& out) {
  if (!globs) return;
  if (globs->is_array()) {
    for (std::size_t i = 0; i < globs->size(); ++i) check_glob((*globs)[i], json_pointer_child(path, i), out);
  } else {
    check_glob(*globs, path, out);
  }
}

// Every condition's `matches` operand, wherever conditions are (rules, fit
// rules, journey tags, offers, forms): an object with a "field" and a "matches".
void check_matches(const JsonValue& v, const std::string& path, Errors& out) {
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) check_matches(v[i], json_pointer_child(path, i), out);
    return;
  }
  if (!v.is_object()) return;
  const JsonValue* operand = v.find("matches");
  if (operand && v.find("field")) check_glob(*operand, json_pointer_child(path, "matches"), out);
  for (std::size_t member = 0; member < v.size(); ++member) {
    check_matches(v[member], json_pointer_child(path, v.key(member)), out);
  }
}

// A delivery target's URL written without its scheme ("hooks.example.com/leads"):
// a relative URL, so leads go to that path on the site itself. Its first
// segment reads as a host name: a dot in it, and either two dots or a path
// after it ("example.com/leads"); "leads.php" or "/leads" say nothing.
void check_target_url(const JsonValue* url, const std::string& path, Errors& out) {
  if (!url || !url->is_string()) return;
  const std::string& u = url->as_string();
  if (u.empty() || u.front() == '/' || u.front() == '.' || u.find(':') != std::string::npos) return;
  const std::size_t end = u.find_first_of("/?#");
  const std::string_view first = std::string_view(u).substr(0, end);
  const auto dots = std::count(first.begin(), first.end(), '.');
  if (dots == 0 || (dots < 2 && (end == std::string::npos || u[end] != '/'))) return;
  std::string message;
  append_json_string(message, u);
  message += " is a URL relative to the page, so leads go to a path of the site itself; did you mean ";
  append_json_string(message, "https://" + u);
  message += '?';
  out.push_back({"leadscore.config.relative_url", path, std::move(message)});
}

// Each object of the array at doc[key] with its path.
template <typename F>
void each_object(const JsonValue* list, const std::string& path, F f) {
  if (!list || !list->is_array()) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if ((*list)[i].is_object()) f((*list)[i], json_pointer_child(path, i));
  }
}

}  // namespace

Errors config_warnings(const JsonValue& document) {
  Errors out;
  if (!document.is_object()) return out;
  each_object(document.find("rules"), "/rules", [&](const JsonValue& rule, const std::string& path) {
    check_event_names(rule.find("event"), json_pointer_child(path, "event"), out);
    check_path_globs(rule.find("path"), json_pointer_child(path, "path"), out);
  });
  each_object(document.find("lifecycle"), "/lifecycle", [&](const JsonValue& stage, const std::string& path) {
    each_object(stage.find("when"), json_pointer_child(path, "when"), [&](const JsonValue& way, const std::string& at) {
      check_event_names(way.find("events"), json_pointer_child(at, "events"), out);
    });
  });
  if (const JsonValue* journey = document.find("journey"); journey && journey->is_object()) {
    each_object(journey->find("tags"), "/journey/tags", [&](const JsonValue& tag, const std::string& path) {
      check_event_names(tag.find("event"), json_pointer_child(path, "event"), out);
      check_path_globs(tag.find("path"), json_pointer_child(path, "path"), out);
    });
  }
  if (const JsonValue* delivery = document.find("delivery"); delivery && delivery->is_object()) {
    each_object(delivery->find("targets"), "/delivery/targets", [&](const JsonValue& target, const std::string& path) {
      check_target_url(target.find("url"), json_pointer_child(path, "url"), out);
    });
  }
  check_matches(document, "", out);
  detail::sort_by_document_order(document, out);  // read top to bottom, as errors are
  return out;
}

}  // namespace leadscore
