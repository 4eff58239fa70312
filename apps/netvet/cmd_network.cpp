// netvet validate | summary | convert | vendors
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "netvet/report/summary.h"

namespace netvet::cli {
namespace {

// Resident set size now, from /proc/self/statm (0 where unavailable).
std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  std::uint64_t resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Bytes of input: a CSV folder's two files, or the one file.
std::uint64_t input_bytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::uint64_t total = 0;
    for (const char* f : {"elements.csv", "links.csv"}) {
      const auto size = fs::file_size(fs::path(path) / f, ec);
      total += ec ? 0 : size;
    }
    return total;
  }
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

struct network_cmds {
  bool stats = false;
  input_options in;
  std::string path;
  std::string out;
  std::string fmt;
  std::string out_format;
};

const registrar kValidate{
    10, [](CLI::App& app) {
      auto st = std::make_shared<network_cmds>();
      auto* cmd = app.add_subcommand("validate", "Check a network inventory and report every problem");
      add_network_path(*cmd, st->path);
      add_input_options(*cmd, st->in);
      cmd->add_flag("--stats", st->stats, "Print load time, throughput and memory per element on stderr");
      cmd->footer(
          "Example:\n  netvet validate examples/spark-2018/network\n"
          "Exit status 0 when valid, 3 with every error (file, line, field) on stderr.");
      cmd->callback([st] {
        const std::uint64_t rss_before = resident_bytes();
        const auto t0 = std::chrono::steady_clock::now();
        const auto net = load_network(st->path, st->in);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (st->stats) {
          const std::uint64_t rss_after = resident_bytes();
          const double n = net.element_count() == 0 ? 1.0 : static_cast<double>(net.element_count());
          const double mb = static_cast<double>(input_bytes(st->path)) / 1e6;
          rusage ru{};
          ::getrusage(RUSAGE_SELF, &ru);
          std::fprintf(stderr,
                       "stats: load %.3f s, %.1f MB read, %.1f MB/s; network %.1f bytes/element (held), "
                       "%.1f bytes/element (resident growth); peak RSS %.1f MB\n",
                       secs, mb, secs > 0 ? mb / secs : 0.0, static_cast<double>(net.memory_bytes()) / n,
                       static_cast<double>(rss_after > rss_before ? rss_after - rss_before : 0) / n,
                       static_cast<double>(ru.ru_maxrss) / 1024.0);
        }
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
                           auto* cmd =
                               app.add_subcommand("summary", "Elements and links by function, vendor and region");
                           add_network_path(*cmd, st->path);
                           add_input_options(*cmd, st->in);
                           add_output_format(*cmd, st->fmt);
                           cmd->footer("Example:\n  netvet summary examples/spark-2018/network --format json");
                           cmd->callback([st] {
                             const auto net = load_network(st->path, st->in);
                             print(report::summarize(net, catalog_for(st->in)), st->fmt);
                           });
                         }};

const registrar kConvert{
    12, [](CLI::App& app) {
      auto st = std::make_shared<network_cmds>();
      auto* cmd = app.add_subcommand("convert", "Convert a network to network CSV (a folder) or netvet JSON");
      cmd->add_option("IN", st->path, "Any input netvet reads")->required();
      cmd->add_option("OUT", st->out, "Output folder (network CSV) or *.json file")->required();
      cmd->add_option("--to", st->out_format, "csv or json (default: json if OUT ends in .json)")
          ->check(CLI::IsMember({"csv", "json"}));
      add_input_options(*cmd, st->in);
      cmd->footer(
          "Example:\n  netvet convert data/netbox-sample/netbox-demo-v3.6-branch-sample.json /tmp/branch\n"
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
                           auto* cmd = app.add_subcommand(
                               "vendors", "List the vendor catalogue, or a network's vendors and spellings");
                           cmd->add_option("PATH", st->path, "A network (omit to list the catalogue)");
                           add_input_options(*cmd, st->in);
                           add_output_format(*cmd, st->fmt);
                           cmd->footer(
                               "Examples:\n  netvet vendors\n  netvet vendors examples/spark-2018/network\n"
                               "  netvet vendors inventory/ --vendors my-aliases.csv");
                           cmd->callback([st] {
                             if (st->path.empty() && st->in.workspace.empty()) {
                               print(report::catalog_listing(catalog_for(st->in)), st->fmt);
                               return;
                             }
                             const auto net = load_network(st->path, st->in);
                             print(report::network_vendors(net, catalog_for(st->in)), st->fmt);
                           });
                         }};

}  // namespace
}  // namespace netvet::cli
