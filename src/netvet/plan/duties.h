// netvet/plan/duties.h: what the law orders removed, and by when -- read from
// the audit's own selection (policy/coverage.h), so that the planner removes
// exactly what `netvet audit` reports due.
//
// For each chosen pack, every `remove` rule in force or not yet in force on
// the start date and every milestone of it that orders full removal: the
// elements it covers (covered_elements of the rule narrowed to the
// milestone). Elements are grouped by site (an element without a site is a
// site of its own): a site is swapped whole, so the 5G radio and its 4G
// anchor at a site go together (REPLACEMENT.md §2): the other RAN elements
// (category ran) of a vendor being removed at a site join its swap.
//
// A share milestone ("at most 35 % of the 5G RAN by 31 Jul 2023") is a
// partial duty: the covered share of its parts at the start (policy/
// coverage.h share_in, the audit's own count, in elements or subscribers),
// and how much of it must go by the date for the share to be at or under the
// cap (`needed`: the least amount with exceeds() false, the same exact test
// the audit applies; a replaced element stays in the denominator, swapped to
// another vendor). When it needs anything, its covered elements' sites join
// the duties (with the units each removes); a site that
// no full-removal milestone needs has no deadline (an optional swap: the
// plan swaps it only to bring a share under its cap). Shares counted in
// sites are not planned (a note says so).
//
// The user's own duties (`netvet plan --remove-vendor NAME`): every element
// of the vendor, whatever its function, status or site, is one milestone of
// origin "--remove-vendor" (pack "user"), due on `by` (the plan's --until,
// or its end: the latest pack milestone, or the start when there is none),
// beside the packs' milestones; a site in both takes the earlier deadline.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "netvet/core/date.h"
#include "netvet/policy/index.h"
#include "netvet/policy/pack.h"

namespace netvet::plan {

// What a share milestone asks (see above); units are its basis's.
struct share_duty {
  double max_percent = 0;
  std::int64_t max_basis_points = 0;
  policy::count_basis basis = policy::count_basis::elements;
  std::uint64_t covered = 0;  // at the start
  std::uint64_t total = 0;
  std::uint64_t needed = 0;           // to remove by `by` (0: already at or under the cap)
  std::vector<std::uint64_t> weight;  // parallel to milestone_duty::sites: units removed with the site
};

// The least amount to remove from `covered` so that covered/total is at or
// under max_basis_points (policy::exceeds false).
std::uint64_t needed_to_comply(std::uint64_t covered, std::uint64_t total, std::int64_t max_basis_points);

struct milestone_duty {
  std::string pack;             // "user" for a --remove-vendor duty
  std::string origin = "pack";  // "pack" or "--remove-vendor"
  std::string rule;
  std::string title;
  date by;
  std::vector<std::uint32_t> sites;  // indices into duties::sites, ascending
  std::uint64_t elements = 0;
  std::optional<share_duty> share;  // a share milestone; nullopt: full removal
};

struct site_duty {
  std::string site;
  std::vector<model::element_index> elements;  // input order
  std::optional<date> deadline;  // the earliest of its full-removal milestones; nullopt: only a share wants it
  std::uint32_t anchors = 0;  // RAN elements of a removed vendor added to the swap (4G anchors), not in any milestone
};

struct duties {
  std::vector<site_duty> sites;  // in order of first element
  std::vector<milestone_duty> milestones;
  std::vector<std::string> notes;
};

// A vendor the user orders removed (--remove-vendor), resolved in the network.
struct vendor_removal {
  std::string name;  // the catalogue's display name (or the network's spelling of an unknown vendor)
  std::optional<model::net_vendor_index> vendor;  // nullopt: not in this network (no elements)
};

duties collect_duties(const policy::network_index& index, std::span<const policy::pack* const> packs, date start,
                      std::span<const vendor_removal> removals = {}, std::optional<date> until = std::nullopt);

}  // namespace netvet::plan
