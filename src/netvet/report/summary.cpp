#include "netvet/report/summary.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "netvet/core/text.h"
#include "netvet/model/no_vendor.h"

namespace netvet::report {

using model::element_index;
using model::network;

namespace {

// Link ends per element (self-loops ignored) and per function.
struct link_counts {
  std::vector<std::uint32_t> degree;
  std::vector<std::uint64_t> fn_links;
};

link_counts count_links(const network& net) {
  link_counts c{std::vector<std::uint32_t>(net.element_count(), 0),
                std::vector<std::uint64_t>(model::kFunctionCount, 0)};
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    const auto a = net.link_a(l);
    const auto b = net.link_b(l);
    ++c.fn_links[static_cast<std::size_t>(net.fn(a))];
    if (a != b) {
      ++c.degree[a];
      ++c.degree[b];
      ++c.fn_links[static_cast<std::size_t>(net.fn(b))];
    }
  }
  return c;
}

struct agg {
  std::int64_t elements = 0;
  std::int64_t access = 0;
  std::int64_t subscribers = 0;
  std::int64_t up = 0;

  void add(bool is_access, std::int64_t subs, bool is_up) {
    ++elements;
    access += is_access ? 1 : 0;
    subscribers += subs;
    up += is_up ? 1 : 0;
  }
};

// Distinct non-empty sites, by interned id.
class site_counter {
 public:
  void add(string_id sid) {
    if (sid == 0) {
      return;
    }
    if (sid >= seen_.size()) {
      seen_.resize(static_cast<std::size_t>(sid) + 1 + seen_.size() / 2, 0);
    }
    count_ += seen_[sid] == 0 ? 1 : 0;
    seen_[sid] = 1;
  }
  [[nodiscard]] std::int64_t count() const { return count_; }

 private:
  std::vector<std::uint8_t> seen_;
  std::int64_t count_ = 0;
};

// Everything summarize() counts in one pass over the elements.
struct element_totals {
  std::vector<agg> by_fn;
  std::vector<agg> by_vendor;
  std::map<std::string_view, agg> by_region;
  agg all;
  std::int64_t isolated = 0;
  std::vector<element_index> isolated_list;  // the first max_listed
  std::int64_t sites = 0;
};

element_totals count_elements(const network& net, const std::vector<std::uint32_t>& degree, std::size_t max_listed) {
  element_totals t{std::vector<agg>(model::kFunctionCount), std::vector<agg>(net.vendors().size()), {}, {}, 0, {}, 0};
  site_counter sites;
  for (element_index e = 0; e < net.element_count(); ++e) {
    const bool acc = model::is_access(net.fn(e));
    const std::int64_t s = net.subscribers(e);
    const bool is_up = net.is_up(e);
    for (agg* a : {&t.by_fn[static_cast<std::size_t>(net.fn(e))], &t.by_vendor[net.vendor(e)],
                   &t.by_region[net.region(e)], &t.all}) {
      a->add(acc, s, is_up);
    }
    if (degree[e] == 0) {
      ++t.isolated;
      if (t.isolated_list.size() < max_listed) {
        t.isolated_list.push_back(e);
      }
    }
    sites.add(net.site_id(e));
  }
  t.sites = sites.count();
  return t;
}

std::vector<fact> summary_facts(const network& net, const element_totals& t) {
  // The stand-in for elements with no vendor is no vendor (model/no_vendor.h).
  const model::vendor_tally tally = model::tally_vendors(net);
  const auto regions = static_cast<std::int64_t>(t.by_region.size() - (t.by_region.count("") ? 1 : 0));
  return {
      {"elements", "Elements", static_cast<std::int64_t>(net.element_count())},
      {"links", "Links", static_cast<std::int64_t>(net.link_count())},
      {"elements_up", "Elements up (status active)", t.all.up},
      {"sites", "Sites", t.sites},
      {"regions", "Regions", regions},
      {"subscribers", "Subscribers", t.all.subscribers},
      {"vendors", "Vendors", static_cast<std::int64_t>(tally.vendors)},
      {"unknown_vendors", "Unknown vendors", static_cast<std::int64_t>(tally.unknown)},
      {"elements_without_vendor", "Elements with no vendor",
       static_cast<std::int64_t>(model::elements_without_vendor(net))},
      {"isolated_elements", "Isolated elements", t.isolated},
  };
}

void add_function_table(document& doc, const element_totals& t, const link_counts& links) {
  auto& tf = doc.add_table("by_function", "Elements by function");
  tf.add_column("function", column_type::text)
      .add_column("layer", column_type::text)
      .add_column("category", column_type::text, "EU asset category")
      .add_column("elements", column_type::integer)
      .add_column("links", column_type::integer, "link ends on elements of this function")
      .add_column("subscribers", column_type::integer);
  for (std::size_t f = 0; f < model::kFunctionCount; ++f) {
    if (t.by_fn[f].elements == 0) {
      continue;
    }
    const auto fn = static_cast<model::function>(f);
    tf.add_row({std::string(model::to_string(fn)), std::string(model::to_string(model::layer_of(fn))),
                std::string(model::to_string(model::category_of(fn))), t.by_fn[f].elements,
                static_cast<std::int64_t>(links.fn_links[f]), t.by_fn[f].subscribers});
  }
}

// Vendors by element count, most first; ties by name.
std::vector<std::size_t> vendor_order(const network& net, const element_totals& t) {
  std::vector<std::size_t> order(net.vendors().size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (t.by_vendor[a].elements != t.by_vendor[b].elements) {
      return t.by_vendor[a].elements > t.by_vendor[b].elements;
    }
    return net.vendors()[a].name < net.vendors()[b].name;
  });
  return order;
}

void add_vendor_table(document& doc, const network& net, const model::vendor_catalog& catalog, const element_totals& t,
                      const std::vector<std::size_t>& order) {
  auto& tv = doc.add_table("by_vendor", "Elements by vendor");
  tv.add_column("vendor", column_type::text, "catalogue display name, or the spelling if unknown")
      .add_column("known", column_type::boolean, "in the vendor catalogue")
      .add_column("country", column_type::text, "home country (ISO 3166-1)")
      .add_column("elements", column_type::integer)
      .add_column("share", column_type::percent, "share of all elements")
      .add_column("access", column_type::integer, "access elements (gnb, enb, olt)")
      .add_column("subscribers", column_type::integer, "subscribers on its elements");
  const auto n = static_cast<double>(net.element_count());
  for (const auto i : order) {
    const auto& v = net.vendors()[i];
    const auto& a = t.by_vendor[i];
    if (model::is_no_vendor(v)) {
      continue;  // a fact of its own, not a vendor
    }
    tv.add_row({v.name, v.known(), v.known() ? catalog.info(*v.catalog_id).hq_country : std::string(), a.elements,
                n == 0 ? 0.0 : static_cast<double>(a.elements) / n, a.access, a.subscribers});
  }
}

void add_region_table(document& doc, const element_totals& t) {
  auto& tr = doc.add_table("by_region", "Elements by region");
  tr.add_column("region", column_type::text)
      .add_column("elements", column_type::integer)
      .add_column("access", column_type::integer)
      .add_column("subscribers", column_type::integer);
  for (const auto& [name, a] : t.by_region) {
    tr.add_row({name.empty() ? std::string("(none)") : std::string(name), a.elements, a.access, a.subscribers});
  }
}

void add_unknown_vendor_table(document& doc, const network& net, const model::vendor_catalog& catalog,
                              const element_totals& t, const std::vector<std::size_t>& order) {
  auto& tu = doc.add_table("unknown_vendors", "Unknown vendors (not in the catalogue)");
  tu.add_column("vendor", column_type::text)
      .add_column("elements", column_type::integer)
      .add_column("closest_known", column_type::text, "closest catalogue names");
  for (const auto i : order) {
    const auto& v = net.vendors()[i];
    if (!v.known() && !model::is_no_vendor(v)) {
      tu.add_row({v.name, t.by_vendor[i].elements, join(catalog.suggest(v.name), ", ")});
    }
  }
}

void add_isolated_table(document& doc, const network& net, const element_totals& t) {
  auto& ti = doc.add_table("isolated", "Isolated elements (no link)");
  ti.add_column("id", column_type::text)
      .add_column("function", column_type::text)
      .add_column("vendor", column_type::text)
      .add_column("site", column_type::text);
  for (const auto e : t.isolated_list) {
    ti.add_row({std::string(net.id(e)), std::string(model::to_string(net.fn(e))), std::string(net.vendor_name(e)),
                std::string(net.site(e))});
  }
  const auto listed = static_cast<std::int64_t>(t.isolated_list.size());
  if (t.isolated > listed) {
    doc.notes.push_back("Isolated elements: " + std::to_string(listed) + " listed, and " +
                        std::to_string(t.isolated - listed) + " more.");
  }
}

}  // namespace

document summarize(const network& net, const model::vendor_catalog& catalog, const summary_options& options) {
  document doc;
  doc.kind = "summary";
  doc.title = "Network summary";
  const auto links = count_links(net);
  const auto totals = count_elements(net, links.degree, options.max_listed);
  doc.facts = summary_facts(net, totals);
  add_function_table(doc, totals, links);
  const auto order = vendor_order(net, totals);
  add_vendor_table(doc, net, catalog, totals, order);
  add_region_table(doc, totals);
  add_unknown_vendor_table(doc, net, catalog, totals, order);
  add_isolated_table(doc, net, totals);
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
  auto& t = doc.add_table("vendors", "Vendors");
  t.add_column("vendor", column_type::text, "display name (the key in JSON)")
      .add_column("legal_name", column_type::text)
      .add_column("country", column_type::text)
      .add_column("parent", column_type::text)
      .add_column("aliases", column_type::text)
      .add_column("origin", column_type::text);
  for (const auto& v : catalog.vendors()) {
    t.add_row({v.display_name, v.canonical_name, v.hq_country, v.parent, join(v.aliases, "; "), v.origin});
  }
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
  auto& tv = doc.add_table("vendors", "Vendors");
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

  auto& ts = doc.add_table("spellings", "How each spelling was resolved");
  ts.add_column("spelling", column_type::text, "as the inventory wrote it")
      .add_column("vendor", column_type::text)
      .add_column("matched_by", column_type::text,
                  "display name, legal name, alias or unknown; \", after folding ...\" for a disguised spelling")
      .add_column("matched", column_type::text, "the catalogue name or alias it matched")
      .add_column("elements", column_type::integer)
      .add_column("closest_known", column_type::text, "for unknown vendors");
  for (const auto& s : net.spellings()) {
    const bool known = net.vendors()[s.vendor].known();
    const std::string how = std::string(model::to_string(s.kind)) +
                            (s.folded.any() ? ", after folding " + s.folded.describe() : std::string());
    ts.add_row({s.spelling, net.vendors()[s.vendor].name, how, s.matched, static_cast<std::int64_t>(s.elements),
                known ? std::string() : join(catalog.suggest(s.spelling), ", ")});
  }
  doc.notes = disguised_vendor_warnings(net, catalog);
  return doc;
}

namespace {

std::string elements_text(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " element" : " elements"); }

// `managed_by` texts by first use, with their element counts.
std::vector<std::pair<string_id, std::uint64_t>> managed_by_texts(const model::network& net) {
  std::vector<std::pair<string_id, std::uint64_t>> out;
  std::unordered_map<string_id, std::size_t> at;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    const string_id id = net.managed_by_id(e);
    if (id == 0) {
      continue;
    }
    const auto [it, fresh] = at.try_emplace(id, out.size());
    if (fresh) {
      out.emplace_back(id, 0);
    }
    ++out[it->second].second;
  }
  return out;
}

}  // namespace

std::vector<std::string> disguised_vendor_warnings(const model::network& net, const model::vendor_catalog& catalog) {
  std::vector<std::string> out;
  for (const auto& s : net.spellings()) {
    if (s.folded.any()) {
      out.push_back("warning: vendor spelling '" + s.spelling + "' (" + elements_text(s.elements) + ") matches " +
                    net.vendors()[s.vendor].name + " only after folding " + s.folded.describe() +
                    ": a disguised vendor name");
    }
  }
  for (const auto& [id, count] : managed_by_texts(net)) {
    const std::string_view text = net.strings().view(id);
    const auto m = catalog.resolve(trim(text));
    if (m.vendor && m.folded.any()) {
      out.push_back("warning: managed_by '" + std::string(text) + "' (" + elements_text(count) + ") matches " +
                    catalog.info(*m.vendor).display_name + " only after folding " + m.folded.describe() +
                    ": a disguised vendor name");
    }
  }
  return out;
}

}  // namespace netvet::report
