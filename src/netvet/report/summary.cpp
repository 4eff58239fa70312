#include "netvet/report/summary.h"

#include <algorithm>
#include <map>

#include "netvet/core/text.h"

namespace netvet::report {

using model::element_index;
using model::network;

document summarize(const network& net, const model::vendor_catalog& catalog, const summary_options& options) {
  document doc;
  doc.kind = "summary";
  doc.title = "Network summary";
  const std::size_t n = net.element_count();

  // Degree, to find isolated elements (no link, self-loops ignored).
  std::vector<std::uint32_t> degree(n, 0);
  std::vector<std::uint64_t> fn_links(model::kFunctionCount, 0);
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    const auto a = net.link_a(l);
    const auto b = net.link_b(l);
    if (a != b) {
      ++degree[a];
      ++degree[b];
    }
    ++fn_links[static_cast<std::size_t>(net.fn(a))];
    if (a != b) {
      ++fn_links[static_cast<std::size_t>(net.fn(b))];
    }
  }

  struct agg {
    std::int64_t elements = 0;
    std::int64_t access = 0;
    std::int64_t subscribers = 0;
    std::int64_t up = 0;
  };
  std::vector<agg> by_fn(model::kFunctionCount);
  std::vector<agg> by_vendor(net.vendors().size());
  std::map<std::string_view, agg> by_region;
  std::int64_t subs = 0;
  std::int64_t isolated = 0;
  std::int64_t up = 0;
  std::vector<element_index> isolated_list;
  std::vector<std::uint8_t> site_seen;
  std::int64_t sites = 0;
  for (element_index e = 0; e < n; ++e) {
    const auto f = static_cast<std::size_t>(net.fn(e));
    const std::int64_t s = net.subscribers(e);
    const bool acc = model::is_access(net.fn(e));
    const bool is_up = net.is_up(e);
    auto bump = [&](agg& a) {
      ++a.elements;
      a.access += acc ? 1 : 0;
      a.subscribers += s;
      a.up += is_up ? 1 : 0;
    };
    bump(by_fn[f]);
    bump(by_vendor[net.vendor(e)]);
    bump(by_region[net.region(e)]);
    subs += s;
    up += is_up ? 1 : 0;
    if (degree[e] == 0) {
      ++isolated;
      if (isolated_list.size() < options.max_listed) {
        isolated_list.push_back(e);
      }
    }
    const auto sid = net.site_id(e);
    if (sid != 0) {
      if (sid >= site_seen.size()) {
        site_seen.resize(static_cast<std::size_t>(sid) + 1 + site_seen.size() / 2, 0);
      }
      if (site_seen[sid] == 0) {
        site_seen[sid] = 1;
        ++sites;
      }
    }
  }
  std::int64_t unknown = 0;
  for (const auto& v : net.vendors()) {
    unknown += v.known() ? 0 : 1;
  }
  doc.facts = {
      {"elements", "Elements", static_cast<std::int64_t>(n)},
      {"links", "Links", static_cast<std::int64_t>(net.link_count())},
      {"elements_up", "Elements up (status active)", up},
      {"sites", "Sites", sites},
      {"regions", "Regions", static_cast<std::int64_t>(by_region.size() - (by_region.count("") ? 1 : 0))},
      {"subscribers", "Subscribers", subs},
      {"vendors", "Vendors", static_cast<std::int64_t>(net.vendors().size())},
      {"unknown_vendors", "Unknown vendors", unknown},
      {"isolated_elements", "Isolated elements", isolated},
  };

  table tf;
  tf.name = "by_function";
  tf.title = "Elements by function";
  tf.add_column("function", column_type::text)
      .add_column("layer", column_type::text)
      .add_column("category", column_type::text, "EU asset category")
      .add_column("elements", column_type::integer)
      .add_column("links", column_type::integer, "link ends on elements of this function")
      .add_column("subscribers", column_type::integer);
  for (std::size_t f = 0; f < model::kFunctionCount; ++f) {
    if (by_fn[f].elements == 0) {
      continue;
    }
    const auto fn = static_cast<model::function>(f);
    tf.add_row({std::string(model::to_string(fn)), std::string(model::to_string(model::layer_of(fn))),
                std::string(model::to_string(model::category_of(fn))), by_fn[f].elements,
                static_cast<std::int64_t>(fn_links[f]), by_fn[f].subscribers});
  }
  doc.tables.push_back(std::move(tf));

  table tv;
  tv.name = "by_vendor";
  tv.title = "Elements by vendor";
  tv.add_column("vendor", column_type::text, "catalogue display name, or the spelling if unknown")
      .add_column("known", column_type::boolean, "in the vendor catalogue")
      .add_column("country", column_type::text, "home country (ISO 3166-1)")
      .add_column("elements", column_type::integer)
      .add_column("share", column_type::percent, "share of all elements")
      .add_column("access", column_type::integer, "access elements (gnb, enb, olt)")
      .add_column("subscribers", column_type::integer, "subscribers on its elements");
  std::vector<std::size_t> order(net.vendors().size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (by_vendor[a].elements != by_vendor[b].elements) {
      return by_vendor[a].elements > by_vendor[b].elements;
    }
    return net.vendors()[a].name < net.vendors()[b].name;
  });
  for (const auto i : order) {
    const auto& v = net.vendors()[i];
    tv.add_row({v.name, v.known(), v.known() ? catalog.info(*v.catalog_id).hq_country : std::string(),
                by_vendor[i].elements,
                n == 0 ? 0.0 : static_cast<double>(by_vendor[i].elements) / static_cast<double>(n), by_vendor[i].access,
                by_vendor[i].subscribers});
  }
  doc.tables.push_back(std::move(tv));

  table tr;
  tr.name = "by_region";
  tr.title = "Elements by region";
  tr.add_column("region", column_type::text)
      .add_column("elements", column_type::integer)
      .add_column("access", column_type::integer)
      .add_column("subscribers", column_type::integer);
  for (const auto& [name, a] : by_region) {
    tr.add_row({name.empty() ? std::string("(none)") : std::string(name), a.elements, a.access, a.subscribers});
  }
  doc.tables.push_back(std::move(tr));

  table tu;
  tu.name = "unknown_vendors";
  tu.title = "Unknown vendors (not in the catalogue)";
  tu.add_column("vendor", column_type::text)
      .add_column("elements", column_type::integer)
      .add_column("closest_known", column_type::text, "closest catalogue names");
  for (const auto i : order) {
    const auto& v = net.vendors()[i];
    if (!v.known()) {
      tu.add_row({v.name, by_vendor[i].elements, join(catalog.suggest(v.name), ", ")});
    }
  }
  doc.tables.push_back(std::move(tu));

  table ti;
  ti.name = "isolated";
  ti.title = "Isolated elements (no link)";
  ti.add_column("id", column_type::text)
      .add_column("function", column_type::text)
      .add_column("vendor", column_type::text)
      .add_column("site", column_type::text);
  for (const auto e : isolated_list) {
    ti.add_row({std::string(net.id(e)), std::string(model::to_string(net.fn(e))), std::string(net.vendor_name(e)),
                std::string(net.site(e))});
  }
  doc.tables.push_back(std::move(ti));
  if (isolated > static_cast<std::int64_t>(isolated_list.size())) {
    doc.notes.push_back("Isolated elements: " + std::to_string(isolated_list.size()) + " listed, and " +
                        std::to_string(isolated - static_cast<std::int64_t>(isolated_list.size())) + " more.");
  }
  return doc;
}

document catalog_listing(const model::vendor_catalog& catalog) {
  document doc;
  doc.kind = "vendor_catalog";
  doc.title = "Vendor catalogue";
  std::int64_t curated = 0;
  for (const auto& v : catalog.vendors()) {
    curated += v.origin == "device-type library" ? 0 : 1;
  }
  doc.facts = {{"vendors", "Vendors", static_cast<std::int64_t>(catalog.size())},
               {"curated", "With sourced facts (vendors.csv or user files)", curated}};
  table t;
  t.name = "vendors";
  t.title = "Vendors";
  t.add_column("vendor", column_type::text, "display name (the key in JSON)")
      .add_column("legal_name", column_type::text)
      .add_column("country", column_type::text)
      .add_column("parent", column_type::text)
      .add_column("aliases", column_type::text)
      .add_column("origin", column_type::text);
  for (const auto& v : catalog.vendors()) {
    t.add_row({v.display_name, v.canonical_name, v.hq_country, v.parent, join(v.aliases, "; "), v.origin});
  }
  doc.tables.push_back(std::move(t));
  return doc;
}

document network_vendors(const network& net, const model::vendor_catalog& catalog) {
  document doc;
  doc.kind = "network_vendors";
  doc.title = "Vendors of the network";
  std::vector<std::int64_t> counts(net.vendors().size(), 0);
  for (const auto& s : net.spellings()) {
    counts[s.vendor] += static_cast<std::int64_t>(s.elements);
  }
  table tv;
  tv.name = "vendors";
  tv.title = "Vendors";
  tv.add_column("vendor", column_type::text)
      .add_column("known", column_type::boolean)
      .add_column("legal_name", column_type::text)
      .add_column("country", column_type::text)
      .add_column("parent", column_type::text)
      .add_column("elements", column_type::integer);
  for (std::size_t i = 0; i < net.vendors().size(); ++i) {
    const auto& v = net.vendors()[i];
    if (v.known()) {
      const auto& info = catalog.info(*v.catalog_id);
      tv.add_row({v.name, true, info.canonical_name, info.hq_country, info.parent, counts[i]});
    } else {
      tv.add_row({v.name, false, std::string(), std::string(), std::string(), counts[i]});
    }
  }
  std::stable_sort(tv.rows.begin(), tv.rows.end(), [](const auto& a, const auto& b) {
    return std::get<std::int64_t>(a[5]) > std::get<std::int64_t>(b[5]);
  });
  doc.tables.push_back(std::move(tv));

  table ts;
  ts.name = "spellings";
  ts.title = "How each spelling was resolved";
  ts.add_column("spelling", column_type::text, "as the inventory wrote it")
      .add_column("vendor", column_type::text)
      .add_column("matched_by", column_type::text, "display name, legal name, alias or unknown")
      .add_column("matched", column_type::text, "the catalogue name or alias it matched")
      .add_column("elements", column_type::integer)
      .add_column("closest_known", column_type::text, "for unknown vendors");
  for (const auto& s : net.spellings()) {
    const bool known = net.vendors()[s.vendor].known();
    ts.add_row({s.spelling, net.vendors()[s.vendor].name, std::string(model::to_string(s.kind)), s.matched,
                static_cast<std::int64_t>(s.elements),
                known ? std::string() : join(catalog.suggest(s.spelling), ", ")});
  }
  doc.tables.push_back(std::move(ts));
  return doc;
}

}  // namespace netvet::report
