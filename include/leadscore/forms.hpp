#pragma once
/// \file
/// Forms: what to ask (progressive profiling), whether the answers are valid
/// (with messages in English, Vietnamese, Thai and Persian), and whether a
/// submit came from a bot. The widget renders and collects; the core decides.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/conditions.hpp"

namespace leadscore {

struct Profile;
class JsonWriter;

/// Text people read, in one or several languages.
struct LocalText {
  std::vector<std::pair<std::string, std::string>> by_language;  ///< ("en", "Work email"), ...
  /// The text for `language` ("vi-VN" uses "vi"), else English, else the first given.
  const std::string& pick(std::string_view language) const;
  /// The text for `language` ("vi-VN" uses "vi"), else English, else the one
  /// given for every language (a plain string); nullptr if none of these.
  const std::string* find(std::string_view language) const;
  /// What find() picks, with the language the config gave it under ("fa" for
  /// "fa-IR", "en" for a fallback to English, "" for a plain string: every
  /// language); nullptr if none.
  const std::pair<std::string, std::string>* find_entry(std::string_view language) const;
  /// What pick() picks, with its language as find_entry() has it; nullptr if empty.
  const std::pair<std::string, std::string>* pick_entry(std::string_view language) const;
  bool empty() const { return by_language.empty(); }
};

/// The language to mark a text with where it is shown on a page in
/// `language` (its lang attribute): the text's own, `given_in`, when it is
/// known and is not the page's ("en" for an English text beside a German
/// page; "" beside an English or "en-GB" page, or for a text given for every
/// language, given_in "").
std::string_view language_to_mark(std::string_view given_in, std::string_view language);

/// Whether `s` reads as an email address: one @, a local part without spaces,
/// a domain with a dot (forms' email fields, and contact data given as `email`).
bool is_email(std::string_view s);

enum class FieldType : unsigned char { text, email, phone, number, select, checkbox, textarea };
const char* field_type_name(FieldType t);

struct FormOption {
  std::string value;
  LocalText label;  ///< empty: the value is the label
};

struct FormField {
  std::string name;  ///< the contact field it fills
  FieldType type = FieldType::text;
  LocalText label, placeholder;
  bool required = false;
  bool always = false;  ///< ask even when the contact field is known
  std::uint32_t min_length = 0, max_length = 1000;  ///< characters (code points)
  bool has_min = false, has_max = false;
  double min = 0, max = 0;            ///< number fields
  std::vector<FormOption> options;    ///< select
  std::vector<Condition> conditions;  ///< ask only when these hold
};

struct Form {
  std::string id;
  std::vector<FormField> fields;
  std::uint32_t max_fields = 0;  ///< 0: all
  bool consent_asked = false, consent_required = false;
  LocalText consent_text;
  LocalText submit;
  LocalText thanks;  ///< shown after a submit (empty: a default in the visitor's language)
  double min_fill_ms = 2000;
  bool honeypot = true;
};

/// Answers as the widget collected them (trimmed, NFC-normalised strings).
struct FormValues {
  std::vector<std::pair<std::string, std::string>> values;
  const std::string* get(std::string_view name) const;
};

/// The names of the inputs a page's own form has (a data-leadscore-form), or
/// none for a form the widget renders (it has every field).
using PageInputs = std::optional<std::vector<std::string>>;

/// The fields to ask now, in order: not known yet (or `always`, or answered
/// in `answers` already), whose conditions hold on the known contact data and
/// the answers so far, and that have an input in the page's form (`inputs`,
/// names compared exactly), at most max_fields.
std::vector<std::size_t> fields_to_ask(const Form& form, const Profile& profile, const FormValues& answers,
                                       const PageInputs& inputs = std::nullopt);

/// The names of the form's fields the page's form has no input for, in form
/// order (none for a form the widget renders).
std::vector<std::string> fields_without_input(const Form& form, const PageInputs& inputs);

/// Writes what the widget renders: {"id", "fields": [{"name", "type",
/// "label", "lang"?, "placeholder"?, "placeholder_lang"?, "required", "max_length"?, "min"?,
/// "max"?, "options"?: [{"value", "label", "lang"?}]}], "consent"?: {"text",
/// "required", "lang"?}, "submit", "submit_lang"?, "thanks", "thanks_lang"?,
/// "messages_lang"?, "honeypot"?: "<field name>", "hidden"?: [names of the form's other fields,
/// not asked now: hidden on page forms], "missing"?: [names of the form's
/// fields the page's form has no input for]}, texts in `language` ("submit"
/// defaults to "Send", "thanks" to a thank-you in en, vi, th or fa); a
/// "lang" is a text's language where it is to be marked (language_to_mark:
/// the label's, for a field); "messages_lang" that of the check's messages
/// (messages_language()).
void write_form_plan(JsonWriter& out, const Form& form, const std::vector<std::size_t>& fields,
                     std::string_view language, const PageInputs& inputs = std::nullopt);

/// The name of the hidden honeypot input the widget adds.
inline constexpr std::string_view honeypot_field = "leadscore_website";

struct FieldError {
  std::string field;    ///< the field's name ("" for the consent box)
  std::string code;     ///< required, email, phone, too_short, too_long, number, range, option, consent;
                        ///< for an unsent submit (field ""): queue_full, not_stored
  std::string message;  ///< in the form's language
};

/// unsent: the answers were fine but the lead could not be queued (the
/// delivery queue is full: code queue_full) or the profile refused them
/// (code not_stored; not expected, see submit_form):
/// nothing was kept, the visitor is asked to try again later
/// (queue_full_message) and the site owner hears why
/// (leadscore.delivery.queue_full, leadscore.event.too_large).
enum class FormOutcome : unsigned char { ok, invalid, spam, unsent };

/// The language of the messages below for a visitor in `language`
/// (en, vi, th or fa: English for any other).
const char* messages_language(std::string_view language);

/// What a visitor reads when the lead could not be queued, in their language.
std::string queue_full_message(std::string_view language);

/// What a visitor reads about a control of the page's form whose own
/// constraint is not met (its required privacy box), in
/// their language: `problem` is "consent" (a box left unticked), "option"
/// (no choice made), "required" (left empty), "email" (not an address) or
/// "number" (text a number input cannot read);
/// "" for another, which the page's browser tells instead.
std::string constraint_message(std::string_view problem, std::string_view language);

/// A submit, as the widget saw it.
struct FormSubmit {
  FormValues answers;
  bool consent = false;
  std::string honeypot;   ///< what the hidden field held
  double fill_ms = 0;     ///< from first seeing the form to sending it
  std::string language;   ///< for messages
  PageInputs inputs;      ///< the page form's input names (none: a form the widget renders)
};

/// One answer, typed as its field says.
struct FieldValue {
  std::string name;
  std::string text;  ///< strings (and "true"/"false" for checkboxes)
  bool is_number = false;
  double number = 0;
};

struct FormCheck {
  FormOutcome outcome = FormOutcome::ok;
  std::vector<FieldError> errors;  ///< when invalid, in field order
  std::vector<FieldValue> fields;  ///< when ok: the asked fields' answers, to store
};

/// Checks a submit against the fields that were asked: a filled honeypot
/// first (spam, quietly), then every field, then consent; valid answers sent
/// faster than min_fill_seconds are invalid with a form-level "too_fast"
/// error (the visitor is asked to send again).
FormCheck check_form(const Form& form, const Profile& profile, const FormSubmit& submit);

/// Writes {"outcome": "ok"|"invalid"|"spam", "errors": [{"field", "code", "message"}]}.
void write_form_check(JsonWriter& out, const FormCheck& check);

}  // namespace leadscore
