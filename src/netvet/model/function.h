// netvet/model/function.h: the one vocabulary of element functions, network
// layers, EU asset-criticality categories and technology generations.
//
// Everything that parses, prints or reasons about a function uses this table
// (docs/formats/network-csv.md "function vocabulary";
// docs/policy-facts/asset-categories.md for the categories).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netvet::model {

// X(enumerator, CSV word, layer, EU asset category, generation rule)
// The generation rule (generation_rule below): only_4g / only_5g for the
// functions of one generation, default_5g for the split RAN (5G unless the
// row says otherwise), neutral for the rest.
#define NETVET_FUNCTIONS(X)                                \
  X(gnb, "gnb", access, ran, only_5g)                      \
  X(enb, "enb", access, ran, only_4g)                      \
  X(ru, "ru", access, ran, default_5g)                     \
  X(du, "du", access, ran, default_5g)                     \
  X(cu, "cu", access, ran, default_5g)                     \
  X(antenna, "antenna", access, ran, neutral)              \
  X(olt, "olt", access, fixed_access, neutral)             \
  X(ont, "ont", access, fixed_access, neutral)             \
  X(router, "router", transport, transport, neutral)       \
  X(switch_, "switch", transport, transport, neutral)      \
  X(microwave, "microwave", transport, transport, neutral) \
  X(optical, "optical", transport, transport, neutral)     \
  X(firewall, "firewall", transport, aaa, neutral)         \
  X(amf, "amf", core, core, only_5g)                       \
  X(smf, "smf", core, core, only_5g)                       \
  X(upf, "upf", core, core, only_5g)                       \
  X(ausf, "ausf", core, subscriber_data, only_5g)          \
  X(udm, "udm", core, subscriber_data, only_5g)            \
  X(udr, "udr", core, subscriber_data, only_5g)            \
  X(pcf, "pcf", core, core, only_5g)                       \
  X(nrf, "nrf", core, core, only_5g)                       \
  X(nssf, "nssf", core, core, only_5g)                     \
  X(nef, "nef", core, core, only_5g)                       \
  X(sepp, "sepp", core, interconnection, only_5g)          \
  X(mme, "mme", core, core, only_4g)                       \
  X(sgw, "sgw", core, core, only_4g)                       \
  X(pgw, "pgw", core, core, only_4g)                       \
  X(hss, "hss", core, subscriber_data, only_4g)            \
  X(pcrf, "pcrf", core, core, only_4g)                     \
  X(ims, "ims", core, core, neutral)                       \
  X(oss, "oss", management, oss, neutral)                  \
  X(bss, "bss", management, bss, neutral)                  \
  X(ems, "ems", management, oss, neutral)                  \
  X(nms, "nms", management, oss, neutral)                  \
  X(mano, "mano", management, mano, neutral)               \
  X(nfvi, "nfvi", management, nfvi, neutral)               \
  X(li, "li", security, lawful_interception, neutral)      \
  X(dns, "dns", security, interconnection, neutral)        \
  X(ntp, "ntp", security, aaa, neutral)                    \
  X(pki, "pki", security, aaa, neutral)

// Enumerators are the CSV words, except `switch` (a keyword): function::switch_.
enum class function : std::uint8_t {
#define NETVET_X(name, text, layer, cat, gen) name,
  NETVET_FUNCTIONS(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kFunctionCount = 0
#define NETVET_X(name, text, layer, cat, gen) +1
    NETVET_FUNCTIONS(NETVET_X)
#undef NETVET_X
    ;

// The part of the network a function belongs to (for exposure tables).
#define NETVET_LAYERS(X) X(access) X(transport) X(core) X(management) X(security)
enum class layer : std::uint8_t {
#define NETVET_X(name) name,
  NETVET_LAYERS(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kLayerCount = 5;

// EU coordinated risk assessment / Toolbox asset categories
// (docs/policy-facts/asset-categories.md, table 1; ids in upper case there).
#define NETVET_ASSET_CATEGORIES(X)                                         \
  X(core, "CORE", "core network functions")                                \
  X(subscriber_data, "SUBDB", "subscriber data and authentication")        \
  X(mano, "MANO", "NFV management and orchestration, SDN control")         \
  X(nfvi, "NFVI", "virtualisation / cloud infrastructure")                 \
  X(oss, "OSS", "network management, OSS, monitoring")                     \
  X(aaa, "AAA", "management-plane identity and security functions")        \
  X(bss, "BSS", "business support systems")                                \
  X(lawful_interception, "LI", "lawful interception")                      \
  X(ran, "RAN", "radio access network")                                    \
  X(transport, "TRANS", "transport and transmission")                      \
  X(interconnection, "INTERCONN", "interconnection and internet exchange") \
  X(fixed_access, "FIXEDACC", "fixed access")
enum class asset_category : std::uint8_t {
#define NETVET_X(name, id, desc) name,
  NETVET_ASSET_CATEGORIES(NETVET_X)
#undef NETVET_X
};
inline constexpr std::size_t kAssetCategoryCount = 12;

// A technology generation as netvet writes it: `4g`, `5g`, or `any` for both.
enum class generation : std::uint8_t { any, g4, g5 };

// How a function relates to the generations (the table's last column).
enum class generation_rule : std::uint8_t {
  neutral,     // serves no generation in particular unless the row says so
  only_4g,     // a 4G function (eNB, EPC): always 4g
  only_5g,     // a 5G function (gNB, 5G core): always 5g
  default_5g,  // the split RAN (ru, du, cu): 5g unless the row says otherwise
};

// The generations an element serves: a subset of {4g, 5g}, one bit each.
// Empty is generation-neutral (a router, an OSS): only rules without a
// generation filter cover it. `any` is the set of both.
class generation_set {
 public:
  constexpr generation_set() = default;
  static constexpr generation_set of(generation g) {
    switch (g) {
      case generation::g4:
        return generation_set(k4g);
      case generation::g5:
        return generation_set(k5g);
      case generation::any:
        break;
    }
    return generation_set(k4g | k5g);
  }
  // The set stored as bits() (bits above the two are ignored).
  static constexpr generation_set from_bits(std::uint8_t bits) {
    return generation_set(static_cast<std::uint8_t>(bits & (k4g | k5g)));
  }

  [[nodiscard]] constexpr std::uint8_t bits() const { return bits_; }
  [[nodiscard]] constexpr bool empty() const { return bits_ == 0; }
  [[nodiscard]] constexpr bool contains(generation g) const { return (bits_ & of(g).bits_) == of(g).bits_; }
  [[nodiscard]] constexpr bool intersects(generation_set o) const { return (bits_ & o.bits_) != 0; }
  constexpr generation_set operator|(generation_set o) const {
    return generation_set(static_cast<std::uint8_t>(bits_ | o.bits_));
  }
  constexpr bool operator==(const generation_set&) const = default;

 private:
  static constexpr std::uint8_t k4g = 1;
  static constexpr std::uint8_t k5g = 2;
  explicit constexpr generation_set(std::uint8_t bits) : bits_(bits) {}
  std::uint8_t bits_ = 0;
};

std::string_view to_string(function f);
std::optional<function> parse_function(std::string_view s);
std::span<const function> all_functions();
// "gnb, enb, ru, ..." for error messages and help text.
std::string_view function_list();

layer layer_of(function f);
std::string_view to_string(layer l);
std::optional<layer> parse_layer(std::string_view s);

asset_category category_of(function f);
std::string_view to_string(asset_category c);                            // "CORE"
std::string_view describe(asset_category c);                             // "core network functions"
std::optional<asset_category> parse_asset_category(std::string_view s);  // "CORE" or "core"

// The function's own generation: g5 or g4 for a function of one generation,
// `any` for the others (which may still serve one: see implied_generations).
generation generation_of(function f);
generation_rule generation_rule_of(function f);
std::string_view to_string(generation g);  // "any", "4g", "5g"
// "4g", "5g", "any", and the spellings 4G, lte, 5G.
std::optional<generation> parse_generation(std::string_view s);
// "" (neutral), "4g", "5g", "any" (both): what a network file writes.
std::string_view to_string(generation_set s);

// An element's generations when its row states none: gnb and the 5G core
// {5g}, enb and the EPC {4g}, ru/du/cu {5g}, every other function {}.
generation_set implied_generations(function f);
// Whether a row of function `f` may state `stated`: a function of one
// generation takes only its own (`any` on a gnb contradicts it); the others
// take anything. An empty `stated` (not stated) always fits.
bool generation_fits(function f, generation_set stated);
// Why a row of function `f` may not state `stated`, for error messages
// ("generation any contradicts function gnb, which is 5g only; leave it
// empty or write 5g"); empty when it fits.
std::string generation_conflict(function f, generation_set stated);
// What an element serves: `stated` when the row states it, else implied.
inline generation_set effective_generations(function f, generation_set stated) {
  return stated.empty() ? implied_generations(f) : stated;
}

// network-csv.md "Service and outage semantics": the access elements are
// exactly gnb, enb and olt.
constexpr bool is_access(function f) { return f == function::gnb || f == function::enb || f == function::olt; }

// Element status (NetBox's words); only `active` elements are up.
#define NETVET_STATUSES(X) X(active) X(planned) X(staged) X(failed) X(offline) X(decommissioning) X(inventory)
enum class element_status : std::uint8_t {
#define NETVET_X(name) name,
  NETVET_STATUSES(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(element_status s);
std::optional<element_status> parse_status(std::string_view s);
std::string_view status_list();

#define NETVET_MEDIA(X) \
  X(none, "") X(fiber, "fiber") X(microwave, "microwave") X(copper, "copper") X(virtual_, "virtual")
enum class link_medium : std::uint8_t {
#define NETVET_X(name, text) name,
  NETVET_MEDIA(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(link_medium m);
std::optional<link_medium> parse_medium(std::string_view s);  // "" -> none

}  // namespace netvet::model
