// netvet/model/no_vendor.h: an element whose input gives no vendor.
//
// Readers whose input may name no manufacturer (GraphML nodes missing from
// the vendor map, NetBox device types without one) write the placeholder
// spelling `unknown` (kNoVendor). That is not a supplier: a report counts
// such elements apart ("elements with no vendor") and never as a vendor of
// its own (no outage scenario, no vendor share). An inventory that writes
// `unknown` (any case) as a vendor means the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "netvet/core/text.h"
#include "netvet/model/network.h"

namespace netvet::model {

inline constexpr std::string_view kNoVendor = "unknown";

// True for the network's stand-in vendor of elements with no vendor.
inline bool is_no_vendor(const network_vendor& v) { return !v.known() && to_lower_ascii(trim(v.name)) == kNoVendor; }

// The network's stand-in vendor, if any element has no vendor.
inline std::optional<net_vendor_index> no_vendor_index(const network& net) {
  for (net_vendor_index v = 0; v < net.vendors().size(); ++v) {
    if (is_no_vendor(net.vendors()[v])) {
      return v;
    }
  }
  return std::nullopt;
}

// How many elements have no vendor.
inline std::uint64_t elements_without_vendor(const network& net) {
  const auto none = no_vendor_index(net);
  if (!none) {
    return 0;
  }
  std::uint64_t n = 0;
  for (element_index e = 0; e < net.element_count(); ++e) {
    n += net.vendor(e) == *none ? 1 : 0;
  }
  return n;
}

// The network's vendors, the stand-in left out, and how many of them the
// catalogue does not know.
struct vendor_tally {
  std::size_t vendors = 0;
  std::size_t unknown = 0;
};
inline vendor_tally tally_vendors(const network& net) {
  vendor_tally t;
  for (const auto& v : net.vendors()) {
    if (!is_no_vendor(v)) {
      ++t.vendors;
      t.unknown += v.known() ? 0 : 1;
    }
  }
  return t;
}

}  // namespace netvet::model
