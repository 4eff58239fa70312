#include "netvet/plan/schedule.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <tuple>

#include <glpk.h>

#include "netvet/core/assert.h"
#include "netvet/plan/aggregate.h"
#include "netvet/plan/greedy.h"

namespace netvet::plan {
namespace {

std::chrono::year_month_day ymd_of(date d) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d.days}}};
}

date from_ymd(std::chrono::year_month_day ymd) {
  return date{static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

// Interchangeable sites: the same cost, crew-days and due period; the same
// subscribers when a subscriber limit is set; a site in a redundancy pair is
// a class of its own (schedule.h, "Exact aggregation").
struct site_class {
  double cost = 0;
  double crew_days = 0;
  double subscribers = 0;
  std::optional<std::size_t> due;
  std::vector<std::size_t> sites;      // input order
  std::vector<std::size_t> partners;   // classes it is never swapped with in one period (pairs)
  std::vector<std::size_t> before_of;  // precedences whose `before` holds its sites
  std::vector<std::size_t> after_of;   // precedences whose `after` holds its sites
  bool required = true;
  std::vector<std::pair<std::uint32_t, double>> shares;  // (share, units a site removes)
};

// The shares each site is in, with its units.
std::vector<std::vector<std::pair<std::uint32_t, double>>> share_roles(const instance& in) {
  std::vector<std::vector<std::pair<std::uint32_t, double>>> out(in.sites.size());
  for (std::uint32_t m = 0; m < in.shares.size(); ++m) {
    for (const auto& [s, w] : in.shares[m].sites) {
      out[s].emplace_back(m, w);
    }
  }
  for (auto& r : out) {
    std::sort(r.begin(), r.end());
  }
  return out;
}

// Which precedences a site is in: 2p for p's `before`, 2p + 1 for its `after`.
std::vector<std::vector<std::uint32_t>> precedence_roles(const instance& in) {
  std::vector<std::vector<std::uint32_t>> roles(in.sites.size());
  for (std::uint32_t p = 0; p < in.precedences.size(); ++p) {
    for (const auto s : in.precedences[p].before) {
      roles[s].push_back(2 * p);
    }
    for (const auto s : in.precedences[p].after) {
      roles[s].push_back(2 * p + 1);
    }
  }
  for (auto& r : roles) {
    std::sort(r.begin(), r.end());
    r.erase(std::unique(r.begin(), r.end()), r.end());
  }
  return roles;
}

// A new class holding one site's figures and precedence sides.
site_class class_of_site(const site_job& j, const std::vector<std::uint32_t>& roles) {
  site_class c{j.cost, j.crew_days, static_cast<double>(j.subscribers), j.due, {}, {}, {}, {}, j.required, {}};
  for (const auto r : roles) {
    (r % 2 == 0 ? c.before_of : c.after_of).push_back(r / 2);
  }
  return c;
}

std::vector<site_class> classes_of(const instance& in) {
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<bool> paired(in.sites.size(), false);
  for (const auto& p : in.redundant) {
    paired[p.a] = true;
    paired[p.b] = true;
  }
  const bool by_subscribers = in.max_outage_subscribers.has_value();
  const auto roles = precedence_roles(in);
  const auto shares = share_roles(in);
  std::map<std::tuple<double, double, std::size_t, std::uint64_t, std::size_t, std::vector<std::uint32_t>, bool,
                      std::vector<std::pair<std::uint32_t, double>>>,
           std::size_t>
      index;
  std::vector<site_class> out;
  std::vector<std::size_t> class_of(in.sites.size());
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    const auto& j = in.sites[s];
    auto key = std::make_tuple(j.cost, j.crew_days, j.due.value_or(kNone), by_subscribers ? j.subscribers : 0,
                               paired[s] ? s : kNone, roles[s], j.required, shares[s]);
    const auto [it, added] = index.try_emplace(std::move(key), out.size());
    if (added) {
      out.push_back(class_of_site(j, roles[s]));
      out.back().shares = shares[s];
    }
    out[it->second].sites.push_back(s);
    class_of[s] = it->second;
  }
  for (const auto& p : in.redundant) {
    out[class_of[p.a]].partners.push_back(class_of[p.b]);
    out[class_of[p.b]].partners.push_back(class_of[p.a]);
  }
  for (auto& c : out) {
    std::sort(c.partners.begin(), c.partners.end());
    c.partners.erase(std::unique(c.partners.begin(), c.partners.end()), c.partners.end());
  }
  return out;
}

struct glp_deleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using glp_ptr = std::unique_ptr<glp_prob, glp_deleter>;

// Column of n[c,t] (1-based, GLPK's).
int col(std::size_t c, std::size_t t, std::size_t periods) { return static_cast<int>(c * periods + t + 1); }

// Column of the binary r[p,t] = 1 when every site of precedence p's `before`
// is swapped by the end of period t (after the class columns).
int release_col(std::size_t classes, std::size_t p, std::size_t t, std::size_t periods) {
  return static_cast<int>((classes + p) * periods + t + 1);
}

std::size_t columns(std::size_t classes, std::size_t precedences, std::size_t periods) {
  return (classes + precedences) * periods;
}

// The shortfall columns s[m,t], t >= due, after the release columns: the
// first column of each share (1-based), and the total count.
struct share_columns {
  std::vector<int> first;
  std::size_t count = 0;
};
share_columns short_columns(const instance& in, std::size_t classes) {
  share_columns out;
  const std::size_t periods = in.periods.size();
  const std::size_t base = columns(classes, in.precedences.size(), periods);
  for (const auto& m : in.shares) {
    out.first.push_back(static_cast<int>(base + out.count + 1));
    out.count += periods - m.due;
  }
  return out;
}

std::size_t all_columns(const instance& in, std::size_t classes) {
  return columns(classes, in.precedences.size(), in.periods.size()) + short_columns(in, classes).count;
}

// The units of share m the class counts n remove.
double share_units(const std::vector<site_class>& cls, std::uint32_t m, const std::vector<double>& n) {
  double u = 0;
  for (std::size_t c = 0; c < cls.size(); ++c) {
    for (const auto& [k, w] : cls[c].shares) {
      u += k == m ? w * n[c] : 0;
    }
  }
  return u;
}

// The greedy plan (greedy.h) as GLPK column values (index 0 unused): each
// class's count of sites swapped by each period, each precedence's release
// and each share's shortfall. The first incumbent of the branch-and-bound,
// so that a time limit always leaves a plan at least as good as the greedy.
std::vector<double> incumbent(const instance& in, const std::vector<site_class>& cls, const schedule& plan) {
  const std::size_t periods = in.periods.size();
  std::vector<double> x(all_columns(in, cls.size()) + 1, 0.0);
  const auto shorts = short_columns(in, cls.size());
  std::vector<std::vector<std::size_t>> before(in.precedences.size());
  for (std::size_t c = 0; c < cls.size(); ++c) {
    for (const auto p : cls[c].before_of) {
      before[p].push_back(c);
    }
  }
  std::vector<double> done(cls.size(), 0.0);
  for (std::size_t t = 0; t < periods; ++t) {
    for (std::size_t c = 0; c < cls.size(); ++c) {
      for (const auto s : cls[c].sites) {
        done[c] += plan.swap_period[s] == std::optional<std::size_t>(t) ? 1.0 : 0.0;
      }
      x[static_cast<std::size_t>(col(c, t, periods))] = done[c];
    }
    for (std::size_t p = 0; p < before.size(); ++p) {
      const bool all = std::all_of(before[p].begin(), before[p].end(),
                                   [&](std::size_t b) { return done[b] >= static_cast<double>(cls[b].sites.size()); });
      x[static_cast<std::size_t>(release_col(cls.size(), p, t, periods))] = all ? 1.0 : 0.0;
    }
    for (std::uint32_t m = 0; m < in.shares.size(); ++m) {
      if (t >= in.shares[m].due) {
        const double short_by = in.shares[m].needed - share_units(cls, m, done);
        x[static_cast<std::size_t>(shorts.first[m]) + (t - in.shares[m].due)] = std::max(0.0, short_by);
      }
    }
  }
  return x;
}

// What the branch-and-bound's callback keeps: the best bound it proved, and
// the greedy plan it offers once as an incumbent.
struct tree_state {
  double bound = -std::numeric_limits<double>::infinity();
  double stop_at = std::numeric_limits<double>::infinity();  // in the program's terms (without the constant)
  std::vector<double> greedy;
  bool offered = false;
};

void on_tree(glp_tree* tree, void* info) {
  auto* st = static_cast<tree_state*>(info);
  if (glp_ios_reason(tree) == GLP_IHEUR && !st->offered) {
    st->offered = true;
    glp_ios_heur_sol(tree, st->greedy.data());
  }
  const int best = glp_ios_best_node(tree);
  if (best != 0) {
    st->bound = std::max(st->bound, glp_ios_node_bound(tree, best));
  }
  if (st->bound >= st->stop_at) {
    glp_ios_terminate(tree);  // the bound a caller asked for is proved (solve_options::stop_at_bound)
  }
}

// One row sum_c w_c (n[c,t] - n[c,t-1]) <= limit, w the class's cost,
// crew-days or subscribers.
void add_capacity_row(glp_prob* lp, const std::vector<site_class>& cls, std::size_t t, std::size_t periods,
                      double limit, double site_class::*weight) {
  std::vector<int> ind{0};
  std::vector<double> val{0};
  for (std::size_t c = 0; c < cls.size(); ++c) {
    const double w = cls[c].*weight;
    if (w == 0) {
      continue;
    }
    ind.push_back(col(c, t, periods));
    val.push_back(w);
    if (t > 0) {
      ind.push_back(col(c, t - 1, periods));
      val.push_back(-w);
    }
  }
  const int row = glp_add_rows(lp, 1);
  glp_set_row_bnds(lp, row, GLP_UP, 0, limit);
  glp_set_mat_row(lp, row, static_cast<int>(ind.size() - 1), ind.data(), val.data());
}

// The pair rows: (n[a,t] - n[a,t-1]) + (n[b,t] - n[b,t-1]) <= 1 for the
// singleton classes a < b of a redundancy pair.
void add_pair_rows(glp_prob* lp, const std::vector<site_class>& cls, std::size_t periods) {
  for (std::size_t a = 0; a < cls.size(); ++a) {
    for (const auto b : cls[a].partners) {
      if (b <= a) {
        continue;
      }
      for (std::size_t t = 0; t < periods; ++t) {
        std::array<int, 5> ind{0, col(a, t, periods), col(b, t, periods), 0, 0};
        std::array<double, 5> val{0, 1, 1, -1, -1};
        int n = 2;
        if (t > 0) {
          ind[3] = col(a, t - 1, periods);
          ind[4] = col(b, t - 1, periods);
          n = 4;
        }
        const int row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_UP, 0, 1);
        glp_set_mat_row(lp, row, n, ind.data(), val.data());
      }
    }
  }
}

// The precedence rows, through the binary r[p,t] (release_col): for a class
// c in p's `before`, n[c,t] >= |c| r[p,t]; in its `after`, n[c,t] <= |c|
// r[p,t]. So a site of `after` is swapped by t only when every site of
// `before` is: exactly the site model's z[a,t] <= z[b,t] for all pairs.
void add_precedence_rows(glp_prob* lp, const instance& in, const std::vector<site_class>& cls, std::size_t periods) {
  for (std::size_t p = 0; p < in.precedences.size(); ++p) {
    for (std::size_t t = 0; t < periods; ++t) {
      const int r = release_col(cls.size(), p, t, periods);
      glp_set_col_kind(lp, r, GLP_BV);
    }
  }
  const auto add = [&](std::size_t c, std::size_t p, int type) {
    for (std::size_t t = 0; t < periods; ++t) {
      std::array<int, 3> ind{0, col(c, t, periods), release_col(cls.size(), p, t, periods)};
      std::array<double, 3> val{0, 1, -static_cast<double>(cls[c].sites.size())};
      const int row = glp_add_rows(lp, 1);
      glp_set_row_bnds(lp, row, type, 0, 0);
      glp_set_mat_row(lp, row, 2, ind.data(), val.data());
    }
  };
  for (std::size_t c = 0; c < cls.size(); ++c) {
    for (const auto p : cls[c].before_of) {
      add(c, p, GLP_LO);
    }
    for (const auto p : cls[c].after_of) {
      add(c, p, GLP_UP);
    }
  }
}

// The share rows: sum_c w_c n[c,t] + s[m,t] >= needed for t >= due, the
// shortfall s[m,t] continuous, >= 0, weighing unit_weight in the objective.
void add_share_rows(glp_prob* lp, const instance& in, const std::vector<site_class>& cls) {
  const std::size_t periods = in.periods.size();
  const auto shorts = short_columns(in, cls.size());
  for (std::uint32_t m = 0; m < in.shares.size(); ++m) {
    const auto& sh = in.shares[m];
    for (std::size_t t = sh.due; t < periods; ++t) {
      const int s = shorts.first[m] + static_cast<int>(t - sh.due);
      glp_set_col_kind(lp, s, GLP_CV);
      glp_set_col_bnds(lp, s, GLP_LO, 0, 0);
      glp_set_obj_coef(lp, s, sh.unit_weight);
      std::vector<int> ind{0, s};
      std::vector<double> val{0, 1};
      for (std::size_t c = 0; c < cls.size(); ++c) {
        for (const auto& [k, w] : cls[c].shares) {
          if (k == m) {
            ind.push_back(col(c, t, periods));
            val.push_back(w);
          }
        }
      }
      const int row = glp_add_rows(lp, 1);
      glp_set_row_bnds(lp, row, GLP_LO, sh.needed, 0);
      glp_set_mat_row(lp, row, static_cast<int>(ind.size() - 1), ind.data(), val.data());
    }
  }
}

// The objective coefficient of n[c,t]: minimising sum (|c| - n) w is
// minimising -sum n w (+ a constant) for a required class (exposure, and
// lateness from its due period); an optional class weighs eps x periods for
// each site swapped by the end (its count in the last period).
double objective_coef(const site_class& c, std::size_t t, std::size_t periods, double eps) {
  if (!c.required) {
    return t + 1 == periods ? eps * static_cast<double>(periods) : 0.0;
  }
  const bool late = c.due && t >= *c.due;
  return -(eps + (late ? 1.0 : 0.0));
}

// GLPK's reports kept off standard output, which may carry the plan's JSON,
// for as long as it lives.
class glpk_quiet {
 public:
  glpk_quiet() : was_(glp_term_out(GLP_OFF)) {}
  ~glpk_quiet() { glp_term_out(was_); }
  glpk_quiet(const glpk_quiet&) = delete;
  glpk_quiet& operator=(const glpk_quiet&) = delete;

 private:
  int was_;
};

// The program in free MPS at `path` (nothing when empty).
status write_model(glp_prob* lp, const std::string& path) {
  if (path.empty()) {
    return {};
  }
  const glpk_quiet quiet;
  if (glp_write_mps(lp, GLP_MPS_FILE, nullptr, path.c_str()) != 0) {
    return make_error(error_code::io_error, "could not write the program (free MPS) to " + path,
                      location{path, 0, 0, "--write-mps"});
  }
  return {};
}

glp_ptr build(const instance& in, const std::vector<site_class>& cls, double eps) {
  const std::size_t periods = in.periods.size();
  glp_ptr lp(glp_create_prob());
  glp_set_obj_dir(lp.get(), GLP_MIN);
  glp_add_cols(lp.get(), static_cast<int>(all_columns(in, cls.size())));
  for (std::size_t c = 0; c < cls.size(); ++c) {
    for (std::size_t t = 0; t < periods; ++t) {
      const int j = col(c, t, periods);
      glp_set_col_kind(lp.get(), j, GLP_IV);
      glp_set_col_bnds(lp.get(), j, GLP_DB, 0, static_cast<double>(cls[c].sites.size()));
      glp_set_obj_coef(lp.get(), j, objective_coef(cls[c], t, periods, eps));
      if (t > 0) {  // monotone: n[c,t] - n[c,t-1] >= 0
        const int row = glp_add_rows(lp.get(), 1);
        std::array<int, 3> ind{0, j, col(c, t - 1, periods)};
        std::array<double, 3> val{0, 1, -1};
        glp_set_row_bnds(lp.get(), row, GLP_LO, 0, 0);
        glp_set_mat_row(lp.get(), row, 2, ind.data(), val.data());
      }
    }
  }
  for (std::size_t t = 0; t < periods; ++t) {
    if (in.budget[t]) {
      add_capacity_row(lp.get(), cls, t, periods, *in.budget[t], &site_class::cost);
    }
    if (in.crew_days[t]) {
      add_capacity_row(lp.get(), cls, t, periods, *in.crew_days[t], &site_class::crew_days);
    }
    if (in.max_outage_subscribers) {
      add_capacity_row(lp.get(), cls, t, periods, *in.max_outage_subscribers, &site_class::subscribers);
    }
  }
  add_pair_rows(lp.get(), cls, periods);
  add_precedence_rows(lp.get(), in, cls, periods);
  add_share_rows(lp.get(), in, cls);
  // Budget rows hold costs of 10^4..10^6 beside counts of 1: unscaled, the
  // branch and bound found no plan in 60 s on a 101-column budget-bound
  // program that it solves in 0.06 s scaled (glpsol --nointopt with and
  // without --noscale, bench/plan/solvers.sh's programs). The solution's
  // values are not changed by scaling, only the simplex's arithmetic.
  const glpk_quiet quiet;
  glp_scale_prob(lp.get(), GLP_SF_AUTO);
  return lp;
}

// Every share target within the periods, naming sites that exist.
status check_shares(const instance& in) {
  for (const auto& m : in.shares) {
    if (m.due >= in.periods.size() || !(m.needed >= 0) ||
        std::any_of(m.sites.begin(), m.sites.end(),
                    [&in](const auto& sw) { return sw.first >= in.sites.size() || !(sw.second >= 0); })) {
      return make_error(error_code::invalid_input, "a share target is out of the periods or names a bad site");
    }
  }
  return {};
}

status check(const instance& in) {
  const auto n = in.periods.size();
  if (n == 0 || in.budget.size() != n || in.crew_days.size() != n) {
    return make_error(error_code::invalid_input,
                      "a plan needs at least one period, and a budget and crew limit for each");
  }
  for (std::size_t t = 0; t < n; ++t) {
    if ((in.budget[t] && !(*in.budget[t] >= 0)) || (in.crew_days[t] && !(*in.crew_days[t] >= 0))) {
      return make_error(error_code::invalid_input, "negative budget or crew capacity in period " + in.periods[t].label,
                        location{"", 0, 0, in.budget[t] && *in.budget[t] < 0 ? "--budget" : "--crews"});
    }
  }
  if (in.max_outage_subscribers && !(*in.max_outage_subscribers >= 0)) {
    return make_error(error_code::invalid_input, "negative subscriber limit",
                      location{"", 0, 0, "--max-outage-subscribers"});
  }
  for (const auto& p : in.redundant) {
    if (p.a >= in.sites.size() || p.b >= in.sites.size() || p.a == p.b) {
      return make_error(error_code::invalid_input, "a redundancy pair names a site out of range or one site twice");
    }
  }
  NETVET_TRY(check_shares(in));
  for (const auto& p : in.precedences) {
    const auto out_of_range = [&in](std::size_t s) { return s >= in.sites.size(); };
    if (std::any_of(p.before.begin(), p.before.end(), out_of_range) ||
        std::any_of(p.after.begin(), p.after.end(), out_of_range)) {
      return make_error(error_code::invalid_input, "a precedence names a site out of range");
    }
  }
  return {};
}

// The swap period of every site from the counts n[c,t] of the program's solution: the relaxation's (counts rounded
// down) when `relaxed`, else the MIP's, or `values` (indexed by column) when
// given.
void read_back(const instance& in, const std::vector<site_class>& cls, glp_prob* lp, schedule& out,
               bool relaxed = false, const std::vector<double>* values = nullptr) {
  const std::size_t periods = in.periods.size();
  out.swap_period.assign(in.sites.size(), std::nullopt);
  for (std::size_t c = 0; c < cls.size(); ++c) {
    std::size_t next = 0;
    for (std::size_t t = 0; t < periods; ++t) {
      const int j = col(c, t, periods);
      const double v = relaxed             ? std::floor(glp_get_col_prim(lp, j) + 1e-6)
                       : values != nullptr ? (*values)[static_cast<std::size_t>(j)]
                                           : glp_mip_col_val(lp, j);
      const auto done = static_cast<std::size_t>(std::llround(std::max(0.0, v)));
      for (; next < done && next < cls[c].sites.size(); ++next) {
        out.swap_period[cls[c].sites[next]] = t;
      }
    }
  }
}

// The better of the greedy plan and the list schedule guided by the
// relaxation just solved (its counts rounded down): the first incumbent.
schedule first_plan(const instance& in, const std::vector<site_class>& cls, glp_prob* lp) {
  schedule guide;
  read_back(in, cls, lp, guide, true);
  auto guided = guided_schedule(in, guide);
  auto greedy = greedy_schedule(in);
  return guided.objective < greedy.objective ? guided : greedy;
}

}  // namespace

std::optional<period_length> parse_period_length(std::string_view s) {
  if (s == "month") {
    return period_length::month;
  }
  if (s == "quarter") {
    return period_length::quarter;
  }
  return std::nullopt;
}

std::vector<period> make_periods(date start, date until, period_length len) {
  using std::chrono::months;
  const unsigned step = len == period_length::month ? 1 : 3;
  const auto s = ymd_of(start);
  const unsigned first_month = ((static_cast<unsigned>(s.month()) - 1) / step) * step + 1;
  std::chrono::year_month_day at{s.year(), std::chrono::month{first_month}, std::chrono::day{1}};
  std::vector<period> out;
  while (from_ymd(at) <= until) {
    const auto next = std::chrono::year_month_day{at.year() / at.month() / 1} + months{step};
    period p;
    p.first = from_ymd(at);
    p.last = date{from_ymd(next).days - 1};
    char buf[32];  // room for any int year and unsigned month (GCC checks it at -O0)
    if (len == period_length::month) {
      std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(at.year()), static_cast<unsigned>(at.month()));
    } else {
      std::snprintf(buf, sizeof buf, "%04d-Q%u", static_cast<int>(at.year()),
                    (static_cast<unsigned>(at.month()) + 2) / 3);
    }
    p.label = buf;
    out.push_back(std::move(p));
    at = next;
  }
  return out;
}

std::optional<std::size_t> period_of(const std::vector<period>& periods, date d) {
  for (std::size_t t = 0; t < periods.size(); ++t) {
    if (d <= periods[t].last) {
      return t;
    }
  }
  return std::nullopt;
}

std::string_view to_string(solve_status s) {
  switch (s) {
#define NETVET_X(name, desc) \
  case solve_status::name:   \
    return #name;
    NETVET_SOLVE_STATUSES(NETVET_X)
#undef NETVET_X
  }
  return "?";
}

double exposure_weight(const instance& in) {
  return 1.0 / (static_cast<double>(in.sites.size()) * static_cast<double>(in.periods.size()) + 1.0);
}

void score(const instance& in, schedule& s) {
  const std::size_t periods = in.periods.size();
  s.late_site_periods = 0;
  s.exposure_site_periods = 0;
  s.optional_swaps = 0;
  s.share_short = 0;
  for (std::size_t i = 0; i < in.sites.size(); ++i) {
    const std::size_t done = s.swap_period[i].value_or(periods);  // the first period with z = 1
    if (!in.sites[i].required) {
      s.optional_swaps += done < periods ? 1 : 0;
      continue;
    }
    s.exposure_site_periods += done;
    if (in.sites[i].due && done > *in.sites[i].due) {
      s.late_site_periods += done - *in.sites[i].due;
    }
  }
  for (const auto& m : in.shares) {
    for (std::size_t t = m.due; t < periods; ++t) {
      double units = 0;
      for (const auto& [site, w] : m.sites) {
        units += s.swap_period[site] && *s.swap_period[site] <= t ? w : 0;
      }
      s.share_short += m.unit_weight * std::max(0.0, m.needed - units);
    }
  }
  s.objective = static_cast<double>(s.late_site_periods) + s.share_short +
                exposure_weight(in) * (static_cast<double>(s.exposure_site_periods) +
                                       static_cast<double>(periods) * static_cast<double>(s.optional_swaps));
}

std::optional<aggregation> parse_aggregation(std::string_view s) {
  if (s == "auto") {
    return aggregation::automatic;
  }
  if (s == "on") {
    return aggregation::always;
  }
  if (s == "off") {
    return aggregation::never;
  }
  return std::nullopt;
}

std::size_t exact_classes(const instance& in) { return classes_of(in).size(); }

result<schedule> solve(const instance& in, const solve_options& options) {
  NETVET_TRY(check(in));
  const bool aggregate = options.aggregate == aggregation::always ||
                         (options.aggregate == aggregation::automatic && exact_classes(in) > options.max_exact_classes);
  return aggregate ? solve_aggregated(in, options) : solve_exact(in, options);
}

result<schedule> relaxed_schedule(const instance& in, const solve_options& options) {
  NETVET_TRY(check(in));
  const auto cls = classes_of(in);
  schedule out;
  out.classes = cls.size();
  out.swap_period.assign(in.sites.size(), std::nullopt);
  if (cls.empty()) {
    return out;
  }
  const auto lp = build(in, cls, exposure_weight(in));
  glp_smcp lp_parm;
  glp_init_smcp(&lp_parm);
  lp_parm.msg_lev = GLP_MSG_OFF;
  lp_parm.presolve = GLP_ON;
  lp_parm.tm_lim = static_cast<int>(std::clamp(options.time_limit_seconds * 1000.0, 1.0, 2.0e9));
  if (glp_simplex(lp.get(), &lp_parm) != 0 || glp_get_status(lp.get()) != GLP_OPT) {
    return out;  // status no_plan: the relaxation did not finish in time
  }
  read_back(in, cls, lp.get(), out, true);
  out.status = solve_status::heuristic;
  score(in, out);
  return out;
}

// One glp_intopt run with or without cutting planes, within `limit_ms`.
result<int> intopt(glp_prob* lp, tree_state& tb, int limit_ms, bool cuts) {
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.tm_lim = std::max(1, limit_ms);
  // The budget and crew rows are knapsacks: MIR and Gomory cuts tighten
  // them (cover cuts print to stdout).
  parm.mir_cuts = cuts ? GLP_ON : GLP_OFF;
  parm.gmi_cuts = cuts ? GLP_ON : GLP_OFF;
  parm.cb_func = on_tree;
  parm.cb_info = &tb;
  tb.offered = false;
  const int rc = glp_intopt(lp, &parm);
  if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_ESTOP) {
    return make_error(error_code::internal, "GLPK glp_intopt failed with code " + std::to_string(rc));
  }
  return glp_mip_status(lp);
}

// What the branch and bound found: GLPK's MIP status, and the plan's column
// values when they are not the problem's own MIP solution.
struct mip_answer {
  int status = GLP_UNDEF;
  std::vector<double> values;  // empty: read glp_mip_col_val
};

// The branch and bound in two runs, the better of each kept: first without
// cuts for a tenth of the time (bench/plan/solvers.sh measured, on the same
// 100k-site programs: a budget-bound one optimal in 0.04 s without cuts and
// 71 s with them, a crew-short one optimal in 44 s with cuts and not within
// 60 s without), then, unless that proved the optimum, with MIR and Gomory
// cuts for the rest, started from the first run's plan when it is better
// than the greedy one. The bound is the best either proved.
result<mip_answer> branch_and_bound(glp_prob* lp, tree_state& tb, int limit_ms) {
  const auto started = glp_time();
  mip_answer out;
  NETVET_ASSIGN_OR_RETURN(out.status, intopt(lp, tb, std::min(std::max(1000, limit_ms / 10), limit_ms), false));
  const int used_ms = static_cast<int>(std::min(glp_difftime(glp_time(), started) * 1000.0, 2.0e9));
  if (out.status == GLP_OPT || tb.bound >= tb.stop_at || used_ms >= limit_ms) {
    return out;
  }
  const int n = glp_get_num_cols(lp);
  std::vector<double> first;
  double first_obj = std::numeric_limits<double>::infinity();
  if (out.status == GLP_FEAS) {
    first.assign(static_cast<std::size_t>(n) + 1, 0.0);
    for (int j = 1; j <= n; ++j) {
      first[static_cast<std::size_t>(j)] = glp_mip_col_val(lp, j);
    }
    first_obj = glp_mip_obj_val(lp);
    tb.greedy = first;  // the second run's first incumbent
  }
  // The second run starts from the relaxation's optimal basis again.
  glp_smcp lp_parm;
  glp_init_smcp(&lp_parm);
  lp_parm.msg_lev = GLP_MSG_OFF;
  if (glp_simplex(lp, &lp_parm) != 0 || glp_get_status(lp) != GLP_OPT) {
    out.values = std::move(first);
    return out;
  }
  NETVET_ASSIGN_OR_RETURN(const int second, intopt(lp, tb, limit_ms - used_ms, true));
  if (second == GLP_OPT || (second == GLP_FEAS && glp_mip_obj_val(lp) <= first_obj) || first.empty()) {
    out.status = second;
    return out;
  }
  out.status = GLP_FEAS;  // the first run's plan was the better
  out.values = std::move(first);
  return out;
}

result<schedule> solve_exact(const instance& in, const solve_options& options) {
  NETVET_TRY(check(in));
  const double eps = exposure_weight(in);
  const auto cls = classes_of(in);
  schedule out;
  out.classes = cls.size();
  // The objective's constant: every site-period counted as not swapped.
  double constant = 0;
  for (const auto& c : cls) {
    if (!c.required) {
      continue;
    }
    const auto size = static_cast<double>(c.sites.size());
    const auto periods = static_cast<double>(in.periods.size());
    constant += size * eps * periods;
    if (c.due) {
      constant += size * (periods - static_cast<double>(*c.due));
    }
  }
  if (cls.empty()) {
    out.status = solve_status::optimal;
    return out;
  }
  const auto lp = build(in, cls, eps);
  NETVET_TRY(write_model(lp.get(), options.model_file));
  glp_smcp lp_parm;
  glp_init_smcp(&lp_parm);
  lp_parm.msg_lev = GLP_MSG_OFF;
  lp_parm.presolve = GLP_ON;
  const auto time_limit_ms = static_cast<int>(std::clamp(options.time_limit_seconds * 1000.0, 1.0, 2.0e9));
  lp_parm.tm_lim = time_limit_ms;
  const double started = glp_time();
  if (glp_simplex(lp.get(), &lp_parm) != 0 || glp_get_status(lp.get()) != GLP_OPT) {
    out.status = solve_status::no_plan;  // the relaxation did not finish in time
    return out;
  }
  // One time limit for both: what the relaxation used is GLPK's clock's
  // (glp_time), not the library's.
  const double used_ms = glp_difftime(glp_time(), started) * 1000.0;
  tree_state tb;
  tb.bound = glp_get_obj_val(lp.get());  // the LP relaxation
  tb.greedy = incumbent(in, cls, first_plan(in, cls, lp.get()));
  tb.stop_at = options.stop_at_bound - constant - 1e-9 * std::max(1.0, std::abs(options.stop_at_bound));
  if (tb.bound >= tb.stop_at) {
    out.status = solve_status::no_plan;  // the relaxation proves the bound asked for: no search needed
    out.bound = constant + tb.bound;
    return out;
  }
  const int left_ms = std::max(1, time_limit_ms - static_cast<int>(std::min(used_ms, 2.0e9)));
  NETVET_ASSIGN_OR_RETURN(const mip_answer found, branch_and_bound(lp.get(), tb, left_ms));
  const int st = found.status;
  if (st != GLP_OPT && st != GLP_FEAS) {
    out.status = solve_status::no_plan;
    out.bound = constant + tb.bound;
    return out;
  }
  out.status = st == GLP_OPT ? solve_status::optimal : solve_status::feasible;
  read_back(in, cls, lp.get(), out, false, found.values.empty() ? nullptr : &found.values);
  score(in, out);
  out.bound = st == GLP_OPT ? out.objective : std::min(out.objective, constant + tb.bound);
  out.gap = (out.objective - out.bound) / std::max(std::abs(out.objective), 1.0);
  return out;
}

}  // namespace netvet::plan
