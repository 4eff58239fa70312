// Micro-benchmarks of the network CSV hot path: tokenizing and building the
// compact network from an in-memory text, and writing it back. Each checks
// its own result. The whole-file comparison with python3-igraph is
// bench/load/run.sh.
#include <map>
#include <string>

#include <benchmark/benchmark.h>

#include "netvet/core/csv.h"
#include "netvet/io/reader.h"

namespace {

struct texts {
  std::string elements;
  std::string links;
};

// Rows shaped like `netvet generate` output: cell sites with a router and a
// gNB/eNB each, a handful of vendors and models, lognormal-ish subscribers.
const texts& make(std::size_t sites) {
  static std::map<std::size_t, texts> cache;
  auto& t = cache[sites];
  if (!t.elements.empty()) {
    return t;
  }
  const char* vendors[] = {"Huawei", "Ericsson", "Nokia", "HUAWEI", "Samsung", "Cisco", "Juniper"};
  const char* regions[] = {"Northland", "Auckland", "Waikato", "Wellington", "Canterbury", "Otago"};
  t.elements = "id,function,vendor,model,software,site,region,lat,lon,subscribers,installed,status\n";
  t.links = "a,b,medium,capacity_gbps\n";
  for (std::size_t s = 0; s < sites; ++s) {
    const std::string site = "site-" + std::to_string(s);
    const char* region = regions[s % 6];
    const std::string lat = std::to_string(-36.0 - static_cast<double>(s % 1000) / 200.0);
    const std::string lon = std::to_string(174.0 + static_cast<double>(s % 777) / 300.0);
    t.elements += "csr-" + std::to_string(s) + ",router," + vendors[(s / 7) % 7] + ",ATN910C,V300R005," + site + "," +
                  region + "," + lat + "," + lon + ",0,2019-03-04,active\n";
    t.elements += "gnb-" + std::to_string(s) + ",gnb," + vendors[s % 5] + ",AAU5613,V100R016," + site + "," + region +
                  "," + lat + "," + lon + "," + std::to_string(200 + (s * 7919) % 1800) + ",2020-06-30,active\n";
    t.links += "gnb-" + std::to_string(s) + ",csr-" + std::to_string(s) + ",fiber,10\n";
    if (s > 0) {
      t.links += "csr-" + std::to_string(s) + ",csr-" + std::to_string(s - 1) + ",fiber,10\n";
    }
  }
  return t;
}

void bm_tokenize(benchmark::State& state) {
  const auto& t = make(static_cast<std::size_t>(state.range(0)));
  std::size_t rows = 0;
  for (auto _ : state) {
    auto rd = netvet::csv_reader::from_text(t.elements, "elements.csv");
    rows = 0;
    while (*rd.next()) {
      ++rows;
    }
    benchmark::DoNotOptimize(rows);
  }
  if (rows != 2 * static_cast<std::size_t>(state.range(0)) + 1) {
    state.SkipWithError("wrong row count");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * t.elements.size()));
}
BENCHMARK(bm_tokenize)->Arg(100000)->Unit(benchmark::kMillisecond);

void bm_read_network(benchmark::State& state) {
  const auto& t = make(static_cast<std::size_t>(state.range(0)));
  const netvet::io::read_options opt;
  std::size_t n = 0;
  for (auto _ : state) {
    auto net = netvet::io::read_network_csv_text(t.elements, t.links, "bench", opt);
    if (!net) {
      state.SkipWithError(net.err().to_string().c_str());
      return;
    }
    n = net->element_count();
    benchmark::DoNotOptimize(n);
  }
  if (n != 2 * static_cast<std::size_t>(state.range(0))) {
    state.SkipWithError("wrong element count");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * (t.elements.size() + t.links.size())));
  state.counters["elements"] = static_cast<double>(n);
}
BENCHMARK(bm_read_network)->Arg(100000)->Unit(benchmark::kMillisecond);

void bm_write_csv(benchmark::State& state) {
  const auto& t = make(static_cast<std::size_t>(state.range(0)));
  auto net = netvet::io::read_network_csv_text(t.elements, t.links, "bench", netvet::io::read_options{});
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string out = netvet::io::write_elements_csv(*net);
    bytes = out.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(bm_write_csv)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
