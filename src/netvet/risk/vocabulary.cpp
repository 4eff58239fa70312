#include "netvet/risk/vocabulary.h"

#include <array>

namespace netvet::risk {
namespace {

struct named {
  std::string_view name, code, desc;
};
constexpr std::array<named, kFactorCount> kFactors = {{
#define NETVET_X(name, code, desc) {#name, code, desc},
    NETVET_RISK_FACTORS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 4> kLevels = {{
#define NETVET_X(name, word) {#name, "", word},
    NETVET_RISK_LEVELS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<std::string_view, 4> kCriticalities = {{
#define NETVET_X(name) #name,
    NETVET_CRITICALITIES(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 3> kScales = {{
#define NETVET_X(name, desc) {#name, "", desc},
    NETVET_SCALES(NETVET_X)
#undef NETVET_X
}};

template <typename E, typename Table, typename Match>
std::optional<E> find(const Table& t, Match m) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (m(t[i])) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(factor f) { return kFactors[static_cast<std::size_t>(f)].name; }
std::string_view code_of(factor f) { return kFactors[static_cast<std::size_t>(f)].code; }
std::string_view describe(factor f) { return kFactors[static_cast<std::size_t>(f)].desc; }
std::optional<factor> parse_factor(std::string_view s) {
  return find<factor>(kFactors, [s](const named& n) { return n.name == s || n.code == s; });
}

std::string_view to_string(level l) { return kLevels[static_cast<std::size_t>(l)].name; }
std::string_view describe(level l) { return kLevels[static_cast<std::size_t>(l)].desc; }
std::optional<level> parse_level(std::string_view s) {
  return find<level>(kLevels, [s](const named& n) { return n.name == s || n.desc == s; });
}

std::string_view to_string(criticality c) { return kCriticalities[static_cast<std::size_t>(c)]; }
std::optional<criticality> parse_criticality(std::string_view s) {
  return find<criticality>(kCriticalities, [s](std::string_view n) { return n == s; });
}

std::string_view to_string(scale s) { return kScales[static_cast<std::size_t>(s)].name; }
std::string_view describe(scale s) { return kScales[static_cast<std::size_t>(s)].desc; }
std::optional<scale> parse_scale(std::string_view s) {
  return find<scale>(kScales, [s](const named& n) { return n.name == s; });
}

}  // namespace netvet::risk
