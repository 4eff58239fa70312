#include "netvet/policy/assess.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <unordered_map>

#include "netvet/core/text.h"
#include "netvet/report/table.h"

namespace netvet::policy {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kKinds = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_FINDING_KINDS(NETVET_X)
#undef NETVET_X
}};

// An added or removed element, as rules see it.
struct item {
  model::function fn = model::function::router;
  model::generation gen = model::generation::any;
  std::string_view region;
  std::string_view site;
  std::uint32_t subscribers = 0;
  std::optional<model::vendor_id> vendor;
  std::optional<model::vendor_id> managed;
  std::string_view vendor_name;
  std::string_view id;
  bool added = true;
};

bool in_parts(const coverage& c, model::function fn, model::generation gen, std::string_view region) {
  return c.matches_part(fn) && c.matches_generation(gen) && c.matches_region(region);
}
bool vendor_ok(const coverage& c, std::optional<model::vendor_id> v, std::optional<model::vendor_id> managed) {
  if (c.matches_vendor(v)) {
    return true;
  }
  return c.managed_services && managed && c.vendors.count(*managed) > 0;
}
bool covered(const coverage& c, const item& it) {
  return vendor_ok(c, it.vendor, it.managed) && in_parts(c, it.fn, it.gen, it.region);
}
bool covered(const coverage& c, const element_group& g, std::string_view region) {
  return vendor_ok(c, g.catalog_vendor, g.managed_vendor) && in_parts(c, g.fn, g.gen, region);
}

// The rule's coverage narrowed to a milestone's parts and generations.
coverage narrowed(const rule& r, const milestone& m) {
  coverage c = r.covers;
  if (m.scope) {
    if (!m.scope->all_parts) {
      c.parts = c.all_parts ? m.scope->parts : (c.parts & m.scope->parts);
      c.all_parts = false;
    }
    if (!m.scope->generations.empty()) {
      c.generations = m.scope->generations;
    }
  }
  return c;
}
// The denominator of a share: the same parts, every vendor.
coverage every_vendor(coverage c) {
  c.all_vendors = true;
  c.vendors.clear();
  c.managed_services = false;
  c.deploy = deployment::all;
  return c;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
  return buf;
}
std::string percent_value(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", p);
  return buf;
}
std::string count_text(std::uint64_t n, std::string_view one, std::string_view many) {
  return report::thousands(static_cast<std::int64_t>(n)) + " " + std::string(n == 1 ? one : many);
}

// A share strictly above the cap? (integer arithmetic: at the cap complies)
bool above(std::uint64_t covered_n, std::uint64_t total, std::int64_t max_basis_points) {
  if (total == 0) {
    return false;
  }
  // covered/total > bp/10000  <=>  covered*10000 > bp*total, exact in 64 bits
  // for any realistic network (below 1.8e15 elements).
  const auto bp = static_cast<std::uint64_t>(std::max<std::int64_t>(0, max_basis_points));
  constexpr std::uint64_t kSafe = std::uint64_t{1} << 50;
  if (covered_n >= kSafe || total >= kSafe) {
    return static_cast<long double>(covered_n) * 10000.0L >
           static_cast<long double>(bp) * static_cast<long double>(total);
  }
  return covered_n * 10000U > bp * total;
}

// Collects elements by (vendor, function, region).
class grouper {
 public:
  explicit grouper(std::size_t examples) : examples_(examples) {}
  void add(std::string_view vendor, model::function fn, std::string_view region, std::uint64_t n,
           std::string_view example, std::string_view change = {}) {
    auto& g = slot(vendor, fn, region, change);
    g.count += n;
    if (!example.empty() && g.examples.size() < examples_) {
      g.examples.emplace_back(example);
    }
  }
  element_group_count& slot(std::string_view vendor, model::function fn, std::string_view region,
                            std::string_view change = {}) {
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
    return it->second;
  }
  [[nodiscard]] bool wants_examples(std::string_view vendor, model::function fn, std::string_view region) {
    return slot(vendor, fn, region).examples.size() < examples_;
  }
  [[nodiscard]] std::uint64_t total() const {
    std::uint64_t t = 0;
    for (const auto& [k, g] : groups_) {
      t += g.count;
    }
    return t;
  }
  void into(finding& f, std::size_t max_groups) {
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
  }

 private:
  std::size_t examples_;
  std::map<std::string, element_group_count> groups_;
};

finding make_finding(const rule& r, finding_kind kind, level lvl) {
  finding f;
  f.r = &r;
  f.kind = kind;
  f.lvl = lvl;
  return f;
}

// An info finding for a rule that comes into force after `today` and will
// then concern the elements in `g`: "From D (in N days) this rule will
// The finding of a removal milestone on `today`: due (a risk) until its
// date, overdue (the rule's violation level) after it.
finding milestone_finding(const rule& r, const milestone& m, date today) {
  const bool overdue = today > m.by;
  finding f = make_finding(r, overdue ? finding_kind::removal_overdue : finding_kind::removal_due,
                           overdue ? r.violation_level() : level::risk);
  f.ms = &m;
  f.deadline = m.by;
  f.days = m.by.days - today.days;
  return f;
}

// <verb> M elements<tail>".
finding not_yet_in_force(const rule& r, date today, grouper& g, std::size_t max_groups, std::string_view verb,
                         std::string_view tail) {
  finding f = make_finding(r, finding_kind::not_yet_in_force, level::info);
  f.deadline = r.dates.from;
  f.days = r.dates.from->days - today.days;
  g.into(f, max_groups);
  f.summary = "From " + format_date(*r.dates.from) + " (in " +
              count_text(static_cast<std::uint64_t>(f.days), "day", "days") + ") this rule will " + std::string(verb) +
              " " + count_text(f.element_total, "element", "elements") + std::string(tail) + ".";
  return f;
}

std::string days_text(std::int64_t days) {
  if (days > 0) {
    return count_text(static_cast<std::uint64_t>(days), "day", "days") + " left";
  }
  if (days == 0) {
    return "due today";
  }
  return count_text(static_cast<std::uint64_t>(-days), "day", "days") + " overdue";
}

void sort_findings(std::vector<finding>& fs) {
  std::stable_sort(fs.begin(), fs.end(), [](const finding& a, const finding& b) { return a.lvl > b.lvl; });
}

}  // namespace

std::string_view to_string(finding_kind k) { return kKinds[static_cast<std::size_t>(k)].first; }
std::string_view describe(finding_kind k) { return kKinds[static_cast<std::size_t>(k)].second; }

bool any_at_or_above(const std::vector<finding>& findings, level at) {
  return std::any_of(findings.begin(), findings.end(), [at](const finding& f) { return f.lvl >= at; });
}

std::optional<level> audit_result::worst() const {
  std::optional<level> w;
  for (const auto& f : findings) {
    if (!w || f.lvl > *w) {
      w = f.lvl;
    }
  }
  return w;
}
std::size_t audit_result::count(level l) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [l](const finding& f) { return f.lvl == l; }));
}
const finding* audit_result::next_deadline() const {
  const finding* best = nullptr;
  for (const auto& f : findings) {
    if (f.deadline && f.days >= 0 && (best == nullptr || *f.deadline < *best->deadline)) {
      best = &f;
    }
  }
  return best;
}

// Per-site element counts for a share counted in sites.
struct evaluator::site_tally {
  std::vector<std::uint32_t> total_at;  // by site string id
  std::vector<std::uint32_t> covered_at;
  std::uint64_t total_sites = 0;
  std::uint64_t covered_sites = 0;
};

const evaluator::site_tally* evaluator::tally_for(const void* key) const {
  for (const auto& [k, t] : tallies_) {
    if (k == key) {
      return t.get();
    }
  }
  return nullptr;
}

evaluator::evaluator(const pack& p, const network_index* index) : pack_(&p), index_(index) {
  if (index_ == nullptr) {
    return;
  }
  const auto& net = index_->net();
  auto build = [&](const void* key, const coverage& cov, const coverage& of) {
    auto t = std::make_shared<site_tally>();
    t->total_at.assign(net.strings().size(), 0);
    t->covered_at.assign(net.strings().size(), 0);
    for (const auto& g : index_->groups()) {
      const std::string_view region = net.strings().view(g.region);
      if (!in_parts(of, g.fn, g.gen, region)) {
        continue;
      }
      const bool cov_g = covered(cov, g, region);
      for (const auto e : g.members) {
        const string_id s = net.site_id(e);
        if (s == 0) {
          continue;
        }
        t->total_sites += t->total_at[s]++ == 0 ? 1 : 0;
        if (cov_g) {
          t->covered_sites += t->covered_at[s]++ == 0 ? 1 : 0;
        }
      }
    }
    tallies_.emplace_back(key, std::move(t));
  };
  for (const auto& r : p.rules) {
    if (r.eff == effect::cap && r.cap && r.cap->basis == count_basis::sites) {
      build(&r, r.covers, r.cap->of);
    }
    for (const auto& m : r.milestones) {
      if (m.max_percent && m.basis == count_basis::sites) {
        const coverage c = narrowed(r, m);
        build(&m, c, every_vendor(c));
      }
    }
  }
}

assessment evaluator::assess(const proposal& prop, std::span<const model::element_index> removed,
                             const assessment_options& options) const {
  assessment out;
  out.p = pack_;
  out.prop = &prop;
  out.as_of = options.as_of;
  out.has_network = index_ != nullptr;
  out.network_elements = index_ != nullptr ? index_->net().element_count() : 0;
  out.added = prop.add.size();
  out.removed = removed.size();

  std::vector<item> items;
  items.reserve(prop.add.size() + removed.size());
  for (const auto& e : prop.add) {
    item it;
    it.fn = e.fn;
    it.gen = model::generation_of(e.fn);
    it.region = e.region;
    it.site = e.site;
    it.subscribers = e.subscribers;
    it.vendor = e.catalog_vendor;
    it.managed = e.managed_vendor;
    it.vendor_name = e.vendor_name;
    it.id = e.id;
    it.added = true;
    items.push_back(it);
  }
  if (index_ != nullptr) {
    const auto& net = index_->net();
    for (const auto e : removed) {
      const auto& g = index_->groups()[index_->group_of(e)];
      item it;
      it.fn = g.fn;
      it.gen = g.gen;
      it.region = net.region(e);
      it.site = net.site(e);
      it.subscribers = net.subscribers(e);
      it.vendor = g.catalog_vendor;
      it.managed = g.managed_vendor;
      it.vendor_name = net.vendor_name(e);
      it.id = net.id(e);
      it.added = false;
      items.push_back(it);
    }
  }

  const date today = options.as_of;
  auto collect = [&](const coverage& c, bool want_added, bool want_removed, grouper& g) {
    for (const auto& it : items) {
      if ((it.added ? want_added : want_removed) && covered(c, it)) {
        g.add(it.vendor_name, it.fn, it.region, 1, it.id, it.added ? "added" : "removed");
      }
    }
  };

  // Before/after counts of a share, for one region filter (nullptr: all).
  auto share = [&](const coverage& cov, const coverage& of, count_basis basis, const site_tally* tally,
                   const std::string* region_filter, cap_figures& fig) {
    auto region_ok = [&](std::string_view r) { return region_filter == nullptr || r == *region_filter; };
    if (index_ != nullptr && basis != count_basis::sites) {
      const auto& net = index_->net();
      for (const auto& g : index_->groups()) {
        const std::string_view region = net.strings().view(g.region);
        if (!region_ok(region) || !in_parts(of, g.fn, g.gen, region)) {
          continue;
        }
        const std::uint64_t v = basis == count_basis::elements ? g.elements : g.subscribers;
        fig.before_total += v;
        if (covered(cov, g, region)) {
          fig.before_covered += v;
        }
      }
    }
    if (tally != nullptr) {
      fig.before_total = tally->total_sites;
      fig.before_covered = tally->covered_sites;
    }
    fig.after_total = fig.before_total;
    fig.after_covered = fig.before_covered;
    if (basis == count_basis::sites) {
      // Per touched site: elements in scope / covered, before and after.
      std::unordered_map<std::string_view, std::pair<std::int64_t, std::int64_t>> delta;
      for (const auto& it : items) {
        if (it.site.empty() || !in_parts(of, it.fn, it.gen, it.region)) {
          continue;
        }
        auto& d = delta[it.site];
        const std::int64_t s = it.added ? 1 : -1;
        d.first += s;
        if (covered(cov, it)) {
          d.second += s;
        }
      }
      for (const auto& [site, d] : delta) {
        std::int64_t base_total = 0;
        std::int64_t base_cov = 0;
        if (index_ != nullptr && tally != nullptr) {
          const string_id sid = index_->net().strings().find(site);
          if (sid != string_pool::kMissing && sid < tally->total_at.size()) {
            base_total = tally->total_at[sid];
            base_cov = tally->covered_at[sid];
          }
        }
        const auto adjust = [](std::uint64_t& v, bool before, bool after) {
          if (before && !after) {
            --v;
          } else if (!before && after) {
            ++v;
          }
        };
        adjust(fig.after_total, base_total > 0, base_total + d.first > 0);
        adjust(fig.after_covered, base_cov > 0, base_cov + d.second > 0);
      }
      return;
    }
    for (const auto& it : items) {
      if (!region_ok(it.region) || !in_parts(of, it.fn, it.gen, it.region)) {
        continue;
      }
      const std::uint64_t v = basis == count_basis::elements ? 1 : it.subscribers;
      const bool c = covered(cov, it);
      if (it.added) {
        fig.after_total += v;
        fig.after_covered += c ? v : 0;
      } else {
        fig.after_total -= std::min(fig.after_total, v);
        fig.after_covered -= c ? std::min(fig.after_covered, v) : 0;
      }
    }
  };

  auto touched_regions = [&](const coverage& of) {
    std::vector<std::string> regions;
    for (const auto& it : items) {
      if (in_parts(of, it.fn, it.gen, it.region) &&
          std::find(regions.begin(), regions.end(), it.region) == regions.end()) {
        regions.emplace_back(it.region);
      }
    }
    std::sort(regions.begin(), regions.end());
    return regions;
  };

  for (const auto& r : pack_->rules) {
    const bool in_force = r.dates.on(today);
    if (!in_force) {
      if (r.dates.until && today > *r.dates.until) {
        continue;  // expired
      }
      if (r.eff == effect::notify) {
        continue;
      }
      grouper g(options.examples);
      collect(r.covers, r.covers.deploy != deployment::existing, false, g);
      if (g.total() == 0) {
        continue;
      }
      out.findings.push_back(not_yet_in_force(r, today, g, options.max_groups, "also concern", " the proposal adds"));
      continue;
    }
    switch (r.eff) {
      case effect::notify: {
        grouper g(options.examples);
        collect(r.covers, r.covers.deploy != deployment::existing, r.covers.deploy != deployment::new_, g);
        if (g.total() == 0) {
          break;
        }
        out.notifiable = true;
        finding f = make_finding(r, finding_kind::notification_required, level::info);
        g.into(f, options.max_groups);
        f.summary = "The change adds or removes " + count_text(f.element_total, "element", "elements") + " in " +
                    r.covers.describe_parts() + ": it must be notified before it is made.";
        out.findings.push_back(std::move(f));
        break;
      }
      case effect::prohibit:
      case effect::allow: {
        if (r.covers.deploy == deployment::existing) {
          break;  // concerns the installed base, not a change
        }
        grouper g(options.examples);
        collect(r.covers, true, false, g);
        if (g.total() == 0) {
          break;
        }
        const bool prohibit = r.eff == effect::prohibit;
        finding f = make_finding(r, prohibit ? finding_kind::prohibited : finding_kind::allowed_with_conditions,
                                 r.violation_level());
        g.into(f, options.max_groups);
        f.summary = prohibit ? "The proposal adds " + count_text(f.element_total, "element", "elements") +
                                   " of a kind this rule stands against: " + r.covers.describe() + "."
                             : "The proposal adds " + count_text(f.element_total, "element", "elements") +
                                   " that may be used only under conditions: " + join(r.conditions, "; ") + ".";
        out.findings.push_back(std::move(f));
        break;
      }
      case effect::cap: {
        if (!r.cap) {
          break;
        }
        const cap_spec& cap = *r.cap;
        const auto regions = touched_regions(cap.of);
        if (regions.empty()) {
          break;  // the change does not touch the capped part
        }
        std::vector<std::optional<std::string>> scopes;
        if (cap.per_region) {
          for (const auto& reg : regions) {
            scopes.emplace_back(reg);
          }
        } else {
          scopes.emplace_back(std::nullopt);
        }
        for (const auto& scope : scopes) {
          cap_figures fig;
          fig.basis = cap.basis;
          fig.max_percent = cap.max_percent;
          fig.region = scope.value_or("");
          share(r.covers, cap.of, cap.basis, cap.basis == count_basis::sites ? tally_for(&r) : nullptr,
                scope ? &*scope : nullptr, fig);
          const bool over = above(fig.after_covered, fig.after_total, cap.max_basis_points);
          finding f = make_finding(r, over ? finding_kind::cap_exceeded : finding_kind::within_cap,
                                   over ? r.violation_level() : level::info);
          grouper g(options.examples);
          collect(r.covers, true, true, g);
          g.into(f, options.max_groups);
          f.summary = std::string("The covered vendors' share of ") + (scope ? "region " + *scope + " of " : "") +
                      "the capped part, counted in " + std::string(to_string(cap.basis)) + ", would be " +
                      percent(fig.after_share()) + " after the change (" + percent(fig.before_share()) +
                      " before): " + (over ? "above" : "within") + " the " + percent_value(cap.max_percent) + " cap.";
          f.cap = fig;
          out.findings.push_back(std::move(f));
        }
        break;
      }
      case effect::remove: {
        for (const auto& m : r.milestones) {
          const coverage c = narrowed(r, m);
          finding f = milestone_finding(r, m, today);
          grouper g(options.examples);
          collect(c, true, false, g);
          if (m.max_percent) {
            const coverage of = every_vendor(c);
            if (touched_regions(of).empty()) {
              continue;
            }
            cap_figures fig;
            fig.basis = m.basis;
            fig.max_percent = *m.max_percent;
            share(c, of, m.basis, m.basis == count_basis::sites ? tally_for(&m) : nullptr, nullptr, fig);
            if (!above(fig.after_covered, fig.after_total, m.max_basis_points) || g.total() == 0) {
              continue;
            }
            g.into(f, options.max_groups);
            f.cap = fig;
            f.summary = "The proposal adds " + count_text(f.element_total, "covered element", "covered elements") +
                        ", taking the covered share to " + percent(fig.after_share()) + " (" +
                        percent(fig.before_share()) + " before), above the " + percent_value(*m.max_percent) +
                        " allowed by " + format_date(m.by) + " (" + days_text(f.days) + ").";
          } else {
            if (g.total() == 0) {
              continue;
            }
            g.into(f, options.max_groups);
            f.summary = "The proposal adds " + count_text(f.element_total, "element", "elements") +
                        " that must be removed by " + format_date(m.by) + " (" + days_text(f.days) + "): " + m.title +
                        ".";
          }
          out.findings.push_back(std::move(f));
        }
        break;
      }
    }
  }
  sort_findings(out.findings);

  // Who the added access rides on (graph extension point).
  std::map<std::string, vendor_dependency> deps;
  for (const auto& e : prop.add) {
    auto& d = deps[e.vendor_name];
    d.vendor = e.vendor_name;
    if (model::is_access(e.fn)) {
      ++d.added_access;
      d.added_subscribers += e.subscribers;
    }
  }
  for (auto& [name, d] : deps) {
    if (options.dependency) {
      d.existing_subscribers = options.dependency(name);
    }
    out.dependencies.push_back(std::move(d));
  }

  if (any_at_or_above(out.findings, level::significant)) {
    out.dec = decision::significant_risk;
  } else if (any_at_or_above(out.findings, level::risk)) {
    out.dec = decision::risk_to_address;
  } else if (out.notifiable) {
    out.dec = decision::no_significant_risk;
  } else {
    out.dec = decision::not_notifiable;
  }
  return out;
}

audit_result evaluator::audit(const audit_options& options) const {
  audit_result out;
  out.p = pack_;
  out.as_of = options.as_of;
  if (index_ == nullptr) {
    return out;
  }
  const auto& net = index_->net();
  out.network_elements = net.element_count();
  const date today = options.as_of;

  // Every covered group; `since` counts only members installed on or after it.
  auto collect = [&](const coverage& c, std::optional<date> since, grouper& g) {
    for (const auto& grp : index_->groups()) {
      const std::string_view region = net.strings().view(grp.region);
      if (!covered(c, grp, region)) {
        continue;
      }
      const std::string_view vendor = net.vendors()[grp.vendor].name;
      const std::uint64_t n = since ? grp.installed_since(*since) : grp.elements;
      if (n == 0) {
        continue;
      }
      g.add(vendor, grp.fn, region, n, {});
      for (const auto e : grp.members) {
        if (!g.wants_examples(vendor, grp.fn, region)) {
          break;
        }
        if (since) {
          const auto d = net.installed(e);
          if (!d || *d < *since) {
            continue;
          }
        }
        g.add(vendor, grp.fn, region, 0, net.id(e));
      }
    }
  };
  auto share = [&](const coverage& cov, const coverage& of, count_basis basis, const site_tally* tally,
                   const std::string* region_filter, cap_figures& fig) {
    if (basis == count_basis::sites && tally != nullptr) {
      fig.before_total = tally->total_sites;
      fig.before_covered = tally->covered_sites;
    } else {
      for (const auto& g : index_->groups()) {
        const std::string_view region = net.strings().view(g.region);
        if ((region_filter != nullptr && region != *region_filter) || !in_parts(of, g.fn, g.gen, region)) {
          continue;
        }
        const std::uint64_t v = basis == count_basis::elements ? g.elements : g.subscribers;
        fig.before_total += v;
        fig.before_covered += covered(cov, g, region) ? v : 0;
      }
    }
    fig.after_total = fig.before_total;
    fig.after_covered = fig.before_covered;
  };

  for (const auto& r : pack_->rules) {
    if (r.dates.until && today > *r.dates.until) {
      continue;  // expired
    }
    if (r.eff == effect::notify) {
      continue;  // a duty on changes, not on the installed base
    }
    const bool not_yet = r.dates.from && today < *r.dates.from;
    if (not_yet) {
      if (!options.include_info || r.covers.deploy == deployment::new_) {
        continue;
      }
      grouper g(options.examples);
      collect(r.covers, std::nullopt, g);
      if (g.total() == 0) {
        continue;
      }
      out.findings.push_back(not_yet_in_force(r, today, g, options.max_groups, "concern", " of the network"));
      continue;
    }
    switch (r.eff) {
      case effect::notify:
        break;
      case effect::prohibit: {
        grouper g(options.examples);
        const bool only_new = r.covers.deploy == deployment::new_;
        collect(r.covers, only_new ? r.dates.from : std::nullopt, g);
        if (g.total() == 0) {
          break;
        }
        finding f = make_finding(r, finding_kind::prohibited, r.violation_level());
        g.into(f, options.max_groups);
        f.summary = only_new ? count_text(f.element_total, "element was", "elements were") + " installed on or after " +
                                   format_date(*r.dates.from) + " although this rule stands against new " +
                                   r.covers.describe() + "."
                             : count_text(f.element_total, "element", "elements") + " of " + r.covers.describe() +
                                   " are in the network although this rule stands against them.";
        out.findings.push_back(std::move(f));
        break;
      }
      case effect::allow: {
        if (!options.include_info) {
          break;
        }
        grouper g(options.examples);
        collect(r.covers, r.covers.deploy == deployment::new_ ? r.dates.from : std::nullopt, g);
        if (g.total() == 0) {
          break;
        }
        finding f = make_finding(r, finding_kind::allowed_with_conditions, level::info);
        g.into(f, options.max_groups);
        f.summary = count_text(f.element_total, "element is", "elements are") +
                    " allowed only under conditions: " + join(r.conditions, "; ") + ".";
        out.findings.push_back(std::move(f));
        break;
      }
      case effect::cap: {
        if (!r.cap) {
          break;
        }
        const cap_spec& cap = *r.cap;
        std::vector<std::optional<std::string>> scopes;
        if (cap.per_region) {
          std::vector<std::string> regions;
          for (const auto& g : index_->groups()) {
            const std::string region(net.strings().view(g.region));
            if (in_parts(cap.of, g.fn, g.gen, region) &&
                std::find(regions.begin(), regions.end(), region) == regions.end()) {
              regions.push_back(region);
            }
          }
          std::sort(regions.begin(), regions.end());
          for (auto& reg : regions) {
            scopes.emplace_back(std::move(reg));
          }
        } else {
          scopes.emplace_back(std::nullopt);
        }
        for (const auto& scope : scopes) {
          cap_figures fig;
          fig.basis = cap.basis;
          fig.max_percent = cap.max_percent;
          fig.region = scope.value_or("");
          share(r.covers, cap.of, cap.basis, cap.basis == count_basis::sites ? tally_for(&r) : nullptr,
                scope ? &*scope : nullptr, fig);
          if (fig.before_covered == 0) {
            continue;
          }
          const bool over = above(fig.before_covered, fig.before_total, cap.max_basis_points);
          if (!over && !options.include_info) {
            continue;
          }
          finding f = make_finding(r, over ? finding_kind::cap_exceeded : finding_kind::within_cap,
                                   over ? r.violation_level() : level::info);
          f.cap = fig;
          grouper g(options.examples);
          coverage c = r.covers;
          if (scope) {
            c.regions = {*scope};
          }
          collect(c, std::nullopt, g);
          g.into(f, options.max_groups);
          f.summary = std::string("The covered vendors hold ") + percent(fig.before_share()) + " of " +
                      (scope ? "region " + *scope + " of " : "") + "the capped part, counted in " +
                      std::string(to_string(cap.basis)) + ": " + (over ? "above" : "within") + " the " +
                      percent_value(cap.max_percent) + " cap.";
          out.findings.push_back(std::move(f));
        }
        break;
      }
      case effect::remove: {
        for (const auto& m : r.milestones) {
          const coverage c = narrowed(r, m);
          finding f = milestone_finding(r, m, today);
          if (m.max_percent) {
            cap_figures fig;
            fig.basis = m.basis;
            fig.max_percent = *m.max_percent;
            share(c, every_vendor(c), m.basis, m.basis == count_basis::sites ? tally_for(&m) : nullptr, nullptr, fig);
            if (!above(fig.before_covered, fig.before_total, m.max_basis_points)) {
              continue;
            }
            f.cap = fig;
          }
          grouper g(options.examples);
          collect(c, std::nullopt, g);
          if (g.total() == 0) {
            continue;
          }
          g.into(f, options.max_groups);
          if (f.cap) {
            f.summary = "The covered vendors hold " + percent(f.cap->before_share()) + " counted in " +
                        std::string(to_string(m.basis)) + "; at most " + percent_value(*m.max_percent) + " by " +
                        format_date(m.by) + " (" + days_text(f.days) + "): " + m.title + ".";
          } else {
            f.summary = count_text(f.element_total, "element", "elements") + " to be removed by " + format_date(m.by) +
                        " (" + days_text(f.days) + "): " + m.title + ".";
          }
          out.findings.push_back(std::move(f));
        }
        break;
      }
    }
  }
  sort_findings(out.findings);
  return out;
}

}  // namespace netvet::policy
