// netvet/generate/generator.h: synthetic national mobile networks.
//
// Writes a plausible national mobile operator in network CSV
// (docs/formats/network-csv.md), for benchmarks, demos and tests at any
// scale: core data centres (5G and 4G core, IMS, management, lawful
// interception, DNS/NTP/PKI) with meshed core routers; regional aggregation
// router pairs dual-homed to two data centres; access rings of cell-site
// routers (both ring ends on an aggregation pair); gNB and/or eNB at every
// site; microwave tail sites hanging off a ring site by one microwave link
// (single-homed: real single points of failure); OLTs at some city sites.
// Regions, coordinates, subscribers (lognormal), install dates, statuses,
// software versions and vendor mixes vary by layer and region; about 5% of
// vendor fields use messy spellings the catalogue resolves ("HUAWEI",
// "Telefonaktiebolaget LM Ericsson") and about 0.1% spellings no catalogue
// knows (`unknown_vendor_spellings()`). docs/generator.md has the details.
//
// Contract:
//  - deterministic: the same (sites, seed) gives the same bytes on every
//    platform (own PRNG, xoshiro256**; own Box-Muller; no <random>
//    distributions; coordinates are printed with fixed decimals);
//  - streaming: rows go to buffered files as they are made, memory stays
//    small whatever `sites` is (no network object is built);
//  - about 3 elements and 4 links per site; 1,000,000 sites give about
//    3 million elements and about 540 MB of CSV (about 660 MB with
//    `export_attributes`).
// Errors: invalid_input (sites out of range; a vendor share naming a vendor
// the generator does not draw for the RAN, out of 0..1, a vendor twice or
// shares above 1 together), io_error (cannot write).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"

namespace netvet::generate {

// Documented limit (README "Limits"): element indices stay 32-bit.
inline constexpr std::uint64_t kMaxSites = 25'000'000;

// A RAN vendor's share of the cell sites (`netvet generate --vendor-share
// Huawei=0.3`): that fraction of the sites with radios gets all its radios
// (gNB and eNB) from the vendor, drawn site by site from a random stream of
// its own; the other sites keep their region's mix, with a shared vendor
// replaced by the region's primary or secondary RAN vendor (or the first of
// the generator's RAN vendors) that no share names. So the vendor's share
// of RAN sites is `share` in expectation, whatever the regions drew.
struct vendor_share {
  std::string vendor;  // one of the generator's RAN vendors (ran_vendors())
  double share = 0;    // 0..1; the shares together at most 1
};

// Parses "VENDOR=SHARE" (SHARE a fraction 0..1, or a percentage ending in
// %); errors (invalid_input) name --vendor-share and the value.
result<vendor_share> parse_vendor_share(std::string_view text);

// The RAN vendors the generator draws (the names --vendor-share accepts).
std::span<const std::string_view> ran_vendors();

struct options {
  std::uint64_t sites = 1000;  // cell sites, 1..kMaxSites
  std::uint64_t seed = 1;
  // Adds the per-element columns real exports carry and no interning can
  // share: `serial` (16 random characters), `asset_tag` (a rising sequence
  // with gaps) and `netbox_id` (consecutive). Drawn from a random stream of
  // their own, so every other column is the same bytes as without them.
  bool export_attributes = false;
  // RAN vendor shares of the cell sites (see vendor_share); empty: the
  // regions' own mixes.
  std::vector<vendor_share> ran_shares;
  // Called with sites done and sites in all, now and then.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct stats {
  std::uint64_t sites = 0;
  std::uint64_t tail_sites = 0;  // microwave tails (single-homed)
  std::uint32_t data_centres = 0;
  std::uint32_t regions = 0;  // regions that have sites
  std::uint64_t elements = 0;
  std::uint64_t links = 0;
  std::uint64_t bytes = 0;  // elements.csv + links.csv
};

// The number of core data centres for `sites`: 2 + sites / 250,000, at most 8.
std::uint32_t data_centres_for(std::uint64_t sites);

// Writes `dir`/elements.csv and `dir`/links.csv (creating `dir`, one level;
// each file written to a temporary name and renamed when complete).
result<stats> write_network(const std::string& dir, const options& opt);

// The same network in memory (tests, small sizes).
struct texts {
  std::string elements_csv;
  std::string links_csv;
  stats counts;
};
result<texts> generate_texts(const options& opt);

// The vendor spellings the generator writes that are meant to resolve to no
// catalogue vendor (so tests can tell intended unknowns from mistakes).
std::span<const std::string_view> unknown_vendor_spellings();

}  // namespace netvet::generate
