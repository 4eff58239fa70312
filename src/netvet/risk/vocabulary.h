// netvet/risk/vocabulary.h: the words of the risk model (docs/risk-model.md).
//
// Every scale here is netvet's own ordinal design, anchored on how the
// sources phrase each factor (RISK-FACTORS.md (a)); no agency publishes
// one. Declared once, as X-macros, for parsing, printing, JSON and help.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace netvet::risk {

// Supplier likelihood factors (RISK-FACTORS.md (a), L1-L9).
// X(enumerator, code, description)
#define NETVET_RISK_FACTORS(X)                                                                                 \
  X(compulsion, "L1", "home-state legal power to compel cooperation with state intelligence or security work") \
  X(rule_of_law, "L2", "rule of law and democratic checks on state requests in the home state")                \
  X(agreements, "L3", "security, data-protection and cybercrime agreements with the deciding state")           \
  X(state_control, "L4", "state link: ownership and control")                                                  \
  X(leverage, "L5", "the home state's leverage over the supplier (where it makes, where its staff sit)")       \
  X(quality, "L6", "product quality and engineering transparency")                                             \
  X(supply, "L7", "supply assurance and continuity, sanctions included")                                       \
  X(track_record, "L8", "track record: past malicious or non-compliant behaviour")                             \
  X(designations, "L9", "restrictions by other governments (distinct jurisdictions)")
enum class factor : std::uint8_t {
#define NETVET_X(name, code, desc) name,
  NETVET_RISK_FACTORS(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kFactorCount = 0
#define NETVET_X(name, code, desc) +1
    NETVET_RISK_FACTORS(NETVET_X)
#undef NETVET_X
    ;
std::string_view to_string(factor f);  // "compulsion"
std::string_view code_of(factor f);    // "L1"
std::string_view describe(factor f);
std::optional<factor> parse_factor(std::string_view s);  // name or code

// The four-step ordinal used for likelihood, impact and risk (1..4).
#define NETVET_RISK_LEVELS(X) X(low, "low") X(moderate, "moderate") X(high, "high") X(very_high, "very high")
enum class level : std::uint8_t {
#define NETVET_X(name, word) name,
  NETVET_RISK_LEVELS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(level l);  // "very_high"
std::string_view describe(level l);   // "very high"
std::optional<level> parse_level(std::string_view s);
constexpr int rank(level l) { return static_cast<int>(l) + 1; }  // 1..4

// How critical a part of the network is (RISK-FACTORS.md (b)), 1..4.
#define NETVET_CRITICALITIES(X) X(low) X(medium) X(high) X(critical)
enum class criticality : std::uint8_t {
#define NETVET_X(name) name,
  NETVET_CRITICALITIES(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(criticality c);
std::optional<criticality> parse_criticality(std::string_view s);
constexpr int rank(criticality c) { return static_cast<int>(c) + 1; }

// How much of the network would ride on the vendor (I3, I5).
// X(enumerator, description)
#define NETVET_SCALES(X)                                                      \
  X(local, "a few sites or a small share: the criticality lowered two steps") \
  X(regional, "a region or a modest share: the criticality lowered one step") \
  X(national, "the whole network or a large share: the criticality as it is")
enum class scale : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_SCALES(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(scale s);
std::string_view describe(scale s);
std::optional<scale> parse_scale(std::string_view s);

}  // namespace netvet::risk
