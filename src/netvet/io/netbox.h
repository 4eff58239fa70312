// netvet/io/netbox.h: NetBox inventories.
//
// Two shapes (../shared/data/netbox-sample/API-SHAPE.md):
//  * `dumpdata`: one JSON array of {"model","pk","fields"} objects, as the
//    NetBox demo data ships; foreign keys are bare primary keys.
//  * REST API pages of /api/dcim/devices/ and /api/dcim/cables/ (paginated
//    {"count","next","previous","results"}), saved as JSON files in a folder.
//
// Devices become elements: id = device name (or "device-<pk>" when unnamed),
// vendor = device_type.manufacturer.name, model = device_type.model, site =
// site name, region = the site's region name, function = the device role
// mapped through a role map (built-in default, or a user CSV `role,function`
// matched on the role's slug or name, case-insensitive), status = NetBox
// status. Cables whose two ends sit on two devices (interfaces, front and
// rear ports) become links; circuit terminations at both ends of one circuit
// join the two devices that reach them.
#pragma once

#include <string>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"

namespace netvet::io {

result<model::network> read_netbox_dump(const std::string& path, const read_options& options);
result<model::network> read_netbox_api(const std::string& dir, const read_options& options);

}  // namespace netvet::io
