#include "netvet/core/confidence.h"

#include <array>

namespace netvet {
namespace {

struct confidence_name {
  std::string_view tag, word, key;  // "P", "partly confirmed", "partly"
};
constexpr std::array<confidence_name, 3> kConfidences = {{
#define NETVET_X(name, tag, word) {tag, word, #name},
    NETVET_CONFIDENCES(NETVET_X)
#undef NETVET_X
}};

}  // namespace

std::string_view to_string(confidence c) { return kConfidences[static_cast<std::size_t>(c)].tag; }
std::string_view describe(confidence c) { return kConfidences[static_cast<std::size_t>(c)].word; }
std::optional<confidence> parse_confidence(std::string_view s) {
  for (std::size_t i = 0; i < kConfidences.size(); ++i) {
    if (kConfidences[i].tag == s || kConfidences[i].key == s) {  // "P" or "partly"
      return static_cast<confidence>(i);
    }
  }
  return std::nullopt;
}

}  // namespace netvet
