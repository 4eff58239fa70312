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
//      (an aggregation router homed on two data centres; the middle site of
//      an odd ring, both of whose neighbours are one hop closer).
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

// Sequencing (REPLACEMENT.md §2), as precedences of schedule.h (every site of
// `after` in or after the period of every site of `before`):
//   ems-after-ran: a planned management element (category oss: oss, ems,
//     nms) goes in or after the period of the last planned RAN site it
//     manages. The network CSV has no management relation (`managed_by` is
//     who operates an element, not which system manages it), so "manages" is
//     read as: RAN elements (category ran) of the same vendor in the same
//     region (every region when the management element has none).
//   core-before-ran: in one pack, a milestone due earlier than another: the
//     sites of the earlier one holding a planned core element (category core
//     or subscriber data) go in or before the sites of the later one holding
//     a planned RAN element (gb: the core by 2023, before the 5G RAN by 2027).
struct sequencing_rule {
  std::string rule;                 // "ems-after-ran" or "core-before-ran"
  std::string reason;               // which element or milestones
  std::vector<std::size_t> before;  // indices into duties::sites, ascending
  std::vector<std::size_t> after;
};

struct sequencing_options {
  bool ems_after_ran = true;
  bool core_before_ran = true;
};

std::vector<sequencing_rule> derive_sequencing(const model::network& net, const duties& work,
                                               const sequencing_options& options);

struct redundancy_pair {
  std::size_t a = 0;  // indices into duties::sites, a < b
  std::size_t b = 0;
  std::string reason;  // "core function amf", "dual-homed agg-akl-1" (the first found)
};

// The pairs, each once, in order of (a, b).
std::vector<redundancy_pair> derive_redundancy(const model::network& net, const duties& work);

}  // namespace netvet::plan
