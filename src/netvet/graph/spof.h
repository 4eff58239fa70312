// netvet/graph/spof.h: single points of failure.
//
// An element (or link) is a single point of failure when its failure alone
// makes access elements lose service, under the served semantics of
// network-csv.md: after removing it, an access element served before is not
// served when its new component lacks a function of its service chain. That
// covers articulation points (the component splits and a piece is cut off
// the core) and sole providers (the only AMF of a component) alike; the
// figures are exact, not component sizes. A failing access element's own
// subscribers are not counted in its cut (every element cuts itself).
//
// Parallel links are never bridges; self-loops are ignored; down elements
// are not in the graph. One iterative depth-first search (Tarjan; no
// recursion, any depth), O(elements + links). Never fails.
#pragma once

#include <cstdint>
#include <vector>

#include "netvet/graph/topology.h"
#include "netvet/report/table.h"

namespace netvet::graph {

struct spof_element {
  element_index element = 0;
  bool articulation = false;  // its removal splits its component
  std::uint64_t access_cut = 0;
  std::uint64_t subscribers_cut = 0;
};

struct spof_link {
  model::link_index link = 0;  // a bridge
  std::uint64_t access_cut = 0;
  std::uint64_t subscribers_cut = 0;
};

struct spof_result {
  // Only those that cut service, by subscribers cut (then access cut, index).
  std::vector<spof_element> elements;
  std::vector<spof_link> links;
  std::uint64_t articulation_points = 0;  // all, cutting service or not
  std::uint64_t bridges = 0;
};

spof_result single_points_of_failure(const topology& topo);

// `netvet spof`: tables `elements` and `links`, the first `top` of each
// (0: all).
report::document spof_report(const topology& topo, std::size_t top);

}  // namespace netvet::graph
