// fuzz target cyclonedx: CycloneDX JSON BOMs (io::read_cyclonedx_text).
// Contract: a network, or an invalid_input / unsupported / limit_exceeded
// error with a message; a network read is written back as CycloneDX and
// reads again to the same network (the same elements and links, in CSV).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/io/cyclonedx.h"
#include "netvet/io/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  io::read_options options;
  options.max_errors = 5;
  const auto bom = io::read_cyclonedx_text(fuzz::as_text(data, size), "fuzz.cdx.json", options);
  fuzz::check("cyclonedx", bom, {error_code::invalid_input, error_code::unsupported, error_code::limit_exceeded});
  if (!bom) {
    return 0;
  }
  io::bom_options out;
  out.timestamp = "2026-01-01T00:00:00Z";
  const auto again = io::read_cyclonedx_text(io::write_cyclonedx(bom->net, out), "again.cdx.json", options);
  if (!again) {
    fuzz::fail("cyclonedx", "the BOM written from a network read does not read again: " + again.err().to_string());
  }
  if (io::write_elements_csv(again->net) != io::write_elements_csv(bom->net) ||
      io::write_links_csv(again->net) != io::write_links_csv(bom->net)) {
    fuzz::fail("cyclonedx", "the round trip through CycloneDX changed the network");
  }
  return 0;
}
