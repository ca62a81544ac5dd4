#pragma once
/// \file
/// What a config may get wrong without being refused: it loads, but likely
/// does not do what its author meant. Only tools say these (`leadscore
/// validate`, the inspector); the widget's module does not carry them.

#include "leadscore/error.hpp"
#include "leadscore/json_value.hpp"

namespace leadscore {

/// Warnings about a config document, by JSON path (rules, lifecycle, journey):
/// "leadscore.config.unknown_event" for an event type that is not built in
/// but is a small edit away from one (`"page_veiw"`: a custom event that
/// never happens, so its rule never fires); "leadscore.config.regex" for a
/// path glob or `matches` operand that looks like a regular expression
/// (`"^/blog/.*$"`), with the glob it likely means. Parts of the wrong shape are
/// skipped: load_config reports those.
Errors config_warnings(const JsonValue& document);

}  // namespace leadscore
