// The pieces every effect evaluator shares (detail/evaluation.h).
#include "netvet/policy/detail/evaluation.h"

#include <algorithm>

namespace netvet::policy::detail {

element_group_count& grouper::slot(std::string_view vendor, model::function fn, std::string_view region,
                                   std::string_view change) {
  // Changes and audit groups arrive in runs of one group (a proposal's
  // `count: 100` is 100 items in a row): the last group answers without
  // building a key (a server's 1,000-element assessment spent 9 % here).
  if (last_ != nullptr && last_->fn == fn && last_->vendor == vendor && last_->region == region &&
      last_->change == change) {
    return *last_;
  }
  std::string key;
  key.append(change).push_back('\x1f');
  key.append(vendor).push_back('\x1f');
  key.append(model::to_string(fn)).push_back('\x1f');
  key.append(region);
  auto [it, inserted] = groups_.try_emplace(std::move(key));
  if (inserted) {
    it->second.change = std::string(change);
    it->second.vendor = std::string(vendor);
    it->second.fn = fn;
    it->second.region = std::string(region);
  }
  last_ = &it->second;  // std::map nodes stay put
  return it->second;
}

void grouper::add(std::string_view vendor, model::function fn, std::string_view region, std::uint64_t n,
                  std::string_view example, std::string_view change) {
  auto& g = slot(vendor, fn, region, change);
  g.count += n;
  if (!example.empty() && g.examples.size() < examples_) {
    g.examples.emplace_back(example);
  }
}

bool grouper::wants_examples(std::string_view vendor, model::function fn, std::string_view region) {
  return slot(vendor, fn, region, {}).examples.size() < examples_;
}

std::uint64_t grouper::total() const {
  std::uint64_t t = 0;
  for (const auto& [k, g] : groups_) {
    t += g.count;
  }
  return t;
}

void grouper::into(finding& f, std::size_t max_groups) {
  std::vector<element_group_count> rows;
  for (auto& [k, g] : groups_) {
    if (g.count > 0) {
      rows.push_back(std::move(g));
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const element_group_count& a, const element_group_count& b) { return a.count > b.count; });
  f.element_total = 0;
  for (const auto& r : rows) {
    f.element_total += r.count;
  }
  if (rows.size() > max_groups) {
    f.groups_omitted = rows.size() - max_groups;
    rows.resize(max_groups);
  }
  f.elements = std::move(rows);
  f.members = std::move(members_);
  members_.clear();
  last_ = nullptr;  // its strings were moved out
}

finding make_finding(const rule& r, finding_mode mode, finding_kind kind, level lvl) {
  finding f;
  f.r = &r;
  f.mode = mode;
  f.kind = kind;
  f.lvl = lvl;
  return f;
}

finding milestone_finding(const rule& r, const milestone& m, finding_mode mode, date today) {
  const bool overdue = today > m.by;
  finding f = make_finding(r, mode, overdue ? finding_kind::removal_overdue : finding_kind::removal_due,
                           overdue ? r.violation_level() : level::risk);
  f.ms = &m;
  f.deadline = m.by;
  f.days = m.by.days - today.days;
  return f;
}

void collect_changes(std::span<const change_item> items, const coverage& c, bool want_added, bool want_removed,
                     grouper& g) {
  for (const auto& it : items) {
    if ((it.added ? want_added : want_removed) && covers(c, it.facts)) {
      g.add(it.vendor_name, it.facts.fn, it.facts.region, 1, it.id, it.added ? "added" : "removed");
    }
  }
}

namespace {

// No `since`: every element; else only those installed on or after it (an
// undated element is never counted, as element_group::installed_since).
bool installed_on_or_after(const model::network& net, model::element_index e, std::optional<date> since) {
  if (!since) {
    return true;
  }
  const auto d = net.installed(e);
  return d && *d >= *since;
}

}  // namespace

void collect_network(const network_index& index, const coverage& c, std::optional<date> since, grouper& g) {
  const auto& net = index.net();
  for (const auto& cg : covered_groups(index, c, since)) {
    const element_group& grp = *cg.group;
    const std::string_view vendor = net.vendors()[grp.vendor].name;
    g.add(vendor, grp.fn, cg.region, cg.count, {});
    for (const auto e : grp.members) {
      if (installed_on_or_after(net, e, since)) {
        g.add_member(e);
      }
    }
    for (const auto e : grp.members) {
      if (!g.wants_examples(vendor, grp.fn, cg.region)) {
        break;
      }
      if (!installed_on_or_after(net, e, since)) {
        continue;
      }
      g.add(vendor, grp.fn, cg.region, 0, net.id(e));
    }
  }
}

}  // namespace netvet::policy::detail
