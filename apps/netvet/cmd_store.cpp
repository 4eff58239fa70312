// netvet import | export | snapshots: the workspace (netvet/store/workspace.h).
#include <cstdio>
#include <ctime>

#include "cli.h"
#include "netvet/store/workspace.h"

namespace netvet::cli {
namespace {

struct store_cmds {
  input_options in;
  std::string path;
  std::string workspace;
  std::string name;
  std::string out;
  std::string out_format;
  std::string fmt;
  std::string remove;
  bool replace = false;
};

void add_workspace_option(CLI::App& cmd, store_cmds& st) {
  cmd.add_option("--workspace", st.workspace, "Workspace file (SQLite)")->required();
}

store::progress_fn progress_for(progress& bar) {
  if (!bar.enabled()) {
    return {};
  }
  return [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
}

const registrar kImport{
    40, [](CLI::App& app) {
      auto st = std::make_shared<store_cmds>();
      auto* cmd = app.add_subcommand("import", "Store a network in a workspace as a named snapshot");
      cmd->add_option("PATH", st->path, "Network CSV folder, netvet JSON, NetBox export or GraphML")->required();
      add_workspace_option(*cmd, *st);
      cmd->add_option("--name", st->name, "Snapshot name (e.g. 2024-q1)")->required();
      cmd->add_flag("--replace", st->replace, "Replace a snapshot of the same name");
      add_input_options(*cmd, st->in, /*snapshot_source=*/false);
      cmd->footer(
          "Example:\n  netvet import examples/spark-2018/network --workspace nz.db --name 2018\n"
          "The import is one transaction: if it fails, the workspace is unchanged.\n"
          "Exit status 5 if the name is taken (use --replace).");
      cmd->callback([st] {
        unwrap(store::check_snapshot_name(st->name));
        const auto net = load_network(st->path, st->in);
        auto ws = unwrap(store::open_workspace(st->workspace));
        store::import_options opt;
        opt.name = st->name;
        opt.source = st->path;
        opt.replace = st->replace;
        opt.imported_at = store::timestamp{static_cast<std::int64_t>(std::time(nullptr))};
        progress bar("storing " + st->name);
        opt.progress = progress_for(bar);
        const auto info = unwrap(ws->import_network(net, opt));
        std::fprintf(stderr, "stored %llu elements and %llu links as snapshot '%s' in %s\n",
                     static_cast<unsigned long long>(info.elements), static_cast<unsigned long long>(info.links),
                     info.name.c_str(), st->workspace.c_str());
      });
    }};

const registrar kExport{
    41, [](CLI::App& app) {
      auto st = std::make_shared<store_cmds>();
      auto* cmd = app.add_subcommand("export", "Write a workspace snapshot as network CSV (a folder) or netvet JSON");
      add_workspace_option(*cmd, *st);
      cmd->add_option("--name", st->name, "Snapshot name")->required();
      cmd->add_option("OUT", st->out, "Output folder (network CSV) or *.json file")->required();
      cmd->add_option("--to", st->out_format, "csv or json (default: json if OUT ends in .json)")
          ->check(CLI::IsMember({"csv", "json"}));
      cmd->add_option("--vendors", st->in.vendors_file, "Extra vendors and aliases (vendors.csv layout)")
          ->check(CLI::ExistingFile);
      cmd->footer(
          "Example:\n  netvet export --workspace nz.db --name 2018 /tmp/nz-2018\n"
          "The output equals 'netvet convert' of the imported source, byte for byte.");
      cmd->callback([st] {
        progress bar("loading " + st->name);
        auto ws = unwrap(store::open_workspace(st->workspace, {.create_if_missing = false, .read_only = true}));
        const auto net = unwrap(ws->load(st->name, catalog_for(st->in), progress_for(bar)));
        const auto f = st->out_format.empty() ? io::output_format_for(st->out) : *io::parse_format(st->out_format);
        unwrap(io::write_network(net, st->out, f));
        std::fprintf(stderr, "wrote %zu elements and %zu links to %s (%s)\n", net.element_count(), net.link_count(),
                     st->out.c_str(), std::string(io::to_string(f)).c_str());
      });
    }};

const registrar kSnapshots{
    42, [](CLI::App& app) {
      auto st = std::make_shared<store_cmds>();
      auto* cmd = app.add_subcommand("snapshots", "List (or delete) the snapshots of a workspace");
      add_workspace_option(*cmd, *st);
      cmd->add_option("--delete", st->remove, "Delete the snapshot of this name");
      add_output_format(*cmd, st->fmt);
      cmd->footer(
          "Examples:\n  netvet snapshots --workspace nz.db\n  netvet snapshots --workspace nz.db --delete 2018");
      cmd->callback([st] {
        auto ws = unwrap(store::open_workspace(st->workspace, {.create_if_missing = false}));
        if (!st->remove.empty()) {
          unwrap(ws->remove(st->remove));
          std::fprintf(stderr, "deleted snapshot '%s'\n", st->remove.c_str());
          return;
        }
        const auto list = unwrap(ws->list());
        report::document doc;
        doc.kind = "snapshots";
        doc.title = "Snapshots in " + st->workspace;
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
        print(doc, st->fmt);
      });
    }};

}  // namespace
}  // namespace netvet::cli
