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

#include "netvet/graph/detail/csr.h"
#include "netvet/graph/detail/union_find.h"

namespace netvet::graph::detail {
namespace {

constexpr std::uint32_t kNone = kNoBucket;
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

// The groups [lo, hi) whose outages a level is split for.
struct group_range {
  std::uint32_t lo = 0;
  std::uint32_t hi = 0;
  [[nodiscard]] bool contains(const node& d) const { return d.group != kNoGroup && d.group >= lo && d.group < hi; }
};

// Parent node -> child node: a node of the range stays itself; the others
// join the piece (root) they form without the range; kNone: dropped.
struct child_map {
  std::vector<std::uint32_t> root;  // kNone: the node is in the range
  std::vector<std::uint32_t> id;    // child id of an in-range node or of a root
  std::uint32_t count = 0;
  [[nodiscard]] std::uint32_t operator()(std::uint32_t i) const { return root[i] == kNone ? id[i] : id[root[i]]; }
};

// Contracts the links between nodes outside the range into pieces.
std::vector<std::uint32_t> outside_roots(const level& p, group_range r) {
  const std::size_t n = p.nodes.size();
  union_find uf(n);
  for (const auto& [a, b] : p.edges) {
    if (!r.contains(p.nodes[a]) && !r.contains(p.nodes[b])) {
      uf.unite(a, b);
    }
  }
  std::vector<std::uint32_t> root(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    root[i] = r.contains(p.nodes[i]) ? kNone : uf.find(i);
  }
  return root;
}

// Numbers the in-range nodes and the pieces next to one, in node order;
// pieces not next to the range can never change and are dropped.
child_map number_children(const level& p, std::vector<std::uint32_t> root) {
  const std::size_t n = p.nodes.size();
  std::vector<std::uint8_t> adjacent(n, 0);
  for (const auto& [a, b] : p.edges) {
    if (root[a] == kNone && root[b] != kNone) {
      adjacent[root[b]] = 1;
    } else if (root[b] == kNone && root[a] != kNone) {
      adjacent[root[a]] = 1;
    }
  }
  child_map m{std::move(root), std::vector<std::uint32_t>(n, kNone), 0};
  for (std::uint32_t i = 0; i < n; ++i) {
    if (m.root[i] == kNone) {
      m.id[i] = m.count++;
    } else if (adjacent[m.root[i]] && m.id[m.root[i]] == kNone) {
      m.id[m.root[i]] = m.count++;
    }
  }
  return m;
}

// The child's nodes (group, chain functions, served classes) and its
// node -> served parent nodes lists.
void fold_nodes(const level& p, const child_map& m, level& c) {
  const auto n = static_cast<std::uint32_t>(p.nodes.size());
  c.nodes.resize(m.count);
  c.member_offset.assign(static_cast<std::size_t>(m.count) + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t k = m(i);
    if (k == kNone) {
      continue;
    }
    node& d = c.nodes[k];
    const node& s = p.nodes[i];
    if (m.root[i] == kNone) {
      d.group = s.group;
    }
    d.mask = static_cast<chain_mask>(d.mask | s.mask);
    d.served = static_cast<std::uint8_t>(d.served | s.served);
    if (s.served != 0) {
      ++c.member_offset[k + 1];
    }
  }
  counts_to_offsets(c.member_offset);
  c.members = fill_buckets(c.member_offset, n, [&](std::uint32_t i) { return p.nodes[i].served != 0 ? m(i) : kNone; });
}

level build_child(const level& p, std::uint32_t lo, std::uint32_t hi) {
  const child_map m = number_children(p, outside_roots(p, group_range{lo, hi}));
  level c;
  fold_nodes(p, m, c);
  for (const auto& [a, b] : p.edges) {
    if (m.root[a] == kNone || m.root[b] == kNone) {
      const std::uint32_t ca = m(a);
      const std::uint32_t cb = m(b);
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

// The group of an element's vendor (kNoGroup: never goes down).
struct element_groups {
  const model::network& net;
  const std::vector<std::uint32_t>& of_vendor;
  [[nodiscard]] std::uint32_t operator()(element_index e) const { return of_vendor[net.vendor(e)]; }
};

// Which up elements can lose anything (their component has a served access
// element and an element that can go down), and the cumulative element
// weight of the groups (weight[g + 1] - weight[g]: group g's up elements).
struct scope {
  std::vector<std::uint8_t> has_served;  // per component: served classes
  std::vector<std::uint8_t> has_group;   // per component
  std::vector<std::uint64_t> weight;
  [[nodiscard]] bool kept(const topology& topo, element_index e) const {
    return topo.up(e) && has_served[topo.component(e)] && has_group[topo.component(e)];
  }
};

scope find_scope(const topology& topo, element_groups group, std::uint32_t groups) {
  const std::size_t cc = topo.component_count();
  scope s{std::vector<std::uint8_t>(cc, 0), std::vector<std::uint8_t>(cc, 0),
          std::vector<std::uint64_t>(static_cast<std::size_t>(groups) + 1, 0)};
  for (element_index e = 0; e < group.net.element_count(); ++e) {
    if (!topo.up(e)) {
      continue;
    }
    const std::uint32_t c = topo.component(e);
    s.has_served[c] = static_cast<std::uint8_t>(s.has_served[c] | topo.served(e));
    if (group(e) != kNoGroup) {
      s.has_group[c] = 1;
      ++s.weight[group(e) + 1];
    }
  }
  for (std::size_t g = 0; g < groups; ++g) {
    s.weight[g + 1] += s.weight[g];
  }
  return s;
}

// The top level: connected kept elements of one group (or of no group) are
// always up or down together, so each such piece is one node. Returns the
// node of every element (kNone: not kept).
std::vector<std::uint32_t> build_top(const topology& topo, element_groups group, const scope& sc, level& top) {
  const std::size_t n = group.net.element_count();
  union_find uf(n);
  for (element_index u = 0; u < n; ++u) {
    if (!sc.kept(topo, u)) {
      continue;
    }
    for (const element_index v : topo.neighbours(u)) {
      if (v > u && group(u) == group(v)) {
        uf.unite(u, v);
      }
    }
  }
  std::vector<std::uint32_t> sid(n, kNone);
  for (element_index e = 0; e < n; ++e) {
    if (!sc.kept(topo, e)) {
      continue;
    }
    const std::uint32_t r = uf.find(e);
    if (sid[r] == kNone) {
      sid[r] = static_cast<std::uint32_t>(top.nodes.size());
      top.nodes.push_back(node{group(e), 0, 0});
    }
    sid[e] = sid[r];
    node& d = top.nodes[sid[e]];
    const model::function fn = group.net.fn(e);
    d.mask = static_cast<chain_mask>(d.mask | chain_bit(fn));
    if (topo.served(e)) {
      d.served = static_cast<std::uint8_t>(d.served | (1U << static_cast<unsigned>(*access_class_of(fn))));
    }
  }
  return sid;
}

void add_top_edges(const topology& topo, const std::vector<std::uint32_t>& sid, level& top) {
  for (element_index u = 0; u < sid.size(); ++u) {
    if (sid[u] == kNone) {
      continue;
    }
    for (const element_index v : topo.neighbours(u)) {
      if (v > u && sid[u] != sid[v]) {
        top.edges.emplace_back(sid[u], sid[v]);
      }
    }
  }
}

// The served access elements of each top node whose lost classes include
// their own, in element order.
void expand_losses(const model::network& net, const std::vector<std::uint32_t>& off,
                   const std::vector<element_index>& mem, loss_list& out, std::vector<element_index>& lost) {
  for (const auto& [k, cls] : out) {
    for (std::uint32_t i = off[k]; i < off[k + 1]; ++i) {
      const element_index e = mem[i];
      if ((cls >> static_cast<unsigned>(*access_class_of(net.fn(e)))) & 1U) {
        lost.push_back(e);
      }
    }
  }
  std::sort(lost.begin(), lost.end());
  loss_list().swap(out);
}

}  // namespace

std::vector<std::vector<element_index>> lost_access(const topology& topo,
                                                    const std::vector<std::uint32_t>& group_of_vendor,
                                                    std::uint32_t groups, unsigned threads) {
  std::vector<std::vector<element_index>> result(groups);
  const model::network& net = topo.network();
  const auto n = static_cast<std::uint32_t>(net.element_count());
  if (groups == 0 || n == 0 || topo.served_access() == 0) {
    return result;
  }
  const element_groups group{net, group_of_vendor};
  scope sc = find_scope(topo, group, groups);
  level top;
  std::vector<std::uint32_t> off;  // top node -> its served access elements
  std::vector<element_index> mem;
  {
    const std::vector<std::uint32_t> sid = build_top(topo, group, sc, top);
    add_top_edges(topo, sid, top);
    group_by(
        n, top.nodes.size(), [&](element_index e) { return topo.served(e) ? sid[e] : kNone; }, off, mem);
  }
  std::vector<loss_list> out(groups);
  engine eng(std::move(sc.weight), out);
  eng.solve(top, 0, groups, threads == 0 ? 1 : threads);
  for (std::uint32_t g = 0; g < groups; ++g) {
    expand_losses(net, off, mem, out[g], result[g]);
  }
  return result;
}

}  // namespace netvet::graph::detail
