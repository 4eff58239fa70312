#include "netvet/plan/aggregate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "netvet/plan/greedy.h"

namespace netvet::plan {
namespace {

// The subscriber band of a site: 0 for none, else 1 + floor(log2(subs)).
std::uint32_t band_of(std::uint64_t subscribers) {
  std::uint32_t b = 0;
  for (; subscribers > 0; subscribers >>= 1U) {
    ++b;
  }
  return b;
}

struct group_figures {
  double min_cost = 0;
  double min_crew = 0;
  double min_subscribers = 0;
  double mean_cost = 0;
  double mean_crew = 0;
  double mean_subscribers = 0;
  std::vector<std::size_t> sites;            // input order
  std::map<std::size_t, double> share_max;   // share -> the largest units of a site
  std::map<std::size_t, double> share_mean;  // share -> the mean units
};

std::vector<group_figures> figures_of(const instance& in, const site_groups& g) {
  std::vector<group_figures> out(g.count);
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    auto& f = out[g.of_site[s]];
    const auto& j = in.sites[s];
    const auto subs = static_cast<double>(j.subscribers);
    if (f.sites.empty()) {
      f.min_cost = j.cost;
      f.min_crew = j.crew_days;
      f.min_subscribers = subs;
    }
    f.min_cost = std::min(f.min_cost, j.cost);
    f.min_crew = std::min(f.min_crew, j.crew_days);
    f.min_subscribers = std::min(f.min_subscribers, subs);
    f.mean_cost += j.cost;
    f.mean_crew += j.crew_days;
    f.mean_subscribers += subs;
    f.sites.push_back(s);
  }
  for (std::size_t m = 0; m < in.shares.size(); ++m) {
    for (const auto& [s, w] : in.shares[m].sites) {
      auto& f = out[g.of_site[s]];
      f.share_max[m] = std::max(f.share_max[m], w);
      f.share_mean[m] += w;
    }
  }
  for (auto& f : out) {
    const auto n = static_cast<double>(f.sites.size());
    for (auto& [m, w] : f.share_mean) {
      w /= n;
    }
    f.mean_cost /= n;
    f.mean_crew /= n;
    f.mean_subscribers /= n;
  }
  return out;
}

// The instance with every site's figures replaced by its group's minimum
// (bound) or mean (plan), and no pair or precedence rows.
instance aggregated(const instance& in, const site_groups& g, const std::vector<group_figures>& figs, bool bound) {
  instance out;
  out.periods = in.periods;
  out.budget = in.budget;
  out.crew_days = in.crew_days;
  out.max_outage_subscribers = in.max_outage_subscribers;
  for (std::size_t m = 0; m < in.shares.size(); ++m) {
    share_target t = in.shares[m];
    for (auto& [s, w] : t.sites) {
      const auto& f = figs[g.of_site[s]];
      w = bound ? f.share_max.at(m) : f.share_mean.at(m);
    }
    out.shares.push_back(std::move(t));
  }
  out.sites.reserve(in.sites.size());
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    const auto& f = figs[g.of_site[s]];
    site_job j;
    j.due = in.sites[s].due;
    j.required = in.sites[s].required;
    j.cost = bound ? f.min_cost : f.mean_cost;
    j.crew_days = bound ? f.min_crew : f.mean_crew;
    // Subscribers are whole numbers in the model: the bound rounds down, the
    // plan to the nearest.
    j.subscribers = static_cast<std::uint64_t>(bound ? std::floor(f.min_subscribers) : std::round(f.mean_subscribers));
    out.sites.push_back(std::move(j));
  }
  return out;
}

// How heavy a site is within its group: its figures relative to the means.
double load(const site_job& j, const group_figures& f) {
  const auto rel = [](double v, double mean) { return mean > 0 ? v / mean : 0.0; };
  return rel(j.cost, f.mean_cost) + rel(j.crew_days, f.mean_crew) +
         rel(static_cast<double>(j.subscribers), f.mean_subscribers);
}

// The target period of every site: the plan model's count of each group's
// swaps per period, given to the group's sites lightest first.
std::vector<std::size_t> targets(const instance& in, const std::vector<group_figures>& figs, const schedule& plan) {
  const std::size_t none = in.periods.size();
  std::vector<std::size_t> out(in.sites.size(), none);
  for (const auto& f : figs) {
    std::vector<std::size_t> periods;  // the plan model's periods for the group, earliest first
    for (const auto s : f.sites) {
      periods.push_back(plan.swap_period[s].value_or(none));
    }
    std::sort(periods.begin(), periods.end());
    auto members = f.sites;
    std::stable_sort(members.begin(), members.end(),
                     [&](std::size_t a, std::size_t b) { return load(in.sites[a], f) < load(in.sites[b], f); });
    for (std::size_t i = 0; i < members.size(); ++i) {
      out[members[i]] = periods[i];
    }
  }
  return out;
}

constexpr std::size_t kLast = static_cast<std::size_t>(-1);

// Where each site stands in a list schedule: its target period, then its
// urgency (its deadline, or an earlier period a repair wants it by).
struct priorities {
  std::vector<std::size_t> target;
  std::vector<std::size_t> urgency;
};

priorities priorities_of(const instance& in, std::vector<std::size_t> target) {
  priorities p{std::move(target), std::vector<std::size_t>(in.sites.size(), kLast)};
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    p.urgency[s] = in.sites[s].due.value_or(kLast);
  }
  return p;
}

// The list schedule (greedy.h) in order of target, then urgency, then input.
schedule by_priority(const instance& in, const priorities& p) {
  std::vector<std::size_t> order(in.sites.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&p](std::size_t a, std::size_t b) {
    return std::make_pair(p.target[a], p.urgency[a]) < std::make_pair(p.target[b], p.urgency[b]);
  });
  return list_schedule(in, std::move(order), &p.urgency);
}

// A plan of the sites from a guide (the plan model's schedule): a list
// schedule in order of target period, then deadline, then input.
schedule disaggregate(const instance& in, const std::vector<group_figures>& figs, const schedule& guide) {
  return by_priority(in, priorities_of(in, targets(in, figs, guide)));
}

// How heavy a site is against the period's limits (crew-days, subscribers,
// budget: the share of the first period's each takes), to prefer light sites.
double weight_in_limits(const instance& in, const site_job& j) {
  const auto rel = [](double need, const std::optional<double>& cap) { return cap && *cap > 0 ? need / *cap : 0.0; };
  return rel(j.crew_days, in.crew_days.front()) + rel(j.cost, in.budget.front()) +
         rel(static_cast<double>(j.subscribers), in.max_outage_subscribers);
}

// Pulls a share's missing units forward: the sites of share m not swapped
// by `by` (its due period, or earlier on later rounds), most units for the
// least weight first, get `by` as target and urgency until they cover what
// `plan` leaves short at the due period; those `plan` swaps by then keep
// their period with the due period as urgency, or `by` (hold_from_by: from
// `by` on, the share's sites go before sites due later, which may
// otherwise push them past the due period; which of the two does better
// depends on the instance, so the repair tries both).
void pull_share(const instance& in, const share_target& m, const schedule& plan, std::size_t by, bool hold_from_by,
                priorities& p) {
  double units = 0;
  std::vector<std::pair<double, std::size_t>> waiting;  // (weight per unit, site)
  for (const auto& [s, w] : m.sites) {
    if (plan.swap_period[s] && *plan.swap_period[s] <= m.due) {
      units += w;
      p.urgency[s] = std::min(p.urgency[s], hold_from_by ? by : m.due);
    } else if (w > 0) {
      waiting.emplace_back(weight_in_limits(in, in.sites[s]) / w, s);
    }
  }
  std::stable_sort(waiting.begin(), waiting.end());
  std::map<std::size_t, double> units_of;
  for (const auto& [s, w] : m.sites) {
    units_of[s] = w;
  }
  for (std::size_t i = 0; i < waiting.size() && units < m.needed - 1e-9; ++i) {
    const auto s = waiting[i].second;
    p.target[s] = std::min(p.target[s], by);
    p.urgency[s] = std::min(p.urgency[s], by);
    units += units_of[s];
  }
}

solve_options half(const solve_options& o) {
  solve_options h = o;
  h.time_limit_seconds = o.time_limit_seconds / 2;
  h.aggregate = aggregation::never;
  return h;
}

// One round of the repair: the plan's own periods as targets, its late
// sites and short shares' missing sites pulled to `pull` periods before
// their due period.
schedule repair_round(const instance& in, const schedule& best, std::size_t pull, bool hold_from_by) {
  std::vector<std::size_t> target(in.sites.size(), in.periods.size());
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    target[s] = best.swap_period[s].value_or(in.periods.size());
  }
  auto p = priorities_of(in, std::move(target));
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    const auto& due = in.sites[s].due;
    if (due && best.swap_period[s].value_or(kLast) > *due) {
      p.target[s] = *due - std::min(*due, pull);
      p.urgency[s] = p.target[s];
    }
  }
  for (const auto& m : in.shares) {
    pull_share(in, m, best, m.due - std::min(m.due, pull), hold_from_by, p);
  }
  return by_priority(in, p);
}

}  // namespace

schedule repair_lateness(const instance& in, schedule plan) {
  constexpr std::size_t kRounds = 8;
  schedule out = plan;
  // Two chains of rounds, one per way of holding a share's sites (pull_share):
  // each keeps its own best plan, as a round's gain depends on the last.
  for (const bool hold_from_by : {false, true}) {
    schedule best = plan;
    for (std::size_t pull = 0; pull < kRounds && best.late_site_periods + best.share_short > 0; ++pull) {
      auto next = repair_round(in, best, pull, hold_from_by);
      if (next.objective < best.objective - 1e-12) {
        best = std::move(next);
      }
    }
    if (best.objective < out.objective) {
      out = std::move(best);
    }
    if (in.shares.empty()) {
      break;  // the chains differ only for shares
    }
  }
  return out;
}

site_groups group_sites(const instance& in) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  const bool by_band = in.max_outage_subscribers.has_value();
  std::vector<std::vector<std::uint32_t>> shares_of(in.sites.size());
  for (std::uint32_t m = 0; m < in.shares.size(); ++m) {
    for (const auto& sw : in.shares[m].sites) {
      shares_of[sw.first].push_back(m);
    }
  }
  std::map<std::tuple<std::uint32_t, std::size_t, std::uint32_t, bool, std::vector<std::uint32_t>>, std::uint32_t>
      index;
  site_groups out;
  out.of_site.reserve(in.sites.size());
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    const auto& j = in.sites[s];
    const auto key = std::make_tuple(j.group, j.due.value_or(kNone), by_band ? band_of(j.subscribers) : 0U, j.required,
                                     shares_of[s]);
    const auto [it, added] = index.try_emplace(key, static_cast<std::uint32_t>(index.size()));
    out.of_site.push_back(it->second);
  }
  out.count = index.size();
  return out;
}

result<schedule> solve_aggregated(const instance& in, const solve_options& options) {
  const auto groups = group_sites(in);
  const auto figs = figures_of(in, groups);
  schedule best = greedy_schedule(in);
  // The bound model's search stops once its bound reaches the greedy plan's
  // objective: that plan is then optimal for the sites' problem.
  auto bound_options = half(options);
  bound_options.stop_at_bound = best.objective;
  if (!options.model_file.empty()) {
    bound_options.model_file = options.model_file + ".bound";
  }
  NETVET_ASSIGN_OR_RETURN(const schedule bound_model, solve_exact(aggregated(in, groups, figs, true), bound_options));
  std::size_t plan_classes = 0;
  if (bound_model.bound < best.objective - 1e-9 * std::max(1.0, best.objective)) {
    // Two guides from the plan model: its LP relaxation (always quick) and,
    // in what is left of the time, its MIP; each disaggregated.
    const auto plan_in = aggregated(in, groups, figs, false);
    auto quarter = half(options);
    quarter.time_limit_seconds /= 2;
    if (!options.model_file.empty()) {
      quarter.model_file = options.model_file + ".plan";
    }
    NETVET_ASSIGN_OR_RETURN(const schedule relaxed, relaxed_schedule(plan_in, quarter));
    NETVET_ASSIGN_OR_RETURN(const schedule integral, solve_exact(plan_in, quarter));
    plan_classes = integral.classes;
    for (const auto* guide : {&relaxed, &integral}) {
      if (guide->status != solve_status::no_plan) {
        auto guided = disaggregate(in, figs, *guide);
        if (guided.objective < best.objective) {
          best = std::move(guided);
        }
      }
    }
    // What the guides leave late (the plan model's counts rounded, mean
    // figures that do not fit the sites), pulled forward.
    best = repair_lateness(in, std::move(best));
  }
  // A valid lower bound (above); never above the plan's own objective.
  best.bound = std::min(bound_model.bound, best.objective);
  best.gap = (best.objective - best.bound) / std::max(std::abs(best.objective), 1.0);
  best.status = best.gap <= 1e-9 ? solve_status::optimal : solve_status::feasible;
  best.aggregated = true;
  best.groups = groups.count;
  best.classes = std::max(plan_classes, bound_model.classes);
  return best;
}

}  // namespace netvet::plan
