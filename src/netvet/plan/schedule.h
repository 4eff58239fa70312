// netvet/plan/schedule.h: the removal schedule as a mixed-integer program
// (../shared/policy/REPLACEMENT.md §3), solved with GLPK.
//
// The instance: periods (months or quarters), the sites to swap (each with
// its cost, crew-days and the period of its earliest deadline, if any within
// the periods), each period's budget and crew-day capacity (absent: no limit).
// Decision: z[s,t] = 1 when site s is swapped by the end of period t,
// monotone in t (Orange's z[s,t] >= z[s,t-1]); what is spent in period t is
// sum_s cost_s (z[s,t] - z[s,t-1]) <= budget_t (Karabakal's capital
// rationing), and the same with crew-days <= capacity_t (the PBX model's
// per-period cap). A milestone is met when every site in its scope has
// z[s,due] = 1.
//
// Deadlines are soft, so that a budget or crew count too small still gives an
// answer: the least-late plan. The objective, lexicographic by its weights:
//   lateness  sum over sites with a deadline, over periods t >= due, of
//             1 - z[s,t] (site-periods late; weight 1), then
//   exposure  sum over sites and periods of 1 - z[s,t] (site-periods still on
//             the removed vendor; weight 1 / (sites x periods + 1), so the
//             whole term stays below one period of one late site): the
//             earliest plan among the least late (REPLACEMENT.md §3's
//             exposure objective, counted in sites).
// Share milestones (duties.h): a target "remove at least `needed` units of
// these sites' by the end of period `due`" (units: elements or subscribers,
// each site removing its own `weight`), soft like the deadlines: a
// continuous shortfall s[m,t] >= 0 for every period t >= due with
//   sum_s w_s z[s,t] + s[m,t] >= needed,
// and the lateness term counts sum_t unit_weight s[m,t] (units short, in
// site-equivalents: unit_weight = the share's sites / its units, so a share
// short by one site's worth for one period weighs as one late site-period).
// A site only a share wants (`required` false) has no deadline and is not
// counted in the exposure; each one swapped adds `periods` to the exposure
// term instead (as if it had stayed exposed the whole horizon), so the plan
// swaps the fewest of them, and only to bring a share under its cap.
//
// Cost is not in the objective: each site has one replacement at one cost
// (no vendor choice, no discounting yet), so the cost of a plan is fixed by
// which sites it swaps, and the budget only decides when.
//
// Service (REPLACEMENT.md §2, issue 11): two sites that are each other's
// redundancy are never swapped in the same period --
//   (z[a,t] - z[a,t-1]) + (z[b,t] - z[b,t-1]) <= 1   for every pair, every t
// -- and with a subscriber limit N, the subscribers of the sites swapped in a
// period stay within it: sum_s subs_s (z[s,t] - z[s,t-1]) <= N (a knapsack
// row like the budget's).
//
// Sequencing (REPLACEMENT.md §2): a precedence (before, after) keeps every
// site of `after` in or after the period of every site of `before`:
//   z[a,t] <= z[b,t]  for a in after, b in before, every t,
// written with one binary r[p,t] per precedence and period ("all of before
// swapped by t"): z[a,t] <= r[p,t] <= z[b,t], the same set of plans with
// |after| + |before| rows a period instead of their product. "In or after",
// not strictly after, so that a cycle only forces its sites into one period
// and never makes the program infeasible (swapping nothing is always a plan).
//
// Exact aggregation: sites with the same cost, crew-days and due period --
// and, when there is a subscriber limit, the same subscribers; in no
// redundancy pair; on the same sides of the same precedences -- are
// interchangeable in every constraint and in the objective, so the program
// counts them: integer n[c,t] in [0, |c|] for each class c replaces the
// binaries of its sites (a reformulation, not an approximation -- its
// optimum and bound are the site model's). A site in a redundancy pair is a
// class of its own (its n[c,t] is its z[s,t]): a pair row names two sites,
// which a count cannot. A precedence is exact on counts (n[c,t] >= |c|
// r[p,t] for a class of `before`, n[c,t] <= |c| r[p,t] for one of `after`)
// once classes are split by their precedence sides. So the subscriber limit
// splits classes by subscriber count (only when it is set), precedences by
// side, and pairs make their sites singletons; the rest still aggregate. The
// schedule is read back by swapping a class's sites in input order.
//
// The solver: GLPK (libglpk-dev), glp_simplex for the relaxation then
// glp_intopt with MIR and Gomory cuts, a time limit, and a first incumbent
// (so a time limit always leaves a plan at least that good): the better of
// the greedy earliest-deadline-first plan (greedy.h) and the list schedule
// guided by the relaxation's counts rounded down; `bound` is the best node
// bound proved (at least the relaxation's). Why GLPK: its C API is small and Debian packages
// it; on the 20k-site generated network under gb the default costs give one
// class and a proof of optimality in about 0.1 s. CBC (coinor-libcbc-dev)
// is installed but not measured (netvet has no solver-neutral export of the
// model yet); with per-function RAN costs and monthly crews GLPK stays about
// 1 % from its bound after 60 s, and with a budget or a subscriber limit on
// 100k sites (README, bench/plan) it stops at the limit: the cases where
// CBC's stronger cuts should be compared (issue 11, left).
// GLPK reads the clock for its time limit (glp_time; the relaxation and the
// branch-and-bound share one --time-limit); the library itself does not.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "netvet/core/date.h"
#include "netvet/core/error.h"

namespace netvet::plan {

enum class period_length : std::uint8_t { month, quarter };
std::optional<period_length> parse_period_length(std::string_view s);

struct period {
  std::string label;  // "2021-03" or "2021-Q1"
  date first;
  date last;
};
// The periods from the one holding `start` to the one holding `until`
// (inclusive; until >= start).
std::vector<period> make_periods(date start, date until, period_length len);
// The index of the period holding `d`: nullopt past the last; 0 before the first.
std::optional<std::size_t> period_of(const std::vector<period>& periods, date d);

struct site_job {
  std::string site;
  double cost = 0;
  double crew_days = 0;
  std::uint64_t elements = 0;
  std::uint64_t subscribers = 0;   // offline while it is swapped (the swapped elements' subscribers)
  std::optional<std::size_t> due;  // period of its earliest deadline (within the periods)
  // The site's group for aggregation (aggregate.h): sites of one group are
  // alike (make_plan: the same region and site type); 0 when not set.
  std::uint32_t group = 0;
  // false: only a share milestone wants it (no deadline; see above).
  bool required = true;
};

// A share milestone's target (see above): by the end of period `due` the
// swapped sites among `sites` remove at least `needed` units.
struct share_target {
  std::size_t due = 0;
  double needed = 0;
  double unit_weight = 1;                             // site-equivalents per unit
  std::vector<std::pair<std::size_t, double>> sites;  // (site index, units its swap removes)
};

// Every site of `after` is swapped in or after the period of every site of
// `before` (indices into instance::sites): a site of `after` is swapped only
// once all of `before` are.
struct precedence {
  std::vector<std::size_t> before;
  std::vector<std::size_t> after;
};

// Two sites (indices into instance::sites) never swapped in the same period.
struct site_pair {
  std::size_t a = 0;
  std::size_t b = 0;
};

struct instance {
  std::vector<period> periods;
  std::vector<site_job> sites;
  std::vector<std::optional<double>> budget;     // per period; nullopt: no limit
  std::vector<std::optional<double>> crew_days;  // per period; nullopt: no limit
  std::vector<site_pair> redundant;              // each other's redundancy: never in the same period
  std::optional<double> max_outage_subscribers;  // per period; nullopt: no limit
  std::vector<precedence> precedences;           // sequencing: in or after
  std::vector<share_target> shares;              // share milestones within the periods
};

// When to solve an aggregated model instead of the exact one (aggregate.h).
enum class aggregation : std::uint8_t {
  automatic,  // when the exact model has more than max_exact_classes classes
  always,
  never,
};
std::optional<aggregation> parse_aggregation(std::string_view s);  // auto, on, off

struct solve_options {
  double time_limit_seconds = 60;
  aggregation aggregate = aggregation::automatic;
  // Above this many interchangeable classes the exact model is too large for
  // GLPK within a minute (measured: 1,341 classes x 28 quarters took 25 s).
  std::size_t max_exact_classes = 1000;
  // Stop the search once the bound proved reaches this objective (aggregate.h:
  // a plan already at it needs no better bound); the answer's bound is then at
  // least this, and the status may be no_plan (the program's own plan is not
  // wanted). Infinity: search to optimality or the time limit.
  double stop_at_bound = std::numeric_limits<double>::infinity();
  // Where to write each mixed-integer program before it is solved, in free
  // MPS (`netvet plan --write-mps`: to solve the same program with another
  // solver, bench/plan/solvers.sh). Empty: nowhere. With aggregation
  // (aggregate.h) two programs are solved: the bound's goes to FILE.bound,
  // the aggregated plan's to FILE.plan.
  std::string model_file;
};

#define NETVET_SOLVE_STATUSES(X)                                         \
  X(optimal, "optimal: no better plan exists")                           \
  X(feasible, "the best plan found within the time limit (see the gap)") \
  X(no_plan, "no plan found within the time limit")                      \
  X(heuristic, "the greedy earliest-deadline-first plan (greedy.h): no bound")
enum class solve_status : std::uint8_t {
#define NETVET_X(name, desc) name,
  NETVET_SOLVE_STATUSES(NETVET_X)
#undef NETVET_X
};
std::string_view to_string(solve_status s);

struct schedule {
  solve_status status = solve_status::no_plan;
  // Per site: the period it is swapped in; nullopt: not within the periods.
  std::vector<std::optional<std::size_t>> swap_period;
  double objective = 0;  // lateness + exposure weight x exposure
  double bound = 0;      // a lower bound on the objective (valid for the site model)
  double gap = 0;        // (objective - bound) / max(|objective|, 1)
  std::uint64_t late_site_periods = 0;
  std::uint64_t exposure_site_periods = 0;  // required sites only
  double share_short = 0;                   // sum over shares and periods from due of unit_weight x units short
  std::uint64_t optional_swaps = 0;         // sites only a share wanted, swapped
  std::size_t classes = 0;                  // interchangeable site classes the program counted
  bool aggregated = false;  // solved by aggregation (aggregate.h): a plan for the sites, not proved optimal
  std::size_t groups = 0;   // with aggregated: the groups of the aggregated model
};

// How many interchangeable classes the exact model of `in` counts.
std::size_t exact_classes(const instance& in);

// The weight of one exposure site-period in the objective.
double exposure_weight(const instance& in);

// Lateness, share shortfall, exposure and optional swaps of a swap
// assignment, and the objective they make (what the program minimises).
void score(const instance& in, schedule& s);

// Solves the exact model (below), or the aggregated one (aggregate.h) when
// options.aggregate says so. Errors: invalid_input for a negative budget,
// capacity or subscriber limit, sizes that disagree, a pair naming a site
// out of range or the same site twice; internal when GLPK fails unexpectedly.
result<schedule> solve(const instance& in, const solve_options& options);
// The exact model only, whatever options.aggregate says.
result<schedule> solve_exact(const instance& in, const solve_options& options);
// The exact model's LP relaxation, each class's counts rounded down to swap
// periods: a guide for aggregate.h's disaggregation, not a plan (it may
// break a limit, pair or precedence). Status heuristic; no_plan when the
// relaxation does not finish within the time limit.
result<schedule> relaxed_schedule(const instance& in, const solve_options& options);

}  // namespace netvet::plan
