#include "netvet/usecase/policy.h"

#include "netvet/core/text.h"
#include "netvet/graph/outage.h"
#include "netvet/io/cyclonedx.h"

namespace netvet::usecase {
namespace {

// The pack named by the request, or by the proposal's jurisdiction.
}  // namespace

result<const policy::pack*> choose_pack(const policy::pack_library& lib, const std::string& policy,
                                        const policy::proposal& prop, std::string_view field) {
  if (!policy.empty()) {
    return lib.get(policy, field);
  }
  auto r = lib.get(prop.jurisdiction, "jurisdiction");
  if (!r) {
    auto e = r.take_error();
    e.where = location{prop.file, prop.jurisdiction_line, 0, "jurisdiction"};
    return e;
  }
  return r;
}

result<policy::assessment> evaluate_proposal(const context& ctx, const policy::pack& p, const policy::proposal& prop,
                                             const proposal_network& on, std::optional<date> as_of) {
  NETVET_ASSIGN_OR_RETURN(const auto removed, policy::check_against(prop, on.net));
  policy::assessment_options opt;
  opt.as_of = as_of.value_or(prop.when);
  if (on.outages != nullptr) {
    opt.dependency = dependency_on(*on.outages, ctx.catalog());
  }
  opt.knowledge = &ctx.knowledge();
  opt.precedents = ctx.precedents();
  const policy::evaluator ev(p, on.index);
  return ev.assess(prop, removed, opt);
}

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
  NETVET_ASSIGN_OR_RETURN(const policy::pack* p, choose_pack(*lib, request.policy, *out.proposal, "--policy"));
  if (!out.proposal->network.empty()) {
    network_source source = request.network_options;
    source.path = out.proposal->network;
    source.workspace.clear();
    NETVET_ASSIGN_OR_RETURN(auto net, load_network(ctx, source, progress));
    out.network = std::make_unique<model::network>(std::move(net));
    out.index = std::make_unique<policy::network_index>(*out.network, ctx.catalog());
    // Every vendor's outage in one pass over the network (the weighing and
    // the dependency lines ask per vendor; a topology per question cost
    // seconds at a million sites). Only subscribers are read: no regions.
    graph::outage_options oo;
    oo.by_region = false;
    out.outages = std::make_unique<graph::vendor_outage_table>(graph::vendor_outage_table::build(*out.network, oo));
  }
  NETVET_ASSIGN_OR_RETURN(
      out.assessment, evaluate_proposal(ctx, *p, *out.proposal, {out.network.get(), out.index.get(), out.outages.get()},
                                        request.as_of));
  return out;
}

result<std::vector<const policy::pack*>> audit_packs(const context& ctx, const std::string& policy,
                                                     std::string_view field) {
  NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, ctx.packs());
  std::vector<const policy::pack*> packs;
  if (policy == "all") {
    for (const auto& p : lib->packs()) {
      packs.push_back(&p);
    }
    return packs;
  }
  NETVET_ASSIGN_OR_RETURN(const policy::pack* p, lib->get(policy, field));
  packs.push_back(p);
  return packs;
}

result<audit_outcome> audit(const context& ctx, const audit_request& request, const progress_fn& progress) {
  audit_outcome out;
  out.matrix = request.policy == "all";
  NETVET_ASSIGN_OR_RETURN(const auto packs, audit_packs(ctx, request.policy, "--policy"));
  NETVET_ASSIGN_OR_RETURN(auto in, import_network(ctx, request.source, progress));
  out.network_name = request.source.display_name();
  out.network = std::make_unique<model::network>(std::move(in.net));
  out.import_notes = std::move(in.report.notes);
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

namespace netvet::usecase {

namespace {

// One finding's properties on each element it counts; `worst` keeps each
// element's worst level.
void add_finding(const policy::audit_result& res, const policy::finding& f, io::bom_options& bom,
                 std::vector<std::optional<policy::level>>& worst) {
  const std::string rule = res.p->id + "/" + (f.r != nullptr ? f.r->id : std::string(policy::to_string(f.kind)));
  const std::string key = "netvet:finding:" + rule + ":";
  for (const model::element_index e : f.members) {
    auto& props = bom.element_properties[e];
    props.push_back({"netvet:finding", rule});
    props.push_back({key + "level", std::string(policy::to_string(f.lvl))});
    props.push_back({key + "kind", std::string(policy::to_string(f.kind))});
    if (f.r != nullptr) {
      props.push_back({key + "title", f.r->title});
      props.push_back({key + "source", f.r->src.cite()});
    }
    if (f.deadline) {
      props.push_back({key + "deadline", format_date(*f.deadline)});
    }
    if (!worst[e] || *worst[e] < f.lvl) {
      worst[e] = f.lvl;
    }
  }
}

}  // namespace

result<std::string> audit_bom(const context& ctx, const audit_outcome& outcome, std::string_view tool_version) {
  const model::network& net = *outcome.network;
  io::bom_options bom;
  bom.catalog = &ctx.catalog();
  bom.tool_version = std::string(tool_version);
  NETVET_ASSIGN_OR_RETURN(bom.timestamp, io::bom_timestamp());
  bom.element_properties.resize(net.element_count());
  std::vector<std::optional<policy::level>> worst(net.element_count());
  std::vector<std::string> packs;
  for (const auto& res : outcome.results) {
    packs.push_back(res.p->id);
    if (packs.size() == 1) {
      bom.metadata.push_back({"netvet:audit:as_of", format_date(res.as_of)});
    }
    for (const auto& f : res.findings) {
      add_finding(res, f, bom, worst);
    }
  }
  bom.metadata.push_back({"netvet:audit:policy", join(packs, ",")});
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (worst[e]) {
      bom.element_properties[e].push_back({"netvet:finding_level", std::string(policy::to_string(*worst[e]))});
    }
  }
  return io::write_cyclonedx(net, bom);
}

}  // namespace netvet::usecase
