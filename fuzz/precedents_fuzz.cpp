// fuzz target precedents: the precedents CSV (policy::read_precedents,
// data/risk/precedents.csv layout). Contract: the precedents, or an
// invalid_input / limit_exceeded error with a message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/model/vendor.h"
#include "netvet/policy/precedent.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto p = policy::read_precedents(fuzz::as_text(data, size), "precedents.csv", model::vendor_catalog::builtin());
  fuzz::check("precedents", p, {error_code::invalid_input, error_code::limit_exceeded});
  return 0;
}
