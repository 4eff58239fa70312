#include "netvet/plan/service.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
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

// The planned sites holding a planned element that `pick` accepts.
template <class Pick>
std::vector<std::size_t> sites_holding(const duties& work, const std::vector<std::size_t>& among, Pick pick) {
  std::vector<std::size_t> out;
  for (const auto s : among) {
    const auto& el = work.sites[s].elements;
    if (std::any_of(el.begin(), el.end(), pick)) {
      out.push_back(s);
    }
  }
  return out;
}

void ems_after_ran(const model::network& net, const duties& work, std::vector<sequencing_rule>& out) {
  std::vector<std::size_t> all(work.sites.size());
  for (std::size_t s = 0; s < all.size(); ++s) {
    all[s] = s;
  }
  std::map<std::tuple<std::size_t, model::net_vendor_index, string_id>, bool> seen;
  for (std::size_t s = 0; s < work.sites.size(); ++s) {
    for (const auto e : work.sites[s].elements) {
      if (model::category_of(net.fn(e)) != model::asset_category::oss ||
          !seen.try_emplace({s, net.vendor(e), net.region_id(e)}, true).second) {
        continue;
      }
      const bool any_region = net.region(e).empty();
      auto before = sites_holding(work, all, [&](model::element_index r) {
        return model::category_of(net.fn(r)) == model::asset_category::ran && net.vendor(r) == net.vendor(e) &&
               (any_region || net.region_id(r) == net.region_id(e));
      });
      std::erase(before, s);
      if (!before.empty()) {
        out.push_back(sequencing_rule{"ems-after-ran",
                                      std::string(net.id(e)) + " (" + std::string(net.vendor_name(e)) + ", " +
                                          (any_region ? "every region" : "region " + std::string(net.region(e))) +
                                          ") after the RAN it manages",
                                      std::move(before),
                                      {s}});
      }
    }
  }
}

void core_before_ran(const model::network& net, const duties& work, std::vector<sequencing_rule>& out) {
  const auto is_core_element = [&net](model::element_index e) { return is_core(net.fn(e)); };
  const auto is_ran = [&net](model::element_index e) {
    return model::category_of(net.fn(e)) == model::asset_category::ran;
  };
  for (const auto& early : work.milestones) {
    for (const auto& late : work.milestones) {
      if (early.pack != late.pack || early.origin != "pack" || !(early.by < late.by)) {
        continue;
      }
      const std::vector<std::size_t> early_sites(early.sites.begin(), early.sites.end());
      const std::vector<std::size_t> late_sites(late.sites.begin(), late.sites.end());
      auto before = sites_holding(work, early_sites, is_core_element);
      auto after = sites_holding(work, late_sites, is_ran);
      if (!before.empty() && !after.empty()) {
        out.push_back(sequencing_rule{"core-before-ran",
                                      early.pack + " " + early.rule + " core by " + format_date(early.by) + " before " +
                                          late.rule + " RAN by " + format_date(late.by),
                                      std::move(before), std::move(after)});
      }
    }
  }
}

}  // namespace

std::vector<sequencing_rule> derive_sequencing(const model::network& net, const duties& work,
                                               const sequencing_options& options) {
  std::vector<sequencing_rule> out;
  if (options.core_before_ran) {
    core_before_ran(net, work, out);
  }
  if (options.ems_after_ran) {
    ems_after_ran(net, work, out);
  }
  return out;
}

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
