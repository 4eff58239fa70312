// tests/generate: the synthetic network generator (netvet/generate/generator.h).
#include "netvet/generate/generator.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "netvet/io/reader.h"
#include "support/temp_dir.h"

namespace netvet::generate {
namespace {

using model::function;

texts make(std::uint64_t sites, std::uint64_t seed) {
  options o;
  o.sites = sites;
  o.seed = seed;
  auto t = generate_texts(o);
  EXPECT_TRUE(t) << (t ? "" : t.err().to_string());
  return std::move(t).value();
}

model::network read(const texts& t) {
  auto n = io::read_network_csv_text(t.elements_csv, t.links_csv, "generated", io::read_options{});
  EXPECT_TRUE(n) << (n ? "" : n.err().to_string());
  return std::move(n).value();
}

TEST(Generator, SameSeedSameBytesDifferentSeedDifferentBytes) {
  const auto a = make(2000, 42);
  const auto b = make(2000, 42);
  const auto c = make(2000, 43);
  EXPECT_EQ(a.elements_csv, b.elements_csv);
  EXPECT_EQ(a.links_csv, b.links_csv);
  EXPECT_NE(a.elements_csv, c.elements_csv);
  EXPECT_NE(a.links_csv, c.links_csv);
}

TEST(Generator, FilesEqualTheInMemoryTexts) {
  netvet::testing::temp_dir dir;
  options o;
  o.sites = 1500;
  o.seed = 9;
  auto s = write_network(dir / "net", o);
  ASSERT_TRUE(s) << s.err().to_string();
  const auto t = make(1500, 9);
  EXPECT_EQ(netvet::testing::slurp(dir / "net/elements.csv"), t.elements_csv);
  EXPECT_EQ(netvet::testing::slurp(dir / "net/links.csv"), t.links_csv);
  EXPECT_EQ(s->bytes, t.elements_csv.size() + t.links_csv.size());
  auto n = io::read_network_csv(dir / "net", io::read_options{});
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_EQ(n->element_count(), s->elements);
  EXPECT_EQ(n->link_count(), s->links);
}

TEST(Generator, ReadsBackWithAboutThreeElementsPerSite) {
  for (const std::uint64_t sites : {1ULL, 7ULL, 100ULL, 20000ULL}) {
    const auto t = make(sites, 1);
    const auto net = read(t);
    EXPECT_EQ(net.element_count(), t.counts.elements);
    EXPECT_EQ(net.link_count(), t.counts.links);
    EXPECT_EQ(t.counts.sites, sites);
    if (sites >= 20000) {
      const double per_site = static_cast<double>(net.element_count()) / static_cast<double>(sites);
      EXPECT_GT(per_site, 2.6);
      EXPECT_LT(per_site, 3.4);
    }
    // Every site has at least one radio.
    std::set<std::string> radio_sites;
    for (model::element_index e = 0; e < net.element_count(); ++e) {
      if (net.fn(e) == function::gnb || net.fn(e) == function::enb) {
        radio_sites.emplace(net.site(e));
      }
    }
    EXPECT_EQ(radio_sites.size(), sites);
  }
}

// The export shape adds three columns unique per element and leaves every
// other byte as the plain shape writes it.
TEST(Generator, ExportShapeAddsUniqueColumnsAndKeepsTheRest) {
  options o;
  o.sites = 3000;
  o.seed = 5;
  o.export_attributes = true;
  auto ex = generate_texts(o);
  ASSERT_TRUE(ex) << ex.err().to_string();
  const auto plain = make(3000, 5);
  EXPECT_EQ(ex->links_csv, plain.links_csv);
  // Dropping the last three fields of every line gives the plain file.
  std::string stripped;
  std::size_t pos = 0;
  while (pos < ex->elements_csv.size()) {
    const auto nl = ex->elements_csv.find('\n', pos);
    std::string_view line(ex->elements_csv.data() + pos, nl - pos);
    for (int k = 0; k < 3; ++k) {
      line = line.substr(0, line.rfind(','));
    }
    stripped.append(line);
    stripped += '\n';
    pos = nl + 1;
  }
  EXPECT_EQ(stripped, plain.elements_csv);
  const auto net = read(*ex);
  ASSERT_EQ(net.element_attribute_names(), (std::vector<std::string>{"serial", "asset_tag", "netbox_id"}));
  for (std::size_t a = 0; a < 3; ++a) {
    std::set<std::string> values;  // copies: a numbered column formats its values
    for (model::element_index e = 0; e < net.element_count(); ++e) {
      values.insert(std::string(net.element_attribute(a, e).view()));
    }
    EXPECT_EQ(values.size(), net.element_count()) << net.element_attribute_names()[a];
  }
  EXPECT_EQ(net.element_attribute(2, 0).view(), "1");
  EXPECT_EQ(net.element_attribute(0, 0).view().size(), 16U);
}

TEST(Generator, DataCentresGrowSlowly) {
  EXPECT_EQ(data_centres_for(1), 2U);
  EXPECT_EQ(data_centres_for(249999), 2U);
  EXPECT_EQ(data_centres_for(1000000), 6U);
  EXPECT_EQ(data_centres_for(20000000), 8U);
  const auto net = read(make(50, 3));
  std::size_t amf = 0;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    amf += net.fn(e) == function::amf ? 1 : 0;
  }
  EXPECT_EQ(amf, 2U);
}

// Every access element reaches every function of its service chain
// (network-csv.md "Service and outage semantics"), ignoring status.
TEST(Generator, EveryAccessElementReachesItsCoreChain) {
  const auto net = read(make(3000, 5));
  std::vector<std::vector<model::element_index>> adj(net.element_count());
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    adj[net.link_a(l)].push_back(net.link_b(l));
    adj[net.link_b(l)].push_back(net.link_a(l));
  }
  // One component holds everything: BFS from the first AMF.
  model::element_index start = model::kNoElement;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (net.fn(e) == function::amf) {
      start = e;
      break;
    }
  }
  ASSERT_NE(start, model::kNoElement);
  std::vector<bool> seen(net.element_count(), false);
  std::deque<model::element_index> queue{start};
  seen[start] = true;
  std::array<bool, model::kFunctionCount> fn_seen{};
  while (!queue.empty()) {
    const auto e = queue.front();
    queue.pop_front();
    fn_seen[static_cast<std::size_t>(net.fn(e))] = true;
    for (const auto n : adj[e]) {
      if (!seen[n]) {
        seen[n] = true;
        queue.push_back(n);
      }
    }
  }
  for (const auto f : {function::amf, function::smf, function::upf, function::mme, function::sgw, function::pgw}) {
    EXPECT_TRUE(fn_seen[static_cast<std::size_t>(f)]) << model::to_string(f);
  }
  std::size_t access = 0;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (model::is_access(net.fn(e))) {
      ++access;
      EXPECT_TRUE(seen[e]) << net.id(e) << " has no path to the core";
    }
  }
  EXPECT_GT(access, 3000U);
}

TEST(Generator, VendorSpellingsResolveExceptTheIntendedUnknowns) {
  const auto t = make(20000, 2);
  const auto net = read(t);
  const auto unknowns = unknown_vendor_spellings();
  std::size_t messy = 0;
  std::size_t unknown = 0;
  std::size_t total = 0;
  for (const auto& s : net.spellings()) {
    total += s.elements;
    const bool intended = std::find(unknowns.begin(), unknowns.end(), s.spelling) != unknowns.end();
    const auto& v = net.vendors()[s.vendor];
    if (intended) {
      EXPECT_FALSE(v.known()) << s.spelling << " was meant to be unknown but resolves to " << v.name;
      unknown += s.elements;
    } else {
      EXPECT_TRUE(v.known()) << "'" << s.spelling << "' does not resolve";
      if (s.spelling != v.name) {
        ++messy;
        messy += s.elements - 1;
      }
    }
  }
  const double messy_share = static_cast<double>(messy) / static_cast<double>(total);
  const double unknown_share = static_cast<double>(unknown) / static_cast<double>(total);
  EXPECT_GT(messy_share, 0.03);
  EXPECT_LT(messy_share, 0.07);
  EXPECT_GT(unknown_share, 0.0003);
  EXPECT_LT(unknown_share, 0.003);
  // A plausible RAN mix: several vendors carry radios.
  std::set<std::string> ran_vendors;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (net.fn(e) == function::gnb && net.vendors()[net.vendor(e)].known()) {
      ran_vendors.emplace(net.vendor_name(e));
    }
  }
  EXPECT_GE(ran_vendors.size(), 3U);
}

TEST(Generator, SomeTailSitesAreSingleHomed) {
  const auto t = make(3000, 8);
  EXPECT_GT(t.counts.tail_sites, 200U);
  const auto net = read(t);
  std::vector<std::uint32_t> degree(net.element_count(), 0);
  std::size_t microwave_links = 0;
  for (model::link_index l = 0; l < net.link_count(); ++l) {
    ++degree[net.link_a(l)];
    ++degree[net.link_b(l)];
    microwave_links += net.medium(l) == model::link_medium::microwave ? 1 : 0;
  }
  EXPECT_EQ(microwave_links, t.counts.tail_sites);
  // The far microwave terminal has one uplink: the microwave hop.
  std::size_t single_homed = 0;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (net.fn(e) != function::microwave || !net.id(e).ends_with("-MWB")) {
      continue;
    }
    std::size_t uplinks = 0;
    for (model::link_index l = 0; l < net.link_count(); ++l) {
      if (net.link_a(l) != e && net.link_b(l) != e) {
        continue;
      }
      const auto other = net.link_a(l) == e ? net.link_b(l) : net.link_a(l);
      uplinks += model::is_access(net.fn(other)) ? 0 : 1;
    }
    single_homed += uplinks == 1 ? 1 : 0;
  }
  EXPECT_EQ(single_homed, t.counts.tail_sites);
}

// Per cell site with radios: the known vendors of its radios.
std::map<std::string, std::set<std::string>> radio_vendors_by_site(const model::network& net) {
  std::map<std::string, std::set<std::string>> out;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    if (net.fn(e) != function::gnb && net.fn(e) != function::enb) {
      continue;
    }
    auto& vs = out[std::string(net.site(e))];
    if (net.vendors()[net.vendor(e)].known()) {
      vs.emplace(net.vendor_name(e));
    }
  }
  return out;
}

double share_of(const std::map<std::string, std::set<std::string>>& sites, const std::string& vendor) {
  std::size_t with = 0;
  for (const auto& [site, vs] : sites) {
    with += vs.contains(vendor) ? 1 : 0;
  }
  return static_cast<double>(with) / static_cast<double>(sites.size());
}

TEST(Generator, VendorShareSetsTheRanVendorOfThatFractionOfSites) {
  options o;
  o.sites = 6000;
  o.seed = 5;
  const auto plain = read(*generate_texts(o));
  const double before = share_of(radio_vendors_by_site(plain), "Huawei");
  o.ran_shares = {{"Huawei", 0.3}, {"ZTE", 0.1}};
  const auto a = generate_texts(o);
  ASSERT_TRUE(a) << a.err().to_string();
  const auto b = generate_texts(o);
  EXPECT_EQ(a->elements_csv, b->elements_csv);  // deterministic for a seed
  EXPECT_EQ(a->links_csv, b->links_csv);
  const auto sites = radio_vendors_by_site(read(*a));
  EXPECT_GT(sites.size(), 5000U);
  EXPECT_NEAR(share_of(sites, "Huawei"), 0.3, 0.02) << "without the option: " << before;
  EXPECT_NEAR(share_of(sites, "ZTE"), 0.1, 0.015);
  std::size_t mixed = 0;
  for (const auto& [site, vs] : sites) {
    mixed += vs.size() > 1 ? 1 : 0;
  }
  EXPECT_EQ(mixed, 0U);  // with shares, a site's radios are all of one vendor
  o.ran_shares = {{"Huawei", 0.0}};
  EXPECT_EQ(share_of(radio_vendors_by_site(read(*generate_texts(o))), "Huawei"), 0.0);
}

TEST(Generator, VendorShareParsesAndRejectsBadValues) {
  const auto ok = parse_vendor_share("Huawei=30%");
  ASSERT_TRUE(ok) << ok.err().to_string();
  EXPECT_EQ(ok->vendor, "Huawei");
  EXPECT_DOUBLE_EQ(ok->share, 0.3);
  EXPECT_DOUBLE_EQ(parse_vendor_share("ZTE=0.25")->share, 0.25);
  for (const auto* bad : {"Huawei", "=0.3", "Huawei=x", "Huawei=0.3x", "Huawei=1.5", "Huawei=-0.1", "Cisco=0.2"}) {
    const auto r = parse_vendor_share(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.err().code, error_code::invalid_input) << bad;
    EXPECT_NE(r.err().to_string().find("--vendor-share"), std::string::npos) << r.err().to_string();
  }
  options o;
  o.sites = 10;
  o.ran_shares = {{"Huawei", 0.7}, {"ZTE", 0.4}};
  EXPECT_FALSE(generate_texts(o));  // above 1 together
  o.ran_shares = {{"Huawei", 0.2}, {"Huawei", 0.1}};
  EXPECT_FALSE(generate_texts(o));  // the same vendor twice
}

TEST(Generator, RejectsZeroSites) {
  options o;
  o.sites = 0;
  auto t = generate_texts(o);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.err().code, error_code::invalid_input);
}

}  // namespace
}  // namespace netvet::generate
