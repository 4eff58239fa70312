// netvet/plan/service.h: which planned sites are each other's redundancy,
// derived from the network's topology under the outage semantics of
// ../shared/formats/network-csv.md (an access element is served while a path
// of up elements reaches the core functions of its chain).
//
// A swap takes down the elements it replaces at a site (duties.h), not the
// site's other equipment, so a pair is derived only from elements that are
// all swapped. Two planned sites A and B are a redundancy pair when
//   1. core function: every element of one core function (category core or
//      subscriber data: amf, smf, upf, mme, sgw, pgw, hss, udm, ...) is
//      swapped, and they are at exactly two planned sites: swapping both in
//      one period leaves the network without that function; or
//   2. dual-homed element: an element's upstream neighbours -- the elements
//      linked to it one hop closer (hop count over all links, whatever their
//      status) to the nearest core-function element -- are all swapped and at
//      exactly two planned sites: swapping both in one period cuts it off
//      (an aggregation router homed on two data centres, a site homed on two
//      aggregation sites).
// Not derived: a function or an element spread over three or more planned
// sites (swapping any two of them leaves a third), and an element with an
// upstream neighbour that is not swapped (it keeps that path); a network
// without links gives only the core-function pairs.
#pragma once

#include <string>
#include <vector>

#include "netvet/model/network.h"
#include "netvet/plan/duties.h"

namespace netvet::plan {

struct redundancy_pair {
  std::size_t a = 0;  // indices into duties::sites, a < b
  std::size_t b = 0;
  std::string reason;  // "core function amf", "dual-homed agg-akl-1" (the first found)
};

// The pairs, each once, in order of (a, b).
std::vector<redundancy_pair> derive_redundancy(const model::network& net, const duties& work);

}  // namespace netvet::plan
