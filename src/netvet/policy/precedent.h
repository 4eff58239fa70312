// netvet/policy/precedent.h: real decisions the weighing must reproduce
// (data/risk/precedents.csv; docs/risk-model.md "Precedents").
//
// One row per decision, vendor and part: jurisdiction, date (YYYY-MM-DD,
// or YYYY-MM / YYYY when the sources give no day: the decision is then
// reproduced as of the period's last day), operator, vendor, parts (function
// words separated by ';'), generation, scale, outcome (a decision), the
// confidence of the sources and their ids. `decision` groups the rows of one
// decision: facts that report it (vendor-facts.csv `decision`) are set aside
// when reproducing it, so no precedent is evidence for itself.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "netvet/core/confidence.h"
#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/model/function.h"
#include "netvet/model/vendor.h"
#include "netvet/policy/pack.h"
#include "netvet/risk/vocabulary.h"

namespace netvet::policy {

struct precedent {
  std::string id;
  std::string decision_group;  // precedents.csv `decision`
  std::string jurisdiction;    // ISO 3166-1 alpha-2 or EU
  date day;                    // the last day of the period written
  std::string when;            // as written: "2018-11-28", "2020-10", "2019"
  std::string operator_name;
  std::string vendor;  // catalogue display name
  std::vector<model::function> parts;
  model::generation gen = model::generation::any;
  risk::scale scale = risk::scale::national;
  decision outcome = decision::no_significant_risk;
  confidence conf = confidence::confirmed;
  std::vector<std::string> sources;
  std::string text;
  location where;
};

result<std::vector<precedent>> read_precedents(std::string_view text, const std::string& name,
                                               const model::vendor_catalog& catalog);
// The compiled-in table.
result<std::vector<precedent>> builtin_precedents(const model::vendor_catalog& catalog);

struct assessment;

// A precedent near a weighed change, and whether the weighing agrees with it.
struct precedent_match {
  const precedent* p = nullptr;
  int distance = 0;      // 0: same jurisdiction, vendor, part and generation
  bool agrees = false;   // the weighed decision for the nearest part equals the precedent's outcome
  std::string compared;  // "Huawei gnb (5G)": the part of this change it was compared with
  decision ours = decision::no_significant_risk;
  std::vector<std::string> differs_in;  // "jurisdiction", "vendor", "part", "generation"
};

// The `n` precedents nearest to the weighed parts of an assessment: nearer
// when the same jurisdiction (4), vendor (2), EU asset category (2; 1 for the
// same layer) and generation (1) -- smaller is nearer; ties: the more recent.
std::vector<precedent_match> nearest_precedents(std::span<const precedent> table, const assessment& a,
                                                std::size_t n = 3);

}  // namespace netvet::policy
