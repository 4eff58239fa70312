#include "netvet/usecase/plan.h"

#include "netvet/usecase/policy.h"

namespace netvet::usecase {

result<plan_outcome> plan(const context& ctx, const plan_request& request, const progress_fn& progress) {
  if (request.policies.empty()) {
    return make_error(error_code::invalid_input, "name at least one pack", location{"", 0, 0, "--policy"});
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
  NETVET_ASSIGN_OR_RETURN(out.plan, plan::make_plan(*out.index, packs, costs, request.options));
  return out;
}

}  // namespace netvet::usecase
