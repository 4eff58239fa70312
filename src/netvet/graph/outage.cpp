#include "netvet/graph/outage.h"

#include <algorithm>
#include <thread>

#include "netvet/core/assert.h"
#include "netvet/core/text.h"
#include "netvet/graph/detail/outage_engine.h"
#include "netvet/graph/detail/report_parts.h"
#include "netvet/graph/detail/scenarios.h"
#include "netvet/model/no_vendor.h"

namespace netvet::graph {

using model::net_vendor_index;

namespace {

unsigned thread_count(unsigned asked) {
  if (asked != 0) {
    return asked;
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return std::clamp(hw, 1U, 2U);
}

// Sums a list of lost access elements into an impact.
impact summarise(const model::network& net, const std::vector<element_index>& lost, const vendor_set& vendors,
                 bool by_region, std::vector<std::pair<std::uint64_t, std::uint64_t>>& region_scratch) {
  impact r;
  std::vector<std::uint8_t> in_set(net.vendors().size(), 0);
  for (const auto v : vendors) {
    if (v < in_set.size()) {
      in_set[v] = 1;
    }
  }
  std::vector<string_id> touched;
  for (const element_index e : lost) {
    const std::uint64_t s = net.subscribers(e);
    const auto c = static_cast<std::size_t>(*access_class_of(net.fn(e)));
    ++r.access_lost;
    r.subscribers_lost += s;
    ++r.access_lost_by_class[c];
    r.subscribers_lost_by_class[c] += s;
    if (in_set[net.vendor(e)]) {
      ++r.own_access_lost;
      r.own_subscribers_lost += s;
    }
    if (by_region) {
      const string_id reg = net.region_id(e);
      if (reg >= region_scratch.size()) {
        region_scratch.resize(static_cast<std::size_t>(reg) + 1 + region_scratch.size() / 2);
      }
      auto& slot = region_scratch[reg];
      if (slot.first == 0) {
        touched.push_back(reg);
      }
      ++slot.first;
      slot.second += s;
    }
  }
  for (const string_id reg : touched) {
    r.by_region.push_back(region_loss{reg, region_scratch[reg].first, region_scratch[reg].second});
    region_scratch[reg] = {0, 0};
  }
  const auto& pool = net.strings();
  std::sort(r.by_region.begin(), r.by_region.end(),
            [&](const region_loss& a, const region_loss& b) { return pool.view(a.region) < pool.view(b.region); });
  return r;
}

// Elements taken down per vendor (every status).
std::vector<std::uint64_t> elements_per_vendor(const model::network& net) {
  std::vector<std::uint64_t> per_vendor(net.vendors().size(), 0);
  for (element_index e = 0; e < net.element_count(); ++e) {
    ++per_vendor[net.vendor(e)];
  }
  return per_vendor;
}

// Calls f(v) for each vendor of the set that is in the network.
template <class F>
void each_vendor(const vendor_set& vs, std::size_t nv, F f) {
  for (const auto v : vs) {
    if (v < nv) {
      f(v);
    }
  }
}

// Packs scenarios into batches of pairwise-disjoint vendor sets; one engine
// pass per batch.
std::vector<std::vector<std::size_t>> pack_batches(std::span<const vendor_set> scenarios, std::size_t nv) {
  std::vector<std::vector<std::size_t>> batches;
  std::vector<std::vector<std::uint8_t>> used;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    auto clashes = [&](std::size_t b) {
      bool clash = false;
      each_vendor(scenarios[s], nv, [&](net_vendor_index v) { clash = clash || used[b][v]; });
      return clash;
    };
    std::size_t b = 0;
    while (b < batches.size() && clashes(b)) {
      ++b;
    }
    if (b == batches.size()) {
      batches.emplace_back();
      used.emplace_back(nv, 0);
    }
    batches[b].push_back(s);
    each_vendor(scenarios[s], nv, [&](net_vendor_index v) { used[b][v] = 1; });
  }
  return batches;
}

// The elements of the set's distinct vendors.
std::uint64_t elements_down(const vendor_set& vs, const std::vector<std::uint64_t>& per_vendor) {
  std::vector<std::uint8_t> seen(per_vendor.size(), 0);
  std::uint64_t down = 0;
  each_vendor(vs, per_vendor.size(), [&](net_vendor_index v) {
    if (!seen[v]) {
      seen[v] = 1;
      down += per_vendor[v];
    }
  });
  return down;
}

}  // namespace

std::vector<impact> outage_impacts(const topology& topo, std::span<const vendor_set> scenarios,
                                   const outage_options& options) {
  const model::network& net = topo.network();
  const std::size_t nv = net.vendors().size();
  std::vector<impact> out(scenarios.size());
  const std::vector<std::uint64_t> per_vendor = elements_per_vendor(net);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> scratch;
  for (const auto& batch : pack_batches(scenarios, nv)) {
    std::vector<std::uint32_t> group(nv, detail::kNoGroup);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      each_vendor(scenarios[batch[i]], nv, [&](net_vendor_index v) { group[v] = static_cast<std::uint32_t>(i); });
    }
    const auto lost =
        detail::lost_access(topo, group, static_cast<std::uint32_t>(batch.size()), thread_count(options.threads));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const vendor_set& vs = scenarios[batch[i]];
      impact& r = out[batch[i]];
      r = summarise(net, lost[i], vs, options.by_region, scratch);
      r.elements_down += elements_down(vs, per_vendor);
    }
  }
  return out;
}

std::vector<element_index> lost_access_elements(const topology& topo, const vendor_set& vs,
                                                const outage_options& options) {
  const std::size_t nv = topo.network().vendors().size();
  std::vector<std::uint32_t> group(nv, detail::kNoGroup);
  each_vendor(vs, nv, [&](net_vendor_index v) { group[v] = 0; });
  auto lost = detail::lost_access(topo, group, 1, thread_count(options.threads));
  return lost.empty() ? std::vector<element_index>{} : std::move(lost.front());
}

std::vector<impact> all_vendor_outages(const topology& topo, const outage_options& options) {
  std::vector<vendor_set> scenarios;
  for (net_vendor_index v = 0; v < topo.network().vendors().size(); ++v) {
    scenarios.push_back({v});
  }
  return outage_impacts(topo, scenarios, options);
}

result<impact> vendor_dependency(const model::network& net, net_vendor_index v) {
  if (v >= net.vendors().size()) {
    return make_error(error_code::invalid_input, "vendor index " + std::to_string(v) +
                                                     " is out of range (the network has " +
                                                     std::to_string(net.vendors().size()) + " vendors)");
  }
  const topology topo = topology::build(net);
  const vendor_set s{v};
  auto impacts = outage_impacts(topo, std::span<const vendor_set>(&s, 1));
  NETVET_ASSERT(impacts.size() == 1, "outage_impacts answers one impact per scenario");
  return std::move(impacts.front());
}

vendor_ref resolve_vendor(const model::network& net, std::string_view spelling, const model::vendor_catalog& catalog) {
  vendor_ref r;
  const auto m = catalog.resolve(spelling);
  if (m.vendor) {
    r.known = true;
    r.name = catalog.info(*m.vendor).display_name;
  } else {
    r.name = std::string(trim(spelling));
  }
  r.in_network = net.find_vendor(r.name);
  if (r.in_network && model::is_no_vendor(net.vendors()[*r.in_network])) {
    r.in_network.reset();  // the elements with no vendor: not a supplier that can go down
  }
  return r;
}

result<impact> vendor_dependency(const model::network& net, std::string_view vendor,
                                 const model::vendor_catalog& catalog) {
  const vendor_ref ref = resolve_vendor(net, vendor, catalog);
  if (!ref.in_network) {
    return impact{};
  }
  return vendor_dependency(net, *ref.in_network);
}

vendor_outage_table vendor_outage_table::build(const model::network& net, const outage_options& options) {
  vendor_outage_table t;
  t.net_ = &net;
  t.by_vendor_ = all_vendor_outages(topology::build(net), options);
  return t;
}

result<impact> vendor_outage_table::of(net_vendor_index v) const {
  if (v >= by_vendor_.size()) {
    return make_error(error_code::invalid_input, "vendor index " + std::to_string(v) +
                                                     " is out of range (the network has " +
                                                     std::to_string(by_vendor_.size()) + " vendors)");
  }
  return by_vendor_[v];
}

impact vendor_outage_table::of(std::string_view vendor, const model::vendor_catalog& catalog) const {
  const vendor_ref ref = resolve_vendor(*net_, vendor, catalog);
  return ref.in_network ? by_vendor_[*ref.in_network] : impact{};
}

namespace {

void add_scenario(detail::scenario_list& out, vendor_set set, std::string name, bool present) {
  out.sets.push_back(std::move(set));
  out.names.push_back(std::move(name));
  out.present.push_back(present);
}

// The requested vendors as resolved, with a note for each one absent.
std::vector<vendor_ref> resolve_requested(const model::network& net, const model::vendor_catalog& catalog,
                                          const outage_request& request, std::vector<std::string>& notes) {
  std::vector<vendor_ref> refs;
  for (const auto& s : request.vendors) {
    const auto& r = refs.emplace_back(resolve_vendor(net, s, catalog));
    if (!r.known && to_lower_ascii(r.name) == model::kNoVendor) {
      notes.push_back("'" + r.name +
                      "' is no vendor: elements with no vendor are counted apart (elements_without_vendor), "
                      "never as an outage.");
    } else if (!r.in_network) {
      notes.push_back(r.known ? r.name + " has no element in this network: its outage loses nothing."
                              : "'" + r.name +
                                    "' is not in the vendor catalogue nor in this network: its outage loses nothing.");
    }
  }
  return refs;
}

// One scenario: every requested vendor down at once.
void add_together(const std::vector<vendor_ref>& refs, detail::scenario_list& out) {
  vendor_set all;
  std::vector<std::string> parts;
  bool any = false;
  for (const auto& r : refs) {
    if (std::find(parts.begin(), parts.end(), r.name) == parts.end()) {
      parts.push_back(r.name);
    }
    if (r.in_network) {
      all.push_back(*r.in_network);
      any = true;
    }
  }
  add_scenario(out, std::move(all), join(parts, " + "), any);
}

// One scenario per distinct requested vendor.
void add_each(const std::vector<vendor_ref>& refs, detail::scenario_list& out) {
  for (const auto& r : refs) {
    if (std::find(out.names.begin(), out.names.end(), r.name) == out.names.end()) {
      add_scenario(out, r.in_network ? vendor_set{*r.in_network} : vendor_set{}, r.name, r.in_network.has_value());
    }
  }
}

}  // namespace

detail::scenario_list detail::build_scenarios(const model::network& net, const model::vendor_catalog& catalog,
                                              const outage_request& request) {
  scenario_list out;
  if (request.vendors.empty()) {
    for (net_vendor_index v = 0; v < net.vendors().size(); ++v) {
      if (!model::is_no_vendor(net.vendors()[v])) {  // not a vendor: counted apart
        add_scenario(out, {v}, net.vendors()[v].name, true);
      }
    }
    return out;
  }
  const std::vector<vendor_ref> refs = resolve_requested(net, catalog, request, out.notes);
  if (request.together) {
    add_together(refs, out);
  } else {
    add_each(refs, out);
  }
  return out;
}

namespace {

void add_outage_facts(const topology& topo, const outage_request& request, std::size_t scenarios,
                      report::document& doc) {
  doc.facts.push_back(detail::count_fact("elements", "Elements", topo.network().element_count()));
  doc.facts.push_back(detail::count_fact("access_elements", "Access elements", topo.access_elements()));
  doc.facts.push_back(detail::served_access_fact(topo));
  doc.facts.push_back(detail::served_subscribers_fact(topo));
  doc.facts.push_back(
      detail::count_fact("scenarios", request.together ? "Outages (together)" : "Vendor outages", scenarios));
  doc.facts.push_back(detail::no_vendor_fact(topo.network()));
}

// Why some or all of the access loses nothing whatever goes down.
void add_baseline_note(const topology& topo, std::vector<std::string>& notes) {
  if (topo.network().element_count() == 0) {
    notes.push_back("The network is empty: nothing is served and no outage loses anything.");
  } else if (!topo.has_core()) {
    notes.push_back(
        "No up element has a core function (amf, smf, upf, mme, sgw, pgw): no access element is served, so no "
        "outage loses anything.");
  } else if (topo.served_access() < topo.access_elements()) {
    notes.push_back(report::thousands(static_cast<std::int64_t>(topo.access_elements() - topo.served_access())) +
                    " access elements are not served even before any outage (down, or no path to every "
                    "function of their service chain); they are never counted as lost.");
  }
}

// The outage report's tables, filled one scenario at a time, and its JSON.
struct outage_tables {
  report::table by_vendor;
  report::table by_fn;
  report::table by_reg;
  nlohmann::json outages = nlohmann::json::object();

  outage_tables() {
    using report::column_type;
    by_vendor.name = "by_vendor";
    by_vendor.title = "Access elements and subscribers that lose service";
    by_vendor.add_column("vendor", column_type::text, "vendor(s) down (display name)")
        .add_column("in_network", column_type::boolean, "the vendor has elements in this network")
        .add_column("elements_down", column_type::integer, "elements of the vendor(s), every status")
        .add_column("access_lost", column_type::integer, "access elements served before and not after")
        .add_column("subscribers_lost", column_type::integer, "subscribers on those access elements")
        .add_column("subscriber_share", column_type::percent, "subscribers lost / subscribers served before")
        .add_column("own_access_lost", column_type::integer, "of access_lost, the vendor's own access elements");
    by_fn = loss_table("by_function", "Losses by access function", "function");
    by_reg = loss_table("by_region", "Losses by region", "region");
  }

  // vendor, <key>, access_lost, subscribers_lost.
  static report::table loss_table(std::string name, std::string title, std::string key) {
    report::table t;
    t.name = std::move(name);
    t.title = std::move(title);
    for (std::string col : {std::string("vendor"), std::move(key)}) {
      t.add_column(std::move(col), report::column_type::text);
    }
    for (const char* col : {"access_lost", "subscribers_lost"}) {
      t.add_column(col, report::column_type::integer);
    }
    return t;
  }

  void add(const model::network& net, const std::string& name, const impact& r, bool present, double served) {
    by_vendor.add_row({name, present, static_cast<std::int64_t>(r.elements_down),
                       static_cast<std::int64_t>(r.access_lost), static_cast<std::int64_t>(r.subscribers_lost),
                       served > 0 ? report::cell(static_cast<double>(r.subscribers_lost) / served) : report::cell(0.0),
                       static_cast<std::int64_t>(r.own_access_lost)});
    nlohmann::json o = {{"access_lost", r.access_lost},         {"subscribers_lost", r.subscribers_lost},
                        {"own_access_lost", r.own_access_lost}, {"own_subscribers_lost", r.own_subscribers_lost},
                        {"elements_down", r.elements_down},     {"in_network", present}};
    o["by_function"] = add_functions(name, r);
    o["by_region"] = add_regions(net, name, r);
    outages[name] = std::move(o);
  }

  nlohmann::json add_functions(const std::string& name, const impact& r) {
    nlohmann::json bf = nlohmann::json::object();
    for (std::size_t c = 0; c < kAccessClassCount; ++c) {
      const auto fname = std::string(model::to_string(function_of(static_cast<access_class>(c))));
      bf[fname] = {{"access_lost", r.access_lost_by_class[c]}, {"subscribers_lost", r.subscribers_lost_by_class[c]}};
      if (r.access_lost_by_class[c] != 0) {
        by_fn.add_row({name, fname, static_cast<std::int64_t>(r.access_lost_by_class[c]),
                       static_cast<std::int64_t>(r.subscribers_lost_by_class[c])});
      }
    }
    return bf;
  }

  nlohmann::json add_regions(const model::network& net, const std::string& name, const impact& r) {
    nlohmann::json br = nlohmann::json::object();
    for (const auto& rl : r.by_region) {
      const std::string rname = rl.region == 0 ? std::string("(none)") : std::string(net.strings().view(rl.region));
      br[rname] = {{"access_lost", rl.access_lost}, {"subscribers_lost", rl.subscribers_lost}};
      by_reg.add_row(
          {name, rname, static_cast<std::int64_t>(rl.access_lost), static_cast<std::int64_t>(rl.subscribers_lost)});
    }
    return br;
  }
};

}  // namespace

report::document outage_report(const topology& topo, const model::vendor_catalog& catalog,
                               const outage_request& request) {
  const model::network& net = topo.network();
  report::document doc;
  doc.kind = "outage";
  doc.title = request.together ? "Vendor outage impact (together)" : "Vendor outage impact";

  detail::scenario_list sc = detail::build_scenarios(net, catalog, request);
  doc.notes = std::move(sc.notes);
  const auto impacts = outage_impacts(topo, sc.sets, request.options);
  add_outage_facts(topo, request, sc.sets.size(), doc);
  add_baseline_note(topo, doc.notes);

  // Rows in order of subscribers lost, then access lost, then name.
  const auto order = detail::ranked(sc.sets.size(), [&](std::size_t a, std::size_t b) {
    if (impacts[a].subscribers_lost != impacts[b].subscribers_lost) {
      return impacts[a].subscribers_lost > impacts[b].subscribers_lost;
    }
    if (impacts[a].access_lost != impacts[b].access_lost) {
      return impacts[a].access_lost > impacts[b].access_lost;
    }
    return sc.names[a] < sc.names[b];
  });
  outage_tables t;
  const auto served = static_cast<double>(topo.served_subscribers());
  for (const std::size_t i : order) {
    t.add(net, sc.names[i], impacts[i], static_cast<bool>(sc.present[i]), served);
  }
  doc.tables.push_back(std::move(t.by_vendor));
  doc.tables.push_back(std::move(t.by_fn));
  if (request.options.by_region) {
    doc.tables.push_back(std::move(t.by_reg));
  }
  doc.extra["outages"] = std::move(t.outages);
  return doc;
}

}  // namespace netvet::graph
