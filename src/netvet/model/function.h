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
#include <string_view>

namespace netvet::model {

// X(enumerator, CSV word, layer, EU asset category, generation)
#define NETVET_FUNCTIONS(X)                            \
  X(gnb, "gnb", access, ran, g5)                       \
  X(enb, "enb", access, ran, g4)                       \
  X(ru, "ru", access, ran, any)                        \
  X(du, "du", access, ran, any)                        \
  X(cu, "cu", access, ran, any)                        \
  X(antenna, "antenna", access, ran, any)              \
  X(olt, "olt", access, fixed_access, any)             \
  X(ont, "ont", access, fixed_access, any)             \
  X(router, "router", transport, transport, any)       \
  X(switch_, "switch", transport, transport, any)      \
  X(microwave, "microwave", transport, transport, any) \
  X(optical, "optical", transport, transport, any)     \
  X(firewall, "firewall", transport, aaa, any)         \
  X(amf, "amf", core, core, g5)                        \
  X(smf, "smf", core, core, g5)                        \
  X(upf, "upf", core, core, g5)                        \
  X(ausf, "ausf", core, subscriber_data, g5)           \
  X(udm, "udm", core, subscriber_data, g5)             \
  X(udr, "udr", core, subscriber_data, g5)             \
  X(pcf, "pcf", core, core, g5)                        \
  X(nrf, "nrf", core, core, g5)                        \
  X(nssf, "nssf", core, core, g5)                      \
  X(nef, "nef", core, core, g5)                        \
  X(sepp, "sepp", core, interconnection, g5)           \
  X(mme, "mme", core, core, g4)                        \
  X(sgw, "sgw", core, core, g4)                        \
  X(pgw, "pgw", core, core, g4)                        \
  X(hss, "hss", core, subscriber_data, g4)             \
  X(pcrf, "pcrf", core, core, g4)                      \
  X(ims, "ims", core, core, any)                       \
  X(oss, "oss", management, oss, any)                  \
  X(bss, "bss", management, bss, any)                  \
  X(ems, "ems", management, oss, any)                  \
  X(nms, "nms", management, oss, any)                  \
  X(mano, "mano", management, mano, any)               \
  X(nfvi, "nfvi", management, nfvi, any)               \
  X(li, "li", security, lawful_interception, any)      \
  X(dns, "dns", security, interconnection, any)        \
  X(ntp, "ntp", security, aaa, any)                    \
  X(pki, "pki", security, aaa, any)

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

enum class generation : std::uint8_t { any, g4, g5 };

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

generation generation_of(function f);
std::string_view to_string(generation g);  // "any", "4g", "5g"
std::optional<generation> parse_generation(std::string_view s);

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
