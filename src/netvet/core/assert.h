// netvet/core/assert.h: invariants, checked in every build.
//
// NETVET_ASSERT(cond, message) states what the code assumes and crashes
// loudly, with the file, line and the condition, when it does not hold
// (Envoy's RELEASE_ASSERT, DuckDB's D_ASSERT). It is for bugs only: nothing
// a file, a request, a pack or a proposal can contain may ever reach a failing
// assertion -- input is answered with an `error` value (core/error.h). Each
// use says, in its message, why the condition cannot be false.
//
// The check costs one predictable branch; on a hot path whose invariant is
// already covered by a test, use NETVET_DEBUG_ASSERT, which compiles away
// unless NETVET_DEBUG_ASSERTS is defined (Debug and sanitizer builds).
#pragma once

namespace netvet::detail {
// Prints "netvet: assertion failed: file:line: cond: message" to stderr and
// aborts (never returns, never throws).
[[noreturn]] void assertion_failed(const char* file, int line, const char* condition, const char* message) noexcept;
}  // namespace netvet::detail

#define NETVET_ASSERT(cond, message)                                            \
  do {                                                                          \
    if (!(cond)) [[unlikely]] {                                                 \
      ::netvet::detail::assertion_failed(__FILE__, __LINE__, #cond, (message)); \
    }                                                                           \
  } while (false)

#ifdef NETVET_DEBUG_ASSERTS
#define NETVET_DEBUG_ASSERT(cond, message) NETVET_ASSERT(cond, message)
#else
#define NETVET_DEBUG_ASSERT(cond, message) \
  do {                                     \
    (void)sizeof(!(cond));                 \
  } while (false)
#endif
