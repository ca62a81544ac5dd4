// Forms: what the widget asks (progressive profiling), what it renders (the
// form plan), and what it says to people who submit (validation messages in
// English, Vietnamese, Thai and Persian), and what it drops quietly (bots).
// Everything here is what a visitor sees next to a field or a marketer sees
// in the form: exact messages, exact plans.

#include <boost/test/unit_test.hpp>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "leadscore/forms.hpp"
#include "leadscore/json_writer.hpp"
#include "leadscore/text.hpp"
#include "support.hpp"

using namespace leadscore;
using test::event;

namespace {

constexpr std::int64_t T0 = 1767225600000;  // 2026-01-01

// One field of every type, none required, so each answer is checked alone.
const char* const fields_config = R"({"version": 1, "forms": [
  {"id": "all", "min_fill_seconds": 0, "fields": [
    {"name": "email", "type": "email", "label": "Email"},
    {"name": "phone", "type": "phone", "label": "Phone"},
    {"name": "full_name", "type": "text", "label": "Name", "min_length": 2, "max_length": 14},
    {"name": "company", "type": "text", "label": "Company", "max_length": 40},
    {"name": "notes", "type": "textarea", "label": "Notes", "max_length": 12},
    {"name": "seats", "type": "number", "label": "Seats", "min": 1, "max": 500},
    {"name": "age", "type": "number", "label": "Age", "min": 18},
    {"name": "discount", "type": "number", "label": "Discount", "max": 50},
    {"name": "amount", "type": "number", "label": "Amount"},
    {"name": "plan", "type": "select", "label": "Plan",
     "options": ["free", {"value": "pro", "label": {"en": "Pro", "vi": "Chuyên nghiệp"}}]},
    {"name": "agree", "type": "checkbox", "label": "Keep me posted"},
    {"name": "bio", "type": "textarea", "label": "About you"}
  ]},
  {"id": "required", "min_fill_seconds": 0, "fields": [
    {"name": "email", "type": "email", "label": "Email", "required": true},
    {"name": "company", "type": "text", "label": "Company", "required": true},
    {"name": "terms", "type": "checkbox", "label": "I accept the terms", "required": true}
  ], "consent": {"required": true, "text": "Email me"}},
  {"id": "spam", "min_fill_seconds": 2, "fields": [
    {"name": "email", "type": "email", "label": "Email", "required": true}
  ]},
  {"id": "no-honeypot", "honeypot": false, "min_fill_seconds": 0, "fields": [
    {"name": "email", "type": "email", "label": "Email", "required": true}
  ]},
  {"id": "optional-consent", "min_fill_seconds": 0, "fields": [
    {"name": "email", "type": "email", "label": "Email"}
  ], "consent": {"text": "Send me news"}},
  {"id": "ranges", "min_fill_seconds": 0, "fields": [
    {"name": "seats", "type": "number", "label": "Seats", "min": 1, "max": 500, "required": true},
    {"name": "age", "type": "number", "label": "Age", "min": 18, "required": true},
    {"name": "discount", "type": "number", "label": "Discount", "max": 50, "required": true},
    {"name": "full_name", "type": "text", "label": "Name", "min_length": 2, "max_length": 14, "required": true},
    {"name": "nick", "type": "text", "label": "Nick", "max_length": 14, "required": true},
    {"name": "phone", "type": "phone", "label": "Phone", "required": true},
    {"name": "plan", "type": "select", "label": "Plan", "options": ["free"], "required": true}
  ], "consent": {"required": true, "text": "ok"}}
]})";

using test::form_of;
using test::submit_of;

std::string outcome_name(FormOutcome o) {
  return o == FormOutcome::ok ? "ok" : o == FormOutcome::spam ? "spam" : "invalid";
}

// "field:code" for each error, in order.
std::vector<std::string> codes(const FormCheck& check) {
  std::vector<std::string> out;
  for (const FieldError& e : check.errors) out.push_back(e.field + ":" + e.code);
  return out;
}

std::vector<std::string> names(const Form& form, const std::vector<std::size_t>& fields) {
  std::vector<std::string> out;
  for (std::size_t i : fields) out.push_back(form.fields[i].name);
  return out;
}

// The fields fields_to_ask() gives a new visitor who identified with `known`
// (if anything) and has answered `answers` in the form so far.
std::vector<std::string> asked(const Config& config, const Form& form, const json& known,
                               const std::vector<std::pair<std::string, std::string>>& answers) {
  Profile p = new_profile(config, "v");
  test::Feeder feed;
  if (!known.empty()) BOOST_REQUIRE(feed(config, p, event("identify", T0, "", known)).accepted);
  FormValues values;
  values.values = answers;
  return names(form, fields_to_ask(form, p, values));
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

struct FieldCase {
  const char* field;
  std::string value;
  const char* code;  // "" when the answer is fine
};

void run_field_cases(const std::vector<FieldCase>& cases) {
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "all");
  const Profile p = new_profile(*config, "v");
  for (const FieldCase& c : cases) {
    BOOST_TEST_CONTEXT(c.field << " = \"" << c.value << "\"") {
      const FormCheck check = check_form(form, p, submit_of({{c.field, c.value}}));
      if (*c.code == 0) {
        BOOST_TEST(outcome_name(check.outcome) == "ok");
        BOOST_TEST(check.errors.empty());
      } else {
        BOOST_TEST(outcome_name(check.outcome) == "invalid");
        BOOST_TEST(codes(check) == std::vector<std::string>{std::string(c.field) + ":" + c.code},
                   boost::test_tools::per_element());
        BOOST_TEST(check.fields.empty());  // nothing of an invalid submit is kept
      }
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(forms_test)

BOOST_AUTO_TEST_CASE(email_answers) {
  const std::string local64 = repeat("a", 64), local65 = repeat("a", 65);
  // 254 bytes in all: 64 + "@" + 189 bytes of labels.
  const std::string domain189 = repeat("b", 60) + "." + repeat("c", 60) + "." + repeat("d", 59) + ".example";
  BOOST_REQUIRE_EQUAL(local64.size() + 1 + domain189.size(), 254u);
  run_field_cases({
      {"email", "ana@example.com", ""},
      {"email", "first.last+tag@mail.example.co.uk", ""},
      {"email", "  ana@example.com\t", ""},             // trimmed
      {"email", "nguyen@công-ty.vn", ""},               // internationalised domain (IDN), as typed
      {"email", "nguyen@xn--cng-ty-ixa.vn", ""},        // the same domain in punycode
      {"email", "somchai@บริษัท.ไทย", ""},              // Thai domain and TLD
      {"email", "maryam@شرکت.ایران", ""},               // Persian domain and TLD
      {"email", "O'Brien@example.ie", ""},
      {"email", local64 + "@example.com", ""},          // the longest local part
      {"email", local64 + "@" + domain189, ""},         // 254 bytes: the longest address
      {"email", local65 + "@example.com", "email"},     // local part over 64
      {"email", local64 + "@" + domain189 + "x", "email"},  // 255 bytes
      {"email", "ana.example.com", "email"},            // no @
      {"email", "ana@example", "email"},                // no dot: missing TLD
      {"email", "ana@example.c", "email"},              // one-letter TLD
      {"email", "ana@example.", "email"},               // empty TLD
      {"email", "ana@@example.com", "email"},           // two @
      {"email", "ana@ex@ample.com", "email"},           // two @ apart
      {"email", "ana maria@example.com", "email"},      // space in the local part
      {"email", "ana@exa mple.com", "email"},           // space in the domain
      {"email", "@example.com", "email"},               // no local part
      {"email", "ana@", "email"},                       // no domain
      {"email", "ana@.example.com", "email"},           // empty label
      {"email", "ana@example..com", "email"},           // empty label
      {"email", "ana@-example.com", "email"},           // label starting with a hyphen
      {"email", "ana@exa_mple.com", "email"},           // underscore in the domain
      {"email", "<ana@example.com>", "email"},
  });
}

BOOST_AUTO_TEST_CASE(phone_answers) {
  run_field_cases({
      {"phone", "+84 912 345 678", ""},
      {"phone", "(028) 3822-1234", ""},
      {"phone", "0912.345.678", ""},
      {"phone", "+98 21 8888 7777", ""},
      {"phone", "1234567", ""},                  // 7 digits: shortest
      {"phone", "123456789012345", ""},          // 15 digits: longest (E.164)
      {"phone", "+1 (555) 010-9999", ""},
      {"phone", "(+84) 912 345 678", ""},        // the country code in brackets, as Vietnamese pages write it
      {"phone", "( +44 ) 20 7946 0958", ""},
      {"phone", "(84)+912345678", "phone"},      // '+' after digits
      {"phone", "123456", "phone"},              // 6 digits
      {"phone", "1234567890123456", "phone"},    // 16 digits
      {"phone", "+(((-- --)))+", "phone"},       // separators only
      {"phone", "0912+345678", "phone"},         // '+' not first
      {"phone", "++84912345678", "phone"},       // a second '+'
      {"phone", "0912 345 67a", "phone"},        // a letter
      {"phone", "0912#345678", "phone"},
      {"phone", "۰۹۱۲ ۳۴۵ ۶۷۸۹", ""},           // Persian digits, as a Persian keyboard types them
      {"phone", "٠٩١٢٣٤٥٦٧٨", ""},               // Arabic-Indic digits
      {"phone", "๐๘๑ ๒๓๔ ๕๖๗๘", ""},             // Thai digits
      {"phone", "۰۹۱۲۳", "phone"},               // still too short
  });
}

BOOST_AUTO_TEST_CASE(persian_messages_write_numbers_with_persian_digits) {
  // A Persian reader is told "from ۰٫۵ to ۴٫۵", not "from 0.5 to 4.5"; the
  // other languages keep ASCII digits (Thai pages use them too).
  const auto config = test::compile_config(R"({"version": 1, "forms": [{"id": "rate", "min_fill_seconds": 0, "fields": [
    {"name": "stars", "type": "number", "label": "Stars", "min": 0.5, "max": 4.5}]}]})");
  const Form& form = form_of(*config, "rate");
  const Profile p = new_profile(*config, "v");
  const std::pair<const char*, const char*> cases[] = {
      {"fa-IR", "لطفاً عددی از ۰٫۵ تا ۴٫۵ وارد کنید."},
      {"en", "Please enter a number from 0.5 to 4.5."},
      {"th", "กรุณากรอกตัวเลขตั้งแต่ 0.5 ถึง 4.5"}};
  for (const auto& [language, message] : cases) {
    const FormCheck c = check_form(form, p, submit_of({{"stars", "9"}}, language));
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0].message == message, language);
  }
}

BOOST_AUTO_TEST_CASE(other_scripts_digits_are_stored_as_ascii) {
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "all");
  const Profile p = new_profile(*config, "v");
  const FormCheck check = check_form(form, p, submit_of({{"phone", "۰۹۱۲ ۳۴۵ ۶۷۸۹"}, {"seats", "۱۲۰"}}, "fa"));
  BOOST_TEST_REQUIRE(outcome_name(check.outcome) == "ok");
  std::string phone, seats;
  for (const FieldValue& v : check.fields) {
    if (v.name == "phone") phone = v.text;
    if (v.name == "seats") seats = v.is_number ? format_number(v.number) : "(text)";
  }
  BOOST_TEST(phone == "0912 345 6789");
  BOOST_TEST(seats == "120");
}

BOOST_AUTO_TEST_CASE(text_lengths_count_characters_not_bytes) {
  // full_name: 2..14 characters; company: up to 40; notes (textarea): up to 12.
  const std::string vietnamese = "Nguyễn Thị Ánh";  // 14 characters, 19 bytes
  const std::string thai = "สมชาย ใจดี";          // 10 characters, 28 bytes
  const std::string persian = "مریم احمدی";       // 10 characters, 19 bytes
  BOOST_REQUIRE_EQUAL(utf8_length(vietnamese), 14u);
  BOOST_REQUIRE_GT(vietnamese.size(), 14u);
  BOOST_REQUIRE_EQUAL(utf8_length(thai), 10u);
  BOOST_REQUIRE_EQUAL(utf8_length(persian), 10u);
  run_field_cases({
      {"full_name", vietnamese, ""},
      {"full_name", thai, ""},
      {"full_name", persian, ""},
      {"full_name", "Ánh", ""},
      {"full_name", "Lê", ""},                          // 2 characters, 3 bytes: long enough
      {"full_name", "Á", "too_short"},                  // 1 character, 2 bytes
      {"full_name", "A", "too_short"},
      {"full_name", vietnamese + "h", "too_long"},      // 15 characters
      {"full_name", repeat("ก", 15), "too_long"},
      {"company", "Công ty TNHH Ánh Dương", ""},
      {"company", "บริษัท สยามเทค จำกัด", ""},
      {"company", "شرکت داده‌پردازان پارس", ""},         // with a zero-width non-joiner
      {"company", repeat("ž", 40), ""},
      {"company", repeat("ž", 41), "too_long"},
      {"notes", repeat("ไ", 12), ""},                   // 12 characters, 36 bytes
      {"notes", repeat("ไ", 13), "too_long"},
      {"notes", "line one\nline two", "too_long"},     // 17 characters, newline included
  });
}

BOOST_AUTO_TEST_CASE(control_characters_in_text_answers_are_not_kept) {
  // Pasted from a PDF or a terminal: characters no one can see are not passed
  // on to a CRM. A line break or tab in a one-line field is a space; a
  // textarea keeps its lines and tabs (a CR LF is one line break).
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "all");
  const Profile p = new_profile(*config, "v");
  const std::pair<const char*, std::string> cases[][2] = {
      {{"full_name", std::string("Ana\0 Lima", 9)}, {"", "Ana Lima"}},
      {{"full_name", "\x1b[1mAna"}, {"", "[1mAna"}},
      {{"full_name", "Ana\tLima\x7f"}, {"", "Ana Lima"}},
      {{"company", "Acme\r\nInc\xC2\x85\xC2\x9F"}, {"", "Acme Inc"}},
      {{"company", "\x01 C\xC3\xB4ng ty \x02"}, {"", "C\xC3\xB4ng ty"}},
      {{"notes", "one\r\ntwo\tt\x0c"}, {"", "one\ntwo\tt"}},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c[0].first) {
      const FormCheck check = check_form(form, p, submit_of({{c[0].first, c[0].second}}));
      BOOST_TEST(outcome_name(check.outcome) == "ok");
      BOOST_REQUIRE_EQUAL(check.fields.size(), 1u);
      BOOST_TEST(check.fields[0].text == c[1].second);
    }
  }
  // Lengths count what is kept: 14 letters and a NUL fit in 14 characters.
  BOOST_TEST(outcome_name(check_form(form, p, submit_of({{"full_name", std::string("Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xC3\x81nh\0", 20)}})).outcome) == "ok");
  // Nothing but control characters is nothing: a required field says so.
  const Form& required = form_of(*config, "required");
  const FormCheck empty = check_form(required, p, submit_of({{"email", "ana@example.com"}, {"company", "\x07\x08"}, {"terms", "true"}}, "en", true));
  BOOST_TEST(codes(empty) == std::vector<std::string>{"company:required"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(numbers_and_ranges) {
  run_field_cases({
      {"seats", "42", ""},
      {"seats", "1", ""},
      {"seats", "500", ""},
      {"seats", "4.5", ""},
      {"seats", " 7 ", ""},
      {"seats", "1e2", ""},
      {"seats", "0", "range"},
      {"seats", "500.01", "range"},
      {"seats", "-3", "range"},
      {"seats", "abc", "number"},
      {"seats", "12abc", "number"},
      {"seats", "1,5", "number"},          // a decimal comma is not a number here
      {"seats", "0x10", "number"},
      {"seats", "1e999", "number"},        // no finite number
      {"age", "18", ""},
      {"age", "17.9", "range"},
      {"discount", "50", ""},
      {"discount", "51", "range"},
      {"discount", "-1000", ""},
      {"amount", "-12.5", ""},
      {"amount", "1e300", ""},
  });
  // Numbers are stored as numbers.
  const auto config = test::compile_config(fields_config);
  const FormCheck check = check_form(form_of(*config, "all"), new_profile(*config, "v"),
                                     submit_of({{"seats", " 42 "}, {"company", "Acme"}}));
  BOOST_REQUIRE_EQUAL(check.fields.size(), 2u);
  BOOST_TEST(check.fields[0].name == "company");  // in field order, not answer order
  BOOST_TEST(!check.fields[0].is_number);
  BOOST_TEST(check.fields[1].name == "seats");
  BOOST_TEST(check.fields[1].is_number);
  BOOST_TEST(check.fields[1].number == 42);
}

BOOST_AUTO_TEST_CASE(select_and_checkbox_answers) {
  run_field_cases({
      {"plan", "free", ""},
      {"plan", "pro", ""},
      {"plan", "Pro", "option"},          // the label is not the value
      {"plan", "Chuyên nghiệp", "option"},
      {"plan", "enterprise", "option"},
      {"agree", "true", ""},
      {"agree", "on", ""},
      {"agree", "false", ""},             // unticked, not required
  });
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "all");
  const Profile p = new_profile(*config, "v");
  // A ticked box is stored as "true" whatever the browser sent; an unticked one is not stored.
  FormCheck ticked = check_form(form, p, submit_of({{"agree", "on"}, {"plan", "pro"}}));
  BOOST_REQUIRE_EQUAL(ticked.fields.size(), 2u);
  BOOST_TEST(ticked.fields[0].name == "plan");
  BOOST_TEST(ticked.fields[0].text == "pro");
  BOOST_TEST(ticked.fields[1].name == "agree");
  BOOST_TEST(ticked.fields[1].text == "true");
  FormCheck unticked = check_form(form, p, submit_of({{"agree", "false"}}));
  BOOST_TEST(outcome_name(unticked.outcome) == "ok");
  BOOST_TEST(unticked.fields.empty());

  // A choice the config writes with a space after it (pasted from elsewhere):
  // chosen (answers come trimmed), and kept as the config writes it.
  const auto spaced = test::compile_config(R"({"version": 1, "forms": [{"id": "size", "min_fill_seconds": 0, "fields": [
    {"name": "size", "type": "select", "label": "Size", "options": ["Enterprise ", "Small"]}]}]})");
  for (const char* answer : {"Enterprise ", "Enterprise"}) {
    const FormCheck chosen =
        check_form(form_of(*spaced, "size"), new_profile(*spaced, "v"), submit_of({{"size", answer}}));
    BOOST_TEST(outcome_name(chosen.outcome) == "ok");
    BOOST_REQUIRE_EQUAL(chosen.fields.size(), 1u);
    BOOST_TEST(chosen.fields[0].text == "Enterprise ");
  }
}

BOOST_AUTO_TEST_CASE(required_fields_and_consent) {
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "required");
  const Profile p = new_profile(*config, "v");
  struct Case {
    const char* name;
    FormSubmit submit;
    std::vector<std::string> errors;
  };
  const Case cases[] = {
      {"nothing given", submit_of({}, "en", false),
       {"email:required", "company:required", "terms:required", ":consent"}},
      {"blanks and an unticked box", submit_of({{"email", "   "}, {"company", "\t"}, {"terms", "false"}}, "en", true),
       {"email:required", "company:required", "terms:required"}},
      {"a wrong email and no consent", submit_of({{"email", "ana@"}, {"company", "Acme"}, {"terms", "true"}}, "en", false),
       {"email:email", ":consent"}},
      {"all given", submit_of({{"email", "ana@example.com"}, {"company", "Acme"}, {"terms", "true"}}, "en", true), {}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const FormCheck check = check_form(form, p, c.submit);
      BOOST_TEST(codes(check) == c.errors, boost::test_tools::per_element());
      BOOST_TEST(outcome_name(check.outcome) == (c.errors.empty() ? "ok" : "invalid"));
    }
  }
  // Consent that is asked but not required may be left unticked.
  const FormCheck optional = check_form(form_of(*config, "optional-consent"), p,
                                        submit_of({{"email", "ana@example.com"}}, "en", false));
  BOOST_TEST(outcome_name(optional.outcome) == "ok");
}

BOOST_AUTO_TEST_CASE(messages_in_four_languages) {
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "ranges");
  const Profile p = new_profile(*config, "v");
  // One answer of each kind of mistake, and no consent.
  const std::vector<std::pair<std::string, std::string>> answers = {
      {"seats", "900"}, {"age", "12"}, {"discount", "abc"}, {"full_name", "A"},
      {"nick", "Nguyễn Thị Ánhh"}, {"phone", "12"}, {"plan", "gold"}};
  struct Expected {
    const char* language;
    std::vector<std::string> messages;
  };
  const Expected expected[] = {
      {"en",
       {"Please enter a number from 1 to 500.", "Please enter a number of at least 18.", "Please enter a number.",
        "Please use at least 2 characters.", "Please use at most 14 characters.",
        "Please enter a valid phone number.", "Please choose one of the options.", "Please tick the box to continue."}},
      {"vi",
       {"Vui lòng nhập một số từ 1 đến 500.", "Vui lòng nhập một số không nhỏ hơn 18.", "Vui lòng nhập một số.",
        "Vui lòng nhập ít nhất 2 ký tự.", "Vui lòng nhập tối đa 14 ký tự.", "Vui lòng nhập số điện thoại hợp lệ.",
        "Vui lòng chọn một trong các lựa chọn.", "Vui lòng đánh dấu vào ô để tiếp tục."}},
      {"th",
       {"กรุณากรอกตัวเลขตั้งแต่ 1 ถึง 500", "กรุณากรอกตัวเลขไม่น้อยกว่า 18", "กรุณากรอกตัวเลข",
        "กรุณากรอกอย่างน้อย 2 ตัวอักษร", "กรุณากรอกไม่เกิน 14 ตัวอักษร", "กรุณากรอกหมายเลขโทรศัพท์ให้ถูกต้อง",
        "กรุณาเลือกหนึ่งในตัวเลือก", "กรุณาทำเครื่องหมายในช่องเพื่อดำเนินการต่อ"}},
      {"fa",
       {"لطفاً عددی از ۱ تا ۵۰۰ وارد کنید.", "لطفاً عددی برابر یا بیشتر از ۱۸ وارد کنید.", "لطفاً یک عدد وارد کنید.",
        "لطفاً دست‌کم ۲ نویسه وارد کنید.", "لطفاً حداکثر ۱۴ نویسه وارد کنید.",
        "لطفاً یک شماره تلفن معتبر وارد کنید.", "لطفاً یکی از گزینه‌ها را انتخاب کنید.",
        "لطفاً برای ادامه، کادر را علامت بزنید."}},
  };
  for (const Expected& e : expected) {
    BOOST_TEST_CONTEXT(e.language) {
      const FormCheck check = check_form(form, p, submit_of(answers, e.language, false));
      BOOST_TEST(codes(check) == (std::vector<std::string>{"seats:range", "age:range", "discount:number",
                                                           "full_name:too_short", "nick:too_long", "phone:phone",
                                                           "plan:option", ":consent"}),
                 boost::test_tools::per_element());
      std::vector<std::string> messages;
      for (const FieldError& fe : check.errors) messages.push_back(fe.message);
      BOOST_TEST(messages == e.messages, boost::test_tools::per_element());
    }
  }
  // Only an upper bound.
  const FormCheck upper = check_form(form, p, submit_of({{"discount", "51"}}, "en"));
  BOOST_REQUIRE(!upper.errors.empty());
  BOOST_TEST(upper.errors[2].message == "Please enter a number of at most 50.");
  const std::pair<const char*, const char*> at_most[] = {
      {"vi", "Vui lòng nhập một số không lớn hơn 50."},
      {"th", "กรุณากรอกตัวเลขไม่เกิน 50"},
      {"fa", "لطفاً عددی برابر یا کمتر از ۵۰ وارد کنید."}};
  for (const auto& [language, message] : at_most) {
    const FormCheck c = check_form(form, p, submit_of({{"discount", "51"}}, language));
    BOOST_TEST(c.errors[2].message == message, language);
  }
  // Required, and email, in every language.
  const Form& req = form_of(*config, "required");
  const std::pair<const char*, std::vector<std::string>> basics[] = {
      {"en", {"Please enter a valid email address.", "Please fill in this field."}},
      {"vi", {"Vui lòng nhập địa chỉ email hợp lệ.", "Vui lòng điền vào trường này."}},
      {"th", {"กรุณากรอกอีเมลให้ถูกต้อง", "กรุณากรอกข้อมูลในช่องนี้"}},
      {"fa", {"لطفاً یک نشانی ایمیل معتبر وارد کنید.", "لطفاً این فیلد را پر کنید."}}};
  for (const auto& [language, expected_messages] : basics) {
    const FormCheck c = check_form(req, p, submit_of({{"email", "x@"}, {"terms", "true"}}, language));
    BOOST_REQUIRE_EQUAL(c.errors.size(), 2u);
    BOOST_TEST(c.errors[0].message == expected_messages[0], language);
    BOOST_TEST(c.errors[1].message == expected_messages[1], language);
  }
}

// Left empty, a choice is asked for as a choice and a box as a tick, as a
// browser says it, not "fill in this field" (there is nothing to type).
BOOST_AUTO_TEST_CASE(an_empty_required_choice_or_box_says_what_to_do) {
  const auto config = test::compile_config(fields_config);
  const Profile p = new_profile(*config, "v");
  const Form& ranges = form_of(*config, "ranges");
  const Form& req = form_of(*config, "required");
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"en", {"Please choose one of the options.", "Please tick the box to continue."}},
      {"vi", {"Vui lòng chọn một trong các lựa chọn.", "Vui lòng đánh dấu vào ô để tiếp tục."}},
      {"th", {"กรุณาเลือกหนึ่งในตัวเลือก", "กรุณาทำเครื่องหมายในช่องเพื่อดำเนินการต่อ"}},
      {"fa", {"لطفاً یکی از گزینه‌ها را انتخاب کنید.", "لطفاً برای ادامه، کادر را علامت بزنید."}}};
  for (const auto& [language, expected] : cases) {
    BOOST_TEST_CONTEXT(language) {
      const FormCheck choice = check_form(ranges, p, submit_of({{"seats", "2"}, {"age", "30"}, {"discount", "5"},
                                                                {"full_name", "Ana"}, {"nick", "a"},
                                                                {"phone", "+1 415 555 0100"}, {"plan", " "}},
                                                               language));
      BOOST_TEST(codes(choice) == (std::vector<std::string>{"plan:required"}), boost::test_tools::per_element());
      BOOST_REQUIRE_EQUAL(choice.errors.size(), 1u);
      BOOST_TEST(choice.errors[0].message == expected[0]);
      const FormCheck box = check_form(req, p, submit_of({{"email", "ana@example.com"}, {"company", "Acme"},
                                                          {"terms", "false"}}, language));
      BOOST_TEST(codes(box) == (std::vector<std::string>{"terms:required"}), boost::test_tools::per_element());
      BOOST_REQUIRE_EQUAL(box.errors.size(), 1u);
      BOOST_TEST(box.errors[0].message == expected[1]);
    }
  }
}

BOOST_AUTO_TEST_CASE(message_language_falls_back_to_english) {
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "required");
  const Profile p = new_profile(*config, "v");
  const std::pair<const char*, const char*> cases[] = {
      {"vi-VN", "Vui lòng điền vào trường này."},
      {"th-TH", "กรุณากรอกข้อมูลในช่องนี้"},
      {"fa-IR", "لطفاً این فیلد را پر کنید."},
      {"VI", "Vui lòng điền vào trường này."},  // language tags ignore case
      {"de", "Please fill in this field."},
      {"de-DE", "Please fill in this field."},
      {"", "Please fill in this field."},
      {"en-GB", "Please fill in this field."},
      {"vie", "Please fill in this field."},   // not "vi"
  };
  for (const auto& [language, message] : cases) {
    const FormCheck c = check_form(form, p, submit_of({{"company", "Acme"}, {"terms", "true"}}, language));
    BOOST_REQUIRE_EQUAL(c.errors.size(), 1u);
    BOOST_TEST(c.errors[0].message == message, "language \"" << language << "\"");
  }
}

BOOST_AUTO_TEST_CASE(honeypot_bots_dropped_quietly_fast_submits_asked_again) {
  const auto config = test::compile_config(fields_config);
  const Profile p = new_profile(*config, "v");
  const Form& spam = form_of(*config, "spam");  // min_fill_seconds 2, honeypot on
  struct Case {
    const char* name;
    const Form* form;
    FormSubmit submit;
    const char* outcome;
  };
  const Case cases[] = {
      {"honeypot filled", &spam, submit_of({{"email", "ana@example.com"}}, "en", true, 9000, "http://spam.example"), "spam"},
      {"honeypot filled, answers wrong", &spam, submit_of({{"email", "nope"}}, "en", true, 9000, "x"), "spam"},
      {"honeypot of spaces only", &spam, submit_of({{"email", "ana@example.com"}}, "en", true, 9000, "  "), "ok"},
      // Too fast: a bot's, or a person's whose browser filled the form in. Asked to send again, never dropped.
      {"too fast", &spam, submit_of({{"email", "ana@example.com"}}, "en", true, 1999), "invalid"},
      {"too fast, answers wrong", &spam, submit_of({}, "en", true, 10), "invalid"},
      {"exactly the minimum", &spam, submit_of({{"email", "ana@example.com"}}, "en", true, 2000), "ok"},
      {"human with a typo", &spam, submit_of({{"email", "ana@example"}}, "en", true, 2000), "invalid"},
      {"no honeypot in this form", &form_of(*config, "no-honeypot"),
       submit_of({{"email", "ana@example.com"}}, "en", true, 0, "filled by autofill"), "ok"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      const FormCheck check = check_form(*c.form, p, c.submit);
      BOOST_TEST(outcome_name(check.outcome) == c.outcome);
      if (std::string(c.outcome) == "spam") {
        BOOST_TEST(check.errors.empty());  // a bot learns nothing
        BOOST_TEST(check.fields.empty());  // and nothing is kept
      }
    }
  }
  // The JSON the widget gets for a bot says nothing about the answers.
  JsonWriter w;
  write_form_check(w, check_form(spam, p, submit_of({{"email", "nope"}}, "en", true, 9000, "x")));
  BOOST_TEST(w.text() == R"({"outcome":"spam","errors":[]})");
  // Sent too fast: the answers' mistakes first; valid ones are asked to be sent again, nothing is kept.
  JsonWriter typo;
  write_form_check(typo, check_form(spam, p, submit_of({{"email", "nope"}}, "en", true, 1)));
  BOOST_TEST(typo.text() ==
             R"({"outcome":"invalid","errors":[{"field":"email","code":"email","message":"Please enter a valid email address."}]})");
  const FormCheck fast = check_form(spam, p, submit_of({{"email", "ana@example.com"}}, "th", true, 1));
  BOOST_TEST(fast.fields.empty());
  JsonWriter again;
  write_form_check(again, fast);
  BOOST_TEST(again.text() ==
             R"({"outcome":"invalid","errors":[{"field":"","code":"too_fast","message":"กรุณาตรวจสอบข้อมูลของคุณ แล้วส่งแบบฟอร์มอีกครั้ง"}]})");
  JsonWriter human;
  write_form_check(human, check_form(spam, p, submit_of({{"email", "nope"}}, "vi", true, 3000)));
  BOOST_TEST(human.text() ==
             R"({"outcome":"invalid","errors":[{"field":"email","code":"email","message":"Vui lòng nhập địa chỉ email hợp lệ."}]})");
}

BOOST_AUTO_TEST_CASE(progressive_profiling) {
  const auto config = test::compile_config(R"({"version": 1, "forms": [
    {"id": "profile", "fields": [
      {"name": "email", "type": "email", "label": "Email", "required": true},
      {"name": "first_name", "type": "text", "label": "First name"},
      {"name": "company", "type": "text", "label": "Company"},
      {"name": "company_size", "type": "select", "label": "Size", "options": ["1-10", "11-200", "201-1000", "1000+"]},
      {"name": "job_title", "type": "text", "label": "Job title",
       "if": [{"field": "company_size", "in": ["201-1000", "1000+"]}]},
      {"name": "vat_id", "type": "text", "label": "Tax code",
       "if": [{"field": "contact.country", "eq": "VN"}]},
      {"name": "phone", "type": "phone", "label": "Phone",
       "if": [{"field": "email_domain", "ne": "gmail.com"}, {"field": "company", "exists": true}]},
      {"name": "newsletter", "type": "checkbox", "label": "News", "always": true}
    ]},
    {"id": "short", "max_fields": 2, "fields": [
      {"name": "email", "type": "email", "label": "Email"},
      {"name": "first_name", "type": "text", "label": "First name"},
      {"name": "company", "type": "text", "label": "Company"},
      {"name": "job_title", "type": "text", "label": "Job title"},
      {"name": "newsletter", "type": "checkbox", "label": "News", "always": true}
    ]},
    {"id": "capped", "max_fields": 3, "fields": [
      {"name": "email", "type": "email", "label": "Email"},
      {"name": "company_size", "type": "select", "label": "Size", "options": ["1-10", "1000+"]},
      {"name": "job_title", "type": "text", "label": "Job title", "if": [{"field": "company_size", "eq": "1000+"}]},
      {"name": "phone", "type": "phone", "label": "Phone"}
    ]}
  ]})");
  const Form& profile_form = form_of(*config, "profile");
  const Form& short_form = form_of(*config, "short");
  const Form& capped_form = form_of(*config, "capped");
  struct Case {
    const char* name;
    const Form* form;
    json known;  // identify props applied first
    std::vector<std::pair<std::string, std::string>> answers;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"a stranger", &profile_form, json::object(), {},
       {"email", "first_name", "company", "company_size", "newsletter"}},
      {"a big company, answered in this form", &profile_form, json::object(), {{"company_size", "1000+"}},
       {"email", "first_name", "company", "company_size", "job_title", "newsletter"}},
      {"a small company", &profile_form, json::object(), {{"company_size", "1-10"}},
       {"email", "first_name", "company", "company_size", "newsletter"}},
      {"a big company, known from before", &profile_form, {{"email", "an@acme.vn"}, {"company_size", "201-1000"}}, {},
       {"first_name", "company", "job_title", "newsletter"}},
      {"known Vietnamese contact", &profile_form, {{"email", "an@acme.vn"}, {"country", "VN"}}, {},
       {"first_name", "company", "company_size", "vat_id", "newsletter"}},
      {"a work email and a company answered", &profile_form, {{"email", "an@acme.vn"}}, {{"company", "Acme"}},
       {"first_name", "company", "company_size", "phone", "newsletter"}},
      {"a free-mail address: no phone asked", &profile_form, {{"email", "an@gmail.com"}}, {{"company", "Acme"}},
       {"first_name", "company", "company_size", "newsletter"}},
      {"everything known but the always field", &profile_form,
       {{"email", "an@acme.vn"}, {"first_name", "An"}, {"company", "Acme"}, {"company_size", "11-200"}, {"phone", "0912345678"}, {"newsletter", "true"}},
       {}, {"newsletter"}},
      {"a known empty value is not known", &profile_form, {{"email", ""}}, {},
       {"email", "first_name", "company", "company_size", "newsletter"}},
      // Learnt while the visitor was typing (another tab, another form): what
      // they typed stays asked, and is what the submit keeps.
      {"known meanwhile, typed here", &profile_form, {{"email", "an@acme.vn"}, {"first_name", "An"}},
       {{"email", "other@acme.vn"}, {"first_name", ""}},
       {"email", "company", "company_size", "newsletter"}},
      {"max_fields: the first two unknown", &short_form, json::object(), {}, {"email", "first_name"}},
      {"max_fields: the next two", &short_form, {{"email", "an@acme.vn"}, {"first_name", "An"}}, {}, {"company", "job_title"}},
      {"max_fields: always counts too", &short_form,
       {{"email", "an@acme.vn"}, {"first_name", "An"}, {"company", "Acme"}}, {}, {"job_title", "newsletter"}},
      {"max_fields: all known", &short_form,
       {{"email", "an@acme.vn"}, {"first_name", "An"}, {"company", "Acme"}, {"job_title", "CTO"}}, {}, {"newsletter"}},
      // A field its answer brings in takes the last place, but one the visitor
      // has typed in stays (it never vanishes under their hands).
      {"max_fields: a typed field stays past the cap", &capped_form, json::object(),
       {{"company_size", "1000+"}, {"phone", "0912345678"}}, {"email", "company_size", "job_title", "phone"}},
      {"max_fields: an empty one does not", &capped_form, json::object(),
       {{"company_size", "1000+"}, {"phone", ""}}, {"email", "company_size", "job_title"}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(asked(*config, *c.form, c.known, c.answers) == c.expected, boost::test_tools::per_element());
    }
  }
}

// A field asked only when a checkbox is ticked: the widget sends a checkbox's
// answer as a boolean ("true"/"false" to the core), and a ticked box is kept as
// the contact value "true"; {"eq": true} holds on both.
BOOST_AUTO_TEST_CASE(conditions_on_a_checkbox_compare_with_booleans) {
  const auto config = test::compile_config(R"({"version": 1, "forms": [
    {"id": "callback", "fields": [
      {"name": "call_me", "type": "checkbox", "label": "Call me back"},
      {"name": "phone", "type": "phone", "label": "Phone", "if": [{"field": "call_me", "eq": true}]},
      {"name": "email", "type": "email", "label": "Email", "if": [{"field": "call_me", "ne": true}]}
    ]}
  ]})");
  const Form& form = form_of(*config, "callback");
  struct Case {
    const char* name;
    json known;
    std::vector<std::pair<std::string, std::string>> answers;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"nothing ticked yet", json::object(), {}, {"call_me"}},
      {"ticked in this form", json::object(), {{"call_me", "true"}}, {"call_me", "phone"}},
      {"left unticked", json::object(), {{"call_me", "false"}}, {"call_me", "email"}},
      {"ticked before (identify as a boolean)", {{"call_me", true}}, {}, {"phone"}},
      {"unticked before", {{"call_me", false}}, {}, {"email"}},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(asked(*config, form, c.known, c.answers) == c.expected, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(only_the_asked_fields_are_checked_and_kept) {
  const auto config = test::compile_config(R"({"version": 1, "forms": [
    {"id": "f", "min_fill_seconds": 0, "fields": [
      {"name": "email", "type": "email", "label": "Email", "required": true},
      {"name": "size", "type": "select", "label": "Size", "options": ["small", "big"]},
      {"name": "job_title", "type": "text", "label": "Job", "required": true,
       "if": [{"field": "size", "eq": "big"}]}
    ]}]})");
  const Form& form = form_of(*config, "f");
  Profile p = new_profile(*config, "v");
  // A required field behind a condition that does not hold is not required.
  FormCheck small = check_form(form, p, submit_of({{"email", "a@b.co"}, {"size", "small"}}));
  BOOST_TEST(outcome_name(small.outcome) == "ok");
  FormCheck big = check_form(form, p, submit_of({{"email", "a@b.co"}, {"size", "big"}}));
  BOOST_TEST(codes(big) == std::vector<std::string>{"job_title:required"}, boost::test_tools::per_element());
  // Answers to fields the form does not have, or did not ask, are not kept.
  test::Feeder feed;
  BOOST_REQUIRE(feed(*config, p, event("identify", T0, "", {{"email", "known@b.co"}})).accepted);
  FormCheck extra = check_form(form, p, submit_of({{"is_admin", "true"}, {"size", "small"}, {"job_title", "CEO"}}));
  BOOST_TEST(outcome_name(extra.outcome) == "ok");
  BOOST_REQUIRE_EQUAL(extra.fields.size(), 1u);
  BOOST_TEST(extra.fields[0].name == "size");
  // A known field the visitor typed into anyway is asked, checked and kept.
  FormCheck typed = check_form(form, p, submit_of({{"email", "other@b.co"}, {"size", "small"}}));
  BOOST_TEST(outcome_name(typed.outcome) == "ok");
  BOOST_REQUIRE_EQUAL(typed.fields.size(), 2u);
  BOOST_TEST(typed.fields[0].name == "email");
  BOOST_TEST(typed.fields[0].text == "other@b.co");
  FormCheck bad = check_form(form, p, submit_of({{"email", "not an email"}, {"size", "small"}}));
  BOOST_TEST(codes(bad) == std::vector<std::string>{"email:email"}, boost::test_tools::per_element());
}

// A page's own form whose inputs do not match the config's form: the config
// requires email and company; the page has "Email" (capital E) and
// first_name. Fields it has no input for are not asked (nor required) there,
// so the visitor can send it; the plan names them for the developer.
BOOST_AUTO_TEST_CASE(a_page_form_is_asked_only_the_fields_it_has_inputs_for) {
  const auto config = test::compile_config(R"({"version": 1, "forms": [
    {"id": "contact", "min_fill_seconds": 0, "max_fields": 2, "fields": [
      {"name": "email", "type": "email", "label": "Email", "required": true},
      {"name": "company", "type": "text", "label": "Company", "required": true},
      {"name": "first_name", "type": "text", "label": "First name"},
      {"name": "phone", "type": "phone", "label": "Phone"}
    ]}]})");
  const Form& form = form_of(*config, "contact");
  const Profile p = new_profile(*config, "v");
  const PageInputs page = std::vector<std::string>{"Email", "first_name", "phone", "leadscore_website"};
  // max_fields counts the fields the page can ask: first_name and phone.
  BOOST_TEST(names(form, fields_to_ask(form, p, FormValues{}, page)) == (std::vector<std::string>{"first_name", "phone"}),
             boost::test_tools::per_element());
  BOOST_TEST(fields_without_input(form, page) == (std::vector<std::string>{"email", "company"}),
             boost::test_tools::per_element());
  // The visitor's submit goes through, with what they could type.
  FormSubmit submit = submit_of({{"Email", "ana@example.com"}, {"first_name", "Ana"}});
  submit.inputs = page;
  const FormCheck check = check_form(form, p, submit);
  BOOST_TEST(outcome_name(check.outcome) == "ok");
  BOOST_REQUIRE_EQUAL(check.fields.size(), 1u);
  BOOST_TEST(check.fields[0].name == "first_name");
  BOOST_TEST(check.fields[0].text == "Ana");
  // What the page has is still checked: a bad phone is refused next to it.
  FormSubmit bad = submit_of({{"first_name", "Ana"}, {"phone", "call me"}});
  bad.inputs = page;
  BOOST_TEST(codes(check_form(form, p, bad)) == std::vector<std::string>{"phone:phone"}, boost::test_tools::per_element());
  // The plan names the fields without an input.
  JsonWriter w;
  write_form_plan(w, form, fields_to_ask(form, p, FormValues{}, page), "en", page);
  BOOST_TEST(w.text() ==
             R"({"id":"contact","fields":[{"name":"first_name","type":"text","label":"First name","required":false,"max_length":1000},)"
             R"({"name":"phone","type":"phone","label":"Phone","required":false}],"submit":"Send","thanks":"Thank you!",)"
             R"("honeypot":"leadscore_website","hidden":["email","company"],"missing":["email","company"]})");
  // A form the widget renders has every field: both required ones are asked.
  BOOST_TEST(codes(check_form(form, p, submit_of({{"first_name", "Ana"}}))) ==
                 (std::vector<std::string>{"email:required", "company:required"}),
             boost::test_tools::per_element());
  // A page form with every input: nothing is missing, all is asked as before.
  const PageInputs full = std::vector<std::string>{"email", "company", "first_name", "phone"};
  BOOST_TEST(fields_without_input(form, full).empty());
  BOOST_TEST(names(form, fields_to_ask(form, p, FormValues{}, full)) == (std::vector<std::string>{"email", "company"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(form_plan_is_what_the_widget_renders) {
  const auto config = test::compile_config(R"({"version": 1, "forms": [
    {"id": "ebook",
     "fields": [
       {"name": "email", "type": "email", "required": true,
        "label": {"en": "Work email", "vi": "Email công việc", "th": "อีเมลที่ทำงาน", "fa": "ایمیل کاری"},
        "placeholder": {"en": "you@company.com", "fa": "name@company.ir"}},
       {"name": "first_name", "type": "text", "label": "First name", "max_length": 80},
       {"name": "company_size", "type": "select", "label": {"en": "Company size", "vi": "Quy mô"},
        "options": ["1-10", {"value": "11+", "label": {"en": "11 or more", "vi": "Từ 11 trở lên"}}]},
       {"name": "seats", "type": "number", "label": "Seats", "min": 1, "max": 500},
       {"name": "notes", "type": "textarea", "label": "Notes"},
       {"name": "agree", "type": "checkbox", "label": "Call me"}
     ],
     "consent": {"required": true, "text": {"en": "Email me the guide.", "th": "ส่งคู่มือทางอีเมล"}},
     "submit": {"en": "Get the guide", "vi": "Nhận tài liệu"},
     "min_fill_seconds": 2},
    {"id": "bare", "honeypot": false, "fields": [{"name": "email", "type": "email", "label": "Email"}]}
  ]})");
  const Form& ebook = form_of(*config, "ebook");
  const Profile p = new_profile(*config, "v");
  const std::vector<std::size_t> all = fields_to_ask(ebook, p, FormValues{});
  struct Case {
    const char* language;
    const char* expected;
  };
  const Case cases[] = {
      {"en", R"({"id":"ebook","fields":[)"
             R"({"name":"email","type":"email","label":"Work email","required":true,"placeholder":"you@company.com"},)"
             R"({"name":"first_name","type":"text","label":"First name","required":false,"max_length":80},)"
             R"({"name":"company_size","type":"select","label":"Company size","required":false,"options":[{"value":"1-10","label":"1-10"},{"value":"11+","label":"11 or more"}]},)"
             R"({"name":"seats","type":"number","label":"Seats","required":false,"min":1,"max":500},)"
             R"({"name":"notes","type":"textarea","label":"Notes","required":false,"max_length":1000},)"
             R"({"name":"agree","type":"checkbox","label":"Call me","required":false}],)"
             R"("consent":{"text":"Email me the guide.","required":true},"submit":"Get the guide","thanks":"Thank you!","honeypot":"leadscore_website"})"},
      {"vi-VN", R"({"id":"ebook","fields":[)"
                R"({"name":"email","type":"email","label":"Email công việc","required":true,"placeholder":"you@company.com","placeholder_lang":"en"},)"
                R"({"name":"first_name","type":"text","label":"First name","required":false,"max_length":80},)"
                R"({"name":"company_size","type":"select","label":"Quy mô","required":false,"options":[{"value":"1-10","label":"1-10"},{"value":"11+","label":"Từ 11 trở lên"}]},)"
                R"({"name":"seats","type":"number","label":"Seats","required":false,"min":1,"max":500},)"
                R"({"name":"notes","type":"textarea","label":"Notes","required":false,"max_length":1000},)"
                R"({"name":"agree","type":"checkbox","label":"Call me","required":false}],)"
                R"("consent":{"text":"Email me the guide.","lang":"en","required":true},"submit":"Nhận tài liệu","thanks":"Cảm ơn bạn!","honeypot":"leadscore_website"})"},
      {"fa", R"({"id":"ebook","fields":[)"
             R"({"name":"email","type":"email","label":"ایمیل کاری","required":true,"placeholder":"name@company.ir"},)"
             R"({"name":"first_name","type":"text","label":"First name","required":false,"max_length":80},)"
             R"({"name":"company_size","type":"select","label":"Company size","lang":"en","required":false,"options":[{"value":"1-10","label":"1-10"},{"value":"11+","label":"11 or more","lang":"en"}]},)"
             R"({"name":"seats","type":"number","label":"Seats","required":false,"min":1,"max":500},)"
             R"({"name":"notes","type":"textarea","label":"Notes","required":false,"max_length":1000},)"
             R"({"name":"agree","type":"checkbox","label":"Call me","required":false}],)"
             R"("consent":{"text":"Email me the guide.","lang":"en","required":true},"submit":"Get the guide","submit_lang":"en","thanks":"سپاسگزاریم!","honeypot":"leadscore_website"})"},
  };
  for (const Case& c : cases) {
    JsonWriter w;
    write_form_plan(w, ebook, all, c.language);
    BOOST_TEST(w.text() == c.expected, c.language);
  }
  // Thai: the consent text in Thai, the rest falls back to English, marked
  // as English (a Thai voice would read it wrongly): texts given for every
  // language ("First name") are the page's.
  JsonWriter th;
  write_form_plan(th, ebook, {0}, "th");
  BOOST_TEST(th.text() ==
             R"({"id":"ebook","fields":[{"name":"email","type":"email","label":"อีเมลที่ทำงาน","required":true,"placeholder":"you@company.com","placeholder_lang":"en"}],)"
             R"("consent":{"text":"ส่งคู่มือทางอีเมล","required":true},"submit":"Get the guide","submit_lang":"en","thanks":"ขอบคุณ","honeypot":"leadscore_website",)"
             R"("hidden":["first_name","company_size","seats","notes","agree"]})");
  // No consent, the default button, no honeypot.
  JsonWriter bare;
  write_form_plan(bare, form_of(*config, "bare"), {0}, "en");
  BOOST_TEST(bare.text() ==
             R"({"id":"bare","fields":[{"name":"email","type":"email","label":"Email","required":false}],"submit":"Send","thanks":"Thank you!"})");
  // Nothing left to ask: still a form (consent, button), with no fields.
  JsonWriter empty;
  write_form_plan(empty, ebook, {}, "en");
  BOOST_TEST(empty.text() ==
             R"({"id":"ebook","fields":[],"consent":{"text":"Email me the guide.","required":true},"submit":"Get the guide","thanks":"Thank you!",)"
             R"("honeypot":"leadscore_website","hidden":["email","first_name","company_size","seats","notes","agree"]})");
  // The form's own thank-you, by language.
  const auto thanked = test::compile_config(R"({"version": 1, "forms": [{"id": "t", "honeypot": false,
    "fields": [{"name": "email", "type": "email", "label": "Email"}],
    "thanks": {"en": "Check your inbox.", "vi": "Hãy kiểm tra hộp thư."}}]})");
  for (const auto& [language, text] : {std::pair{"vi", R"("submit":"Send","submit_lang":"en","thanks":"Hãy kiểm tra hộp thư.")"},
                                       std::pair{"fa", R"("submit":"Send","submit_lang":"en","thanks":"Check your inbox.","thanks_lang":"en")"},
                                       std::pair{"en-GB", R"("submit":"Send","thanks":"Check your inbox.")"}}) {
    JsonWriter w;
    write_form_plan(w, form_of(*thanked, "t"), {0}, language);
    BOOST_TEST(w.text() == std::string(R"({"id":"t","fields":[{"name":"email","type":"email","label":"Email","required":false}],)") +
                               text + "}", language);
  }
  // A page in a language with no text of the config nor message of the core
  // (German): the defaults are English, and marked so.
  JsonWriter de;
  write_form_plan(de, form_of(*config, "bare"), {0}, "de-AT");
  BOOST_TEST(de.text() == R"({"id":"bare","fields":[{"name":"email","type":"email","label":"Email","required":false}],)"
                          R"("submit":"Send","submit_lang":"en","thanks":"Thank you!","thanks_lang":"en","messages_lang":"en"})");
}

BOOST_AUTO_TEST_CASE(local_text_picks_the_page_language) {
  LocalText t;
  t.by_language = {{"en", "Hello"}, {"vi", "Xin chào"}, {"pt", "Olá"}, {"pt-br", "Oi"}, {"fa", "سلام"}};
  const std::pair<const char*, const char*> cases[] = {
      {"en", "Hello"},     {"vi", "Xin chào"}, {"vi-VN", "Xin chào"}, {"pt", "Olá"},
      {"pt-PT", "Olá"},    {"pt-br", "Oi"},    {"pt-BR", "Oi"},        // the exact tag wins over its language
      {"FA", "سلام"},     {"de", "Hello"},    {"", "Hello"},          {"zh-Hant-TW", "Hello"},
  };
  for (const auto& [language, text] : cases) BOOST_TEST(t.pick(language) == text, "\"" << language << "\"");

  LocalText no_english;
  no_english.by_language = {{"th", "สวัสดี"}, {"fa", "سلام"}};
  BOOST_TEST(no_english.pick("de") == "สวัสดี");  // the first given
  BOOST_TEST(no_english.pick("fa") == "سلام");
  LocalText plain;
  plain.by_language = {{"", "Send"}};  // a plain string in the config
  BOOST_TEST(plain.pick("vi") == "Send");
  BOOST_TEST(LocalText{}.pick("en").empty());
  BOOST_TEST(LocalText{}.empty());

  // Where a text is shown, its language is marked unless it is the page's, or unknown.
  BOOST_TEST(t.pick_entry("de")->first == "en");
  BOOST_TEST(no_english.pick_entry("de")->first == "th");
  BOOST_TEST(LocalText{}.pick_entry("en") == nullptr);
  const std::tuple<const char*, const char*, const char*> marks[] = {
      {"en", "de", "en"}, {"en", "en", ""}, {"en", "EN-gb", ""}, {"pt-br", "pt-BR", ""}, {"pt", "pt-BR", ""},
      {"pt", "es", "pt"}, {"", "de", ""}, {"th", "vi-VN", "th"},
  };
  for (const auto& [given_in, page, mark] : marks) {
    BOOST_TEST(language_to_mark(given_in, page) == mark, given_in << " on a " << page << " page");
  }
  BOOST_TEST(messages_language("de") == std::string("en"));
  BOOST_TEST(messages_language("fa-IR") == std::string("fa"));
}

// The language of the text picked, as the config gave it: what a box showing
// it says it is in (a screen reader reads it in that voice).
BOOST_AUTO_TEST_CASE(local_text_says_the_language_of_the_text_it_picks) {
  LocalText t;
  t.by_language = {{"en", "Hello"}, {"vi", "Xin chào"}, {"pt-BR", "Oi"}};
  const std::pair<const char*, const char*> cases[] = {
      {"vi-VN", "vi"}, {"pt-br", "pt-BR"}, {"pt", "en"}, {"th", "en"}, {"", "en"},
  };
  for (const auto& [language, given] : cases) {
    const auto* entry = t.find_entry(language);
    BOOST_REQUIRE(entry);
    BOOST_TEST(entry->first == given, "\"" << language << "\"");
    BOOST_TEST(&entry->second == t.find(language));
  }
  LocalText plain;
  plain.by_language = {{"", "Send"}};
  BOOST_REQUIRE(plain.find_entry("vi"));
  BOOST_TEST(plain.find_entry("vi")->first.empty());  // every language: none to say
  LocalText only_persian;
  only_persian.by_language = {{"fa", "بستن"}};
  BOOST_TEST(only_persian.find_entry("vi") == nullptr);
}

BOOST_AUTO_TEST_CASE(malformed_and_huge_answers) {
  const auto config = test::compile_config(fields_config);
  const Form& form = form_of(*config, "all");
  const Profile p = new_profile(*config, "v");
  // Invalid UTF-8 (only a native caller can send it; the browser cannot) is
  // never kept: the answer counts as not given.
  const std::string bad[] = {"\xC3\x28", "Ng\xE1\xBB", "\xF8\x88\x80\x80\x80", "\xED\xA0\x80", "a\xFF", "\xC2" "Ana"};
  for (const std::string& b : bad) {
    for (const char* field : {"full_name", "email", "plan", "agree"}) {
      const FormCheck c = check_form(form, p, submit_of({{field, b}}));
      BOOST_TEST(outcome_name(c.outcome) == "invalid", field);
      BOOST_TEST(c.fields.empty());
    }
  }
  // Huge answers are refused with the field's own message, never kept.
  struct Case {
    const char* field;
    std::string value;
    const char* code;
    const char* message;
  };
  const Case cases[] = {
      {"email", repeat("a", 1 << 20) + "@example.com", "email", "Please enter a valid email address."},
      {"full_name", repeat("Ánh ", 250000), "too_long", "Please use at most 14 characters."},
      {"phone", "+84 " + repeat("-", 5000) + " 912 345 678", "phone", "Please enter a valid phone number."},
      {"seats", repeat("9", 400), "number", "Please enter a number."},
      {"amount", repeat("9", 2000), "number", "Please enter a number."},
      {"plan", repeat("free", 10000), "option", "Please choose one of the options."},
      // Within the field's 1000 characters but over the 1000 bytes a profile
      // keeps per contact value (3 bytes per Thai letter): said, not lost.
      {"bio", repeat("ก", 400), "too_long", "Please use at most 333 characters."},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.field << " of " << c.value.size() << " bytes") {
      const FormCheck check = check_form(form, p, submit_of({{c.field, c.value}}));
      BOOST_TEST(outcome_name(check.outcome) == "invalid");
      BOOST_REQUIRE_EQUAL(check.errors.size(), 1u);
      BOOST_TEST(check.errors[0].code == c.code);
      BOOST_TEST(check.errors[0].message == c.message);
    }
  }
  // 333 Thai letters (999 bytes) fit.
  BOOST_TEST(outcome_name(check_form(form, p, submit_of({{"bio", repeat("ก", 333)}})).outcome) == "ok");
  // Many answers the form does not have change nothing.
  std::vector<std::pair<std::string, std::string>> noise;
  for (int i = 0; i < 5000; ++i) noise.emplace_back("x" + std::to_string(i), repeat("y", 100));
  noise.emplace_back("email", "ana@example.com");
  const FormCheck ok = check_form(form, p, submit_of(noise));
  BOOST_TEST(outcome_name(ok.outcome) == "ok");
  BOOST_REQUIRE_EQUAL(ok.fields.size(), 1u);
  BOOST_TEST(ok.fields[0].text == "ana@example.com");
}

BOOST_AUTO_TEST_CASE(constraint_messages_are_the_core_messages_in_the_page_language) {
  BOOST_TEST(constraint_message("consent", "vi-VN") == "Vui lòng đánh dấu vào ô để tiếp tục.");
  BOOST_TEST(constraint_message("consent", "fa") == "لطفاً برای ادامه، کادر را علامت بزنید.");
  BOOST_TEST(constraint_message("required", "th") == "กรุณากรอกข้อมูลในช่องนี้");
  BOOST_TEST(constraint_message("option", "en") == "Please choose one of the options.");
  BOOST_TEST(constraint_message("email", "xx") == "Please enter a valid email address.");
  BOOST_TEST(constraint_message("number", "vi") == "Vui lòng nhập một số.");
  BOOST_TEST(constraint_message("pattern", "vi").empty());
}

BOOST_AUTO_TEST_SUITE_END()
