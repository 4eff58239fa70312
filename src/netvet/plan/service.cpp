#include "netvet/plan/service.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <utility>

namespace netvet::plan {
namespace {

constexpr std::uint32_t kUnplanned = std::numeric_limits<std::uint32_t>::max();
using pair_map = std::map<std::pair<std::size_t, std::size_t>, std::string>;

std::vector<std::uint32_t> planned_site_of(const model::network& net, const duties& work) {
  std::vector<std::uint32_t> out(net.element_count(), kUnplanned);
  for (std::uint32_t i = 0; i < work.sites.size(); ++i) {
    for (const auto e : work.sites[i].elements) {
      out[e] = i;
    }
  }
  return out;
}

bool is_core(model::function f) {
  const auto c = model::category_of(f);
  return c == model::asset_category::core || c == model::asset_category::subscriber_data;
}

// The two planned sites holding `elements`: nothing when one of them is not
// swapped, or they are at one site, or at three or more.
std::optional<std::pair<std::size_t, std::size_t>> two_sites(const std::vector<model::element_index>& elements,
                                                             const std::vector<std::uint32_t>& site_of) {
  std::uint32_t first = kUnplanned;
  std::uint32_t second = kUnplanned;
  for (const auto e : elements) {
    const auto s = site_of[e];
    if (s == kUnplanned) {
      return std::nullopt;
    }
    if (first == kUnplanned || s == first) {
      first = s;
    } else if (second == kUnplanned || s == second) {
      second = s;
    } else {
      return std::nullopt;
    }
  }
  if (second == kUnplanned) {
    return std::nullopt;
  }
  return std::make_pair<std::size_t, std::size_t>(std::min(first, second), std::max(first, second));
}

void core_pairs(const model::network& net, const std::vector<std::uint32_t>& site_of, pair_map& pairs) {
  std::array<std::vector<model::element_index>, model::kFunctionCount> by_fn;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (is_core(net.fn(e))) {
      by_fn[static_cast<std::size_t>(net.fn(e))].push_back(e);
    }
  }
  for (std::size_t f = 0; f < by_fn.size(); ++f) {
    if (const auto p = two_sites(by_fn[f], site_of)) {
      pairs.try_emplace(*p, "core function " + std::string(model::to_string(static_cast<model::function>(f))));
    }
  }
}

// The link graph as adjacency lists in one array (CSR).
struct adjacency {
  std::vector<std::size_t> start;  // element_count + 1
  std::vector<model::element_index> to;
};

adjacency adjacency_of(const model::network& net) {
  adjacency g;
  g.start.assign(net.element_count() + 1, 0);
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    ++g.start[net.link_a(l) + 1];
    ++g.start[net.link_b(l) + 1];
  }
  for (std::size_t i = 1; i < g.start.size(); ++i) {
    g.start[i] += g.start[i - 1];
  }
  g.to.resize(g.start.back());
  auto next = g.start;
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    g.to[next[net.link_a(l)]++] = net.link_b(l);
    g.to[next[net.link_b(l)]++] = net.link_a(l);
  }
  return g;
}

// Hops from each element to the nearest core-function element (max: none).
std::vector<std::uint32_t> hops_to_core(const model::network& net, const adjacency& g) {
  std::vector<std::uint32_t> dist(net.element_count(), kUnplanned);
  std::vector<model::element_index> queue;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (is_core(net.fn(e))) {
      dist[e] = 0;
      queue.push_back(e);
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const auto e = queue[head];
    for (auto i = g.start[e]; i < g.start[e + 1]; ++i) {
      const auto n = g.to[i];
      if (dist[n] == kUnplanned) {
        dist[n] = dist[e] + 1;
        queue.push_back(n);
      }
    }
  }
  return dist;
}

void dual_homed_pairs(const model::network& net, const std::vector<std::uint32_t>& site_of, pair_map& pairs) {
  if (net.link_count() == 0) {
    return;
  }
  const auto g = adjacency_of(net);
  const auto dist = hops_to_core(net, g);
  std::vector<model::element_index> upstream;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (dist[e] == 0 || dist[e] == kUnplanned) {
      continue;
    }
    upstream.clear();
    for (auto i = g.start[e]; i < g.start[e + 1]; ++i) {
      if (dist[g.to[i]] + 1 == dist[e]) {
        upstream.push_back(g.to[i]);
      }
    }
    if (const auto p = two_sites(upstream, site_of)) {
      pairs.try_emplace(*p, "dual-homed " + std::string(net.id(e)));
    }
  }
}

}  // namespace

std::vector<redundancy_pair> derive_redundancy(const model::network& net, const duties& work) {
  const auto site_of = planned_site_of(net, work);
  pair_map pairs;
  core_pairs(net, site_of, pairs);
  dual_homed_pairs(net, site_of, pairs);
  std::vector<redundancy_pair> out;
  out.reserve(pairs.size());
  for (auto& [ab, reason] : pairs) {
    out.push_back(redundancy_pair{ab.first, ab.second, std::move(reason)});
  }
  return out;
}

}  // namespace netvet::plan
