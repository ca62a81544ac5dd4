#pragma once
/// \file
/// Conditions: the plain comparisons configs use to match events and contact
/// fields. {"field": "props.dwell_ms", "gte": 60000}, {"field": "path",
/// "starts_with": "/blog/"}, {"field": "contact.job_title", "contains": "vp",
/// "ignore_case": true}. A missing field satisfies no condition except
/// {"exists": false}.

#include <string>
#include <string_view>
#include <vector>

#include "leadscore/glob.hpp"

namespace leadscore {

enum class Op : unsigned char {
  eq, ne, in, not_in,
  gt, gte, lt, lte,
  contains, contains_any, starts_with, starts_with_any, ends_with, ends_with_any,
  matches,  ///< glob
  exists,
};

/// The operator's name in config ("gte"), and the reverse lookup.
std::string_view op_name(Op op);
bool op_from_name(std::string_view name, Op& op);

/// What a condition looks at.
enum class Field : unsigned char {
  type,     ///< event type
  url,      ///< event URL as given
  path,     ///< path part of the URL
  visit,    ///< number of the visit (session) the event belongs to, from 1
  prop,     ///< "props.<key>"
  query,    ///< "query.<key>": URL query parameter, decoded
  contact,  ///< "contact.<key>" (or a bare key in fit rules), incl. derived "email_domain"
};

/// A value a condition is tested against: a string, a number or a boolean.
struct Scalar {
  enum class Kind : unsigned char { string, number, boolean };
  Kind kind = Kind::string;
  std::string_view text;
  double number = 0;
  bool boolean = false;

  static Scalar of(std::string_view s) { Scalar v; v.kind = Kind::string; v.text = s; return v; }
  static Scalar of(double n) { Scalar v; v.kind = Kind::number; v.number = n; return v; }
  static Scalar of_bool(bool b) { Scalar v; v.kind = Kind::boolean; v.boolean = b; return v; }
};

/// One compiled condition.
struct Condition {
  Field field = Field::type;
  std::string key;   ///< for prop, query, contact
  int key_id = -1;   ///< for prop: index of key in Config::prop_keys (per-event lookups are shared)
  Op op = Op::eq;
  bool ignore_case = false;
  // Expected value(s); which ones are set depends on op.
  std::vector<std::string> strings;  ///< case-folded when ignore_case
  std::vector<double> numbers;
  bool boolean = false;              ///< eq/ne with a boolean; exists
  bool expects_boolean = false;      ///< eq/ne compares booleans
  std::vector<Glob> globs;           ///< matches

  /// Tests `actual` (nullptr: the field is missing). Numeric operators (and
  /// eq/ne/in/not_in with numbers) accept numbers and numeric strings ("120").
  /// String operators need a string.
  bool test(const Scalar* actual) const;
};

/// Stored text (a contact value, a form's answer) as `c` sees it. Contact data
/// given as a boolean (identify({"opt_in": true}), a ticked checkbox) is kept
/// as the text "true" or "false": to a condition comparing with a boolean
/// ({"eq": true}) those texts are the booleans; to any other, text.
Scalar stored_text(const Condition& c, std::string_view text);

}  // namespace leadscore
