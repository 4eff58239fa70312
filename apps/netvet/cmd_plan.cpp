// netvet plan: the removal schedule of what the chosen packs order removed
// (src/netvet/plan/plan.h). The start date is the user's (--start): the
// library never reads the clock.
#include <charconv>
#include <cmath>

#include "cli.h"
#include "commands.h"
#include "netvet/usecase/plan.h"

namespace netvet::cli {
namespace {

struct plan_config {
  input_config in;
  std::vector<std::string> policies;
  std::vector<std::string> remove_vendors;
  std::string start;
  std::string until;
  std::string costs;
  std::string currency;
  std::string rates;
  std::string budget;
  std::string crews;
  std::string capacity;
  std::string reimbursement = "none";
  std::string max_outage_subscribers;
  bool no_redundancy = false;
  bool no_ems_after_ran = false;
  bool no_core_before_ran = false;
  std::string period = "quarter";
  double time_limit = 60;
  std::string planner = "mip";
  std::string aggregate = "auto";
  std::string model_file;
  std::string fmt;
};

// Whether `text` is a number (else --budget names a file).
bool is_number(const std::string& text) {
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  return ec == std::errc{} && ptr == end;
}

// A non-negative number; errors name the option (exit 3).
std::optional<double> parse_amount(const std::string& text, std::string_view option) {
  if (text.empty()) {
    return std::nullopt;
  }
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end || !std::isfinite(v)) {
    fail(make_error(error_code::invalid_input, "bad number '" + text + "'", location{"", 0, 0, std::string(option)}));
  }
  if (v < 0) {
    fail(make_error(error_code::invalid_input, "must not be negative: '" + text + "'",
                    location{"", 0, 0, std::string(option)}));
  }
  return v;
}

usecase::plan_request to_request(const plan_config& st) {
  usecase::plan_request req;
  req.source = to_source(st.in);
  req.policies = st.policies;
  req.remove_vendors = st.remove_vendors;
  req.costs_file = st.costs;
  req.rates_file = st.rates;
  auto& o = req.options;
  o.start = *parse_date_option(st.start, "--start");
  o.until = parse_date_option(st.until, "--until");
  const auto len = plan::parse_period_length(st.period);
  if (!len) {
    fail(make_error(error_code::invalid_input, "expected month or quarter, not '" + st.period + "'",
                    location{"", 0, 0, "--period"}));
  }
  o.length = *len;
  if (!st.currency.empty()) {
    const auto code = plan::currency_code(st.currency);
    if (!code) {
      fail(make_error(error_code::invalid_input,
                      "bad currency '" + st.currency + "'; expected an ISO 4217 code such as GBP or EUR",
                      location{"", 0, 0, "--currency"}));
    }
    o.currency = *code;
  }
  if (st.budget.empty() || is_number(st.budget)) {
    o.budget_per_year = parse_amount(st.budget, "--budget");
  } else {
    req.budget_file = st.budget;
  }
  req.capacity_file = st.capacity;
  const auto program = plan::parse_reimbursement(st.reimbursement);
  if (!program) {
    fail(make_error(error_code::invalid_input, "expected us or none, not '" + st.reimbursement + "'",
                    location{"", 0, 0, "--reimbursement"}));
  }
  o.reimbursement = *program;
  o.crews = parse_amount(st.crews, "--crews");
  o.max_outage_subscribers = parse_amount(st.max_outage_subscribers, "--max-outage-subscribers");
  o.redundancy = !st.no_redundancy;
  o.sequencing.ems_after_ran = !st.no_ems_after_ran;
  o.sequencing.core_before_ran = !st.no_core_before_ran;
  o.solver.time_limit_seconds = st.time_limit;
  const auto method = plan::parse_planner(st.planner);
  if (!method) {
    fail(make_error(error_code::invalid_input, "expected mip or greedy, not '" + st.planner + "'",
                    location{"", 0, 0, "--planner"}));
  }
  o.method = *method;
  const auto agg = plan::parse_aggregation(st.aggregate);
  if (!agg) {
    fail(make_error(error_code::invalid_input, "expected auto, on or off, not '" + st.aggregate + "'",
                    location{"", 0, 0, "--aggregate"}));
  }
  o.solver.aggregate = *agg;
  o.solver.model_file = st.model_file;
  return req;
}

}  // namespace

void add_plan(CLI::App& app) {
  auto st = std::make_shared<plan_config>();
  auto* cmd = app.add_subcommand("plan", "Schedule the removals a pack orders: per period, per site, per milestone");
  add_network_path(*cmd, st->in.path);
  cmd->add_option("--policy", st->policies, "Pack id (repeatable): its removal milestones are the duties");
  cmd->add_option("--remove-vendor", st->remove_vendors,
                  "Vendor (repeatable) whose every element must go by --until (or the plan's end): the user's own "
                  "duty; --policy may then be omitted (--until is then required)");
  cmd->add_option("--start", st->start, "First day of the plan, YYYY-MM-DD")->required();
  cmd->add_option("--until", st->until, "Last day of the plan (default: the latest deadline)");
  cmd->add_option("--costs", st->costs,
                  "Cost model CSV: item,cost,currency,crew_days,confidence,source (default: data/plan/costs.csv); "
                  "rows may be in several currencies");
  cmd->add_option("--currency", st->currency,
                  "The plan's currency, an ISO 4217 code: every cost row in another is converted through EUR "
                  "(default: the cost model's site row's, GBP for the default model)");
  cmd->add_option("--rates", st->rates,
                  "Exchange rates CSV: currency,per_eur,date,source (default: data/plan/rates.csv, the ECB's euro "
                  "reference rates of 2019-10-01, OJ 2019/C 331/05)");
  cmd->add_option("--budget", st->budget,
                  "Budget per year in the plan's currency, or a CSV FILE of period,amount rows (a year or a "
                  "period each, in the plan's currency; default: no limit)");
  cmd->add_option("--capacity", st->capacity,
                  "Crew-days as a CSV FILE of period,amount rows (a year or a period each), instead of --crews");
  cmd->add_option("--crews", st->crews, "Crews working (21 days a month each; default: no limit)");
  cmd->add_option("--max-outage-subscribers", st->max_outage_subscribers,
                  "No period swaps sites whose subscribers sum above N (default: no limit)");
  cmd->add_flag("--no-redundancy", st->no_redundancy,
                "Do not keep redundancy pairs apart (core-function sites, a dual-homed element's upstream sites)");
  cmd->add_flag("--no-ems-after-ran", st->no_ems_after_ran,
                "Let a management system (oss, ems, nms) go before the RAN it manages (same vendor and region)");
  cmd->add_flag("--no-core-before-ran", st->no_core_before_ran,
                "Let the RAN go before the core where a pack's core milestone is earlier");
  cmd->add_option("--reimbursement", st->reimbursement,
                  "us: the US rip-and-replace program (Huawei/ZTE installed by 2020-06-30; 39.5 % before "
                  "2025-04-15, 100 % after); none")
      ->capture_default_str();
  cmd->add_option("--period", st->period, "month or quarter")->capture_default_str();
  cmd->add_option("--time-limit", st->time_limit, "Solver time limit in seconds")->capture_default_str();
  cmd->add_option("--planner", st->planner,
                  "mip: optimised, with a bound; greedy: the earliest-deadline-first baseline (no bound)")
      ->capture_default_str();
  cmd->add_option("--aggregate", st->aggregate,
                  "auto: aggregate sites into groups when the exact model has over 1,000 site classes; on; off")
      ->capture_default_str();
  cmd->add_option("--write-mps", st->model_file,
                  "Also write the mixed-integer program in free MPS to FILE (with aggregation: FILE.bound and "
                  "FILE.plan), to solve it with another solver (bench/plan/solvers.sh)");
  add_input_options(*cmd, st->in);
  add_output_format(*cmd, st->fmt);
  cmd->footer(
      "Examples:\n  netvet plan examples/spark-2018/network --policy gb --start 2021-01-01 --crews 2\n"
      "  netvet plan net.csv --policy gb --start 2021-01-01 --budget 50000000 --period month --format json\n"
      "  netvet plan net.csv --remove-vendor ZTE --start 2024-01-01 --until 2026-12-31 --crews 2\n"
      "  netvet plan net.csv --policy gb --start 2021-01-01 --currency EUR --rates my-rates.csv\n"
      "Deadlines are soft: a budget or crew count too small gives the least-late plan, milestones met: false.");
  cmd->callback([st] {
    const auto req = to_request(*st);
    const auto ctx = make_context(st->in);
    progress bar(reading_label(st->in));
    const auto out = unwrap(usecase::plan(*ctx, req, bar.callback()));
    bar.finish();
    print(plan::plan_document(out.plan, *out.network, out.network_name), st->fmt);
  });
}

}  // namespace netvet::cli
