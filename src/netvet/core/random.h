// netvet/core/random.h: a seeded, portable pseudo-random generator.
//
// splitmix64 expands a seed; xoshiro256** (Blackman and Vigna, public
// domain) draws. Only integer arithmetic and IEEE operations, so the same
// seed gives the same stream on every platform and standard library, which
// <random>'s distributions do not. Used by `netvet generate` and the Monte
// Carlo outage; hermetic by construction (the seed is always a parameter).
#pragma once

#include <array>
#include <cstdint>

namespace netvet {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

class xoshiro256ss {
 public:
  explicit xoshiro256ss(std::uint64_t seed) {
    for (auto& w : s_) {
      w = splitmix64(seed);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17U;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
  // Uniform in [0, n) by multiply-shift (Lemire), n < 2^32.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32U) * static_cast<std::uint64_t>(n)) >> 32U);
  }
  // Uniform in [lo, hi], inclusive.
  std::int32_t between(std::int32_t lo, std::int32_t hi) {
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace netvet
