// netvet/io/netbox.h: NetBox inventories.
//
// Two shapes (docs/formats/netbox-api-shape.md):
//  * `dumpdata`: one JSON array of {"model","pk","fields"} objects, as the
//    NetBox demo data ships; foreign keys are bare primary keys.
//  * REST API pages of /api/dcim/devices/ and /api/dcim/cables/ (paginated
//    {"count","next","previous","results"}), saved as JSON files in a folder
//    (any file names; *.json), or one page file.
//
// Devices become elements, in input order:
//   id        the device name; "device-<pk>" when the name is empty/null or
//             when several devices share it (NetBox names are unique only per
//             site and tenant) -- then *every* device with that name gets
//             "device-<pk>", and the name is kept in attribute `netbox_name`.
//   vendor    device_type.manufacturer.name ("unknown" if absent)
//   model     device_type.model
//   site      site name; region = the site's region name (dumpdata). API
//             pages: the device's brief `site` has no region, so region is
//             the site's `region` (object with `name`, or string) when a
//             saved page has one, else empty.
//   lat/lon   the device's latitude/longitude (NetBox 4), else the site's
//             (dumpdata; the API brief site has no coordinates).
//   status    the NetBox status (netvet's statuses are NetBox's words).
//   function  the device role (`role`, or `device_role` before NetBox 3.6)
//             through the role map (netbox_roles.h): the built-in defaults,
//             overridden by `read_options::role_map_path`. A role neither
//             maps is an error naming the role and the file.
//   attributes netbox_id (pk), role (slug), and serial, asset_tag,
//             netbox_name when any device has one.
//
// Cables become links. A cable's A-side devices x B-side devices give one
// link each (same device on both sides: skipped, counted as a self-pair).
// Only ends that carry traffic count: interfaces, front ports, rear ports.
// Power cables (power port/outlet/feed) and console cables are *not* links,
// because a link in netvet is a traffic path (network-csv.md, outage
// semantics); they are counted in `netbox_stats`. A circuit joins the devices
// cabled to its A termination with those cabled to its Z termination (medium
// virtual, attribute `circuit` = cid); a circuit that ends on a provider
// network or an uncabled termination gives no link (counted).
// Cable terminations come from dcim.cabletermination rows (NetBox >= 3.3),
// or termination_a_type/_id on the cable (older dumps: natural-key
// ["dcim","interface"] or a content-type id resolved through
// contenttypes.contenttype objects in the same file); API cables from
// a_terminations/b_terminations, or termination_a_type/termination_a (older).
// Link medium from the cable type (smf/mmf/aoc: fiber; cat*, dac, coax:
// copper); attributes cable_id, cable_type, cable_label, cable_status,
// circuit.
//
// API pages: each page's `count` is checked against the objects the pages
// hold (devices and cables separately); missing pages are an error naming
// the `next` URL to save. Objects are told apart by their fields (devices
// have device_type, cables a_terminations or termination_a_type); pages of
// other objects (sites, interfaces) are ignored.
#pragma once

#include <cstddef>
#include <string>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"

namespace netvet::io {

// What an import did beyond the network itself (for reports and tests).
// Every cable is counted once under one outcome:
//   cables = linked_cables + circuit_linked_cables + power_cables +
//            console_cables + circuit_open_cables + non_device_cables +
//            open_cables + self_cables
// (import_report() in reader.h turns them into "became links" and the rest
// by reason).
struct netbox_stats {
  std::size_t devices = 0;
  std::size_t renamed_devices = 0;  // got "device-<pk>"
  std::size_t cables = 0;
  std::size_t cable_links = 0;            // links from device-to-device cables
  std::size_t circuit_links = 0;          // links through circuits
  std::size_t self_pairs = 0;             // device-to-itself pairs skipped
  std::size_t linked_cables = 0;          // gave at least one link, device to device
  std::size_t circuit_linked_cables = 0;  // to a circuit that joins devices (a link through it)
  std::size_t power_cables = 0;           // not links
  std::size_t console_cables = 0;         // not links
  std::size_t circuit_open_cables = 0;    // to a circuit that joins no two devices (open at one end)
  std::size_t non_device_cables = 0;      // an end on something that is not a device port
  std::size_t open_cables = 0;            // data cable with an end on nothing (and no circuit)
  std::size_t self_cables = 0;            // both ends on one device
  std::size_t circuits_open = 0;          // cabled circuits that join no two devices
  std::size_t pages = 0;                  // API pages read (0 for dumpdata)
};

struct netbox_import {
  model::network net;
  netbox_stats stats;
};

result<netbox_import> import_netbox_dump(const std::string& path, const read_options& options);
result<netbox_import> import_netbox_dump_text(std::string_view text, std::string_view name,
                                              const read_options& options);
// `path`: a folder of pages or one page file.
result<netbox_import> import_netbox_api(const std::string& path, const read_options& options);

result<model::network> read_netbox_dump(const std::string& path, const read_options& options);
result<model::network> read_netbox_api(const std::string& dir, const read_options& options);

}  // namespace netvet::io
