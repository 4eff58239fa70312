// The sentences of findings (report.h `summary`): every word a finding
// prints is written here, from the figures an evaluator measured.
#include <cstdio>

#include "netvet/core/assert.h"
#include "netvet/core/text.h"
#include "netvet/policy/report.h"

namespace netvet::policy {
namespace {

std::string count_text(std::uint64_t n, std::string_view one, std::string_view many) {
  return report::thousands(static_cast<std::int64_t>(n)) + " " + std::string(n == 1 ? one : many);
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

std::string region_of(const cap_figures& fig) { return fig.region.empty() ? "" : "region " + fig.region + " of "; }

std::string not_yet_sentence(const finding& f) {
  NETVET_ASSERT(f.deadline.has_value(), "a not-yet-in-force finding carries the rule's `from` date");
  const bool audit = f.mode == finding_mode::audit;
  return "From " + format_date(*f.deadline) + " (in " + count_text(static_cast<std::uint64_t>(f.days), "day", "days") +
         ") this rule will " + (audit ? "concern " : "also concern ") +
         count_text(f.element_total, "element", "elements") + (audit ? " of the network." : " the proposal adds.");
}

std::string prohibited_sentence(const finding& f) {
  const rule& r = *f.r;
  if (f.mode == finding_mode::assessment) {
    return "The proposal adds " + count_text(f.element_total, "element", "elements") +
           " of a kind this rule stands against: " + r.covers.describe() + ".";
  }
  if (r.covers.deploy == deployment::new_) {
    NETVET_ASSERT(r.dates.from.has_value(), "every loaded rule has a `from` date (the loader requires one)");
    return count_text(f.element_total, "element was", "elements were") + " installed on or after " +
           format_date(*r.dates.from) + " although this rule stands against new " + r.covers.describe() + ".";
  }
  return count_text(f.element_total, "element", "elements") + " of " + r.covers.describe() +
         " are in the network although this rule stands against them.";
}

std::string allowed_sentence(const finding& f) {
  const std::string conditions = join(f.r->conditions, "; ");
  if (f.mode == finding_mode::assessment) {
    return "The proposal adds " + count_text(f.element_total, "element", "elements") +
           " that may be used only under conditions: " + conditions + ".";
  }
  return count_text(f.element_total, "element is", "elements are") + " allowed only under conditions: " + conditions +
         ".";
}

std::string cap_sentence(const finding& f) {
  NETVET_ASSERT(f.cap.has_value(), "a cap finding carries its figures");
  const cap_figures& fig = *f.cap;
  const std::string verdict = std::string(f.kind == finding_kind::cap_exceeded ? "above" : "within") + " the " +
                              percent_value(fig.max_percent) + " cap.";
  const std::string basis(to_string(fig.basis));
  if (f.mode == finding_mode::assessment) {
    return "The covered vendors' share of " + region_of(fig) + "the capped part, counted in " + basis + ", would be " +
           percent(fig.after_share()) + " after the change (" + percent(fig.before_share()) + " before): " + verdict;
  }
  return "The covered vendors hold " + percent(fig.before_share()) + " of " + region_of(fig) +
         "the capped part, counted in " + basis + ": " + verdict;
}

std::string removal_sentence(const finding& f) {
  NETVET_ASSERT(f.ms != nullptr, "a removal finding points at its milestone");
  const milestone& m = *f.ms;
  const std::string when = format_date(m.by) + " (" + days_text(f.days) + ")";
  if (f.mode == finding_mode::assessment) {
    if (f.cap) {
      return "The proposal adds " + count_text(f.element_total, "covered element", "covered elements") +
             ", taking the covered share to " + percent(f.cap->after_share()) + " (" + percent(f.cap->before_share()) +
             " before), above the " + percent_value(f.cap->max_percent) + " allowed by " + when + ".";
    }
    return "The proposal adds " + count_text(f.element_total, "element", "elements") + " that must be removed by " +
           when + ": " + m.title + ".";
  }
  if (f.cap) {
    return "The covered vendors hold " + percent(f.cap->before_share()) + " counted in " +
           std::string(to_string(f.cap->basis)) + "; at most " + percent_value(f.cap->max_percent) + " by " + when +
           ": " + m.title + ".";
  }
  return count_text(f.element_total, "element", "elements") + " to be removed by " + when + ": " + m.title + ".";
}

std::string likelihood_phrase(const vendor_weighing& w) {
  const auto& lk = w.likelihood;
  if (lk.known) {
    return std::string(risk::describe(lk.lvl)) + " (" +
           count_text(static_cast<std::uint64_t>(lk.points), "point", "points") + " on " +
           count_text(static_cast<std::uint64_t>(lk.factors_weighed), "factor", "factors") + ")";
  }
  const std::string why = "unknown (" + std::string(lk.profiled ? "too few sourced facts" : "no sourced profile") + ")";
  if (!lk.weighable) {
    return why + ", which the settings do not treat as a level: it cannot be weighed";
  }
  return why + ", treated as " + std::string(risk::describe(lk.lvl));
}

std::string part_name(const part_weighing& p) {
  return std::string(model::to_string(p.fn)) + (p.serves_5g ? " (5G)" : "");
}

std::string weighed_sentence(const finding& f) {
  NETVET_ASSERT(f.weighing != nullptr, "a weighed finding carries its weighing");
  const vendor_weighing& w = *f.weighing;
  if (w.parts.empty()) {
    std::uint64_t n = 0;
    for (const auto& [r, k] : w.answered_by) {
      n += k;
    }
    return "The proposal's " + count_text(n, w.vendor + " element", w.vendor + " elements") +
           " are answered by a rule that is its regime's complete answer for them: not weighed further.";
  }
  const part_weighing& p = w.parts.front();
  if (!w.likelihood.weighable) {
    return "Nothing sourced is known of " + w.vendor +
           " to weigh, and the pack does not treat an unknown likelihood as a level: the agency needs the vendor's "
           "profile before it can decide (" +
           count_text(f.element_total, "element", "elements") + ").";
  }
  return "Weighed: " + w.vendor + "'s likelihood is " + likelihood_phrase(w) + "; its " +
         count_text(p.count, "element", "elements") + " in " + part_name(p) + " would have " +
         std::string(risk::describe(p.impact)) + " impact (criticality " + std::string(risk::to_string(p.crit.lvl)) +
         ", scale " + std::string(risk::to_string(p.scale.s)) + "): risk " +
         std::to_string(risk::rank(w.likelihood.lvl)) + " x " + std::to_string(risk::rank(p.impact)) + " = " +
         std::to_string(p.score) + ", " + std::string(risk::describe(p.risk)) + ", which the pack reads as " +
         std::string(to_string(p.dec)) + ".";
}

std::string fact_line(const risk::fact& x) {
  std::string out = x.text.empty() ? std::string("(no text)") : x.text;
  if (x.from) {
    out += " (from " + format_date(*x.from) + ")";
  }
  if (x.until) {
    out += " (until " + format_date(*x.until) + ")";
  }
  out += " [" + std::string(to_string(x.conf)) + (x.sources.empty() ? "" : ": " + join(x.sources, ", ")) + "]";
  if (!x.weighable()) {
    out += " -- shown, not weighed";
  } else if (x.kind == risk::fact_kind::level && !x.value) {
    out += " -- shown, no level";
  }
  return out;
}

std::string criticality_text(const part_weighing& p) {
  return std::string(risk::to_string(p.crit.lvl)) + " (" + p.crit.entry->part + " rated " +
         std::string(risk::to_string(p.crit.entry->lvl)) + (p.crit.entry->own ? ", netvet's own level" : "") + " [" +
         std::string(to_string(p.crit.entry->conf)) + ": " + join(p.crit.entry->sources, ", ") + "]" +
         (p.crit.overridden ? "; this pack rates it " + p.crit.override_text : "") +
         (p.crit.raised_in_5g ? "; raised in 5G, where the core/edge boundary no longer holds" : "") + ")";
}

// "; risk 3 x 3 = 9 (high) -> significant_risk (the pack: ...)", or why it is not weighed.
std::string risk_text(const vendor_weighing& w, const part_weighing& p) {
  if (p.score == 0) {
    return "; not weighed: the likelihood is unknown -> risk_to_address";
  }
  return "; risk " + std::to_string(risk::rank(w.likelihood.lvl)) + " x " + std::to_string(risk::rank(p.impact)) +
         " = " + std::to_string(p.score) + " (" + std::string(risk::describe(p.risk)) + ") -> " +
         std::string(to_string(p.dec)) + " (the pack: significant_risk from " + std::to_string(w.spec->significant_at) +
         ", risk_to_address from " + std::to_string(w.spec->address_at) + ")";
}

}  // namespace

namespace {

// One factor's heading and its facts.
void factor_lines(const vendor_weighing& w, const risk::factor_reading& r, std::vector<std::string>& out) {
  const std::string name = std::string(risk::code_of(r.f)) + " " + std::string(risk::to_string(r.f));
  std::string head = name + (r.value ? " = " + std::to_string(*r.value) : std::string(" not known")) +
                     (r.weight > 1 ? " x weight " + std::to_string(r.weight) : "") +
                     (r.weight == 0 ? " (this pack does not weigh it)" : "");
  if (r.f == risk::factor::designations) {
    head += r.by.empty() ? ": no other government's restriction found"
                         : ": restricted by " + join(r.by, ", ") + " (the deciding jurisdiction's own are rules)";
  } else if (r.from_subject != w.vendor) {
    head += " (from the home state, " + r.from_subject + ")";
  }
  out.push_back(head);
  for (const auto* x : r.facts) {
    out.push_back("  - " + fact_line(*x));
  }
}

}  // namespace

std::vector<std::string> likelihood_lines(const vendor_weighing& w) {
  std::vector<std::string> out;
  const auto& lk = w.likelihood;
  const auto& s = w.spec->model;
  out.push_back("Likelihood of " + w.vendor + ": " + likelihood_phrase(w) + ". Thresholds (points): moderate " +
                std::to_string(s.moderate_at) + ", high " + std::to_string(s.high_at) + ", very high " +
                std::to_string(s.very_high_at) + "; netvet's scale, not a published one.");
  if (lk.home_fact != nullptr) {
    out.push_back("Home state: " + lk.home + " -- " + fact_line(*lk.home_fact));
  }
  std::vector<std::string> unknown;
  std::vector<std::string> unweighed;
  for (const auto& r : lk.factors) {
    const std::string name = std::string(risk::code_of(r.f)) + " " + std::string(risk::to_string(r.f));
    if (r.weight == 0) {
      unweighed.push_back(name);
    } else if (!r.value) {
      unknown.push_back(name);
    }
    if (r.value || !r.facts.empty()) {
      factor_lines(w, r, out);
    }
  }
  if (!unknown.empty()) {
    out.push_back("Not known on the date (no sourced fact): " + join(unknown, ", ") + ".");
  }
  if (!unweighed.empty()) {
    out.push_back("Not weighed by this pack: " + join(unweighed, ", ") + ".");
  }
  for (const auto* x : lk.set_aside) {
    out.push_back("Set aside (it reports the decision being reproduced): " + fact_line(*x));
  }
  return out;
}

std::vector<std::string> part_lines(const vendor_weighing& w) {
  std::vector<std::string> out;
  for (const auto& p : w.parts) {
    const std::string crit = criticality_text(p);
    std::string sc = std::string(risk::to_string(p.scale.s));
    if (p.scale.by_reach) {
      sc += " (a part that serves the whole network)";
    } else if (p.scale.in.has_network) {
      sc += " (after the change " + percent(p.scale.in.subscriber_share) + " of subscribers and " +
            percent(p.scale.in.element_share) + " of the layer's elements would ride on " + w.vendor + ")";
    } else {
      sc += " (the proposal alone: " + count_text(p.scale.in.cells, "cell or element", "cells or elements") + ", " +
            count_text(p.scale.in.subscribers, "subscriber", "subscribers") + ")";
    }
    const std::string line = part_name(p) + ", " + count_text(p.count, "element", "elements") + ": criticality " +
                             crit + "; scale " + sc + "; impact " + std::string(risk::describe(p.impact)) +
                             risk_text(w, p);
    out.push_back(line + ".");
  }
  for (const auto& [r, n] : w.answered_by) {
    out.push_back(count_text(n, "element is", "elements are") + " left to " + r->id +
                  ", the regime's complete answer for what it covers.");
  }
  return out;
}

std::vector<std::string> explain_lines(const audit_explanation& x, std::size_t finding) {
  std::vector<std::string> out;
  if (finding >= x.findings.size()) {
    return out;
  }
  for (const auto& g : x.findings[finding]) {
    const vendor_weighing& w = *g.likelihood;
    const part_weighing& p = g.part;
    const std::string gens(model::to_string(g.gens));
    std::string sc = std::string(risk::to_string(p.scale.s));
    if (p.scale.by_reach) {
      sc += " (a part that serves the whole network)";
    } else {
      sc += " (" + g.vendor + " holds " + percent(p.scale.in.element_share) + " of the " +
            std::string(model::to_string(model::layer_of(g.fn))) +
            " layer's elements: " + report::thousands(static_cast<std::int64_t>(g.vendor_in_layer)) + " of " +
            report::thousands(static_cast<std::int64_t>(g.layer_total)) + ")";
    }
    out.push_back(g.vendor + " " + std::string(model::to_string(g.fn)) + (gens.empty() ? "" : " (" + gens + ")") +
                  ", " + count_text(g.count, "element", "elements") + ": likelihood " + likelihood_phrase(w) +
                  "; criticality " + criticality_text(p) + "; scale " + sc + "; impact " +
                  std::string(risk::describe(p.impact)) + risk_text(w, p) + ".");
  }
  return out;
}

std::string precedent_line(const precedent_match& m) {
  const precedent& p = *m.p;
  std::string parts;
  for (const auto f : p.parts) {
    parts += (parts.empty() ? "" : ", ") + std::string(model::to_string(f));
  }
  return p.jurisdiction + " " + p.when + ", " + p.operator_name + ": " + p.vendor + " in " + parts +
         (p.gen == model::generation::any ? "" : " (" + std::string(model::to_string(p.gen)) + ")") + " -> " +
         std::string(to_string(p.outcome)) + " (" + p.id + ", [" + std::string(to_string(p.conf)) + ": " +
         join(p.sources, ", ") + "]). Compared with " + m.compared + ", weighed " + std::string(to_string(m.ours)) +
         ": " + (m.agrees ? "the same outcome" : "a different outcome") +
         (m.differs_in.empty() ? " for the same case." : "; the cases differ in " + join(m.differs_in, ", ") + ".");
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

namespace {

// Whom a rule binds, when it binds only named operators.
std::string binds_only(const rule& r) {
  return r.operators.empty() ? std::string() : " The rule binds only " + join(r.operators, ", ") + ".";
}

std::string disguised_sentence(const finding& f) {
  std::string names;
  for (const auto& d : f.disguised) {
    names += (names.empty() ? "" : "; ") + d.vendor + " as '" + d.spelling + "' (" +
             count_text(d.count, "element", "elements") + "), which matches only after folding " + d.why.describe();
  }
  return "The change writes " + names +
         ". A vendor name written so that it escapes matching is itself a warning sign; the elements are assessed "
         "as the vendor they spell.";
}

std::string sentence(const finding& f) {
  switch (f.kind) {
    case finding_kind::not_yet_in_force:
      return not_yet_sentence(f);
    case finding_kind::notification_required:
      return "The change adds or removes " + count_text(f.element_total, "element", "elements") + " in " +
             f.r->covers.describe_parts() + ": it must be notified before it is made.";
    case finding_kind::prohibited:
      return prohibited_sentence(f);
    case finding_kind::allowed_with_conditions:
      return allowed_sentence(f);
    case finding_kind::cap_exceeded:
    case finding_kind::within_cap:
      return cap_sentence(f);
    case finding_kind::removal_due:
    case finding_kind::removal_overdue:
      return removal_sentence(f);
    case finding_kind::weighed:
      return weighed_sentence(f);
    case finding_kind::disguised_vendor_name:
      return disguised_sentence(f);
  }
  NETVET_ASSERT(false, "every finding kind is worded above");
  return {};
}

}  // namespace

std::string summary(const finding& f) { return sentence(f) + binds_only(*f.r); }

}  // namespace netvet::policy
