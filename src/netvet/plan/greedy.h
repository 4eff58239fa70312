// netvet/plan/greedy.h: the greedy earliest-deadline-first plan, site by
// site -- the baseline `netvet plan --planner greedy` reports beside the
// optimised plan (bench/plan), and an oracle for the tests (its plan is
// feasible, and no optimal plan is worse than it).
//
// The rule, what a planner without a solver would do: period by period,
// take the waiting sites in order of their deadline (earliest first; no
// deadline last; ties in input order) and swap every one that still fits
// the period's budget, crew-days and subscriber limit, whose redundancy
// partner is not down in the same period and which no precedence holds back
// (every site of the precedence's `before` swapped in this period or
// earlier). Passes repeat within a period until no site fits, so that a
// precedence released in a period lets its `after` go in the same period.
// First fit, not best fit: a site is passed over only when it does not fit.
// Share milestones: a site in a share's scope counts the share's due period
// as its deadline for the order (while the share is short), and a site only
// a share wants is taken only while one of its shares is still short.
//
// It never looks ahead: it cannot leave room for a site due sooner in a
// later period, nor choose the cheaper of two sites to meet a deadline, nor
// break a precedence cycle (the sites of a cycle wait for each other and
// are never swapped; the MIP swaps them in one period). What it costs is
// what bench/plan measures.
#pragma once

#include "netvet/plan/schedule.h"

namespace netvet::plan {

// The greedy plan: status heuristic, lateness and exposure scored
// (schedule.h score), objective as the MIP counts it; bound and gap 0 (it
// proves nothing). Assumes a valid instance (schedule.h solve checks one).
schedule greedy_schedule(const instance& in);

// The same rule with the sites taken in `order` (a permutation of the site
// indices) instead of by deadline: aggregate.h's disaggregation. With
// `urgency` (a period per site), each period takes the waiting sites whose
// urgency is that period or earlier first, each side in `order`.
schedule list_schedule(const instance& in, std::vector<std::size_t> order,
                       const std::vector<std::size_t>* urgency = nullptr);

// The list schedule in order of a guide's periods (a site the guide leaves
// out last), then deadline, then input: a plan that keeps every constraint
// from one that may not (an LP relaxation rounded, schedule.h).
schedule guided_schedule(const instance& in, const schedule& guide);

}  // namespace netvet::plan
