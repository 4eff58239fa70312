// fuzz target role_map: a user's NetBox role map CSV (`role,function`,
// io::netbox_role_map::from_csv_text). Contract: a map, or an invalid_input /
// limit_exceeded error with a message.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "netvet/io/netbox_roles.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netvet;
  const auto map = io::netbox_role_map::from_csv_text(fuzz::as_text(data, size), "roles.csv");
  fuzz::check("role_map", map, {error_code::invalid_input, error_code::limit_exceeded});
  if (map) {
    (void)map->lookup("router", "Router");
  }
  return 0;
}
