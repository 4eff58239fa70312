// netvet/graph/detail/prng.h: a seeded, portable pseudo-random generator
// (private to netvet_graph): the per-trial streams of the Monte Carlo, from
// core/random.h.
// No std distributions: the same seed gives the same draws on every
// platform and standard library.
#pragma once

#include <cstdint>

#include "netvet/core/random.h"

namespace netvet::graph::detail {

using netvet::splitmix64;
using netvet::xoshiro256ss;

// The generator of trial `t` of a run seeded with `seed`: independent of the
// number of threads and of the order trials run in.
inline xoshiro256ss trial_generator(std::uint64_t seed, std::uint64_t t) {
  std::uint64_t s = seed ^ (t * 0xD1B54A32D192ED03ULL);
  return xoshiro256ss(splitmix64(s));
}

}  // namespace netvet::graph::detail
