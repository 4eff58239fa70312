#include "netvet/usecase/prepared.h"

#include "netvet/usecase/policy.h"

namespace netvet::usecase {

std::size_t prepared_network::memory_bytes() const {
  // The network knows its size; the index, topology and outage table are
  // about as large again together (measured at 1M sites: 1.1x).
  return net ? net->memory_bytes() * 2 + 4096 : 4096;
}

std::shared_ptr<const prepared_network> prepare(const context& ctx, model::network net) {
  return prepare(ctx, std::make_unique<const model::network>(std::move(net)));
}

std::shared_ptr<const prepared_network> prepare(const context& ctx, std::unique_ptr<const model::network> owned) {
  auto out = std::make_shared<prepared_network>();
  out->index = std::make_unique<const policy::network_index>(*owned, ctx.catalog());
  out->topo = std::make_unique<const graph::topology>(graph::topology::build(*owned));
  graph::outage_options oo;
  oo.by_region = false;
  out->outages = std::make_unique<const graph::vendor_outage_table>(graph::vendor_outage_table::build(*owned, oo));
  out->net = std::move(owned);
  return out;
}

namespace {

result<text_assessment> assess_parsed(const context& ctx, policy::proposal prop, const std::string& name,
                                      const prepared_network* on, const std::string& policy,
                                      std::optional<date> as_of) {
  text_assessment out;
  if (on != nullptr && !prop.network.empty()) {
    return make_error(error_code::invalid_input, "a proposal may not name a network file here",
                      location{name, 0, 0, "network"});
  }
  out.proposal = std::make_unique<policy::proposal>(std::move(prop));
  NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, ctx.packs());
  NETVET_ASSIGN_OR_RETURN(out.pack, choose_pack(*lib, policy, *out.proposal, "policy"));
  const proposal_network none;
  const proposal_network against =
      on == nullptr ? none : proposal_network{on->net.get(), on->index.get(), on->outages.get()};
  NETVET_ASSIGN_OR_RETURN(out.assessment, evaluate_proposal(ctx, *out.pack, *out.proposal, against, as_of));
  return out;
}

}  // namespace

result<text_assessment> assess_text(const context& ctx, std::string_view text, const std::string& name,
                                    const prepared_network* on, const std::string& policy, std::optional<date> as_of) {
  NETVET_ASSIGN_OR_RETURN(auto prop, policy::parse_proposal(text, name, ctx.catalog()));
  return assess_parsed(ctx, std::move(prop), name, on, policy, as_of);
}

result<text_assessment> assess_json(const context& ctx, const nlohmann::json& doc, const std::string& name,
                                    const prepared_network* on, const std::string& policy, std::optional<date> as_of) {
  NETVET_ASSIGN_OR_RETURN(auto prop, policy::parse_proposal_json(doc, name, ctx.catalog()));
  return assess_parsed(ctx, std::move(prop), name, on, policy, as_of);
}

result<std::vector<policy::audit_result>> audit_prepared(const context& ctx, const prepared_network& on,
                                                         const std::string& policy, date as_of) {
  NETVET_ASSIGN_OR_RETURN(const auto packs, audit_packs(ctx, policy, "policy"));
  policy::audit_options opt;
  opt.as_of = as_of;
  std::vector<policy::audit_result> out;
  for (const auto* p : packs) {
    out.push_back(policy::evaluator(*p, on.index.get()).audit(opt));
  }
  return out;
}

}  // namespace netvet::usecase
