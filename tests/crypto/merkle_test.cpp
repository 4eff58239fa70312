// tests/crypto: the RFC 9162 Merkle tree of the record against published
// vectors, and every proof of every tree up to 64 leaves against the checks.
//
// The vectors are RFC 6962's (unchanged by RFC 9162 for SHA-256) as
// transparency-dev/merkle publishes them in proof/verify_test.go (the
// `leaves`, `roots`, `inclusionProofs` and `consistencyProofs` tables; the
// same values as certificate-transparency-go's merkletree tests): eight
// leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657,
// 606162636465666768696a6b6c6d6e6f.
#include "netvet/crypto/merkle.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netvet/crypto/digest.h"

namespace netvet::crypto {
namespace {

digest dh(std::string_view hex) {
  const auto d = from_hex<32>(hex);
  EXPECT_TRUE(d) << hex;
  return d.value_or(digest{});
}

std::string bytes(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

std::vector<digest> vector_leaves() {
  std::vector<digest> out;
  for (const char* hex :
       {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}) {
    out.push_back(merkle_leaf_hash(bytes(hex)));
  }
  return out;
}

const std::vector<std::string> kRoots{
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::vector<digest> hashes(std::initializer_list<const char*> hex) {
  std::vector<digest> out;
  for (const char* h : hex) {
    out.push_back(dh(h));
  }
  return out;
}

std::span<const digest> first(const std::vector<digest>& v, std::size_t n) { return std::span(v).first(n); }

TEST(Merkle, RootsMatchRfc6962Vectors) {
  EXPECT_EQ(to_hex(merkle_root({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const auto leaves = vector_leaves();
  for (std::size_t n = 1; n <= leaves.size(); ++n) {
    EXPECT_EQ(to_hex(merkle_root(first(leaves, n))), kRoots[n - 1]) << "size " << n;
  }
}

TEST(Merkle, TheBuilderGivesTheRootAtEverySize) {
  merkle_builder tree;
  EXPECT_EQ(tree.root(), merkle_root({}));
  std::vector<digest> leaves;
  for (int i = 0; i < 130; ++i) {
    leaves.push_back(merkle_leaf_hash(std::to_string(i)));
    tree.add(leaves.back());
    ASSERT_EQ(tree.root(), merkle_root(leaves)) << "size " << leaves.size();
  }
  EXPECT_EQ(tree.size(), 130U);
}

TEST(Merkle, InclusionProofsMatchRfc6962Vectors) {
  struct vec {
    std::uint64_t index;
    std::uint64_t size;
    std::vector<digest> path;
  };
  // transparency-dev's `leaf` is 1-based; these are 0-based indexes.
  const std::vector<vec> vectors{
      {0, 1, {}},
      {0, 8,
       hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       hashes({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, hashes({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
      {1, 5,
       hashes({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  const auto leaves = vector_leaves();
  for (const auto& v : vectors) {
    const auto tree = first(leaves, v.size);
    EXPECT_EQ(inclusion_path(tree, v.index), v.path) << v.index << " in " << v.size;
    EXPECT_TRUE(verify_inclusion(v.index, v.size, leaves[v.index], v.path, dh(kRoots[v.size - 1])));
  }
}

TEST(Merkle, ConsistencyProofsMatchRfc6962Vectors) {
  struct vec {
    std::uint64_t first;
    std::uint64_t second;
    std::vector<digest> path;
  };
  const std::vector<vec> vectors{
      {1, 1, {}},
      {1, 8,
       hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       hashes({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
      {6, 7,
       hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
               "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
  };
  const auto leaves = vector_leaves();
  for (const auto& v : vectors) {
    EXPECT_EQ(consistency_path(first(leaves, v.second), v.first), v.path) << v.first << " to " << v.second;
    EXPECT_TRUE(verify_consistency(v.first, v.second, dh(kRoots[v.first - 1]), dh(kRoots[v.second - 1]), v.path));
  }
}

TEST(Merkle, TrivialConsistencyCases) {
  const digest a = sha256("a");
  const digest b = sha256("b");
  EXPECT_TRUE(verify_consistency(0, 0, a, a, {}));
  EXPECT_TRUE(verify_consistency(0, 5, a, b, {}));
  EXPECT_TRUE(verify_consistency(3, 3, a, a, {}));
  EXPECT_FALSE(verify_consistency(3, 3, a, b, {}));
  EXPECT_FALSE(verify_consistency(3, 2, a, b, {}));
  EXPECT_FALSE(verify_consistency(1, 2, a, b, {}));  // an empty proof proves nothing
  const std::vector<digest> one{a};
  EXPECT_FALSE(verify_consistency(0, 5, a, b, one));
  EXPECT_FALSE(verify_consistency(3, 3, a, a, one));
  EXPECT_FALSE(verify_inclusion(0, 0, a, {}, a));
  EXPECT_FALSE(verify_inclusion(1, 1, a, {}, a));
  EXPECT_TRUE(verify_inclusion(0, 1, a, {}, a));
}

std::vector<digest> numbered_leaves(std::size_t n) {
  std::vector<digest> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(merkle_leaf_hash("entry " + std::to_string(i)));
  }
  return out;
}

// Every proof verifies; a flipped byte anywhere in it, a wrong index, a wrong
// size, a wrong leaf or root, a dropped or an added hash never does.
TEST(Merkle, EveryInclusionProofUpTo64LeavesVerifiesAndNoAlterationDoes) {
  const auto all = numbered_leaves(64);
  for (std::uint64_t n = 1; n <= 64; ++n) {
    const auto tree = first(all, n);
    const digest root = merkle_root(tree);
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto path = inclusion_path(tree, i);
      ASSERT_TRUE(verify_inclusion(i, n, all[i], path, root)) << i << " in " << n;
      for (std::size_t p = 0; p < path.size(); ++p) {
        for (std::size_t byte = 0; byte < 32; byte += 31) {
          auto bad = path;
          bad[p][byte] ^= 0x01U;
          EXPECT_FALSE(verify_inclusion(i, n, all[i], bad, root));
        }
      }
      // The wrong places and sizes of transparency-dev's corruptInclusionProof
      // (a size's shape alone may fit another size: the checkpoint signs both).
      for (const std::uint64_t j : {i - 1, i + 1, i ^ 2U}) {
        EXPECT_FALSE(verify_inclusion(j, n, all[i], path, root)) << "index " << j << " for " << i << " in " << n;
      }
      for (const std::uint64_t m : {n * 2, n / 2}) {
        EXPECT_FALSE(verify_inclusion(i, m, all[i], path, root)) << i << " in " << n << " as size " << m;
      }
      auto leaf = all[i];
      leaf[7] ^= 0x80U;
      EXPECT_FALSE(verify_inclusion(i, n, leaf, path, root));
      auto wrong_root = root;
      wrong_root[0] ^= 0x02U;
      EXPECT_FALSE(verify_inclusion(i, n, all[i], path, wrong_root));
      auto longer = path;
      longer.push_back(root);
      EXPECT_FALSE(verify_inclusion(i, n, all[i], longer, root));
      if (!path.empty()) {
        EXPECT_FALSE(verify_inclusion(i, n, all[i], std::span(path).first(path.size() - 1), root));
      }
    }
  }
}

TEST(Merkle, EveryConsistencyProofUpTo64LeavesVerifiesAndNoAlterationDoes) {
  const auto all = numbered_leaves(64);
  std::vector<digest> roots{merkle_root({})};
  for (std::size_t n = 1; n <= 64; ++n) {
    roots.push_back(merkle_root(first(all, n)));
  }
  for (std::uint64_t n = 1; n <= 64; ++n) {
    const auto tree = first(all, n);
    for (std::uint64_t m = 0; m <= n; ++m) {
      const auto path = consistency_path(tree, m);
      ASSERT_TRUE(verify_consistency(m, n, roots[m], roots[n], path)) << m << " to " << n;
      if (m == 0 || m == n) {
        EXPECT_TRUE(path.empty());
        continue;
      }
      for (std::size_t p = 0; p < path.size(); ++p) {
        for (std::size_t byte = 0; byte < 32; byte += 31) {
          auto bad = path;
          bad[p][byte] ^= 0x10U;
          EXPECT_FALSE(verify_consistency(m, n, roots[m], roots[n], bad)) << m << " to " << n;
        }
      }
      // The wrong sizes of transparency-dev's corruptConsistencyProof.
      for (const std::uint64_t other : {m - 1, m + 1, m ^ 2U}) {
        if (other != m) {
          EXPECT_FALSE(verify_consistency(other, n, roots[m], roots[n], path)) << m << "->" << n << " as " << other;
        }
      }
      for (const std::uint64_t other : {n * 2, n / 2}) {
        EXPECT_FALSE(verify_consistency(m, other, roots[m], roots[n], path)) << m << "->" << n << " to " << other;
      }
      EXPECT_FALSE(verify_consistency(m, n, roots[n], roots[m], path)) << "swapped roots";
      // A rewritten leaf inside the old tree changes its root.
      auto rewritten = std::vector<digest>(tree.begin(), tree.end());
      rewritten[m - 1][3] ^= 0x01U;
      EXPECT_FALSE(verify_consistency(m, n, roots[m], merkle_root(rewritten), consistency_path(rewritten, m)));
      EXPECT_FALSE(verify_consistency(m, n, roots[m], roots[n], std::span(path).first(path.size() - 1)));
      auto longer = path;
      longer.push_back(roots[n]);
      EXPECT_FALSE(verify_consistency(m, n, roots[m], roots[n], longer));
    }
  }
}

}  // namespace
}  // namespace netvet::crypto
