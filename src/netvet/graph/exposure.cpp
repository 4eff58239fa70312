#include "netvet/graph/exposure.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "netvet/graph/detail/report_parts.h"

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

constexpr std::size_t kL = model::kLayerCount;

// Elements, sites and subscribers per vendor and layer, and in total.
struct footprint {
  std::vector<std::array<layer_counts, kL>> by;  // per vendor
  std::array<layer_counts, kL> total{};
  std::vector<std::uint64_t> vendor_elements;
  std::vector<std::uint64_t> vendor_sites;
  std::uint64_t all_sites = 0;

  explicit footprint(std::size_t nv) : by(nv), vendor_elements(nv, 0), vendor_sites(nv, 0) {}

  // Counts the elements; returns the packed keys (site, vendor, layer) of
  // those with a site: site < 2^32, vendor < 2^24.
  std::vector<std::uint64_t> count_elements(const model::network& net) {
    std::vector<std::uint64_t> keys;
    keys.reserve(net.element_count());
    for (element_index e = 0; e < net.element_count(); ++e) {
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
    return keys;
  }

  // Counts distinct sites from the keys, sorted and unique (by site, then
  // vendor, then layer).
  void count_sites(const std::vector<std::uint64_t>& keys) {
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
};

footprint count_footprint(const model::network& net) {
  footprint fp(net.vendors().size());
  std::vector<std::uint64_t> keys = fp.count_elements(net);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  fp.count_sites(keys);
  return fp;
}

// The by-vendor and by-vendor-and-layer tables and their JSON.
struct vendor_tables {
  report::table bv;
  report::table bl;
  nlohmann::json vendors_json = nlohmann::json::object();

  vendor_tables() {
    using report::column_type;
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
  }

  void add(const topology& topo, const footprint& fp, std::size_t v, const impact& outage) {
    const auto& net = topo.network();
    const auto& name = net.vendors()[v].name;
    const auto n = net.element_count();
    bv.add_row({name, net.vendors()[v].known(), static_cast<std::int64_t>(fp.vendor_elements[v]),
                share(fp.vendor_elements[v], n), static_cast<std::int64_t>(fp.vendor_sites[v]),
                share(fp.vendor_sites[v], fp.all_sites), static_cast<std::int64_t>(outage.subscribers_lost),
                share(outage.subscribers_lost, topo.served_subscribers())});
    nlohmann::json vj = {{"elements", fp.vendor_elements[v]},
                         {"sites", fp.vendor_sites[v]},
                         {"dependent_subscribers", outage.subscribers_lost},
                         {"dependent_access", outage.access_lost}};
    vj["layers"] = add_layers(name, fp.by[v], fp.total);
    vendors_json[name] = std::move(vj);
  }

  nlohmann::json add_layers(const std::string& name, const std::array<layer_counts, kL>& mine,
                            const std::array<layer_counts, kL>& total) {
    nlohmann::json layers = nlohmann::json::object();
    for (std::size_t l = 0; l < kL; ++l) {
      const auto& c = mine[l];
      if (c.elements == 0) {
        continue;
      }
      const std::string lname(model::to_string(static_cast<model::layer>(l)));
      const report::cell element_share = share(c.elements, total[l].elements);
      const report::cell site_share = share(c.sites, total[l].sites);
      const report::cell subscriber_share = share(c.subscribers, total[l].subscribers);
      bl.add_row({name, lname, static_cast<std::int64_t>(c.elements), element_share, static_cast<std::int64_t>(c.sites),
                  site_share, static_cast<std::int64_t>(c.subscribers), subscriber_share});
      layers[lname] = {{"elements", c.elements},
                       {"element_share", report::to_json(element_share)},
                       {"sites", c.sites},
                       {"site_share", report::to_json(site_share)},
                       {"subscribers", c.subscribers},
                       {"subscriber_share", report::to_json(subscriber_share)}};
    }
    return layers;
  }
};

// Layer l: its elements, vendors, top vendor and its share, and the HHI.
std::vector<report::cell> concentration_row(const model::network& net, const footprint& fp, std::size_t l) {
  const std::size_t nv = fp.by.size();
  // Elements with no vendor are no supplier's share: left out of the total.
  const auto no_vendor = model::no_vendor_index(net);
  const std::uint64_t all = fp.total[l].elements - (no_vendor ? fp.by[*no_vendor][l].elements : 0);
  std::uint64_t vendors = 0;
  double hhi = 0;
  std::size_t top = nv;
  for (std::size_t v = 0; v < nv; ++v) {
    const auto e = fp.by[v][l].elements;
    if (e == 0 || (no_vendor && v == *no_vendor)) {
      continue;
    }
    ++vendors;
    const double s = 100.0 * static_cast<double>(e) / static_cast<double>(all);
    hhi += s * s;
    if (top == nv || e > fp.by[top][l].elements ||
        (e == fp.by[top][l].elements && net.vendors()[v].name < net.vendors()[top].name)) {
      top = v;
    }
  }
  const report::cell none = std::monostate{};
  return {std::string(model::to_string(static_cast<model::layer>(l))),
          static_cast<std::int64_t>(all),
          static_cast<std::int64_t>(vendors),
          top == nv ? none : report::cell(net.vendors()[top].name),
          top == nv ? none : share(fp.by[top][l].elements, all),
          all == 0 ? none : report::cell(static_cast<std::int64_t>(std::llround(hhi)))};
}

report::table concentration_table(const model::network& net, const footprint& fp) {
  using report::column_type;
  report::table conc;
  conc.name = "concentration";
  conc.title = "Concentration by layer (element shares)";
  conc.add_column("layer", column_type::text)
      .add_column("elements", column_type::integer, "elements with a vendor (those with none are no one's share)")
      .add_column("vendors", column_type::integer)
      .add_column("top_vendor", column_type::text)
      .add_column("top_share", column_type::percent)
      .add_column("hhi", column_type::integer, "Herfindahl-Hirschman index, 0..10,000");
  for (std::size_t l = 0; l < kL; ++l) {
    conc.add_row(concentration_row(net, fp, l));
  }
  return conc;
}

}  // namespace

report::document exposure_report(const topology& topo, const outage_options& options) {
  const auto& net = topo.network();
  const std::size_t nv = net.vendors().size();
  const footprint fp = count_footprint(net);
  const auto outages = all_vendor_outages(topo, outage_options{options.threads, false});

  report::document doc;
  doc.kind = "exposure";
  doc.title = "Vendor exposure";
  doc.facts.push_back(detail::count_fact("elements", "Elements", net.element_count()));
  doc.facts.push_back(detail::count_fact("sites", "Sites", fp.all_sites));
  const auto none = model::no_vendor_index(net);
  doc.facts.push_back(detail::count_fact("vendors", "Vendors", model::tally_vendors(net).vendors));
  doc.facts.push_back(detail::no_vendor_fact(net));
  doc.facts.push_back(detail::served_subscribers_fact(topo));

  // Vendors in order of dependent subscribers, then elements, then name.
  const auto order = detail::ranked(nv, [&](std::size_t a, std::size_t b) {
    if (outages[a].subscribers_lost != outages[b].subscribers_lost) {
      return outages[a].subscribers_lost > outages[b].subscribers_lost;
    }
    if (fp.vendor_elements[a] != fp.vendor_elements[b]) {
      return fp.vendor_elements[a] > fp.vendor_elements[b];
    }
    return net.vendors()[a].name < net.vendors()[b].name;
  });
  vendor_tables vt;
  for (const std::size_t v : order) {
    if (!none || v != *none) {  // elements with no vendor: the fact above, not a vendor row
      vt.add(topo, fp, v, outages[v]);
    }
  }
  doc.tables.push_back(std::move(vt.bv));
  doc.tables.push_back(std::move(vt.bl));
  doc.tables.push_back(concentration_table(net, fp));
  doc.extra["vendors"] = std::move(vt.vendors_json);
  if (!topo.has_core()) {
    doc.notes.push_back(
        "No up element has a core function: nothing is served, so no subscriber depends on any vendor.");
  }
  return doc;
}

}  // namespace netvet::graph
