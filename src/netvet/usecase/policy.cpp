#include "netvet/usecase/policy.h"

#include "netvet/graph/outage.h"

namespace netvet::usecase {
namespace {

// The pack named by the request, or by the proposal's jurisdiction.
result<const policy::pack*> pack_for(const policy::pack_library& lib, const assess_request& request,
                                     const policy::proposal& prop) {
  if (!request.policy.empty()) {
    return lib.get(request.policy, "--policy");
  }
  auto r = lib.get(prop.jurisdiction, "jurisdiction");
  if (!r) {
    auto e = r.take_error();
    e.where = location{prop.file, prop.jurisdiction_line, 0, "jurisdiction"};
    return e;
  }
  return r;
}

}  // namespace

policy::dependency_fn dependency_on(const graph::vendor_outage_table& outages, const model::vendor_catalog& catalog) {
  return [&outages, &catalog](std::string_view vendor) -> std::optional<std::uint64_t> {
    return outages.of(vendor, catalog).subscribers_lost;
  };
}

result<pack_check> validate_pack(const context& ctx, const std::string& path) {
  NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, ctx.packs());
  NETVET_ASSIGN_OR_RETURN(auto p, lib->load_file(path, ctx.catalog()));
  pack_check out;
  for (const auto& r : p.rules) {
    out.own_rules += r.origin_pack == p.id ? 1 : 0;
  }
  out.p = std::move(p);
  return out;
}

result<assess_outcome> assess(const context& ctx, const assess_request& request, const progress_fn& progress) {
  assess_outcome out;
  NETVET_ASSIGN_OR_RETURN(auto prop, policy::read_proposal(request.proposal, ctx.catalog()));
  out.proposal = std::make_unique<policy::proposal>(std::move(prop));
  NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, ctx.packs());
  NETVET_ASSIGN_OR_RETURN(const policy::pack* p, pack_for(*lib, request, *out.proposal));
  if (!out.proposal->network.empty()) {
    network_source source = request.network_options;
    source.path = out.proposal->network;
    source.workspace.clear();
    NETVET_ASSIGN_OR_RETURN(auto net, load_network(ctx, source, progress));
    out.network = std::make_unique<model::network>(std::move(net));
    out.index = std::make_unique<policy::network_index>(*out.network, ctx.catalog());
  }
  NETVET_ASSIGN_OR_RETURN(const auto removed, policy::check_against(*out.proposal, out.network.get()));
  policy::assessment_options opt;
  opt.as_of = request.as_of.value_or(out.proposal->when);
  if (out.network) {
    // Every vendor's outage in one pass over the network (the weighing and
    // the dependency lines ask per vendor; a topology per question cost
    // seconds at a million sites). Only subscribers are read: no regions.
    graph::outage_options oo;
    oo.by_region = false;
    out.outages = std::make_unique<graph::vendor_outage_table>(graph::vendor_outage_table::build(*out.network, oo));
    opt.dependency = dependency_on(*out.outages, ctx.catalog());
  }
  opt.knowledge = &ctx.knowledge();
  opt.precedents = ctx.precedents();
  const policy::evaluator ev(*p, out.index.get());
  out.assessment = ev.assess(*out.proposal, removed, opt);
  return out;
}

result<audit_outcome> audit(const context& ctx, const audit_request& request, const progress_fn& progress) {
  NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, ctx.packs());
  std::vector<const policy::pack*> packs;
  audit_outcome out;
  out.matrix = request.policy == "all";
  if (out.matrix) {
    for (const auto& p : lib->packs()) {
      packs.push_back(&p);
    }
  } else {
    NETVET_ASSIGN_OR_RETURN(const policy::pack* p, lib->get(request.policy, "--policy"));
    packs.push_back(p);
  }
  NETVET_ASSIGN_OR_RETURN(auto net, load_network(ctx, request.source, progress));
  out.network_name = request.source.display_name();
  out.network = std::make_unique<model::network>(std::move(net));
  out.index = std::make_unique<policy::network_index>(*out.network, ctx.catalog());
  policy::audit_options opt;
  opt.as_of = request.as_of.value_or(ctx.today());
  for (const auto* p : packs) {
    out.results.push_back(policy::evaluator(*p, out.index.get()).audit(opt));
    if (request.explain) {
      out.explanations.push_back(policy::explain(out.results.back(), *p, *out.index, ctx.knowledge()));
    }
  }
  return out;
}

bool any_at_or_above(const audit_outcome& outcome, policy::level at) {
  for (const auto& r : outcome.results) {
    if (policy::any_at_or_above(r.findings, at)) {
      return true;
    }
  }
  return false;
}

}  // namespace netvet::usecase
