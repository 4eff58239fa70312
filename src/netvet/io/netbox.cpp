// Placeholder until the NetBox reader lands (see netbox.h for the contract).
#include "netvet/io/netbox.h"

namespace netvet::io {

result<model::network> read_netbox_dump(const std::string& path, const read_options&) {
  return make_error(error_code::unsupported, "NetBox dumpdata reader not built yet", location{path});
}
result<model::network> read_netbox_api(const std::string& dir, const read_options&) {
  return make_error(error_code::unsupported, "NetBox API reader not built yet", location{dir});
}

}  // namespace netvet::io
