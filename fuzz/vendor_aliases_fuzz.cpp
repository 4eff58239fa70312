// fuzz target vendor_aliases: the vendor catalogue CSV (vendors.csv layout):
// model::vendor_catalog::from_csv on its own, and merge_csv into a small
// catalogue (a user's --vendors file). Contract: a catalogue
// (every spelling it holds resolves), or an invalid_input / limit_exceeded
// error with a message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/model/vendor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto text = fuzz::as_text(data, size);
  const auto catalog = model::vendor_catalog::from_csv(text, "vendors.csv");
  fuzz::check("vendor_aliases", catalog, {error_code::invalid_input, error_code::limit_exceeded});
  if (catalog) {
    for (const auto& v : catalog->vendors()) {
      if (!catalog->find(v.display_name)) {
        fuzz::fail("vendor_aliases", "a vendor read is not found by its display name: " + v.display_name);
      }
    }
  }
  // A small base (a copy of the built-in one costs more than the parse).
  static const auto kBase = model::vendor_catalog::from_csv(
      "display_name,aliases\nHuawei,HUAWEI;Huawei Technologies Co. Ltd.\nNokia,Nokia Oyj\nZTE,\n", "base.csv");
  if (!kBase) {
    fuzz::fail("vendor_aliases", "the base catalogue does not read: " + kBase.err().to_string());
  }
  model::vendor_catalog merged = *kBase;
  const auto st = merged.merge_csv(text, "user-vendors.csv");
  fuzz::check("vendor_aliases", st, {error_code::invalid_input, error_code::limit_exceeded});
  return 0;
}
