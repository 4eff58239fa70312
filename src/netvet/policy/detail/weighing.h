// netvet/policy/detail/weighing.h (private): the `weigh` effect -- its
// settings as read from a pack (`weighing:`, docs/policy-packs.md) and its
// evaluator (effects table, detail/evaluation.h).
#pragma once

#include <vector>

#include <yaml-cpp/yaml.h>

#include "netvet/policy/detail/evaluation.h"
#include "netvet/policy/pack.h"
#include "netvet/policy/yaml_util.h"

namespace netvet::policy::detail {

// Reads a weigh rule's `weighing:` map (undefined or null: every default).
weighing_spec parse_weighing(yaml_doc& doc, const YAML::Node& n);

// The weigh rule's findings for a proposal: one per weighed vendor.
void assess_weigh(const rule& r, const context& ctx, change& ch, std::vector<finding>& out);

}  // namespace netvet::policy::detail
