// fuzz target network_csv: the network CSV reader (io::read_network_csv) on a
// folder held in memory. Input: elements.csv, a separator line "====", then
// links.csv (network-csv.md). Contract: a network, or an invalid_input /
// limit_exceeded error with a message (read in 64-byte chunks); a network read is written back and
// the written CSV reads again to as many elements and links; read in parts on
// three threads, the same network or the same error.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/io/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto parts = fuzz::split(fuzz::as_text(data, size), 2);
  fuzz::memory_file_system fs;
  fs.add("net/elements.csv", parts[0]);
  fs.add("net/links.csv", parts.size() > 1 ? parts[1] : std::string_view("a,b\n"));
  io::read_options options;
  options.fs = &fs;
  // Small chunks: records and quoted fields that span chunks get fuzzed too,
  // and a 1 MiB buffer per file would slow each run down a hundredfold.
  options.csv.chunk_bytes = 64;
  options.threads = 1;
  const auto net = io::read_network_csv("net", options);
  fuzz::check("network_csv", net, {error_code::invalid_input, error_code::limit_exceeded});
  // Read in parts on three threads, it must be the same network or the same error.
  options.threads = 3;
  options.parallel_bytes = 16;
  const auto par = io::read_network_csv("net", options);
  const std::string one = net ? io::write_elements_csv(*net) + io::write_links_csv(*net) : net.err().to_string();
  const std::string many = par ? io::write_elements_csv(*par) + io::write_links_csv(*par) : par.err().to_string();
  if (one != many) {
    fuzz::fail("network_csv", "read on three threads differs from one:\n" + one + "\n---\n" + many);
  }
  if (!net) {
    return 0;
  }
  // What netvet writes, netvet reads (the round trip `netvet convert` relies on).
  const auto again =
      io::read_network_csv_text(io::write_elements_csv(*net), io::write_links_csv(*net), "again", io::read_options{});
  if (!again) {
    fuzz::fail("network_csv", "the CSV written from a network read does not read again: " + again.err().to_string());
  }
  if (again->element_count() != net->element_count() || again->link_count() != net->link_count()) {
    fuzz::fail("network_csv", "the round trip changed the number of elements or links");
  }
  return 0;
}
