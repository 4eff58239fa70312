// In-process policy benchmark (bench/policy/run.sh runs it):
//   index           network_index over the loaded network (once per network)
//   outage_table    graph::vendor_outage_table: every vendor's outage in one
//                   pass (once per network; usecase::assess builds it)
//   audit_all       every shipped pack's audit on one index (index built outside)
//   assess_1000     a 1,000-element proposal (Huawei gNBs in one region, 10
//                   removals) against the loaded network as usecase::assess
//                   assesses it: the gb pack, the built-in risk knowledge and
//                   precedents, dependency figures from the outage table;
//                   index and table built outside ("after load")
//   dependency_question(_per_call)  one vendor's dependency figure from the
//                   table, and as before it (graph::vendor_dependency)
//   assess_1000_no_dependency    the same without dependency figures
//   assess_1000_dependency_per_call  the same with the figures as they were
//                   computed before the table: graph::vendor_dependency per
//                   question (a topology and an outage pass each); the peer
//                   that the table is measured against
// NETVET_BENCH_NETWORK names the network folder (default: the 1M-site
// generated network of bench/graph and bench/load). Each benchmark checks its
// result so that an empty answer cannot look fast; the assessments check
// that both ways give the same dependency figures.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "netvet/graph/outage.h"
#include "netvet/io/reader.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/loader.h"
#include "netvet/risk/knowledge.h"
#include "netvet/usecase/policy.h"

namespace {

using namespace netvet;

struct fixture {
  model::network net;
  std::unique_ptr<policy::network_index> index;
  std::unique_ptr<policy::pack_library> lib;
  policy::proposal prop;
  std::vector<model::element_index> removed;
  std::unique_ptr<risk::knowledge> knowledge;
  std::vector<policy::precedent> precedents;
  std::unique_ptr<graph::vendor_outage_table> outages;
};

template <class T>
T or_exit(result<T> r) {
  if (!r) {
    std::fprintf(stderr, "%s\n", r.err().to_string().c_str());
    std::exit(2);
  }
  return std::move(*r);
}

// The table as usecase::assess builds it (no regions: only subscribers are read).
graph::vendor_outage_table outage_table(const model::network& net) {
  graph::outage_options oo;
  oo.by_region = false;
  return graph::vendor_outage_table::build(net, oo);
}

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
  f = std::make_unique<fixture>(fixture{std::move(*net), nullptr, nullptr, {}, {}, nullptr, {}, nullptr});
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
  f->knowledge = std::make_unique<risk::knowledge>(or_exit(risk::knowledge::builtin(cat)));
  f->precedents = or_exit(policy::builtin_precedents(cat));
  f->outages = std::make_unique<graph::vendor_outage_table>(outage_table(f->net));
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

void BM_outage_table(benchmark::State& state) {
  auto& f = fx();
  for (auto _ : state) {
    const auto t = outage_table(f.net);
    const auto huawei = t.of("Huawei", model::vendor_catalog::builtin());
    benchmark::DoNotOptimize(huawei.subscribers_lost);
    if (huawei.elements_down == 0) {
      state.SkipWithError("no Huawei elements");
    }
  }
  state.counters["vendors"] = static_cast<double>(f.net.vendors().size());
}

// One dependency question (Huawei) answered from the table: the dependency
// part of an assessment after the table (assess_1000 asks 2).
void BM_dependency_question(benchmark::State& state) {
  auto& f = fx();
  const auto dep = usecase::dependency_on(*f.outages, model::vendor_catalog::builtin());
  for (auto _ : state) {
    const auto s = dep("Huawei");
    benchmark::DoNotOptimize(s);
    if (!s || *s == 0) {
      state.SkipWithError("no dependency on Huawei");
    }
  }
}

// The same question as before the table: graph::vendor_dependency.
void BM_dependency_question_per_call(benchmark::State& state) {
  auto& f = fx();
  for (auto _ : state) {
    const auto r = graph::vendor_dependency(f.net, "Huawei", model::vendor_catalog::builtin());
    benchmark::DoNotOptimize(r);
    if (!r || r->subscribers_lost != f.outages->of("Huawei", model::vendor_catalog::builtin()).subscribers_lost) {
      state.SkipWithError("the table and vendor_dependency disagree");
    }
  }
}

// The options usecase::assess passes, with `dependency` as given.
policy::assessment_options assess_options(const fixture& f, policy::dependency_fn dependency) {
  policy::assessment_options opt;
  opt.as_of = f.prop.when;
  opt.dependency = std::move(dependency);
  opt.knowledge = f.knowledge.get();
  opt.precedents = f.precedents;
  return opt;
}

// The dependency figures of the table, every vendor the proposal adds.
std::vector<std::optional<std::uint64_t>> table_figures(const fixture& f) {
  const auto dep = usecase::dependency_on(*f.outages, model::vendor_catalog::builtin());
  std::vector<std::optional<std::uint64_t>> out;
  for (const auto& e : f.prop.add) {
    out.push_back(dep(e.vendor_name));
  }
  return out;
}

void run_assess(benchmark::State& state, const policy::assessment_options& opt, bool with_dependency) {
  auto& f = fx();
  const policy::pack& gb = **f.lib->get("gb");
  const auto want = table_figures(f);
  for (auto _ : state) {
    const policy::evaluator ev(gb, f.index.get());
    const auto a = ev.assess(f.prop, f.removed, opt);
    benchmark::DoNotOptimize(a.findings.size());
    if (a.dec != policy::decision::significant_risk) {
      state.SkipWithError("expected significant_risk");
    }
    const bool weighed = std::any_of(a.findings.begin(), a.findings.end(), [](const policy::finding& x) {
      return x.kind == policy::finding_kind::weighed && x.weighing;
    });
    if (!weighed) {
      state.SkipWithError("the risk model weighed nothing");
    }
    if (a.dependencies.size() != 1 || a.dependencies[0].existing_subscribers.has_value() != with_dependency ||
        (with_dependency &&
         (*a.dependencies[0].existing_subscribers == 0 || a.dependencies[0].existing_subscribers != want.front()))) {
      state.SkipWithError("unexpected dependency figures");
    }
  }
}

void BM_assess_1000(benchmark::State& state) {
  auto& f = fx();
  run_assess(state, assess_options(f, usecase::dependency_on(*f.outages, model::vendor_catalog::builtin())), true);
}

void BM_assess_1000_no_dependency(benchmark::State& state) { run_assess(state, assess_options(fx(), {}), false); }

void BM_assess_1000_dependency_per_call(benchmark::State& state) {
  auto& f = fx();
  const auto& cat = model::vendor_catalog::builtin();
  std::uint64_t questions = 0;
  auto per_call = [&f, &cat, &questions](std::string_view vendor) -> std::optional<std::uint64_t> {
    ++questions;
    auto r = graph::vendor_dependency(f.net, vendor, cat);
    return r ? std::optional<std::uint64_t>(r->subscribers_lost) : std::nullopt;
  };
  run_assess(state, assess_options(f, per_call), true);
  state.counters["questions"] = benchmark::Counter(static_cast<double>(questions), benchmark::Counter::kAvgIterations);
}

BENCHMARK(BM_index)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_audit_all)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_outage_table)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_dependency_question)->Unit(benchmark::kMicrosecond)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_dependency_question_per_call)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_assess_1000)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_assess_1000_no_dependency)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_assess_1000_dependency_per_call)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
