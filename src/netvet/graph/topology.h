// netvet/graph/topology.h: the network as a compact graph, and who is served.
//
// A `topology` is built once from a `model::network` (O(elements + links))
// and answers, for the network as it is:
//   - the adjacency of up elements (CSR, uint32 indices; self-loops dropped,
//     parallel links kept, each with its link index),
//   - the connected components of up elements,
//   - which access elements are *served* (network-csv.md "Service and outage
//     semantics"): an access element (gnb, enb, olt) is served when it is up
//     and its component of up elements holds at least one up element of every
//     function of its service chain (gnb: amf, smf, upf; enb: mme, sgw, pgw;
//     olt: upf or pgw).
//
// Only `active` elements are up. Down elements have no adjacency and no
// component. The topology keeps a reference to the network, which must
// outlive it. Immutable after build; safe to read from several threads.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "netvet/model/network.h"

namespace netvet::graph {

using model::element_index;

// The three kinds of access element, each with its service chain.
enum class access_class : std::uint8_t { gnb, enb, olt };
inline constexpr std::size_t kAccessClassCount = 3;
std::optional<access_class> access_class_of(model::function f);
model::function function_of(access_class c);

// One bit per chain function: amf smf upf mme sgw pgw (bits 0..5).
using chain_mask = std::uint8_t;
// The chain bit of `f`, or 0 when `f` is in no service chain.
chain_mask chain_bit(model::function f);
// True when a component whose chain functions are `m` serves class `c`.
bool satisfies(access_class c, chain_mask m);
// Bits 0..2: the access classes a component with chain functions `m` serves.
std::uint8_t served_classes(chain_mask m);

inline constexpr std::uint32_t kNoComponent = std::numeric_limits<std::uint32_t>::max();

class topology {
 public:
  // Never fails: every network, empty included, has a topology.
  static topology build(const model::network& net);

  [[nodiscard]] const model::network& network() const { return *net_; }
  [[nodiscard]] std::size_t node_count() const { return up_.size(); }
  [[nodiscard]] bool up(element_index e) const { return up_[e] != 0; }

  // Up neighbours of an up element, one entry per link (parallel links repeat).
  [[nodiscard]] std::span<const element_index> neighbours(element_index e) const {
    return {adj_.data() + offset_[e], adj_.data() + offset_[e + 1]};
  }
  // The link index of each entry of neighbours(e), in the same order.
  [[nodiscard]] std::span<const model::link_index> neighbour_links(element_index e) const {
    return {adj_link_.data() + offset_[e], adj_link_.data() + offset_[e + 1]};
  }
  // Number of undirected up-up links (self-loops excluded).
  [[nodiscard]] std::size_t edge_count() const { return adj_.size() / 2; }

  // Component of an up element (dense 0-based), kNoComponent when down.
  [[nodiscard]] std::uint32_t component(element_index e) const { return comp_[e]; }
  [[nodiscard]] std::size_t component_count() const { return comp_mask_.size(); }
  [[nodiscard]] chain_mask component_mask(std::uint32_t c) const { return comp_mask_[c]; }

  // True when e is an access element served in the network as it is.
  [[nodiscard]] bool served(element_index e) const { return served_[e] != 0; }
  [[nodiscard]] std::uint64_t served_access() const { return served_access_; }
  [[nodiscard]] std::uint64_t served_subscribers() const { return served_subscribers_; }
  [[nodiscard]] std::uint64_t access_elements() const { return access_elements_; }
  [[nodiscard]] std::uint64_t access_subscribers() const { return access_subscribers_; }
  // True when at least one up element of a chain function exists.
  [[nodiscard]] bool has_core() const { return has_core_; }

  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  // The steps of build(), in order.
  void build_adjacency();
  void label_components();
  chain_mask label_component(element_index s, std::vector<element_index>& queue);
  void count_served();

  const model::network* net_ = nullptr;
  std::vector<std::uint8_t> up_;
  std::vector<std::uint32_t> offset_;
  std::vector<element_index> adj_;
  std::vector<model::link_index> adj_link_;
  std::vector<std::uint32_t> comp_;
  std::vector<chain_mask> comp_mask_;
  std::vector<std::uint8_t> served_;
  std::uint64_t served_access_ = 0;
  std::uint64_t served_subscribers_ = 0;
  std::uint64_t access_elements_ = 0;
  std::uint64_t access_subscribers_ = 0;
  bool has_core_ = false;
};

}  // namespace netvet::graph
