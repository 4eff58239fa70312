#include "netvet/model/function.h"

#include <cstring>
#include <string>
#include <utility>

namespace netvet::model {
namespace {

struct function_info {
  std::string_view name;
  layer lay;
  asset_category cat;
  generation_rule gen;
};

constexpr std::array<function_info, kFunctionCount> kFunctions = {{
#define NETVET_X(name, text, lay, cat, gen) {text, layer::lay, asset_category::cat, generation_rule::gen},
    NETVET_FUNCTIONS(NETVET_X)
#undef NETVET_X
}};

constexpr std::array<function, kFunctionCount> kAll = {{
#define NETVET_X(name, text, lay, cat, gen) function::name,
    NETVET_FUNCTIONS(NETVET_X)
#undef NETVET_X
}};

constexpr std::array<std::string_view, kLayerCount> kLayers = {{
#define NETVET_X(name) #name,
    NETVET_LAYERS(NETVET_X)
#undef NETVET_X
}};

struct category_info {
  std::string_view id;
  std::string_view name;
  std::string_view description;
};
constexpr std::array<category_info, kAssetCategoryCount> kCategories = {{
#define NETVET_X(name, id, desc) {id, #name, desc},
    NETVET_ASSET_CATEGORIES(NETVET_X)
#undef NETVET_X
}};

constexpr std::array<std::string_view, 7> kStatuses = {{
#define NETVET_X(name) #name,
    NETVET_STATUSES(NETVET_X)
#undef NETVET_X
}};

constexpr std::array<std::string_view, 5> kMedia = {{
#define NETVET_X(name, text) text,
    NETVET_MEDIA(NETVET_X)
#undef NETVET_X
}};

// In the order of `generation`; parsing also takes the spellings below.
constexpr std::array<std::string_view, 3> kGenerations = {"any", "4g", "5g"};
constexpr std::array<std::pair<std::string_view, generation>, 3> kGenerationAliases = {
    {{"4G", generation::g4}, {"lte", generation::g4}, {"5G", generation::g5}}};

// Function names are at most 9 bytes: pack the first 8 into a word for a
// branch-light lookup on the CSV hot path.
std::uint64_t pack(std::string_view s) {
  std::uint64_t w = 0;
  std::memcpy(&w, s.data(), s.size() < 8 ? s.size() : 8);
  return w;
}

// One name table serves every vocabulary here: the entry of a value, the
// value whose entry matches, and the names joined for help text.
template <typename Table, typename E>
const auto& entry(const Table& table, E value) {
  return table[static_cast<std::size_t>(value)];
}

template <typename E, typename Table, typename Match>
std::optional<E> find_entry(const Table& table, Match match) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (match(table[i])) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

template <typename E, typename Table>
std::optional<E> find_name(const Table& table, std::string_view s) {
  return find_entry<E>(table, [s](std::string_view name) { return name == s; });
}

template <typename Table, typename Name>
std::string join_names(const Table& table, Name name) {
  std::string out;
  for (const auto& e : table) {
    out += out.empty() ? "" : ", ";
    out += name(e);
  }
  return out;
}

}  // namespace

std::string_view to_string(function f) { return entry(kFunctions, f).name; }

std::optional<function> parse_function(std::string_view s) {
  if (s.empty() || s.size() > 9) {
    return std::nullopt;
  }
  const std::uint64_t key = pack(s);
  return find_entry<function>(kFunctions, [&](const function_info& f) {
    return f.name.size() == s.size() && pack(f.name) == key && f.name == s;
  });
}

std::span<const function> all_functions() { return kAll; }

std::string_view function_list() {
  static const std::string kList = join_names(kFunctions, [](const function_info& f) { return f.name; });
  return kList;
}

layer layer_of(function f) { return entry(kFunctions, f).lay; }
std::string_view to_string(layer l) { return entry(kLayers, l); }
std::optional<layer> parse_layer(std::string_view s) { return find_name<layer>(kLayers, s); }

asset_category category_of(function f) { return entry(kFunctions, f).cat; }
std::string_view to_string(asset_category c) { return entry(kCategories, c).id; }
std::string_view describe(asset_category c) { return entry(kCategories, c).description; }
std::optional<asset_category> parse_asset_category(std::string_view s) {
  return find_entry<asset_category>(kCategories, [s](const category_info& c) { return c.id == s || c.name == s; });
}

generation_rule generation_rule_of(function f) { return entry(kFunctions, f).gen; }
generation generation_of(function f) {
  switch (generation_rule_of(f)) {
    case generation_rule::only_4g:
      return generation::g4;
    case generation_rule::only_5g:
      return generation::g5;
    case generation_rule::neutral:
    case generation_rule::default_5g:
      break;
  }
  return generation::any;
}

generation_set implied_generations(function f) {
  switch (generation_rule_of(f)) {
    case generation_rule::only_4g:
      return generation_set::of(generation::g4);
    case generation_rule::only_5g:
    case generation_rule::default_5g:
      return generation_set::of(generation::g5);
    case generation_rule::neutral:
      break;
  }
  return {};
}

bool generation_fits(function f, generation_set stated) {
  const generation_rule r = generation_rule_of(f);
  const bool one_generation = r == generation_rule::only_4g || r == generation_rule::only_5g;
  return stated.empty() || !one_generation || stated == implied_generations(f);
}

std::string generation_conflict(function f, generation_set stated) {
  if (generation_fits(f, stated)) {
    return {};
  }
  const std::string own(to_string(generation_of(f)));
  return "generation " + std::string(to_string(stated)) + " contradicts function " + std::string(to_string(f)) +
         ", which is " + own + " only; leave it empty or write " + own;
}

std::string_view to_string(generation_set s) {
  if (s.empty()) {
    return "";
  }
  if (s == generation_set::of(generation::any)) {
    return to_string(generation::any);
  }
  return to_string(s.contains(generation::g4) ? generation::g4 : generation::g5);
}
std::string_view to_string(generation g) { return entry(kGenerations, g); }
std::optional<generation> parse_generation(std::string_view s) {
  if (const auto g = find_name<generation>(kGenerations, s)) {
    return g;
  }
  const auto alias = find_entry<std::size_t>(kGenerationAliases, [s](const auto& a) { return a.first == s; });
  return alias ? std::optional(kGenerationAliases[*alias].second) : std::nullopt;
}

std::string_view to_string(element_status s) { return entry(kStatuses, s); }
std::optional<element_status> parse_status(std::string_view s) { return find_name<element_status>(kStatuses, s); }
std::string_view status_list() {
  static const std::string kList = join_names(kStatuses, [](std::string_view name) { return name; });
  return kList;
}

std::string_view to_string(link_medium m) { return entry(kMedia, m); }
std::optional<link_medium> parse_medium(std::string_view s) { return find_name<link_medium>(kMedia, s); }

}  // namespace netvet::model
