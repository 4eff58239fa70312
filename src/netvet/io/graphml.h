// netvet/io/graphml.h: GraphML topologies (Internet Topology Zoo).
//
// Nodes become elements (id = node id, `label` kept as an attribute, lat/lon
// from Latitude/Longitude, region from Country), edges become links.
// Vendors are unknown ("unknown") unless `read_options::vendor_attribute`
// names a node attribute or `vendor_map_path` maps node id/label -> vendor.
// Every node gets `read_options::graphml_function`.
#pragma once

#include <string>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"

namespace netvet::io {

result<model::network> read_graphml(const std::string& path, const read_options& options);

}  // namespace netvet::io
