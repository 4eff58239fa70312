// netvet/plan/aggregate.h: a plan for instances too large for the exact
// model (schedule.h), with a lower bound valid for the original problem.
//
// The exact model counts interchangeable sites (same cost, crew-days, due
// period, and subscribers under a subscriber limit), which stays small with
// the default costs but not with a subscriber limit (about one class a site)
// or costs that vary site by site. Then the sites are aggregated into groups
// -- the same `group` (make_plan: region and site type), the same due period
// and, under a subscriber limit, the same subscriber band (a power of two:
// the largest of a band is less than twice its smallest), and the same
// share milestones and `required` flag -- and two
// aggregated models of the groups are solved, each a class model of
// schedule.h with one class a group and no pair or precedence rows:
//
//  - the bound model gives each site its group's SMALLEST cost, crew-days
//    and subscribers, and the LARGEST units towards each share. Every plan of the original instance is a plan of this
//    model (each period's spend, crew-days and subscribers can only shrink
//    when a site's figures are replaced by smaller ones, a share's shortfall
//    only when a site's units are replaced by larger ones, and dropping the
//    pair and precedence rows only removes constraints) with the same
//    objective (lateness and exposure count sites and their due periods,
//    which a group shares). So its optimum is at most the original's, and
//    any lower bound GLPK proves for it (at least its LP relaxation's) is a
//    lower bound for the original problem. When every group's sites are
//    alike in what the limits count, the bound model is the exact model
//    without pairs and precedences, and the bound is the exact one.
//  - the plan model gives each site its group's MEAN figures; its solution
//    (its LP relaxation's counts rounded down, and its MIP's in what is
//    left of the time limit: two guides, the better plan kept) says how
//    many of each group to swap in each period. That is
//    disaggregated into a plan that keeps every original constraint: each
//    group's sites are given target periods, the lightest first (by cost,
//    crew-days and subscribers relative to the group's mean), and a list
//    schedule (greedy.h) takes the waiting sites period by period in order
//    of target, deadline and input, each one that fits every limit, pair
//    and precedence.
//
// The better of that plan and the greedy earliest-deadline-first plan is
// then repaired when it is late or short: rounded counts and mean figures
// leave a share a few units short or a site past its deadline (at 100k
// sites under a subscriber limit, 111 OLT-quarters short against a bound
// with none). The list schedule runs again in order of the plan's own
// periods, each late site and each short share's missing sites (most units
// for the least room in the limits first) pulled to their due period, 0 to
// 7 periods earlier in 8 rounds, and each period takes the sites due by
// then before the others; the best plan is kept. Two chains of rounds hold
// the share's sites already in time differently (from their due period, or
// from the period the missing ones are pulled to): at 100k sites the first
// meets the share and the second does not, on tests/plan's small instance
// the reverse, so both run (16 list schedules at most).
//
// The answer has `aggregated` set, the group count, and the bound model's
// bound (status `optimal` only when the plan reaches it).
#pragma once

#include "netvet/plan/schedule.h"

namespace netvet::plan {

// The group of each site (indices into `groups`) and the groups' count.
struct site_groups {
  std::vector<std::uint32_t> of_site;
  std::size_t count = 0;
};
site_groups group_sites(const instance& in);

// The repair (above) of a plan of `in` that keeps every constraint: a plan
// that keeps them too, no worse (the same plan when no round helps or
// nothing is late or short).
schedule repair_lateness(const instance& in, schedule plan);

// Solves `in` by aggregation (above): the greedy plan first; the bound
// model within half the time limit, stopping once its bound reaches the
// greedy plan (then optimal, and the plan model is not solved); the plan
// model's relaxation and MIP within a quarter each.
// Errors: the exact solver's (schedule.h).
result<schedule> solve_aggregated(const instance& in, const solve_options& options);

}  // namespace netvet::plan
