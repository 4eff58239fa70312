#include "netvet/usecase/plan.h"

#include "netvet/core/text.h"
#include "netvet/usecase/policy.h"

namespace netvet::usecase {
namespace {

result<plan::cost_model> read_costs(const context& ctx, const std::string& file) {
  if (file.empty()) {
    return plan::cost_model::defaults();
  }
  NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(ctx.files(), file));
  return plan::cost_model::read(std::move(rd));
}

// --budget FILE and --capacity FILE (plan/limits.h), --rates FILE
// (plan/rates.h) into the options.
status read_option_files(const context& ctx, const plan_request& request, plan::plan_options& options) {
  if (!request.rates_file.empty()) {
    NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(ctx.files(), request.rates_file));
    NETVET_ASSIGN_OR_RETURN(options.rates, plan::rate_table::read(std::move(rd)));
  }
  for (auto [file, table] : {std::pair{&request.budget_file, &options.budget_table},
                             std::pair{&request.capacity_file, &options.capacity_table}}) {
    if (!file->empty()) {
      NETVET_ASSIGN_OR_RETURN(auto rd, csv_reader::open_file(ctx.files(), *file));
      NETVET_ASSIGN_OR_RETURN(*table, plan::read_limits(std::move(rd), options.length));
    }
  }
  return {};
}

}  // namespace

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
  NETVET_ASSIGN_OR_RETURN(const auto costs, read_costs(ctx, request.costs_file));
  auto options = request.options;
  NETVET_TRY(read_option_files(ctx, request, options));
  if (options.reimbursement == plan::reimbursement_program::us) {
    NETVET_ASSIGN_OR_RETURN(const auto us, audit_packs(ctx, std::string(plan::kUsProgramPack), "--reimbursement"));
    if (us.size() != 1) {
      return make_error(error_code::not_found, "--reimbursement us: no single pack us",
                        location{"", 0, 0, "--reimbursement"});
    }
    NETVET_ASSIGN_OR_RETURN(options.covered, plan::us_covered_list(*us.front()));
  }
  plan_outcome out;
  NETVET_ASSIGN_OR_RETURN(auto net, load_network(ctx, request.source, progress));
  out.network_name = request.source.display_name();
  out.network = std::make_unique<model::network>(std::move(net));
  out.index = std::make_unique<policy::network_index>(*out.network, ctx.catalog());
  for (const auto& v : request.remove_vendors) {
    NETVET_ASSIGN_OR_RETURN(auto r, resolve_removal(ctx, *out.network, v));
    options.remove_vendors.push_back(std::move(r));
  }
  NETVET_ASSIGN_OR_RETURN(out.plan, plan::make_plan(*out.index, packs, costs, options));
  return out;
}

}  // namespace netvet::usecase
