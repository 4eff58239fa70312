// fuzz target policy_pack: policy pack YAML (policy::parse_pack); `extends`
// resolves against the packs compiled into netvet. Contract: a pack, or a
// policy_error with a message (loader.h: every pack error is one
// policy_error listing them; nothing yaml-cpp throws may leave the library).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_support.h"
#include "netvet/model/vendor.h"
#include "netvet/policy/loader.h"

namespace {

const netvet::policy::pack_library& shipped() {
  static const auto kLibrary = [] {
    auto lib = netvet::policy::pack_library::from_files(netvet::policy::embedded_pack_files(),
                                                        netvet::model::vendor_catalog::builtin(), "embedded");
    if (!lib) {
      netvet::fuzz::fail("policy_pack", "the shipped packs do not load: " + lib.err().to_string());
    }
    return std::move(*lib);
  }();
  return kLibrary;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto& library = shipped();
  const auto p = policy::parse_pack(fuzz::as_text(data, size), "zz.yaml", model::vendor_catalog::builtin(),
                                    [&library](std::string_view id) { return library.find(id); });
  fuzz::check("policy_pack", p, {error_code::policy_error});
  return 0;
}
