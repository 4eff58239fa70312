// netvet outage | exposure | spof: the network graph (netvet/usecase/graph.h).
#include <cstdio>

#include "cli.h"
#include "commands.h"
#include "netvet/usecase/graph.h"

namespace netvet::cli {
namespace {

struct graph_config {
  input_config in;
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

// The options every graph command shares: the network, --timings, --format.
void add_graph_common(CLI::App& cmd, graph_config& st) {
  add_network_path(cmd, st.in.path);
  cmd.add_flag("--timings", st.timings, "Print load and compute seconds on stderr");
  add_input_options(cmd, st.in);
  add_output_format(cmd, st.fmt);
}

// Runs a graph use case and prints its document (and timings when asked).
template <typename F>
void run_graph(const graph_config& st, F&& use_case) {
  const auto ctx = make_context(st.in);
  progress bar(reading_label(st.in));
  const auto out = unwrap(use_case(*ctx, to_source(st.in), bar.callback()));
  bar.finish();
  if (st.timings) {
    std::fprintf(stderr, "timings: load %.3f s, compute %.3f s\n", out.load_seconds, out.compute_seconds);
  }
  print(out.doc, st.fmt);
}

}  // namespace

void add_outage(CLI::App& app) {
  auto st = std::make_shared<graph_config>();
  auto* cmd = app.add_subcommand("outage", "Access elements and subscribers that lose service when a vendor goes down");
  cmd->add_option("--vendor", st->vendors,
                  "Vendor to take down (any spelling; repeat; default: every vendor, one at a time)");
  cmd->add_flag("--together", st->together, "Take the --vendor vendors down at the same time");
  cmd->add_option("--monte-carlo", st->trials, "Trials of the outage plus random failures of other elements");
  cmd->add_option("--fail-prob", st->fail_prob, "Monte Carlo: failure probability of each other element")
      ->capture_default_str();
  cmd->add_option("--seed", st->seed, "Monte Carlo: seed (same seed, same answer)")->capture_default_str();
  cmd->add_option("--threads", st->threads, "Worker threads (default: up to 2)");
  add_graph_common(*cmd, *st);
  cmd->footer(
      "Examples:\n  netvet outage examples/spark-2018/network\n"
      "  netvet outage examples/spark-2018/network --vendor HUAWEI --format json\n"
      "  netvet outage NET --vendor Huawei --vendor ZTE --together\n"
      "  netvet outage NET --vendor Huawei --monte-carlo 1000 --fail-prob 0.01 --seed 7\n"
      "An access element (gnb, enb, olt) is served when it is up and connected to every function of its\n"
      "service chain; an outage loses those served before and not after (network-csv.md).");
  cmd->callback([st] {
    run_graph(*st, [&](const usecase::context& ctx, usecase::network_source source, const usecase::progress_fn& p) {
      usecase::outage_request req;
      req.source = std::move(source);
      req.outage.vendors = st->vendors;
      req.outage.together = st->together;
      req.outage.options.threads = st->threads;
      if (st->trials > 0) {
        graph::monte_carlo_options mc;
        mc.trials = st->trials;
        mc.fail_prob = st->fail_prob;
        mc.seed = st->seed;
        mc.threads = st->threads;
        req.monte = mc;
      }
      return usecase::outage(ctx, req, p);
    });
  });
}

void add_exposure(CLI::App& app) {
  auto st = std::make_shared<graph_config>();
  auto* cmd =
      app.add_subcommand("exposure", "Each vendor's share of every layer, its dependent subscribers, concentration");
  cmd->add_option("--threads", st->threads, "Worker threads (default: up to 2)");
  add_graph_common(*cmd, *st);
  cmd->footer("Example:\n  netvet exposure examples/spark-2018/network --format json");
  cmd->callback([st] {
    run_graph(*st, [&](const usecase::context& ctx, usecase::network_source source, const usecase::progress_fn& p) {
      usecase::exposure_request req;
      req.source = std::move(source);
      req.options.threads = st->threads;
      return usecase::exposure(ctx, req, p);
    });
  });
}

void add_spof(CLI::App& app) {
  auto st = std::make_shared<graph_config>();
  auto* cmd = app.add_subcommand("spof", "Single elements and links whose failure alone cuts service");
  cmd->add_option("--top", st->top, "Rows of each table (0: all)")->capture_default_str();
  add_graph_common(*cmd, *st);
  cmd->footer(
      "Example:\n  netvet spof examples/spark-2018/network --top 10\n"
      "Ranked by the subscribers cut (the failing element's own subscribers not counted).");
  cmd->callback([st] {
    run_graph(*st, [&](const usecase::context& ctx, usecase::network_source source, const usecase::progress_fn& p) {
      return usecase::spof(ctx, usecase::spof_request{std::move(source), st->top}, p);
    });
  });
}

}  // namespace netvet::cli
