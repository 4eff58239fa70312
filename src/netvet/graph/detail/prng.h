// netvet/graph/detail/prng.h: a seeded, portable pseudo-random generator
// (private to netvet_graph). splitmix64 expands a seed; xoshiro256** draws.
// No std distributions: the same seed gives the same draws on every
// platform and standard library.
#pragma once

#include <cstdint>

namespace netvet::graph::detail {

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

class xoshiro256ss {
 public:
  explicit xoshiro256ss(std::uint64_t seed) {
    std::uint64_t s = seed;
    for (auto& w : s_) {
      w = splitmix64(s);
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

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }
  std::uint64_t s_[4]{};
};

// The generator of trial `t` of a run seeded with `seed`: independent of the
// number of threads and of the order trials run in.
inline xoshiro256ss trial_generator(std::uint64_t seed, std::uint64_t t) {
  std::uint64_t s = seed ^ (t * 0xD1B54A32D192ED03ULL);
  return xoshiro256ss(splitmix64(s));
}

}  // namespace netvet::graph::detail
