#include "netvet/model/function.h"

#include <cstring>
#include <string>

namespace netvet::model {
namespace {

struct function_info {
  std::string_view name;
  layer lay;
  asset_category cat;
  generation gen;
};

constexpr std::array<function_info, kFunctionCount> kFunctions = {{
#define NETVET_X(name, text, lay, cat, gen) {text, layer::lay, asset_category::cat, generation::gen},
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

// Function names are at most 9 bytes: pack the first 8 into a word for a
// branch-light lookup on the CSV hot path.
std::uint64_t pack(std::string_view s) {
  std::uint64_t w = 0;
  std::memcpy(&w, s.data(), s.size() < 8 ? s.size() : 8);
  return w;
}

}  // namespace

std::string_view to_string(function f) { return kFunctions[static_cast<std::size_t>(f)].name; }

std::optional<function> parse_function(std::string_view s) {
  if (s.empty() || s.size() > 9) {
    return std::nullopt;
  }
  const std::uint64_t key = pack(s);
  for (std::size_t i = 0; i < kFunctionCount; ++i) {
    const auto& name = kFunctions[i].name;
    if (name.size() == s.size() && pack(name) == key && name == s) {
      return kAll[i];
    }
  }
  return std::nullopt;
}

std::span<const function> all_functions() { return kAll; }

std::string_view function_list() {
  static const std::string kList = [] {
    std::string out;
    for (const auto& f : kFunctions) {
      if (!out.empty()) {
        out += ", ";
      }
      out += f.name;
    }
    return out;
  }();
  return kList;
}

layer layer_of(function f) { return kFunctions[static_cast<std::size_t>(f)].lay; }
std::string_view to_string(layer l) { return kLayers[static_cast<std::size_t>(l)]; }
std::optional<layer> parse_layer(std::string_view s) {
  for (std::size_t i = 0; i < kLayerCount; ++i) {
    if (kLayers[i] == s) {
      return static_cast<layer>(i);
    }
  }
  return std::nullopt;
}

asset_category category_of(function f) { return kFunctions[static_cast<std::size_t>(f)].cat; }
std::string_view to_string(asset_category c) { return kCategories[static_cast<std::size_t>(c)].id; }
std::string_view describe(asset_category c) { return kCategories[static_cast<std::size_t>(c)].description; }
std::optional<asset_category> parse_asset_category(std::string_view s) {
  for (std::size_t i = 0; i < kAssetCategoryCount; ++i) {
    if (kCategories[i].id == s || kCategories[i].name == s) {
      return static_cast<asset_category>(i);
    }
  }
  return std::nullopt;
}

generation generation_of(function f) { return kFunctions[static_cast<std::size_t>(f)].gen; }
std::string_view to_string(generation g) {
  switch (g) {
    case generation::g4:
      return "4g";
    case generation::g5:
      return "5g";
    case generation::any:
      break;
  }
  return "any";
}
std::optional<generation> parse_generation(std::string_view s) {
  if (s == "4g" || s == "4G" || s == "lte") {
    return generation::g4;
  }
  if (s == "5g" || s == "5G") {
    return generation::g5;
  }
  if (s == "any") {
    return generation::any;
  }
  return std::nullopt;
}

std::string_view to_string(element_status s) { return kStatuses[static_cast<std::size_t>(s)]; }
std::optional<element_status> parse_status(std::string_view s) {
  for (std::size_t i = 0; i < kStatuses.size(); ++i) {
    if (kStatuses[i] == s) {
      return static_cast<element_status>(i);
    }
  }
  return std::nullopt;
}
std::string_view status_list() { return "active, planned, staged, failed, offline, decommissioning, inventory"; }

std::string_view to_string(link_medium m) { return kMedia[static_cast<std::size_t>(m)]; }
std::optional<link_medium> parse_medium(std::string_view s) {
  for (std::size_t i = 0; i < kMedia.size(); ++i) {
    if (kMedia[i] == s) {
      return static_cast<link_medium>(i);
    }
  }
  return std::nullopt;
}

}  // namespace netvet::model
