#include "netvet/graph/spof.h"

#include <algorithm>
#include <array>

namespace netvet::graph {

namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFU;
constexpr std::size_t kChainBits = 6;

// What a piece of a component holds: chain functions (counted, so that the
// rest of a component is a subtraction) and its served-before access.
struct agg {
  std::array<std::uint32_t, kChainBits> fn{};
  std::array<std::uint32_t, kAccessClassCount> cnt{};
  std::array<std::uint64_t, kAccessClassCount> subs{};

  void add(const agg& o) {
    for (std::size_t i = 0; i < kChainBits; ++i) {
      fn[i] += o.fn[i];
    }
    for (std::size_t i = 0; i < kAccessClassCount; ++i) {
      cnt[i] += o.cnt[i];
      subs[i] += o.subs[i];
    }
  }
  void sub(const agg& o) {
    for (std::size_t i = 0; i < kChainBits; ++i) {
      fn[i] -= o.fn[i];
    }
    for (std::size_t i = 0; i < kAccessClassCount; ++i) {
      cnt[i] -= o.cnt[i];
      subs[i] -= o.subs[i];
    }
  }
  [[nodiscard]] chain_mask mask() const {
    chain_mask m = 0;
    for (std::size_t i = 0; i < kChainBits; ++i) {
      if (fn[i] != 0) {
        m = static_cast<chain_mask>(m | (1U << i));
      }
    }
    return m;
  }
  // Served-before access of this piece that its chain functions cannot serve.
  void loss(std::uint64_t& access, std::uint64_t& subscribers) const {
    const chain_mask m = mask();
    for (std::size_t c = 0; c < kAccessClassCount; ++c) {
      if (cnt[c] != 0 && !satisfies(static_cast<access_class>(c), m)) {
        access += cnt[c];
        subscribers += subs[c];
      }
    }
  }
};

agg own_of(const topology& topo, element_index e) {
  agg a;
  const auto& net = topo.network();
  const chain_mask b = chain_bit(net.fn(e));
  for (std::size_t i = 0; i < kChainBits; ++i) {
    if ((b >> i) & 1U) {
      a.fn[i] = 1;
    }
  }
  if (topo.served(e)) {
    const auto c = static_cast<std::size_t>(*access_class_of(net.fn(e)));
    a.cnt[c] = 1;
    a.subs[c] = net.subscribers(e);
  }
  return a;
}

}  // namespace

spof_result single_points_of_failure(const topology& topo) {
  spof_result r;
  const auto& net = topo.network();
  const std::size_t n = net.element_count();
  // Components with something served: only there can a failure cut service.
  std::vector<std::uint8_t> comp_served(topo.component_count(), 0);
  for (element_index e = 0; e < n; ++e) {
    if (topo.served(e)) {
      comp_served[topo.component(e)] = 1;
    }
  }
  std::vector<std::uint32_t> disc(n, kNone);
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint32_t> parent_link(n, kNone);
  std::vector<std::uint32_t> parent(n, kNone);
  std::vector<std::uint32_t> next(n, 0);  // position in the adjacency
  std::vector<agg> sub(n);
  std::vector<element_index> comp_root(topo.component_count(), kNone);
  std::vector<element_index> stack;
  std::uint32_t clock = 0;
  for (element_index s = 0; s < n; ++s) {
    if (!topo.up(s) || disc[s] != kNone || !comp_served[topo.component(s)]) {
      continue;
    }
    comp_root[topo.component(s)] = s;
    disc[s] = low[s] = clock++;
    sub[s] = own_of(topo, s);
    stack.push_back(s);
    while (!stack.empty()) {
      const element_index u = stack.back();
      const auto nb = topo.neighbours(u);
      const auto links = topo.neighbour_links(u);
      if (next[u] < nb.size()) {
        const std::uint32_t i = next[u]++;
        const element_index v = nb[i];
        if (links[i] == parent_link[u]) {
          continue;
        }
        if (disc[v] == kNone) {
          parent_link[v] = links[i];
          parent[v] = u;
          disc[v] = low[v] = clock++;
          sub[v] = own_of(topo, v);
          stack.push_back(v);
        } else {
          low[u] = std::min(low[u], disc[v]);
        }
        continue;
      }
      stack.pop_back();
      if (parent[u] != kNone) {
        const element_index p = parent[u];
        low[p] = std::min(low[p], low[u]);
        sub[p].add(sub[u]);
      }
    }
  }
  // Cuts, with every subtree final.
  for (element_index x = 0; x < n; ++x) {
    if (disc[x] == kNone) {
      continue;
    }
    const agg& total = sub[comp_root[topo.component(x)]];
    agg rest = total;
    rest.sub(own_of(topo, x));
    std::uint64_t access = 0;
    std::uint64_t subs = 0;
    std::size_t separated = 0;
    const auto nb = topo.neighbours(x);
    const auto links = topo.neighbour_links(x);
    for (std::size_t i = 0; i < nb.size(); ++i) {
      const element_index c = nb[i];
      if (parent_link[c] != links[i] || parent[c] != x) {
        continue;  // not a tree child through this link
      }
      if (low[c] > disc[x]) {
        // Bridge x-c: subtree(c) against the rest of the component.
        ++r.bridges;
        std::uint64_t la = 0;
        std::uint64_t ls = 0;
        sub[c].loss(la, ls);
        agg other = total;
        other.sub(sub[c]);
        other.loss(la, ls);
        if (la != 0) {
          r.links.push_back(spof_link{links[i], la, ls});
        }
      }
      if (low[c] >= disc[x]) {
        ++separated;
        sub[c].loss(access, subs);
        rest.sub(sub[c]);
      }
    }
    rest.loss(access, subs);
    const bool is_root = parent[x] == kNone;
    const bool ap = is_root ? separated >= 2 : separated >= 1;
    r.articulation_points += ap ? 1 : 0;
    if (access != 0) {
      r.elements.push_back(spof_element{x, ap, access, subs});
    }
  }
  std::sort(r.elements.begin(), r.elements.end(), [](const spof_element& a, const spof_element& b) {
    if (a.subscribers_cut != b.subscribers_cut) {
      return a.subscribers_cut > b.subscribers_cut;
    }
    if (a.access_cut != b.access_cut) {
      return a.access_cut > b.access_cut;
    }
    return a.element < b.element;
  });
  std::sort(r.links.begin(), r.links.end(), [](const spof_link& a, const spof_link& b) {
    if (a.subscribers_cut != b.subscribers_cut) {
      return a.subscribers_cut > b.subscribers_cut;
    }
    if (a.access_cut != b.access_cut) {
      return a.access_cut > b.access_cut;
    }
    return a.link < b.link;
  });
  return r;
}

report::document spof_report(const topology& topo, std::size_t top) {
  const auto& net = topo.network();
  const spof_result r = single_points_of_failure(topo);
  report::document doc;
  doc.kind = "spof";
  doc.title = "Single points of failure";
  using report::column_type;
  doc.facts.push_back({"served_access", "Access elements served", static_cast<std::int64_t>(topo.served_access())});
  doc.facts.push_back(
      {"served_subscribers", "Subscribers served", static_cast<std::int64_t>(topo.served_subscribers())});
  doc.facts.push_back(
      {"spof_elements", "Elements whose failure cuts service", static_cast<std::int64_t>(r.elements.size())});
  doc.facts.push_back({"spof_links", "Links whose failure cuts service", static_cast<std::int64_t>(r.links.size())});
  doc.facts.push_back(
      {"articulation_points", "Articulation points (all)", static_cast<std::int64_t>(r.articulation_points)});
  doc.facts.push_back({"bridges", "Bridges (all)", static_cast<std::int64_t>(r.bridges)});

  report::table el;
  el.name = "elements";
  el.title = "Elements whose failure alone cuts service";
  el.add_column("rank", column_type::integer)
      .add_column("element", column_type::text, "element id")
      .add_column("function", column_type::text)
      .add_column("vendor", column_type::text, "display name")
      .add_column("site", column_type::text)
      .add_column("region", column_type::text)
      .add_column("articulation", column_type::boolean,
                  "its removal splits the network (else: a sole provider of a chain function)")
      .add_column("access_cut", column_type::integer, "other access elements that lose service")
      .add_column("subscribers_cut", column_type::integer, "subscribers on them");
  const std::size_t ne = top == 0 ? r.elements.size() : std::min(top, r.elements.size());
  for (std::size_t i = 0; i < ne; ++i) {
    const auto& s = r.elements[i];
    el.add_row({static_cast<std::int64_t>(i + 1), std::string(net.id(s.element)),
                std::string(model::to_string(net.fn(s.element))), std::string(net.vendor_name(s.element)),
                std::string(net.site(s.element)), std::string(net.region(s.element)), s.articulation,
                static_cast<std::int64_t>(s.access_cut), static_cast<std::int64_t>(s.subscribers_cut)});
  }
  report::table lk;
  lk.name = "links";
  lk.title = "Links whose failure alone cuts service (bridges)";
  lk.add_column("rank", column_type::integer)
      .add_column("a", column_type::text)
      .add_column("b", column_type::text)
      .add_column("vendor_a", column_type::text)
      .add_column("vendor_b", column_type::text)
      .add_column("medium", column_type::text)
      .add_column("access_cut", column_type::integer)
      .add_column("subscribers_cut", column_type::integer);
  const std::size_t nl = top == 0 ? r.links.size() : std::min(top, r.links.size());
  for (std::size_t i = 0; i < nl; ++i) {
    const auto& s = r.links[i];
    const auto a = net.link_a(s.link);
    const auto b = net.link_b(s.link);
    lk.add_row({static_cast<std::int64_t>(i + 1), std::string(net.id(a)), std::string(net.id(b)),
                std::string(net.vendor_name(a)), std::string(net.vendor_name(b)),
                std::string(model::to_string(net.medium(s.link))), static_cast<std::int64_t>(s.access_cut),
                static_cast<std::int64_t>(s.subscribers_cut)});
  }
  doc.tables.push_back(std::move(el));
  doc.tables.push_back(std::move(lk));
  if (!topo.has_core()) {
    doc.notes.push_back("No up element has a core function: nothing is served, so no failure cuts service.");
  }
  if (top != 0 && (r.elements.size() > top || r.links.size() > top)) {
    doc.notes.push_back("Showing the top " + std::to_string(top) + " of " + std::to_string(r.elements.size()) +
                        " elements and " + std::to_string(r.links.size()) + " links (--top 0 for all).");
  }
  return doc;
}

}  // namespace netvet::graph
