// libFuzzer: any text as a stored delivery queue (what another tab, an older
// widget or something else left in localStorage). Must never crash. What is
// read must be sendable as it is (header names HTTP tokens, values printable
// ASCII: a stored queue must never smuggle a header line into a request), must
// round-trip exactly (write -> read -> write), and merging it is idempotent
// (taking the same copy in twice changes nothing the second time).
#include <cstddef>
#include <cstdint>
#include <string>

#include "leadscore/delivery.hpp"
#include "leadscore/json_text.hpp"

using namespace leadscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Error syntax;
  const auto doc = parse_json_text(text, "leadscore.queue", syntax);
  if (!doc) return 0;
  Errors errors;
  const DeliveryQueue read = DeliveryQueue::from_json(to_json_value(*doc), errors);
  for (const QueuedDelivery& q : read.items()) {
    if (q.request.id.empty()) __builtin_trap();
    for (const auto& [name, value] : q.request.headers) {
      if (!is_header_name(name) || !is_header_value(value)) __builtin_trap();
    }
  }
  if (!errors.empty() && read.items().empty() && read.delivered().empty()) return 0;

  const std::string written = read.to_json();
  Errors again_errors;
  const DeliveryQueue again = DeliveryQueue::from_json(to_json_value(json::parse(written)), again_errors);
  if (!again_errors.empty() || again.to_json() != written) __builtin_trap();

  DeliveryQueue mine;
  mine.merge(read);
  const std::string once = mine.to_json();
  mine.merge(read);
  if (mine.to_json() != once) __builtin_trap();
  return 0;
}
