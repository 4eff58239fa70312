// netvet/policy/explain.h: the weighing shown on its own -- a vendor's
// profile as it stood on a date and the likelihood it yields (`netvet
// vendors --profile`), and the weighing of the installed elements an
// audit's findings concern (`netvet audit --explain`). docs/risk-model.md.
//
// Both read the settings of the pack's weigh rule (pack::weigh_rule()), or,
// without a pack or weigh rule, the risk model's defaults (risk::settings
// and weighing_spec's thresholds). A pack's own jurisdiction is the deciding
// one: its own designations are its rules, not L9 evidence.
//
// Results point into the knowledge and the pack they were read from (facts,
// criticality rows, the weigh rule's settings): both must outlive them.
// Pure functions of their arguments; safe to call from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "netvet/policy/assess.h"
#include "netvet/policy/index.h"
#include "netvet/policy/pack.h"
#include "netvet/risk/knowledge.h"

namespace netvet::policy {

// The settings used when no pack (or no weigh rule) gives any: the risk
// model's defaults. A constant with static storage.
const weighing_spec& default_weighing();

// A vendor's profile on a date and the likelihood it yields.
struct vendor_profile {
  date as_of;
  const pack* p = nullptr;      // the pack asked for; null: none (no deciding jurisdiction)
  const rule* weigh = nullptr;  // its weigh rule; null: the defaults
  std::string deciding;         // the pack's jurisdiction, or empty
  // The likelihood, factor by factor; `spec` is never null, `parts` empty.
  vendor_weighing weighing;
  // The sources the facts shown cite, in order of first citation; ids that
  // sources.csv lacks are listed apart.
  std::vector<const risk::source_ref*> sources;
  std::vector<std::string> missing_sources;
};

// `vendor` is a display name (the caller resolves spellings); a vendor with
// no profile yields an `unknown` likelihood, treated as the settings say.
vendor_profile read_profile(const risk::knowledge& k, const std::string& vendor, date as_of, const pack* p);

// The weighing of one (vendor, function, generations) group of installed
// elements a finding concerns.
struct group_weighing {
  std::string vendor;
  model::function fn = model::function::router;
  model::generation_set gens;
  std::uint64_t count = 0;                      // the group's elements the finding concerns
  std::uint64_t vendor_in_layer = 0;            // the vendor's elements in the function's layer
  std::uint64_t layer_total = 0;                // every element of that layer
  const vendor_weighing* likelihood = nullptr;  // into audit_explanation::vendors
  part_weighing part;                           // criticality, scale (with the network), impact, score, decision
};

struct audit_explanation {
  const rule* weigh = nullptr;          // the pack's weigh rule; null: the defaults
  const weighing_spec* spec = nullptr;  // never null once explained
  // Each vendor's likelihood on the audit date (no parts), by display name.
  std::map<std::string, vendor_weighing, std::less<>> vendors;
  // Parallel to audit_result::findings: each finding's groups, largest first.
  std::vector<std::vector<group_weighing>> findings;
};

// The weighing of every finding's elements: the vendor's likelihood (the
// pack's settings, the audit date, the pack's jurisdiction deciding), the
// part's criticality, the scale from the vendor's share of the layer's
// elements, impact, score and the decision the pack's thresholds give.
// `index` must be the one the audit was made on.
audit_explanation explain(const audit_result& a, const pack& p, const network_index& index, const risk::knowledge& k);

}  // namespace netvet::policy
