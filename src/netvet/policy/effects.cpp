// One evaluator per rule effect (detail/evaluation.h), for a proposal
// (assess) and for the installed base on a date (audit). Each finds and
// measures; the report words the findings.
#include <algorithm>
#include <array>
#include <unordered_map>

#include "netvet/policy/detail/evaluation.h"
#include "netvet/policy/detail/weighing.h"

namespace netvet::policy::detail {
namespace {

// ---- shares of a change (assess) ----

// The site tally of a cap rule or share milestone (none without a network).
const site_tally* tally_of(const context& ctx, count_basis basis, const void* key) {
  if (basis != count_basis::sites || ctx.tallies == nullptr) {
    return nullptr;
  }
  return ctx.tallies->tally_for(key);
}

// Regions of the change's elements in `of`'s parts, sorted.
std::vector<std::string> touched_regions(std::span<const change_item> items, const coverage& of) {
  std::vector<std::string> regions;
  for (const auto& it : items) {
    if (in_parts(of, it.facts) && std::find(regions.begin(), regions.end(), it.facts.region) == regions.end()) {
      regions.emplace_back(it.facts.region);
    }
  }
  std::sort(regions.begin(), regions.end());
  return regions;
}

// Moves a distinct-site count when a site starts or stops being counted.
void adjust_sites(std::uint64_t& v, bool before, bool after) {
  if (before && !after) {
    --v;
  } else if (!before && after) {
    ++v;
  }
}

// After-change site counts: per touched site, elements in scope and covered
// before and after the change.
void apply_site_changes(const context& ctx, std::span<const change_item> items, const coverage& cov, const coverage& of,
                        const site_tally* tally, cap_figures& fig) {
  std::unordered_map<std::string_view, std::pair<std::int64_t, std::int64_t>> delta;
  for (const auto& it : items) {
    if (it.site.empty() || !in_parts(of, it.facts)) {
      continue;
    }
    auto& d = delta[it.site];
    const std::int64_t s = it.added ? 1 : -1;
    d.first += s;
    d.second += covers(cov, it.facts) ? s : 0;
  }
  for (const auto& [site, d] : delta) {
    std::int64_t base_total = 0;
    std::int64_t base_cov = 0;
    if (ctx.index != nullptr && tally != nullptr) {
      const string_id sid = ctx.index->net().strings().find(site);
      if (sid != string_pool::kMissing && sid < tally->total_at.size()) {
        base_total = tally->total_at[sid];
        base_cov = tally->covered_at[sid];
      }
    }
    adjust_sites(fig.after_total, base_total > 0, base_total + d.first > 0);
    adjust_sites(fig.after_covered, base_cov > 0, base_cov + d.second > 0);
  }
}

// After-change element or subscriber counts.
void apply_counted_changes(std::span<const change_item> items, const coverage& cov, const coverage& of,
                           count_basis basis, const std::string* region, cap_figures& fig) {
  for (const auto& it : items) {
    if ((region != nullptr && it.facts.region != *region) || !in_parts(of, it.facts)) {
      continue;
    }
    const std::uint64_t v = basis == count_basis::elements ? 1 : it.subscribers;
    const bool c = covers(cov, it.facts);
    if (it.added) {
      fig.after_total += v;
      fig.after_covered += c ? v : 0;
    } else {
      fig.after_total -= std::min(fig.after_total, v);
      fig.after_covered -= c ? std::min(fig.after_covered, v) : 0;
    }
  }
}

// The share before (the network, if any) and after the change; with no
// change items, the network's share (audit: before == after).
cap_figures change_share(const context& ctx, std::span<const change_item> items, const coverage& cov,
                         const coverage& of, count_basis basis, double max_percent, const void* tally_key,
                         const std::string* region) {
  cap_figures fig;
  fig.basis = basis;
  fig.max_percent = max_percent;
  fig.region = region != nullptr ? *region : std::string();
  const site_tally* tally = tally_of(ctx, basis, tally_key);
  if (ctx.index != nullptr) {
    const share_count before = share_in(*ctx.index, cov, of, basis, region, tally);
    fig.before_covered = before.covered;
    fig.before_total = before.total;
  }
  fig.after_total = fig.before_total;
  fig.after_covered = fig.before_covered;
  if (basis == count_basis::sites) {
    apply_site_changes(ctx, items, cov, of, tally, fig);
  } else {
    apply_counted_changes(items, cov, of, basis, region, fig);
  }
  return fig;
}

// ---- notify ----

void assess_notify(const rule& r, const context& ctx, change& ch, std::vector<finding>& out) {
  grouper g(ctx.examples);
  collect_changes(ch.items, r.covers, r.covers.deploy != deployment::existing, r.covers.deploy != deployment::new_, g);
  if (g.total() == 0) {
    return;
  }
  ch.notifiable = true;
  finding f = make_finding(r, finding_mode::assessment, finding_kind::notification_required, level::info);
  g.into(f, ctx.max_groups);
  out.push_back(std::move(f));
}

// ---- prohibit and allow ----

// A proposal that adds covered equipment: prohibited, or allowed only under conditions.
void assess_addition(const rule& r, const context& ctx, change& ch, std::vector<finding>& out) {
  if (r.covers.deploy == deployment::existing) {
    return;  // concerns the installed base, not a change
  }
  grouper g(ctx.examples);
  collect_changes(ch.items, r.covers, true, false, g);
  if (g.total() == 0) {
    return;
  }
  const finding_kind kind =
      r.eff == effect::prohibit ? finding_kind::prohibited : finding_kind::allowed_with_conditions;
  finding f = make_finding(r, finding_mode::assessment, kind, r.violation_level());
  g.into(f, ctx.max_groups);
  out.push_back(std::move(f));
}

// Installed equipment a rule concerns (for `new` rules: installed on or after its `from`).
std::optional<date> installed_since(const rule& r) {
  return r.covers.deploy == deployment::new_ ? r.dates.from : std::nullopt;
}

void audit_prohibit(const rule& r, const context& ctx, std::vector<finding>& out) {
  grouper g(ctx.examples);
  collect_network(*ctx.index, r.covers, installed_since(r), g);
  if (g.total() == 0) {
    return;
  }
  finding f = make_finding(r, finding_mode::audit, finding_kind::prohibited, r.violation_level());
  g.into(f, ctx.max_groups);
  out.push_back(std::move(f));
}

void audit_allow(const rule& r, const context& ctx, std::vector<finding>& out) {
  if (!ctx.include_info) {
    return;
  }
  grouper g(ctx.examples);
  collect_network(*ctx.index, r.covers, installed_since(r), g);
  if (g.total() == 0) {
    return;
  }
  finding f = make_finding(r, finding_mode::audit, finding_kind::allowed_with_conditions, level::info);
  g.into(f, ctx.max_groups);
  out.push_back(std::move(f));
}

// ---- cap ----

// One scope per region (per-region caps) or the whole network.
std::vector<std::optional<std::string>> cap_scopes(const cap_spec& cap, std::vector<std::string> regions) {
  std::vector<std::optional<std::string>> scopes;
  if (!cap.per_region) {
    scopes.emplace_back(std::nullopt);
    return scopes;
  }
  for (auto& reg : regions) {
    scopes.emplace_back(std::move(reg));
  }
  return scopes;
}

finding cap_finding(const rule& r, finding_mode mode, bool over, const cap_figures& fig) {
  finding f = make_finding(r, mode, over ? finding_kind::cap_exceeded : finding_kind::within_cap,
                           over ? r.violation_level() : level::info);
  f.cap = fig;
  return f;
}

void assess_cap(const rule& r, const context& ctx, change& ch, std::vector<finding>& out) {
  if (!r.cap) {
    return;
  }
  const cap_spec& cap = *r.cap;
  auto regions = touched_regions(ch.items, cap.of);
  if (regions.empty()) {
    return;  // the change does not touch the capped part
  }
  for (const auto& scope : cap_scopes(cap, std::move(regions))) {
    const cap_figures fig =
        change_share(ctx, ch.items, r.covers, cap.of, cap.basis, cap.max_percent, &r, scope ? &*scope : nullptr);
    const bool over = exceeds(fig.after_covered, fig.after_total, cap.max_basis_points);
    finding f = cap_finding(r, finding_mode::assessment, over, fig);
    grouper g(ctx.examples);
    collect_changes(ch.items, r.covers, true, true, g);
    g.into(f, ctx.max_groups);
    out.push_back(std::move(f));
  }
}

void audit_cap(const rule& r, const context& ctx, std::vector<finding>& out) {
  if (!r.cap) {
    return;
  }
  const cap_spec& cap = *r.cap;
  for (const auto& scope :
       cap_scopes(cap, cap.per_region ? regions_in(*ctx.index, cap.of) : std::vector<std::string>{})) {
    const cap_figures fig =
        change_share(ctx, {}, r.covers, cap.of, cap.basis, cap.max_percent, &r, scope ? &*scope : nullptr);
    if (fig.before_covered == 0) {
      continue;
    }
    const bool over = exceeds(fig.before_covered, fig.before_total, cap.max_basis_points);
    if (!over && !ctx.include_info) {
      continue;
    }
    finding f = cap_finding(r, finding_mode::audit, over, fig);
    coverage c = r.covers;
    if (scope) {
      c.regions = {*scope};
    }
    grouper g(ctx.examples);
    collect_network(*ctx.index, c, std::nullopt, g);
    g.into(f, ctx.max_groups);
    out.push_back(std::move(f));
  }
}

// ---- remove ----

// A milestone the proposal works against: it adds equipment due for removal
// (or, for a share milestone, takes the share above what is allowed by then).
std::optional<finding> assess_milestone(const rule& r, const milestone& m, const context& ctx, const change& ch) {
  const coverage c = narrowed(r, m);
  finding f = milestone_finding(r, m, finding_mode::assessment, ctx.today);
  grouper g(ctx.examples);
  collect_changes(ch.items, c, true, false, g);
  if (g.total() == 0) {
    return std::nullopt;
  }
  if (m.max_percent) {
    const coverage of = every_vendor(c);
    if (touched_regions(ch.items, of).empty()) {
      return std::nullopt;
    }
    const cap_figures fig = change_share(ctx, ch.items, c, of, m.basis, *m.max_percent, &m, nullptr);
    if (!exceeds(fig.after_covered, fig.after_total, m.max_basis_points)) {
      return std::nullopt;
    }
    f.cap = fig;
  }
  g.into(f, ctx.max_groups);
  return f;
}

void assess_remove(const rule& r, const context& ctx, change& ch, std::vector<finding>& out) {
  for (const auto& m : r.milestones) {
    if (auto f = assess_milestone(r, m, ctx, ch)) {
      out.push_back(std::move(*f));
    }
  }
}

// A milestone the network has not met yet (due) or missed (overdue).
std::optional<finding> audit_milestone(const rule& r, const milestone& m, const context& ctx) {
  const coverage c = narrowed(r, m);
  finding f = milestone_finding(r, m, finding_mode::audit, ctx.today);
  if (m.max_percent) {
    const cap_figures fig = change_share(ctx, {}, c, every_vendor(c), m.basis, *m.max_percent, &m, nullptr);
    if (!exceeds(fig.before_covered, fig.before_total, m.max_basis_points)) {
      return std::nullopt;
    }
    f.cap = fig;
  }
  grouper g(ctx.examples);
  collect_network(*ctx.index, c, std::nullopt, g);
  if (g.total() == 0) {
    return std::nullopt;
  }
  g.into(f, ctx.max_groups);
  return f;
}

void audit_remove(const rule& r, const context& ctx, std::vector<finding>& out) {
  for (const auto& m : r.milestones) {
    if (auto f = audit_milestone(r, m, ctx)) {
      out.push_back(std::move(*f));
    }
  }
}

// Indexed by effect, in NETVET_EFFECTS order (checked below).
constexpr std::array<effect_evaluator, 6> kEvaluators = {{
    /* prohibit */ {assess_addition, audit_prohibit, true},
    /* notify   */ {assess_notify, nullptr, false},  // a duty on changes, not on the installed base
    /* cap      */ {assess_cap, audit_cap, true},
    /* remove   */ {assess_remove, audit_remove, true},
    /* allow    */ {assess_addition, audit_allow, true},
    /* weigh    */ {assess_weigh, nullptr, false},  // weighs changes; audits explain with it (--explain)
}};
static_assert(static_cast<std::size_t>(effect::prohibit) == 0 && static_cast<std::size_t>(effect::notify) == 1 &&
                  static_cast<std::size_t>(effect::cap) == 2 && static_cast<std::size_t>(effect::remove) == 3 &&
                  static_cast<std::size_t>(effect::allow) == 4 && static_cast<std::size_t>(effect::weigh) == 5 &&
                  kEvaluators.size() == kEffectCount,
              "kEvaluators has one row per effect, in NETVET_EFFECTS order");

}  // namespace

const effect_evaluator& evaluator_for(effect e) { return kEvaluators[static_cast<std::size_t>(e)]; }

}  // namespace netvet::policy::detail
