// netvet/graph/exposure.h: how much of each part of the network a vendor holds.
//
// For each vendor and each layer (access, transport, core, management,
// security; model::layer_of) its share of the layer's elements, of the sites
// where the layer has an element, and of the subscribers on the layer's
// elements; the subscribers whose service depends on the vendor (its outage,
// outage.h); and per layer the concentration: the vendors' element shares,
// the largest, and the Herfindahl-Hirschman index (sum of squared
// percentage shares, 0..10,000; above 2,500 is "highly concentrated" in the
// US merger guidelines). Elements of every status count (exposure is about
// what is installed); the dependency uses the served semantics.
// A share whose denominator is 0 is empty (null in JSON). Never fails.
#pragma once

#include "netvet/graph/outage.h"
#include "netvet/graph/topology.h"
#include "netvet/report/table.h"

namespace netvet::graph {

// Tables: by_vendor, by_vendor_layer, concentration.
report::document exposure_report(const topology& topo, const outage_options& options = {});

}  // namespace netvet::graph
