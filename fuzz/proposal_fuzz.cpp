// fuzz target proposal: proposal YAML (policy::parse_proposal), vendors
// resolved through the built-in catalogue. Contract: a proposal, or an
// invalid_input / limit_exceeded error with a message (YAML errors included:
// nothing yaml-cpp throws may leave the library).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/model/vendor.h"
#include "netvet/policy/proposal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto p = policy::parse_proposal(fuzz::as_text(data, size), "proposal.yaml", model::vendor_catalog::builtin());
  fuzz::check("proposal", p, {error_code::invalid_input, error_code::limit_exceeded});
  return 0;
}
