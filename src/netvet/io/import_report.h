// netvet/io/import_report.h: what reading an input did beyond the network.
//
// Today the NetBox readers' cable accounting (netbox.h): how many cables
// were read, how many became links (device to device, or through a circuit
// that joins devices), and the rest by reason -- power and console cables
// (no traffic), cables to a circuit open at one end, cables to something
// that is not a device port, cables with an end on nothing, and cables
// whose ends are on one device. Other formats have no cables: `cables` is
// empty. A library value: `netvet summary` and `netvet validate` print it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"

namespace netvet::io {

// Cables left unlinked for one reason.
struct unlinked_cables {
  std::string_view reason;  // stable key: "power", "console", "circuit_open", "not_a_device", "open", "self"
  std::string_view why;     // one line for people
  std::size_t cables = 0;
};

struct cable_report {
  std::size_t cables = 0;                 // read
  std::size_t linked = 0;                 // became links (device to device, or through a circuit)
  std::size_t links = 0;                  // links they gave
  std::vector<unlinked_cables> unlinked;  // the reasons with at least one cable, in a fixed order
  [[nodiscard]] std::size_t not_linked() const;
};

struct import_report {
  format source = format::csv;
  std::optional<cable_report> cables;  // NetBox inputs only
  // What the reader read but did not map, one line each with its count
  // (CycloneDX: components that are not devices, findings, dangling
  // references). Information, not errors.
  std::vector<std::string> notes;
};

struct imported_network {
  model::network net;
  import_report report;
};

// read_network (reader.h), keeping what the reader reports. `f`: the
// format, detected from the path when not given.
result<imported_network> import_network(const std::string& path, std::optional<format> f, const read_options& options);

}  // namespace netvet::io
