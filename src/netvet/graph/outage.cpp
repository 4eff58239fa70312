#include "netvet/graph/outage.h"

#include <algorithm>
#include <thread>

#include "netvet/core/text.h"
#include "netvet/graph/detail/outage_engine.h"
#include "netvet/graph/detail/scenarios.h"

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

}  // namespace

std::vector<impact> outage_impacts(const topology& topo, std::span<const vendor_set> scenarios,
                                   const outage_options& options) {
  const model::network& net = topo.network();
  const std::size_t nv = net.vendors().size();
  std::vector<impact> out(scenarios.size());
  // Elements taken down per vendor (every status).
  std::vector<std::uint64_t> per_vendor(nv, 0);
  for (element_index e = 0; e < net.element_count(); ++e) {
    ++per_vendor[net.vendor(e)];
  }
  // Pack scenarios into batches of pairwise-disjoint vendor sets; one engine
  // pass per batch.
  std::vector<std::vector<std::size_t>> batches;
  std::vector<std::vector<std::uint8_t>> used;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    std::size_t b = 0;
    for (; b < batches.size(); ++b) {
      bool clash = false;
      for (const auto v : scenarios[s]) {
        clash = clash || (v < nv && used[b][v]);
      }
      if (!clash) {
        break;
      }
    }
    if (b == batches.size()) {
      batches.emplace_back();
      used.emplace_back(nv, 0);
    }
    batches[b].push_back(s);
    for (const auto v : scenarios[s]) {
      if (v < nv) {
        used[b][v] = 1;
      }
    }
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> scratch;
  for (const auto& batch : batches) {
    std::vector<std::uint32_t> group(nv, detail::kNoGroup);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      for (const auto v : scenarios[batch[i]]) {
        if (v < nv) {
          group[v] = static_cast<std::uint32_t>(i);
        }
      }
    }
    const auto lost =
        detail::lost_access(topo, group, static_cast<std::uint32_t>(batch.size()), thread_count(options.threads));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const vendor_set& vs = scenarios[batch[i]];
      impact& r = out[batch[i]];
      r = summarise(net, lost[i], vs, options.by_region, scratch);
      std::vector<std::uint8_t> seen(nv, 0);
      for (const auto v : vs) {
        if (v < nv && !seen[v]) {
          seen[v] = 1;
          r.elements_down += per_vendor[v];
        }
      }
    }
  }
  return out;
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
  return std::move(outage_impacts(topo, std::span<const vendor_set>(&s, 1))[0]);
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

detail::scenario_list detail::build_scenarios(const model::network& net, const model::vendor_catalog& catalog,
                                              const outage_request& request) {
  scenario_list out;
  auto& scenarios = out.sets;
  auto& names = out.names;
  auto& present = out.present;
  auto& doc = out;
  if (request.vendors.empty()) {
    for (net_vendor_index v = 0; v < net.vendors().size(); ++v) {
      scenarios.push_back({v});
      names.push_back(net.vendors()[v].name);
      present.push_back(true);
    }
  } else {
    std::vector<vendor_ref> refs;
    for (const auto& s : request.vendors) {
      refs.push_back(resolve_vendor(net, s, catalog));
      const auto& r = refs.back();
      if (!r.in_network) {
        doc.notes.push_back(
            r.known ? r.name + " has no element in this network: its outage loses nothing."
                    : "'" + r.name + "' is not in the vendor catalogue nor in this network: its outage loses nothing.");
      }
    }
    if (request.together) {
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
      scenarios.push_back(all);
      names.push_back(join(parts, " + "));
      present.push_back(any);
    } else {
      for (const auto& r : refs) {
        if (std::find(names.begin(), names.end(), r.name) != names.end()) {
          continue;
        }
        scenarios.push_back(r.in_network ? vendor_set{*r.in_network} : vendor_set{});
        names.push_back(r.name);
        present.push_back(r.in_network.has_value());
      }
    }
  }
  return out;
}

report::document outage_report(const topology& topo, const model::vendor_catalog& catalog,
                               const outage_request& request) {
  const model::network& net = topo.network();
  report::document doc;
  doc.kind = "outage";
  doc.title = request.together ? "Vendor outage impact (together)" : "Vendor outage impact";

  detail::scenario_list sc = detail::build_scenarios(net, catalog, request);
  const auto& scenarios = sc.sets;
  const auto& names = sc.names;
  const auto& present = sc.present;
  doc.notes = std::move(sc.notes);
  const auto impacts = outage_impacts(topo, scenarios, request.options);

  doc.facts.push_back({"elements", "Elements", static_cast<std::int64_t>(net.element_count())});
  doc.facts.push_back({"access_elements", "Access elements", static_cast<std::int64_t>(topo.access_elements())});
  doc.facts.push_back({"served_access", "Access elements served", static_cast<std::int64_t>(topo.served_access())});
  doc.facts.push_back(
      {"served_subscribers", "Subscribers served", static_cast<std::int64_t>(topo.served_subscribers())});
  doc.facts.push_back({"scenarios", request.together ? "Outages (together)" : "Vendor outages",
                       static_cast<std::int64_t>(scenarios.size())});

  if (net.element_count() == 0) {
    doc.notes.push_back("The network is empty: nothing is served and no outage loses anything.");
  } else if (!topo.has_core()) {
    doc.notes.push_back(
        "No up element has a core function (amf, smf, upf, mme, sgw, pgw): no access element is served, so no "
        "outage loses anything.");
  } else if (topo.served_access() < topo.access_elements()) {
    doc.notes.push_back(report::thousands(static_cast<std::int64_t>(topo.access_elements() - topo.served_access())) +
                        " access elements are not served even before any outage (down, or no path to every "
                        "function of their service chain); they are never counted as lost.");
  }

  // Rows in order of subscribers lost, then name.
  std::vector<std::size_t> order(scenarios.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (impacts[a].subscribers_lost != impacts[b].subscribers_lost) {
      return impacts[a].subscribers_lost > impacts[b].subscribers_lost;
    }
    if (impacts[a].access_lost != impacts[b].access_lost) {
      return impacts[a].access_lost > impacts[b].access_lost;
    }
    return names[a] < names[b];
  });

  report::table by_vendor;
  by_vendor.name = "by_vendor";
  by_vendor.title = "Access elements and subscribers that lose service";
  using report::column_type;
  by_vendor.add_column("vendor", column_type::text, "vendor(s) down (display name)")
      .add_column("in_network", column_type::boolean, "the vendor has elements in this network")
      .add_column("elements_down", column_type::integer, "elements of the vendor(s), every status")
      .add_column("access_lost", column_type::integer, "access elements served before and not after")
      .add_column("subscribers_lost", column_type::integer, "subscribers on those access elements")
      .add_column("subscriber_share", column_type::percent, "subscribers lost / subscribers served before")
      .add_column("own_access_lost", column_type::integer, "of access_lost, the vendor's own access elements");
  report::table by_fn;
  by_fn.name = "by_function";
  by_fn.title = "Losses by access function";
  by_fn.add_column("vendor", column_type::text)
      .add_column("function", column_type::text)
      .add_column("access_lost", column_type::integer)
      .add_column("subscribers_lost", column_type::integer);
  report::table by_reg;
  by_reg.name = "by_region";
  by_reg.title = "Losses by region";
  by_reg.add_column("vendor", column_type::text)
      .add_column("region", column_type::text)
      .add_column("access_lost", column_type::integer)
      .add_column("subscribers_lost", column_type::integer);

  nlohmann::json outages = nlohmann::json::object();
  const double served = static_cast<double>(topo.served_subscribers());
  for (const std::size_t i : order) {
    const impact& r = impacts[i];
    by_vendor.add_row({names[i], static_cast<bool>(present[i]), static_cast<std::int64_t>(r.elements_down),
                       static_cast<std::int64_t>(r.access_lost), static_cast<std::int64_t>(r.subscribers_lost),
                       served > 0 ? report::cell(static_cast<double>(r.subscribers_lost) / served) : report::cell(0.0),
                       static_cast<std::int64_t>(r.own_access_lost)});
    nlohmann::json o = nlohmann::json::object();
    o["access_lost"] = r.access_lost;
    o["subscribers_lost"] = r.subscribers_lost;
    o["own_access_lost"] = r.own_access_lost;
    o["own_subscribers_lost"] = r.own_subscribers_lost;
    o["elements_down"] = r.elements_down;
    o["in_network"] = static_cast<bool>(present[i]);
    nlohmann::json bf = nlohmann::json::object();
    for (std::size_t c = 0; c < kAccessClassCount; ++c) {
      const auto fname = std::string(model::to_string(function_of(static_cast<access_class>(c))));
      bf[fname] = {{"access_lost", r.access_lost_by_class[c]}, {"subscribers_lost", r.subscribers_lost_by_class[c]}};
      if (r.access_lost_by_class[c] != 0) {
        by_fn.add_row({names[i], fname, static_cast<std::int64_t>(r.access_lost_by_class[c]),
                       static_cast<std::int64_t>(r.subscribers_lost_by_class[c])});
      }
    }
    o["by_function"] = std::move(bf);
    nlohmann::json br = nlohmann::json::object();
    for (const auto& rl : r.by_region) {
      const std::string rname = rl.region == 0 ? std::string("(none)") : std::string(net.strings().view(rl.region));
      br[rname] = {{"access_lost", rl.access_lost}, {"subscribers_lost", rl.subscribers_lost}};
      by_reg.add_row(
          {names[i], rname, static_cast<std::int64_t>(rl.access_lost), static_cast<std::int64_t>(rl.subscribers_lost)});
    }
    o["by_region"] = std::move(br);
    outages[names[i]] = std::move(o);
  }
  doc.tables.push_back(std::move(by_vendor));
  doc.tables.push_back(std::move(by_fn));
  if (request.options.by_region) {
    doc.tables.push_back(std::move(by_reg));
  }
  doc.extra["outages"] = std::move(outages);
  return doc;
}

}  // namespace netvet::graph
