// fuzz target graphml: GraphML topologies (io::read_graphml) and their vendor
// map, held in memory. Input: the GraphML file, then optionally a separator
// line "====" and a vendor map CSV (`node,vendor`); vendors are also read
// from a node attribute "vendor" when the text names one. Contract: a network, or
// an invalid_input / unsupported / limit_exceeded error with a message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/io/graphml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto parts = fuzz::split(fuzz::as_text(data, size), 2);
  fuzz::memory_file_system fs;
  fs.add("topology.graphml", parts[0]);
  io::read_options options;
  options.fs = &fs;
  if (parts[0].find("\"vendor\"") != std::string_view::npos) {
    options.vendor_attribute = "vendor";  // naming a key the file lacks is an error of its own
  }
  if (parts.size() > 1) {
    fs.add("vendors.csv", parts[1]);
    options.vendor_map_path = "vendors.csv";
  }
  const auto net = io::read_graphml("topology.graphml", options);
  fuzz::check("graphml", net, {error_code::invalid_input, error_code::unsupported, error_code::limit_exceeded});
  return 0;
}
