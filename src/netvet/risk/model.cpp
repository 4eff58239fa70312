#include "netvet/risk/model.h"

#include <algorithm>
#include <set>

namespace netvet::risk {
namespace {

constexpr std::string_view kStatePrefix = "state:";

// The home state on the date, from the vendor's weighable home facts.
const fact* home_fact(std::span<const fact> facts, date d) {
  const fact* out = nullptr;
  for (const auto& x : facts) {
    if (x.kind == fact_kind::home && x.on(d) && x.weighable()) {
      out = &x;
    }
  }
  return out;
}

// Home-state factors: a vendor's own facts first, else its home state's.
bool is_state_factor(factor f) {
  return f == factor::compulsion || f == factor::rule_of_law || f == factor::agreements;
}

// Level facts of `f` in force on the date into `r` (value: the highest weighable).
void read_level(std::span<const fact> facts, factor f, const likelihood_query& q, factor_reading& r,
                std::vector<const fact*>& set_aside) {
  for (const auto& x : facts) {
    if (x.kind != fact_kind::level || x.f != f || !x.on(q.as_of)) {
      continue;
    }
    if (!q.exclude_decision.empty() && x.decision == q.exclude_decision) {
      set_aside.push_back(&x);
      continue;
    }
    r.facts.push_back(&x);
    if (x.value && x.weighable()) {
      r.value = std::max(r.value.value_or(0), *x.value);
    }
  }
}

// L9: distinct jurisdictions other than the deciding one that designated
// the vendor on or before the date; known when the profile was reviewed.
void read_designations(std::span<const fact> facts, const likelihood_query& q, factor_reading& r,
                       std::vector<const fact*>& set_aside) {
  bool reviewed = false;
  std::set<std::string> by;
  for (const auto& x : facts) {
    if (x.kind == fact_kind::reviewed && x.weighable()) {
      reviewed = true;
    }
    if (x.kind != fact_kind::designation || !x.on(q.as_of)) {
      continue;
    }
    if (!q.exclude_decision.empty() && x.decision == q.exclude_decision) {
      set_aside.push_back(&x);
      continue;
    }
    if (!x.country.empty() && x.country == q.deciding) {
      continue;  // the deciding jurisdiction's own restrictions are its rules, not corroboration
    }
    r.facts.push_back(&x);
    if (x.weighable() && !x.country.empty()) {
      by.insert(x.country);
    }
  }
  r.by.assign(by.begin(), by.end());
  if (reviewed || !by.empty()) {
    r.value = by.empty() ? 0 : (by.size() == 1 ? 1 : 2);
  }
}

// One factor on the date: the vendor's own facts, else (L1-L3) its home state's.
factor_reading read_factor(factor f, std::span<const fact> own, const std::string& state,
                           std::span<const fact> state_facts, const likelihood_query& q,
                           std::vector<const fact*>& set_aside) {
  factor_reading r;
  r.f = f;
  r.from_subject = q.vendor;
  if (f == factor::designations) {
    read_designations(own, q, r, set_aside);
    return r;
  }
  read_level(own, f, q, r, set_aside);
  if (!r.value && is_state_factor(f) && !state.empty()) {
    factor_reading st;
    read_level(state_facts, f, q, st, set_aside);
    if (!st.facts.empty()) {
      r.value = st.value;
      r.facts.insert(r.facts.end(), st.facts.begin(), st.facts.end());
      r.from_subject = state;
    }
  }
  return r;
}

}  // namespace

likelihood_reading weigh_likelihood(const knowledge& k, const settings& s, const likelihood_query& q) {
  likelihood_reading out;
  const auto own = k.facts_of(q.vendor);
  out.profiled = !own.empty();
  out.home_fact = home_fact(own, q.as_of);
  if (out.home_fact) {
    out.home = out.home_fact->country;
  }
  const std::string state = out.home.empty() ? std::string() : std::string(kStatePrefix) + out.home;
  const auto state_facts = state.empty() ? std::span<const fact>{} : k.facts_of(state);
  for (std::size_t i = 0; i < kFactorCount; ++i) {
    factor_reading r = read_factor(static_cast<factor>(i), own, state, state_facts, q, out.set_aside);
    r.weight = s.weights[i];
    if (r.weighed()) {
      out.points += r.points();
      ++out.factors_weighed;
    }
    out.factors.push_back(std::move(r));
  }
  out.known = out.factors_weighed >= std::max(1, s.min_factors);
  if (out.known) {
    out.lvl = out.points >= s.very_high_at  ? level::very_high
              : out.points >= s.high_at     ? level::high
              : out.points >= s.moderate_at ? level::moderate
                                            : level::low;
  } else if (s.unknown_as) {
    out.lvl = *s.unknown_as;
  } else {
    out.weighable = false;
  }
  return out;
}

criticality_reading criticality_of(const knowledge& k, const settings& s, model::function fn, bool serves_5g) {
  criticality_reading out;
  out.entry = &k.rating_of(fn);
  criticality base = out.entry->lvl;
  std::optional<criticality> in_5g = out.entry->in_5g;
  // An override of the function wins over one of its category.
  auto it = s.criticality.find(model::to_string(fn));
  if (it == s.criticality.end()) {
    it = s.criticality.find(model::to_string(model::category_of(fn)));
    // A category override does not reach a function rated on its own.
    if (it != s.criticality.end() && out.entry->part == model::to_string(fn)) {
      it = s.criticality.end();
    }
  }
  if (it != s.criticality.end()) {
    out.overridden = true;
    base = it->second.lvl;
    in_5g = it->second.in_5g;
    out.override_text = it->second.text;
  }
  out.lvl = base;
  if (serves_5g && in_5g && rank(*in_5g) > rank(base)) {
    out.lvl = *in_5g;
    out.raised_in_5g = true;
  }
  return out;
}

scale_reading scale_of(const scale_settings& s, bool network_reach, const scale_input& in) {
  scale_reading out;
  out.in = in;
  if (network_reach) {
    out.by_reach = true;
    out.s = scale::national;
    return out;
  }
  if (in.has_network) {
    const double share = std::max(in.subscriber_share, in.element_share);
    out.s = share >= s.national_share ? scale::national : share >= s.regional_share ? scale::regional : scale::local;
    return out;
  }
  if (in.cells >= s.national_cells || in.subscribers >= s.national_subscribers) {
    out.s = scale::national;
  } else if (in.cells >= s.regional_cells || in.subscribers >= s.regional_subscribers) {
    out.s = scale::regional;
  } else {
    out.s = scale::local;
  }
  return out;
}

level impact_of(criticality c, scale s) {
  const int lowered = s == scale::national ? 0 : s == scale::regional ? 1 : 2;
  const int r = std::max(1, rank(c) - lowered);
  return static_cast<level>(r - 1);
}

int score(level likelihood, level impact) { return rank(likelihood) * rank(impact); }

level risk_level(int score) {
  return score >= 16 ? level::very_high : score >= 9 ? level::high : score >= 6 ? level::moderate : level::low;
}

}  // namespace netvet::risk
