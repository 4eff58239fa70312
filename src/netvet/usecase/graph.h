// netvet/usecase/graph.h: what a vendor's outage cuts, each vendor's share
// and concentration, and the single points of failure (graph concern).
#pragma once

#include <optional>

#include "netvet/graph/monte_carlo.h"
#include "netvet/graph/outage.h"
#include "netvet/report/table.h"
#include "netvet/usecase/network.h"

namespace netvet::usecase {

// Every graph answer: the document and where the time went.
struct graph_outcome {
  report::document doc;
  double load_seconds = 0;
  double compute_seconds = 0;
};

struct outage_request {
  network_source source;
  graph::outage_request outage;                     // vendors, together, threads
  std::optional<graph::monte_carlo_options> monte;  // with random failures of other elements
};
// invalid_input when `together` names no vendor (field "--together"), or
// the Monte Carlo options are out of range.
result<graph_outcome> outage(const context& ctx, const outage_request& request, const progress_fn& progress = {});

struct exposure_request {
  network_source source;
  graph::outage_options options;
};
result<graph_outcome> exposure(const context& ctx, const exposure_request& request, const progress_fn& progress = {});

struct spof_request {
  network_source source;
  std::size_t top = 20;  // rows of each table; 0: all
};
result<graph_outcome> spof(const context& ctx, const spof_request& request, const progress_fn& progress = {});

}  // namespace netvet::usecase
