#include "netvet/policy/report.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "netvet/core/text.h"

namespace netvet::policy {
namespace {

using report::cell;
using report::column_type;
using report::document;
using report::fact;
using report::table;

std::string thousands(std::uint64_t n) { return report::thousands(static_cast<std::int64_t>(n)); }

std::string date_or_empty(const std::optional<date>& d) { return d ? format_date(*d) : std::string(); }

nlohmann::json source_json(const source& s) {
  nlohmann::json j = nlohmann::json::object();
  j["instrument"] = s.instrument;
  j["section"] = s.section;
  j["date"] = s.day ? nlohmann::json(format_date(*s.day)) : nlohmann::json(nullptr);
  j["url"] = s.url;
  return j;
}

nlohmann::json policy_json(const pack& p) {
  return nlohmann::json{
      {"id", p.id}, {"name", p.name}, {"jurisdiction", p.jurisdiction}, {"version", p.version}, {"extends", p.extends}};
}

// Word-wraps `text` at `width`, each line prefixed with `indent`.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent, std::string_view first = {}) {
  std::string out;
  std::string line(first.empty() ? indent : first);
  const std::size_t base = line.size();
  std::size_t used = base;
  bool empty_line = true;
  for (const auto word : split(text, ' ')) {
    if (word.empty()) {
      continue;
    }
    if (!empty_line && used + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent);
      used = indent.size();
      empty_line = true;
    }
    if (!empty_line) {
      line += ' ';
      ++used;
    }
    line.append(word);
    used += word.size();
    empty_line = false;
  }
  out += line + "\n";
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = c == '_' ? ' ' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return out;
}

std::string group_line(const element_group_count& g) {
  std::string s =
      (g.change.empty() ? std::string() : g.change + ": ") + g.vendor + " " + std::string(model::to_string(g.fn));
  if (!g.region.empty()) {
    s += " in " + g.region;
  }
  s += ": " + thousands(g.count);
  if (!g.examples.empty()) {
    s += " (" + join(g.examples, ", ") + (g.count > g.examples.size() ? ", ..." : "") + ")";
  }
  return s;
}
// A table named `name` with `columns` and no rows yet.
table make_table(std::string name, std::string title, std::vector<report::column> columns) {
  table t;
  t.name = std::move(name);
  t.title = std::move(title);
  t.columns = std::move(columns);
  return t;
}

// Adds `t` to `d` unless it has no rows.
void add_if_rows(document& d, table t) {
  if (!t.rows.empty()) {
    d.tables.push_back(std::move(t));
  }
}

table findings_table(const std::vector<finding>& fs) {
  table t = make_table("findings", "Findings",
                       {{"level", column_type::text, "info, risk or significant (--fail-on)"},
                        {"rule", column_type::text, "rule id"},
                        {"kind", column_type::text, "what the finding says"},
                        {"elements", column_type::integer, "elements concerned"},
                        {"deadline", column_type::text, "milestone or entry-into-force date"},
                        {"days", column_type::integer, "days left (negative: overdue)"},
                        {"source", column_type::text, "legal source"}});
  for (const auto& f : fs) {
    t.add_row({std::string(to_string(f.lvl)), f.r->id, std::string(to_string(f.kind)),
               static_cast<std::int64_t>(f.element_total), date_or_empty(f.deadline),
               f.deadline ? cell(static_cast<std::int64_t>(f.days)) : cell(std::monostate{}), f.r->src.cite()});
  }
  return t;
}

table elements_table(const std::vector<finding>& fs) {
  table t = make_table("elements", "Elements concerned",
                       {{"rule"},
                        {"change", column_type::text, "added or removed (assess)"},
                        {"vendor"},
                        {"function"},
                        {"region"},
                        {"count", column_type::integer},
                        {"examples"}});
  for (const auto& f : fs) {
    for (const auto& g : f.elements) {
      t.add_row({f.r->id, g.change, g.vendor, std::string(model::to_string(g.fn)), g.region,
                 static_cast<std::int64_t>(g.count), join(g.examples, " ")});
    }
  }
  return t;
}

table caps_table(const std::vector<finding>& fs) {
  table t = make_table("caps", "Caps: share before and after against the cap",
                       {{"rule"},
                        {"region"},
                        {"counted_in"},
                        {"before", column_type::percent},
                        {"after", column_type::percent},
                        {"cap", column_type::percent},
                        {"covered_after", column_type::integer},
                        {"total_after", column_type::integer}});
  for (const auto& f : fs) {
    if (!f.cap) {
      continue;
    }
    t.add_row({f.r->id, f.cap->region, std::string(to_string(f.cap->basis)), f.cap->before_share(),
               f.cap->after_share(), f.cap->max_percent / 100.0, static_cast<std::int64_t>(f.cap->after_covered),
               static_cast<std::int64_t>(f.cap->after_total)});
  }
  return t;
}

// The findings, elements and (when any) caps tables of an assessment or audit.
void add_finding_tables(document& d, const std::vector<finding>& fs) {
  d.tables.push_back(findings_table(fs));
  d.tables.push_back(elements_table(fs));
  add_if_rows(d, caps_table(fs));
}

nlohmann::json findings_json(const std::vector<finding>& fs) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : fs) {
    arr.push_back(to_json(f));
  }
  return arr;
}

nlohmann::json optional_date_json(const std::optional<date>& d) {
  return d ? nlohmann::json(format_date(*d)) : nlohmann::json(nullptr);
}

nlohmann::json cap_json(const finding& f) {
  const auto& c = *f.cap;
  return {{"counted_in", std::string(to_string(c.basis))},
          {"max_percent", c.max_percent},
          {"region", c.region},
          {"before", {{"covered", c.before_covered}, {"total", c.before_total}, {"share", c.before_share()}}},
          {"after", {{"covered", c.after_covered}, {"total", c.after_total}, {"share", c.after_share()}}},
          {"within_cap_after", f.kind != finding_kind::cap_exceeded && f.lvl == level::info}};
}

// The rules of a pack, where each comes from, and their milestones and caps.
table rules_table(const pack& p) {
  table t = make_table("rules", "Rules",
                       {{"id"},
                        {"effect"},
                        {"severity"},
                        {"from"},
                        {"until"},
                        {"conf", column_type::text, "C confirmed, P partly, U unconfirmed"},
                        {"covers"},
                        {"title"}});
  for (const auto& r : p.rules) {
    std::string covers = r.covers.describe();
    if (r.origin_pack != p.id) {
      covers += " [from " + r.origin_pack + "]";
    }
    t.add_row({r.id, std::string(to_string(r.eff)),
               r.eff == effect::notify ? std::string() : std::string(to_string(r.severity)),
               date_or_empty(r.dates.from), date_or_empty(r.dates.until), std::string(to_string(r.conf)), covers,
               r.title});
  }
  return t;
}

table sources_table(const pack& p) {
  table t = make_table("sources", "Sources", {{"rule"}, {"instrument"}, {"section"}, {"date"}, {"url"}});
  for (const auto& r : p.rules) {
    t.add_row({r.id, r.src.instrument, r.src.section, date_or_empty(r.src.day), r.src.url});
  }
  return t;
}

table milestones_table(const pack& p) {
  table t =
      make_table("milestones", "Milestones and caps", {{"rule"}, {"by"}, {"max_share"}, {"counted_in"}, {"what"}});
  for (const auto& r : p.rules) {
    if (r.cap) {
      t.add_row({r.id, date_or_empty(r.dates.from), percent_value(r.cap->max_percent),
                 std::string(to_string(r.cap->basis)),
                 "cap on " + (r.cap->of.all_parts ? std::string("the covered parts") : r.cap->of.describe()) +
                     (r.cap->per_region ? ", per region" : "")});
    }
    for (const auto& m : r.milestones) {
      const std::string share = m.max_percent ? percent_value(*m.max_percent) : std::string();
      t.add_row(
          {r.id, format_date(m.by), share, m.max_percent ? std::string(to_string(m.basis)) : std::string(), m.title});
    }
  }
  return t;
}

table designations_table(const pack& p) {
  table t = make_table("designations", "Designations",
                       {{"id"}, {"vendors"}, {"affiliates", column_type::boolean}, {"conf"}, {"title"}, {"source"}});
  for (const auto& x : p.designations) {
    t.add_row({x.id, join(x.vendors, ", "), x.affiliates, std::string(to_string(x.conf)), x.title, x.src.cite()});
  }
  return t;
}

table areas_table(const pack& p) {
  table t = make_table("areas", "Notifiable areas", {{"id"}, {"parts"}, {"conf"}, {"title"}, {"source"}});
  for (const auto& a : p.areas) {
    std::vector<std::string> parts = a.categories;
    for (const auto& l : a.layers) {
      parts.push_back("layer " + l);
    }
    parts.insert(parts.end(), a.functions.begin(), a.functions.end());
    t.add_row({a.id, join(parts, ", "), std::string(to_string(a.conf)), a.title, a.src.cite()});
  }
  return t;
}

// The text report's layout: section paragraphs, finding details under a
// numbered finding, and bullets under those.
constexpr std::size_t kWidth = 92;
std::string paragraph(std::string_view text) { return wrap(text, kWidth, "   "); }
std::string detail(std::string_view text) { return wrap(text, kWidth, "      "); }
std::string bullet(std::string_view text) { return wrap(text, kWidth, "        ", "      - "); }

std::string heading_text(const assessment& a) {
  const std::string title = "Assessment under " + a.p->name + " (policy pack " + a.p->id +
                            (a.p->version.empty() ? "" : ", version " + a.p->version) + ")";
  std::string out = title + "\n" + std::string(title.size(), '=') + "\n\n";
  out += "Decision: " + upper(to_string(a.dec)) + "\n";
  std::string meaning(describe(a.dec));
  meaning[0] = static_cast<char>(meaning[0] >= 'a' && meaning[0] <= 'z' ? meaning[0] - 32 : meaning[0]);
  return out + wrap(meaning + ".", kWidth, "  ");
}

std::string proposed_text(const assessment& a) {
  const auto& prop = *a.prop;
  const std::string who = prop.operator_name.empty() ? std::string("The operator") : prop.operator_name;
  std::string s = who + " notified \"" + (prop.title.empty() ? std::string("a change") : prop.title) + "\", dated " +
                  format_date(prop.when) + " (" + prop.file + ").";
  if (!prop.summary.empty()) {
    s += " " + prop.summary + (prop.summary.back() == '.' ? "" : ".");
  }
  std::string out = "\n1. What was proposed\n" + paragraph(s);
  // The additions by vendor and function.
  std::map<std::string, std::uint64_t> adds;
  for (const auto& e : prop.add) {
    ++adds[e.vendor_name + " " + std::string(model::to_string(e.fn))];
  }
  std::vector<std::string> parts;
  for (const auto& [k, n] : adds) {
    parts.push_back(thousands(n) + " " + k);
  }
  return out + paragraph("It adds " + thousands(a.added) + (a.added == 1 ? " element" : " elements") +
                         (parts.empty() ? std::string() : " (" + join(parts, ", ") + ")") + " and removes " +
                         thousands(a.removed) + ".");
}

std::string notifiable_text(const assessment& a) {
  if (!a.notifiable) {
    return paragraph(a.p->has_notify_rules()
                         ? "The change is not notifiable: it touches none of the parts of the network the pack's "
                           "notification rules cover."
                         : "The pack defines no notification duty; the change is notifiable under none of its rules.");
  }
  std::vector<std::string> notified;
  for (const auto& f : a.findings) {
    if (f.kind == finding_kind::notification_required) {
      notified.push_back(f.r->src.section.empty() ? f.r->id : f.r->src.section + " (" + f.r->id + ")");
    }
  }
  return paragraph("The change is notifiable: it touches parts of the network that must be notified under " +
                   join(notified, ", ") + ".");
}

std::string assessed_text(const assessment& a) {
  std::size_t in_force = 0;
  for (const auto& r : a.p->rules) {
    in_force += r.dates.on(a.as_of) ? 1 : 0;
  }
  std::string s = "The change was assessed against the " + a.p->name + " pack" +
                  (a.p->extends.empty() ? std::string() : " (which extends " + a.p->extends + ")") + ": " +
                  std::to_string(in_force) + " of its " + std::to_string(a.p->rules.size()) +
                  " rules are in force on " + format_date(a.as_of) + ".";
  s += a.has_network
           ? " It was applied to the operator's network (" + a.prop->network + ", " + thousands(a.network_elements) +
                 " elements), so shares and caps count the network as it stands and after the change."
           : " No network was named, so the change was assessed on its own.";
  return "\n2. What was assessed\n" + paragraph(s) + notifiable_text(a);
}

std::string cap_text(const cap_figures& c) {
  return "Share counted in " + std::string(to_string(c.basis)) + (c.region.empty() ? "" : " in region " + c.region) +
         ": before " + percent(c.before_share()) + " (" + thousands(c.before_covered) + " of " +
         thousands(c.before_total) + "), after " + percent(c.after_share()) + " (" + thousands(c.after_covered) +
         " of " + thousands(c.after_total) + "); cap " + percent(c.max_percent / 100.0) + " (at the cap complies).";
}

// Finding number `i`: level, title, summary, elements, cap, reason, conditions and source.
std::string finding_text(const finding& f, std::size_t i) {
  const std::string num = "   " + std::to_string(i) + ". ";
  std::string out =
      wrap("[" + upper(to_string(f.lvl)) + "] " + f.r->title + " (" + f.r->id + ")", kWidth, "      ", num);
  out += detail(summary(f));
  for (const auto& g : f.elements) {
    out += bullet(group_line(g));
  }
  if (f.groups_omitted > 0) {
    out += "      - and " + thousands(f.groups_omitted) + " more groups\n";
  }
  if (f.cap) {
    out += detail(cap_text(*f.cap));
  }
  out += detail("Why: " + f.r->text);
  if (!f.r->conditions.empty()) {
    out += detail("Conditions: " + join(f.r->conditions, "; ") + ".");
  }
  return out + detail("Source: " + f.r->src.cite() + (f.r->src.url.empty() ? "" : " <" + f.r->src.url + ">") +
                      (f.r->conf == confidence::confirmed ? "" : " [" + std::string(describe(f.r->conf)) + "]"));
}

std::string dependence_line(const vendor_dependency& dep) {
  std::string line = dep.vendor + ": the proposal adds " + thousands(dep.added_access) +
                     (dep.added_access == 1 ? " access element" : " access elements") +
                     (dep.added_subscribers > 0 ? " serving " + thousands(dep.added_subscribers) + " subscribers" : "");
  if (dep.existing_subscribers) {
    line += "; in the network as it stands, " + thousands(*dep.existing_subscribers) +
            " subscribers would lose service if this vendor's equipment went down";
  }
  return line + ".";
}

std::string found_text(const assessment& a) {
  std::string out = "\n3. What was found\n";
  if (a.findings.empty()) {
    out += paragraph("No rule of the pack concerns the change.");
  }
  std::size_t i = 0;
  for (const auto& f : a.findings) {
    out += finding_text(f, ++i);
  }
  bool any_dep = false;
  for (const auto& dep : a.dependencies) {
    if (dep.added_access == 0) {
      continue;
    }
    if (!any_dep) {
      out += "\n   Dependence on the proposed vendors\n";
      any_dep = true;
    }
    out += bullet(dependence_line(dep));
  }
  return out;
}

std::string decision_reason(const assessment& a) {
  std::vector<std::string> reasons;
  for (const auto& f : a.findings) {
    if (f.lvl == level::significant) {
      reasons.push_back(f.r->id);
    }
  }
  switch (a.dec) {
    case decision::significant_risk:
      return "The decision is significant_risk because " + join(reasons, ", ") +
             (reasons.size() == 1 ? " is a finding" : " are findings") +
             " of significant weight: the change cannot go ahead as proposed. The operator may withdraw it, or "
             "propose a different change (for example another vendor for the parts concerned) and notify again.";
    case decision::risk_to_address:
      return "The decision is risk_to_address: no finding bars the change, but the findings marked RISK must be "
             "mitigated or their conditions met (a cap, a deadline or a prescription) before or while it goes ahead.";
    case decision::no_significant_risk:
      return "The decision is no_significant_risk: the change is notifiable, and no rule of the pack stands against "
             "it. The operator may proceed as notified.";
    case decision::not_notifiable:
      return "The decision is not_notifiable: the change lies outside the parts of the network the pack asks to be "
             "notified of, and no rule stands against it.";
  }
  return {};
}

std::string weighed_text(const assessment& a) {
  std::string out;
  for (const auto& f : a.findings) {
    if (!f.weighing) {
      continue;
    }
    if (out.empty()) {
      out = "\n4. How the change was weighed\n" + paragraph("Under " + f.r->id + " (" + f.r->src.cite() +
                                                            "), with netvet's risk model (docs/risk-model.md).");
    }
    const auto& w = *f.weighing;
    if (!w.parts.empty()) {
      for (const auto& line : likelihood_lines(w)) {
        out += line.starts_with("  - ") ? bullet(line.substr(4)) : detail(line);
      }
    }
    for (const auto& line : part_lines(w)) {
      out += detail(line);
    }
  }
  if (!a.precedents.empty()) {
    out += "\n   Precedents consulted (the nearest real decisions)\n";
    for (const auto& m : a.precedents) {
      out += bullet(precedent_line(m));
    }
  }
  return out;
}

// Which of the rules and the weighing decided, when they differ.
std::string rules_and_weighing(const assessment& a) {
  std::optional<level> by_rule;
  std::optional<level> by_weighing;
  for (const auto& f : a.findings) {
    auto& slot = f.weighing ? by_weighing : by_rule;
    if (f.kind != finding_kind::not_yet_in_force && f.kind != finding_kind::notification_required) {
      slot = slot ? std::max(*slot, f.lvl) : f.lvl;
    }
  }
  if (!by_weighing) {
    return {};
  }
  const level r = by_rule.value_or(level::info);
  if (r > *by_weighing) {
    return " The pack's explicit rules are stricter than the weighing here, and they decide.";
  }
  if (*by_weighing > r) {
    return " The weighing goes beyond the pack's explicit rules here: no rule bars the change, the weighed risk "
           "decides.";
  }
  return " The explicit rules and the weighing agree.";
}

std::string why_text(const assessment& a) {
  return "\n" +
         std::string(a.findings.end() != std::find_if(a.findings.begin(), a.findings.end(),
                                                      [](const finding& f) { return f.weighing != nullptr; })
                         ? "5"
                         : "4") +
         ". Why\n" + paragraph(decision_reason(a) + rules_and_weighing(a)) +
         paragraph(
             "This is an automated reading of the pack's rules, each tied to its source, and of netvet's risk "
             "model (docs/risk-model.md), whose scales and thresholds are netvet's own design; it is not the "
             "agency's decision, and it cannot know what the agency knows from classified intelligence. Rules and "
             "facts tagged partly confirmed or unconfirmed rest on facts to verify.");
}

nlohmann::json dependencies_json(const std::vector<vendor_dependency>& deps) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& dep : deps) {
    out.push_back({{"vendor", dep.vendor},
                   {"existing_subscribers",
                    dep.existing_subscribers ? nlohmann::json(*dep.existing_subscribers) : nlohmann::json(nullptr)},
                   {"added_access", dep.added_access},
                   {"added_subscribers", dep.added_subscribers}});
  }
  return out;
}

}  // namespace

nlohmann::json fact_json(const risk::fact& x) {
  return {{"text", x.text},
          {"value", x.kind == risk::fact_kind::level && x.value ? nlohmann::json(*x.value) : nlohmann::json(nullptr)},
          {"country", x.country.empty() ? nlohmann::json(nullptr) : nlohmann::json(x.country)},
          {"from", optional_date_json(x.from)},
          {"until", optional_date_json(x.until)},
          {"confidence", std::string(to_string(x.conf))},
          {"weighed", x.weighed()},
          {"sources", x.sources},
          {"subject", x.subject}};
}

nlohmann::json likelihood_json(const vendor_weighing& w) {
  const auto& lk = w.likelihood;
  const auto& s = w.spec->model;
  nlohmann::json factors = nlohmann::json::array();
  for (const auto& r : lk.factors) {
    nlohmann::json facts = nlohmann::json::array();
    for (const auto* x : r.facts) {
      facts.push_back(fact_json(*x));
    }
    factors.push_back({{"factor", std::string(risk::to_string(r.f))},
                       {"code", std::string(risk::code_of(r.f))},
                       {"value", r.value ? nlohmann::json(*r.value) : nlohmann::json(nullptr)},
                       {"weight", r.weight},
                       {"points", r.points()},
                       {"from", r.from_subject},
                       {"designated_by", r.by},
                       {"facts", std::move(facts)}});
  }
  nlohmann::json set_aside = nlohmann::json::array();
  for (const auto* x : lk.set_aside) {
    set_aside.push_back(fact_json(*x));
  }
  return {{"level", std::string(risk::to_string(lk.lvl))},
          {"known", lk.known},
          {"profiled", lk.profiled},
          {"weighable", lk.weighable},
          {"points", lk.points},
          {"factors_weighed", lk.factors_weighed},
          {"home", lk.home.empty() ? nlohmann::json(nullptr) : nlohmann::json(lk.home)},
          {"thresholds", {{"moderate", s.moderate_at}, {"high", s.high_at}, {"very_high", s.very_high_at}}},
          {"min_factors", s.min_factors},
          {"unknown_as",
           s.unknown_as ? nlohmann::json(std::string(risk::to_string(*s.unknown_as))) : nlohmann::json("refer")},
          {"factors", std::move(factors)},
          {"set_aside", std::move(set_aside)}};
}

nlohmann::json criticality_json(const part_weighing& p) {
  return {{"level", std::string(risk::to_string(p.crit.lvl))},
          {"rated", p.crit.entry->part},
          {"rated_level", std::string(risk::to_string(p.crit.entry->lvl))},
          {"netvet_own", p.crit.entry->own},
          {"confidence", std::string(to_string(p.crit.entry->conf))},
          {"sources", p.crit.entry->sources},
          {"text", p.crit.entry->text},
          {"raised_in_5g", p.crit.raised_in_5g},
          {"pack_override", p.crit.overridden ? nlohmann::json(p.crit.override_text) : nlohmann::json(nullptr)}};
}

nlohmann::json weighing_json(const vendor_weighing& w) {
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : w.parts) {
    parts.push_back({{"function", std::string(model::to_string(p.fn))},
                     {"serves_5g", p.serves_5g},
                     {"count", p.count},
                     {"criticality", criticality_json(p)},
                     {"scale",
                      {{"level", std::string(risk::to_string(p.scale.s))},
                       {"by_reach", p.scale.by_reach},
                       {"with_network", p.scale.in.has_network},
                       {"subscriber_share", p.scale.in.subscriber_share},
                       {"element_share", p.scale.in.element_share},
                       {"cells", p.scale.in.cells},
                       {"subscribers", p.scale.in.subscribers}}},
                     {"impact", std::string(risk::to_string(p.impact))},
                     {"score", p.score},
                     {"risk", std::string(risk::to_string(p.risk))},
                     {"decision", std::string(to_string(p.dec))}});
  }
  nlohmann::json answered = nlohmann::json::array();
  for (const auto& [r, n] : w.answered_by) {
    answered.push_back({{"rule", r->id}, {"elements", n}});
  }
  return {{"vendor", w.vendor},
          {"likelihood", w.parts.empty() ? nlohmann::json(nullptr) : likelihood_json(w)},
          {"parts", std::move(parts)},
          {"answered_by_rules", std::move(answered)},
          {"decisions", {{"significant_risk", w.spec->significant_at}, {"risk_to_address", w.spec->address_at}}}};
}

// One finding's groups weighed (audit --explain).
nlohmann::json explained_json(const std::vector<group_weighing>& groups) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& g : groups) {
    const auto& lk = g.likelihood->likelihood;
    const auto& p = g.part;
    out.push_back(
        {{"vendor", g.vendor},
         {"function", std::string(model::to_string(g.fn))},
         {"generation", std::string(model::to_string(g.gens))},
         {"serves_5g", p.serves_5g},
         {"count", g.count},
         {"likelihood",
          {{"level", lk.weighable ? nlohmann::json(std::string(risk::to_string(lk.lvl))) : nlohmann::json(nullptr)},
           {"known", lk.known},
           {"profiled", lk.profiled},
           {"weighable", lk.weighable},
           {"points", lk.points},
           {"factors_weighed", lk.factors_weighed}}},
         {"criticality", criticality_json(p)},
         {"scale",
          {{"level", std::string(risk::to_string(p.scale.s))},
           {"by_reach", p.scale.by_reach},
           {"element_share", p.scale.in.element_share},
           {"vendor_elements", g.vendor_in_layer},
           {"layer_elements", g.layer_total},
           {"layer", std::string(model::to_string(model::layer_of(g.fn)))}}},
         {"impact", std::string(risk::to_string(p.impact))},
         {"score", p.score},
         {"risk", p.score > 0 ? nlohmann::json(std::string(risk::to_string(p.risk))) : nlohmann::json(nullptr)},
         {"decision", std::string(to_string(p.dec))}});
  }
  return out;
}

// The settings an explanation used.
nlohmann::json explanation_json(const audit_explanation& x) {
  const auto& s = x.spec->model;
  return {{"rule", x.weigh != nullptr ? nlohmann::json(x.weigh->id) : nlohmann::json(nullptr)},
          {"thresholds", {{"moderate", s.moderate_at}, {"high", s.high_at}, {"very_high", s.very_high_at}}},
          {"decisions", {{"significant_risk", x.spec->significant_at}, {"risk_to_address", x.spec->address_at}}},
          {"model", "docs/risk-model.md: likelihood (1-4) x impact (1-4), netvet's own design"}};
}

nlohmann::json precedents_json(const std::vector<precedent_match>& ms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : ms) {
    const precedent& p = *m.p;
    std::vector<std::string> parts;
    for (const auto f : p.parts) {
      parts.emplace_back(model::to_string(f));
    }
    out.push_back({{"id", p.id},
                   {"jurisdiction", p.jurisdiction},
                   {"date", p.when},
                   {"operator", p.operator_name},
                   {"vendor", p.vendor},
                   {"parts", parts},
                   {"generation", std::string(model::to_string(p.gen))},
                   {"outcome", std::string(to_string(p.outcome))},
                   {"confidence", std::string(to_string(p.conf))},
                   {"sources", p.sources},
                   {"text", p.text},
                   {"distance", m.distance},
                   {"compared_with", m.compared},
                   {"weighed", std::string(to_string(m.ours))},
                   {"agrees", m.agrees},
                   {"differs_in", m.differs_in}});
  }
  return out;
}

nlohmann::json to_json(const finding& f) {
  nlohmann::json j = nlohmann::json::object();
  j["rule"] = f.r->id;
  j["title"] = f.r->title;
  j["effect"] = std::string(to_string(f.r->eff));
  j["level"] = std::string(to_string(f.lvl));
  j["kind"] = std::string(to_string(f.kind));
  j["summary"] = summary(f);
  j["text"] = f.r->text;
  j["confidence"] = std::string(to_string(f.r->conf));
  j["pack"] = f.r->origin_pack;
  j["source"] = source_json(f.r->src);
  j["in_force"] = {{"from", optional_date_json(f.r->dates.from)}, {"until", optional_date_json(f.r->dates.until)}};
  nlohmann::json els = nlohmann::json::array();
  for (const auto& g : f.elements) {
    els.push_back({{"change", g.change.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.change)},
                   {"vendor", g.vendor},
                   {"function", std::string(model::to_string(g.fn))},
                   {"region", g.region},
                   {"count", g.count},
                   {"examples", g.examples}});
  }
  j["elements"] = std::move(els);
  j["element_total"] = f.element_total;
  j["groups_omitted"] = f.groups_omitted;
  if (!f.r->conditions.empty()) {
    j["conditions"] = f.r->conditions;
  }
  if (!f.r->operators.empty()) {
    j["operators"] = f.r->operators;
  }
  if (f.cap) {
    j["cap"] = cap_json(f);
  }
  for (const auto& d : f.disguised) {
    j["disguised"].push_back(
        {{"spelling", d.spelling}, {"vendor", d.vendor}, {"folded", d.why.describe()}, {"count", d.count}});
  }
  if (f.deadline) {
    j["deadline"] = format_date(*f.deadline);
    j["days"] = f.days;
  }
  if (f.ms != nullptr) {
    j["milestone"] = f.ms->title;
  }
  if (f.weighing) {
    j["weighing"] = weighing_json(*f.weighing);
  }
  return j;
}

document packs_document(const pack_library& lib) {
  document d;
  d.kind = "policies";
  d.title = "Policy packs";
  d.facts.push_back(fact{"origin", "Packs read from", lib.origin()});
  table t = make_table("packs", "Packs",
                       {{"id", column_type::text, "pack id (lower-case ISO 3166-1 code, or eu)"},
                        {"name"},
                        {"aliases"},
                        {"extends"},
                        {"version"},
                        {"rules", column_type::integer, "rules, inherited ones included"},
                        {"own_rules", column_type::integer},
                        {"notification", column_type::boolean, "the pack defines a notification duty"}});
  for (const auto& p : lib.packs()) {
    std::int64_t own = 0;
    for (const auto& r : p.rules) {
      own += r.origin_pack == p.id ? 1 : 0;
    }
    t.add_row({p.id, p.name, join(p.aliases, ", "), p.extends, p.version, static_cast<std::int64_t>(p.rules.size()),
               own, p.has_notify_rules()});
  }
  d.tables.push_back(std::move(t));
  d.notes.push_back("Show one: netvet policies show nz");
  return d;
}

document pack_document(const pack& p) {
  document d;
  d.kind = "policy";
  d.title = "Policy pack " + p.id + ": " + p.name;
  d.facts.push_back(fact{"id", "Id", p.id});
  d.facts.push_back(fact{"name", "Name", p.name});
  d.facts.push_back(fact{"jurisdiction", "Jurisdiction", p.jurisdiction});
  if (!p.aliases.empty()) {
    d.facts.push_back(fact{"aliases", "Aliases", join(p.aliases, ", ")});
  }
  if (!p.extends.empty()) {
    d.facts.push_back(fact{"extends", "Extends", p.extends});
  }
  d.facts.push_back(fact{"version", "Version", p.version});
  d.facts.push_back(fact{"file", "File", p.file});
  d.tables.push_back(rules_table(p));
  add_if_rows(d, milestones_table(p));
  add_if_rows(d, designations_table(p));
  add_if_rows(d, areas_table(p));
  d.tables.push_back(sources_table(p));
  if (!p.description.empty()) {
    d.notes.push_back(p.description);
  }
  d.notes.insert(d.notes.end(), p.notes.begin(), p.notes.end());
  return d;
}

document assessment_document(const assessment& a) {
  document d;
  d.kind = "assessment";
  const auto& prop = *a.prop;
  d.title = "Assessment of \"" + (prop.title.empty() ? prop.file : prop.title) + "\" under " + a.p->name + " (" +
            a.p->id + ")";
  d.facts.push_back(fact{"decision", "Decision", std::string(to_string(a.dec))});
  d.facts.push_back(fact{"notifiable", "Notifiable", a.notifiable});
  d.facts.push_back(fact{"as_of", "Rules in force on", format_date(a.as_of)});
  d.facts.push_back(fact{"operator", "Operator", prop.operator_name});
  d.facts.push_back(fact{"added", "Elements added", static_cast<std::int64_t>(a.added)});
  d.facts.push_back(fact{"removed", "Elements removed", static_cast<std::int64_t>(a.removed)});
  add_finding_tables(d, a.findings);
  d.notes.push_back(std::string("Decision ") + std::string(to_string(a.dec)) + ": " + std::string(describe(a.dec)) +
                    ".");
  for (const auto& f : a.findings) {
    d.notes.push_back(f.r->id + ": " + summary(f) + " " + f.r->text);
  }
  d.extra["decision_meaning"] = std::string(describe(a.dec));
  d.extra["policy"] = policy_json(*a.p);
  d.extra["proposal"] = {{"file", prop.file},
                         {"operator", prop.operator_name},
                         {"jurisdiction", prop.jurisdiction},
                         {"date", format_date(prop.when)},
                         {"title", prop.title},
                         {"summary", prop.summary},
                         {"added", a.added},
                         {"removed", a.removed}};
  d.extra["network"] = a.has_network ? nlohmann::json{{"path", prop.network}, {"elements", a.network_elements}}
                                     : nlohmann::json(nullptr);
  d.extra["findings"] = findings_json(a.findings);
  d.extra["dependencies"] = dependencies_json(a.dependencies);
  nlohmann::json weighings = nlohmann::json::array();
  for (const auto& f : a.findings) {
    if (f.weighing) {
      weighings.push_back(weighing_json(*f.weighing));
    }
  }
  if (const rule* w = a.p->weigh_rule()) {
    d.extra["risk"] = {{"rule", w->id},
                       {"source", source_json(w->src)},
                       {"model", "docs/risk-model.md: likelihood (1-4) x impact (1-4), netvet's own design"},
                       {"vendors", std::move(weighings)},
                       {"precedents", precedents_json(a.precedents)}};
  } else {
    d.extra["risk"] = nullptr;
  }
  return d;
}

std::string assessment_text(const assessment& a) {
  return heading_text(a) + proposed_text(a) + assessed_text(a) + found_text(a) + weighed_text(a) + why_text(a);
}

document audit_document(const audit_result& a, const std::string& network_name, const audit_explanation* explained) {
  document d;
  d.kind = "audit";
  d.title = "Audit of " + network_name + " under " + a.p->name + " (" + a.p->id + ") on " + format_date(a.as_of);
  d.facts.push_back(fact{"as_of", "As of", format_date(a.as_of)});
  d.facts.push_back(fact{"elements", "Elements", static_cast<std::int64_t>(a.network_elements)});
  const auto worst = a.worst();
  d.facts.push_back(fact{"worst", "Worst finding", worst ? std::string(to_string(*worst)) : std::string("none")});
  d.facts.push_back(fact{"significant", "Significant", static_cast<std::int64_t>(a.count(level::significant))});
  d.facts.push_back(fact{"risk", "Risk", static_cast<std::int64_t>(a.count(level::risk))});
  d.facts.push_back(fact{"info", "Info", static_cast<std::int64_t>(a.count(level::info))});
  add_finding_tables(d, a.findings);
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const finding& f = a.findings[i];
    d.notes.push_back("[" + std::string(to_string(f.lvl)) + "] " + f.r->id + ": " + summary(f));
    if (explained != nullptr) {
      for (const auto& line : explain_lines(*explained, i)) {
        d.notes.push_back("  - " + line);
      }
    }
  }
  if (a.findings.empty()) {
    d.notes.push_back("No rule of the pack in force on " + format_date(a.as_of) + " concerns this network.");
  }
  d.extra["policy"] = policy_json(*a.p);
  d.extra["network"] = {{"path", network_name}, {"elements", a.network_elements}};
  d.extra["worst"] = worst ? nlohmann::json(std::string(to_string(*worst))) : nlohmann::json(nullptr);
  d.extra["counts"] = {
      {"significant", a.count(level::significant)}, {"risk", a.count(level::risk)}, {"info", a.count(level::info)}};
  d.extra["findings"] = findings_json(a.findings);
  if (explained != nullptr) {
    for (std::size_t i = 0; i < a.findings.size() && i < explained->findings.size(); ++i) {
      d.extra["findings"][i]["weighing"] = explained_json(explained->findings[i]);
    }
    d.extra["risk"] = explanation_json(*explained);
  }
  return d;
}

document audit_matrix_document(const std::vector<audit_result>& audits, const std::string& network_name,
                               const std::vector<audit_explanation>* explained) {
  document d;
  d.kind = "audit_matrix";
  const std::string day = audits.empty() ? std::string() : format_date(audits.front().as_of);
  d.title = "Audit of " + network_name + " under every jurisdiction on " + day;
  d.facts.push_back(fact{"as_of", "As of", day});
  d.facts.push_back(
      fact{"elements", "Elements", static_cast<std::int64_t>(audits.empty() ? 0 : audits.front().network_elements)});
  table t = make_table("jurisdictions", "By jurisdiction",
                       {{"policy"},
                        {"name"},
                        {"worst", column_type::text, "worst finding level (none: compliant)"},
                        {"significant", column_type::integer},
                        {"risk", column_type::integer},
                        {"info", column_type::integer},
                        {"elements_at_issue", column_type::integer,
                         "distinct elements in significant or risk findings (one hit by two rules counts once)"},
                        {"next_deadline"},
                        {"days_left", column_type::integer},
                        {"next_rule"}});
  nlohmann::json all = nlohmann::json::object();
  std::vector<model::element_index> in_any;  // at issue in at least one jurisdiction
  for (std::size_t ai = 0; ai < audits.size(); ++ai) {
    const audit_result& a = audits[ai];
    const std::uint64_t at_issue = a.elements_at_issue.size();
    in_any.insert(in_any.end(), a.elements_at_issue.begin(), a.elements_at_issue.end());
    const auto worst = a.worst();
    const finding* next = a.next_deadline();
    t.add_row({a.p->id, a.p->name, worst ? std::string(to_string(*worst)) : std::string("none"),
               static_cast<std::int64_t>(a.count(level::significant)), static_cast<std::int64_t>(a.count(level::risk)),
               static_cast<std::int64_t>(a.count(level::info)), static_cast<std::int64_t>(at_issue),
               next != nullptr ? format_date(*next->deadline) : std::string(),
               next != nullptr ? cell(static_cast<std::int64_t>(next->days)) : cell(std::monostate{}),
               next != nullptr ? next->r->id : std::string()});
    const audit_explanation* x = explained != nullptr && ai < explained->size() ? &(*explained)[ai] : nullptr;
    all[a.p->id] = audit_document(a, network_name, x).extra;
    all[a.p->id]["as_of"] = format_date(a.as_of);
  }
  std::sort(in_any.begin(), in_any.end());
  in_any.erase(std::unique(in_any.begin(), in_any.end()), in_any.end());
  d.facts.push_back(
      fact{"elements_at_issue", "Elements at issue (any jurisdiction)", static_cast<std::int64_t>(in_any.size())});
  d.tables.push_back(std::move(t));
  d.notes.push_back("Details of one: netvet audit " + network_name + " --policy ID");
  d.extra["network"] = {{"path", network_name}, {"elements", audits.empty() ? 0 : audits.front().network_elements}};
  d.extra["audits"] = std::move(all);
  return d;
}

namespace {

void profile_facts(document& d, const vendor_profile& v) {
  const vendor_weighing& w = v.weighing;
  const auto& lk = w.likelihood;
  d.kind = "vendor_profile";
  d.title =
      "Profile of " + w.vendor + " on " + format_date(v.as_of) +
      (v.p != nullptr ? " under " + v.p->name + " (" + v.p->id + ")" : std::string(" (netvet's default settings)"));
  d.facts.push_back(fact{"vendor", "Vendor", w.vendor});
  d.facts.push_back(fact{"as_of", "As of", format_date(v.as_of)});
  d.facts.push_back(fact{"policy", "Settings",
                         v.weigh != nullptr ? v.p->id + " (" + v.weigh->id + ")" : std::string("risk model defaults")});
  d.facts.push_back(fact{"deciding", "Deciding jurisdiction", v.deciding.empty() ? std::string("none") : v.deciding});
  d.facts.push_back(fact{"home", "Home state", lk.home.empty() ? std::string("not known") : lk.home});
  d.facts.push_back(fact{"likelihood", "Likelihood",
                         lk.known       ? std::string(risk::to_string(lk.lvl))
                         : lk.weighable ? "unknown (treated as " + std::string(risk::to_string(lk.lvl)) + ")"
                                        : std::string("unknown (not weighable)")});
  d.facts.push_back(fact{"points", "Points", static_cast<std::int64_t>(lk.points)});
  d.facts.push_back(fact{"factors_weighed", "Factors weighed", static_cast<std::int64_t>(lk.factors_weighed)});
}

void profile_tables(document& d, const vendor_profile& v) {
  const auto& lk = v.weighing.likelihood;
  table factors = make_table("factors", "Likelihood factors",
                             {{"code"},
                              {"factor"},
                              {"value", column_type::integer, "0, 1 or 2; empty: not known on the date"},
                              {"weight", column_type::integer, "0: the settings do not weigh it"},
                              {"points", column_type::integer},
                              {"from", column_type::text, "the vendor, or its home state (L1-L3)"},
                              {"designated_by", column_type::text, "L9: the jurisdictions counted"}});
  table facts = make_table("facts", "Facts in force on the date",
                           {{"code"},
                            {"subject"},
                            {"value", column_type::integer},
                            {"country"},
                            {"from"},
                            {"until"},
                            {"confidence", column_type::text, "C, P or U; U: shown, not weighed"},
                            {"weighed", column_type::boolean},
                            {"sources"},
                            {"text"}});
  const auto add_fact = [&facts](std::string_view code, const risk::fact& x) {
    facts.add_row({std::string(code), x.subject,
                   x.kind == risk::fact_kind::level && x.value ? cell(static_cast<std::int64_t>(*x.value))
                                                               : cell(std::monostate{}),
                   x.country, date_or_empty(x.from), date_or_empty(x.until), std::string(to_string(x.conf)),
                   x.weighed(), join(x.sources, " "), x.text});
  };
  if (lk.home_fact != nullptr) {
    add_fact("home", *lk.home_fact);
  }
  for (const auto& r : lk.factors) {
    factors.add_row({std::string(risk::code_of(r.f)), std::string(risk::to_string(r.f)),
                     r.value ? cell(static_cast<std::int64_t>(*r.value)) : cell(std::monostate{}),
                     static_cast<std::int64_t>(r.weight), static_cast<std::int64_t>(r.points()), r.from_subject,
                     join(r.by, " ")});
    for (const auto* x : r.facts) {
      add_fact(risk::code_of(r.f), *x);
    }
  }
  table sources = make_table("sources", "Sources cited", {{"id"}, {"title"}, {"url"}});
  for (const auto* src : v.sources) {
    sources.add_row({src->id, src->title, src->url});
  }
  for (const auto& id : v.missing_sources) {
    sources.add_row({id, std::string("(not in sources.csv)"), std::string()});
  }
  d.tables.push_back(std::move(factors));
  add_if_rows(d, std::move(facts));
  add_if_rows(d, std::move(sources));
}

}  // namespace

document profile_document(const vendor_profile& v) {
  const vendor_weighing& w = v.weighing;
  const auto& lk = w.likelihood;
  const auto& s = w.spec->model;
  document d;
  profile_facts(d, v);
  profile_tables(d, v);
  d.notes = likelihood_lines(w);
  if (!lk.known) {
    d.notes.push_back(
        "An unknown likelihood is never a silent zero: with fewer weighable factors than the settings need (" +
        std::to_string(std::max(1, s.min_factors)) + ") they " +
        (s.unknown_as ? "treat it as " + std::string(risk::describe(*s.unknown_as))
                      : std::string("give it no level: a change by this vendor cannot be weighed (risk_to_address)")) +
        ".");
  }
  nlohmann::json srcs = nlohmann::json::array();
  for (const auto* src : v.sources) {
    srcs.push_back({{"id", src->id}, {"title", src->title}, {"url", src->url}});
  }
  d.extra["vendor"] = w.vendor;
  d.extra["as_of"] = format_date(v.as_of);
  d.extra["policy"] = v.p != nullptr ? policy_json(*v.p) : nlohmann::json(nullptr);
  d.extra["weigh_rule"] = v.weigh != nullptr ? nlohmann::json(v.weigh->id) : nlohmann::json(nullptr);
  d.extra["deciding"] = v.deciding.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.deciding);
  d.extra["likelihood"] = likelihood_json(w);
  d.extra["sources"] = std::move(srcs);
  d.extra["missing_sources"] = v.missing_sources;
  return d;
}

}  // namespace netvet::policy
