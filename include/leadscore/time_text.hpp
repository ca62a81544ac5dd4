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
std::optional<std::int64_t> parse_iso8601(std::string_view text);

/// Epoch ms -> "2026-01-05T08:00:00.000Z" (UTC, milliseconds).
std::string format_iso8601(std::int64_t epoch_ms);

}  // namespace leadscore
