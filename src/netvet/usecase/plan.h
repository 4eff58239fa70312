// netvet/usecase/plan.h: `netvet plan` -- the cheapest schedule that removes
// what the chosen packs order removed (plan/plan.h), on a network read from
// a path or a workspace snapshot.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netvet/plan/plan.h"
#include "netvet/policy/index.h"
#include "netvet/usecase/network.h"

namespace netvet::usecase {

struct plan_request {
  network_source source;
  std::vector<std::string> policies;        // pack ids or aliases
  std::vector<std::string> remove_vendors;  // --remove-vendor spellings (at least one of the two lists)
  std::string costs_file;                   // empty: the default cost model (data/plan/costs.csv)
  std::string rates_file;                   // --rates FILE; empty: data/plan/rates.csv (plan/rates.h)
  std::string budget_file;                  // --budget FILE (plan/limits.h); empty: the options' scalar
  std::string capacity_file;                // --capacity FILE, crew-days; empty: the options' crews
  plan::plan_options options;
};

struct plan_outcome {
  std::string network_name;
  std::unique_ptr<model::network> network;
  std::unique_ptr<policy::network_index> index;
  plan::removal_plan plan;
};

// Errors: an unknown pack (not_found naming --policy), a --remove-vendor
// spelling that names no vendor of the catalogue nor of the network
// (not_found naming --remove-vendor, with the closest names), the cost model's
// and the rates' (invalid_input naming file, line and field; not_found for a
// missing file),
// the network's, make_plan's.
result<plan_outcome> plan(const context& ctx, const plan_request& request, const progress_fn& progress = {});

// A --remove-vendor spelling through the vendor catalogue (network-csv.md
// "Vendor names"); a spelling the catalogue does not know is accepted only
// when the network has a vendor of that spelling. Errors: not_found naming
// --remove-vendor, with the closest names.
result<plan::vendor_removal> resolve_removal(const context& ctx, const model::network& net,
                                             const std::string& spelling);

}  // namespace netvet::usecase
