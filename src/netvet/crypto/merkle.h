// netvet/crypto/merkle.h: the Merkle tree of the tamper-evident record, as
// RFC 9162 (Certificate Transparency 2.0) section 2.1 defines it with SHA-256:
//   leaf hash  SHA-256(0x00 || leaf bytes)
//   node hash  SHA-256(0x01 || left || right)
//   MTH({})    SHA-256("")
//   MTH(D[n])  MTH(D[0:k]) and MTH(D[k:n]) under a node, k the largest power
//              of two below n
// An inclusion proof shows that a leaf is in a tree of a size (its root); a
// consistency proof shows that a tree of one size is a prefix of a tree of a
// larger size (the log was only appended to). Proofs are lists of 32-byte
// hashes, deepest first, exactly as RFC 9162 sections 2.1.3 and 2.1.4 build
// and check them, so any RFC 6962/9162 verifier checks netvet's proofs.
//
// The functions here take leaf hashes, not leaf bytes: a log keeps each
// entry's leaf hash beside it and never hashes a body twice. Building a root
// or a proof over n leaves is O(n) hashes (log n deep recursion); checking a
// proof is O(log n).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "netvet/crypto/digest.h"

namespace netvet::crypto {

digest merkle_leaf_hash(std::string_view leaf);
digest merkle_node_hash(const digest& left, const digest& right);

// MTH of the leaves whose hashes are `leaves` (SHA-256("") for none).
digest merkle_root(std::span<const digest> leaves);

// PATH(index, leaves): the inclusion proof of leaf `index` in the tree of all
// of `leaves`. Precondition: index < leaves.size().
std::vector<digest> inclusion_path(std::span<const digest> leaves, std::uint64_t index);

// PROOF(first, leaves): the consistency proof from the tree of the first
// `first` leaves to the tree of all of them; empty when first is 0 or all of
// them. Precondition: first <= leaves.size().
std::vector<digest> consistency_path(std::span<const digest> leaves, std::uint64_t first);

// Whether `path` proves that the leaf hashed `leaf` is leaf `index` of the
// tree of `size` leaves whose root is `root` (RFC 9162 section 2.1.3.2).
bool verify_inclusion(std::uint64_t index, std::uint64_t size, const digest& leaf, std::span<const digest> path,
                      const digest& root);

// Whether `path` proves that the tree of `first` leaves with root
// `first_root` is a prefix of the tree of `second` leaves with root
// `second_root` (RFC 9162 section 2.1.4.2). A tree of 0 leaves is a prefix of
// every tree (empty path); equal sizes need equal roots and an empty path.
bool verify_consistency(std::uint64_t first, std::uint64_t second, const digest& first_root, const digest& second_root,
                        std::span<const digest> path);

// The roots of a growing tree, leaf by leaf: `root()` is the MTH of the
// leaves added so far in O(log n) (the perfect subtrees of the binary
// decomposition of the size, merged right to left), so the roots at many
// sizes of one log cost one pass over it.
class merkle_builder {
 public:
  void add(const digest& leaf);
  [[nodiscard]] digest root() const;
  [[nodiscard]] std::uint64_t size() const { return size_; }

 private:
  std::vector<digest> subtrees_;  // one per set bit of size_, largest first
  std::uint64_t size_ = 0;
};

}  // namespace netvet::crypto
