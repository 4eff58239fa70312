#include "cli.h"

#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "netvet/store/workspace.h"

namespace netvet::cli {

[[noreturn]] void fail(netvet::error e) { throw command_failed{std::move(e)}; }

std::vector<std::pair<int, setup_fn>>& registry() {
  static std::vector<std::pair<int, setup_fn>> r;
  return r;
}
registrar::registrar(int order, setup_fn setup) { registry().emplace_back(order, std::move(setup)); }

void add_input_options(CLI::App& cmd, input_options& opt, bool snapshot_source) {
  cmd.add_option("--vendors", opt.vendors_file, "Extra vendors and aliases (vendors.csv layout)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--input-format", opt.input_format, "Input format (default: detected)")
      ->check(CLI::IsMember({"csv", "json", "netbox-dump", "netbox-api", "graphml"}));
  cmd.add_option("--role-map", opt.role_map, "NetBox: CSV of role,function mapping device roles to functions")
      ->check(CLI::ExistingFile);
  cmd.add_option("--vendor-attribute", opt.vendor_attribute, "GraphML: node attribute that holds the vendor");
  cmd.add_option("--vendor-map", opt.vendor_map, "GraphML: CSV of node,vendor (node id or label)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--graphml-function", opt.graphml_function, "GraphML: function of every node")->capture_default_str();
  cmd.add_option("--max-errors", opt.max_errors, "Errors listed before 'and N more'")->capture_default_str();
  if (!snapshot_source) {
    return;
  }
  auto* ws = cmd.add_option("--workspace", opt.workspace, "Read a snapshot from this workspace instead of PATH");
  auto* name = cmd.add_option("--name", opt.snapshot, "The snapshot to read (with --workspace)");
  ws->needs(name);
  name->needs(ws);
}

CLI::Option* add_network_path(CLI::App& cmd, std::string& path) {
  return cmd.add_option("PATH", path,
                        "Network CSV folder, netvet JSON, NetBox export or GraphML (or --workspace/--name)");
}

const model::vendor_catalog& catalog_for(const input_options& opt) {
  if (opt.vendors_file.empty()) {
    return model::vendor_catalog::builtin();
  }
  static std::unique_ptr<model::vendor_catalog> user;
  if (!user) {
    user = std::make_unique<model::vendor_catalog>(model::vendor_catalog::builtin());
    unwrap(user->merge_file(opt.vendors_file));
  }
  return *user;
}

io::read_options read_options_for(const input_options& opt) {
  io::read_options ro;
  ro.catalog = &catalog_for(opt);
  ro.max_errors = opt.max_errors;
  ro.role_map_path = opt.role_map;
  ro.vendor_attribute = opt.vendor_attribute;
  ro.vendor_map_path = opt.vendor_map;
  const auto fn = model::parse_function(opt.graphml_function);
  if (!fn) {
    fail(make_error(
        error_code::invalid_input,
        "unknown function '" + opt.graphml_function + "'; expected one of: " + std::string(model::function_list()),
        location{"", 0, 0, "--graphml-function"}));
  }
  ro.graphml_function = *fn;
  return ro;
}

model::network load_network(const std::string& path, const input_options& opt) {
  if (!opt.workspace.empty()) {
    if (!path.empty()) {
      throw CLI::ValidationError("PATH", "give PATH or --workspace/--name, not both");
    }
    progress bar("loading snapshot " + opt.snapshot);
    store::progress_fn p;
    if (bar.enabled()) {
      p = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
    }
    auto ws = unwrap(store::open_workspace(opt.workspace, {.create_if_missing = false, .read_only = true}));
    return unwrap(ws->load(opt.snapshot, catalog_for(opt), p));
  }
  if (path.empty()) {
    throw CLI::RequiredError("PATH (or --workspace FILE --name NAME)");
  }
  io::read_options ro = read_options_for(opt);
  progress bar("reading " + path);
  if (bar.enabled()) {
    ro.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
  }
  if (!opt.input_format.empty()) {
    return unwrap(io::read_network(path, *io::parse_format(opt.input_format), ro));
  }
  return unwrap(io::read_network(path, ro));
}

progress::progress(std::string label) : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1) {}
progress::~progress() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}
void progress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) {
    return;
  }
  shown_ = true;
  if (total > 0) {
    std::fprintf(stderr, "\r%s: %.0f%% (%llu of %llu MB)", label_.c_str(),
                 100.0 * static_cast<double>(done) / static_cast<double>(total),
                 static_cast<unsigned long long>(done >> 20), static_cast<unsigned long long>(total >> 20));
  } else {
    std::fprintf(stderr, "\r%s: %llu", label_.c_str(), static_cast<unsigned long long>(done));
  }
  std::fflush(stderr);
}

void add_output_format(CLI::App& cmd, std::string& fmt, std::string default_value) {
  fmt = std::move(default_value);
  cmd.add_option("--format", fmt, "Output: text, json, csv or markdown")
      ->check(CLI::IsMember({"text", "json", "csv", "markdown"}))
      ->capture_default_str();
}

report::output_format output_format_of(const std::string& fmt) {
  return report::parse_output_format(fmt).value_or(report::output_format::text);
}

void print(const report::document& doc, const std::string& fmt) {
  const std::string out = report::render(doc, output_format_of(fmt));
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace netvet::cli
