// The removal milestones still due (milestones.h): the audit's removal_due
// findings, less what the waivers in force on each deadline cover.
#include "netvet/usecase/milestones.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "netvet/policy/assess.h"

namespace netvet::usecase {

namespace {

// The element ids the waivers of `pack`/`rule` in force on `day` name.
std::unordered_set<std::string_view> waived_on(const std::vector<policy::waiver>& waivers, const std::string& pack,
                                               const std::string& rule, date day) {
  std::unordered_set<std::string_view> out;
  for (const auto& w : waivers) {
    if (w.pack == pack && w.rule == rule && day < w.expires) {
      out.insert(w.elements.begin(), w.elements.end());
    }
  }
  return out;
}

}  // namespace

std::vector<due_milestone> due_milestones(const policy::pack& p, const policy::network_index& index,
                                          const std::vector<policy::waiver>& waivers, date today) {
  policy::audit_options opt;
  opt.as_of = today;
  const policy::audit_result audit = policy::evaluator(p, &index).audit(opt);
  // The findings of each deadline, audited again for the waivers in force on it.
  std::map<date, policy::audit_result> by_deadline;
  for (const auto& f : audit.findings) {
    if (f.kind == policy::finding_kind::removal_due && f.r != nullptr && f.deadline && *f.deadline >= today) {
      auto& one = by_deadline[*f.deadline];
      one.p = audit.p;
      one.as_of = *f.deadline;
      one.findings.push_back(f);
    }
  }
  const model::network& net = index.net();
  std::map<std::pair<date, std::string>, due_milestone> due;
  for (auto& [deadline, one] : by_deadline) {
    policy::apply_waivers(one, net, waivers);  // drops the findings waived wholly on the deadline
    for (const auto& f : one.findings) {
      const auto waived = waived_on(waivers, p.id, f.r->id, deadline);
      auto& m = due[{deadline, f.r->id}];
      if (m.rule.empty()) {
        m = {p.id, f.r->id, f.ms != nullptr && !f.ms->title.empty() ? f.ms->title : f.r->title, f.r->src, deadline, {}};
      }
      for (const auto e : f.members) {
        if (!waived.contains(net.id(e))) {
          m.elements.emplace_back(net.id(e));
        }
      }
    }
  }
  std::vector<due_milestone> out;
  for (auto& [key, m] : due) {
    std::sort(m.elements.begin(), m.elements.end());
    m.elements.erase(std::unique(m.elements.begin(), m.elements.end()), m.elements.end());
    if (!m.elements.empty()) {
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace netvet::usecase
