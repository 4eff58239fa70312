#include "netvet/usecase/store.h"

namespace netvet::usecase {
namespace {

// An existing workspace (never a new, empty one), read-only when asked.
store::open_options existing(bool read_only) {
  store::open_options opt;
  opt.create_if_missing = false;
  opt.read_only = read_only;
  return opt;
}

}  // namespace

result<store::snapshot_info> import_snapshot(const context& ctx, const import_request& request,
                                             const progress_fn& read_progress, const progress_fn& store_progress) {
  NETVET_TRY(store::check_snapshot_name(request.name));
  NETVET_ASSIGN_OR_RETURN(const auto net, load_network(ctx, request.source, read_progress));
  NETVET_ASSIGN_OR_RETURN(auto ws, store::open_workspace(request.workspace));
  store::import_options opt;
  opt.name = request.name;
  opt.source = request.source.display_name();
  opt.replace = request.replace;
  opt.imported_at = request.imported_at;
  opt.progress = store_progress;
  return ws->import_network(net, opt);
}

result<convert_outcome> export_snapshot(const context& ctx, const export_request& request,
                                        const progress_fn& progress) {
  NETVET_ASSIGN_OR_RETURN(auto ws, store::open_workspace(request.workspace, existing(true)));
  NETVET_ASSIGN_OR_RETURN(const auto net, ws->load(request.name, ctx.catalog(), progress));
  return write_network(ctx, net, request.out, request.out_format);
}

result<report::document> snapshots_document(const std::string& workspace) {
  NETVET_ASSIGN_OR_RETURN(auto ws, store::open_workspace(workspace, existing(true)));
  NETVET_ASSIGN_OR_RETURN(const auto list, ws->list());
  report::document doc;
  doc.kind = "snapshots";
  doc.title = "Snapshots in " + workspace;
  auto& t = doc.tables.emplace_back();
  t.name = "snapshots";
  t.title = "Snapshots";
  t.add_column("name", report::column_type::text, "snapshot name")
      .add_column("imported_at", report::column_type::text, "when it was imported (UTC)")
      .add_column("elements", report::column_type::integer, "elements")
      .add_column("links", report::column_type::integer, "links")
      .add_column("source", report::column_type::text, "the path it was imported from")
      .add_column("content_hash", report::column_type::text, "FNV-1a 64 of the stored rows");
  for (const auto& s : list) {
    t.add_row({s.name, store::format_timestamp(s.imported_at), static_cast<std::int64_t>(s.elements),
               static_cast<std::int64_t>(s.links), s.source, s.content_hash});
  }
  return doc;
}

status delete_snapshot(const std::string& workspace, const std::string& name) {
  NETVET_ASSIGN_OR_RETURN(auto ws, store::open_workspace(workspace, existing(false)));
  return ws->remove(name);
}

}  // namespace netvet::usecase
