// In-process policy benchmark (bench/policy/run.sh runs it):
//   index        network_index over the loaded network (once per network)
//   audit_all    every shipped pack's audit on one index (index built outside)
//   assess_1000  a 1,000-element proposal (Huawei gNBs in one region, 10
//                removals) against the loaded network: evaluator + assess,
//                index built outside ("after load")
// NETVET_BENCH_NETWORK names the network folder (default: the 1M-site
// generated network of bench/graph and bench/load). Each benchmark checks its
// result so that an empty answer cannot look fast.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "netvet/io/reader.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/loader.h"

namespace {

using namespace netvet;

struct fixture {
  model::network net;
  std::unique_ptr<policy::network_index> index;
  std::unique_ptr<policy::pack_library> lib;
  policy::proposal prop;
  std::vector<model::element_index> removed;
};

fixture& fx() {
  static std::unique_ptr<fixture> f;
  if (f) {
    return *f;
  }
  const char* env = std::getenv("NETVET_BENCH_NETWORK");
  const std::string path = env != nullptr ? env : "/tmp/netvet-bench/sites-1000000-seed-1";
  io::read_options ro;
  auto net = io::read_network(path, ro);
  if (!net) {
    std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), net.err().to_string().c_str());
    std::exit(2);
  }
  f = std::make_unique<fixture>(fixture{std::move(*net), nullptr, nullptr, {}, {}});
  const auto& cat = model::vendor_catalog::builtin();
  f->index = std::make_unique<policy::network_index>(f->net, cat);
  auto lib = policy::pack_library::load({NETVET_SOURCE_DIR "/policies"}, cat);
  if (!lib) {
    std::fprintf(stderr, "%s\n", lib.err().to_string().c_str());
    std::exit(2);
  }
  f->lib = std::make_unique<policy::pack_library>(std::move(*lib));
  // 990 Huawei gNBs spread over the network's first region and sites, 10 removals.
  std::string region(f->net.region(0));
  std::string yaml = "jurisdiction: gb\ndate: 2024-01-01\nadd:\n";
  for (int i = 0; i < 990; ++i) {
    const auto e =
        static_cast<model::element_index>((static_cast<std::uint64_t>(i) * 2654435761ULL) % f->net.element_count());
    yaml += "  - {id: bench-gnb-" + std::to_string(i) + ", function: gnb, vendor: Huawei, region: \"" +
            std::string(f->net.region(e)) + "\", site: \"" + std::string(f->net.site(e)) + "\"}\n";
  }
  yaml += "remove: [";
  for (int i = 0; i < 10; ++i) {
    yaml += (i ? ", \"" : "\"") + std::string(f->net.id(static_cast<model::element_index>(i * 1000))) + "\"";
  }
  yaml += "]\n";
  auto prop = policy::parse_proposal(yaml, "bench.yaml", cat);
  if (!prop) {
    std::fprintf(stderr, "%s\n", prop.err().to_string().c_str());
    std::exit(2);
  }
  f->prop = std::move(*prop);
  f->removed = std::move(*policy::check_against(f->prop, &f->net));
  return *f;
}

void BM_index(benchmark::State& state) {
  auto& f = fx();
  for (auto _ : state) {
    policy::network_index idx(f.net, model::vendor_catalog::builtin());
    benchmark::DoNotOptimize(idx.groups().size());
    if (idx.groups().empty()) {
      state.SkipWithError("no groups");
    }
  }
  state.counters["elements"] = static_cast<double>(f.net.element_count());
}

void BM_audit_all(benchmark::State& state) {
  auto& f = fx();
  policy::audit_options opt;
  opt.as_of = *parse_date("2028-01-01");
  for (auto _ : state) {
    std::size_t findings = 0;
    for (const auto& p : f.lib->packs()) {
      findings += policy::evaluator(p, f.index.get()).audit(opt).findings.size();
    }
    benchmark::DoNotOptimize(findings);
    if (findings == 0) {
      state.SkipWithError("no findings");
    }
  }
}

void BM_assess_1000(benchmark::State& state) {
  auto& f = fx();
  const policy::pack& gb = **f.lib->get("gb");
  policy::assessment_options opt;
  opt.as_of = f.prop.when;
  for (auto _ : state) {
    const policy::evaluator ev(gb, f.index.get());
    const auto a = ev.assess(f.prop, f.removed, opt);
    benchmark::DoNotOptimize(a.findings.size());
    if (a.dec != policy::decision::significant_risk) {
      state.SkipWithError("expected significant_risk");
    }
  }
}

BENCHMARK(BM_index)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_audit_all)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_assess_1000)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
