#include "netvet/usecase/risk.h"

#include "netvet/core/text.h"

namespace netvet::usecase {

result<profile_outcome> vendor_profile(const context& ctx, const profile_request& request) {
  std::string name;
  if (const auto m = ctx.catalog().resolve(request.vendor); m.vendor) {
    name = ctx.catalog().info(*m.vendor).display_name;
  } else if (ctx.knowledge().has_profile(request.vendor)) {
    name = request.vendor;  // a subject only a profiles file names
  } else {
    const auto near = ctx.catalog().suggest(request.vendor);
    return make_error(error_code::invalid_input,
                      "unknown vendor '" + request.vendor + "'" +
                          (near.empty() ? std::string() : "; did you mean: " + join(near, ", ") + "?") +
                          " (netvet vendors lists the catalogue)",
                      location{"", 0, 0, "--profile"});
  }
  const policy::pack* p = nullptr;
  if (!request.policy.empty()) {
    NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, ctx.packs());
    NETVET_ASSIGN_OR_RETURN(p, lib->get(request.policy, "--policy"));
  }
  return profile_outcome{policy::read_profile(ctx.knowledge(), name, request.as_of.value_or(ctx.today()), p)};
}

}  // namespace netvet::usecase
