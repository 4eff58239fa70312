// netvet/graph/detail/outage_engine.h: the divide-and-conquer outage engine
// (private to netvet_graph).
//
// Input: a group per vendor (kNoGroup: never goes down); groups 0..k-1 are
// disjoint vendor sets. Output: for each group, the served-before access
// elements that are not served when that group's elements are down.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "netvet/graph/topology.h"

namespace netvet::graph::detail {

inline constexpr std::uint32_t kNoGroup = std::numeric_limits<std::uint32_t>::max();

// lost[g] lists the access elements lost by the outage of group g, in
// element order. `group_of_vendor` has one entry per network vendor.
std::vector<std::vector<element_index>> lost_access(const topology& topo,
                                                    const std::vector<std::uint32_t>& group_of_vendor,
                                                    std::uint32_t groups, unsigned threads);

}  // namespace netvet::graph::detail
