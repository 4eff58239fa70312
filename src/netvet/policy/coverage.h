// netvet/policy/coverage.h: which elements a rule covers, on which date --
// the one answer that assessment, audit and the removal planner share.
//
// A rule's `coverage` (pack.h) is resolved at load time into a vendor set
// and a function mask. This header turns it into questions about a network:
//  - the phase of a rule on a date (in force, not yet, expired) and the one
//    selection pass over a pack (`select_rules`);
//  - whether one element, or one group of a `network_index`, is covered;
//  - the covered groups of a network (optionally only members installed on
//    or after a date) and the covered elements themselves;
//  - shares for caps and share milestones: covered / total in elements,
//    subscribers or sites, for the whole network or one region, with the
//    exact integer comparison "strictly above the cap" (at the cap complies).
// Everything here is a pure function of its arguments; nothing is cached
// except in an explicit `site_tally`, which is immutable once built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/policy/index.h"
#include "netvet/policy/pack.h"

namespace netvet::policy {

// Where a rule stands on a date. Both ends of `in_force` are inclusive.
enum class rule_phase : std::uint8_t { in_force, not_yet, expired };
rule_phase phase_on(const in_force& dates, date d);

// The one selection pass: a pack's rules that are in force or not yet in
// force on `d` (expired ones dropped), in pack order.
struct selected_rule {
  const rule* r = nullptr;  // points into the pack
  rule_phase phase = rule_phase::in_force;
};
std::vector<selected_rule> select_rules(const pack& p, date d);

// What coverage asks of an element. A proposal's element and a network
// index's group both reduce to this.
struct element_facts {
  std::optional<model::vendor_id> vendor;   // catalogue id; nullopt: unknown vendor
  std::optional<model::vendor_id> managed;  // managed_by, resolved
  model::function fn = model::function::router;
  model::generation_set gens;  // what the element serves (empty: generation-neutral)
  std::string_view region;
};
element_facts facts_of(const element_group& g, std::string_view region);

// The part filters only (function, generation, region): the denominator of a share.
bool in_parts(const coverage& c, const element_facts& e);
// Vendor (or, with managed_services, the managing vendor) and parts.
bool covers(const coverage& c, const element_facts& e);

// The rule's coverage narrowed to a milestone's parts and generations.
coverage narrowed(const rule& r, const milestone& m);
// The same parts, every vendor and deployment: the denominator of a share.
coverage every_vendor(coverage c);

// A covered group of a network index, with the members counted.
struct covered_group {
  const element_group* group = nullptr;
  std::string_view region;
  std::uint64_t count = 0;  // members (installed on or after `since`, when given)
};
// Covered groups with at least one counted member, in index order.
std::vector<covered_group> covered_groups(const network_index& index, const coverage& c,
                                          std::optional<date> since = std::nullopt);
// The covered elements themselves, in input order (what a planner removes).
std::vector<model::element_index> covered_elements(const network_index& index, const coverage& c);
// Distinct regions with at least one element in `of`'s parts, sorted.
std::vector<std::string> regions_in(const network_index& index, const coverage& of);

// Per-site counts for shares counted in sites: how many elements in the
// denominator's parts, and how many covered, each site holds.
struct site_tally {
  std::vector<std::uint32_t> total_at;  // by site string id
  std::vector<std::uint32_t> covered_at;
  std::uint64_t total_sites = 0;
  std::uint64_t covered_sites = 0;
};
site_tally tally_sites(const network_index& index, const coverage& cov, const coverage& of);

struct share_count {
  std::uint64_t covered = 0;
  std::uint64_t total = 0;
};
// The covered share of `of`'s parts in the network, counted in `basis`, in
// one region (`region` non-null) or all. Sites are counted from `tally`,
// which must be the tally of (cov, of) when basis is sites.
share_count share_in(const network_index& index, const coverage& cov, const coverage& of, count_basis basis,
                     const std::string* region, const site_tally* tally);

// covered / total strictly above max_basis_points / 10000 (exact integers;
// a share exactly at the cap complies; total 0 never exceeds).
bool exceeds(std::uint64_t covered, std::uint64_t total, std::int64_t max_basis_points);

}  // namespace netvet::policy
