#include "netvet/graph/exposure.h"

#include <algorithm>
#include <array>

namespace netvet::graph {

namespace {

struct layer_counts {
  std::uint64_t elements = 0;
  std::uint64_t sites = 0;
  std::uint64_t subscribers = 0;
};

report::cell share(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) {
    return std::monostate{};
  }
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

report::document exposure_report(const topology& topo, const outage_options& options) {
  const auto& net = topo.network();
  const std::size_t nv = net.vendors().size();
  const std::size_t n = net.element_count();
  constexpr std::size_t kL = model::kLayerCount;
  std::vector<std::array<layer_counts, kL>> by(nv);
  std::array<layer_counts, kL> total{};
  std::vector<std::uint64_t> vendor_elements(nv, 0);
  std::vector<std::uint64_t> vendor_sites(nv, 0);
  std::uint64_t all_sites = 0;
  // Distinct (site, layer, vendor): sort packed keys. site < 2^32, vendor < 2^24.
  std::vector<std::uint64_t> keys;
  keys.reserve(n);
  for (element_index e = 0; e < n; ++e) {
    const auto l = static_cast<std::size_t>(model::layer_of(net.fn(e)));
    const auto v = net.vendor(e);
    auto& c = by[v][l];
    ++c.elements;
    c.subscribers += net.subscribers(e);
    ++total[l].elements;
    total[l].subscribers += net.subscribers(e);
    ++vendor_elements[v];
    if (net.site_id(e) != 0) {
      keys.push_back((static_cast<std::uint64_t>(net.site_id(e)) << 32U) | (static_cast<std::uint64_t>(v) << 3U) | l);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  {
    // keys sorted by site, then vendor, then layer.
    std::array<std::uint8_t, kL> layer_seen{};
    std::uint64_t cur_site = ~0ULL;
    std::uint64_t cur_sv = ~0ULL;
    for (const std::uint64_t k : keys) {
      const std::uint64_t site = k >> 32U;
      const std::uint64_t sv = k >> 3U;
      const auto v = static_cast<std::size_t>((k >> 3U) & 0x1FFFFFFFULL);
      const auto l = static_cast<std::size_t>(k & 7U);
      if (site != cur_site) {
        cur_site = site;
        layer_seen.fill(0);
        ++all_sites;
      }
      if (sv != cur_sv) {
        cur_sv = sv;
        ++vendor_sites[v];
      }
      ++by[v][l].sites;
      if (!layer_seen[l]) {
        layer_seen[l] = 1;
        ++total[l].sites;
      }
    }
  }
  const auto outages = all_vendor_outages(topo, outage_options{options.threads, false});

  report::document doc;
  doc.kind = "exposure";
  doc.title = "Vendor exposure";
  using report::column_type;
  doc.facts.push_back({"elements", "Elements", static_cast<std::int64_t>(n)});
  doc.facts.push_back({"sites", "Sites", static_cast<std::int64_t>(all_sites)});
  doc.facts.push_back({"vendors", "Vendors", static_cast<std::int64_t>(nv)});
  doc.facts.push_back(
      {"served_subscribers", "Subscribers served", static_cast<std::int64_t>(topo.served_subscribers())});

  std::vector<std::size_t> order(nv);
  for (std::size_t i = 0; i < nv; ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (outages[a].subscribers_lost != outages[b].subscribers_lost) {
      return outages[a].subscribers_lost > outages[b].subscribers_lost;
    }
    if (vendor_elements[a] != vendor_elements[b]) {
      return vendor_elements[a] > vendor_elements[b];
    }
    return net.vendors()[a].name < net.vendors()[b].name;
  });

  report::table bv;
  bv.name = "by_vendor";
  bv.title = "Vendors: footprint and the subscribers depending on each";
  bv.add_column("vendor", column_type::text, "display name")
      .add_column("known", column_type::boolean, "in the vendor catalogue")
      .add_column("elements", column_type::integer)
      .add_column("element_share", column_type::percent)
      .add_column("sites", column_type::integer, "sites with at least one of its elements")
      .add_column("site_share", column_type::percent)
      .add_column("dependent_subscribers", column_type::integer, "subscribers lost in its outage")
      .add_column("dependent_share", column_type::percent, "of subscribers served");
  report::table bl;
  bl.name = "by_vendor_layer";
  bl.title = "Vendors by layer";
  bl.add_column("vendor", column_type::text)
      .add_column("layer", column_type::text)
      .add_column("elements", column_type::integer)
      .add_column("element_share", column_type::percent, "of the layer's elements")
      .add_column("sites", column_type::integer)
      .add_column("site_share", column_type::percent, "of the sites where the layer has an element")
      .add_column("subscribers", column_type::integer, "on its elements of the layer")
      .add_column("subscriber_share", column_type::percent, "of the layer's subscribers");
  nlohmann::json vendors_json = nlohmann::json::object();
  for (const std::size_t v : order) {
    const auto& name = net.vendors()[v].name;
    bv.add_row({name, net.vendors()[v].known(), static_cast<std::int64_t>(vendor_elements[v]),
                share(vendor_elements[v], n), static_cast<std::int64_t>(vendor_sites[v]),
                share(vendor_sites[v], all_sites), static_cast<std::int64_t>(outages[v].subscribers_lost),
                share(outages[v].subscribers_lost, topo.served_subscribers())});
    nlohmann::json vj = {{"elements", vendor_elements[v]},
                         {"sites", vendor_sites[v]},
                         {"dependent_subscribers", outages[v].subscribers_lost},
                         {"dependent_access", outages[v].access_lost}};
    nlohmann::json layers = nlohmann::json::object();
    for (std::size_t l = 0; l < kL; ++l) {
      const auto& c = by[v][l];
      if (c.elements == 0) {
        continue;
      }
      const std::string lname(model::to_string(static_cast<model::layer>(l)));
      bl.add_row({name, lname, static_cast<std::int64_t>(c.elements), share(c.elements, total[l].elements),
                  static_cast<std::int64_t>(c.sites), share(c.sites, total[l].sites),
                  static_cast<std::int64_t>(c.subscribers), share(c.subscribers, total[l].subscribers)});
      layers[lname] = {{"elements", c.elements},
                       {"element_share", report::to_json(share(c.elements, total[l].elements))},
                       {"sites", c.sites},
                       {"site_share", report::to_json(share(c.sites, total[l].sites))},
                       {"subscribers", c.subscribers},
                       {"subscriber_share", report::to_json(share(c.subscribers, total[l].subscribers))}};
    }
    vj["layers"] = std::move(layers);
    vendors_json[name] = std::move(vj);
  }

  report::table conc;
  conc.name = "concentration";
  conc.title = "Concentration by layer (element shares)";
  conc.add_column("layer", column_type::text)
      .add_column("elements", column_type::integer)
      .add_column("vendors", column_type::integer)
      .add_column("top_vendor", column_type::text)
      .add_column("top_share", column_type::percent)
      .add_column("hhi", column_type::integer, "Herfindahl-Hirschman index, 0..10,000");
  for (std::size_t l = 0; l < kL; ++l) {
    std::uint64_t vendors = 0;
    double hhi = 0;
    std::size_t top = nv;
    for (std::size_t v = 0; v < nv; ++v) {
      const auto e = by[v][l].elements;
      if (e == 0) {
        continue;
      }
      ++vendors;
      const double s = 100.0 * static_cast<double>(e) / static_cast<double>(total[l].elements);
      hhi += s * s;
      if (top == nv || e > by[top][l].elements ||
          (e == by[top][l].elements && net.vendors()[v].name < net.vendors()[top].name)) {
        top = v;
      }
    }
    conc.add_row({std::string(model::to_string(static_cast<model::layer>(l))),
                  static_cast<std::int64_t>(total[l].elements), static_cast<std::int64_t>(vendors),
                  top == nv ? report::cell(std::monostate{}) : report::cell(net.vendors()[top].name),
                  top == nv ? report::cell(std::monostate{}) : share(by[top][l].elements, total[l].elements),
                  total[l].elements == 0 ? report::cell(std::monostate{})
                                         : report::cell(static_cast<std::int64_t>(std::llround(hhi)))});
  }
  doc.tables.push_back(std::move(bv));
  doc.tables.push_back(std::move(bl));
  doc.tables.push_back(std::move(conc));
  doc.extra["vendors"] = std::move(vendors_json);
  if (!topo.has_core()) {
    doc.notes.push_back(
        "No up element has a core function: nothing is served, so no subscriber depends on any vendor.");
  }
  return doc;
}

}  // namespace netvet::graph
