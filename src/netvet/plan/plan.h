// netvet/plan/plan.h: `netvet plan` -- the removal duties of the chosen packs
// (duties.h), priced (costs.h), scheduled (schedule.h) and summed up per
// period, per site and per milestone, as a report document.
//
// Budget and crews: `budget_per_year` is spread evenly (a twelfth a month, a
// quarter a quarter); `crews` crews work `working_days_per_month` days each
// a month (21: an assumption [U], no source gives it). The horizon runs from
// the period holding `start` to the one holding `until`, or the latest
// deadline when `until` is not given.
//
// Currency: the plan is priced in `currency` (empty: the cost model's, its
// site row's); every cost row in another is converted at `rates` (nullopt:
// data/plan/rates.csv) as costs.h in_currency says, and the plan's
// `conversion` lists the rates and rows used. Budgets are in that currency.
// Under --reimbursement us the program's share applies to the eligible cost
// in the plan's currency (a share is the same in every currency); the total
// is also given in USD when the rates know USD and the plan's currency.
//
// Service: with `redundancy` (the default) the pairs of service.h are never
// swapped in one period; `max_outage_subscribers` caps the subscribers of the
// sites swapped in a period (a site's subscribers: the `subscribers` column
// summed over the elements its swap replaces, anchors included).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "netvet/plan/costs.h"
#include "netvet/plan/duties.h"
#include "netvet/plan/limits.h"
#include "netvet/plan/reimbursement.h"
#include "netvet/plan/schedule.h"
#include "netvet/plan/service.h"
#include "netvet/report/table.h"

namespace netvet::plan {

// Who plans: the MIP (schedule.h, aggregate.h) or the greedy
// earliest-deadline-first baseline (greedy.h).
enum class planner : std::uint8_t { mip, greedy };
std::optional<planner> parse_planner(std::string_view s);  // mip, greedy

struct plan_options {
  date start;
  std::optional<date> until;
  period_length length = period_length::quarter;
  std::string currency;                       // ISO 4217; empty: the cost model's (its site row's)
  std::optional<rate_table> rates;            // --rates FILE; nullopt: data/plan/rates.csv
  std::optional<double> budget_per_year;      // nullopt: no limit, else in `currency`
  std::optional<double> crews;                // nullopt: no limit
  std::optional<limit_table> budget_table;    // --budget FILE (limits.h): replaces budget_per_year
  std::optional<limit_table> capacity_table;  // --capacity FILE, crew-days: replaces crews
  double working_days_per_month = 21;
  std::vector<vendor_removal> remove_vendors;  // --remove-vendor, resolved (duties.h)
  sequencing_options sequencing;               // ems-after-ran, core-before-ran (service.h); both on by default
  reimbursement_program reimbursement = reimbursement_program::none;  // reimbursement.h
  covered_list covered;    // with reimbursement us: the program's covered companies (us_covered_list)
  bool redundancy = true;  // derive and keep the redundancy pairs (service.h)
  std::optional<double> max_outage_subscribers;  // per period; nullopt: no limit
  solve_options solver;
  planner method = planner::mip;
};

struct milestone_outcome {
  bool met = false;
  std::optional<std::size_t> due;          // period holding the deadline (nullopt: past the horizon)
  std::optional<std::size_t> last_period;  // when its last site is swapped (nullopt: some site not in the plan)
  bool overdue_at_start = false;           // the deadline was already past on the start date
  std::int64_t slip_periods = 0;           // last_period - due, when late
  // Share milestones (duties.h share_duty): what must go by the due period,
  // and what the plan removes by then (in the share's units). For a share,
  // last_period is the period the plan reaches `needed` in.
  std::optional<std::uint64_t> needed;
  std::uint64_t removed_by_due = 0;
};

struct period_outcome {
  std::uint64_t sites = 0;
  std::uint64_t elements = 0;
  double cost = 0;
  double crew_days = 0;
  std::uint64_t sites_remaining = 0;        // after the period
  std::uint64_t subscribers_remaining = 0;  // after the period: on the sites still waiting (the burn-down)
  bool budget_binds = false;                // what is left of the budget pays for no site still waiting
  bool crews_bind = false;                  // the same for crew-days
  std::uint64_t outage_subscribers = 0;     // subscribers of the sites swapped in the period
  bool subscribers_bind = false;            // the subscriber limit's room fits no waiting site
  double reimbursed = 0;                    // of the period's cost, under --reimbursement (0 without)
};

struct removal_plan {
  duties work;
  instance in;
  schedule sched;
  std::string currency;
  conversion converted;                       // the rates and cost rows converted into `currency`
  std::string budget_file;                    // --budget FILE, if given
  std::string capacity_file;                  // --capacity FILE, if given
  std::vector<milestone_outcome> milestones;  // parallel to work.milestones
  std::vector<period_outcome> periods;        // parallel to in.periods
  std::vector<redundancy_pair> redundancy;    // the pairs kept apart (empty with redundancy off)
  std::vector<sequencing_rule> sequencing;    // the precedences kept (service.h)
  reimbursement_program reimbursement = reimbursement_program::none;
  eligibility eligible;  // with --reimbursement us
  double total_reimbursed = 0;
  std::optional<double> usd_to_plan;    // with reimbursement us: the plan's units per USD, when known
  std::vector<std::size_t> over_limit;  // sites above the subscriber limit alone: never swapped
  double total_cost = 0;
  std::uint64_t subscribers_at_start = 0;  // on every planned site before the first swap
};

// Errors: invalid_input for a bad --currency or a currency with no rate
// (costs.h in_currency), a negative budget or crew count, an `until`
// before `start`, no duty source (no pack and no --remove-vendor), a
// --remove-vendor with no pack and no `until` (its deadline); the solver's.
result<removal_plan> make_plan(const policy::network_index& index, std::span<const policy::pack* const> packs,
                               const cost_model& costs, const plan_options& options);

// The answer: facts (status, objective, bound, gap, total_cost, ...) and the
// tables periods, sites and milestones (the JSON of `netvet plan`).
report::document plan_document(const removal_plan& p, const model::network& net, const std::string& network_name);

}  // namespace netvet::plan
