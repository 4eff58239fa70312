// netvet/plan/plan.h: `netvet plan` -- the removal duties of the chosen packs
// (duties.h), priced (costs.h), scheduled (schedule.h) and summed up per
// period, per site and per milestone, as a report document.
//
// Budget and crews: `budget_per_year` is spread evenly (a twelfth a month, a
// quarter a quarter); `crews` crews work `working_days_per_month` days each
// a month (21: an assumption [U], no source gives it). The horizon runs from
// the period holding `start` to the one holding `until`, or the latest
// deadline when `until` is not given.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "netvet/plan/costs.h"
#include "netvet/plan/duties.h"
#include "netvet/plan/schedule.h"
#include "netvet/report/table.h"

namespace netvet::plan {

struct plan_options {
  date start;
  std::optional<date> until;
  period_length length = period_length::quarter;
  std::optional<double> budget_per_year;  // nullopt: no limit
  std::optional<double> crews;            // nullopt: no limit
  double working_days_per_month = 21;
  std::vector<vendor_removal> remove_vendors;  // --remove-vendor, resolved (duties.h)
  solve_options solver;
};

struct milestone_outcome {
  bool met = false;
  std::optional<std::size_t> due;          // period holding the deadline (nullopt: past the horizon)
  std::optional<std::size_t> last_period;  // when its last site is swapped (nullopt: some site not in the plan)
  bool overdue_at_start = false;           // the deadline was already past on the start date
  std::int64_t slip_periods = 0;           // last_period - due, when late
};

struct period_outcome {
  std::uint64_t sites = 0;
  std::uint64_t elements = 0;
  double cost = 0;
  double crew_days = 0;
  std::uint64_t sites_remaining = 0;  // after the period
  bool budget_binds = false;          // what is left of the budget pays for no site still waiting
  bool crews_bind = false;            // the same for crew-days
};

struct removal_plan {
  duties work;
  instance in;
  schedule sched;
  std::string currency;
  std::vector<milestone_outcome> milestones;  // parallel to work.milestones
  std::vector<period_outcome> periods;        // parallel to in.periods
  double total_cost = 0;
};

// Errors: invalid_input for a negative budget or crew count, an `until`
// before `start`, no duty source (no pack and no --remove-vendor), a
// --remove-vendor with no pack and no `until` (its deadline); the solver's.
result<removal_plan> make_plan(const policy::network_index& index, std::span<const policy::pack* const> packs,
                               const cost_model& costs, const plan_options& options);

// The answer: facts (status, objective, bound, gap, total_cost, ...) and the
// tables periods, sites and milestones (the JSON of `netvet plan`).
report::document plan_document(const removal_plan& p, const model::network& net, const std::string& network_name);

}  // namespace netvet::plan
