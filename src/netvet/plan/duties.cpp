#include "netvet/plan/duties.h"

#include <algorithm>
#include <unordered_map>

#include "netvet/policy/coverage.h"

namespace netvet::plan {
namespace {

// Sites by name, and the site of each element planned so far.
class site_map {
 public:
  explicit site_map(duties& d) : d_(d) {}

  std::uint32_t site_of(const model::network& net, model::element_index e, date by) {
    if (const auto it = by_element_.find(e); it != by_element_.end()) {
      auto& s = d_.sites[it->second];
      s.deadline = std::min(s.deadline, by);
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
    s.deadline = std::min(s.deadline, by);
    by_element_.emplace(e, it->second);
    return it->second;
  }

 private:
  duties& d_;
  std::unordered_map<std::string, std::uint32_t> by_name_;
  std::unordered_map<model::element_index, std::uint32_t> by_element_;
};

void add_milestone(const policy::network_index& index, const policy::pack& p, const policy::rule& r,
                   const policy::milestone& m, site_map& sites, duties& out) {
  milestone_duty md{p.id, r.id, m.title, m.by, {}, 0};
  for (const auto e : policy::covered_elements(index, policy::narrowed(r, m))) {
    md.sites.push_back(sites.site_of(index.net(), e, m.by));
    ++md.elements;
  }
  std::sort(md.sites.begin(), md.sites.end());
  md.sites.erase(std::unique(md.sites.begin(), md.sites.end()), md.sites.end());
  out.milestones.push_back(std::move(md));
}

}  // namespace

duties collect_duties(const policy::network_index& index, std::span<const policy::pack* const> packs, date start) {
  duties out;
  site_map sites(out);
  for (const auto* p : packs) {
    for (const auto& sel : policy::select_rules(*p, start)) {
      const auto& r = *sel.r;
      if (r.eff != policy::effect::remove) {
        continue;
      }
      for (const auto& m : r.milestones) {
        if (m.max_percent) {
          out.notes.push_back(p->id + " " + r.id + " milestone of " + format_date(m.by) + " (\"" + m.title +
                              "\") is a share, not a full removal: not planned yet");
          continue;
        }
        add_milestone(index, *p, r, m, sites, out);
      }
    }
  }
  return out;
}

}  // namespace netvet::plan
