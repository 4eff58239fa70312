// netvet/graph/outage.h: what stops working when a vendor's equipment goes down.
//
// Semantics (network-csv.md "Service and outage semantics", followed exactly):
// an outage of a set of vendors takes down every element whose normalised
// vendor is in the set. Its impact is the set of access elements (gnb, enb,
// olt) that were served before and are not served after -- the vendors' own
// access elements included -- and the subscribers on them.
//
// Defined answers for awkward input:
//   - no chain function anywhere: nothing is served before, so every outage
//     loses 0 (`topology::has_core()` is false; the report says so);
//   - access with no path to any core: not served before, never lost;
//   - self-loops are ignored, parallel links count once for connectivity;
//   - a vendor absent from the network (or unknown to the catalogue): its
//     outage takes nothing down and loses 0;
//   - an empty network: no vendors, every figure 0.
//
// Cost: every single-vendor outage of a network at once in
// O((elements + links) log vendors) by divide and conquer over the vendors
// (docs/graph.md), on up to `threads` threads. Nothing here throws; all
// functions are safe to call concurrently on the same topology.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/graph/topology.h"
#include "netvet/model/network.h"
#include "netvet/report/table.h"

namespace netvet::graph {

// Lost access elements and subscribers in one region.
struct region_loss {
  string_id region = 0;  // network::strings() id; 0 = no region
  std::uint64_t access_lost = 0;
  std::uint64_t subscribers_lost = 0;
};

// The impact of one outage.
struct impact {
  std::uint64_t access_lost = 0;
  std::uint64_t subscribers_lost = 0;
  // Of those, the access elements of the vendors that went down.
  std::uint64_t own_access_lost = 0;
  std::uint64_t own_subscribers_lost = 0;
  // By access class (gnb, enb, olt).
  std::array<std::uint64_t, kAccessClassCount> access_lost_by_class{};
  std::array<std::uint64_t, kAccessClassCount> subscribers_lost_by_class{};
  // Regions with a loss, in region-name order (empty unless asked for).
  std::vector<region_loss> by_region;
  // Elements taken down by the outage (all statuses).
  std::uint64_t elements_down = 0;
};

struct outage_options {
  // Worker threads; 0 = up to 2 (the hardware's count, at most 2).
  unsigned threads = 0;
  bool by_region = true;
};

// A set of vendors that go down together.
using vendor_set = std::vector<model::net_vendor_index>;

// The impact of each scenario, in order. Scenarios may overlap (they are
// then computed in several passes). Vendor indices out of range are ignored.
std::vector<impact> outage_impacts(const topology& topo, std::span<const vendor_set> scenarios,
                                   const outage_options& options = {});

// The impact of each vendor of the network alone, indexed by net_vendor_index.
std::vector<impact> all_vendor_outages(const topology& topo, const outage_options& options = {});

// The access elements, in element order, that the outage of the vendors in
// `vs` loses (served before, not after): the per-element answer behind an
// impact, for a map of what an outage cuts. O((elements + links) log 1).
std::vector<element_index> lost_access_elements(const topology& topo, const vendor_set& vs,
                                                const outage_options& options = {});

// For the proposal assessment (policy): the subscribers whose service depends
// on vendor `v` of `net`, i.e. the impact of its outage. An index out of range
// is an `invalid_input` error. Builds a topology: O(elements + links).
result<impact> vendor_dependency(const model::network& net, model::net_vendor_index v);
// The same by name: resolved through `catalog` (any spelling: "HUAWEI" is
// Huawei), then matched against the network's vendors. A vendor that is not
// in the network has a zero impact (not an error).
result<impact> vendor_dependency(const model::network& net, std::string_view vendor,
                                 const model::vendor_catalog& catalog);

// Every vendor's outage of one network, computed once: the answers of
// vendor_dependency for all of the network's vendors, without a topology
// build and an outage pass per question (a server or a benchmark assesses
// many proposals against one loaded network).
//
// Build: one topology and one all_vendor_outages() pass,
// O((elements + links) log vendors), on up to `options.threads` threads; the
// topology is not kept. Each answer after that is a name resolution. The
// table keeps a reference to the network, which must outlive it. Immutable
// once built; safe to read from several threads.
class vendor_outage_table {
 public:
  // Never fails: every network, empty included, has a table.
  static vendor_outage_table build(const model::network& net, const outage_options& options = {});

  [[nodiscard]] const model::network& network() const { return *net_; }
  // The impact of vendor `v`'s outage; equal to vendor_dependency(net, v)
  // (by_region filled only when the table was built with it). An index out
  // of range is an `invalid_input` error.
  [[nodiscard]] result<impact> of(model::net_vendor_index v) const;
  // The same by name, resolved as vendor_dependency(net, vendor, catalog)
  // resolves it: a vendor not in the network has a zero impact.
  [[nodiscard]] impact of(std::string_view vendor, const model::vendor_catalog& catalog) const;

 private:
  const model::network* net_ = nullptr;
  std::vector<impact> by_vendor_;  // indexed by net_vendor_index
};

// How a vendor named on the command line resolved against one network.
struct vendor_ref {
  std::string name;                                   // display name (or trimmed spelling)
  std::optional<model::net_vendor_index> in_network;  // nullopt: absent
  bool known = false;                                 // in the catalogue
};
vendor_ref resolve_vendor(const model::network& net, std::string_view spelling, const model::vendor_catalog& catalog);

// `netvet outage`: the report for the named vendors (all of the network's
// vendors when `vendors` is empty), each alone or all `together`.
// JSON shape (scripts rely on it): `outages` maps each vendor's display name
// (for `together`: the names joined by " + ") to an object with integer
// `access_lost`, `subscribers_lost`, `own_access_lost`, `elements_down`,
// and objects `by_function` and `by_region` (name -> {access_lost,
// subscribers_lost}). Tables: by_vendor, by_function, by_region.
struct outage_request {
  std::vector<std::string> vendors;
  bool together = false;
  outage_options options;
};
report::document outage_report(const topology& topo, const model::vendor_catalog& catalog,
                               const outage_request& request);

}  // namespace netvet::graph
