// netvet/usecase/risk.h: what the risk model says of a vendor on its own --
// its profile as it stood on a date and the likelihood it yields
// (docs/risk-model.md).
#pragma once

#include <optional>
#include <string>

#include "netvet/policy/explain.h"
#include "netvet/usecase/context.h"

namespace netvet::usecase {

struct profile_request {
  std::string vendor;         // any spelling the catalogue resolves (or a profiled subject)
  std::optional<date> as_of;  // empty: the context's today
  std::string policy;         // pack id or alias whose weigh rule's settings apply; empty: the defaults
};

struct profile_outcome {
  policy::vendor_profile profile;  // points into the context's knowledge and packs
};

// Errors: invalid_input (field --profile) for a name neither the catalogue
// nor the profiles know, suggesting the nearest catalogue names; the pack's
// (not_found naming the known ids, field --policy). A catalogue vendor with
// no profile is no error: its likelihood is `unknown`, as the settings treat it.
result<profile_outcome> vendor_profile(const context& ctx, const profile_request& request);

}  // namespace netvet::usecase
