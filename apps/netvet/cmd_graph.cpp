// netvet outage | exposure | spof: the network graph (src/netvet/graph).
#include <chrono>
#include <cstdio>

#include "cli.h"
#include "netvet/graph/exposure.h"
#include "netvet/graph/monte_carlo.h"
#include "netvet/graph/outage.h"
#include "netvet/graph/spof.h"
#include "netvet/graph/topology.h"

namespace netvet::cli {
namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

struct graph_cmds {
  input_options in;
  std::string path;
  std::string fmt;
  std::vector<std::string> vendors;
  bool together = false;
  bool timings = false;
  std::uint32_t trials = 0;
  double fail_prob = 0.0;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::size_t top = 20;
};

const registrar kOutage{
    30, [](CLI::App& app) {
      auto st = std::make_shared<graph_cmds>();
      auto* cmd =
          app.add_subcommand("outage", "Access elements and subscribers that lose service when a vendor goes down");
      add_network_path(*cmd, st->path);
      cmd->add_option("--vendor", st->vendors,
                      "Vendor to take down (any spelling; repeat; default: every vendor, one at a time)");
      cmd->add_flag("--together", st->together, "Take the --vendor vendors down at the same time");
      cmd->add_option("--monte-carlo", st->trials, "Trials of the outage plus random failures of other elements");
      cmd->add_option("--fail-prob", st->fail_prob, "Monte Carlo: failure probability of each other element")
          ->capture_default_str();
      cmd->add_option("--seed", st->seed, "Monte Carlo: seed (same seed, same answer)")->capture_default_str();
      cmd->add_option("--threads", st->threads, "Worker threads (default: up to 2)");
      cmd->add_flag("--timings", st->timings, "Print load and compute seconds on stderr");
      add_input_options(*cmd, st->in);
      add_output_format(*cmd, st->fmt);
      cmd->footer(
          "Examples:\n  netvet outage examples/spark-2018/network\n"
          "  netvet outage examples/spark-2018/network --vendor HUAWEI --format json\n"
          "  netvet outage NET --vendor Huawei --vendor ZTE --together\n"
          "  netvet outage NET --vendor Huawei --monte-carlo 1000 --fail-prob 0.01 --seed 7\n"
          "An access element (gnb, enb, olt) is served when it is up and connected to every function of its\n"
          "service chain; an outage loses those served before and not after (network-csv.md).");
      cmd->callback([st] {
        if (st->together && st->vendors.empty()) {
          fail(make_error(error_code::invalid_input, "--together needs at least one --vendor",
                          location{"", 0, 0, "--together"}));
        }
        const auto t0 = clock_type::now();
        const auto net = load_network(st->path, st->in);
        const double load = seconds_since(t0);
        const auto t1 = clock_type::now();
        const auto topo = graph::topology::build(net);
        graph::outage_request req;
        req.vendors = st->vendors;
        req.together = st->together;
        req.options.threads = st->threads;
        report::document doc;
        if (st->trials > 0) {
          graph::monte_carlo_options mc;
          mc.trials = st->trials;
          mc.fail_prob = st->fail_prob;
          mc.seed = st->seed;
          mc.threads = st->threads;
          doc = unwrap(graph::monte_carlo_report(topo, catalog_for(st->in), req, mc));
        } else {
          doc = graph::outage_report(topo, catalog_for(st->in), req);
        }
        const double compute = seconds_since(t1);
        if (st->timings) {
          std::fprintf(stderr, "timings: load %.3f s, compute %.3f s\n", load, compute);
        }
        print(doc, st->fmt);
      });
    }};

const registrar kExposure{31, [](CLI::App& app) {
                            auto st = std::make_shared<graph_cmds>();
                            auto* cmd = app.add_subcommand(
                                "exposure",
                                "Each vendor's share of every layer, its dependent subscribers, concentration");
                            add_network_path(*cmd, st->path);
                            cmd->add_option("--threads", st->threads, "Worker threads (default: up to 2)");
                            cmd->add_flag("--timings", st->timings, "Print load and compute seconds on stderr");
                            add_input_options(*cmd, st->in);
                            add_output_format(*cmd, st->fmt);
                            cmd->footer("Example:\n  netvet exposure examples/spark-2018/network --format json");
                            cmd->callback([st] {
                              const auto t0 = clock_type::now();
                              const auto net = load_network(st->path, st->in);
                              const double load = seconds_since(t0);
                              const auto t1 = clock_type::now();
                              const auto topo = graph::topology::build(net);
                              graph::outage_options opt;
                              opt.threads = st->threads;
                              const auto doc = graph::exposure_report(topo, opt);
                              if (st->timings) {
                                std::fprintf(stderr, "timings: load %.3f s, compute %.3f s\n", load, seconds_since(t1));
                              }
                              print(doc, st->fmt);
                            });
                          }};

const registrar kSpof{32, [](CLI::App& app) {
                        auto st = std::make_shared<graph_cmds>();
                        auto* cmd =
                            app.add_subcommand("spof", "Single elements and links whose failure alone cuts service");
                        add_network_path(*cmd, st->path);
                        cmd->add_option("--top", st->top, "Rows of each table (0: all)")->capture_default_str();
                        cmd->add_flag("--timings", st->timings, "Print load and compute seconds on stderr");
                        add_input_options(*cmd, st->in);
                        add_output_format(*cmd, st->fmt);
                        cmd->footer(
                            "Example:\n  netvet spof examples/spark-2018/network --top 10\n"
                            "Ranked by the subscribers cut (the failing element's own subscribers not counted).");
                        cmd->callback([st] {
                          const auto t0 = clock_type::now();
                          const auto net = load_network(st->path, st->in);
                          const double load = seconds_since(t0);
                          const auto t1 = clock_type::now();
                          const auto topo = graph::topology::build(net);
                          const auto doc = graph::spof_report(topo, st->top);
                          if (st->timings) {
                            std::fprintf(stderr, "timings: load %.3f s, compute %.3f s\n", load, seconds_since(t1));
                          }
                          print(doc, st->fmt);
                        });
                      }};

}  // namespace
}  // namespace netvet::cli
