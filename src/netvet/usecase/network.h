// netvet/usecase/network.h: reading a network, and the questions asked of
// one inventory (validate, summary, vendors, convert).
//
// Every analysis names the network it reads (no "current snapshot"): a path
// with its format options, or a snapshot of a workspace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "netvet/io/import_report.h"
#include "netvet/io/reader.h"
#include "netvet/model/network.h"
#include "netvet/report/table.h"
#include "netvet/usecase/context.h"

namespace netvet::usecase {

// Where a network comes from: `path` (format detected unless `format` is
// given), or snapshot `snapshot` of workspace `workspace` (a path or URI,
// store/workspace.h) -- exactly one of the two.
struct network_source {
  std::string path;
  std::optional<io::format> format;
  std::string workspace;
  std::string snapshot;
  // Reader options (io/reader.h).
  std::string role_map;          // NetBox: role,function CSV
  std::string vendor_attribute;  // GraphML: node attribute holding the vendor
  std::string vendor_map;        // GraphML: node,vendor CSV
  model::function graphml_function = model::function::router;
  std::size_t max_errors = 20;
  std::size_t threads = 0;  // network CSV: io::read_options::threads

  // What a report calls it: the path, or "workspace:snapshot".
  [[nodiscard]] std::string display_name() const;
};

// Called with work done and work in all (bytes or rows) during long reads.
using progress_fn = std::function<void(std::uint64_t done, std::uint64_t total)>;

// Reads the network. Errors: the reader's or the workspace's; invalid_input
// when neither or both of path and workspace are given (field "PATH").
result<model::network> load_network(const context& ctx, const network_source& source, const progress_fn& progress = {});

// The same, with what the reader reports beyond the network (NetBox: the
// cables that became links and the rest by reason; a snapshot: nothing).
result<io::imported_network> import_network(const context& ctx, const network_source& source,
                                            const progress_fn& progress = {});

// `netvet summary`: report::summarize, plus for a NetBox import the cables:
// facts `cables`, `cables_linked`, `links_from_cables`, `cables_not_linked`
// and the table `unlinked_cables` (reason, cables, why).
report::document summary_document(const context& ctx, const io::imported_network& in);

// `netvet validate`: the lines that say what the reader did not map
// ("not read: ...", CycloneDX) and what became of the cables (empty when
// the input has neither).
std::vector<std::string> cable_lines(const io::import_report& report);

// Bytes of input behind a path source: a CSV folder's two files, or the one file.
std::uint64_t input_bytes(const context& ctx, const network_source& source);

// The catalogue listing, or a network's vendors and how each spelling resolved.
report::document vendors_document(const context& ctx, const model::network* net);

struct convert_request {
  network_source source;
  std::string out;
  std::string tool_version;              // CycloneDX: metadata.tools' netvet version (empty: none)
  std::optional<io::format> out_format;  // default: json if `out` ends in .json, else csv
};
struct convert_outcome {
  std::uint64_t elements = 0;
  std::uint64_t links = 0;
  io::format written = io::format::csv;
  std::vector<std::string> import_notes;  // what the reader did not map (io::import_report)
};
// Writes `net` to `out` (format: `out_format`, else by the path's suffix).
// CycloneDX takes its vendors' legal names from the context's catalogue and
// its timestamp from io::bom_timestamp (SOURCE_DATE_EPOCH, else now).
result<convert_outcome> write_network(const context& ctx, const model::network& net, const std::string& out,
                                      std::optional<io::format> out_format, std::string_view tool_version = {});
result<convert_outcome> convert(const context& ctx, const convert_request& request, const progress_fn& progress = {});

}  // namespace netvet::usecase
