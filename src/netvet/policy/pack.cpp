#include "netvet/policy/pack.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "netvet/core/text.h"

namespace netvet::policy {
namespace {

struct named {
  std::string_view name;
  std::string_view desc;
};

constexpr std::array<named, kEffectCount> kEffects = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_EFFECTS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 4> kDecisions = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_DECISIONS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 3> kLevels = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_LEVELS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 3> kDeployments = {{
#define NETVET_X(name, word, desc) {word, desc},
    NETVET_DEPLOYMENTS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 2> kAnswers = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_ANSWERS(NETVET_X)
#undef NETVET_X
}};
constexpr std::array<named, 3> kBases = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_COUNT_BASES(NETVET_X)
#undef NETVET_X
}};

template <std::size_t N>
std::optional<std::size_t> find_name(const std::array<named, N>& table, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i].name == s) {
      return i;
    }
  }
  return std::nullopt;
}

template <std::size_t N>
std::string names(const std::array<named, N>& table) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    out += (i ? ", " : "");
    out += table[i].name;
  }
  return out;
}

// The entry of enum value `v` in its table.
template <typename E, std::size_t N>
const named& entry(const std::array<named, N>& table, E v) {
  return table[static_cast<std::size_t>(v)];
}

// The enum value named `s` in `table`.
template <typename E, std::size_t N>
std::optional<E> parse_named(const std::array<named, N>& table, std::string_view s) {
  const auto i = find_name(table, s);
  return i ? std::optional<E>(static_cast<E>(*i)) : std::nullopt;
}

// The item of `items` whose id is `id` (nullptr: none).
template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string_view to_string(effect e) { return entry(kEffects, e).name; }
std::string_view to_string(decision d) { return entry(kDecisions, d).name; }
std::string_view to_string(level l) { return entry(kLevels, l).name; }
std::string_view to_string(deployment d) { return entry(kDeployments, d).name; }
std::string_view to_string(count_basis c) { return entry(kBases, c).name; }
std::string_view to_string(answer a) { return entry(kAnswers, a).name; }

std::string_view describe(effect e) { return entry(kEffects, e).desc; }
std::string_view describe(decision d) { return entry(kDecisions, d).desc; }
std::string_view describe(level l) { return entry(kLevels, l).desc; }
std::string_view describe(deployment d) { return entry(kDeployments, d).desc; }
std::string_view describe(count_basis c) { return entry(kBases, c).desc; }
std::string_view describe(answer a) { return entry(kAnswers, a).desc; }

std::optional<effect> parse_effect(std::string_view s) { return parse_named<effect>(kEffects, s); }
std::optional<decision> parse_decision(std::string_view s) { return parse_named<decision>(kDecisions, s); }
std::optional<level> parse_level(std::string_view s) { return parse_named<level>(kLevels, s); }
std::optional<deployment> parse_deployment(std::string_view s) { return parse_named<deployment>(kDeployments, s); }
std::optional<count_basis> parse_count_basis(std::string_view s) { return parse_named<count_basis>(kBases, s); }
std::optional<answer> parse_answer(std::string_view s) { return parse_named<answer>(kAnswers, s); }

std::string effect_list() { return names(kEffects); }
std::string level_list() { return names(kLevels); }

std::string source::cite() const {
  std::string out = instrument;
  if (!section.empty()) {
    out += ", " + section;
  }
  if (day) {
    out += " (" + format_date(*day) + ")";
  }
  return out;
}

bool in_force::overlaps(const in_force& o) const {
  const bool a_before_b = until && o.from && *until < *o.from;
  const bool b_before_a = o.until && from && *o.until < *from;
  return !a_before_b && !b_before_a;
}

bool coverage::matches_region(std::string_view region) const {
  if (regions.empty()) {
    return true;
  }
  for (const auto& r : regions) {
    if (r == region) {
      return true;
    }
  }
  return false;
}

std::string coverage::describe_parts() const {
  const std::string all = describe();
  const auto at = all.find(" in ");
  return at == std::string::npos ? all : all.substr(at + 4);
}

std::string coverage::describe() const {
  std::vector<std::string> who;
  for (const auto& d : designations) {
    who.push_back("designation " + d);
  }
  for (const auto& v : vendor_names) {
    who.push_back(v);
  }
  std::string out = who.empty() ? std::string("any vendor") : join(who, ", ");
  if (affiliates) {
    out += " (with affiliates)";
  }
  std::vector<std::string> parts_text;
  for (const auto& a : areas) {
    parts_text.push_back("area " + a);
  }
  for (const auto& c : categories) {
    parts_text.push_back(c);
  }
  for (const auto& l : layers) {
    parts_text.push_back("layer " + l);
  }
  for (const auto& f : functions) {
    parts_text.push_back(f);
  }
  out += " in " + (parts_text.empty() ? std::string("any part") : join(parts_text, ", "));
  std::vector<std::string> filters;
  for (const auto g : generations) {
    filters.emplace_back(model::to_string(g));
  }
  if (neutral) {
    filters.emplace_back("generation-neutral");
  }
  if (deploy != deployment::all) {
    filters.push_back(deploy == deployment::new_ ? "new deployments" : "installed base");
  }
  if (!regions.empty()) {
    filters.push_back("regions " + join(regions, ", "));
  }
  if (managed_services) {
    filters.emplace_back("incl. managed services");
  }
  if (!filters.empty()) {
    out += " (" + join(filters, "; ") + ")";
  }
  return out;
}

namespace {
// The words of a name, in lower case (ASCII), split on spaces.
std::vector<std::string> name_words(std::string_view s) {
  std::vector<std::string> out;
  const std::string lower = to_lower_ascii(trim(s));
  for (const auto w : split(lower, ' ')) {
    if (!w.empty()) {
      out.emplace_back(w);
    }
  }
  return out;
}
}  // namespace

bool rule::binds_operator(std::string_view name) const {
  const auto words = name_words(name);
  if (operators.empty() || words.empty()) {
    return true;
  }
  return std::any_of(operators.begin(), operators.end(), [&](const std::string& op) {
    const auto listed = name_words(op);
    return !listed.empty() && listed.size() <= words.size() && std::equal(listed.begin(), listed.end(), words.begin());
  });
}

const rule* pack::find_rule(std::string_view rid) const { return find_by_id(rules, rid); }
const designation* pack::find_designation(std::string_view did) const { return find_by_id(designations, did); }
const area* pack::find_area(std::string_view aid) const { return find_by_id(areas, aid); }
const rule* pack::weigh_rule() const {
  const rule* last = nullptr;  // own rules follow inherited ones: a pack's own weighing replaces its parent's
  for (const auto& r : rules) {
    if (r.eff == effect::weigh) {
      last = &r;
    }
  }
  return last;
}
bool pack::has_notify_rules() const {
  for (const auto& r : rules) {
    if (r.eff == effect::notify) {
      return true;
    }
  }
  return false;
}

}  // namespace netvet::policy
