// netvet/core/confidence.h: how sure a fact is, in the tags of FACTS.md and
// RISK-FACTORS.md -- [C] confirmed in a source that was read, [P] partly
// (second-hand, or the primary only partly read), [U] unconfirmed. Packs,
// vendor risk profiles, criticality ratings and precedents all carry one.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace netvet {

// X(enumerator, tag, word); parse accepts the tag or the enumerator.
#define NETVET_CONFIDENCES(X)        \
  X(confirmed, "C", "confirmed")     \
  X(partly, "P", "partly confirmed") \
  X(unconfirmed, "U", "unconfirmed")
enum class confidence : std::uint8_t {
#define NETVET_X(name, tag, word) name,
  NETVET_CONFIDENCES(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(confidence c);  // "C", "P", "U"
std::string_view describe(confidence c);   // "confirmed", ...
std::optional<confidence> parse_confidence(std::string_view s);

}  // namespace netvet
