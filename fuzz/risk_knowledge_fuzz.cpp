// fuzz target risk_knowledge: the risk data CSVs (risk/knowledge.h). Input:
// sources.csv, vendor-facts.csv and criticality.csv separated by lines
// "====", read by risk::knowledge::from_text; then the second and third
// parts merged into the built-in data as a user's --profiles and
// --criticality files. Contract: knowledge, or an invalid_input /
// limit_exceeded error with a message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/model/vendor.h"
#include "netvet/risk/knowledge.h"

namespace {

const netvet::risk::knowledge& builtin_knowledge() {
  static const auto kKnowledge = [] {
    auto r = netvet::risk::knowledge::builtin(netvet::model::vendor_catalog::builtin());
    if (!r) {
      netvet::fuzz::fail("risk_knowledge", "the built-in risk data do not load: " + r.err().to_string());
    }
    return std::move(*r);
  }();
  return kKnowledge;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto& catalog = model::vendor_catalog::builtin();
  const auto parts = fuzz::split(fuzz::as_text(data, size), 3);
  const std::string_view none;
  const auto facts = parts.size() > 1 ? parts[1] : none;
  const auto criticality = parts.size() > 2 ? parts[2] : none;
  const auto k = risk::knowledge::from_text(parts[0], facts, criticality, catalog);
  fuzz::check("risk_knowledge", k, {error_code::invalid_input, error_code::limit_exceeded});

  fuzz::memory_file_system fs;
  fs.add("profiles.csv", facts);
  fs.add("criticality.csv", criticality);
  risk::knowledge user = builtin_knowledge();
  fuzz::check("risk_knowledge", user.merge_profiles(fs, "profiles.csv", catalog),
              {error_code::invalid_input, error_code::limit_exceeded});
  fuzz::check("risk_knowledge", user.merge_criticality(fs, "criticality.csv"),
              {error_code::invalid_input, error_code::limit_exceeded});
  return 0;
}
