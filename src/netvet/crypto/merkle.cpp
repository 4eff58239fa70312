#include "netvet/crypto/merkle.h"

#include <array>
#include <bit>
#include <cstring>
#include <iterator>
#include <string>

namespace netvet::crypto {
namespace {

// The largest power of two below n (n > 1).
std::size_t split_of(std::size_t n) { return std::bit_floor(n - 1); }

void shift_until_set_or_zero(std::uint64_t& fn, std::uint64_t& sn) {
  while ((fn & 1U) == 0 && fn != 0) {
    fn >>= 1U;
    sn >>= 1U;
  }
}

// RFC 9162 2.1.4.1: SUBPROOF(m, D[n], b), appended to `out`.
void subproof(std::span<const digest> leaves, std::size_t m, bool complete, std::vector<digest>& out) {
  const std::size_t n = leaves.size();
  if (m == n) {
    if (!complete) {
      out.push_back(merkle_root(leaves));
    }
    return;
  }
  const std::size_t k = split_of(n);
  if (m <= k) {
    subproof(leaves.first(k), m, complete, out);
    out.push_back(merkle_root(leaves.subspan(k)));
  } else {
    subproof(leaves.subspan(k), m - k, false, out);
    out.push_back(merkle_root(leaves.first(k)));
  }
}

}  // namespace

digest merkle_leaf_hash(std::string_view leaf) {
  std::string input;
  input.reserve(leaf.size() + 1);
  input += '\x00';
  input.append(leaf);
  return sha256(input);
}

digest merkle_node_hash(const digest& left, const digest& right) {
  // On the stack: a root over a million leaves is a million of these.
  std::array<char, 1 + 2 * sizeof(digest)> input{};
  input[0] = '\x01';
  std::memcpy(input.data() + 1, left.data(), left.size());
  std::memcpy(input.data() + 1 + left.size(), right.data(), right.size());
  return sha256({input.data(), input.size()});
}

digest merkle_root(std::span<const digest> leaves) {
  if (leaves.empty()) {
    return sha256("");
  }
  if (leaves.size() == 1) {
    return leaves.front();
  }
  const std::size_t k = split_of(leaves.size());
  return merkle_node_hash(merkle_root(leaves.first(k)), merkle_root(leaves.subspan(k)));
}

// RFC 9162 2.1.3.1: PATH(m, D[n]).
std::vector<digest> inclusion_path(std::span<const digest> leaves, std::uint64_t index) {
  std::vector<digest> out;
  while (leaves.size() > 1) {
    const std::size_t k = split_of(leaves.size());
    if (index < k) {
      out.push_back(merkle_root(leaves.subspan(k)));
      leaves = leaves.first(k);
    } else {
      out.push_back(merkle_root(leaves.first(k)));
      leaves = leaves.subspan(k);
      index -= k;
    }
  }
  // Built root first; the proof lists the deepest sibling first.
  return {out.rbegin(), out.rend()};
}

std::vector<digest> consistency_path(std::span<const digest> leaves, std::uint64_t first) {
  std::vector<digest> out;
  if (first == 0 || first >= leaves.size()) {
    return out;
  }
  subproof(leaves, static_cast<std::size_t>(first), true, out);
  return out;
}

bool verify_inclusion(std::uint64_t index, std::uint64_t size, const digest& leaf, std::span<const digest> path,
                      const digest& root) {
  if (index >= size) {
    return false;
  }
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  digest r = leaf;
  for (const digest& p : path) {
    if (sn == 0) {
      return false;
    }
    if ((fn & 1U) != 0 || fn == sn) {
      r = merkle_node_hash(p, r);
      shift_until_set_or_zero(fn, sn);
    } else {
      r = merkle_node_hash(r, p);
    }
    fn >>= 1U;
    sn >>= 1U;
  }
  return sn == 0 && constant_time_equal(r, root);
}

bool verify_consistency(std::uint64_t first, std::uint64_t second, const digest& first_root, const digest& second_root,
                        std::span<const digest> path) {
  if (first > second) {
    return false;
  }
  if (first == 0 || first == second) {
    return path.empty() && (first == 0 || constant_time_equal(first_root, second_root));
  }
  if (path.empty()) {
    return false;
  }
  std::vector<digest> proof;
  proof.reserve(path.size() + 1);
  if (std::has_single_bit(first)) {
    proof.push_back(first_root);
  }
  proof.insert(proof.end(), path.begin(), path.end());
  std::uint64_t fn = first - 1;
  std::uint64_t sn = second - 1;
  while ((fn & 1U) != 0) {
    fn >>= 1U;
    sn >>= 1U;
  }
  digest fr = proof.front();
  digest sr = proof.front();
  for (std::size_t i = 1; i < proof.size(); ++i) {
    if (sn == 0) {
      return false;
    }
    if ((fn & 1U) != 0 || fn == sn) {
      fr = merkle_node_hash(proof[i], fr);
      sr = merkle_node_hash(proof[i], sr);
      shift_until_set_or_zero(fn, sn);
    } else {
      sr = merkle_node_hash(sr, proof[i]);
    }
    fn >>= 1U;
    sn >>= 1U;
  }
  return sn == 0 && constant_time_equal(fr, first_root) && constant_time_equal(sr, second_root);
}

void merkle_builder::add(const digest& leaf) {
  subtrees_.push_back(leaf);
  for (std::uint64_t n = size_; (n & 1U) != 0; n >>= 1U) {
    const digest right = subtrees_.back();
    subtrees_.pop_back();
    subtrees_.back() = merkle_node_hash(subtrees_.back(), right);
  }
  ++size_;
}

digest merkle_builder::root() const {
  if (subtrees_.empty()) {
    return sha256("");
  }
  digest r = subtrees_.back();
  for (auto it = std::next(subtrees_.rbegin()); it != subtrees_.rend(); ++it) {
    r = merkle_node_hash(*it, r);
  }
  return r;
}

}  // namespace netvet::crypto
