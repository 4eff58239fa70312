// fuzz target netbox_dump: NetBox `dumpdata` JSON (io::import_netbox_dump_text)
// with the built-in role map. Contract: an import, or an invalid_input /
// unsupported / limit_exceeded error with a message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/io/netbox.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto imported = io::import_netbox_dump_text(fuzz::as_text(data, size), "dump.json", io::read_options{});
  fuzz::check("netbox_dump", imported,
              {error_code::invalid_input, error_code::unsupported, error_code::limit_exceeded});
  return 0;
}
