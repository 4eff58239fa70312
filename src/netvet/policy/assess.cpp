// Assessment and audit as compositions: select the rules for the date, hand
// each to its effect's evaluator (effects.cpp), sort, decide.
#include "netvet/policy/assess.h"

#include <algorithm>
#include <array>
#include <map>

#include "netvet/core/assert.h"
#include "netvet/core/text.h"
#include "netvet/policy/detail/evaluation.h"

namespace netvet::policy {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kKinds = {{
#define NETVET_X(name, desc) {#name, desc},
    NETVET_FINDING_KINDS(NETVET_X)
#undef NETVET_X
}};

// The proposal's added and removed elements, as rules see them.
std::vector<detail::change_item> change_items(const proposal& prop, std::span<const model::element_index> removed,
                                              const network_index* index) {
  std::vector<detail::change_item> items;
  items.reserve(prop.add.size() + removed.size());
  for (const auto& e : prop.add) {
    items.push_back({element_facts{e.catalog_vendor, e.managed_vendor, e.fn, e.generations(), e.region}, e.site,
                     e.subscribers, e.vendor_name, e.id, true});
  }
  if (index == nullptr) {
    return items;
  }
  const auto& net = index->net();
  for (const auto e : removed) {
    const auto& g = index->groups()[index->group_of(e)];
    items.push_back({element_facts{g.catalog_vendor, g.managed_vendor, g.fn, g.gens, net.region(e)}, net.site(e),
                     net.subscribers(e), net.vendor_name(e), net.id(e), false});
  }
  return items;
}

// An info finding for a rule that comes into force after `today` and will
// then concern the elements in `g`.
finding not_yet_in_force(const rule& r, finding_mode mode, date today, detail::grouper& g, std::size_t max_groups) {
  NETVET_ASSERT(r.dates.from.has_value(), "a rule not yet in force has a `from` date (the loader requires one)");
  finding f = detail::make_finding(r, mode, finding_kind::not_yet_in_force, level::info);
  f.deadline = r.dates.from;
  f.days = r.dates.from->days - today.days;
  g.into(f, max_groups);
  return f;
}

// Who the added access rides on (graph extension point).
std::vector<vendor_dependency> dependencies_of(const proposal& prop, const dependency_fn& dependency) {
  std::map<std::string, vendor_dependency> deps;
  for (const auto& e : prop.add) {
    auto& d = deps[e.vendor_name];
    d.vendor = e.vendor_name;
    if (model::is_access(e.fn)) {
      ++d.added_access;
      d.added_subscribers += e.subscribers;
    }
  }
  std::vector<vendor_dependency> out;
  for (auto& [name, d] : deps) {
    if (dependency) {
      d.existing_subscribers = dependency(name);
    }
    out.push_back(std::move(d));
  }
  return out;
}

// The risk finding for the proposal's vendor spellings that matched only
// after folding, if any. Their elements already resolved to the real vendor,
// so every rule and the weighing saw them as that vendor.
std::optional<finding> disguised_names(const proposal& prop) {
  std::map<std::pair<std::string, std::string>, disguised_name> by_spelling;
  std::uint64_t total = 0;
  for (const auto& e : prop.add) {
    if (!e.vendor_folded.any()) {
      continue;
    }
    auto& d = by_spelling[{std::string(trim(e.vendor)), e.vendor_name}];
    d.spelling = trim(e.vendor);
    d.vendor = e.vendor_name;
    d.why = e.vendor_folded;
    ++d.count;
    ++total;
  }
  if (total == 0) {
    return std::nullopt;
  }
  finding f = detail::make_finding(disguised_name_rule(), finding_mode::assessment, finding_kind::disguised_vendor_name,
                                   level::risk);
  f.element_total = total;
  for (auto& [key, d] : by_spelling) {
    f.disguised.push_back(std::move(d));
  }
  return f;
}

// The elements of significant and risk findings, each once (sorted).
}  // namespace

std::vector<model::element_index> elements_at_issue(const std::vector<finding>& findings) {
  std::vector<model::element_index> out;
  for (const auto& f : findings) {
    if (f.lvl >= level::risk) {
      out.insert(out.end(), f.members.begin(), f.members.end());
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const rule& disguised_name_rule() {
  static const rule kRule = [] {
    rule r;
    r.id = "netvet-vendor-name";
    r.title = "Vendor name disguised";
    r.eff = effect::notify;
    r.severity = decision::risk_to_address;
    r.src.instrument = "netvet's vendor matching (docs/policy-packs.md, finding kinds)";
    r.text =
        "A vendor name written with invisible characters, full-width forms or letters of another script that look "
        "Latin escapes a plain comparison with the names a rule covers. netvet folds such spellings and assesses "
        "the elements as the vendor they spell; the disguise itself calls for an explanation from the operator.";
    r.origin_pack = "netvet";
    return r;
  }();
  return kRule;
}

std::string_view to_string(finding_kind k) { return kKinds[static_cast<std::size_t>(k)].first; }
std::string_view describe(finding_kind k) { return kKinds[static_cast<std::size_t>(k)].second; }

bool any_at_or_above(std::span<const finding> findings, level at) {
  return std::any_of(findings.begin(), findings.end(), [at](const finding& f) { return f.lvl >= at; });
}

void sort_findings(std::vector<finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const finding& a, const finding& b) { return a.lvl > b.lvl; });
}

decision decide(std::span<const finding> findings, bool notifiable) {
  if (any_at_or_above(findings, level::significant)) {
    return decision::significant_risk;
  }
  if (any_at_or_above(findings, level::risk)) {
    return decision::risk_to_address;
  }
  return notifiable ? decision::no_significant_risk : decision::not_notifiable;
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

// The site tallies of the pack's shares counted in sites, keyed by the cap
// rule or share milestone they belong to.
class evaluator::tally_table final : public detail::tally_lookup {
 public:
  tally_table(const pack& p, const network_index& index) {
    for (const auto& r : p.rules) {
      if (r.eff == effect::cap && r.cap && r.cap->basis == count_basis::sites) {
        tallies_.emplace_back(&r, tally_sites(index, r.covers, r.cap->of));
      }
      for (const auto& m : r.milestones) {
        if (m.max_percent && m.basis == count_basis::sites) {
          const coverage c = narrowed(r, m);
          tallies_.emplace_back(&m, tally_sites(index, c, every_vendor(c)));
        }
      }
    }
  }
  [[nodiscard]] const site_tally* tally_for(const void* key) const override {
    for (const auto& [k, t] : tallies_) {
      if (k == key) {
        return &t;
      }
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<const void*, site_tally>> tallies_;
};

evaluator::evaluator(const pack& p, const network_index* index) : pack_(&p), index_(index) {
  if (index_ != nullptr) {
    tallies_ = std::make_shared<const tally_table>(p, *index_);
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

  const auto items = change_items(prop, removed, index_);
  const auto selected = select_rules(*pack_, options.as_of);
  detail::context ctx{index_, tallies_.get(), options.as_of, options.max_groups, options.examples, true};
  ctx.rules = selected;
  ctx.knowledge = options.knowledge;
  ctx.deciding = pack_->jurisdiction;
  ctx.exclude_decision = options.exclude_decision;
  ctx.dependency = &options.dependency;
  detail::change ch{items};
  const rule* weighs = pack_->weigh_rule();
  for (const auto& [r, phase] : selected) {
    if (r->eff == effect::weigh && r != weighs) {
      continue;  // replaced by the pack's own weighing
    }
    if (!r->binds_operator(prop.operator_name)) {
      continue;  // an agreement with other operators
    }
    const auto& ev = detail::evaluator_for(r->eff);
    if (phase == rule_phase::in_force) {
      ev.assess(*r, ctx, ch, out.findings);
      continue;
    }
    if (!ev.announces_ahead) {
      continue;
    }
    detail::grouper g(options.examples);
    detail::collect_changes(items, r->covers, r->covers.deploy != deployment::existing, false, g);
    if (g.total() > 0) {
      out.findings.push_back(not_yet_in_force(*r, finding_mode::assessment, options.as_of, g, options.max_groups));
    }
  }
  if (auto d = disguised_names(prop)) {
    out.findings.push_back(std::move(*d));
  }
  sort_findings(out.findings);
  out.notifiable = ch.notifiable;
  out.dependencies = dependencies_of(prop, options.dependency);
  out.dec = decide(out.findings, out.notifiable);
  out.precedents = nearest_precedents(options.precedents, out);
  return out;
}

audit_result evaluator::audit(const audit_options& options) const {
  audit_result out;
  out.p = pack_;
  out.as_of = options.as_of;
  if (index_ == nullptr) {
    return out;
  }
  out.network_elements = index_->net().element_count();
  const detail::context ctx{index_,           tallies_.get(),      options.as_of, options.max_groups,
                            options.examples, options.include_info};
  for (const auto& [r, phase] : select_rules(*pack_, options.as_of)) {
    const auto& ev = detail::evaluator_for(r->eff);
    if (ev.audit == nullptr) {
      continue;  // the effect concerns changes, not the installed base
    }
    if (phase == rule_phase::in_force) {
      ev.audit(*r, ctx, out.findings);
      continue;
    }
    if (!ev.announces_ahead || !options.include_info || r->covers.deploy == deployment::new_) {
      continue;
    }
    detail::grouper g(options.examples);
    detail::collect_network(*index_, r->covers, std::nullopt, g);
    if (g.total() > 0) {
      out.findings.push_back(not_yet_in_force(*r, finding_mode::audit, options.as_of, g, options.max_groups));
    }
  }
  sort_findings(out.findings);
  out.elements_at_issue = elements_at_issue(out.findings);
  return out;
}

}  // namespace netvet::policy
