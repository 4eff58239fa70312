// netvet/graph/detail/union_find.h: disjoint sets over dense uint32 ids
// (private to netvet_graph). Path halving; the smaller root index wins, so
// results do not depend on the order of unions.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace netvet::graph::detail {

class union_find {
 public:
  explicit union_find(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0U); }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) {
      return;
    }
    if (a < b) {
      parent_[b] = a;
    } else {
      parent_[a] = b;
    }
  }
  [[nodiscard]] std::size_t size() const { return parent_.size(); }

 private:
  std::vector<std::uint32_t> parent_;
};

}  // namespace netvet::graph::detail
