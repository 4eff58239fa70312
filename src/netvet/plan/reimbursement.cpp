#include "netvet/plan/reimbursement.h"

namespace netvet::plan {
namespace {

constexpr double kProratedRate = 0.395;  // FACTS.md US: allocations prorated to ~39.5 % (Jul 2022)

date cutoff() { return *parse_date("2020-06-30"); }        // obtained on or before (FACTS.md US)
date full_funding() { return *parse_date("2025-04-15"); }  // the $3.08 B made available (REPLACEMENT.md 1.1)

bool covered(const model::network& net, model::element_index e, const covered_list& list) {
  const auto& v = net.vendors()[net.vendor(e)];
  return v.catalog_id && list.vendors.contains(*v.catalog_id);
}

}  // namespace

std::optional<reimbursement_program> parse_reimbursement(std::string_view s) {
  if (s == "none") {
    return reimbursement_program::none;
  }
  if (s == "us") {
    return reimbursement_program::us;
  }
  return std::nullopt;
}

result<covered_list> us_covered_list(const policy::pack& us) {
  const auto* d = us.find_designation(kUsProgramDesignation);
  if (d == nullptr) {
    return make_error(error_code::not_found,
                      "--reimbursement us needs the designation " + std::string(kUsProgramDesignation) +
                          " of the pack " + us.id + " (the FCC Covered List's telecommunications entries)",
                      location{us.file, 0, 0, "--reimbursement"});
  }
  return covered_list{us.id, d->id, d->title, d->vendors, d->resolved};
}

eligibility us_eligibility(const model::network& net, const duties& work, const cost_model& costs,
                           const covered_list& list) {
  eligibility out;
  out.list = list;
  out.eligible_cost.assign(work.sites.size(), 0.0);
  for (std::size_t s = 0; s < work.sites.size(); ++s) {
    bool any = false;
    for (const auto e : work.sites[s].elements) {
      if (!covered(net, e, list)) {
        continue;
      }
      const auto installed = net.installed(e);
      if (!installed) {
        ++out.covered_without_date;
      } else if (cutoff() < *installed) {
        ++out.covered_too_late;
      } else {
        ++out.eligible_elements;
        out.eligible_cost[s] += costs.of(net.fn(e)).cost;
        any = true;
      }
    }
    if (any) {
      out.eligible_cost[s] += costs.site().cost;
    }
  }
  return out;
}

double us_rate(date last) { return last < full_funding() ? kProratedRate : 1.0; }

}  // namespace netvet::plan
