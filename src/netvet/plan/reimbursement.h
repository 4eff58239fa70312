// netvet/plan/reimbursement.h: the US Secure and Trusted Communications
// Networks Reimbursement Program ("rip and replace"; ../shared/policy/
// FACTS.md, US, and REPLACEMENT.md §1), as `netvet plan --reimbursement us`.
//
// Eligible: equipment of the program's covered companies obtained on or
// before 30 Jun 2020. Who they are is data, not code: the vendors of the
// `us` pack's designation `fcc_covered_telecom` (policies/us.yaml: the FCC
// Covered List's telecommunications entries, Huawei and ZTE, affiliates
// included through data/vendors.csv `parent`), resolved through the vendor
// catalogue (us_covered_list). An element counts when its vendor resolves to
// one of them. The network CSV has no purchase date; the element's
// `installed` date (the day it went into service, network-csv.md) stands in
// for it, so an element installed on or before 2020-06-30 is eligible, and
// an element without an `installed` date is not (the answer counts them).
// A site's eligible cost: the cost-model row of each eligible element, plus
// the site row when at least one element of the site is eligible.
//
// Rate: allocations were prorated to 39.5 % of approved costs (Jul 2022)
// until the FY2025 NDAA's $3.08 B was made available on 15 Apr 2025; after
// that, 100 %. A period's swaps are reimbursed at the rate in force on the
// period's last day (a claim follows the work). Whether the top-up also
// reached claims paid before April 2025 is not modelled. Net cost = gross
// cost - reimbursed.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/date.h"
#include "netvet/model/network.h"
#include "netvet/plan/costs.h"
#include "netvet/plan/duties.h"
#include "netvet/policy/pack.h"

namespace netvet::plan {

enum class reimbursement_program : std::uint8_t { none, us };

// The pack and designation whose vendors the US program covers.
inline constexpr std::string_view kUsProgramPack = "us";
inline constexpr std::string_view kUsProgramDesignation = "fcc_covered_telecom";

// The covered companies: a designation's resolved catalogue vendors.
struct covered_list {
  std::string pack;                    // "us"
  std::string designation;             // "fcc_covered_telecom"
  std::string title;                   // the designation's title, for the answer
  std::vector<std::string> names;      // as the pack lists them
  std::set<model::vendor_id> vendors;  // catalogue ids, affiliates included
};

// The list from the `us` pack. Errors: not_found when the pack has no such
// designation (a pack replaced by one without it).
result<covered_list> us_covered_list(const policy::pack& us);
std::optional<reimbursement_program> parse_reimbursement(std::string_view s);  // "none", "us"

struct eligibility {
  std::vector<double> eligible_cost;  // per site of the duties
  std::uint64_t eligible_elements = 0;
  std::uint64_t covered_without_date = 0;  // covered elements with no `installed` date: not eligible
  std::uint64_t covered_too_late = 0;      // covered elements installed after 2020-06-30
  covered_list list;                       // whose elements were counted as covered
};

eligibility us_eligibility(const model::network& net, const duties& work, const cost_model& costs,
                           const covered_list& list);

// The share of an eligible cost reimbursed for work in a period ending on `last`.
double us_rate(date last);

}  // namespace netvet::plan
