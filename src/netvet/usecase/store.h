// netvet/usecase/store.h: keeping networks as named, dated snapshots in a
// workspace (store/workspace.h), and reading them back.
#pragma once

#include <string>
#include <vector>

#include "netvet/report/table.h"
#include "netvet/store/workspace.h"
#include "netvet/usecase/network.h"

namespace netvet::usecase {

struct import_request {
  network_source source;  // a path (a workspace cannot import from itself)
  std::string workspace;  // path or URI
  std::string name;
  bool replace = false;
  store::timestamp imported_at;  // the caller's clock
};
// Checks the name before reading the network; one transaction (a failed
// import changes nothing). already_exists when the name is taken.
result<store::snapshot_info> import_snapshot(const context& ctx, const import_request& request,
                                             const progress_fn& read_progress = {},
                                             const progress_fn& store_progress = {});

struct export_request {
  std::string workspace;
  std::string name;
  std::string out;
  std::optional<io::format> out_format;  // default: json if `out` ends in .json, else csv
};
result<convert_outcome> export_snapshot(const context& ctx, const export_request& request,
                                        const progress_fn& progress = {});

// The snapshots of a workspace as a document (table `snapshots`).
result<report::document> snapshots_document(const std::string& workspace);
status delete_snapshot(const std::string& workspace, const std::string& name);

}  // namespace netvet::usecase
