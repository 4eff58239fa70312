// netvet/graph/monte_carlo.h: vendor outage plus random independent failures.
//
// Each trial takes down every element of the vendor set (as outage.h) and,
// independently with probability `fail_prob`, each other up element; it
// counts the subscribers on access elements served before the trial and not
// served in it (served semantics of network-csv.md). `trials` trials give a
// distribution: mean, and the p50/p95/p99 by nearest rank (the smallest
// value with at least q of the trials at or below it).
//
// Deterministic: trial t draws from xoshiro256** seeded by splitmix64 of
// (seed, t), so a seed gives the same answer on any platform and any number
// of threads. With fail_prob 0 every trial equals the plain outage.
// Cost: O(trials * (elements + links)) on up to `threads` threads.
#pragma once

#include <cstdint>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/graph/outage.h"
#include "netvet/graph/topology.h"

namespace netvet::graph {

struct monte_carlo_options {
  std::uint32_t trials = 1000;
  double fail_prob = 0.0;  // in [0, 1]
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: up to 2
};

struct monte_carlo_result {
  std::uint32_t trials = 0;
  double mean_subscribers_lost = 0;
  double mean_access_lost = 0;
  std::uint64_t p50 = 0;
  std::uint64_t p95 = 0;
  std::uint64_t p99 = 0;
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  std::vector<std::uint64_t> subscribers_lost;  // per trial, in trial order
};

// invalid_input when trials is 0 or fail_prob is outside [0, 1].
result<monte_carlo_result> monte_carlo(const topology& topo, const vendor_set& down,
                                       const monte_carlo_options& options);

// `netvet outage --monte-carlo`: one row per scenario of `request`
// (table `monte_carlo`); JSON `outages` maps each name to
// {access_lost, subscribers_lost (the plain outage), mean, p50, p95, p99}.
result<report::document> monte_carlo_report(const topology& topo, const model::vendor_catalog& catalog,
                                            const outage_request& request, const monte_carlo_options& options);

}  // namespace netvet::graph
