#include "netvet/policy/coverage.h"

#include <algorithm>

#include "netvet/core/assert.h"

namespace netvet::policy {

rule_phase phase_on(const in_force& dates, date d) {
  if (dates.until && *dates.until < d) {
    return rule_phase::expired;
  }
  if (dates.from && d < *dates.from) {
    return rule_phase::not_yet;
  }
  return rule_phase::in_force;
}

std::vector<selected_rule> select_rules(const pack& p, date d) {
  std::vector<selected_rule> out;
  out.reserve(p.rules.size());
  for (const auto& r : p.rules) {
    const rule_phase ph = phase_on(r.dates, d);
    if (ph != rule_phase::expired) {
      out.push_back({&r, ph});
    }
  }
  return out;
}

element_facts facts_of(const element_group& g, std::string_view region) {
  return element_facts{g.catalog_vendor, g.managed_vendor, g.fn, g.gens, region};
}

bool in_parts(const coverage& c, const element_facts& e) {
  return c.matches_part(e.fn) && c.matches_generation(e.gens) && c.matches_region(e.region);
}

bool covers(const coverage& c, const element_facts& e) {
  const bool vendor_ok =
      c.matches_vendor(e.vendor) || (c.managed_services && e.managed && c.vendors.count(*e.managed) > 0);
  return vendor_ok && in_parts(c, e);
}

coverage narrowed(const rule& r, const milestone& m) {
  coverage c = r.covers;
  if (!m.scope) {
    return c;
  }
  if (!m.scope->all_parts) {
    c.parts = c.all_parts ? m.scope->parts : (c.parts & m.scope->parts);
    c.all_parts = false;
  }
  if (!m.scope->generations.empty() || m.scope->neutral) {
    c.generations = m.scope->generations;
    c.neutral = m.scope->neutral;
  }
  return c;
}

coverage every_vendor(coverage c) {
  c.all_vendors = true;
  c.vendors.clear();
  c.managed_services = false;
  c.deploy = deployment::all;
  return c;
}

std::vector<covered_group> covered_groups(const network_index& index, const coverage& c, std::optional<date> since) {
  std::vector<covered_group> out;
  const auto& strings = index.net().strings();
  for (const auto& g : index.groups()) {
    const std::string_view region = strings.view(g.region);
    if (!covers(c, facts_of(g, region))) {
      continue;
    }
    const std::uint64_t n = since ? g.installed_since(*since) : g.elements;
    if (n > 0) {
      out.push_back({&g, region, n});
    }
  }
  return out;
}

std::vector<model::element_index> covered_elements(const network_index& index, const coverage& c) {
  std::vector<model::element_index> out;
  for (const auto& cg : covered_groups(index, c)) {
    out.insert(out.end(), cg.group->members.begin(), cg.group->members.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> regions_in(const network_index& index, const coverage& of) {
  std::vector<std::string> regions;
  const auto& strings = index.net().strings();
  for (const auto& g : index.groups()) {
    const std::string_view region = strings.view(g.region);
    if (in_parts(of, facts_of(g, region)) && std::find(regions.begin(), regions.end(), region) == regions.end()) {
      regions.emplace_back(region);
    }
  }
  std::sort(regions.begin(), regions.end());
  return regions;
}

site_tally tally_sites(const network_index& index, const coverage& cov, const coverage& of) {
  const auto& net = index.net();
  site_tally t;
  t.total_at.assign(net.strings().size(), 0);
  t.covered_at.assign(net.strings().size(), 0);
  for (const auto& g : index.groups()) {
    const element_facts facts = facts_of(g, net.strings().view(g.region));
    if (!in_parts(of, facts)) {
      continue;
    }
    const bool covered_group = covers(cov, facts);
    for (const auto e : g.members) {
      const string_id s = net.site_id(e);
      if (s == 0) {
        continue;  // no site: not counted in sites
      }
      NETVET_DEBUG_ASSERT(s < t.total_at.size(), "site ids index the network's string pool");
      t.total_sites += t.total_at[s]++ == 0 ? 1 : 0;
      if (covered_group) {
        t.covered_sites += t.covered_at[s]++ == 0 ? 1 : 0;
      }
    }
  }
  return t;
}

share_count share_in(const network_index& index, const coverage& cov, const coverage& of, count_basis basis,
                     const std::string* region, const site_tally* tally) {
  share_count out;
  if (basis == count_basis::sites) {
    NETVET_ASSERT(tally != nullptr, "the evaluator builds a site tally for every share counted in sites");
    out.total = tally->total_sites;
    out.covered = tally->covered_sites;
    return out;
  }
  const auto& strings = index.net().strings();
  for (const auto& g : index.groups()) {
    const std::string_view r = strings.view(g.region);
    const element_facts facts = facts_of(g, r);
    if ((region != nullptr && r != *region) || !in_parts(of, facts)) {
      continue;
    }
    const std::uint64_t v = basis == count_basis::elements ? g.elements : g.subscribers;
    out.total += v;
    out.covered += covers(cov, facts) ? v : 0;
  }
  return out;
}

bool exceeds(std::uint64_t covered, std::uint64_t total, std::int64_t max_basis_points) {
  if (total == 0) {
    return false;
  }
  // covered/total > bp/10000  <=>  covered*10000 > bp*total, exact in 64 bits
  // for any realistic network (below 1.8e15 elements).
  const auto bp = static_cast<std::uint64_t>(std::max<std::int64_t>(0, max_basis_points));
  constexpr std::uint64_t kSafe = std::uint64_t{1} << 50;
  if (covered >= kSafe || total >= kSafe) {
    return static_cast<long double>(covered) * 10000.0L >
           static_cast<long double>(bp) * static_cast<long double>(total);
  }
  return covered * 10000U > bp * total;
}

}  // namespace netvet::policy
