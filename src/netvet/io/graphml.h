// netvet/io/graphml.h: GraphML topologies (Internet Topology Zoo).
//
// Reads the first <graph> of a GraphML file. Keys are resolved by their
// `attr.name` (ids like d0, d1 differ per file); <default> values apply to
// elements without that <data>.
//  * Nodes become elements, in file order: id = the node id; every node key
//    is kept as an attribute named by attr.name (one that clashes with a
//    netvet column, like the Zoo's "id", becomes "graphml_id"); lat/lon from
//    Latitude/Longitude when both parse and are in range; region from Country.
//  * Edges become links, in file order, with every edge key as an attribute;
//    capacity_gbps from LinkSpeedRaw (bits/s) when present. Links are
//    undirected: edgedefault="directed" is read the same way. Multi-edges and
//    self-loops are kept as they are (one link per <edge>).
//  * Vendors are "unknown" unless `read_options::vendor_attribute` names a
//    node key (attr.name; exact, else case-insensitive) holding the vendor,
//    and/or `vendor_map_path` is a CSV `node,vendor` (header required) whose
//    `node` is a node id or, failing that, a label (every node with that
//    label). The map wins over the attribute. A map row naming no node, or a
//    node mapped twice, is an error naming the map file, line and field.
//  * Every node gets `read_options::graphml_function`.
// Errors name file, line, column and field: malformed XML (pugixml's offset
// turned into line/column), a root that is not <graphml>, a node without id,
// a duplicate node id (with the first one's line), <data> for an undeclared
// key, an edge endpoint that is no node, <hyperedge> (unsupported: a link
// joins two elements).
#pragma once

#include <string>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"

namespace netvet::io {

result<model::network> read_graphml(const std::string& path, const read_options& options);

}  // namespace netvet::io
