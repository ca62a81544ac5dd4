#pragma once
/// \file
/// Comma-separated values as RFC 4180 writes them (what spreadsheets and CRMs
/// export): records one per line, fields separated by commas, a field that
/// holds commas, quotes or line breaks enclosed in double quotes with inner
/// quotes doubled. Read record by record, each with the line it starts on, so
/// a bad record can be reported and skipped while the rest is read.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/error.hpp"

namespace leadscore {

struct CsvRecord {
  std::size_t line = 0;             ///< 1-based line the record starts on
  std::vector<std::string> fields;  ///< unquoted and unescaped
};

/// Reads RFC 4180 text, one record per next(). Tolerant where it costs nothing:
/// a UTF-8 byte order mark at the start is skipped; lines end with CRLF, LF or
/// a lone CR; blank lines (empty, or only spaces and tabs) are skipped; spaces
/// and tabs around a quoted field are ignored. A quoted field may span lines.
/// Refused, with error ids "leadscore.csv.syntax": a quote inside an unquoted
/// field, text after a closing quote, and a quote that is never closed. After
/// a refused record, reading resumes on the next line (for a quote never
/// closed: the line after the one where it opened), so one stray quote costs
/// one record, not the rest of the file.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  enum class Status { record, error, end };

  /// The next record (Status::record), a refused one (Status::error: `error`
  /// says why, `record.line` where it starts), or Status::end.
  Status next(CsvRecord& record, Error& error);

 private:
  // Moves past the line break at pos_ (CRLF, LF or CR), counting the line.
  void skip_line_break();
  // Skips to just past the next line break (or the end).
  void skip_rest_of_line();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;  // the line pos_ is on
};

}  // namespace leadscore
