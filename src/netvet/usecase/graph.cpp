#include "netvet/usecase/graph.h"

#include <chrono>

#include "netvet/graph/exposure.h"
#include "netvet/graph/spof.h"
#include "netvet/graph/topology.h"

namespace netvet::usecase {
namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Loads the network, builds its topology and runs `compute` on it, timed.
template <typename F>
result<graph_outcome> on_topology(const context& ctx, const network_source& source, const progress_fn& progress,
                                  F&& compute) {
  graph_outcome out;
  const auto t0 = clock_type::now();
  NETVET_ASSIGN_OR_RETURN(const auto net, load_network(ctx, source, progress));
  out.load_seconds = seconds_since(t0);
  const auto t1 = clock_type::now();
  const auto topo = graph::topology::build(net);
  NETVET_ASSIGN_OR_RETURN(out.doc, compute(topo));
  out.compute_seconds = seconds_since(t1);
  return out;
}

}  // namespace

result<graph_outcome> outage(const context& ctx, const outage_request& request, const progress_fn& progress) {
  if (request.outage.together && request.outage.vendors.empty()) {
    return make_error(error_code::invalid_input, "--together needs at least one --vendor",
                      location{"", 0, 0, "--together"});
  }
  return on_topology(ctx, request.source, progress, [&](const graph::topology& topo) -> result<report::document> {
    if (request.monte) {
      return graph::monte_carlo_report(topo, ctx.catalog(), request.outage, *request.monte);
    }
    return graph::outage_report(topo, ctx.catalog(), request.outage);
  });
}

result<graph_outcome> exposure(const context& ctx, const exposure_request& request, const progress_fn& progress) {
  return on_topology(ctx, request.source, progress, [&](const graph::topology& topo) -> result<report::document> {
    return graph::exposure_report(topo, request.options);
  });
}

result<graph_outcome> spof(const context& ctx, const spof_request& request, const progress_fn& progress) {
  return on_topology(ctx, request.source, progress, [&](const graph::topology& topo) -> result<report::document> {
    return graph::spof_report(topo, request.top);
  });
}

}  // namespace netvet::usecase
