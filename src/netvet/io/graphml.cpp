// Placeholder until the GraphML reader lands (see graphml.h for the contract).
#include "netvet/io/graphml.h"

namespace netvet::io {

result<model::network> read_graphml(const std::string& path, const read_options&) {
  return make_error(error_code::unsupported, "GraphML reader not built yet", location{path});
}

}  // namespace netvet::io
