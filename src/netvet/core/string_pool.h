// netvet/core/string_pool.h: interning of repeated strings.
//
// A network of millions of elements repeats a few thousand vendor, model,
// site and region strings; each element stores a 4-byte `string_id` instead.
// Id 0 is always the empty string. Views returned by `view()` stay valid for
// the pool's lifetime (strings live in fixed blocks that never move).
// Not thread-safe for concurrent `intern`; concurrent `view` is fine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace netvet {

using string_id = std::uint32_t;

class string_pool {
 public:
  string_pool();
  string_pool(const string_pool&) = delete;
  string_pool& operator=(const string_pool&) = delete;
  string_pool(string_pool&&) noexcept = default;
  string_pool& operator=(string_pool&&) noexcept = default;
  ~string_pool() = default;

  string_id intern(std::string_view s);
  // The id of `s` if interned, else nullopt-like 0xFFFFFFFF.
  [[nodiscard]] string_id find(std::string_view s) const;
  [[nodiscard]] std::string_view view(string_id id) const { return views_[id]; }
  [[nodiscard]] std::size_t size() const { return views_.size(); }
  [[nodiscard]] std::size_t memory_bytes() const;

  static constexpr string_id kMissing = 0xFFFFFFFFu;

 private:
  void grow();
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_used_ = 0;
  std::size_t block_size_ = 0;
  std::size_t bytes_ = 0;
  std::vector<std::string_view> views_;
  std::vector<std::uint32_t> table_;  // open addressing: id+1, 0 = empty
};

std::uint64_t hash_bytes(std::string_view s);

}  // namespace netvet
