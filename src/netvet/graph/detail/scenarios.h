// netvet/graph/detail/scenarios.h: the outage scenarios of a request (private).
#pragma once

#include <string>
#include <vector>

#include "netvet/graph/outage.h"

namespace netvet::graph::detail {

struct scenario_list {
  std::vector<vendor_set> sets;
  std::vector<std::string> names;
  std::vector<bool> present;  // at least one vendor of the set is in the network
  std::vector<std::string> notes;
};

scenario_list build_scenarios(const model::network& net, const model::vendor_catalog& catalog,
                              const outage_request& request);

}  // namespace netvet::graph::detail
