#include "netvet/core/string_pool.h"

#include <cstring>

namespace netvet {

namespace {
constexpr std::size_t kBlock = 1 << 20;
}

namespace {

// 64x64 -> 128 multiply, folded (the core of wyhash-style mixing).
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  __extension__ using u128 = unsigned __int128;
  const u128 r = static_cast<u128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t load(const char* p, std::size_t n) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  return w;
}

}  // namespace

std::uint64_t hash_bytes(std::string_view s) {
  // Short ids and names dominate: one or two loads and two multiplies.
  constexpr std::uint64_t kSeed = 0x9E3779B97F4A7C15ULL;
  constexpr std::uint64_t kP1 = 0xA0761D6478BD642FULL;
  constexpr std::uint64_t kP2 = 0xE7037ED1A0B428DBULL;
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::uint64_t seed = kSeed ^ n;
  if (n <= 16) {
    if (n >= 8) {
      a = load(p, 8);
      b = load(p + n - 8, 8);
    } else if (n > 0) {
      a = load(p, n);
    }
  } else {
    while (n > 16) {
      seed = mix(load(p, 8) ^ kP1, load(p + 8, 8) ^ seed);
      p += 16;
      n -= 16;
    }
    a = load(p + n - 16, 8);
    b = load(p + n - 8, 8);
  }
  return mix(kP1 ^ s.size(), mix(a ^ kP1, b ^ seed) ^ kP2);
}

string_pool::string_pool() : table_(1024, 0) { views_.emplace_back(); }

std::size_t string_pool::memory_bytes() const {
  return blocks_.size() * kBlock + views_.capacity() * sizeof(std::string_view) +
         table_.capacity() * sizeof(std::uint32_t);
}

string_id string_pool::find(std::string_view s) const {
  if (s.empty()) {
    return 0;
  }
  const std::size_t mask = table_.size() - 1;
  std::size_t i = hash_bytes(s) & mask;
  while (table_[i] != 0) {
    const std::uint32_t id = table_[i] - 1;
    if (views_[id] == s) {
      return id;
    }
    i = (i + 1) & mask;
  }
  return kMissing;
}

void string_pool::grow() {
  std::vector<std::uint32_t> bigger(table_.size() * 2, 0);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 1; id < views_.size(); ++id) {
    std::size_t i = hash_bytes(views_[id]) & mask;
    while (bigger[i] != 0) {
      i = (i + 1) & mask;
    }
    bigger[i] = id + 1;
  }
  table_ = std::move(bigger);
}

string_id string_pool::intern(std::string_view s) {
  if (s.empty()) {
    return 0;
  }
  std::size_t mask = table_.size() - 1;
  std::size_t i = hash_bytes(s) & mask;
  while (table_[i] != 0) {
    const std::uint32_t id = table_[i] - 1;
    if (views_[id] == s) {
      return id;
    }
    i = (i + 1) & mask;
  }
  // Store the bytes in a block that never moves.
  if (block_size_ - block_used_ < s.size()) {
    const std::size_t sz = s.size() > kBlock ? s.size() : kBlock;
    blocks_.push_back(std::make_unique<char[]>(sz));
    block_size_ = sz;
    block_used_ = 0;
  }
  char* dst = blocks_.back().get() + block_used_;
  std::memcpy(dst, s.data(), s.size());
  block_used_ += s.size();
  bytes_ += s.size();
  const auto id = static_cast<string_id>(views_.size());
  views_.emplace_back(dst, s.size());
  table_[i] = id + 1;
  if (views_.size() * 2 > table_.size()) {
    grow();
  }
  return id;
}

}  // namespace netvet
