// Tests of netvet/graph: a hand-checked topology (tests/graph/data/small,
// expected figures worked out by hand in docs/graph.md), the edge cases of
// outage.h, together vs single, spof on a ring vs a chain, Monte Carlo.
#include <array>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "netvet/generate/generator.h"
#include "netvet/graph/exposure.h"
#include "netvet/graph/monte_carlo.h"
#include "netvet/graph/outage.h"
#include "netvet/graph/spof.h"
#include "netvet/graph/topology.h"
#include "netvet/io/reader.h"
#include "netvet/model/no_vendor.h"
#include "netvet/report/summary.h"
#include "support/temp_dir.h"

namespace netvet::graph {
namespace {

model::network small() {
  auto r = io::read_network_csv(std::string(NETVET_SOURCE_DIR) + "/tests/graph/data/small", io::read_options{});
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.err().to_string());
  return std::move(r).value();
}

model::network from_text(std::string_view elements, std::string_view links) {
  auto r = io::read_network_csv_text(elements, links, "test", io::read_options{});
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.err().to_string());
  return std::move(r).value();
}

model::net_vendor_index vendor(const model::network& net, std::string_view name) {
  const auto v = net.find_vendor(name);
  EXPECT_TRUE(v.has_value()) << name;
  return v.value_or(0);
}

impact single(const topology& t, std::string_view name) {
  const vendor_set s{vendor(t.network(), name)};
  return outage_impacts(t, std::span<const vendor_set>(&s, 1))[0];
}

TEST(Topology, ServedOnSmallNetwork) {
  const auto net = small();
  const auto t = topology::build(net);
  EXPECT_EQ(t.access_elements(), 6U);
  EXPECT_EQ(t.served_access(), 4U);  // gE planned, gF isolated
  EXPECT_EQ(t.served_subscribers(), 200U);
  EXPECT_TRUE(t.served(*net.find("gA")));
  EXPECT_FALSE(t.served(*net.find("gE")));
  EXPECT_FALSE(t.served(*net.find("gF")));
  EXPECT_TRUE(t.has_core());
  EXPECT_EQ(t.neighbours(*net.find("r2")).size(), 4U);  // self-loop dropped, gE down
}

TEST(Outage, HandCheckedSmallNetwork) {
  const auto net = small();
  const auto t = topology::build(net);
  const auto all = all_vendor_outages(t);
  struct want {
    const char* vendor;
    std::uint64_t access, subs, own;
  };
  for (const want w :
       {want{"Cisco", 4, 200, 0}, want{"Huawei", 2, 150, 2}, want{"Ericsson", 2, 130, 1}, want{"Juniper", 2, 80, 0},
        want{"Nokia", 2, 70, 1}, want{"ZTE", 1, 30, 0}, want{"Samsung", 0, 0, 0}}) {
    const auto& r = all[vendor(net, w.vendor)];
    EXPECT_EQ(r.access_lost, w.access) << w.vendor;
    EXPECT_EQ(r.subscribers_lost, w.subs) << w.vendor;
    EXPECT_EQ(r.own_access_lost, w.own) << w.vendor;
  }
  const auto& eric = all[vendor(net, "Ericsson")];
  EXPECT_EQ(eric.access_lost_by_class[0], 2U);  // gA, gC: no amf/smf/upf left
  EXPECT_EQ(eric.access_lost_by_class[2], 0U);  // the olt keeps pgw
  ASSERT_EQ(eric.by_region.size(), 2U);
  EXPECT_EQ(net.strings().view(eric.by_region[0].region), "north");
  EXPECT_EQ(eric.by_region[0].subscribers_lost, 100U);
  EXPECT_EQ(eric.by_region[1].subscribers_lost, 30U);
  EXPECT_EQ(all[vendor(net, "Nokia")].elements_down, 4U);  // spellings normalised
}

// The per-element answer behind an impact (the map's `sites?outage=`): the
// elements it names are the impact's, counted and summed.
TEST(Outage, LostAccessElementsAreTheImpactsOwn) {
  const auto net = small();
  const auto t = topology::build(net);
  const auto all = all_vendor_outages(t);
  for (model::net_vendor_index v = 0; v < net.vendors().size(); ++v) {
    const auto lost = lost_access_elements(t, {v});
    std::uint64_t subscribers = 0;
    for (const auto e : lost) {
      EXPECT_TRUE(t.served(e)) << net.vendors()[v].name;
      subscribers += net.subscribers(e);
    }
    EXPECT_EQ(lost.size(), all[v].access_lost) << net.vendors()[v].name;
    EXPECT_EQ(subscribers, all[v].subscribers_lost) << net.vendors()[v].name;
  }
  const auto ericsson = lost_access_elements(t, {vendor(net, "Ericsson")});
  EXPECT_EQ(ericsson, (std::vector<element_index>{*net.find("gA"), *net.find("gC")}));
  EXPECT_TRUE(lost_access_elements(t, {vendor(net, "Samsung")}).empty());
}

TEST(Outage, TogetherVersusSingle) {
  const auto net = small();
  const auto t = topology::build(net);
  const std::vector<vendor_set> s{{vendor(net, "Huawei"), vendor(net, "ZTE")},
                                  {vendor(net, "Huawei")},
                                  {vendor(net, "ZTE")},
                                  {vendor(net, "Cisco"), vendor(net, "Juniper")}};
  const auto r = outage_impacts(t, s);
  EXPECT_EQ(r[0].subscribers_lost, 180U);  // gA, eB own + gC behind ZTE's microwave
  EXPECT_EQ(r[0].subscribers_lost, r[1].subscribers_lost + r[2].subscribers_lost);
  EXPECT_EQ(r[3].access_lost, 4U);
  EXPECT_EQ(r[3].subscribers_lost, 200U);
  // Threads do not change anything.
  outage_options one;
  one.threads = 1;
  outage_options two;
  two.threads = 2;
  EXPECT_EQ(all_vendor_outages(t, one)[vendor(net, "Juniper")].subscribers_lost,
            all_vendor_outages(t, two)[vendor(net, "Juniper")].subscribers_lost);
}

TEST(Outage, ReportJsonShape) {
  const auto net = small();
  const auto t = topology::build(net);
  outage_request req;
  req.vendors = {"HUAWEI", "Kaspersky", "No Such Vendor Ltd"};
  const auto doc = outage_report(t, model::vendor_catalog::builtin(), req);
  const auto j = report::to_json(doc);
  ASSERT_TRUE(j.contains("outages"));
  EXPECT_EQ(j["outages"]["Huawei"]["access_lost"].get<std::int64_t>(), 2);
  EXPECT_EQ(j["outages"]["Huawei"]["subscribers_lost"].get<std::int64_t>(), 150);
  EXPECT_EQ(j["outages"]["Kaspersky"]["access_lost"].get<std::int64_t>(), 0);  // absent: zeros
  EXPECT_EQ(j["outages"]["No Such Vendor Ltd"]["subscribers_lost"].get<std::int64_t>(), 0);
  EXPECT_GE(doc.notes.size(), 2U);
}

TEST(Outage, VendorDependencyForPolicy) {
  const auto net = small();
  const auto r = vendor_dependency(net, "huawei technologies", model::vendor_catalog::builtin());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->subscribers_lost, 150U);
  const auto absent = vendor_dependency(net, "Kaspersky", model::vendor_catalog::builtin());
  ASSERT_TRUE(absent.has_value());
  EXPECT_EQ(absent->subscribers_lost, 0U);
  EXPECT_FALSE(vendor_dependency(net, 999).has_value());
}

// The table answers what vendor_dependency answers, for every vendor of a
// generated network (messy spellings, tails, several regions), by index and by
// name, with and without regions; an absent vendor loses nothing.
TEST(Outage, VendorOutageTableEqualsVendorDependencyForEveryVendor) {
  generate::options go;
  go.sites = 400;
  go.seed = 7;
  const auto texts = generate::generate_texts(go);
  ASSERT_TRUE(texts) << texts.err().to_string();
  const auto net = from_text(texts->elements_csv, texts->links_csv);
  const auto& cat = model::vendor_catalog::builtin();
  const auto table = vendor_outage_table::build(net);
  outage_options no_regions;
  no_regions.by_region = false;
  const auto lean = vendor_outage_table::build(net, no_regions);
  ASSERT_GT(net.vendors().size(), 3U);
  std::uint64_t lost_somewhere = 0;
  for (model::net_vendor_index v = 0; v < net.vendors().size(); ++v) {
    const std::string& name = net.vendors()[v].name;
    SCOPED_TRACE(name);
    const auto want = vendor_dependency(net, v);
    const auto got = table.of(v);
    ASSERT_TRUE(want && got);
    EXPECT_EQ(got->subscribers_lost, want->subscribers_lost);
    EXPECT_EQ(got->access_lost, want->access_lost);
    EXPECT_EQ(got->own_subscribers_lost, want->own_subscribers_lost);
    EXPECT_EQ(got->elements_down, want->elements_down);
    EXPECT_EQ(got->subscribers_lost_by_class, want->subscribers_lost_by_class);
    EXPECT_EQ(got->by_region.size(), want->by_region.size());
    const auto by_name = vendor_dependency(net, name, cat);
    ASSERT_TRUE(by_name);
    EXPECT_EQ(table.of(name, cat).subscribers_lost, by_name->subscribers_lost);
    EXPECT_EQ(lean.of(name, cat).subscribers_lost, by_name->subscribers_lost);
    EXPECT_TRUE(lean.of(name, cat).by_region.empty());
    lost_somewhere += want->subscribers_lost;
  }
  EXPECT_GT(lost_somewhere, 0U);  // some outage loses service: the comparison is not of zeros
  EXPECT_EQ(table.of("Kaspersky", cat).subscribers_lost, 0U);
  EXPECT_FALSE(table.of(static_cast<model::net_vendor_index>(net.vendors().size())).has_value());
}

TEST(EdgeCases, NoCoreFunctions) {
  const auto net = from_text("id,function,vendor,subscribers\ng1,gnb,Huawei,10\nr1,router,Cisco,0\n", "a,b\ng1,r1\n");
  const auto t = topology::build(net);
  EXPECT_FALSE(t.has_core());
  EXPECT_EQ(t.served_access(), 0U);
  for (const auto& r : all_vendor_outages(t)) {
    EXPECT_EQ(r.access_lost, 0U);
  }
  const auto doc = outage_report(t, model::vendor_catalog::builtin(), {});
  ASSERT_FALSE(doc.notes.empty());
  EXPECT_NE(doc.notes.back().find("No up element has a core function"), std::string::npos);
  EXPECT_TRUE(single_points_of_failure(t).elements.empty());
}

TEST(EdgeCases, AccessWithNoPathToCore) {
  const auto net = from_text(
      "id,function,vendor,subscribers\namf,amf,Ericsson,0\nsmf,smf,Ericsson,0\nupf,upf,Ericsson,0\n"
      "g1,gnb,Huawei,10\ng2,gnb,Nokia,7\n",
      "a,b\namf,smf\nsmf,upf\nupf,g1\n");
  const auto t = topology::build(net);
  EXPECT_EQ(t.served_access(), 1U);
  EXPECT_FALSE(t.served(*net.find("g2")));
  EXPECT_EQ(single(t, "Nokia").access_lost, 0U);  // g2 was never served
  EXPECT_EQ(single(t, "Ericsson").subscribers_lost, 10U);
}

TEST(EdgeCases, SelfLoopsAndParallelLinks) {
  const auto net = from_text(
      "id,function,vendor,subscribers\nupf,upf,Nokia,0\nr1,router,Cisco,0\nr2,router,Juniper,0\no1,olt,Huawei,5\n",
      "a,b\nupf,r1\nr1,r1\nr1,r2\nr1,r2\nr2,o1\no1,o1\n");
  const auto t = topology::build(net);
  EXPECT_EQ(t.served_access(), 1U);
  EXPECT_EQ(t.edge_count(), 4U);
  const auto s = single_points_of_failure(t);
  // r1 and r2 are articulation points; the doubled r1-r2 link is no bridge.
  ASSERT_EQ(s.elements.size(), 3U);  // upf (sole provider), r1, r2
  for (const auto& l : s.links) {
    const auto a = net.id(net.link_a(l.link));
    const auto b = net.id(net.link_b(l.link));
    EXPECT_FALSE((a == "r1" && b == "r2") || (a == "r2" && b == "r1"));
  }
  EXPECT_EQ(s.links.size(), 2U);
  EXPECT_EQ(single(t, "Juniper").subscribers_lost, 5U);
}

TEST(EdgeCases, UnknownVendor) {
  const auto net =
      from_text("id,function,vendor,subscribers\nupf,upf,Acme Telecom Widgets,0\no1,olt,acme telecom widgets,3\n",
                "a,b\nupf,o1\n");
  const auto t = topology::build(net);
  ASSERT_EQ(net.vendors().size(), 1U);  // case-insensitive unknown spellings are one vendor
  const auto r = resolve_vendor(net, "ACME Telecom Widgets", model::vendor_catalog::builtin());
  EXPECT_FALSE(r.known);
  ASSERT_TRUE(r.in_network.has_value());
  EXPECT_EQ(single(t, "Acme Telecom Widgets").subscribers_lost, 3U);
}

TEST(EdgeCases, EmptyNetwork) {
  const auto net = from_text("id,function,vendor\n", "a,b\n");
  const auto t = topology::build(net);
  EXPECT_EQ(t.node_count(), 0U);
  EXPECT_TRUE(all_vendor_outages(t).empty());
  const auto doc = outage_report(t, model::vendor_catalog::builtin(), {});
  EXPECT_TRUE(report::to_json(doc)["outages"].empty());
  EXPECT_TRUE(single_points_of_failure(t).elements.empty());
  EXPECT_FALSE(exposure_report(t).tables.empty());
  outage_request req;
  req.vendors = {"Huawei"};
  EXPECT_EQ(
      report::to_json(outage_report(t, model::vendor_catalog::builtin(), req))["outages"]["Huawei"]["access_lost"], 0);
}

// A core and five routers, each with a gnb of 10 subscribers: a ring or a chain.
model::network ring_or_chain(bool ring) {
  std::string el = "id,function,vendor,subscribers\namf,amf,Ericsson,0\nsmf,smf,Ericsson,0\nupf,upf,Ericsson,0\n";
  std::string ln = "a,b\namf,r0\nsmf,r0\nupf,r0\n";
  for (int i = 0; i < 5; ++i) {
    el += "r" + std::to_string(i) + ",router,Cisco,0\ng" + std::to_string(i) + ",gnb,Huawei,10\n";
    ln += "r" + std::to_string(i) + ",g" + std::to_string(i) + "\n";
    if (i > 0) {
      ln += "r" + std::to_string(i - 1) + ",r" + std::to_string(i) + "\n";
    }
  }
  if (ring) {
    ln += "r4,r0\n";
  }
  return from_text(el, ln);
}

TEST(Spof, RingVersusChain) {
  const auto chain_net = ring_or_chain(false);
  const auto chain = single_points_of_failure(topology::build(chain_net));
  const auto ring_net = ring_or_chain(true);
  const auto ring = single_points_of_failure(topology::build(ring_net));
  // Chain: r0 cuts all 5 gnbs' service but its own router's... r_i cuts g_i..g4.
  std::map<std::string, std::uint64_t> c;
  for (const auto& s : chain.elements) {
    c[std::string(chain_net.id(s.element))] = s.subscribers_cut;
  }
  EXPECT_EQ(c["r0"], 50U);
  EXPECT_EQ(c["r1"], 40U);
  EXPECT_EQ(c["r4"], 10U);
  EXPECT_EQ(c["amf"], 50U);  // sole provider, not an articulation point
  EXPECT_EQ(chain.links.size(), 3U + 5U + 4U);
  // Ring: only r0 (the core's attachment) and the core functions cut service;
  // each other router cuts only its own gnb.
  std::map<std::string, std::uint64_t> r;
  for (const auto& s : ring.elements) {
    r[std::string(ring_net.id(s.element))] = s.subscribers_cut;
  }
  EXPECT_EQ(r["r0"], 50U);
  EXPECT_EQ(r["r2"], 10U);
  EXPECT_EQ(ring.links.size(), 3U + 5U);  // leaf links only
  EXPECT_EQ(chain.elements.front().subscribers_cut, 50U);
}

TEST(MonteCarlo, DeterministicAndZeroProbabilityIsPlainOutage) {
  const auto net = small();
  const auto t = topology::build(net);
  const vendor_set juniper{vendor(net, "Juniper")};
  monte_carlo_options o;
  o.trials = 200;
  o.fail_prob = 0.0;
  o.seed = 7;
  const auto zero = monte_carlo(t, juniper, o);
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->p50, 80U);
  EXPECT_EQ(zero->p99, 80U);
  EXPECT_DOUBLE_EQ(zero->mean_subscribers_lost, 80.0);
  o.fail_prob = 0.2;
  o.threads = 1;
  const auto a = monte_carlo(t, juniper, o);
  o.threads = 2;
  const auto b = monte_carlo(t, juniper, o);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->subscribers_lost, b->subscribers_lost);
  EXPECT_GE(a->mean_subscribers_lost, 80.0);
  EXPECT_LE(a->max, 200U);
  o.seed = 8;
  const auto c = monte_carlo(t, juniper, o);
  EXPECT_NE(a->subscribers_lost, c->subscribers_lost);
  o.fail_prob = 1.5;
  EXPECT_FALSE(monte_carlo(t, juniper, o).has_value());
}

TEST(Exposure, SharesAndConcentration) {
  const auto net = small();
  const auto t = topology::build(net);
  const auto doc = exposure_report(t);
  const auto j = report::to_json(doc);
  EXPECT_EQ(j["vendors"]["Huawei"]["dependent_subscribers"].get<std::int64_t>(), 150);
  // Core layer (routers are transport): Ericsson 3, Nokia 3 of 6 -> HHI = 2 * 50^2.
  bool found = false;
  for (const auto& row : j["concentration"]) {
    if (row["layer"] == "transport") {
      EXPECT_EQ(row["vendors"].get<std::int64_t>(), 3);  // Cisco 2, Juniper 1, ZTE 1 of 4
      EXPECT_EQ(row["hhi"].get<std::int64_t>(), 3750);
    }
    if (row["layer"] == "core") {
      EXPECT_EQ(row["hhi"].get<std::int64_t>(), 5000);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace netvet::graph

namespace netvet::graph {
namespace {

// A real topology (Topology Zoo Abilene, 11 nodes, 14 edges) with roles and
// vendors from a synthetic node map: node 7 is the only UPF; the rest are
// OLTs (olt is served by a UPF or PGW). Expected values worked out by hand
// from the edge list in tests/data/topology-zoo/Abilene.graphml.
TEST(TopologyZoo, AbileneWithARoleMap) {
  io::read_options opt;
  opt.vendor_map_path = std::string(NETVET_SOURCE_DIR) + "/tests/data/topology-zoo/abilene-roles.csv";
  auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/tests/data/topology-zoo/Abilene.graphml", opt);
  ASSERT_TRUE(net) << net.err().to_string();
  const auto& cat = model::vendor_catalog::builtin();
  auto nokia = vendor_dependency(*net, "Nokia", cat);  // the UPF: everything
  ASSERT_TRUE(nokia);
  EXPECT_EQ(nokia->access_lost, 10U);
  EXPECT_EQ(nokia->subscribers_lost, 1000U);
  auto huawei = vendor_dependency(*net, "HUAWEI", cat);  // nodes 0-5: only its own
  ASSERT_TRUE(huawei);
  EXPECT_EQ(huawei->access_lost, 6U);
  EXPECT_EQ(huawei->own_access_lost, 6U);
  auto cisco = vendor_dependency(*net, "Cisco", cat);  // 6,8,9,10: isolates the UPF
  ASSERT_TRUE(cisco);
  EXPECT_EQ(cisco->access_lost, 10U);
  EXPECT_EQ(cisco->own_access_lost, 4U);
  EXPECT_EQ(cisco->subscribers_lost, 1000U);
}

// Articulation points and bridges "(all)" are the whole graph's, served or
// not: a Topology Zoo graph read without a role map serves nothing (every
// node a router), yet its cut vertices and bridges count. Expected values
// from networkx 3 (nx.articulation_points, nx.bridges on the simple graph,
// self-loops dropped, a bridge that is a parallel edge not counted):
//   for f in ...: g = nx.read_graphml(f); s = nx.Graph(g without self-loops)
TEST(TopologyZoo, ArticulationPointsAndBridgesOfTheWholeGraph) {
  struct expected {
    const char* file;
    std::uint64_t articulation_points;
    std::uint64_t bridges;
  };
  constexpr std::array<expected, 6> kGraphs = {{{"Abilene", 0, 0},
                                                {"Arpanet196912", 1, 1},
                                                {"AttMpls", 0, 0},
                                                {"BtAsiaPac", 3, 6},
                                                {"Interoute", 8, 6},
                                                {"Karen", 9, 11}}};
  for (const auto& g : kGraphs) {
    auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/tests/data/topology-zoo/" + g.file + ".graphml",
                                io::read_options{});
    ASSERT_TRUE(net) << net.err().to_string();
    const auto t = topology::build(*net);
    ASSERT_EQ(t.served_access(), 0U) << g.file;
    const auto s = single_points_of_failure(t);
    EXPECT_EQ(s.articulation_points, g.articulation_points) << g.file;
    EXPECT_EQ(s.bridges, g.bridges) << g.file;
    EXPECT_TRUE(s.elements.empty()) << g.file;  // nothing served: no failure cuts service
    const auto doc = report::to_json(spof_report(t, 0));
    EXPECT_EQ(doc["articulation_points"], g.articulation_points) << g.file << doc.dump();
    EXPECT_EQ(doc["bridges"], g.bridges) << g.file;
  }
}

// Nodes missing from the vendor map have no vendor (issue class 7): they are
// counted apart, never an outage or exposure row of a pseudo-vendor "unknown".
TEST(TopologyZoo, NodesMissingFromTheVendorMapAreNoVendor) {
  const netvet::testing::temp_dir dir;
  const std::string map = dir / "vendors.csv";
  netvet::testing::spit(map, "node,vendor\n0,Nokia\n1,Cisco\n");
  io::read_options opt;
  opt.vendor_map_path = map;
  auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/tests/data/topology-zoo/Abilene.graphml", opt);
  ASSERT_TRUE(net) << net.err().to_string();
  EXPECT_EQ(model::elements_without_vendor(*net), 9U);
  const auto t = topology::build(*net);
  const auto& cat = model::vendor_catalog::builtin();
  const auto out = report::to_json(outage_report(t, cat, {}));
  EXPECT_EQ(out["elements_without_vendor"], 9) << out.dump();
  EXPECT_EQ(out["scenarios"], 2);
  EXPECT_TRUE(out["outages"].contains("Nokia"));
  EXPECT_TRUE(out["outages"].contains("Cisco"));
  EXPECT_FALSE(out["outages"].contains("unknown")) << out["outages"].dump();
  for (const auto& row : out["by_vendor"]) {
    EXPECT_NE(row["vendor"], "unknown");
  }
  outage_request asked;
  asked.vendors = {"unknown"};
  const auto one = report::to_json(outage_report(t, cat, asked));
  EXPECT_EQ(one["outages"]["unknown"]["in_network"], false);
  EXPECT_EQ(one["outages"]["unknown"]["elements_down"], 0);
  const auto ex = report::to_json(exposure_report(t));
  EXPECT_EQ(ex["vendors"].size(), 2U);  // the JSON object of vendors
  EXPECT_EQ(ex["elements_without_vendor"], 9);
  EXPECT_EQ(ex["by_vendor"].size(), 2U);
  // Concentration: shares of the 2 elements with a vendor, not of all 11.
  for (const auto& row : ex["concentration"]) {
    if (row["layer"] == "transport") {
      EXPECT_EQ(row["elements"], 2) << row.dump();
      EXPECT_EQ(row["vendors"], 2) << row.dump();
      EXPECT_EQ(row["hhi"], 5000) << row.dump();
    }
  }
  // The summary counts them apart too: no vendor row, no unknown vendor.
  const auto sum = report::to_json(report::summarize(*net, cat));
  EXPECT_EQ(sum["vendors"], 2) << sum.dump();
  EXPECT_TRUE(sum["unknown_vendors"].empty()) << sum["unknown_vendors"].dump();  // the table (JSON keeps it)
  EXPECT_EQ(sum["elements_without_vendor"], 9);
  for (const auto& table : {"by_vendor", "unknown_vendors"}) {
    for (const auto& row : sum[table]) {
      EXPECT_NE(row["vendor"], "unknown") << table;
    }
  }
}

TEST(TopologyZoo, RoleMapErrorsNameTheLine) {
  const netvet::testing::temp_dir dir;
  const std::string map = dir / "bad-roles.csv";
  netvet::testing::spit(map, "node,vendor,function\n0,Huawei,olt\n1,Huawei,gnodeb\n");
  io::read_options opt;
  opt.vendor_map_path = map;
  auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/tests/data/topology-zoo/Abilene.graphml", opt);
  ASSERT_FALSE(net);
  EXPECT_NE(net.err().to_string().find("bad-roles.csv:3:3: field 'function': unknown function 'gnodeb'"),
            std::string::npos)
      << net.err().to_string();
}

}  // namespace
}  // namespace netvet::graph
