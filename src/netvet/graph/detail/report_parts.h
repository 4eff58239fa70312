// netvet/graph/detail/report_parts.h: pieces the graph reports share
// (private to netvet_graph).
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "netvet/graph/topology.h"
#include "netvet/model/no_vendor.h"
#include "netvet/report/table.h"

namespace netvet::graph::detail {

// A fact holding a count.
inline report::fact count_fact(std::string name, std::string label, std::uint64_t value) {
  return report::fact{std::move(name), std::move(label), static_cast<std::int64_t>(value)};
}

// Elements whose input gives no vendor (model/no_vendor.h): reported apart,
// never as a vendor row.
inline report::fact no_vendor_fact(const model::network& net) {
  return count_fact("elements_without_vendor", "Elements with no vendor", model::elements_without_vendor(net));
}

// The facts every served-service report starts from.
inline report::fact served_access_fact(const topology& topo) {
  return count_fact("served_access", "Access elements served", topo.served_access());
}
inline report::fact served_subscribers_fact(const topology& topo) {
  return count_fact("served_subscribers", "Subscribers served", topo.served_subscribers());
}

// 0..n-1 ordered by `less` (a strict weak order on indices).
template <class Less>
std::vector<std::size_t> ranked(std::size_t n, Less less) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), less);
  return order;
}

}  // namespace netvet::graph::detail
