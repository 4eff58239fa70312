// The all-vendor outage by divide and conquer over vendor groups.
//
// Why: recomputing the components of the graph without V for each of ~100
// vendors costs 100 passes over millions of links. Instead, for a range S of
// groups, every element whose group is outside S is present in every outage
// of S, so its connected pieces (without S) can be contracted into one
// "blob" node once; blobs not adjacent to S can never change and are
// dropped. Halving S at each step gives O((n + m) log k) work in total, and
// at a single group V the blobs are exactly the components of G - V next to
// V. A node carries only its chain functions and the access classes it holds
// that were served before; the lost elements are recovered by expanding the
// failing nodes back down the levels.
#include "netvet/graph/detail/outage_engine.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "netvet/graph/detail/union_find.h"

namespace netvet::graph::detail {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t kParallelMin = 50000;  // nodes below which one thread is faster

struct node {
  std::uint32_t group = kNoGroup;  // kNoGroup: a blob
  chain_mask mask = 0;             // chain functions inside
  std::uint8_t served = 0;         // access classes inside that were served before
};

struct level {
  std::vector<node> nodes;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  // Child node -> parent nodes with served != 0 (CSR); empty at the top.
  std::vector<std::uint32_t> member_offset;
  std::vector<std::uint32_t> members;
};

// (node, lost access classes) at one level.
using loss_list = std::vector<std::pair<std::uint32_t, std::uint8_t>>;

level build_child(const level& p, std::uint32_t lo, std::uint32_t hi) {
  const std::size_t n = p.nodes.size();
  auto in = [&](std::uint32_t i) {
    const std::uint32_t g = p.nodes[i].group;
    return g != kNoGroup && g >= lo && g < hi;
  };
  union_find uf(n);
  for (const auto& [a, b] : p.edges) {
    if (!in(a) && !in(b)) {
      uf.unite(a, b);
    }
  }
  std::vector<std::uint32_t> root(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    root[i] = in(i) ? kNone : uf.find(i);
  }
  std::vector<std::uint32_t> id(n, kNone);
  std::vector<std::uint8_t> adjacent(n, 0);
  for (const auto& [a, b] : p.edges) {
    if (root[a] == kNone && root[b] != kNone) {
      adjacent[root[b]] = 1;
    } else if (root[b] == kNone && root[a] != kNone) {
      adjacent[root[a]] = 1;
    }
  }
  level c;
  std::uint32_t next = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (root[i] == kNone) {
      id[i] = next++;
    } else if (adjacent[root[i]] && id[root[i]] == kNone) {
      id[root[i]] = next++;
    }
  }
  c.nodes.resize(next);
  c.member_offset.assign(static_cast<std::size_t>(next) + 1, 0);
  auto child_of = [&](std::uint32_t i) { return root[i] == kNone ? id[i] : id[root[i]]; };
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t k = child_of(i);
    if (k == kNone) {
      continue;
    }
    node& d = c.nodes[k];
    const node& s = p.nodes[i];
    if (root[i] == kNone) {
      d.group = s.group;
    }
    d.mask = static_cast<chain_mask>(d.mask | s.mask);
    d.served = static_cast<std::uint8_t>(d.served | s.served);
    if (s.served != 0) {
      ++c.member_offset[k + 1];
    }
  }
  for (std::size_t k = 0; k < next; ++k) {
    c.member_offset[k + 1] += c.member_offset[k];
  }
  c.members.resize(c.member_offset[next]);
  {
    std::vector<std::uint32_t> fill(c.member_offset.begin(), c.member_offset.end() - 1);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint32_t k = child_of(i);
      if (k != kNone && p.nodes[i].served != 0) {
        c.members[fill[k]++] = i;
      }
    }
  }
  for (const auto& [a, b] : p.edges) {
    if (root[a] == kNone || root[b] == kNone) {
      const std::uint32_t ca = child_of(a);
      const std::uint32_t cb = child_of(b);
      if (ca != cb) {
        c.edges.emplace_back(ca, cb);
      }
    }
  }
  return c;
}

class engine {
 public:
  engine(std::vector<std::uint64_t> weight_prefix, std::vector<loss_list>& out)
      : prefix_(std::move(weight_prefix)), out_(out) {}

  void solve(const level& g, std::uint32_t lo, std::uint32_t hi, unsigned threads) {
    if (hi - lo == 1) {
      leaf(g, lo);
      return;
    }
    const std::uint32_t mid = split(lo, hi);
    if (threads > 1 && g.nodes.size() >= kParallelMin) {
      const unsigned t1 = threads / 2;
      const unsigned t2 = threads - t1;
      std::thread worker([&] { half(g, mid, hi, t2); });
      half(g, lo, mid, t1);
      worker.join();
    } else {
      half(g, lo, mid, 1);
      half(g, mid, hi, 1);
    }
  }

 private:
  void half(const level& g, std::uint32_t lo, std::uint32_t hi, unsigned threads) {
    const level c = build_child(g, lo, hi);
    solve(c, lo, hi, threads);
    // Expand the child's lost nodes into this level's nodes.
    for (std::uint32_t v = lo; v < hi; ++v) {
      loss_list up;
      for (const auto& [k, lost] : out_[v]) {
        for (std::uint32_t i = c.member_offset[k]; i < c.member_offset[k + 1]; ++i) {
          const std::uint32_t pn = c.members[i];
          const auto keep = static_cast<std::uint8_t>(lost & g.nodes[pn].served);
          if (keep != 0) {
            up.emplace_back(pn, keep);
          }
        }
      }
      out_[v] = std::move(up);
    }
  }

  void leaf(const level& g, std::uint32_t v) {
    loss_list& out = out_[v];
    for (std::uint32_t i = 0; i < g.nodes.size(); ++i) {
      const node& d = g.nodes[i];
      if (d.served == 0) {
        continue;
      }
      // The group's own nodes lose everything they served; a blob (a
      // component of G - V) keeps the classes its chain functions serve.
      const auto lost = d.group == v ? d.served : static_cast<std::uint8_t>(d.served & ~served_classes(d.mask));
      if (lost != 0) {
        out.emplace_back(i, lost);
      }
    }
  }

  // Splits [lo, hi) where the cumulative element weight crosses its middle.
  [[nodiscard]] std::uint32_t split(std::uint32_t lo, std::uint32_t hi) const {
    const std::uint64_t half = prefix_[lo] + (prefix_[hi] - prefix_[lo]) / 2;
    auto it = std::upper_bound(prefix_.begin() + lo + 1, prefix_.begin() + hi, half);
    auto mid = static_cast<std::uint32_t>(it - prefix_.begin());
    return std::clamp(mid, lo + 1, hi - 1);
  }

  std::vector<std::uint64_t> prefix_;
  std::vector<loss_list>& out_;
};

}  // namespace

std::vector<std::vector<element_index>> lost_access(const topology& topo,
                                                    const std::vector<std::uint32_t>& group_of_vendor,
                                                    std::uint32_t groups, unsigned threads) {
  std::vector<std::vector<element_index>> result(groups);
  const model::network& net = topo.network();
  const std::size_t n = net.element_count();
  if (groups == 0 || n == 0 || topo.served_access() == 0) {
    return result;
  }
  auto group = [&](element_index e) { return group_of_vendor[net.vendor(e)]; };
  // Only components with a served access element and an element that can go
  // down can lose anything.
  const std::size_t cc = topo.component_count();
  std::vector<std::uint8_t> has_served(cc, 0);
  std::vector<std::uint8_t> has_group(cc, 0);
  std::vector<std::uint64_t> weight(static_cast<std::size_t>(groups) + 1, 0);
  for (element_index e = 0; e < n; ++e) {
    if (!topo.up(e)) {
      continue;
    }
    const std::uint32_t c = topo.component(e);
    has_served[c] = static_cast<std::uint8_t>(has_served[c] | topo.served(e));
    if (group(e) != kNoGroup) {
      has_group[c] = 1;
      ++weight[group(e) + 1];
    }
  }
  for (std::size_t g = 0; g < groups; ++g) {
    weight[g + 1] += weight[g];
  }
  auto kept = [&](element_index e) {
    return topo.up(e) && has_served[topo.component(e)] && has_group[topo.component(e)];
  };
  // Top level: contract connected elements of one group (or of no group):
  // they are always up or down together.
  union_find uf(n);
  for (element_index u = 0; u < n; ++u) {
    if (!kept(u)) {
      continue;
    }
    for (const element_index v : topo.neighbours(u)) {
      if (v > u && group(u) == group(v)) {
        uf.unite(u, v);
      }
    }
  }
  level top;
  std::vector<std::uint32_t> sid(n, kNone);
  for (element_index e = 0; e < n; ++e) {
    if (!kept(e)) {
      continue;
    }
    const std::uint32_t r = uf.find(e);
    if (sid[r] == kNone) {
      sid[r] = static_cast<std::uint32_t>(top.nodes.size());
      top.nodes.push_back(node{group(e), 0, 0});
    }
    sid[e] = sid[r];
    node& d = top.nodes[sid[e]];
    d.mask = static_cast<chain_mask>(d.mask | chain_bit(net.fn(e)));
    if (topo.served(e)) {
      d.served = static_cast<std::uint8_t>(d.served | (1U << static_cast<unsigned>(*access_class_of(net.fn(e)))));
    }
  }
  for (element_index u = 0; u < n; ++u) {
    if (sid[u] == kNone) {
      continue;
    }
    for (const element_index v : topo.neighbours(u)) {
      if (v > u && sid[u] != sid[v]) {
        top.edges.emplace_back(sid[u], sid[v]);
      }
    }
  }
  // Supernode -> its served access elements.
  std::vector<std::uint32_t> off(top.nodes.size() + 1, 0);
  for (element_index e = 0; e < n; ++e) {
    if (sid[e] != kNone && topo.served(e)) {
      ++off[sid[e] + 1];
    }
  }
  for (std::size_t k = 0; k < top.nodes.size(); ++k) {
    off[k + 1] += off[k];
  }
  std::vector<element_index> mem(off.back());
  {
    std::vector<std::uint32_t> fill(off.begin(), off.end() - 1);
    for (element_index e = 0; e < n; ++e) {
      if (sid[e] != kNone && topo.served(e)) {
        mem[fill[sid[e]]++] = e;
      }
    }
  }
  { std::vector<std::uint32_t>().swap(sid); }
  std::vector<loss_list> out(groups);
  engine eng(std::move(weight), out);
  eng.solve(top, 0, groups, threads == 0 ? 1 : threads);
  for (std::uint32_t g = 0; g < groups; ++g) {
    auto& lost = result[g];
    for (const auto& [k, cls] : out[g]) {
      for (std::uint32_t i = off[k]; i < off[k + 1]; ++i) {
        const element_index e = mem[i];
        if ((cls >> static_cast<unsigned>(*access_class_of(net.fn(e)))) & 1U) {
          lost.push_back(e);
        }
      }
    }
    std::sort(lost.begin(), lost.end());
    loss_list().swap(out[g]);
  }
  return result;
}

}  // namespace netvet::graph::detail
