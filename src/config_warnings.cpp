#include "leadscore/config_warnings.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/config.hpp"
#include "leadscore/json_access.hpp"

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
  });
  each_object(document.find("lifecycle"), "/lifecycle", [&](const JsonValue& stage, const std::string& path) {
    each_object(stage.find("when"), json_pointer_child(path, "when"), [&](const JsonValue& way, const std::string& at) {
      check_event_names(way.find("events"), json_pointer_child(at, "events"), out);
    });
  });
  if (const JsonValue* journey = document.find("journey"); journey && journey->is_object()) {
    each_object(journey->find("tags"), "/journey/tags", [&](const JsonValue& tag, const std::string& path) {
      check_event_names(tag.find("event"), json_pointer_child(path, "event"), out);
    });
  }
  detail::sort_by_document_order(document, out);  // read top to bottom, as errors are
  return out;
}

}  // namespace leadscore
