#include "netvet/plan/greedy.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace netvet::plan {
namespace {

constexpr std::size_t kLast = std::numeric_limits<std::size_t>::max();  // no deadline: after every period

// A period's limits, spent as sites are taken.
struct room {
  std::optional<double> budget;
  std::optional<double> crew;
  std::optional<double> subscribers;

  static bool fits(const std::optional<double>& left, double need) { return !left || need <= *left + 1e-9; }

  [[nodiscard]] bool fits(const site_job& j) const {
    return fits(budget, j.cost) && fits(crew, j.crew_days) && fits(subscribers, static_cast<double>(j.subscribers));
  }

  void take(const site_job& j) {
    const auto use = [](std::optional<double>& left, double need) {
      if (left) {
        *left -= need;
      }
    };
    use(budget, j.cost);
    use(crew, j.crew_days);
    use(subscribers, static_cast<double>(j.subscribers));
  }
};

// The sequencing state: for each precedence, how many of its `before` sites
// are still waiting; for each site, the precedences whose `after` holds it.
class releases {
 public:
  explicit releases(const instance& in) : waiting_(in.precedences.size(), 0), after_of_(in.sites.size()) {
    before_of_.resize(in.sites.size());
    for (std::size_t p = 0; p < in.precedences.size(); ++p) {
      auto before = in.precedences[p].before;
      std::sort(before.begin(), before.end());
      before.erase(std::unique(before.begin(), before.end()), before.end());
      waiting_[p] = before.size();
      for (const auto s : before) {
        before_of_[s].push_back(p);
      }
      for (const auto s : in.precedences[p].after) {
        after_of_[s].push_back(p);
      }
    }
  }

  [[nodiscard]] bool released(std::size_t site) const {
    return std::all_of(after_of_[site].begin(), after_of_[site].end(),
                       [this](std::size_t p) { return waiting_[p] == 0; });
  }

  void swapped(std::size_t site) {
    for (const auto p : before_of_[site]) {
      --waiting_[p];
    }
  }

 private:
  std::vector<std::size_t> waiting_;
  std::vector<std::vector<std::size_t>> after_of_;
  std::vector<std::vector<std::size_t>> before_of_;
};

// What each share still needs, and the shares of each site.
class share_needs {
 public:
  explicit share_needs(const instance& in) : in_(in), of_site_(in.sites.size()) {
    for (std::size_t m = 0; m < in.shares.size(); ++m) {
      left_.push_back(in.shares[m].needed);
      for (const auto& [s, w] : in.shares[m].sites) {
        of_site_[s].emplace_back(m, w);
      }
    }
  }

  // A site only shares want is worth taking while one of them is short.
  [[nodiscard]] bool wanted(std::size_t site) const {
    return in_.sites[site].required ||
           std::any_of(of_site_[site].begin(), of_site_[site].end(),
                       [this](const std::pair<std::size_t, double>& mw) { return left_[mw.first] > 1e-9; });
  }

  void swapped(std::size_t site) {
    for (const auto& [m, w] : of_site_[site]) {
      left_[m] -= w;
    }
  }

 private:
  const instance& in_;
  std::vector<double> left_;
  std::vector<std::vector<std::pair<std::size_t, double>>> of_site_;
};

std::vector<std::vector<std::size_t>> partners_of(const instance& in) {
  std::vector<std::vector<std::size_t>> out(in.sites.size());
  for (const auto& p : in.redundant) {
    out[p.a].push_back(p.b);
    out[p.b].push_back(p.a);
  }
  return out;
}

}  // namespace

schedule greedy_schedule(const instance& in) {
  std::vector<std::size_t> order(in.sites.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<std::size_t> due(in.sites.size(), kLast);
  for (std::size_t s = 0; s < in.sites.size(); ++s) {
    due[s] = in.sites[s].due.value_or(kLast);
  }
  for (const auto& m : in.shares) {
    for (const auto& [s, w] : m.sites) {
      due[s] = m.needed > 0 ? std::min(due[s], m.due) : due[s];
    }
  }
  std::stable_sort(order.begin(), order.end(), [&due](std::size_t a, std::size_t b) { return due[a] < due[b]; });
  return list_schedule(in, std::move(order));
}

schedule guided_schedule(const instance& in, const schedule& guide) {
  std::vector<std::size_t> order(in.sites.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto key = [&](std::size_t s) {
    return std::make_pair(guide.swap_period[s].value_or(kLast), in.sites[s].due.value_or(kLast));
  };
  std::stable_sort(order.begin(), order.end(), [&key](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return list_schedule(in, std::move(order));
}

schedule list_schedule(const instance& in, std::vector<std::size_t> order, const std::vector<std::size_t>* urgency) {
  schedule out;
  out.status = solve_status::heuristic;
  out.swap_period.assign(in.sites.size(), std::nullopt);
  const auto partners = partners_of(in);
  releases seq(in);
  share_needs needs(in);
  std::vector<std::size_t> waiting = std::move(order);
  for (std::size_t t = 0; t < in.periods.size() && !waiting.empty(); ++t) {
    if (urgency != nullptr) {  // the sites due by now first, each side in its order
      std::stable_partition(waiting.begin(), waiting.end(), [&](std::size_t s) { return (*urgency)[s] <= t; });
    }
    room left{in.budget[t], in.crew_days[t], in.max_outage_subscribers};
    const auto down_now = [&](std::size_t s) {
      return std::any_of(partners[s].begin(), partners[s].end(),
                         [&](std::size_t q) { return out.swap_period[q] && *out.swap_period[q] == t; });
    };
    for (bool more = true; more;) {
      more = false;
      std::vector<std::size_t> still;
      still.reserve(waiting.size());
      for (const auto s : waiting) {
        if (needs.wanted(s) && seq.released(s) && left.fits(in.sites[s]) && !down_now(s)) {
          out.swap_period[s] = t;
          left.take(in.sites[s]);
          seq.swapped(s);
          needs.swapped(s);
          more = true;
        } else {
          still.push_back(s);
        }
      }
      waiting = std::move(still);
    }
  }
  score(in, out);
  out.classes = in.sites.size();
  return out;
}

}  // namespace netvet::plan
