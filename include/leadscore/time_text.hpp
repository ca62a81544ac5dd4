#pragma once
/// \file
/// ISO 8601 times, as payloads carry them ("2026-01-05T08:00:00.000Z") and
/// people type them (--now). Epoch milliseconds in, text out, and back.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadscore {

/// "2026-01-05", "2026-01-05T08:00:00Z", "2026-01-05T08:00:00.250+07:00" -> epoch ms.
/// Refuses what names no moment: month 13, a day its month does not have
/// ("2026-02-30", "2026-02-29"), hours past 23, an offset past 23:59.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

/// parse_iso8601 without the check of the day against its month, for times
/// the core wrote itself (format_iso8601): the delivery's HubSpot body, in the
/// size-budgeted WebAssembly module. "2026-02-30" reads as 2 March.
std::optional<std::int64_t> parse_iso8601_unchecked(std::string_view text);

/// Epoch ms -> "2026-01-05T08:00:00.000Z" (UTC, milliseconds).
std::string format_iso8601(std::int64_t epoch_ms);

}  // namespace leadscore
