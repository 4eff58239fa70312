// The `weigh` effect: a proposal's additions weighed vendor by vendor --
// likelihood from the vendor's profile, impact from the criticality of each
// part and the scale the vendor would reach (docs/risk-model.md).
#include "netvet/policy/detail/weighing.h"

#include <algorithm>
#include <map>
#include <set>

namespace netvet::policy::detail {
namespace {

// The in-force rule that is the regime's complete answer for an addition, if any.
const rule* complete_answer(const rule& self, const context& ctx, const element_facts& e) {
  for (const auto& [r, phase] : ctx.rules) {
    if (r == &self || phase != rule_phase::in_force || r->answers != answer::complete ||
        r->covers.deploy == deployment::existing) {
      continue;
    }
    if (covers(r->covers, e)) {
      return r;
    }
  }
  return nullptr;
}

bool is_split_ran(model::function f) {
  return f == model::function::ru || f == model::function::du || f == model::function::cu;
}

bool serves_5g(const element_facts& e) { return e.gens.contains(model::generation::g5); }

struct part_key {
  model::function fn;
  bool g5;
  bool operator<(const part_key& o) const { return fn != o.fn ? fn < o.fn : g5 < o.g5; }
};

// One vendor's weighed additions.
struct vendor_change {
  std::map<part_key, std::uint64_t> parts;
  std::map<model::layer, std::uint64_t> in_layer;
  std::uint64_t access = 0;  // gnb, enb, olt
  std::set<std::string_view> split_sites;
  std::array<std::uint64_t, 3> split_unsited{};  // ru, du, cu without a site
  std::uint64_t subscribers = 0;
  std::map<const rule*, std::uint64_t> answered;
  std::vector<const change_item*> items;

  // Cells the vendor's access additions form: each gnb/enb/olt, and a split
  // RAN by the sites it spans (siteless: the most numerous of ru/du/cu).
  [[nodiscard]] std::uint64_t cells(model::layer l) const {
    const std::uint64_t split = split_sites.size() + *std::max_element(split_unsited.begin(), split_unsited.end());
    const std::uint64_t formed = access + split;
    if (l == model::layer::access && formed > 0) {
      return formed;
    }
    const auto it = in_layer.find(l);
    return it == in_layer.end() ? 0 : it->second;
  }
};

void add_item(vendor_change& v, const change_item& it) {
  const auto fn = it.facts.fn;
  ++v.parts[part_key{fn, serves_5g(it.facts)}];
  ++v.in_layer[model::layer_of(fn)];
  v.subscribers += it.subscribers;
  if (model::is_access(fn)) {
    ++v.access;
  } else if (is_split_ran(fn)) {
    if (!it.site.empty()) {
      v.split_sites.insert(it.site);
    } else {
      ++v.split_unsited[fn == model::function::ru ? 0 : fn == model::function::du ? 1 : 2];
    }
  }
  v.items.push_back(&it);
}

// Network totals the scale is judged against (computed once per change).
struct network_totals {
  std::uint64_t subscribers = 0;
  std::array<std::uint64_t, model::kLayerCount> layer{};
};

network_totals totals_of(const network_index& index) {
  network_totals t;
  for (const auto& g : index.groups()) {
    t.subscribers += g.subscribers;
    t.layer[static_cast<std::size_t>(model::layer_of(g.fn))] += g.elements;
  }
  return t;
}

std::uint64_t vendor_in_layer(const network_index& index, std::string_view vendor, model::layer l) {
  std::uint64_t n = 0;
  const auto& vendors = index.net().vendors();
  for (const auto& g : index.groups()) {
    if (model::layer_of(g.fn) == l && vendors[g.vendor].name == vendor) {
      n += g.elements;
    }
  }
  return n;
}

double ratio(std::uint64_t a, std::uint64_t b) {
  return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

risk::scale_input scale_input_for(const context& ctx, const network_totals* totals, std::string_view vendor,
                                  const vendor_change& v, model::layer l, std::uint64_t added_subscribers,
                                  const std::array<std::uint64_t, model::kLayerCount>& added_in_layer,
                                  std::optional<std::uint64_t> existing) {
  risk::scale_input in;
  in.cells = v.cells(l);
  in.subscribers = v.subscribers;
  if (ctx.index == nullptr || totals == nullptr) {
    return in;
  }
  in.has_network = true;
  const auto li = static_cast<std::size_t>(l);
  const std::uint64_t layer_after = totals->layer[li] + added_in_layer[li];
  const auto mine = v.in_layer.find(l);
  in.element_share =
      ratio(vendor_in_layer(*ctx.index, vendor, l) + (mine == v.in_layer.end() ? 0 : mine->second), layer_after);
  in.subscriber_share = ratio(existing.value_or(0) + v.subscribers, totals->subscribers + added_subscribers);
  return in;
}

// One part weighed at a scale (judged by `scale_for` from the part's reach).
template <typename ScaleFor>
part_weighing weigh_at(const risk::knowledge& k, const weighing_spec& spec, const risk::likelihood_reading& lk,
                       const part_key& key, std::uint64_t count, ScaleFor scale_for) {
  part_weighing p;
  p.fn = key.fn;
  p.serves_5g = key.g5;
  p.count = count;
  p.crit = risk::criticality_of(k, spec.model, key.fn, key.g5);
  p.scale = scale_for(p.crit.entry->network_reach);
  p.impact = risk::impact_of(p.crit.lvl, p.scale.s);
  if (!lk.weighable) {
    p.dec = decision::risk_to_address;  // nothing to weigh: the agency needs the vendor's profile
    return p;
  }
  p.score = risk::score(lk.lvl, p.impact);
  p.risk = risk::risk_level(p.score);
  p.dec = spec.decision_for(p.score);
  return p;
}

part_weighing weigh_part(const context& ctx, const weighing_spec& spec, const risk::likelihood_reading& lk,
                         const part_key& key, std::uint64_t count, const risk::scale_input& in) {
  return weigh_at(*ctx.knowledge, spec, lk, key, count,
                  [&](bool reach) { return risk::scale_of(spec.model.scales, reach, in); });
}

level level_of(decision d) {
  return d == decision::significant_risk  ? level::significant
         : d == decision::risk_to_address ? level::risk
                                          : level::info;
}

}  // namespace

namespace {

// The change's additions by vendor, less what complete rules answer, and
// the change's totals the scale needs.
struct change_by_vendor {
  std::map<std::string_view, vendor_change> vendors;
  std::uint64_t added_subscribers = 0;
  std::array<std::uint64_t, model::kLayerCount> added_in_layer{};
};

change_by_vendor by_vendor(const rule& r, const context& ctx, const change& ch) {
  change_by_vendor out;
  for (const auto& it : ch.items) {
    if (!it.added) {
      continue;
    }
    out.added_subscribers += it.subscribers;
    ++out.added_in_layer[static_cast<std::size_t>(model::layer_of(it.facts.fn))];
    if (!covers(r.covers, it.facts)) {
      continue;
    }
    auto& v = out.vendors[it.vendor_name];
    if (const rule* by = complete_answer(r, ctx, it.facts)) {
      ++v.answered[by];
      continue;
    }
    add_item(v, it);
  }
  return out;
}

// One vendor's weighing and finding.
finding weigh_vendor(const rule& r, const context& ctx, const change_by_vendor& c, const network_totals* totals,
                     std::string_view name, const vendor_change& v) {
  const weighing_spec& spec = *r.weighing;
  auto w = std::make_shared<vendor_weighing>();
  w->vendor = std::string(name);
  w->spec = &spec;
  w->answered_by.assign(v.answered.begin(), v.answered.end());
  finding f = make_finding(r, finding_mode::assessment, finding_kind::weighed, level::info);
  if (!v.items.empty()) {
    w->likelihood = risk::weigh_likelihood(
        *ctx.knowledge, spec.model,
        risk::likelihood_query{w->vendor, ctx.today, std::string(ctx.deciding), std::string(ctx.exclude_decision)});
    std::optional<std::uint64_t> existing;
    if (ctx.dependency != nullptr && *ctx.dependency && totals != nullptr) {
      existing = (*ctx.dependency)(name);
    }
    for (const auto& [key, count] : v.parts) {
      const auto in = scale_input_for(ctx, totals, name, v, model::layer_of(key.fn), c.added_subscribers,
                                      c.added_in_layer, existing);
      w->parts.push_back(weigh_part(ctx, spec, w->likelihood, key, count, in));
    }
    std::stable_sort(w->parts.begin(), w->parts.end(), [](const part_weighing& a, const part_weighing& b) {
      return a.dec != b.dec ? a.dec < b.dec : a.score > b.score;
    });
    f.lvl = level_of(w->parts.front().dec);
    grouper g(ctx.examples);
    for (const auto* it : v.items) {
      const auto& e = it->facts;
      const bool example = g.wants_examples(it->vendor_name, e.fn, e.region);
      g.add(it->vendor_name, e.fn, e.region, 1, example ? it->id : std::string_view{}, "added");
    }
    g.into(f, ctx.max_groups);
  }
  f.weighing = std::move(w);
  return f;
}

}  // namespace

void assess_weigh(const rule& r, const context& ctx, change& ch, std::vector<finding>& out) {
  if (ctx.knowledge == nullptr || !r.weighing) {
    return;
  }
  const change_by_vendor c = by_vendor(r, ctx, ch);
  std::optional<network_totals> totals;
  if (ctx.index != nullptr && !c.vendors.empty()) {
    totals = totals_of(*ctx.index);
  }
  for (const auto& [name, v] : c.vendors) {
    out.push_back(weigh_vendor(r, ctx, c, totals ? &*totals : nullptr, name, v));
  }
}

}  // namespace netvet::policy::detail

namespace netvet::policy {

weighed_case weigh_case(const weighing_spec& spec, const risk::knowledge& k, const case_query& q) {
  weighed_case out;
  out.likelihood =
      risk::weigh_likelihood(k, spec.model, risk::likelihood_query{q.vendor, q.as_of, q.deciding, q.exclude_decision});
  out.part = detail::weigh_at(k, spec, out.likelihood, detail::part_key{q.fn, q.serves_5g}, 1, [&](bool reach) {
    risk::scale_reading r;
    r.s = reach ? risk::scale::national : q.at;
    r.by_reach = reach;
    return r;
  });
  return out;
}

}  // namespace netvet::policy
