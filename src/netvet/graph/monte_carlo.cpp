#include "netvet/graph/monte_carlo.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "netvet/graph/detail/prng.h"
#include "netvet/graph/detail/report_parts.h"
#include "netvet/graph/detail/scenarios.h"
#include "netvet/graph/detail/union_find.h"

namespace netvet::graph {

namespace {

struct trial_out {
  std::uint64_t access = 0;
  std::uint64_t subscribers = 0;
};

// Per-thread scratch of a trial, one entry per element.
struct trial_scratch {
  std::vector<std::uint8_t> alive;
  std::vector<std::uint32_t> parent;
  std::vector<chain_mask> mask;
};

// Draws the random failures: every node draws, so trial streams do not
// depend on the vendor set.
void draw_alive(const topology& topo, const std::vector<element_index>& nodes,
                const std::vector<std::uint8_t>& down_vendor, double p, detail::xoshiro256ss& rng, trial_scratch& s) {
  const auto& net = topo.network();
  for (const element_index e : nodes) {
    const bool fails = rng.uniform() < p;
    s.alive[e] = (!down_vendor[net.vendor(e)] && !fails) ? 1 : 0;
    s.parent[e] = e;
    s.mask[e] = 0;
  }
}

// Joins alive neighbours, then gathers each piece's chain functions at its root.
void join_alive(const topology& topo, const std::vector<element_index>& nodes, trial_scratch& s) {
  for (const element_index u : nodes) {
    if (!s.alive[u]) {
      continue;
    }
    for (const element_index v : topo.neighbours(u)) {
      if (v > u && s.alive[v]) {
        detail::unite_roots(s.parent, u, v);
      }
    }
  }
  const auto& net = topo.network();
  for (const element_index u : nodes) {
    if (s.alive[u]) {
      const auto r = detail::find_root(s.parent, u);
      s.mask[r] = static_cast<chain_mask>(s.mask[r] | chain_bit(net.fn(u)));
    }
  }
}

// One trial: which served-before access elements are not served with the
// alive elements only.
trial_out run_trial(const topology& topo, const std::vector<element_index>& nodes,
                    const std::vector<std::uint8_t>& down_vendor, double p, detail::xoshiro256ss rng,
                    trial_scratch& s) {
  draw_alive(topo, nodes, down_vendor, p, rng, s);
  join_alive(topo, nodes, s);
  const auto& net = topo.network();
  trial_out out;
  for (const element_index u : nodes) {
    if (!topo.served(u)) {
      continue;
    }
    if (!s.alive[u] || !satisfies(*access_class_of(net.fn(u)), s.mask[detail::find_root(s.parent, u)])) {
      ++out.access;
      out.subscribers += net.subscribers(u);
    }
  }
  return out;
}

std::uint64_t nearest_rank(const std::vector<std::uint64_t>& sorted, double q) {
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(k, 1, sorted.size()) - 1];
}

}  // namespace

result<monte_carlo_result> monte_carlo(const topology& topo, const vendor_set& down,
                                       const monte_carlo_options& options) {
  if (options.trials == 0) {
    return make_error(error_code::invalid_input, "--monte-carlo needs at least 1 trial",
                      location{"", 0, 0, "--monte-carlo"});
  }
  if (!(options.fail_prob >= 0.0 && options.fail_prob <= 1.0)) {
    return make_error(error_code::invalid_input, "--fail-prob must be between 0 and 1",
                      location{"", 0, 0, "--fail-prob"});
  }
  const auto& net = topo.network();
  const std::size_t n = net.element_count();
  std::vector<std::uint8_t> down_vendor(net.vendors().size(), 0);
  for (const auto v : down) {
    if (v < down_vendor.size()) {
      down_vendor[v] = 1;
    }
  }
  // Only components with served access can lose anything.
  std::vector<std::uint8_t> comp_served(topo.component_count(), 0);
  for (element_index e = 0; e < n; ++e) {
    if (topo.served(e)) {
      comp_served[topo.component(e)] = 1;
    }
  }
  std::vector<element_index> nodes;
  for (element_index e = 0; e < n; ++e) {
    if (topo.up(e) && comp_served[topo.component(e)]) {
      nodes.push_back(e);
    }
  }
  monte_carlo_result r;
  r.trials = options.trials;
  r.subscribers_lost.assign(options.trials, 0);
  std::vector<std::uint64_t> access(options.trials, 0);
  unsigned threads = options.threads != 0 ? options.threads : std::clamp(std::thread::hardware_concurrency(), 1U, 2U);
  threads = std::min<unsigned>(threads, options.trials);
  auto work = [&](unsigned w) {
    trial_scratch scratch{std::vector<std::uint8_t>(n, 0), std::vector<std::uint32_t>(n, 0),
                          std::vector<chain_mask>(n, 0)};
    for (std::uint32_t t = w; t < options.trials; t += threads) {
      const auto o =
          run_trial(topo, nodes, down_vendor, options.fail_prob, detail::trial_generator(options.seed, t), scratch);
      r.subscribers_lost[t] = o.subscribers;
      access[t] = o.access;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < threads; ++w) {
    pool.emplace_back(work, w);
  }
  work(0);
  for (auto& th : pool) {
    th.join();
  }
  double sum = 0;
  double asum = 0;
  for (std::uint32_t t = 0; t < options.trials; ++t) {
    sum += static_cast<double>(r.subscribers_lost[t]);
    asum += static_cast<double>(access[t]);
  }
  r.mean_subscribers_lost = sum / options.trials;
  r.mean_access_lost = asum / options.trials;
  std::vector<std::uint64_t> sorted = r.subscribers_lost;
  std::sort(sorted.begin(), sorted.end());
  r.p50 = nearest_rank(sorted, 0.50);
  r.p95 = nearest_rank(sorted, 0.95);
  r.p99 = nearest_rank(sorted, 0.99);
  r.min = sorted.front();
  r.max = sorted.back();
  return r;
}

result<report::document> monte_carlo_report(const topology& topo, const model::vendor_catalog& catalog,
                                            const outage_request& request, const monte_carlo_options& options) {
  const auto& net = topo.network();
  auto sc = detail::build_scenarios(net, catalog, request);
  outage_options plain_opt = request.options;
  plain_opt.by_region = false;
  const auto plain = outage_impacts(topo, sc.sets, plain_opt);
  report::document doc;
  doc.kind = "outage_monte_carlo";
  doc.title = "Vendor outage with random failures (Monte Carlo)";
  doc.notes = std::move(sc.notes);
  doc.facts.push_back(detail::served_subscribers_fact(topo));
  doc.facts.push_back({"trials", "Trials", static_cast<std::int64_t>(options.trials)});
  doc.facts.push_back({"fail_prob", "Failure probability of every other element", options.fail_prob});
  doc.facts.push_back({"seed", "Seed", static_cast<std::int64_t>(options.seed)});
  using report::column_type;
  report::table t;
  t.name = "monte_carlo";
  t.title = "Subscribers lost: plain outage and with random failures";
  t.add_column("vendor", column_type::text)
      .add_column("access_lost", column_type::integer, "plain outage")
      .add_column("subscribers_lost", column_type::integer, "plain outage")
      .add_column("mean", column_type::integer, "mean subscribers lost over the trials (rounded; exact in JSON)")
      .add_column("p50", column_type::integer)
      .add_column("p95", column_type::integer)
      .add_column("p99", column_type::integer)
      .add_column("max", column_type::integer);
  nlohmann::json outages = nlohmann::json::object();
  for (std::size_t i = 0; i < sc.sets.size(); ++i) {
    auto mc = monte_carlo(topo, sc.sets[i], options);
    if (!mc) {
      return mc.take_error();
    }
    t.add_row({sc.names[i], static_cast<std::int64_t>(plain[i].access_lost),
               static_cast<std::int64_t>(plain[i].subscribers_lost),
               static_cast<std::int64_t>(std::llround(mc->mean_subscribers_lost)), static_cast<std::int64_t>(mc->p50),
               static_cast<std::int64_t>(mc->p95), static_cast<std::int64_t>(mc->p99),
               static_cast<std::int64_t>(mc->max)});
    outages[sc.names[i]] = {{"access_lost", plain[i].access_lost},
                            {"subscribers_lost", plain[i].subscribers_lost},
                            {"mean_subscribers_lost", mc->mean_subscribers_lost},
                            {"mean_access_lost", mc->mean_access_lost},
                            {"p50", mc->p50},
                            {"p95", mc->p95},
                            {"p99", mc->p99},
                            {"min", mc->min},
                            {"max", mc->max}};
  }
  doc.tables.push_back(std::move(t));
  doc.extra["outages"] = std::move(outages);
  return doc;
}

}  // namespace netvet::graph
