// Micro-benchmarks of the graph hot paths on a generated network: topology
// build, the all-vendor outage table (1 and 2 threads), single points of
// failure, exposure, one Monte Carlo trial. Each checks its own result.
#include <cstdlib>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "netvet/generate/generator.h"
#include "netvet/graph/exposure.h"
#include "netvet/graph/monte_carlo.h"
#include "netvet/graph/outage.h"
#include "netvet/graph/spof.h"
#include "netvet/graph/topology.h"
#include "netvet/io/reader.h"

namespace {

using namespace netvet;

const model::network& net() {
  static std::unique_ptr<model::network> n = [] {
    const char* env = std::getenv("NETVET_GRAPH_BENCH_SITES");
    generate::options o;
    o.sites = env != nullptr ? std::strtoull(env, nullptr, 10) : 100000;
    o.seed = 1;
    auto t = generate::generate_texts(o);
    if (!t) {
      std::abort();
    }
    auto r = io::read_network_csv_text(t->elements_csv, t->links_csv, "bench", io::read_options{});
    if (!r) {
      std::abort();
    }
    return std::make_unique<model::network>(std::move(r).value());
  }();
  return *n;
}

const graph::topology& topo() {
  static const graph::topology t = graph::topology::build(net());
  return t;
}

void bm_topology_build(benchmark::State& state) {
  for (auto _ : state) {
    auto t = graph::topology::build(net());
    if (t.served_access() == 0) {
      state.SkipWithError("nothing served");
    }
    benchmark::DoNotOptimize(t);
  }
  state.counters["elements"] = static_cast<double>(net().element_count());
}
BENCHMARK(bm_topology_build)->Unit(benchmark::kMillisecond);

void bm_all_vendor_outages(benchmark::State& state) {
  graph::outage_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    const auto r = graph::all_vendor_outages(topo(), o);
    std::uint64_t worst = 0;
    for (const auto& i : r) {
      worst = std::max(worst, i.subscribers_lost);
      if (i.subscribers_lost > topo().served_subscribers()) {
        state.SkipWithError("lost more than served");
      }
    }
    if (worst == 0) {
      state.SkipWithError("no outage loses anything");
    }
  }
  state.counters["vendors"] = static_cast<double>(net().vendors().size());
}
BENCHMARK(bm_all_vendor_outages)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void bm_spof(benchmark::State& state) {
  for (auto _ : state) {
    const auto r = graph::single_points_of_failure(topo());
    if (r.elements.empty()) {
      state.SkipWithError("no single point of failure");
    }
  }
}
BENCHMARK(bm_spof)->Unit(benchmark::kMillisecond);

void bm_exposure(benchmark::State& state) {
  for (auto _ : state) {
    const auto d = graph::exposure_report(topo());
    if (d.tables.size() != 3) {
      state.SkipWithError("bad document");
    }
  }
}
BENCHMARK(bm_exposure)->Unit(benchmark::kMillisecond)->UseRealTime();

void bm_monte_carlo_trial(benchmark::State& state) {
  graph::monte_carlo_options o;
  o.trials = 1;
  o.fail_prob = 0.01;
  o.threads = 1;
  const graph::vendor_set none;
  for (auto _ : state) {
    const auto r = graph::monte_carlo(topo(), none, o);
    if (!r) {
      state.SkipWithError("monte carlo failed");
    }
  }
}
BENCHMARK(bm_monte_carlo_trial)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
