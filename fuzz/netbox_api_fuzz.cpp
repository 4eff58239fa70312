// fuzz target netbox_api: a folder of NetBox REST API pages
// (io::import_netbox_api) held in memory. Input: pages separated by lines
// "====" (at most 8), saved as pages/page<N>.json. Contract: an import, or
// an invalid_input / unsupported / limit_exceeded error with a message (a
// missing page is invalid_input naming the `next` URL).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "netvet/io/netbox.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto parts = fuzz::split(fuzz::as_text(data, size), 8);
  fuzz::memory_file_system fs;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    fs.add("pages/page" + std::to_string(i) + ".json", parts[i]);
  }
  io::read_options options;
  options.fs = &fs;
  const auto imported = io::import_netbox_api("pages", options);
  fuzz::check("netbox_api", imported, {error_code::invalid_input, error_code::unsupported, error_code::limit_exceeded});
  return 0;
}
