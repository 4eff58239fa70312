// netvet/usecase/prepared.h: a network held in memory for many questions.
//
// The CLI loads a network per command; a server answers many questions of
// the same snapshot. A `prepared_network` is the network with what every
// question builds from it once -- the policy index, the topology and the
// vendor outage table -- at stable addresses, shared read-only between
// threads (nothing in it changes after `prepare`). The assess and audit
// functions here are the ones the CLI's use cases run, minus the reading.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/graph/outage.h"
#include "netvet/graph/topology.h"
#include "netvet/model/network.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/index.h"
#include "netvet/policy/proposal.h"
#include "netvet/usecase/context.h"

namespace netvet::usecase {

struct prepared_network {
  std::unique_ptr<const model::network> net;
  std::unique_ptr<const policy::network_index> index;
  std::unique_ptr<const graph::topology> topo;
  std::unique_ptr<const graph::vendor_outage_table> outages;
  // What it holds in memory, roughly (for a cache's budget).
  [[nodiscard]] std::size_t memory_bytes() const;
};

std::shared_ptr<const prepared_network> prepare(const context& ctx, model::network net);
// The same of a network already owned where it will stay: others may read
// `*net` while it is prepared (a network never changes once built).
std::shared_ptr<const prepared_network> prepare(const context& ctx, std::unique_ptr<const model::network> net);

// An assessment of a proposal given as text (YAML or JSON, proposal.md),
// against `on` (null: the proposal has no network). `name` is what errors
// call the proposal. The proposal may not name a network file of its own
// (invalid_input, field `network`) when `on` is given: the caller chose it.
struct text_assessment {
  std::unique_ptr<policy::proposal> proposal;
  policy::assessment assessment;
  const policy::pack* pack = nullptr;
};
result<text_assessment> assess_text(const context& ctx, std::string_view text, const std::string& name,
                                    const prepared_network* on, const std::string& policy, std::optional<date> as_of);
// The same of a proposal already parsed as JSON (the server's request bodies).
result<text_assessment> assess_json(const context& ctx, const nlohmann::json& doc, const std::string& name,
                                    const prepared_network* on, const std::string& policy, std::optional<date> as_of);

// The audit of `on` by pack `policy` ("all": every pack) on `as_of`.
result<std::vector<policy::audit_result>> audit_prepared(const context& ctx, const prepared_network& on,
                                                         const std::string& policy, date as_of);

}  // namespace netvet::usecase
