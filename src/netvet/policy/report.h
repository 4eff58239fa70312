// netvet/policy/report.h: packs, assessments and audits as documents.
//
// Every answer is a report::document (typed tables, rendered as text, JSON,
// CSV or Markdown). The JSON shapes are stable and documented in
// docs/policy-packs.md ("JSON output"):
//   assessment: decision, notifiable, as_of, policy{}, proposal{}, network{},
//               findings[{rule, title, effect, level, kind, summary, text,
//               confidence, source{instrument, section, date, url},
//               elements[{vendor, function, region, count, examples}],
//               element_total, cap{...}?, deadline?, days?}], dependencies[]
//   audit:      policy{}, as_of, network{}, worst, counts{}, findings[] (as above)
//   matrix:     as_of, network{}, jurisdictions[{policy, name, worst, ...}],
//               audits{id: audit}
// The text form of an assessment reads like an agency's written finding
// (assessment_text): what was proposed, what was assessed, what was found, why.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "netvet/policy/assess.h"
#include "netvet/policy/explain.h"
#include "netvet/policy/loader.h"
#include "netvet/report/table.h"

namespace netvet::policy {

// A finding in one plain sentence, from its figures (wording.cpp): the only
// place findings are put into words.
std::string summary(const finding& f);
// A share as a percentage with one decimal ("35.0%"); a cap as written ("35%").
std::string percent(double share);
std::string percent_value(double p);
// The weighing in words: the likelihood factor by factor, each part's
// criticality, scale, impact and risk, and a precedent compared.
std::vector<std::string> likelihood_lines(const vendor_weighing& w);
std::vector<std::string> part_lines(const vendor_weighing& w);
std::string precedent_line(const precedent_match& m);
// An audit finding's elements weighed (--explain): one line a (vendor,
// function, generations) group, `finding` indexing audit_result::findings.
std::vector<std::string> explain_lines(const audit_explanation& x, std::size_t finding);

report::document packs_document(const pack_library& lib);
report::document pack_document(const pack& p);

nlohmann::json to_json(const finding& f);
report::document assessment_document(const assessment& a);
std::string assessment_text(const assessment& a);

// With `explained` (parallel to the audits; audit --explain), each finding
// also carries the weighing of its elements: text lines indented under it,
// a `weighing` array in JSON. Without it the output is what it always was.
report::document audit_document(const audit_result& a, const std::string& network_name,
                                const audit_explanation* explained = nullptr);
report::document audit_matrix_document(const std::vector<audit_result>& audits, const std::string& network_name,
                                       const std::vector<audit_explanation>* explained = nullptr);

// A vendor's profile on a date and the likelihood it yields (vendors
// --profile): the factors, the facts behind them and the sources cited.
// JSON: vendor, as_of, policy, deciding, likelihood{} (as in an
// assessment's weighing), sources[{id, title, url}].
report::document profile_document(const vendor_profile& v);

}  // namespace netvet::policy
