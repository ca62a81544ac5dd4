#include "leadscore/gates.hpp"

#include <algorithm>

#include "leadscore/config.hpp"
#include "leadscore/detail/config_reader.hpp"
#include "leadscore/profile.hpp"

namespace leadscore {

const char* gate_mode_name(GateMode m) {
  return m == GateMode::blur ? "blur" : m == GateMode::hide ? "hide" : "remove";
}

namespace detail {

void read_gates(ConfigReader& reader, const JsonValue& list, const JsonValue* offers, Config& config) {
  Checker& check = reader.check();
  if (!check.expect_array(list, "/gates")) return;
  StringIndex ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = json_pointer_child("/gates", i);
    const JsonValue& g = list[i];
    if (!check.expect_object(g, path)) continue;
    check.only_keys(g, path, {"id", "description", "unlock", "free", "mode", "offer"});
    const std::size_t before = check.error_count();
    Gate gate;
    if (auto id = reader.identifier(g, path, "id")) {
      check.unique(ids, *id, child(path, "id"), "gate id");
      gate.id = *id;
    }
    check.string(g, path, "description", false, 2000, true);
    const std::string upath = child(path, "unlock");
    const JsonValue* u = Checker::find(g, "unlock");
    if (!u) {
      check.fail("required", upath, "required key is missing");
    } else if (check.expect_object(*u, upath)) {
      check.only_keys(*u, upath, {"known", "stage", "form", "fields"});
      if (u->size() != 1) {
        check.fail("operator", upath, "needs exactly one of: known, stage, form, fields");
      } else if (Checker::find(*u, "known")) {
        gate.unlock = UnlockKind::known;
        if (auto k = check.boolean(*u, upath, "known", true); k && !*k) {
          check.fail_at("range", upath, "known", "must be true (a gate unlocks when contact data is known)");
        }
      } else if (Checker::find(*u, "stage")) {
        gate.unlock = UnlockKind::stage;
        if (auto s = reader.identifier(*u, upath, "stage")) {
          const int idx = config.stage_index(*s);
          if (idx < 0) {
            check.fail_quoted("reference", child(upath, "stage"), "no lifecycle stage ", *s, "");
          } else {
            gate.stage = static_cast<std::size_t>(idx);
          }
        }
      } else if (Checker::find(*u, "form")) {
        gate.unlock = UnlockKind::form;
        if (auto f = reader.identifier(*u, upath, "form")) gate.form = *f;
      } else {
        gate.unlock = UnlockKind::fields;
        if (auto f = check.strings(*u, upath, "fields", true, 64)) {
          // Contact field names as fit rules take them: "email" or "contact.email".
          const JsonValue* given = Checker::find(*u, "fields");
          for (std::size_t k = 0; k < f->size(); ++k) {
            std::string name = (*f)[k];
            if (name.compare(0, 8, "contact.") == 0) name.erase(0, 8);
            if (name.empty() || name.find('.') != std::string::npos) {
              const std::string at = given->is_array() ? json_pointer_child(child(upath, "fields"), k) : child(upath, "fields");
              check.fail_quoted("field", at, "", (*f)[k], " is not a contact field name (a name, or contact.<name>)");
            }
            gate.fields.push_back(std::move(name));
          }
        }
      }
    }
    if (auto n = check.integer(g, path, "free", false, 0, 1000)) gate.free = static_cast<std::uint32_t>(*n);
    if (auto m = check.choice(g, path, "mode", false, {"blur", "hide", "remove"})) {
      gate.mode = *m == "blur" ? GateMode::blur : *m == "hide" ? GateMode::hide : GateMode::remove;
    }
    if (auto o = reader.identifier(g, path, "offer", false)) {
      for (std::size_t k = 0; k < config.offers.size(); ++k) {
        if (config.offers[k].id == *o) gate.offer = static_cast<int>(k);
      }
      // An offer with errors of its own is not compiled, but it is there: no "no offer" for it.
      if (!declares(offers, *o)) check.fail_quoted("reference", child(path, "offer"), "no offer ", *o, "");
    }
    if (check.error_count() == before) config.gates.push_back(std::move(gate));
  }
}

}  // namespace detail

namespace {

bool condition_holds(const Config& config, const Profile& p, const Gate& g) {
  switch (g.unlock) {
    case UnlockKind::known: return p.known();
    case UnlockKind::stage: return p.lifecycle >= g.stage;
    case UnlockKind::form:
      return std::find(p.forms_submitted.begin(), p.forms_submitted.end(), g.form) != p.forms_submitted.end();
    case UnlockKind::fields:
      for (const std::string& f : g.fields) {
        const ContactValue* v = p.contact_field(f);
        if (!v || (!v->is_number && v->text.empty())) return false;
      }
      return true;
  }
  (void)config;
  return false;
}

int gate_index(const Config& config, std::string_view id) {
  for (std::size_t i = 0; i < config.gates.size(); ++i) {
    if (config.gates[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

/// What the meter keeps of a content id: one article at /blog/a, /blog/a/
/// and /blog/a/index.html (a trailing "/" or "/index.html" dropped); its
/// first 512 bytes (as many as a stored profile holds), not cutting a UTF-8
/// sequence. A longer id (a long non-Latin slug) is metered by them, not
/// left locked for ever.
std::string_view meter_key(std::string_view content) {
  if (content.size() > 512) {
    std::size_t n = 512;
    while (n > 0 && (static_cast<unsigned char>(content[n]) & 0xC0) == 0x80) --n;
    content = content.substr(0, n);
  }
  // (to the end: a key read again is the same key)
  constexpr std::string_view index = "/index.html";
  for (bool more = true; more;) {
    more = content.size() > index.size() && content.substr(content.size() - index.size()) == index;
    if (more) content.remove_suffix(index.size() - 1);
    while (content.size() > 1 && content.back() == '/') content.remove_suffix(1), more = true;
  }
  return content;
}

}  // namespace

GateStatus gate_status(const Config& config, const Profile& p, std::size_t gate, std::string_view content) {
  const GateState& s = p.gates[gate];
  if (s.unlocked || condition_holds(config, p, config.gates[gate])) return GateStatus::unlocked;
  const std::string_view key = meter_key(content);
  for (const std::string& c : s.free_seen) {
    if (meter_key(c) == key) return GateStatus::free;  // (one kept before keys dropped a trailing "/")
  }
  return GateStatus::locked;
}

void record_gate_view(const Config& config, Profile& p, std::string_view gate, std::string_view content) {
  const int g = gate_index(config, gate);
  content = meter_key(content);
  if (g < 0 || content.empty()) return;
  const auto gi = static_cast<std::size_t>(g);
  GateState& s = p.gates[gi];
  if (gate_status(config, p, gi, content) != GateStatus::locked) return;
  if (s.free_seen.size() < config.gates[gi].free) s.free_seen.emplace_back(content);
}

bool update_gates(const Config& config, Profile& p) {
  bool changed = false;
  for (std::size_t i = 0; i < config.gates.size(); ++i) {
    if (!p.gates[i].unlocked && condition_holds(config, p, config.gates[i])) {
      p.gates[i].unlocked = true;
      changed = true;
    }
  }
  return changed;
}

}  // namespace leadscore
