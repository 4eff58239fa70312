// netvet/report/summary.h: what a network holds, and how its vendor
// spellings were resolved (`netvet summary`, `netvet vendors`).
#pragma once

#include <cstddef>

#include "netvet/model/network.h"
#include "netvet/model/vendor.h"
#include "netvet/report/table.h"

namespace netvet::report {

struct summary_options {
  std::size_t max_listed = 20;  // isolated elements listed by id (all are counted)
};

// Elements and links by function, by vendor and by region; subscribers;
// unknown vendors (with the closest catalogue names); isolated elements.
document summarize(const model::network& net, const model::vendor_catalog& catalog,
                   const summary_options& options = {});

// The catalogue itself.
document catalog_listing(const model::vendor_catalog& catalog);

// The vendors of a network: each spelling, the vendor it resolved to, how,
// and how many elements carry it.
document network_vendors(const model::network& net, const model::vendor_catalog& catalog);

// One warning line per inventory spelling that matched a vendor only after
// folding (vendor.h): the spelling, the vendor, why, how many elements; the
// same for each `managed_by` text (resolved through `catalog`, as the rules
// on managing vendors resolve it).
std::vector<std::string> disguised_vendor_warnings(const model::network& net, const model::vendor_catalog& catalog);

}  // namespace netvet::report
