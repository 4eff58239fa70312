// fuzz target network_json: netvet JSON (io::read_network_json_text).
// Contract: a network, or an invalid_input / unsupported / limit_exceeded
// error with a message; a network read is written back as JSON and reads
// again to as many elements and links.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/io/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto net = io::read_network_json_text(fuzz::as_text(data, size), "fuzz.json", io::read_options{});
  fuzz::check("network_json", net, {error_code::invalid_input, error_code::unsupported, error_code::limit_exceeded});
  if (!net) {
    return 0;
  }
  const auto again = io::read_network_json_text(io::write_network_json(*net), "again.json", io::read_options{});
  if (!again) {
    fuzz::fail("network_json", "the JSON written from a network read does not read again: " + again.err().to_string());
  }
  if (again->element_count() != net->element_count() || again->link_count() != net->link_count()) {
    fuzz::fail("network_json", "the round trip changed the number of elements or links");
  }
  return 0;
}
