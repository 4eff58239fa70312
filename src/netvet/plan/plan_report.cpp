// The document of `netvet plan` (plan.h plan_document).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "netvet/core/text.h"
#include "netvet/plan/plan.h"

namespace netvet::plan {
namespace {

using report::cell;
using report::column_type;

cell money(double v) { return static_cast<std::int64_t>(std::llround(v)); }
cell label_or_empty(const instance& in, std::optional<std::size_t> t) {
  return t ? cell{in.periods[*t].label} : cell{};
}

// "16,406.64": an amount to the cent.
std::string cents(double v) {
  const auto c = std::llround(std::fabs(v) * 100.0);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%02lld", static_cast<long long>(c % 100));
  return (v < 0 ? "-" : "") + report::thousands(c / 100) + frac;
}

// Units of the plan's currency for one unit of `r`'s.
double to_plan(const conversion& c, const exchange_rate& r) { return c.rates.front().per_eur / r.per_eur; }

std::string six_digits(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The conversion (costs.h): a table for text, markdown and CSV (the plan's
// currency always its first row), and the `conversion` object in JSON, which
// takes the table's key (document::extra is merged after the tables).
void add_conversion(report::document& doc, const removal_plan& p) {
  const auto& c = p.converted;
  auto& t = doc.add_table("conversion", "Currency and conversion");
  t.add_column("currency", column_type::text)
      .add_column("role", column_type::text, "plan: the currency of every amount; from: converted into it")
      .add_column("per_eur", column_type::text, "units for one euro, as the rates file gives it")
      .add_column("date", column_type::text)
      .add_column("to_plan", column_type::text, "units of the plan's currency for one unit of this one")
      .add_column("items", column_type::text, "cost rows converted from this currency: item cost = cost in the plan's")
      .add_column("source", column_type::text);
  nlohmann::json rates = nlohmann::json::array();
  for (const auto& r : c.rates) {
    std::string items;
    nlohmann::json listed = nlohmann::json::array();
    for (const auto& i : c.items) {
      if (i.from == r.currency) {
        items += (items.empty() ? "" : "; ") + i.item + " " + cents(i.from_cost) + " = " + cents(i.cost);
        listed.push_back(i.item);
      }
    }
    const auto day = r.day ? format_date(*r.day) : std::string();
    t.add_row({r.currency, r.currency == p.currency ? "plan" : "from", format_double(r.per_eur),
               r.day ? cell{day} : cell{}, six_digits(to_plan(c, r)), items, r.source});
    rates.push_back({{"currency", r.currency},
                     {"per_eur", r.per_eur},
                     {"date", r.day ? nlohmann::json(day) : nlohmann::json(nullptr)},
                     {"source", r.source},
                     {"to_plan", to_plan(c, r)},
                     {"items", std::move(listed)}});
  }
  if (c.rates.empty()) {
    t.add_row({p.currency, "plan", cell{}, cell{}, "1", "", "every cost row is in " + p.currency});
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : c.items) {
    items.push_back(
        {{"item", i.item}, {"line", i.line}, {"from", i.from}, {"from_cost", i.from_cost}, {"cost", i.cost}});
  }
  doc.extra["conversion"] = {{"currency", p.currency},
                             {"base", kBaseCurrency},
                             {"rates_file", c.rates_file},
                             {"rounding", "each converted cost row to 0.01 " + p.currency + ", half away from zero"},
                             {"rates", std::move(rates)},
                             {"items", std::move(items)}};
}

void add_facts(report::document& doc, const removal_plan& p, const std::string& network_name) {
  const auto& s = p.sched;
  const auto& in = p.in;
  auto fact = [&doc](std::string name, std::string label, cell v) {
    doc.facts.push_back(report::fact{std::move(name), std::move(label), std::move(v)});
  };
  fact("network", "Network", network_name);
  fact("from", "From", in.periods.empty() ? cell{} : cell{in.periods.front().label});
  fact("to", "To", in.periods.empty() ? cell{} : cell{in.periods.back().label});
  fact("status", "Solver status", std::string(to_string(s.status)));
  fact("objective", "Objective (late site-periods + share shortfall + exposure weight x exposure)", s.objective);
  const bool proved = s.status != solve_status::heuristic;
  fact("bound", "Lower bound on the objective", proved ? cell{s.bound} : cell{});
  fact("gap", "Optimality gap", proved ? cell{s.gap} : cell{});
  fact("planner", "Planner", s.status == solve_status::heuristic ? cell{"greedy"} : cell{"mip"});
  fact("aggregated", "Aggregated into groups", s.aggregated);
  fact("groups", "Groups of the aggregated model", s.aggregated ? cell{static_cast<std::int64_t>(s.groups)} : cell{});
  fact("late_site_periods", "Site-periods late", static_cast<std::int64_t>(s.late_site_periods));
  fact("share_shortfall", "Share milestones short (site-equivalents x periods after their deadline)", s.share_short);
  fact("share_only_swaps", "Sites swapped only for a share milestone", static_cast<std::int64_t>(s.optional_swaps));
  fact("exposure_site_periods", "Site-periods still on the removed vendor",
       static_cast<std::int64_t>(s.exposure_site_periods));
  fact("currency", "Currency", p.currency);
  fact("budget_file", "Budget from", p.budget_file.empty() ? cell{} : cell{p.budget_file});
  fact("capacity_file", "Crew-days from", p.capacity_file.empty() ? cell{} : cell{p.capacity_file});
  fact("total_cost", "Total cost", money(p.total_cost));
  fact("reimbursement", "Reimbursement", p.reimbursement == reimbursement_program::us ? cell{"us"} : cell{"none"});
  fact("total_reimbursed", "Reimbursed", money(p.total_reimbursed));
  fact("total_net_cost", "Net cost", money(p.total_cost - p.total_reimbursed));
  fact("total_reimbursed_usd", "Reimbursed, in USD (the program's currency)",
       p.usd_to_plan ? money(p.total_reimbursed / *p.usd_to_plan) : cell{});
  fact("site_count", "Sites to swap", static_cast<std::int64_t>(in.sites.size()));
  fact("subscribers_at_start", "Subscribers on the removed vendor's elements at the start",
       static_cast<std::int64_t>(p.subscribers_at_start));
  fact("site_classes", "Interchangeable site classes solved", static_cast<std::int64_t>(s.classes));
  fact("redundancy_pairs", "Redundancy pairs kept apart", static_cast<std::int64_t>(p.redundancy.size()));
  fact("max_outage_subscribers", "Subscriber limit per period",
       in.max_outage_subscribers ? cell{static_cast<std::int64_t>(std::llround(*in.max_outage_subscribers))} : cell{});
}

void add_periods(report::document& doc, const removal_plan& p) {
  auto& t = doc.add_table("periods", "Per period");
  t.add_column("period", column_type::text)
      .add_column("sites", column_type::integer, "sites swapped in the period")
      .add_column("elements", column_type::integer, "elements replaced in the period")
      .add_column("cost", column_type::integer, "spent in the period")
      .add_column("crew_days", column_type::number, "crew-days worked")
      .add_column("budget", column_type::integer, "the period's budget, in the plan's currency (empty: no limit)")
      .add_column("crew_capacity", column_type::number, "the period's crew-days (empty: no limit)")
      .add_column("sites_remaining", column_type::integer, "sites still to swap after the period")
      .add_column("subscribers_remaining", column_type::integer,
                  "subscribers still on the removed vendor's elements after the period (the burn-down)")
      .add_column("budget_binds", column_type::boolean, "the unspent budget pays for no waiting site")
      .add_column("crews_bind", column_type::boolean, "the unused crew-days fit no waiting site")
      .add_column("outage_subscribers", column_type::integer, "subscribers of the sites swapped in the period")
      .add_column("reimbursed", column_type::integer, "paid back under --reimbursement (0 without)")
      .add_column("net_cost", column_type::integer, "cost - reimbursed")
      .add_column("subscribers_bind", column_type::boolean,
                  "the subscriber limit's room fits no waiting site (empty limit: never)");
  for (std::size_t i = 0; i < p.periods.size(); ++i) {
    const auto& po = p.periods[i];
    t.add_row({p.in.periods[i].label, static_cast<std::int64_t>(po.sites), static_cast<std::int64_t>(po.elements),
               money(po.cost), po.crew_days, p.in.budget[i] ? money(*p.in.budget[i]) : cell{},
               p.in.crew_days[i] ? cell{*p.in.crew_days[i]} : cell{}, static_cast<std::int64_t>(po.sites_remaining),
               static_cast<std::int64_t>(po.subscribers_remaining), po.budget_binds, po.crews_bind,
               static_cast<std::int64_t>(po.outage_subscribers), money(po.reimbursed), money(po.cost - po.reimbursed),
               po.subscribers_bind});
  }
}

void add_sites(report::document& doc, const removal_plan& p) {
  auto& t = doc.add_table("sites", "Per site");
  t.add_column("site", column_type::text)
      .add_column("period", column_type::text, "when it is swapped (empty: not within the plan)")
      .add_column("elements", column_type::integer, "elements replaced, anchors included")
      .add_column("anchors", column_type::integer, "RAN elements of the removed vendor swapped with them (4G anchors)")
      .add_column("cost", column_type::integer)
      .add_column("crew_days", column_type::number)
      .add_column("deadline", column_type::text, "the earliest deadline of its elements")
      .add_column("subscribers", column_type::integer, "offline while it is swapped (its replaced elements')");
  for (std::size_t i = 0; i < p.in.sites.size(); ++i) {
    const auto& j = p.in.sites[i];
    t.add_row({j.site, label_or_empty(p.in, p.sched.swap_period[i]), static_cast<std::int64_t>(j.elements),
               static_cast<std::int64_t>(p.work.sites[i].anchors), money(j.cost), j.crew_days,
               p.work.sites[i].deadline ? cell{format_date(*p.work.sites[i].deadline)} : cell{},
               static_cast<std::int64_t>(j.subscribers)});
  }
}

void add_milestones(report::document& doc, const removal_plan& p) {
  auto& t = doc.add_table("milestones", "Milestones");
  t.add_column("pack", column_type::text, "the pack; user for a --remove-vendor duty")
      .add_column("origin", column_type::text, "pack, or --remove-vendor (the user's own duty)")
      .add_column("rule", column_type::text)
      .add_column("title", column_type::text)
      .add_column("by", column_type::text)
      .add_column("elements", column_type::integer, "elements in its scope")
      .add_column("sites", column_type::integer, "sites holding them")
      .add_column("met", column_type::boolean)
      .add_column("last_period", column_type::text, "when its last site is swapped (empty: not within the plan)")
      .add_column("slip_periods", column_type::integer,
                  "periods late (a lower bound when last_period is empty: a site is not within the plan)")
      .add_column("overdue_at_start", column_type::boolean, "the deadline had passed on the start date")
      .add_column("max_percent", column_type::number, "a share milestone's cap (empty: full removal)")
      .add_column("basis", column_type::text, "what a share counts: elements or subscribers")
      .add_column("covered_at_start", column_type::integer, "the vendor's count in the share's parts at the start")
      .add_column("total", column_type::integer, "every vendor's count in the share's parts")
      .add_column("needed", column_type::integer, "to remove by the deadline for the share to be at or under the cap")
      .add_column("removed_by_due", column_type::integer, "what the plan removes by the deadline's period");
  for (std::size_t i = 0; i < p.work.milestones.size(); ++i) {
    const auto& m = p.work.milestones[i];
    const auto& o = p.milestones[i];
    const auto share = [&m](auto get) { return m.share ? get(*m.share) : cell{}; };
    t.add_row({m.pack, m.origin, m.rule, m.title, format_date(m.by), static_cast<std::int64_t>(m.elements),
               static_cast<std::int64_t>(m.sites.size()), o.met, label_or_empty(p.in, o.last_period), o.slip_periods,
               o.overdue_at_start, share([](const share_duty& s) { return cell{s.max_percent}; }),
               share([](const share_duty& s) { return cell{std::string(policy::to_string(s.basis))}; }),
               share([](const share_duty& s) { return cell{static_cast<std::int64_t>(s.covered)}; }),
               share([](const share_duty& s) { return cell{static_cast<std::int64_t>(s.total)}; }),
               share([](const share_duty& s) { return cell{static_cast<std::int64_t>(s.needed)}; }),
               m.share ? cell{static_cast<std::int64_t>(o.removed_by_due)} : cell{}});
  }
}

void add_redundancy(report::document& doc, const removal_plan& p) {
  auto& t = doc.add_table("redundancy", "Redundancy pairs (never swapped in one period)");
  t.add_column("site_a", column_type::text)
      .add_column("site_b", column_type::text)
      .add_column("reason", column_type::text, "core function F, or dual-homed ELEMENT (src/netvet/plan/service.h)")
      .add_column("period_a", column_type::text)
      .add_column("period_b", column_type::text);
  for (const auto& r : p.redundancy) {
    t.add_row({p.in.sites[r.a].site, p.in.sites[r.b].site, r.reason, label_or_empty(p.in, p.sched.swap_period[r.a]),
               label_or_empty(p.in, p.sched.swap_period[r.b])});
  }
}

// The latest period of `sites` (empty when one is not swapped), and the
// earliest among the swapped ones.
std::pair<cell, cell> last_and_first(const removal_plan& p, const std::vector<std::size_t>& sites) {
  std::optional<std::size_t> last = 0;
  std::optional<std::size_t> first;
  for (const auto s : sites) {
    const auto t = p.sched.swap_period[s];
    if (!t) {
      last.reset();
      continue;
    }
    if (last) {
      last = std::max(*last, *t);
    }
    first = first ? std::min(*first, *t) : *t;
  }
  return {label_or_empty(p.in, sites.empty() ? std::nullopt : last), label_or_empty(p.in, first)};
}

void add_sequencing(report::document& doc, const removal_plan& p) {
  auto& t = doc.add_table("sequencing", "Sequencing (after in or after the period of before)");
  t.add_column("rule", column_type::text, "ems-after-ran or core-before-ran (src/netvet/plan/service.h)")
      .add_column("reason", column_type::text)
      .add_column("before_sites", column_type::integer)
      .add_column("after_sites", column_type::integer)
      .add_column("before_last", column_type::text, "when the last before site goes (empty: one is not in the plan)")
      .add_column("after_first", column_type::text, "when the first after site goes (empty: none is in the plan)");
  for (const auto& r : p.sequencing) {
    const auto before = last_and_first(p, r.before);
    const auto after = last_and_first(p, r.after);
    t.add_row({r.rule, r.reason, static_cast<std::int64_t>(r.before.size()), static_cast<std::int64_t>(r.after.size()),
               before.first, after.second});
  }
}

// Cost per calendar year, gross and net of reimbursement.
void add_years(report::document& doc, const removal_plan& p) {
  auto& t = doc.add_table("years", "Per year");
  t.add_column("year", column_type::text)
      .add_column("cost", column_type::integer, "gross")
      .add_column("reimbursed", column_type::integer, "under --reimbursement (0 without)")
      .add_column("net_cost", column_type::integer, "cost - reimbursed");
  std::string year;
  double cost = 0;
  double back = 0;
  const auto flush = [&] {
    if (!year.empty()) {
      t.add_row({year, money(cost), money(back), money(cost - back)});
    }
  };
  for (std::size_t i = 0; i < p.periods.size(); ++i) {
    const auto y = p.in.periods[i].label.substr(0, 4);
    if (y != year) {
      flush();
      year = y;
      cost = 0;
      back = 0;
    }
    cost += p.periods[i].cost;
    back += p.periods[i].reimbursed;
  }
  flush();
}

void add_reimbursement_notes(report::document& doc, const removal_plan& p) {
  if (p.reimbursement != reimbursement_program::us) {
    return;
  }
  const auto& e = p.eligible;
  std::string names;
  for (const auto& n : e.list.names) {
    names += (names.empty() ? "" : ", ") + n;
  }
  doc.notes.push_back(
      "US reimbursement (src/netvet/plan/reimbursement.h): equipment of the covered companies of the pack " +
      e.list.pack + "'s designation " + e.list.designation + " (" + names +
      ", affiliates included) installed on or before 2020-06-30 "
      "(the `installed` column stands in for the purchase date) is eligible, reimbursed at 39.5 % for periods ending "
      "before 2025-04-15 and 100 % after. Eligible elements: " +
      std::to_string(e.eligible_elements) + "; not eligible: " + std::to_string(e.covered_without_date) +
      " covered element(s) without an installed date, " + std::to_string(e.covered_too_late) +
      " installed after 2020-06-30.");
  std::string currency =
      "The program pays in USD; the share is the same in every currency, so it applies to the "
      "eligible cost in " +
      p.currency + " (converted as the conversion table says)";
  if (p.currency != "USD") {
    currency += p.usd_to_plan ? "; total_reimbursed_usd is the total at 1 USD = " + six_digits(*p.usd_to_plan) + " " +
                                    p.currency + " (the rates of " + p.converted.rates_file + ")"
                              : "; the rates of " + p.converted.rates_file + " have no rate for USD or " + p.currency +
                                    ", so total_reimbursed_usd is empty";
  }
  doc.notes.push_back(currency + ".");
}

void add_conversion_notes(report::document& doc, const removal_plan& p) {
  const auto& c = p.converted;
  if (c.items.empty()) {
    return;
  }
  std::string what;
  std::size_t zeros = 0;
  for (const auto& i : c.items) {
    if (i.from_cost == 0) {
      ++zeros;
      continue;
    }
    what += (what.empty() ? "" : "; ") + i.item + " (line " + std::to_string(i.line) + ") " + cents(i.from_cost) + " " +
            i.from + " = " + cents(i.cost) + " " + p.currency;
  }
  if (zeros > 0) {
    what += (what.empty() ? "" : "; ") + std::to_string(zeros) + " row(s) of 0";
  }
  std::string rates;
  for (const auto& r : c.rates) {
    if (r.currency != kBaseCurrency) {
      rates += " = " + format_double(r.per_eur) + " " + r.currency + (r.day ? " (" + format_date(*r.day) + ")" : "");
    }
  }
  doc.notes.push_back("Every amount is in " + p.currency + ". " + std::to_string(c.items.size()) +
                      " cost row(s) converted through EUR at the rates of " + c.rates_file + ", 1 EUR" + rates +
                      " (sources in the conversion table), each rounded to 0.01 " + p.currency + ": " + what + ".");
}

void add_service_notes(report::document& doc, const removal_plan& p) {
  if (!p.over_limit.empty()) {
    std::string names;
    for (std::size_t k = 0; k < p.over_limit.size() && k < 5; ++k) {
      const auto& j = p.in.sites[p.over_limit[k]];
      names += (k == 0 ? "" : ", ") + j.site + " (" + std::to_string(j.subscribers) + ")";
    }
    doc.notes.push_back(std::to_string(p.over_limit.size()) +
                        " site(s) have more subscribers than --max-outage-subscribers alone and are never swapped: the "
                        "limit binds: " +
                        names + (p.over_limit.size() > 5 ? ", ..." : ""));
  }
  doc.notes.push_back(
      "Redundancy pairs (derived from the topology unless --no-redundancy; src/netvet/plan/service.h): the two "
      "planned sites holding every element of a core function, and the two planned sites holding every upstream "
      "neighbour of a dual-homed element (one hop closer to the core).");
}

}  // namespace

report::document plan_document(const removal_plan& p, const model::network& net, const std::string& network_name) {
  (void)net;
  report::document doc;
  doc.kind = "plan";
  doc.title = "Removal plan";
  add_facts(doc, p, network_name);
  if (p.sched.status == solve_status::no_plan) {
    doc.notes.push_back("No plan was found within the time limit; raise --time-limit.");
    return doc;
  }
  add_periods(doc, p);
  add_sites(doc, p);
  add_milestones(doc, p);
  add_redundancy(doc, p);
  add_sequencing(doc, p);
  add_years(doc, p);
  add_conversion(doc, p);
  add_conversion_notes(doc, p);
  add_reimbursement_notes(doc, p);
  add_service_notes(doc, p);
  for (const auto& n : p.work.notes) {
    doc.notes.push_back(n);
  }
  doc.notes.push_back(
      "Sites are swapped whole: the 5G radio and its 4G anchor at a site go together (REPLACEMENT.md 2); `anchors` "
      "counts the RAN elements that join a swap for that reason.");
  if (p.sched.aggregated) {
    doc.notes.push_back(
        "The exact model was too large: sites were aggregated into " + std::to_string(p.sched.groups) +
        " groups (region, site type, deadline period, and subscriber band under a subscriber limit), solved, and "
        "disaggregated into this plan of the sites, which keeps every limit, pair and precedence. The bound is the "
        "aggregated model's with each group's smallest figures, valid for the sites' own problem "
        "(src/netvet/plan/aggregate.h).");
  }
  if (p.sched.status == solve_status::heuristic) {
    doc.notes.push_back(
        "--planner greedy: the earliest-deadline-first baseline (src/netvet/plan/greedy.h), not optimised; no bound.");
  }
  if (!p.work.milestones.empty() && std::any_of(p.work.milestones.begin(), p.work.milestones.end(),
                                                [](const milestone_duty& m) { return m.origin != "pack"; })) {
    doc.notes.push_back(
        "Milestones of origin --remove-vendor are the user's own duties (every element of the vendor, due on --until "
        "or the plan's end), not a law's.");
  }
  return doc;
}

}  // namespace netvet::plan
