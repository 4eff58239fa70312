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
// (category ran) of a vendor being removed at a site join its swap. Share milestones ("at
// most 35 %") are not planned yet; they are named in `notes`.
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

struct milestone_duty {
  std::string pack;             // "user" for a --remove-vendor duty
  std::string origin = "pack";  // "pack" or "--remove-vendor"
  std::string rule;
  std::string title;
  date by;
  std::vector<std::uint32_t> sites;  // indices into duties::sites, ascending
  std::uint64_t elements = 0;
};

struct site_duty {
  std::string site;
  std::vector<model::element_index> elements;  // input order
  date deadline;                               // the earliest of its milestones
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
