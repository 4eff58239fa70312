// netvet/policy/index.h: a network's elements grouped once for rule evaluation.
//
// Rules ask "how many elements of these vendors, in these parts, generations
// and regions, installed since this date": `network_index` answers from
// groups of elements that share (vendor, managing vendor, function,
// generation, region), built in one pass over the network. A network of
// millions of elements has a few thousand groups, so a rule costs
// O(groups), not O(elements); nothing is copied per rule. Groups keep their
// members (element indices, input order) and their sorted installation
// dates, for listing examples and for "installed on or after" counts.
//
// An element's generations are the network's (network.h, generations():
// what its row states, else its function's); elements that serve different
// generations are in different groups. An element's managing vendor is its `managed_by`
// resolved through the catalogue (none when empty or unknown).
//
// The index refers to the network and catalogue it was built from; both
// must outlive it. Immutable after build; safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "netvet/model/network.h"
#include "netvet/model/vendor.h"

namespace netvet::policy {

struct element_group {
  model::net_vendor_index vendor = 0;
  std::optional<model::vendor_id> catalog_vendor;  // nullopt: vendor unknown to the catalogue
  std::optional<model::vendor_id> managed_vendor;  // managed_by, resolved
  model::function fn = model::function::router;
  model::generation_set gens;  // what the members serve (empty: generation-neutral)
  string_id region = 0;
  std::uint64_t elements = 0;
  std::uint64_t subscribers = 0;
  std::vector<std::int32_t> installed;        // sorted days of the dated members
  std::vector<model::element_index> members;  // input order

  // Members installed on or after `d` (undated members are never counted).
  [[nodiscard]] std::uint64_t installed_since(date d) const;
};

class network_index {
 public:
  network_index(const model::network& net, const model::vendor_catalog& catalog);
  network_index(const network_index&) = delete;
  network_index& operator=(const network_index&) = delete;
  network_index(network_index&&) noexcept = default;
  network_index& operator=(network_index&&) noexcept = delete;
  ~network_index() = default;

  [[nodiscard]] const model::network& net() const { return *net_; }
  [[nodiscard]] const model::vendor_catalog& catalog() const { return *catalog_; }
  [[nodiscard]] const std::vector<element_group>& groups() const { return groups_; }
  [[nodiscard]] std::uint32_t group_of(model::element_index e) const { return group_of_[e]; }
  [[nodiscard]] model::generation_set generations_of(model::element_index e) const {
    return groups_[group_of_[e]].gens;
  }
  // Resolves a `managed_by` text the way the index does (for proposal elements).
  [[nodiscard]] std::optional<model::vendor_id> resolve_managed(std::string_view text) const;

 private:
  const model::network* net_;
  const model::vendor_catalog* catalog_;
  std::vector<element_group> groups_;
  std::vector<std::uint32_t> group_of_;
};

}  // namespace netvet::policy
