#include "netvet/usecase/plan.h"

#include "netvet/core/text.h"
#include "netvet/usecase/policy.h"

namespace netvet::usecase {
namespace {

// A --remove-vendor spelling through the vendor catalogue (network-csv.md
// "Vendor names"); a spelling the catalogue does not know is accepted only
// when the network has a vendor of that spelling (unknown vendors are kept).
result<plan::vendor_removal> resolve_removal(const context& ctx, const model::network& net,
                                             const std::string& spelling) {
  plan::vendor_removal r;
  const auto m = ctx.catalog().resolve(spelling);
  r.name = m.vendor ? ctx.catalog().info(*m.vendor).display_name : std::string(trim(spelling));
  r.vendor = net.find_vendor(r.name);
  if (!m.vendor && !r.vendor) {
    std::string hint;
    for (const auto& s : ctx.catalog().suggest(spelling)) {
      hint += hint.empty() ? "; did you mean " + s : ", " + s;
    }
    return make_error(error_code::not_found,
                      "unknown vendor '" + spelling + "': not in the vendor catalogue nor in the network" + hint,
                      location{"", 0, 0, "--remove-vendor"});
  }
  return r;
}

}  // namespace

result<plan_outcome> plan(const context& ctx, const plan_request& request, const progress_fn& progress) {
  if (request.policies.empty() && request.remove_vendors.empty()) {
    return make_error(error_code::invalid_input, "name at least one pack (--policy) or vendor (--remove-vendor)",
                      location{"", 0, 0, "--policy"});
  }
  std::vector<const policy::pack*> packs;
  for (const auto& id : request.policies) {
    NETVET_ASSIGN_OR_RETURN(const auto some, audit_packs(ctx, id, "--policy"));
    packs.insert(packs.end(), some.begin(), some.end());
  }
  plan::cost_model costs;
  if (request.costs_file.empty()) {
    NETVET_ASSIGN_OR_RETURN(costs, plan::cost_model::defaults());
  } else {
    NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(ctx.files(), request.costs_file));
    NETVET_ASSIGN_OR_RETURN(costs, plan::cost_model::read(std::move(rd)));
  }
  plan_outcome out;
  NETVET_ASSIGN_OR_RETURN(auto net, load_network(ctx, request.source, progress));
  out.network_name = request.source.display_name();
  out.network = std::make_unique<model::network>(std::move(net));
  out.index = std::make_unique<policy::network_index>(*out.network, ctx.catalog());
  auto options = request.options;
  for (const auto& v : request.remove_vendors) {
    NETVET_ASSIGN_OR_RETURN(auto r, resolve_removal(ctx, *out.network, v));
    options.remove_vendors.push_back(std::move(r));
  }
  NETVET_ASSIGN_OR_RETURN(out.plan, plan::make_plan(*out.index, packs, costs, options));
  return out;
}

}  // namespace netvet::usecase
