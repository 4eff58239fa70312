// fuzz target multipart: a multipart/form-data upload body
// (server::parse_multipart), its boundary the input's first line (up to 70
// bytes). Contract: parts whose bytes lie inside the input, at most
// kMaxParts of them, or an invalid_input error with a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.h"
#include "netvet/server/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const std::string_view text = fuzz::as_text(data, size);
  const auto eol = text.find('\n');
  if (eol == std::string_view::npos || eol == 0 || eol > 70) {
    return 0;
  }
  const std::string_view boundary = text.substr(0, eol);
  const std::string_view body = text.substr(eol + 1);
  const auto parts = server::parse_multipart(body, boundary);
  fuzz::check("multipart", parts, {error_code::invalid_input});
  if (parts) {
    if (parts->empty() || parts->size() > server::kMaxParts) {
      std::abort();
    }
    for (const auto& p : *parts) {
      if (p.data.data() < body.data() || p.data.data() + p.data.size() > body.data() + body.size()) {
        std::abort();
      }
    }
  }
  return 0;
}
