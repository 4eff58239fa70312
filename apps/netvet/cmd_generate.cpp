// netvet generate: a synthetic national mobile network (netvet/generate/generator.h).
#include <chrono>
#include <cstdio>

#include "cli.h"
#include "commands.h"
#include "netvet/generate/generator.h"

namespace netvet::cli {
namespace {

struct generate_config {
  std::uint64_t sites = 1000;
  std::uint64_t seed = 1;
  std::string shape = "plain";
  std::string out;
  std::vector<std::string> shares;
};

}  // namespace

void add_generate(CLI::App& app) {
  auto st = std::make_shared<generate_config>();
  auto* cmd = app.add_subcommand("generate", "Write a synthetic national mobile network (network CSV)");
  cmd->add_option("--sites", st->sites, "Cell sites (about 3 elements each)")->capture_default_str();
  cmd->add_option("--seed", st->seed, "Random seed: the same seed gives the same bytes")->capture_default_str();
  cmd->add_option("--shape", st->shape,
                  "plain: netvet's columns only; export: also serial, asset_tag and netbox_id, unique per "
                  "element, as real inventory exports carry")
      ->check(CLI::IsMember({"plain", "export"}))
      ->capture_default_str();
  cmd->add_option("--vendor-share", st->shares,
                  "VENDOR=SHARE: that fraction of the cell sites gets all its radios from the RAN vendor "
                  "(Ericsson, Nokia, Huawei, Samsung or ZTE; e.g. Huawei=0.3 or Huawei=30%); repeatable");
  cmd->add_option("--out", st->out, "Output folder (created; elements.csv and links.csv)")->required();
  cmd->footer(
      "Example:\n  netvet generate --sites 100000 --seed 7 --out /tmp/nz-100k\n"
      "  netvet generate --sites 100000 --vendor-share Huawei=0.3 --out /tmp/hw30-100k\n"
      "  netvet summary /tmp/nz-100k\n"
      "--sites 1000000 writes about 3 million elements (about 540 MB).");
  cmd->callback([st] {
    generate::options opt;
    opt.sites = st->sites;
    opt.seed = st->seed;
    opt.export_attributes = st->shape == "export";
    for (const auto& s : st->shares) {
      opt.ran_shares.push_back(unwrap(generate::parse_vendor_share(s)));
    }
    progress bar("generating " + st->out, "sites");
    opt.progress = bar.callback();
    const auto t0 = std::chrono::steady_clock::now();
    const auto s = unwrap(generate::write_network(st->out, opt));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    bar.finish();
    std::fprintf(stderr,
                 "wrote %llu sites (%llu microwave tails), %u data centres, %llu elements and %llu links "
                 "(%.1f MB) to %s in %.1f s\n",
                 static_cast<unsigned long long>(s.sites), static_cast<unsigned long long>(s.tail_sites),
                 s.data_centres, static_cast<unsigned long long>(s.elements), static_cast<unsigned long long>(s.links),
                 static_cast<double>(s.bytes) / 1e6, st->out.c_str(), secs);
  });
}

}  // namespace netvet::cli
