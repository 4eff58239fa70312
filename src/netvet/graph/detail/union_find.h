// netvet/graph/detail/union_find.h: disjoint sets over dense uint32 ids
// (private to netvet_graph). Path halving; the smaller root index wins, so
// results do not depend on the order of unions.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace netvet::graph::detail {

// The root of x in a forest of parent links, halving the path on the way.
inline std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

// Joins the trees of a and b under the smaller root.
inline void unite_roots(std::vector<std::uint32_t>& parent, std::uint32_t a, std::uint32_t b) {
  a = find_root(parent, a);
  b = find_root(parent, b);
  if (a == b) {
    return;
  }
  if (a < b) {
    parent[b] = a;
  } else {
    parent[a] = b;
  }
}

class union_find {
 public:
  explicit union_find(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0U); }
  std::uint32_t find(std::uint32_t x) { return find_root(parent_, x); }
  void unite(std::uint32_t a, std::uint32_t b) { unite_roots(parent_, a, b); }
  [[nodiscard]] std::size_t size() const { return parent_.size(); }

 private:
  std::vector<std::uint32_t> parent_;
};

}  // namespace netvet::graph::detail
