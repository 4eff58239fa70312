#include "netvet/core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace netvet::detail {

void assertion_failed(const char* file, int line, const char* condition, const char* message) noexcept {
  std::fprintf(stderr, "netvet: assertion failed: %s:%d: %s: %s\n", file, line, condition, message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace netvet::detail
