#include "netvet/plan/plan.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace netvet::plan {
namespace {

status check_options(const plan_options& o, std::size_t packs) {
  if (packs == 0 && o.remove_vendors.empty()) {
    return make_error(error_code::invalid_input, "name at least one pack (--policy) or vendor (--remove-vendor)",
                      location{"", 0, 0, "--policy"});
  }
  if (packs == 0 && !o.until) {
    return make_error(error_code::invalid_input,
                      "--remove-vendor without --policy needs --until: the date by which the vendor is removed",
                      location{"", 0, 0, "--until"});
  }
  if (o.budget_per_year && !(*o.budget_per_year >= 0)) {
    return make_error(error_code::invalid_input, "the budget must not be negative", location{"", 0, 0, "--budget"});
  }
  if (o.crews && !(*o.crews >= 0)) {
    return make_error(error_code::invalid_input, "the crew count must not be negative", location{"", 0, 0, "--crews"});
  }
  if (o.until && *o.until < o.start) {
    return make_error(error_code::invalid_input,
                      "--until " + format_date(*o.until) + " is before --start " + format_date(o.start),
                      location{"", 0, 0, "--until"});
  }
  return {};
}

date horizon_end(const duties& d, const plan_options& o) {
  if (o.until) {
    return *o.until;
  }
  date end = o.start;
  for (const auto& m : d.milestones) {
    end = std::max(end, m.by);
  }
  return end;
}

instance make_instance(const duties& d, const cost_model& costs, const model::network& net, const plan_options& o) {
  instance in;
  in.periods = make_periods(o.start, horizon_end(d, o), o.length);
  const double months = o.length == period_length::month ? 1 : 3;
  in.budget.assign(in.periods.size(), std::nullopt);
  in.crew_days.assign(in.periods.size(), std::nullopt);
  for (std::size_t t = 0; t < in.periods.size(); ++t) {
    if (o.budget_per_year) {
      in.budget[t] = *o.budget_per_year * months / 12.0;
    }
    if (o.crews) {
      in.crew_days[t] = *o.crews * o.working_days_per_month * months;
    }
  }
  for (const auto& s : d.sites) {
    site_job j;
    j.site = s.site;
    j.cost = costs.site().cost;
    j.crew_days = costs.site().crew_days;
    for (const auto e : s.elements) {
      j.cost += costs.of(net.fn(e)).cost;
      j.crew_days += costs.of(net.fn(e)).crew_days;
    }
    j.elements = s.elements.size();
    j.due = period_of(in.periods, s.deadline);
    in.sites.push_back(std::move(j));
  }
  return in;
}

milestone_outcome judge(const milestone_duty& m, const instance& in, const schedule& s, date start) {
  milestone_outcome out;
  out.due = period_of(in.periods, m.by);
  out.overdue_at_start = m.by < start;
  std::size_t last = 0;
  bool all = true;
  for (const auto site : m.sites) {
    if (const auto p = s.swap_period[site]) {
      last = std::max(last, *p);
    } else {
      all = false;
    }
  }
  if (all && !m.sites.empty()) {
    out.last_period = last;
  }
  if (m.sites.empty()) {
    out.met = !out.overdue_at_start;
    return out;
  }
  const std::size_t done = all ? last : in.periods.size();  // not in the plan: past its end
  out.met = all && !out.overdue_at_start && (!out.due || last <= *out.due);
  if (out.due && done > *out.due) {
    out.slip_periods = static_cast<std::int64_t>(done - *out.due);
  }
  return out;
}

void sum_periods(removal_plan& p) {
  const auto& in = p.in;
  p.periods.assign(in.periods.size(), period_outcome{});
  for (std::size_t i = 0; i < in.sites.size(); ++i) {
    if (const auto t = p.sched.swap_period[i]) {
      auto& po = p.periods[*t];
      ++po.sites;
      po.elements += in.sites[i].elements;
      po.cost += in.sites[i].cost;
      po.crew_days += in.sites[i].crew_days;
      p.total_cost += in.sites[i].cost;
    }
  }
  // Whether a limit binds: the cheapest site still waiting after the period
  // does not fit in what the period left unused.
  for (std::size_t t = 0; t < in.periods.size(); ++t) {
    double cheapest = std::numeric_limits<double>::infinity();
    double fewest_days = std::numeric_limits<double>::infinity();
    std::uint64_t waiting = 0;
    for (std::size_t i = 0; i < in.sites.size(); ++i) {
      const auto sp = p.sched.swap_period[i];
      if (!sp || *sp > t) {
        ++waiting;
        cheapest = std::min(cheapest, in.sites[i].cost);
        fewest_days = std::min(fewest_days, in.sites[i].crew_days);
      }
    }
    auto& po = p.periods[t];
    po.sites_remaining = waiting;
    constexpr double kSlack = 1e-6;
    po.budget_binds = waiting > 0 && in.budget[t] && *in.budget[t] - po.cost + kSlack < cheapest;
    po.crews_bind = waiting > 0 && in.crew_days[t] && *in.crew_days[t] - po.crew_days + kSlack < fewest_days;
  }
}

}  // namespace

result<removal_plan> make_plan(const policy::network_index& index, std::span<const policy::pack* const> packs,
                               const cost_model& costs, const plan_options& options) {
  NETVET_TRY(check_options(options, packs.size()));
  removal_plan p;
  p.currency = costs.currency();
  p.work = collect_duties(index, packs, options.start, options.remove_vendors, options.until);
  p.in = make_instance(p.work, costs, index.net(), options);
  NETVET_ASSIGN_OR_RETURN(p.sched, solve(p.in, options.solver));
  if (p.sched.status == solve_status::no_plan) {
    return p;
  }
  for (const auto& m : p.work.milestones) {
    p.milestones.push_back(judge(m, p.in, p.sched, options.start));
  }
  sum_periods(p);
  return p;
}

}  // namespace netvet::plan
