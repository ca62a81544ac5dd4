#include "leadscore/forms.hpp"

#include <algorithm>
#include <cmath>

#include "leadscore/config.hpp"
#include "leadscore/detail/config_reader.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/profile.hpp"
#include "leadscore/text.hpp"

namespace leadscore {

namespace {
const std::string no_text;
constexpr const char* type_names[] = {"text", "email", "phone", "number", "select", "checkbox", "textarea"};
}  // namespace

const char* field_type_name(FieldType t) { return type_names[static_cast<int>(t)]; }


const std::string& LocalText::pick(std::string_view language) const {
  const auto* entry = pick_entry(language);
  return entry ? entry->second : no_text;
}

const std::pair<std::string, std::string>* LocalText::pick_entry(std::string_view language) const {
  if (by_language.empty()) return nullptr;
  const auto* entry = find_entry(language);
  return entry ? entry : &by_language.front();
}

std::string_view language_to_mark(std::string_view given_in, std::string_view language) {
  const std::string_view base = language.substr(0, language.find('-'));
  if (given_in.empty() || equal_ignoring_ascii_case(given_in, language) || equal_ignoring_ascii_case(given_in, base)) {
    return {};
  }
  return given_in;
}

const std::string* LocalText::find(std::string_view language) const {
  const auto* entry = find_entry(language);
  return entry ? &entry->second : nullptr;
}

const std::pair<std::string, std::string>* LocalText::find_entry(std::string_view language) const {
  // The exact tag first ("pt-br"), then its language ("pt"), then English, then
  // a plain string (given for every language).
  const std::string_view base = language.substr(0, language.find('-'));
  for (std::string_view wanted : {language, base, std::string_view("en"), std::string_view()}) {
    for (const auto& entry : by_language) {
      if (equal_ignoring_ascii_case(wanted, entry.first)) return &entry;
    }
  }
  return nullptr;
}

const std::string* FormValues::get(std::string_view name) const {
  for (const auto& [n, v] : values) {
    if (n == name) return &v;
  }
  return nullptr;
}

// ------------------------------------------------------------------ config

namespace detail {

// A text people read: one string, or {"en": ..., "vi": ...}.
bool local_text(Checker& check, const JsonValue& obj, const std::string& path, std::string_view key,
                bool required, std::size_t max_bytes, LocalText& out) {
  const JsonValue* v = obj.find(key);
  const std::string at = child(path, key);
  if (!v) {
    if (required) check.fail("required", at, "required key is missing");
    return !required;
  }
  if (v->is_string()) {
    if (auto s = check.string(obj, path, key, true, max_bytes)) out.by_language.emplace_back("", *s);
    return !out.empty();
  }
  if (!v->is_object() || v->empty()) {
    check.fail("type", at, "expected a text, or an object of texts by language ({\"en\": ...})");
    return false;
  }
  const std::size_t before = check.error_count();
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string& lang = v->key(i);
    check.repeated_key(*v, i, at);
    bool ok = lang.size() >= 2 && lang.size() <= 8;
    for (char c : lang) ok = ok && ((c >= 'a' && c <= 'z') || c == '-');
    if (!ok) {
      check.fail_quoted("enum", json_pointer_child(at, lang), "", lang, " is not a language code (en, vi, th, fa, pt-br...)");
      continue;
    }
    if (auto s = check.string(*v, at, lang, true, max_bytes)) out.by_language.emplace_back(lang, *s);
  }
  return check.error_count() == before;
}

namespace {

void read_field(ConfigReader& reader, const JsonValue& f, const std::string& path, StringIndex& names, Form& form) {
  Checker& check = reader.check();
  if (!check.expect_object(f, path)) return;
  check.only_keys(f, path, {"name", "type", "label", "placeholder", "required", "always", "min_length",
                            "max_length", "min", "max", "options", "if"});
  const std::size_t before = check.error_count();
  FormField field;
  if (auto name = reader.identifier(f, path, "name")) {
    check.unique(names, *name, child(path, "name"), "field", "is already in this form");
    if (*name == honeypot_field) check.fail_at("duplicate", path, "name", "this name is reserved for the honeypot");
    field.name = *name;
  }
  if (auto t = check.choice(f, path, "type", true, {"text", "email", "phone", "number", "select", "checkbox", "textarea"})) {
    for (int i = 0; i < 7; ++i) {
      if (*t == type_names[i]) field.type = static_cast<FieldType>(i);
    }
  }
  local_text(check, f, path, "label", true, 500, field.label);
  local_text(check, f, path, "placeholder", false, 500, field.placeholder);
  field.required = check.boolean(f, path, "required", false).value_or(false);
  field.always = check.boolean(f, path, "always", false).value_or(false);
  // A visitor's profile keeps at most 1000 bytes of a field: a longer limit
  // would let a visitor type an answer that is then refused.
  constexpr auto most = static_cast<std::int64_t>(ProfileLimits::max_contact_value_bytes);
  if (auto n = check.integer(f, path, "min_length", false, 0, most)) field.min_length = static_cast<std::uint32_t>(*n);
  if (auto n = check.integer(f, path, "max_length", false, 1, most)) field.max_length = static_cast<std::uint32_t>(*n);
  if (field.min_length > field.max_length) check.fail_at("range", path, "min_length", "above max_length");
  // Lengths are checked on text alone: on any other type they would be ignored.
  if (field.type != FieldType::text && field.type != FieldType::textarea) {
    for (const char* key : {"min_length", "max_length"}) {
      if (f.find(key)) check.fail("unknown_key", child(path, key), "only text and textarea fields have min_length and max_length");
    }
  }
  if (auto n = check.number(f, path, "min", false, -1e15, 1e15)) {
    field.has_min = true;
    field.min = *n;
  }
  if (auto n = check.number(f, path, "max", false, -1e15, 1e15)) {
    field.has_max = true;
    field.max = *n;
  }
  if ((field.has_min || field.has_max) && field.type != FieldType::number) {
    check.fail("unknown_key", child(path, field.has_min ? "min" : "max"), "only number fields have min and max");
  }
  if (const JsonValue* options = f.find("options")) {
    const std::string at = child(path, "options");
    if (field.type != FieldType::select) {
      check.fail("unknown_key", at, "only select fields have options");
    } else if (check.expect_array(*options, at)) {
      if (options->empty()) check.fail("empty", at, "must not be empty");
      for (std::size_t i = 0; i < options->size(); ++i) {
        const JsonValue& o = (*options)[i];
        const std::string oat = json_pointer_child(at, i);
        FormOption option;
        if (o.is_string()) {
          if (o.as_string().empty()) {
            check.fail("empty", oat, "must not be empty");
          } else if (o.as_string().size() > 200) {
            check.fail("range", oat, "longer than 200 bytes");
          }
          option.value = o.as_string();
        } else if (check.expect_object(o, oat)) {
          check.only_keys(o, oat, {"value", "label"});
          if (auto v = check.string(o, oat, "value", true, 200)) option.value = *v;
          local_text(check, o, oat, "label", false, 500, option.label);
        }
        field.options.push_back(std::move(option));
      }
    }
  } else if (field.type == FieldType::select) {
    check.fail_at("required", path, "options", "a select field needs options");
  }
  reader.conditions(f, path, detail::FieldScope::contact, field.conditions);
  if (check.error_count() == before) form.fields.push_back(std::move(field));
}

}  // namespace

void read_forms(ConfigReader& reader, const JsonValue& list, Config& config) {
  Checker& check = reader.check();
  if (!check.expect_array(list, "/forms")) return;
  StringIndex ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = json_pointer_child("/forms", i);
    const JsonValue& f = list[i];
    if (!check.expect_object(f, path)) continue;
    check.only_keys(f, path, {"id", "description", "fields", "max_fields", "consent", "submit", "thanks", "min_fill_seconds", "honeypot"});
    const std::size_t before = check.error_count();
    Form form;
    if (auto id = reader.identifier(f, path, "id")) {
      check.unique(ids, *id, child(path, "id"), "form id");
      form.id = *id;
    }
    check.string(f, path, "description", false, 2000, true);
    const JsonValue* fields = f.find("fields");
    const std::string fpath = child(path, "fields");
    if (!fields) {
      check.fail("required", fpath, "required key is missing");
    } else if (check.expect_array(*fields, fpath)) {
      if (fields->empty()) check.fail("empty", fpath, "a form needs at least one field");
      // A visitor's profile holds at most 40 contact fields: a longer form
      // could be answered and then not stored.
      if (fields->size() > ProfileLimits::max_contact_fields) {
        check.fail("range", fpath,
                   "at most " + format_number(static_cast<double>(ProfileLimits::max_contact_fields)) +
                       " fields: a visitor's profile keeps at most that many contact fields");
      }
      StringIndex names;
      for (std::size_t k = 0; k < fields->size(); ++k) {
        read_field(reader, (*fields)[k], json_pointer_child(fpath, k), names, form);
      }
    }
    if (auto n = check.integer(f, path, "max_fields", false, 1, 100)) form.max_fields = static_cast<std::uint32_t>(*n);
    if (const JsonValue* c = f.find("consent")) {
      const std::string cpath = child(path, "consent");
      if (check.expect_object(*c, cpath)) {
        check.only_keys(*c, cpath, {"text", "required"});
        form.consent_asked = true;
        local_text(check, *c, cpath, "text", true, 5000, form.consent_text);
        form.consent_required = check.boolean(*c, cpath, "required", false).value_or(false);
      }
    }
    local_text(check, f, path, "submit", false, 200, form.submit);
    local_text(check, f, path, "thanks", false, 1000, form.thanks);
    if (auto s = check.number(f, path, "min_fill_seconds", false, 0, 3600)) form.min_fill_ms = *s * 1000;
    form.honeypot = check.boolean(f, path, "honeypot", false).value_or(true);
    if (check.error_count() == before) config.forms.push_back(std::move(form));
  }
}

}  // namespace detail

// ------------------------------------------------------------------ asking

namespace {
// The thank-you a form shows when its config gives none.
const char* default_thanks(std::string_view language) {
  static constexpr std::pair<const char*, const char*> texts[] = {
      {"vi", "Cảm ơn bạn!"}, {"th", "ขอบคุณ"}, {"fa", "سپاسگزاریم!"}};
  const std::string_view base = language.substr(0, language.find('-'));
  for (const auto& [lang, text] : texts) {
    if (equal_ignoring_ascii_case(base, lang)) return text;
  }
  return "Thank you!";
}
}  // namespace

namespace {

// The answer to `c`'s field so far, else the known contact value.
bool lookup(const Profile& p, const FormValues& answers, const Condition& c, Scalar& out) {
  if (const std::string* a = answers.get(c.key); a && !a->empty()) {
    out = stored_text(c, *a);
    return true;
  }
  const ContactValue* v = p.contact_field(c.key);
  if (!v || (!v->is_number && v->text.empty())) return false;
  out = v->is_number ? Scalar::of(v->number) : stored_text(c, v->text);
  return true;
}

bool conditions_hold_on(const FormField& f, const Profile& p, const FormValues& answers) {
  for (const Condition& c : f.conditions) {
    Scalar v;
    if (!c.test(lookup(p, answers, c, v) ? &v : nullptr)) return false;
  }
  return true;
}

}  // namespace

namespace {

bool has_input(const PageInputs& inputs, const std::string& name) {
  return !inputs || std::find(inputs->begin(), inputs->end(), name) != inputs->end();
}

}  // namespace

std::vector<std::string> fields_without_input(const Form& form, const PageInputs& inputs) {
  std::vector<std::string> out;
  for (const FormField& f : form.fields) {
    if (!has_input(inputs, f.name)) out.push_back(f.name);
  }
  return out;
}

std::vector<std::size_t> fields_to_ask(const Form& form, const Profile& p, const FormValues& answers,
                                       const PageInputs& inputs) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < form.fields.size(); ++i) {
    const FormField& f = form.fields[i];
    // A field the page's form has no input for is not asked there: the
    // visitor could never answer it, and a required one would refuse every
    // submit, losing every lead of that form. The lead goes without it (the
    // developer is told which fields the page lacks).
    if (!has_input(inputs, f.name)) continue;
    // Known fields are not asked again, unless the visitor has typed an
    // answer into this one already: a field never vanishes under their hands
    // (contact data learnt meanwhile, say in another tab), and what they
    // typed is what the lead carries.
    const ContactValue* known = p.contact_field(f.name);
    const std::string* typed = answers.get(f.name);
    if (!f.always && known && (known->is_number || !known->text.empty()) && !(typed && !typed->empty())) continue;
    if (!conditions_hold_on(f, p, answers)) continue;
    // Past max_fields only a field the visitor has typed in (a field an
    // answer brought in above it took its place: it does not vanish).
    if (form.max_fields && out.size() >= form.max_fields && !(typed && !typed->empty())) continue;
    out.push_back(i);
  }
  return out;
}

namespace {

// `text` in `language` as `key`, and its language as `lang_key` where it is
// to be marked; `fallback` (in `fallback_in`) for a text the config lacks.
void local_field(JsonWriter& out, std::string_view key, std::string_view lang_key, const LocalText& text,
                 std::string_view language, std::string_view fallback = {}, std::string_view fallback_in = {}) {
  const auto* entry = text.pick_entry(language);
  out.field(key, entry ? std::string_view(entry->second) : fallback);
  const std::string_view mark = language_to_mark(entry ? std::string_view(entry->first) : fallback_in, language);
  if (!mark.empty()) out.field(lang_key, mark);
}

}  // namespace

void write_form_plan(JsonWriter& out, const Form& form, const std::vector<std::size_t>& fields,
                     std::string_view language, const PageInputs& inputs) {
  out.begin_object().field("id", form.id).key("fields").begin_array();
  for (std::size_t i : fields) {
    const FormField& f = form.fields[i];
    out.begin_object().field("name", f.name).field("type", field_type_name(f.type));
    local_field(out, "label", "lang", f.label, language);
    out.field("required", f.required);
    if (!f.placeholder.empty()) local_field(out, "placeholder", "placeholder_lang", f.placeholder, language);
    if (f.type == FieldType::text || f.type == FieldType::textarea) out.field("max_length", f.max_length);
    if (f.has_min) out.field("min", f.min);
    if (f.has_max) out.field("max", f.max);
    if (!f.options.empty()) {
      out.key("options").begin_array();
      for (const FormOption& o : f.options) {
        out.begin_object().field("value", o.value);
        local_field(out, "label", "lang", o.label, language, o.value);
        out.end_object();
      }
      out.end_array();
    }
    out.end_object();
  }
  out.end_array();
  if (form.consent_asked) {
    out.key("consent").begin_object();
    local_field(out, "text", "lang", form.consent_text, language);
    out.field("required", form.consent_required).end_object();
  }
  local_field(out, "submit", "submit_lang", form.submit, language, "Send", "en");
  const char* told_in = messages_language(language);
  local_field(out, "thanks", "thanks_lang", form.thanks, language, default_thanks(told_in), told_in);
  if (!language_to_mark(told_in, language).empty()) out.field("messages_lang", told_in);
  if (form.honeypot) out.field("honeypot", honeypot_field);
  if (fields.size() < form.fields.size()) {
    out.key("hidden").begin_array();
    for (std::size_t i = 0; i < form.fields.size(); ++i) {
      if (std::find(fields.begin(), fields.end(), i) == fields.end()) out.value(form.fields[i].name);
    }
    out.end_array();
  }
  const std::vector<std::string> missing = fields_without_input(form, inputs);
  if (!missing.empty()) {
    out.key("missing").begin_array();
    for (const std::string& name : missing) out.value(name);
    out.end_array();
  }
  out.end_object();
}

// ------------------------------------------------------------------ checking

namespace {

// Messages people read, in the languages the product promises.
struct Messages {
  const char* language;
  const char* required;
  const char* email;
  const char* phone;
  const char* too_short;
  const char* too_long;
  const char* number;
  const char* range;
  const char* range_min;  // only a lower bound
  const char* range_max;  // only an upper bound
  const char* option;
  const char* consent;
  const char* unsent;     // the lead could not be queued
  const char* too_fast;   // valid answers sent faster than min_fill_seconds
};

constexpr Messages messages[] = {
    {"en", "Please fill in this field.", "Please enter a valid email address.",
     "Please enter a valid phone number.", "Please use at least {n} characters.",
     "Please use at most {n} characters.", "Please enter a number.",
     "Please enter a number from {min} to {max}.", "Please enter a number of at least {min}.",
     "Please enter a number of at most {max}.", "Please choose one of the options.",
     "Please tick the box to continue.",
     "Sorry, your details could not be sent just now. Please try again in a few minutes.",
     "Please check your answers, then send the form again."},
    {"vi", "Vui lòng điền vào trường này.", "Vui lòng nhập địa chỉ email hợp lệ.",
     "Vui lòng nhập số điện thoại hợp lệ.", "Vui lòng nhập ít nhất {n} ký tự.",
     "Vui lòng nhập tối đa {n} ký tự.", "Vui lòng nhập một số.",
     "Vui lòng nhập một số từ {min} đến {max}.", "Vui lòng nhập một số không nhỏ hơn {min}.",
     "Vui lòng nhập một số không lớn hơn {max}.", "Vui lòng chọn một trong các lựa chọn.",
     "Vui lòng đánh dấu vào ô để tiếp tục.",
     "Rất tiếc, hiện chưa thể gửi thông tin của bạn. Vui lòng thử lại sau vài phút.",
     "Vui lòng kiểm tra lại thông tin rồi gửi lại biểu mẫu."},
    {"th", "กรุณากรอกข้อมูลในช่องนี้", "กรุณากรอกอีเมลให้ถูกต้อง", "กรุณากรอกหมายเลขโทรศัพท์ให้ถูกต้อง",
     "กรุณากรอกอย่างน้อย {n} ตัวอักษร", "กรุณากรอกไม่เกิน {n} ตัวอักษร", "กรุณากรอกตัวเลข",
     "กรุณากรอกตัวเลขตั้งแต่ {min} ถึง {max}", "กรุณากรอกตัวเลขไม่น้อยกว่า {min}",
     "กรุณากรอกตัวเลขไม่เกิน {max}", "กรุณาเลือกหนึ่งในตัวเลือก",
     "กรุณาทำเครื่องหมายในช่องเพื่อดำเนินการต่อ",
     "ขออภัย ไม่สามารถส่งข้อมูลของคุณได้ในขณะนี้ กรุณาลองใหม่อีกครั้งในอีกสักครู่",
     "กรุณาตรวจสอบข้อมูลของคุณ แล้วส่งแบบฟอร์มอีกครั้ง"},
    {"fa", "لطفاً این فیلد را پر کنید.", "لطفاً یک نشانی ایمیل معتبر وارد کنید.",
     "لطفاً یک شماره تلفن معتبر وارد کنید.", "لطفاً دست‌کم {n} نویسه وارد کنید.",
     "لطفاً حداکثر {n} نویسه وارد کنید.", "لطفاً یک عدد وارد کنید.",
     "لطفاً عددی از {min} تا {max} وارد کنید.", "لطفاً عددی برابر یا بیشتر از {min} وارد کنید.",
     "لطفاً عددی برابر یا کمتر از {max} وارد کنید.", "لطفاً یکی از گزینه‌ها را انتخاب کنید.",
     "لطفاً برای ادامه، کادر را علامت بزنید.",
     "متأسفیم، اطلاعات شما هم‌اکنون فرستاده نشد. لطفاً چند دقیقهٔ دیگر دوباره تلاش کنید.",
     "لطفاً پاسخ‌هایتان را بررسی کنید و سپس فرم را دوباره بفرستید."},
};

const Messages& messages_for(std::string_view language) {
  const std::string_view base = language.substr(0, language.find('-'));
  for (const Messages& m : messages) {
    if (equal_ignoring_ascii_case(base, m.language)) return m;
  }
  return messages[0];
}

}  // namespace

const char* messages_language(std::string_view language) { return messages_for(language).language; }

std::string queue_full_message(std::string_view language) { return messages_for(language).unsent; }

std::string constraint_message(std::string_view problem, std::string_view language) {
  const Messages& m = messages_for(language);
  return problem == "consent" ? m.consent : problem == "option" ? m.option : problem == "required" ? m.required
       : problem == "email" ? m.email : problem == "number" ? m.number : "";
}

// One @, a local part without spaces, a domain with a dot whose labels are
// letters, digits, hyphens or non-ASCII (internationalised domains).
bool is_email(std::string_view s) {
  if (s.size() > 254) return false;
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || s.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : s.substr(0, at)) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ',') return false;
  }
  std::string_view domain = s.substr(at + 1);
  if (domain.find('.') == std::string_view::npos) return false;
  while (!domain.empty()) {
    const auto dot = domain.find('.');
    const std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      const auto u = static_cast<unsigned char>(c);
      if (!(u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    if (dot == std::string_view::npos) {
      if (label.size() < 2) return false;  // a top-level domain has two letters at least
      break;
    }
    domain.remove_prefix(dot + 1);
    if (domain.empty()) return false;  // "example." : no top-level domain
  }
  return true;
}

namespace {

// A number as the message's language writes it: Persian with its own digits
// and decimal separator (۸۰, ۲٫۵), the others with ASCII ones.
std::string number_in(const Messages& m, double v) {
  std::string ascii = format_number(v);
  if (std::string_view(m.language) != "fa") return ascii;
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += '\xDB';  // U+06F0 + digit: EXTENDED ARABIC-INDIC DIGIT ZERO..NINE
      out += static_cast<char>(0xB0 + (c - '0'));
    } else if (c == '.') {
      out += "\xD9\xAB";  // U+066B ARABIC DECIMAL SEPARATOR
    } else {
      out += c;
    }
  }
  return out;
}

std::string fill(const Messages& m, const char* text, double n, double min = 0, double max = 0) {
  std::string out(text);
  auto replace = [&](std::string_view key, double v) {
    const auto at = out.find(key);
    if (at != std::string::npos) out.replace(at, key.size(), number_in(m, v));
  };
  replace("{n}", n);
  replace("{min}", min);
  replace("{max}", max);
  return out;
}

// The longest prefix of well-formed UTF-8 `s` of at most `max_bytes` that
// ends on a character boundary.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

// 7 to 15 digits (E.164), with the usual separators; one '+', before the
// digits ("+84 912", "(+84) 912").
bool is_phone(std::string_view s) {
  int digits = 0;
  bool plus = false;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+') {
      if (digits || plus) return false;
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
      return false;
    }
  }
  return digits >= 7 && digits <= 15;
}

}  // namespace

FormCheck check_form(const Form& form, const Profile& p, const FormSubmit& submit) {
  FormCheck out;
  // A filled honeypot is a bot's: dropped quietly (it sees success; nothing is stored or sent).
  if (form.honeypot && !trim(submit.honeypot).empty()) {
    out.outcome = FormOutcome::spam;
    return out;
  }
  const Messages& m = messages_for(submit.language);
  auto error = [&](const std::string& field, const char* code, std::string message) {
    out.errors.push_back(FieldError{field, code, std::move(message)});
  };
  for (std::size_t i : fields_to_ask(form, p, submit.answers, submit.inputs)) {
    const FormField& f = form.fields[i];
    const std::string* raw = submit.answers.get(f.name);
    // The answer as a person reads it: no control characters pasted along.
    const std::string read = raw ? without_controls(*raw, f.type == FieldType::textarea) : std::string();
    const std::string_view v = trim(read);
    const bool empty = v.empty() || (f.type == FieldType::checkbox && v == "false");
    if (empty) {
      // Nothing to type in a choice or a box: say to choose, or to tick.
      const char* say = f.type == FieldType::select ? m.option : f.type == FieldType::checkbox ? m.consent : m.required;
      if (f.required) error(f.name, "required", say);
      continue;
    }
    if (!is_valid_utf8(v)) {
      error(f.name, "required", m.required);
      continue;
    }
    FieldValue value{f.name, std::string(v), false, 0};
    // Phone keyboards in Persian, Arabic, Hindi or Thai type their own digits.
    std::string digits;
    if (f.type == FieldType::phone || f.type == FieldType::number) {
      digits = ascii_digits(v);
      value.text = digits;
    }
    // A profile keeps at most max_contact_value_bytes per contact value; a
    // longer answer that passed here would be refused after a "thank you"
    // and the lead lost. Say so next to the field instead.
    const bool oversized = v.size() > ProfileLimits::max_contact_value_bytes;
    switch (f.type) {
      case FieldType::email:
        if (!is_email(v)) error(f.name, "email", m.email);
        break;
      case FieldType::phone:
        if (oversized || !is_phone(digits)) error(f.name, "phone", m.phone);
        break;
      case FieldType::number: {
        const auto n = parse_decimal(digits);
        if (!n) {
          error(f.name, "number", m.number);
        } else if ((f.has_min && *n < f.min) || (f.has_max && *n > f.max)) {
          const char* text = f.has_min && f.has_max ? m.range : f.has_min ? m.range_min : m.range_max;
          error(f.name, "range", fill(m, text, 0, f.min, f.max));
        } else {
          value.is_number = true;
          value.number = *n;
        }
        break;
      }
      case FieldType::select: {
        // (answers are trimmed; a choice the config writes with spaces around
        // it is one too, and the lead carries it as the config writes it)
        bool known = false;
        for (const FormOption& o : f.options) {
          if (!known && trim(o.value) == v) {
            known = true;
            value.text = o.value;
          }
        }
        if (!known) error(f.name, "option", m.option);
        break;
      }
      case FieldType::checkbox:
        value.text = "true";
        break;
      default: {
        const std::size_t length = utf8_length(v);
        if (length < f.min_length) {
          error(f.name, "too_short", fill(m, m.too_short, f.min_length));
        } else if (length > f.max_length) {
          error(f.name, "too_long", fill(m, m.too_long, f.max_length));
        } else if (oversized) {
          // As many characters of this script as fit (333 Thai letters, 1000 Latin ones).
          const std::string_view fits = utf8_prefix(v, ProfileLimits::max_contact_value_bytes);
          error(f.name, "too_long", fill(m, m.too_long, static_cast<double>(utf8_length(fits))));
        }
      }
    }
    out.fields.push_back(std::move(value));
  }
  if (form.consent_asked && form.consent_required && !submit.consent) error("", "consent", m.consent);
  // Valid answers sent faster than a person fills the form in: a bot's, or a
  // person's whose browser filled the form in. Not taken, and not dropped
  // either: the visitor is asked to send it again (a person does, a bot that
  // posts once does not), and by then the time has passed.
  if (out.errors.empty() && submit.fill_ms < form.min_fill_ms) error("", "too_fast", m.too_fast);
  if (!out.errors.empty()) {
    out.outcome = FormOutcome::invalid;
    out.fields.clear();
  }
  return out;
}

void write_form_check(JsonWriter& out, const FormCheck& check) {
  out.begin_object()
      .field("outcome", check.outcome == FormOutcome::ok ? "ok" : check.outcome == FormOutcome::spam ? "spam"
                 : check.outcome == FormOutcome::unsent ? "unsent" : "invalid")
      .key("errors").begin_array();
  for (const FieldError& e : check.errors) {
    out.begin_object().field("field", e.field).field("code", e.code).field("message", e.message).end_object();
  }
  out.end_array().end_object();
}

}  // namespace leadscore
