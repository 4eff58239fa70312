#include "netvet/core/string_pool.h"

#include <cstring>

namespace netvet {

namespace {
constexpr std::size_t kBlock = 1 << 20;
}

std::uint64_t hash_bytes(std::string_view s) {
  // FNV-1a over 8-byte words then a final mix (fast, good enough for ids).
  std::uint64_t h = 1469598103934665603ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
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
