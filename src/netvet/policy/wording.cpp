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

}  // namespace

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
  }
  NETVET_ASSERT(false, "every finding kind is worded above");
  return {};
}

}  // namespace

std::string summary(const finding& f) { return sentence(f) + binds_only(*f.r); }

}  // namespace netvet::policy
