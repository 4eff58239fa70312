// netvet validate | summary | vendors | convert: one inventory.
#include <chrono>
#include <cstdio>
#include <fstream>

#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "netvet/model/no_vendor.h"
#include "netvet/policy/report.h"
#include "netvet/report/summary.h"
#include "netvet/usecase/risk.h"
#include "netvet/version.h"

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

struct network_config {
  bool stats = false;
  std::string profile;  // vendors --profile NAME
  std::string as_of;
  std::string policy;
  input_config in;
  std::string out;
  std::string fmt;
  std::string out_format;
};

void print_stats(const usecase::context& ctx, const network_config& st, const model::network& net, double secs,
                 std::uint64_t rss_before) {
  const std::uint64_t rss_after = resident_bytes();
  const double n = net.element_count() == 0 ? 1.0 : static_cast<double>(net.element_count());
  const double mb = static_cast<double>(usecase::input_bytes(ctx, to_source(st.in))) / 1e6;
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  std::fprintf(stderr,
               "stats: load %.3f s, %.1f MB read, %.1f MB/s; network %.1f bytes/element (held), "
               "%.1f bytes/element (resident growth); peak RSS %.1f MB\n",
               secs, mb, secs > 0 ? mb / secs : 0.0, static_cast<double>(net.memory_bytes()) / n,
               static_cast<double>(rss_after > rss_before ? rss_after - rss_before : 0) / n,
               static_cast<double>(ru.ru_maxrss) / 1024.0);
}

}  // namespace

void add_validate(CLI::App& app) {
  auto st = std::make_shared<network_config>();
  auto* cmd = app.add_subcommand("validate", "Check a network inventory and report every problem");
  add_network_path(*cmd, st->in.path);
  add_input_options(*cmd, st->in);
  cmd->add_flag("--stats", st->stats, "Print load time, throughput and memory per element on stderr");
  cmd->footer(
      "Example:\n  netvet validate examples/spark-2018/network\n"
      "Exit status 0 when valid, 3 with every error (file, line, field) on stderr.");
  cmd->callback([st] {
    const auto ctx = make_context(st->in);
    const std::uint64_t rss_before = resident_bytes();
    const auto t0 = std::chrono::steady_clock::now();
    const auto in = import_network(*ctx, st->in);
    const auto& net = in.net;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (st->stats) {
      print_stats(*ctx, *st, net, secs, rss_before);
    }
    const model::vendor_tally tally = model::tally_vendors(net);  // the no-vendor stand-in left out
    const std::uint64_t no_vendor = model::elements_without_vendor(net);
    std::printf("%s: valid: %zu elements, %zu links, %zu vendors (%zu unknown)%s\n", st->in.path.c_str(),
                net.element_count(), net.link_count(), tally.vendors, tally.unknown,
                no_vendor == 0 ? "" : (", " + std::to_string(no_vendor) + " elements with no vendor").c_str());
    for (const auto& line : usecase::cable_lines(in.report)) {
      std::printf("%s\n", line.c_str());
    }
    for (const auto& w : report::disguised_vendor_warnings(net, ctx->catalog())) {
      std::printf("%s\n", w.c_str());
    }
  });
}

void add_summary(CLI::App& app) {
  auto st = std::make_shared<network_config>();
  auto* cmd = app.add_subcommand("summary", "Elements and links by function, vendor and region");
  add_network_path(*cmd, st->in.path);
  add_input_options(*cmd, st->in);
  add_output_format(*cmd, st->fmt);
  cmd->footer("Example:\n  netvet summary examples/spark-2018/network --format json");
  cmd->callback([st] {
    const auto ctx = make_context(st->in);
    print(usecase::summary_document(*ctx, import_network(*ctx, st->in)), st->fmt);
  });
}

void add_vendors(CLI::App& app) {
  auto st = std::make_shared<network_config>();
  auto* cmd = app.add_subcommand(
      "vendors", "List the vendor catalogue, a network's vendors and spellings, or one vendor's risk profile");
  cmd->add_option("PATH", st->in.path, "A network (omit to list the catalogue)");
  auto* profile = cmd->add_option("--profile", st->profile,
                                  "Show this vendor's risk profile on a date and the likelihood it yields");
  cmd->add_option("--as-of", st->as_of, "With --profile: the date, YYYY-MM-DD (default: today, UTC)")->needs(profile);
  cmd->add_option("--policy", st->policy,
                  "With --profile: the pack whose weigh rule's settings apply and whose jurisdiction decides "
                  "(default: the risk model's defaults)")
      ->needs(profile);
  add_input_options(*cmd, st->in);
  add_output_format(*cmd, st->fmt);
  cmd->footer(
      "Examples:\n  netvet vendors\n  netvet vendors examples/spark-2018/network\n"
      "  netvet vendors inventory/ --vendors my-aliases.csv\n"
      "  netvet vendors --profile Huawei --as-of 2018-11-28 --policy nz");
  cmd->callback([st] {
    if (!st->profile.empty()) {
      if (!st->in.path.empty() || !st->in.workspace.empty()) {
        throw CLI::ValidationError("--profile", "give --profile or a network, not both");
      }
      usecase::profile_request req;
      req.vendor = st->profile;
      req.as_of = parse_date_option(st->as_of, "--as-of");
      req.policy = st->policy;
      const auto ctx = make_context(st->in);
      const auto out = unwrap(usecase::vendor_profile(*ctx, req));
      print(policy::profile_document(out.profile), st->fmt);
      return;
    }
    const auto ctx = make_context(st->in);
    if (st->in.path.empty() && st->in.workspace.empty()) {
      print(usecase::vendors_document(*ctx, nullptr), st->fmt);
      return;
    }
    const auto net = load_network(*ctx, st->in);
    print(usecase::vendors_document(*ctx, &net), st->fmt);
  });
}

void add_convert(CLI::App& app) {
  auto st = std::make_shared<network_config>();
  auto* cmd = app.add_subcommand(
      "convert", "Convert a network to network CSV (a folder), netvet JSON or a CycloneDX 1.6 hardware BOM");
  cmd->add_option("IN", st->in.path, "Any input netvet reads")->required();
  cmd->add_option("OUT", st->out, "Output folder (network CSV), *.json or *.cdx.json file")->required();
  cmd->add_option("--to,--output-format", st->out_format,
                  "csv, json or cyclonedx (default: cyclonedx if OUT ends in .cdx.json, json if in .json, else csv)")
      ->check(CLI::IsMember({"csv", "json", "cyclonedx"}));
  add_input_options(*cmd, st->in);
  cmd->footer(
      "Example:\n  netvet convert data/netbox-sample/netbox-demo-v3.6-branch-sample.json /tmp/branch\n"
      "  netvet convert /tmp/branch /tmp/branch.json\n"
      "  netvet convert examples/spark-2018/network /tmp/spark.cdx.json   (CycloneDX HBOM; SOURCE_DATE_EPOCH "
      "fixes its timestamp)");
  cmd->callback([st] {
    const auto ctx = make_context(st->in);
    usecase::convert_request req;
    req.source = to_source(st->in);
    req.out = st->out;
    req.tool_version = NETVET_VERSION;
    if (!st->out_format.empty()) {
      req.out_format = io::parse_format(st->out_format);
    }
    progress bar("reading " + st->in.path);
    const auto done = unwrap(usecase::convert(*ctx, req, bar.callback()));
    bar.finish();
    for (const auto& n : done.import_notes) {
      std::fprintf(stderr, "not read: %s\n", n.c_str());
    }
    std::fprintf(stderr, "wrote %llu elements and %llu links to %s (%s)\n",
                 static_cast<unsigned long long>(done.elements), static_cast<unsigned long long>(done.links),
                 st->out.c_str(), std::string(io::to_string(done.written)).c_str());
  });
}

}  // namespace netvet::cli
