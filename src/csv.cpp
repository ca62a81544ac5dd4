#include "leadscore/csv.hpp"

namespace leadscore {

namespace {

bool is_break(char c) { return c == '\n' || c == '\r'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::skip_line_break() {
  if (pos_ >= text_.size()) return;
  const char c = text_[pos_++];
  if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  ++line_;
}

void CsvReader::skip_rest_of_line() {
  while (pos_ < text_.size() && !is_break(text_[pos_])) ++pos_;
  if (pos_ < text_.size()) skip_line_break();
}

CsvReader::Status CsvReader::next(CsvRecord& record, Error& error) {
  const std::size_t size = text_.size();
  while (pos_ < size) {
    record.line = line_;
    record.fields.clear();
    bool blank = true;  // so far: one unquoted field of spaces and tabs
    for (;;) {  // one field per pass
      std::size_t q = pos_;
      while (q < size && is_blank(text_[q])) ++q;
      if (q < size && text_[q] == '"') {
        blank = false;
        const std::size_t open_pos = q, open_line = line_;
        std::string field;
        bool closed = false;
        pos_ = q + 1;
        while (pos_ < size) {
          const char c = text_[pos_];
          if (c == '"') {
            if (pos_ + 1 < size && text_[pos_ + 1] == '"') {
              field += '"';
              pos_ += 2;
              continue;
            }
            ++pos_;
            closed = true;
            break;
          }
          if (is_break(c)) {
            const std::size_t from = pos_;
            skip_line_break();
            field.append(text_.substr(from, pos_ - from));  // the line break is part of the field
            continue;
          }
          field += c;
          ++pos_;
        }
        if (!closed) {
          error = Error{"leadscore.csv.syntax", "",
                        "the quote opened on line " + std::to_string(open_line) + " is never closed"};
          pos_ = open_pos;
          line_ = open_line;
          skip_rest_of_line();
          return Status::error;
        }
        while (pos_ < size && is_blank(text_[pos_])) ++pos_;
        record.fields.push_back(std::move(field));
        if (pos_ < size && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ >= size || is_break(text_[pos_])) {
          skip_rest_of_line();
          return Status::record;
        }
        error = Error{"leadscore.csv.syntax", "",
                      "text after the closing quote of field " + std::to_string(record.fields.size()) +
                          " (a quote inside a quoted field is written twice: \"\")"};
        skip_rest_of_line();
        return Status::error;
      }
      std::size_t end = pos_;
      while (end < size && text_[end] != ',' && !is_break(text_[end])) {
        if (text_[end] == '"') {
          error = Error{"leadscore.csv.syntax", "",
                        "a quote inside unquoted field " + std::to_string(record.fields.size() + 1) +
                            " (quote the whole field and write the quote twice: \"a \"\"b\"\"\")"};
          pos_ = end;
          skip_rest_of_line();
          return Status::error;
        }
        if (!is_blank(text_[end])) blank = false;
        ++end;
      }
      record.fields.emplace_back(text_.substr(pos_, end - pos_));
      pos_ = end;
      if (pos_ < size && text_[pos_] == ',') {
        blank = false;
        ++pos_;
        continue;
      }
      skip_rest_of_line();
      if (blank) break;  // a blank line: not a record
      return Status::record;
    }
  }
  return Status::end;
}

}  // namespace leadscore
