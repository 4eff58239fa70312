// Private to the NetBox readers: the inventory both shapes (dumpdata, API
// pages) are reduced to, and the one function that turns it into a network.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/io/netbox.h"
#include "netvet/model/network.h"

namespace netvet::io::netbox_detail {

// What a cable end is plugged into.
enum class end_kind : std::uint8_t {
  data,     // interface, front port, rear port: carries traffic
  power,    // power port / outlet / feed
  console,  // console port / console server port
  circuit,  // circuits.circuittermination
  other,    // anything else (skipped)
};

// From a NetBox model name ("interface", "frontport", "circuittermination").
end_kind kind_of_model(std::string_view model);

struct termination {
  end_kind kind = end_kind::other;
  std::int64_t device = -1;   // NetBox device id (data/power/console), -1 unknown
  std::string device_name;    // API only, for error messages
  std::int64_t circuit = -1;  // circuit id (circuit kind)
  char side = 0;              // circuit termination side 'A' / 'Z'
  std::string what;           // "interface 12", for error messages
};

struct device_rec {
  std::int64_t id = -1;
  std::string name;  // may be empty (unnamed)
  std::string role_slug;
  std::string role_name;
  std::string manufacturer;
  std::string model;
  std::string site;
  std::string region;
  std::string status;
  std::string serial;
  std::string asset_tag;
  std::string generation;  // custom field `generation`, if the device has one
  double lat = model::kNoValue;
  double lon = model::kNoValue;
  std::string where;  // "dcim.device pk 12" / "devices.json: results[3]"
};

struct cable_rec {
  std::int64_t id = -1;
  std::string type;
  std::string label;
  std::string status;
  std::vector<termination> a;
  std::vector<termination> b;
  std::string where;
};

struct circuit_rec {
  std::string cid;
  std::string status;
};

struct inventory {
  std::vector<device_rec> devices;
  std::vector<cable_rec> cables;
  std::map<std::int64_t, circuit_rec> circuits;
};

// Builds the network. `source` names the input in errors. Errors found on
// the way (unknown roles, statuses, dangling ends) are collected up to
// `options.max_errors`.
result<netbox_import> build_network(const inventory& inv, const std::string& source, const read_options& options);

// NetBox link medium from a cable type ("smf" -> fiber, "cat6" -> copper).
model::link_medium medium_of_cable_type(std::string_view type);

}  // namespace netvet::io::netbox_detail
