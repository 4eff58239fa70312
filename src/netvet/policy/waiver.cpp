#include "netvet/policy/waiver.h"

#include <algorithm>
#include <unordered_set>

#include "netvet/policy/report.h"

namespace netvet::policy {

waiver_outcome apply_waivers(audit_result& a, const model::network& net, const std::vector<waiver>& waivers) {
  waiver_outcome out;
  if (a.p == nullptr) {
    return out;
  }
  std::vector<const waiver*> live;
  std::vector<std::unordered_set<std::string_view>> ids;
  for (const auto& w : waivers) {
    if (w.pack == a.p->id && a.as_of < w.expires) {
      live.push_back(&w);
      ids.emplace_back(w.elements.begin(), w.elements.end());
    }
  }
  std::vector<finding> kept;
  for (auto& f : a.findings) {
    const waiver* by = nullptr;
    std::uint64_t most = 0;
    for (std::size_t i = 0; i < live.size() && by == nullptr; ++i) {
      if (f.r == nullptr || f.r->id != live[i]->rule) {
        continue;
      }
      const auto covered = static_cast<std::uint64_t>(std::count_if(
          f.members.begin(), f.members.end(), [&](model::element_index e) { return ids[i].contains(net.id(e)); }));
      if (!f.members.empty() && covered == f.members.size()) {
        by = live[i];
      }
      most = std::max(most, covered);
    }
    if (by != nullptr) {
      out.waived.push_back({std::move(f), by});
      continue;
    }
    if (most > 0) {
      out.partly.emplace_back(kept.size(), most);
    }
    kept.push_back(std::move(f));
  }
  a.findings = std::move(kept);
  a.elements_at_issue = elements_at_issue(a.findings);
  return out;
}

nlohmann::json waived_json(const waiver_outcome& w) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& x : w.waived) {
    nlohmann::json j = to_json(x.f);
    j["waiver"] = {{"id", x.by->id}, {"justification", x.by->justification}, {"expires", format_date(x.by->expires)}};
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace netvet::policy
