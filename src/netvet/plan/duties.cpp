#include "netvet/plan/duties.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "netvet/policy/coverage.h"

namespace netvet::plan {
namespace {

// A site's deadline lowered to `by` (nullopt: leaves it).
void lower(site_duty& s, std::optional<date> by) {
  if (by) {
    s.deadline = s.deadline ? std::min(*s.deadline, *by) : *by;
  }
}

// Sites by name, and the site of each element planned so far.
class site_map {
 public:
  explicit site_map(duties& d) : d_(d) {}

  // The site of `e`, its deadline lowered to `by` (nullopt: a share's
  // element, no deadline of its own).
  std::uint32_t site_of(const model::network& net, model::element_index e, std::optional<date> by) {
    if (const auto it = by_element_.find(e); it != by_element_.end()) {
      lower(d_.sites[it->second], by);
      return it->second;
    }
    std::string name(net.site(e));
    if (name.empty()) {
      name = "(element " + std::string(net.id(e)) + ")";
    }
    const auto [it, added] = by_name_.try_emplace(name, static_cast<std::uint32_t>(d_.sites.size()));
    if (added) {
      d_.sites.push_back(site_duty{name, {}, by});
    }
    auto& s = d_.sites[it->second];
    s.elements.push_back(e);
    lower(s, by);
    by_element_.emplace(e, it->second);
    return it->second;
  }

 private:
  duties& d_;
  std::unordered_map<std::string, std::uint32_t> by_name_;
  std::unordered_map<model::element_index, std::uint32_t> by_element_;
};

// A share milestone (duties.h): its count at the start, what must go, and
// its covered elements' sites, each with the units it removes.
void add_share_milestone(const policy::network_index& index, const policy::pack& p, const policy::rule& r,
                         const policy::milestone& m, site_map& sites, duties& out) {
  const auto cov = policy::narrowed(r, m);
  const auto count = policy::share_in(index, cov, policy::every_vendor(cov), m.basis, nullptr, nullptr);
  milestone_duty md{p.id, "pack", r.id, m.title, m.by, {}, 0, share_duty{}};
  auto& sh = *md.share;
  sh.max_percent = *m.max_percent;
  sh.max_basis_points = m.max_basis_points;
  sh.basis = m.basis;
  sh.covered = count.covered;
  sh.total = count.total;
  sh.needed = needed_to_comply(count.covered, count.total, m.max_basis_points);
  std::map<std::uint32_t, std::uint64_t> units;
  const auto& net = index.net();
  for (const auto e : policy::covered_elements(index, cov)) {
    ++md.elements;
    if (sh.needed > 0) {  // a share already at or under its cap asks for no site
      units[sites.site_of(net, e, std::nullopt)] += m.basis == policy::count_basis::elements ? 1 : net.subscribers(e);
    }
  }
  for (const auto& [s, u] : units) {
    md.sites.push_back(s);
    sh.weight.push_back(u);
  }
  out.milestones.push_back(std::move(md));
}

void add_milestone(const policy::network_index& index, const policy::pack& p, const policy::rule& r,
                   const policy::milestone& m, site_map& sites, duties& out) {
  milestone_duty md{p.id, "pack", r.id, m.title, m.by, {}, 0, std::nullopt};
  for (const auto e : policy::covered_elements(index, policy::narrowed(r, m))) {
    md.sites.push_back(sites.site_of(index.net(), e, m.by));
    ++md.elements;
  }
  std::sort(md.sites.begin(), md.sites.end());
  md.sites.erase(std::unique(md.sites.begin(), md.sites.end()), md.sites.end());
  out.milestones.push_back(std::move(md));
}

// The 4G anchor goes with its 5G radio (REPLACEMENT.md §2): at every site
// with a duty, the other RAN elements (eNB, radio units, antennas) of a
// vendor being removed there are swapped too.
void add_anchors(const model::network& net, duties& out) {
  std::unordered_map<string_id, std::uint32_t> site_index;
  std::vector<std::vector<model::net_vendor_index>> vendors(out.sites.size());
  for (std::uint32_t i = 0; i < out.sites.size(); ++i) {
    const auto& s = out.sites[i];
    const auto site = net.site_id(s.elements.front());
    if (!net.site(s.elements.front()).empty()) {
      site_index.emplace(site, i);
    }
    for (const auto e : s.elements) {
      vendors[i].push_back(net.vendor(e));
    }
  }
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    const auto it = site_index.find(net.site_id(e));
    if (it == site_index.end() || model::category_of(net.fn(e)) != model::asset_category::ran) {
      continue;
    }
    auto& s = out.sites[it->second];
    const auto& vs = vendors[it->second];
    if (std::find(vs.begin(), vs.end(), net.vendor(e)) != vs.end() &&
        std::find(s.elements.begin(), s.elements.end(), e) == s.elements.end()) {
      s.elements.push_back(e);
      ++s.anchors;
    }
  }
}

// The user's --remove-vendor duties: every element of each vendor.
void add_vendor_removals(const model::network& net, std::span<const vendor_removal> removals, date by, site_map& sites,
                         duties& out) {
  for (const auto& r : removals) {
    milestone_duty md{"user",
                      "--remove-vendor",
                      "remove-vendor " + r.name,
                      "All " + r.name + " equipment removed (--remove-vendor)",
                      by,
                      {},
                      0,
                      std::nullopt};
    for (model::element_index e = 0; r.vendor && e < net.element_count(); ++e) {
      if (net.vendor(e) == *r.vendor) {
        md.sites.push_back(sites.site_of(net, e, by));
        ++md.elements;
      }
    }
    std::sort(md.sites.begin(), md.sites.end());
    md.sites.erase(std::unique(md.sites.begin(), md.sites.end()), md.sites.end());
    if (!r.vendor) {
      out.notes.push_back("--remove-vendor " + r.name + ": the network has no element of this vendor");
    }
    out.milestones.push_back(std::move(md));
  }
}

}  // namespace

std::uint64_t needed_to_comply(std::uint64_t covered, std::uint64_t total, std::int64_t max_basis_points) {
  if (!policy::exceeds(covered, total, max_basis_points)) {
    return 0;
  }
  // covered - k at or under bp/10000 of total: k = covered - floor(bp * total / 10000), then exact.
  const auto bp = static_cast<long double>(std::max<std::int64_t>(0, max_basis_points));
  const auto allowed = static_cast<std::uint64_t>(std::floor(bp * static_cast<long double>(total) / 10000.0L));
  std::uint64_t k = covered > allowed ? covered - allowed : 0;
  while (k > 0 && !policy::exceeds(covered - (k - 1), total, max_basis_points)) {
    --k;
  }
  while (k < covered && policy::exceeds(covered - k, total, max_basis_points)) {
    ++k;
  }
  return k;
}

duties collect_duties(const policy::network_index& index, std::span<const policy::pack* const> packs, date start,
                      std::span<const vendor_removal> removals, std::optional<date> until) {
  duties out;
  site_map sites(out);
  for (const auto* p : packs) {
    for (const auto& sel : policy::select_rules(*p, start)) {
      const auto& r = *sel.r;
      if (r.eff != policy::effect::remove) {
        continue;
      }
      for (const auto& m : r.milestones) {
        if (m.max_percent && m.basis == policy::count_basis::sites) {
          out.notes.push_back(p->id + " " + r.id + " milestone of " + format_date(m.by) + " (\"" + m.title +
                              "\") is a share counted in sites: not planned");
          continue;
        }
        if (m.max_percent) {
          add_share_milestone(index, *p, r, m, sites, out);
        } else {
          add_milestone(index, *p, r, m, sites, out);
        }
      }
    }
  }
  if (!removals.empty()) {
    date by = until.value_or(start);
    for (const auto& m : out.milestones) {
      by = until ? by : std::max(by, m.by);
    }
    add_vendor_removals(index.net(), removals, by, sites, out);
  }
  add_anchors(index.net(), out);
  return out;
}

}  // namespace netvet::plan
