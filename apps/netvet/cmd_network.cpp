// netvet validate | summary | convert | vendors
#include <cstdio>

#include "cli.h"
#include "netvet/report/summary.h"

namespace netvet::cli {
namespace {

struct network_cmds {
  input_options in;
  std::string path;
  std::string out;
  std::string fmt;
  std::string out_format;
};

const registrar kValidate{10, [](CLI::App& app) {
  auto st = std::make_shared<network_cmds>();
  auto* cmd = app.add_subcommand("validate", "Check a network inventory and report every problem");
  cmd->add_option("PATH", st->path, "Network CSV folder, netvet JSON, NetBox export or GraphML")->required();
  add_input_options(*cmd, st->in);
  cmd->footer("Example:\n  netvet validate examples/spark-2018/network\n"
              "Exit status 0 when valid, 3 with every error (file, line, field) on stderr.");
  cmd->callback([st] {
    const auto net = load_network(st->path, st->in);
    std::size_t unknown = 0;
    for (const auto& v : net.vendors()) {
      unknown += v.known() ? 0 : 1;
    }
    std::printf("%s: valid: %zu elements, %zu links, %zu vendors (%zu unknown)\n", st->path.c_str(),
                net.element_count(), net.link_count(), net.vendors().size(), unknown);
  });
}};

const registrar kSummary{11, [](CLI::App& app) {
  auto st = std::make_shared<network_cmds>();
  auto* cmd = app.add_subcommand("summary", "Elements and links by function, vendor and region");
  cmd->add_option("PATH", st->path, "Network CSV folder, netvet JSON, NetBox export or GraphML")->required();
  add_input_options(*cmd, st->in);
  add_output_format(*cmd, st->fmt);
  cmd->footer("Example:\n  netvet summary examples/spark-2018/network --format json");
  cmd->callback([st] {
    const auto net = load_network(st->path, st->in);
    print(report::summarize(net, catalog_for(st->in)), st->fmt);
  });
}};

const registrar kConvert{12, [](CLI::App& app) {
  auto st = std::make_shared<network_cmds>();
  auto* cmd = app.add_subcommand("convert", "Convert a network to network CSV (a folder) or netvet JSON");
  cmd->add_option("IN", st->path, "Any input netvet reads")->required();
  cmd->add_option("OUT", st->out, "Output folder (network CSV) or *.json file")->required();
  cmd->add_option("--to", st->out_format, "csv or json (default: json if OUT ends in .json)")
      ->check(CLI::IsMember({"csv", "json"}));
  add_input_options(*cmd, st->in);
  cmd->footer("Example:\n  netvet convert data/netbox-sample/netbox-demo-v3.6-branch-sample.json /tmp/branch\n"
              "  netvet convert /tmp/branch /tmp/branch.json");
  cmd->callback([st] {
    const auto net = load_network(st->path, st->in);
    const auto f = st->out_format.empty() ? io::output_format_for(st->out) : *io::parse_format(st->out_format);
    unwrap(io::write_network(net, st->out, f));
    std::fprintf(stderr, "wrote %zu elements and %zu links to %s (%s)\n", net.element_count(), net.link_count(),
                 st->out.c_str(), std::string(io::to_string(f)).c_str());
  });
}};

const registrar kVendors{13, [](CLI::App& app) {
  auto st = std::make_shared<network_cmds>();
  auto* cmd = app.add_subcommand("vendors", "List the vendor catalogue, or a network's vendors and spellings");
  cmd->add_option("PATH", st->path, "A network (omit to list the catalogue)");
  add_input_options(*cmd, st->in);
  add_output_format(*cmd, st->fmt);
  cmd->footer("Examples:\n  netvet vendors\n  netvet vendors examples/spark-2018/network\n"
              "  netvet vendors inventory/ --vendors my-aliases.csv");
  cmd->callback([st] {
    if (st->path.empty()) {
      print(report::catalog_listing(catalog_for(st->in)), st->fmt);
      return;
    }
    const auto net = load_network(st->path, st->in);
    print(report::network_vendors(net, catalog_for(st->in)), st->fmt);
  });
}};

}  // namespace
}  // namespace netvet::cli
