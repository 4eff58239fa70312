// The weighing shown on its own (explain.h): a profile on a date, and the
// elements of an audit's findings weighed as the pack's weigh rule would.
#include "netvet/policy/explain.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "netvet/policy/coverage.h"

namespace netvet::policy {
namespace {

// The weigh rule's settings, or the defaults.
const weighing_spec& spec_of(const rule* weigh) {
  return weigh != nullptr && weigh->weighing ? *weigh->weighing : default_weighing();
}

const rule* weigh_rule_of(const pack* p) {
  const rule* r = p == nullptr ? nullptr : p->weigh_rule();
  return r != nullptr && r->weighing ? r : nullptr;
}

vendor_weighing likelihood_of(const risk::knowledge& k, const weighing_spec& spec, const std::string& vendor,
                              date as_of, const std::string& deciding) {
  vendor_weighing w;
  w.vendor = vendor;
  w.spec = &spec;
  w.likelihood = risk::weigh_likelihood(k, spec.model, risk::likelihood_query{vendor, as_of, deciding, {}});
  return w;
}

// What a finding concerns in the network, as its evaluator selected it
// (effects.cpp): a milestone's narrower parts, a per-region cap's region,
// and for rules on new equipment only what was installed since their `from`.
struct finding_scope {
  coverage c;
  std::optional<date> since;
};
finding_scope scope_of(const finding& f) {
  finding_scope s{f.ms != nullptr ? narrowed(*f.r, *f.ms) : f.r->covers, std::nullopt};
  if (f.cap && f.ms == nullptr && !f.cap->region.empty()) {
    s.c.regions = {f.cap->region};
  }
  const bool installed_base = f.kind == finding_kind::prohibited || f.kind == finding_kind::allowed_with_conditions;
  if (installed_base && f.r->covers.deploy == deployment::new_) {
    s.since = f.r->dates.from;
  }
  return s;
}

// Elements by layer, in total and by vendor (display name), once per audit.
struct layer_counts {
  std::array<std::uint64_t, model::kLayerCount> total{};
  std::map<std::pair<std::string_view, model::layer>, std::uint64_t> by_vendor;
};
layer_counts count_layers(const network_index& index) {
  layer_counts out;
  const auto& vendors = index.net().vendors();
  for (const auto& g : index.groups()) {
    const auto l = model::layer_of(g.fn);
    out.total[static_cast<std::size_t>(l)] += g.elements;
    out.by_vendor[{vendors[g.vendor].name, l}] += g.elements;
  }
  return out;
}

double ratio(std::uint64_t a, std::uint64_t b) {
  return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

}  // namespace

const weighing_spec& default_weighing() {
  static const weighing_spec kDefaults{};  // immutable: no state shared between callers
  return kDefaults;
}

vendor_profile read_profile(const risk::knowledge& k, const std::string& vendor, date as_of, const pack* p) {
  vendor_profile out;
  out.as_of = as_of;
  out.p = p;
  out.weigh = weigh_rule_of(p);
  out.deciding = p == nullptr ? std::string() : p->jurisdiction;
  out.weighing = likelihood_of(k, spec_of(out.weigh), vendor, as_of, out.deciding);
  std::set<std::string, std::less<>> seen;
  const auto cite = [&](const risk::fact* x) {
    for (const auto& id : x->sources) {
      if (!seen.insert(id).second) {
        continue;
      }
      if (const auto* s = k.find_source(id)) {
        out.sources.push_back(s);
      } else {
        out.missing_sources.push_back(id);
      }
    }
  };
  const auto& lk = out.weighing.likelihood;
  if (lk.home_fact != nullptr) {
    cite(lk.home_fact);
  }
  for (const auto& r : lk.factors) {
    for (const auto* x : r.facts) {
      cite(x);
    }
  }
  return out;
}

audit_explanation explain(const audit_result& a, const pack& p, const network_index& index, const risk::knowledge& k) {
  audit_explanation out;
  out.weigh = weigh_rule_of(&p);
  out.spec = &spec_of(out.weigh);
  const weighing_spec& spec = *out.spec;
  const layer_counts layers = count_layers(index);
  const auto& vendors = index.net().vendors();
  out.findings.reserve(a.findings.size());
  for (const auto& f : a.findings) {
    const finding_scope s = scope_of(f);
    using key = std::tuple<std::string_view, model::function, std::uint8_t>;
    std::map<key, std::uint64_t> counts;
    for (const auto& cg : covered_groups(index, s.c, s.since)) {
      counts[key{vendors[cg.group->vendor].name, cg.group->fn, cg.group->gens.bits()}] += cg.count;
    }
    std::vector<group_weighing> groups;
    for (const auto& [kk, n] : counts) {
      const auto& [vendor, fn, bits] = kk;
      auto it = out.vendors.find(vendor);
      if (it == out.vendors.end()) {
        it = out.vendors
                 .emplace(std::string(vendor), likelihood_of(k, spec, std::string(vendor), a.as_of, p.jurisdiction))
                 .first;
      }
      const vendor_weighing& w = it->second;
      group_weighing g;
      g.vendor = std::string(vendor);
      g.fn = fn;
      g.gens = model::generation_set::from_bits(bits);
      g.count = n;
      const auto l = model::layer_of(fn);
      const auto mine = layers.by_vendor.find({vendor, l});
      g.vendor_in_layer = mine == layers.by_vendor.end() ? 0 : mine->second;
      g.layer_total = layers.total[static_cast<std::size_t>(l)];
      g.likelihood = &w;
      part_weighing& pw = g.part;
      pw.fn = fn;
      pw.serves_5g = g.gens.contains(model::generation::g5);
      pw.count = n;
      pw.crit = risk::criticality_of(k, spec.model, fn, pw.serves_5g);
      risk::scale_input in;
      in.has_network = true;
      in.element_share = ratio(g.vendor_in_layer, g.layer_total);
      pw.scale = risk::scale_of(spec.model.scales, pw.crit.entry->network_reach, in);
      pw.impact = risk::impact_of(pw.crit.lvl, pw.scale.s);
      if (w.likelihood.weighable) {
        pw.score = risk::score(w.likelihood.lvl, pw.impact);
        pw.risk = risk::risk_level(pw.score);
        pw.dec = spec.decision_for(pw.score);
      } else {
        pw.dec = decision::risk_to_address;  // as the weigh rule reads it: the agency needs the profile
      }
      groups.push_back(std::move(g));
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const group_weighing& x, const group_weighing& y) { return x.count > y.count; });
    out.findings.push_back(std::move(groups));
  }
  return out;
}

}  // namespace netvet::policy
