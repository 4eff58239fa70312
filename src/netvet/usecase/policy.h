// netvet/usecase/policy.h: the jurisdiction packs, assessing a notified
// change, and auditing a network on a date.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "netvet/graph/outage.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/explain.h"
#include "netvet/policy/index.h"
#include "netvet/policy/loader.h"
#include "netvet/policy/proposal.h"
#include "netvet/usecase/network.h"

namespace netvet::usecase {

// A user's pack file, checked against the library (its `extends`).
struct pack_check {
  policy::pack p;
  std::size_t own_rules = 0;
};
result<pack_check> validate_pack(const context& ctx, const std::string& path);

struct assess_request {
  std::string proposal;            // the proposal file (YAML or JSON)
  std::string policy;              // pack id or alias; empty: the proposal's jurisdiction
  std::optional<date> as_of;       // empty: the proposal's date
  network_source network_options;  // reader options for the proposal's `network` (its path is the proposal's)
};

// An assessment and everything it points into (the proposal, the network,
// the index, the network's vendor outage table), kept together and at stable
// addresses.
struct assess_outcome {
  std::unique_ptr<policy::proposal> proposal;
  std::unique_ptr<model::network> network;  // null: the proposal names none
  std::unique_ptr<policy::network_index> index;
  std::unique_ptr<graph::vendor_outage_table> outages;  // null: no network
  policy::assessment assessment;
};
// Errors: the proposal's (invalid_input with file, line and key), the pack
// (not_found naming the known ids, at the proposal's `jurisdiction` line),
// the network's, and check_against's (ids added twice, removed ids absent).
result<assess_outcome> assess(const context& ctx, const assess_request& request, const progress_fn& progress = {});

// The pack a proposal is assessed by: `policy` (an id or alias) when given,
// else the proposal's jurisdiction (not_found at its line); an unknown
// `policy` is not_found naming `field`.
result<const policy::pack*> choose_pack(const policy::pack_library& lib, const std::string& policy,
                                        const policy::proposal& prop, std::string_view field);

// What a proposal is assessed against: a network with its index and vendor
// outage table (all null: the proposal names no network). Not owned.
struct proposal_network {
  const model::network* net = nullptr;
  const policy::network_index* index = nullptr;
  const graph::vendor_outage_table* outages = nullptr;
};
// The assessment of `prop` by `p` against `on` on `as_of` (empty: the
// proposal's date): the one evaluation behind `assess` and the server's.
result<policy::assessment> evaluate_proposal(const context& ctx, const policy::pack& p, const policy::proposal& prop,
                                             const proposal_network& on, std::optional<date> as_of);

// The assessment's dependency figures (policy's extension point, answered by
// the graph concern): the subscribers whose service already depends on a
// vendor, i.e. its outage's subscribers_lost, read from a table built once per
// network (by assess above; a caller that assesses many proposals against one
// network builds it once and keeps it). Holds references to `outages` and
// `catalog`, which must outlive it.
policy::dependency_fn dependency_on(const graph::vendor_outage_table& outages, const model::vendor_catalog& catalog);

struct audit_request {
  network_source source;
  std::string policy;         // pack id or alias, or "all" for every pack
  std::optional<date> as_of;  // empty: the context's today
  bool explain = false;       // also weigh each finding's elements (policy/explain.h)
};
struct audit_outcome {
  std::string network_name;
  std::unique_ptr<model::network> network;
  std::unique_ptr<policy::network_index> index;
  bool matrix = false;  // policy "all"
  std::vector<policy::audit_result> results;
  std::vector<policy::audit_explanation> explanations;  // parallel to results, with explain
  std::vector<std::string> import_notes;                // what the reader did not map (io::import_report)
};
// The packs an audit by `policy` reads: that pack, or every pack for "all";
// not_found naming `field` for an unknown id.
result<std::vector<const policy::pack*>> audit_packs(const context& ctx, const std::string& policy,
                                                     std::string_view field);
result<audit_outcome> audit(const context& ctx, const audit_request& request, const progress_fn& progress = {});

// `netvet audit --format cyclonedx`: the audited network as a CycloneDX 1.6
// BOM (io/cyclonedx.h) whose components carry their findings as properties:
// `netvet:finding` = "<pack>/<rule>" once per finding, and for each
// `netvet:finding:<pack>/<rule>:level|title|source|deadline|kind`, then
// `netvet:finding_level`, the worst level on that component. Timestamp as
// io::bom_timestamp; docs/formats/cyclonedx.md lists every property.
result<std::string> audit_bom(const context& ctx, const audit_outcome& outcome, std::string_view tool_version = {});

// Whether any finding of the outcome is at or above `at` (for --fail-on).
bool any_at_or_above(const audit_outcome& outcome, policy::level at);

}  // namespace netvet::usecase
