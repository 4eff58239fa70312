#include "netvet/plan/plan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "netvet/plan/greedy.h"

namespace netvet::plan {
namespace {

status check_options(const plan_options& o, std::size_t packs) {
  if (!o.currency.empty() && currency_code(o.currency) != o.currency) {
    return make_error(error_code::invalid_input,
                      "bad currency '" + o.currency + "'; expected an ISO 4217 code in upper case such as GBP",
                      location{"", 0, 0, "--currency"});
  }
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
  if (o.crews && o.capacity_table) {
    return make_error(error_code::invalid_input, "give --crews N or --capacity FILE, not both",
                      location{"", 0, 0, "--capacity"});
  }
  if (o.max_outage_subscribers && !(*o.max_outage_subscribers >= 0)) {
    return make_error(error_code::invalid_input, "the subscriber limit must not be negative",
                      location{"", 0, 0, "--max-outage-subscribers"});
  }
  if (o.reimbursement == reimbursement_program::us && o.covered.designation.empty()) {
    return make_error(error_code::invalid_input, "--reimbursement us needs the program's covered list (us pack)",
                      location{"", 0, 0, "--reimbursement"});
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

// The aggregation group of each site (aggregate.h): its region (its first
// element's) and site type (the functions it swaps, with their counts).
void assign_groups(const duties& d, const model::network& net, instance& in) {
  std::map<std::pair<string_id, std::vector<model::function>>, std::uint32_t> index;
  for (std::size_t i = 0; i < d.sites.size(); ++i) {
    const auto& s = d.sites[i];
    std::vector<model::function> type;
    for (const auto e : s.elements) {
      type.push_back(net.fn(e));
    }
    std::sort(type.begin(), type.end());
    const auto [it, added] = index.try_emplace(std::make_pair(net.region_id(s.elements.front()), std::move(type)),
                                               static_cast<std::uint32_t>(index.size()));
    in.sites[i].group = it->second;
  }
}

// The share milestones that ask for something within the periods.
void add_share_targets(const duties& d, instance& in) {
  for (const auto& m : d.milestones) {
    const auto due = period_of(in.periods, m.by);
    if (!m.share || m.share->needed == 0 || !due) {
      continue;
    }
    share_target t;
    t.due = *due;
    t.needed = static_cast<double>(m.share->needed);
    double units = 0;
    for (std::size_t i = 0; i < m.sites.size(); ++i) {
      t.sites.emplace_back(m.sites[i], static_cast<double>(m.share->weight[i]));
      units += static_cast<double>(m.share->weight[i]);
    }
    if (units > 0) {
      t.unit_weight = static_cast<double>(m.sites.size()) / units;
      in.shares.push_back(std::move(t));
    }
  }
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
  if (o.budget_table) {
    in.budget = limits_per_period(*o.budget_table, in.periods, o.length);
  }
  if (o.capacity_table) {
    in.crew_days = limits_per_period(*o.capacity_table, in.periods, o.length);
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
    for (const auto e : s.elements) {
      j.subscribers += net.subscribers(e);
    }
    j.due = s.deadline ? period_of(in.periods, *s.deadline) : std::nullopt;
    j.required = s.deadline.has_value();
    in.sites.push_back(std::move(j));
  }
  add_share_targets(d, in);
  in.max_outage_subscribers = o.max_outage_subscribers;
  assign_groups(d, net, in);
  return in;
}

// A share milestone: met when the plan removes `needed` units by its due
// period (or nothing was needed).
milestone_outcome judge_share(const milestone_duty& m, const instance& in, const schedule& s, date start) {
  milestone_outcome out;
  const std::size_t periods = in.periods.size();
  out.due = period_of(in.periods, m.by);
  out.overdue_at_start = m.by < start;
  out.needed = m.share->needed;
  std::vector<std::uint64_t> by_period(periods, 0);
  for (std::size_t i = 0; i < m.sites.size(); ++i) {
    if (const auto t = s.swap_period[m.sites[i]]) {
      by_period[*t] += m.share->weight[i];
    }
  }
  std::uint64_t cum = 0;
  std::optional<std::size_t> reach;
  for (std::size_t t = 0; t < periods; ++t) {
    cum += by_period[t];
    if (!reach && cum >= *out.needed) {
      reach = t;
    }
    if (t == out.due.value_or(periods - 1)) {
      out.removed_by_due = cum;
    }
  }
  if (*out.needed == 0) {
    out.met = true;  // already at or under the cap
    return out;
  }
  out.last_period = reach;
  out.met = reach && !out.overdue_at_start && (!out.due || *reach <= *out.due);
  const std::size_t done = reach.value_or(periods);
  if (out.due && done > *out.due) {
    out.slip_periods = static_cast<std::int64_t>(done - *out.due);
  }
  return out;
}

milestone_outcome judge(const milestone_duty& m, const instance& in, const schedule& s, date start) {
  if (m.share) {
    return judge_share(m, in, s, start);
  }
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
      po.outage_subscribers += in.sites[i].subscribers;
      p.total_cost += in.sites[i].cost;
    }
    p.subscribers_at_start += in.sites[i].subscribers;
  }
}

// What is still waiting after a period: how many sites, and the least of each
// limited quantity among them.
struct waiting_sites {
  std::uint64_t sites = 0;
  std::uint64_t subscribers = 0;
  double cheapest = std::numeric_limits<double>::infinity();
  double fewest_days = std::numeric_limits<double>::infinity();
  double fewest_subscribers = std::numeric_limits<double>::infinity();
};

// The sites that could not go in period t whatever its limits: the `after`
// of a precedence whose `before` is not all swapped by then, and a site
// whose redundancy partner is swapped in t.
std::vector<bool> held_back(const removal_plan& p, std::size_t t) {
  std::vector<bool> out(p.in.sites.size(), false);
  const auto swapped_by = [&p, t](std::size_t s) { return p.sched.swap_period[s] && *p.sched.swap_period[s] <= t; };
  for (const auto& q : p.in.precedences) {
    if (!std::all_of(q.before.begin(), q.before.end(), swapped_by)) {
      for (const auto a : q.after) {
        out[a] = true;
      }
    }
  }
  const auto swapped_in = [&p, t](std::size_t s) { return p.sched.swap_period[s] == std::optional<std::size_t>(t); };
  for (const auto& r : p.in.redundant) {
    out[r.b] = out[r.b] || swapped_in(r.a);
    out[r.a] = out[r.a] || swapped_in(r.b);
  }
  return out;
}

// Counted: every waiting site; the least of each quantity: among those no
// precedence or redundancy partner holds back (a limit binds only if it
// keeps out a site that could go).
waiting_sites waiting_after(const removal_plan& p, std::size_t t) {
  waiting_sites w;
  const auto held = held_back(p, t);
  for (std::size_t i = 0; i < p.in.sites.size(); ++i) {
    const auto sp = p.sched.swap_period[i];
    if (!sp || *sp > t) {
      const auto& j = p.in.sites[i];
      ++w.sites;
      w.subscribers += j.subscribers;
      if (held[i] || !j.required) {  // a share-only site waits by choice, not for room
        continue;
      }
      w.cheapest = std::min(w.cheapest, j.cost);
      w.fewest_days = std::min(w.fewest_days, j.crew_days);
      w.fewest_subscribers = std::min(w.fewest_subscribers, static_cast<double>(j.subscribers));
    }
  }
  return w;
}

// Whether a limit binds: the least demanding site still waiting after the
// period does not fit in what the period left unused.
void mark_binds(removal_plan& p) {
  const auto& in = p.in;
  for (std::size_t t = 0; t < in.periods.size(); ++t) {
    const auto w = waiting_after(p, t);
    auto& po = p.periods[t];
    po.sites_remaining = w.sites;
    po.subscribers_remaining = w.subscribers;
    if (w.sites == 0) {
      continue;
    }
    constexpr double kSlack = 1e-6;
    po.budget_binds = in.budget[t] && *in.budget[t] - po.cost + kSlack < w.cheapest;
    po.crews_bind = in.crew_days[t] && *in.crew_days[t] - po.crew_days + kSlack < w.fewest_days;
    po.subscribers_bind =
        in.max_outage_subscribers &&
        *in.max_outage_subscribers - static_cast<double>(po.outage_subscribers) + kSlack < w.fewest_subscribers;
  }
}

// What each period gets back (reimbursement.h): the eligible cost of the
// sites it swaps at the rate in force on its last day.
void reimburse(removal_plan& p) {
  if (p.reimbursement != reimbursement_program::us) {
    return;
  }
  for (std::size_t i = 0; i < p.in.sites.size(); ++i) {
    if (const auto t = p.sched.swap_period[i]) {
      const double r = p.eligible.eligible_cost[i] * us_rate(p.in.periods[*t].last);
      p.periods[*t].reimbursed += r;
      p.total_reimbursed += r;
    }
  }
}

// The cost model in the plan's currency, and the rates it was converted at.
result<std::pair<cost_model, rate_table>> price(const cost_model& costs, const plan_options& o) {
  rate_table rates;
  if (o.rates) {
    rates = *o.rates;
  } else {
    NETVET_ASSIGN_OR_RETURN(rates, rate_table::defaults());
  }
  NETVET_ASSIGN_OR_RETURN(auto priced, costs.in_currency(o.currency.empty() ? costs.currency() : o.currency, rates));
  return std::pair{std::move(priced), std::move(rates)};
}

// Under the US program: the plan's units per USD, when the rates know both
// (the two rates join the conversion's).
void usd_rate(removal_plan& p, const rate_table& rates) {
  if (p.reimbursement != reimbursement_program::us) {
    return;
  }
  const auto* usd = rates.find("USD");
  const auto* here = rates.find(p.currency);
  if (p.currency == "USD") {
    p.usd_to_plan = 1;
  } else if (usd != nullptr && here != nullptr) {
    p.usd_to_plan = here->per_eur / usd->per_eur;
    for (const auto* r : {here, usd}) {
      auto& used = p.converted.rates;
      if (std::none_of(used.begin(), used.end(), [r](const exchange_rate& x) { return x.currency == r->currency; })) {
        used.push_back(*r);
      }
    }
  }
}

}  // namespace

std::optional<planner> parse_planner(std::string_view s) {
  if (s == "mip") {
    return planner::mip;
  }
  if (s == "greedy") {
    return planner::greedy;
  }
  return std::nullopt;
}

result<removal_plan> make_plan(const policy::network_index& index, std::span<const policy::pack* const> packs,
                               const cost_model& costs, const plan_options& options) {
  NETVET_TRY(check_options(options, packs.size()));
  NETVET_ASSIGN_OR_RETURN(const auto priced_rates, price(costs, options));
  const auto& priced = priced_rates.first;
  removal_plan p;
  p.currency = priced.currency();
  p.converted = priced.converted();
  p.budget_file = options.budget_table ? options.budget_table->file : "";
  p.capacity_file = options.capacity_table ? options.capacity_table->file : "";
  p.work = collect_duties(index, packs, options.start, options.remove_vendors, options.until);
  p.in = make_instance(p.work, priced, index.net(), options);
  if (options.redundancy) {
    p.redundancy = derive_redundancy(index.net(), p.work);
    for (const auto& r : p.redundancy) {
      p.in.redundant.push_back(site_pair{r.a, r.b});
    }
  }
  p.sequencing = derive_sequencing(index.net(), p.work, options.sequencing);
  for (const auto& r : p.sequencing) {
    p.in.precedences.push_back(precedence{r.before, r.after});
  }
  for (std::size_t i = 0; options.max_outage_subscribers && i < p.in.sites.size(); ++i) {
    if (static_cast<double>(p.in.sites[i].subscribers) > *options.max_outage_subscribers) {
      p.over_limit.push_back(i);
    }
  }
  p.reimbursement = options.reimbursement;
  if (options.reimbursement == reimbursement_program::us) {
    p.eligible = us_eligibility(index.net(), p.work, priced, options.covered);
    usd_rate(p, priced_rates.second);
  }
  if (options.method == planner::greedy) {
    p.sched = greedy_schedule(p.in);
  } else {
    NETVET_ASSIGN_OR_RETURN(p.sched, solve(p.in, options.solver));
  }
  if (p.sched.status == solve_status::no_plan) {
    return p;
  }
  for (const auto& m : p.work.milestones) {
    p.milestones.push_back(judge(m, p.in, p.sched, options.start));
  }
  sum_periods(p);
  mark_binds(p);
  reimburse(p);
  return p;
}

}  // namespace netvet::plan
