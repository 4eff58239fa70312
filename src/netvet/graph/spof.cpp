#include "netvet/graph/spof.h"

#include <algorithm>
#include <array>

#include "netvet/graph/detail/report_parts.h"

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

// Most subscribers cut first, then most access cut, then by `tie`.
template <class T, class Tie>
void sort_by_cut(std::vector<T>& v, Tie tie) {
  std::sort(v.begin(), v.end(), [&](const T& a, const T& b) {
    if (a.subscribers_cut != b.subscribers_cut) {
      return a.subscribers_cut > b.subscribers_cut;
    }
    if (a.access_cut != b.access_cut) {
      return a.access_cut > b.access_cut;
    }
    return tie(a) < tie(b);
  });
}

// Depth-first search (Tarjan's low links, iterative) that sums each subtree,
// then the cuts of every element and bridge with every subtree final.
class cut_finder {
 public:
  explicit cut_finder(const topology& topo)
      : topo_(topo),
        disc_(topo.network().element_count(), kNone),
        low_(disc_.size(), 0),
        parent_link_(disc_.size(), kNone),
        parent_(disc_.size(), kNone),
        sub_(disc_.size()),
        comp_root_(topo.component_count(), kNone) {}

  // Every component, served or not: the articulation points and bridges
  // counted are the whole graph's (a component that serves nothing cuts no
  // service, but its cut vertices are still cut vertices).
  void search() {
    std::vector<std::uint32_t> next(disc_.size(), 0);  // position in the adjacency
    std::vector<element_index> stack;
    for (element_index s = 0; s < disc_.size(); ++s) {
      if (topo_.up(s) && disc_[s] == kNone) {
        comp_root_[topo_.component(s)] = s;
        walk(s, next, stack);
      }
    }
  }

  void cuts(spof_result& r) const {
    for (element_index x = 0; x < disc_.size(); ++x) {
      if (disc_[x] != kNone) {
        cut_at(x, r);
      }
    }
  }

 private:
  void visit(element_index v, std::vector<element_index>& stack) {
    disc_[v] = low_[v] = clock_++;
    sub_[v] = own_of(topo_, v);
    stack.push_back(v);
  }

  void walk(element_index s, std::vector<std::uint32_t>& next, std::vector<element_index>& stack) {
    visit(s, stack);
    while (!stack.empty()) {
      const element_index u = stack.back();
      const auto nb = topo_.neighbours(u);
      const auto links = topo_.neighbour_links(u);
      if (next[u] < nb.size()) {
        const std::uint32_t i = next[u]++;
        const element_index v = nb[i];
        if (links[i] == parent_link_[u]) {
          continue;
        }
        if (disc_[v] == kNone) {
          parent_link_[v] = links[i];
          parent_[v] = u;
          visit(v, stack);
        } else {
          low_[u] = std::min(low_[u], disc_[v]);
        }
        continue;
      }
      stack.pop_back();
      if (parent_[u] != kNone) {
        const element_index p = parent_[u];
        low_[p] = std::min(low_[p], low_[u]);
        sub_[p].add(sub_[u]);
      }
    }
  }

  // Bridge x-c: subtree(c) against the rest of the component.
  void bridge(const agg& total, element_index c, model::link_index link, spof_result& r) const {
    ++r.bridges;
    std::uint64_t la = 0;
    std::uint64_t ls = 0;
    sub_[c].loss(la, ls);
    agg other = total;
    other.sub(sub_[c]);
    other.loss(la, ls);
    if (la != 0) {
      r.links.push_back(spof_link{link, la, ls});
    }
  }

  void cut_at(element_index x, spof_result& r) const {
    const agg& total = sub_[comp_root_[topo_.component(x)]];
    agg rest = total;
    rest.sub(own_of(topo_, x));
    std::uint64_t access = 0;
    std::uint64_t subs = 0;
    std::size_t separated = 0;
    const auto nb = topo_.neighbours(x);
    const auto links = topo_.neighbour_links(x);
    for (std::size_t i = 0; i < nb.size(); ++i) {
      const element_index c = nb[i];
      if (parent_link_[c] != links[i] || parent_[c] != x) {
        continue;  // not a tree child through this link
      }
      if (low_[c] > disc_[x]) {
        bridge(total, c, links[i], r);
      }
      if (low_[c] >= disc_[x]) {
        ++separated;
        sub_[c].loss(access, subs);
        rest.sub(sub_[c]);
      }
    }
    rest.loss(access, subs);
    const bool is_root = parent_[x] == kNone;
    const bool ap = is_root ? separated >= 2 : separated >= 1;
    r.articulation_points += ap ? 1 : 0;
    if (access != 0) {
      r.elements.push_back(spof_element{x, ap, access, subs});
    }
  }

  const topology& topo_;
  std::vector<std::uint32_t> disc_;
  std::vector<std::uint32_t> low_;
  std::vector<std::uint32_t> parent_link_;
  std::vector<std::uint32_t> parent_;
  std::vector<agg> sub_;
  std::vector<element_index> comp_root_;
  std::uint32_t clock_ = 0;
};

}  // namespace

spof_result single_points_of_failure(const topology& topo) {
  spof_result r;
  cut_finder finder(topo);
  finder.search();
  finder.cuts(r);
  sort_by_cut(r.elements, [](const spof_element& s) { return s.element; });
  sort_by_cut(r.links, [](const spof_link& s) { return s.link; });
  return r;
}

report::document spof_report(const topology& topo, std::size_t top) {
  const auto& net = topo.network();
  const spof_result r = single_points_of_failure(topo);
  report::document doc;
  doc.kind = "spof";
  doc.title = "Single points of failure";
  using report::column_type;
  doc.facts.push_back(detail::served_access_fact(topo));
  doc.facts.push_back(detail::served_subscribers_fact(topo));
  doc.facts.push_back(detail::count_fact("spof_elements", "Elements whose failure cuts service", r.elements.size()));
  doc.facts.push_back(detail::count_fact("spof_links", "Links whose failure cuts service", r.links.size()));
  doc.facts.push_back(detail::count_fact("articulation_points", "Articulation points (all)", r.articulation_points));
  doc.facts.push_back(detail::count_fact("bridges", "Bridges (all)", r.bridges));

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
