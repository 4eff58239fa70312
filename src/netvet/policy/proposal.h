// netvet/policy/proposal.h: a notified network change (docs/formats/proposal.md).
//
// One YAML file (or the same structure as JSON: it is read as YAML). Keys:
// operator, jurisdiction (required), date (required, YYYY-MM-DD), title,
// summary, network (a network path relative to the proposal file), add (new
// elements: the fields of elements.csv, plus `count`), links (a, b, medium,
// capacity_gbps), remove (ids). Unknown keys, an unknown function, a bad date
// or number, a `generation` that contradicts the function (model/function.h,
// generation_fits) are errors naming file, line and key; so are (check_against) a
// `remove` id the network does not hold, a new id that collides, and a link
// to an element that is in neither.
//
// `count: N` makes N alike elements. Their ids: `<id>-<n>` when the entry has
// an `id`, else `new-<function>-<n>`, n from 1, zero-padded to the width of
// the largest n of that prefix (`gnb-akl-001` .. `gnb-akl-400`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/core/file_system.h"
#include "netvet/model/network.h"
#include "netvet/model/vendor.h"

namespace netvet::policy {

// The most elements one proposal may add (count included; README "Limits").
// `count: N` expands into N elements, each a full copy (about 500 bytes of
// peak memory an element through assess), so this bounds a proposal's memory
// at about 0.5 GB: at 10 million it took 5.8 GB and 98 s.
inline constexpr std::uint64_t kMaxProposalElements = 1'000'000;

struct proposed_element {
  std::string id;
  model::function fn = model::function::router;
  std::string vendor;  // as written
  std::string model, software, site, region, managed_by;
  double lat = model::kNoValue;
  double lon = model::kNoValue;
  std::uint32_t subscribers = 0;
  std::optional<date> installed;
  model::element_status status = model::element_status::active;
  model::generation_set generation;  // as written (`generation:`); empty: not stated
  std::size_t line = 0;
  // Resolved through the catalogue.
  std::optional<model::vendor_id> catalog_vendor;
  std::string vendor_name;  // display name, or the trimmed spelling if unknown
  std::optional<model::vendor_id> managed_vendor;
  model::vendor_folding vendor_folded;  // set: `vendor` matched only after folding (a disguised name)

  // What the element serves: `generation` when stated, else its function's.
  [[nodiscard]] model::generation_set generations() const { return model::effective_generations(fn, generation); }
};

struct proposed_link {
  std::string a, b;
  model::link_medium medium = model::link_medium::none;
  double capacity_gbps = model::kNoValue;
  std::size_t line = 0;
};

struct proposal {
  std::string file;
  std::string operator_name;
  std::string jurisdiction;
  std::size_t jurisdiction_line = 0;
  date when;
  std::string title;
  std::string summary;
  std::string network;  // resolved path, empty if none
  std::size_t network_line = 0;
  std::vector<proposed_element> add;
  std::vector<proposed_link> links;
  std::vector<std::string> remove;
  std::vector<std::size_t> remove_lines;
};

result<proposal> parse_proposal(std::string_view text, const std::string& file, const model::vendor_catalog& catalog);
// A proposal already parsed as JSON (a server's request body): the same
// reader, without writing it out as text for YAML to scan again. Its errors
// name fields; there are no lines to name.
result<proposal> parse_proposal_json(const nlohmann::json& doc, const std::string& file,
                                     const model::vendor_catalog& catalog);
// Reads a file through `fs` (the local file system when not given);
// `network:` resolves relative to the file's folder and must exist.
result<proposal> read_proposal(const std::string& path, const model::vendor_catalog& catalog);
result<proposal> read_proposal(const std::string& path, const model::vendor_catalog& catalog, file_system& fs);

// The proposal against the network it changes (nullptr: assessed alone).
// On success, the indices of the removed elements, in `remove` order.
result<std::vector<model::element_index>> check_against(const proposal& p, const model::network* net);

}  // namespace netvet::policy
