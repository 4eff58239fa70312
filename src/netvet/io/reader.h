// netvet/io/reader.h: reading and writing networks in every supported format.
//
// Formats (README "Input formats"):
//   csv          a folder with elements.csv and links.csv (network-csv.md)
//   json         netvet's own JSON (one file; README "netvet JSON")
//   netbox-dump  NetBox `manage.py dumpdata` JSON (one array of objects)
//   netbox-api   NetBox REST API pages of /api/dcim/devices/ and
//                /api/dcim/cables/, saved as JSON files in one folder
//   graphml      Topology Zoo style GraphML (topology, vendors unknown
//                unless given by a node attribute or a mapping file)
//   cyclonedx    a CycloneDX 1.5/1.6 JSON hardware BOM (cyclonedx.h),
//                detected by its "bomFormat"; written as CycloneDX 1.6
//
// `read_network` detects the format from the path unless told. Validation
// errors are collected up to `max_errors` and returned as one error whose
// message lists them ("and N more"); each names file, line, column or field.
//
// Files: every reader and writer goes through a `file_system`
// (core/file_system.h): `read_options::fs` for readers, the `fs` argument for
// writers, `local_file_system()` when none is given. A file that cannot be
// opened or read (even half-way) is the file_system's error (not_found,
// io_error), naming the file; it is never taken for a shorter input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "netvet/core/csv.h"
#include "netvet/core/error.h"
#include "netvet/core/file_system.h"
#include "netvet/model/network.h"
#include "netvet/model/vendor.h"

namespace netvet::io {

#define NETVET_FORMATS(X)       \
  X(csv, "csv")                 \
  X(json, "json")               \
  X(netbox_dump, "netbox-dump") \
  X(netbox_api, "netbox-api")   \
  X(graphml, "graphml")         \
  X(cyclonedx, "cyclonedx")
enum class format : std::uint8_t {
#define NETVET_X(name, text) name,
  NETVET_FORMATS(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(format f);
std::optional<format> parse_format(std::string_view s);

// Called with bytes done and bytes in all (0 when unknown) during long reads.
using progress_fn = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct read_options {
  const model::vendor_catalog* catalog = &model::vendor_catalog::builtin();
  std::size_t max_errors = 20;
  csv_options csv;
  // NetBox: device-role slug/name -> function mapping file (CSV `role,function`);
  // empty: the built-in default (README "NetBox role mapping").
  std::string role_map_path;
  // GraphML: node attribute whose value is the vendor (e.g. "vendor").
  std::string vendor_attribute;
  // GraphML: CSV `node,vendor` (node id or label) giving each node a vendor.
  std::string vendor_map_path;
  // GraphML: the function given to every node (topology only says "a node").
  model::function graphml_function = model::function::router;
  progress_fn progress;
  // Threads for reading a large network CSV (parts of each file parsed at
  // once, then joined in file order: the same network as one thread reads).
  // 0: the machine's cores, at most 8.
  std::size_t threads = 0;
  // An elements.csv at least this large is read in parts, none smaller than
  // a quarter of it (tests make it small to split small files).
  std::uint64_t parallel_bytes = std::uint64_t{4} << 20;
  // Where files are read from; nullptr: local_file_system(). Not owned.
  file_system* fs = nullptr;
  // CycloneDX: a BOM larger than this is refused before it is read
  // (limit_exceeded; README "Limits").
  std::uint64_t max_bom_bytes = std::uint64_t{64} << 20;

  [[nodiscard]] file_system& files() const { return fs != nullptr ? *fs : local_file_system(); }
};

// Detects the format of `path`: a folder with elements.csv -> csv; a folder of
// JSON pages -> netbox-api; *.graphml/*.xml -> graphml; a JSON file -> json,
// netbox-dump, netbox-api or cyclonedx (a "bomFormat" key) by its first bytes.
result<format> detect_format(const std::string& path, file_system& fs = local_file_system());

result<model::network> read_network(const std::string& path, const read_options& options);
result<model::network> read_network(const std::string& path, format f, const read_options& options);

// Network CSV (folder). Exact layout of network-csv.md; extra columns kept.
result<model::network> read_network_csv(const std::string& dir, const read_options& options);
// The same from two in-memory texts (tests, server uploads). `name` prefixes locations.
result<model::network> read_network_csv_text(std::string_view elements_csv, std::string_view links_csv,
                                             std::string_view name, const read_options& options);

// The CSV netvet writes: required columns, then the optional columns the
// network has (in network-csv.md order), then attributes. Deterministic.
std::string write_elements_csv(const model::network& net);
std::string write_links_csv(const model::network& net);
// Creates `dir` if needed, then writes each file atomically (a failed write
// leaves the old file in place).
status write_network_csv(const model::network& net, const std::string& dir, file_system& fs = local_file_system());

// netvet JSON (README "netvet JSON").
result<model::network> read_network_json(const std::string& path, const read_options& options);
result<model::network> read_network_json_text(std::string_view text, std::string_view name,
                                              const read_options& options);
std::string write_network_json(const model::network& net);

// Writes `net` to `out`: a folder (csv) or a file (json, cyclonedx), chosen
// by `f`. CycloneDX here has no timestamp and the built-in catalogue
// (usecase::write_network gives both).
status write_network(const model::network& net, const std::string& out, format f,
                     file_system& fs = local_file_system());
// cyclonedx when `out` ends in .cdx.json, json when in .json, else csv.
format output_format_for(const std::string& out);

}  // namespace netvet::io
