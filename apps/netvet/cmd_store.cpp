// netvet import | export | snapshots: the workspace (netvet/usecase/store.h).
#include <cstdio>
#include <ctime>

#include "cli.h"
#include "commands.h"
#include "netvet/usecase/store.h"

namespace netvet::cli {
namespace {

struct store_config {
  input_config in;
  std::string workspace;
  std::string name;
  std::string out;
  std::string out_format;
  std::string fmt;
  std::string remove;
  bool replace = false;
};

void add_workspace_option(CLI::App& cmd, store_config& st) {
  cmd.add_option("--workspace", st.workspace, "Workspace file (SQLite)")->required();
}

}  // namespace

void add_import(CLI::App& app) {
  auto st = std::make_shared<store_config>();
  auto* cmd = app.add_subcommand("import", "Store a network in a workspace as a named snapshot");
  cmd->add_option("PATH", st->in.path, "Network CSV folder, netvet JSON, NetBox export or GraphML")->required();
  add_workspace_option(*cmd, *st);
  cmd->add_option("--name", st->name, "Snapshot name (e.g. 2024-q1)")->required();
  cmd->add_flag("--replace", st->replace, "Replace a snapshot of the same name");
  add_input_options(*cmd, st->in, /*snapshot_source=*/false);
  cmd->footer(
      "Example:\n  netvet import examples/spark-2018/network --workspace nz.db --name 2018\n"
      "The import is one transaction: if it fails, the workspace is unchanged.\n"
      "Exit status 5 if the name is taken (use --replace).");
  cmd->callback([st] {
    const auto ctx = make_context(st->in);
    usecase::import_request req;
    req.source = to_source(st->in);
    req.workspace = st->workspace;
    req.name = st->name;
    req.replace = st->replace;
    req.imported_at = store::timestamp{static_cast<std::int64_t>(std::time(nullptr))};
    progress reading("reading " + st->in.path);
    progress storing("storing " + st->name);
    const auto info = unwrap(usecase::import_snapshot(*ctx, req, reading.callback(), storing.callback()));
    reading.finish();
    storing.finish();
    std::fprintf(stderr, "stored %llu elements and %llu links as snapshot '%s' in %s\n",
                 static_cast<unsigned long long>(info.elements), static_cast<unsigned long long>(info.links),
                 info.name.c_str(), st->workspace.c_str());
  });
}

void add_export(CLI::App& app) {
  auto st = std::make_shared<store_config>();
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
    const auto ctx = make_context(st->in);
    usecase::export_request req{st->workspace, st->name, st->out, std::nullopt};
    if (!st->out_format.empty()) {
      req.out_format = io::parse_format(st->out_format);
    }
    progress bar("loading " + st->name);
    const auto done = unwrap(usecase::export_snapshot(*ctx, req, bar.callback()));
    bar.finish();
    std::fprintf(stderr, "wrote %llu elements and %llu links to %s (%s)\n",
                 static_cast<unsigned long long>(done.elements), static_cast<unsigned long long>(done.links),
                 st->out.c_str(), std::string(io::to_string(done.written)).c_str());
  });
}

void add_snapshots(CLI::App& app) {
  auto st = std::make_shared<store_config>();
  auto* cmd = app.add_subcommand("snapshots", "List (or delete) the snapshots of a workspace");
  add_workspace_option(*cmd, *st);
  cmd->add_option("--delete", st->remove, "Delete the snapshot of this name");
  add_output_format(*cmd, st->fmt);
  cmd->footer("Examples:\n  netvet snapshots --workspace nz.db\n  netvet snapshots --workspace nz.db --delete 2018");
  cmd->callback([st] {
    if (!st->remove.empty()) {
      unwrap(usecase::delete_snapshot(st->workspace, st->remove));
      std::fprintf(stderr, "deleted snapshot '%s'\n", st->remove.c_str());
      return;
    }
    print(unwrap(usecase::snapshots_document(st->workspace)), st->fmt);
  });
}

}  // namespace netvet::cli
