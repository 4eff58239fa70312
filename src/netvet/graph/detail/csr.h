// netvet/graph/detail/csr.h: compressed sparse rows of dense uint32 ids
// (private to netvet_graph): counts turned into offsets, and items grouped by
// a key in index order.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace netvet::graph::detail {

inline constexpr std::uint32_t kNoBucket = std::numeric_limits<std::uint32_t>::max();

// offset[k + 1] holds bucket k's count; afterwards offset[k] is where bucket
// k starts and offset.back() the total.
inline void counts_to_offsets(std::vector<std::uint32_t>& offset) {
  for (std::size_t k = 1; k < offset.size(); ++k) {
    offset[k] += offset[k - 1];
  }
}

// Given offsets, lists every item 0..n-1 whose key_of(i) is not kNoBucket
// under its bucket, in index order.
template <class KeyOf>
std::vector<std::uint32_t> fill_buckets(const std::vector<std::uint32_t>& offset, std::uint32_t n, KeyOf key_of) {
  std::vector<std::uint32_t> items(offset.back());
  std::vector<std::uint32_t> fill(offset.begin(), offset.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t k = key_of(i);
    if (k != kNoBucket) {
      items[fill[k]++] = i;
    }
  }
  return items;
}

// Groups items 0..n-1 by key_of(i) < buckets (kNoBucket: left out).
template <class KeyOf>
void group_by(std::uint32_t n, std::size_t buckets, KeyOf key_of, std::vector<std::uint32_t>& offset,
              std::vector<std::uint32_t>& items) {
  offset.assign(buckets + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t k = key_of(i);
    if (k != kNoBucket) {
      ++offset[k + 1];
    }
  }
  counts_to_offsets(offset);
  items = fill_buckets(offset, n, key_of);
}

}  // namespace netvet::graph::detail
