// GraphML reader: the bundled Topology Zoo graphs against index.csv, vendor
// options, and located errors.
#include "netvet/io/graphml.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netvet/core/csv.h"
#include "netvet/io/reader.h"
#include "support/temp_dir.h"

namespace netvet::io {
namespace {

using testing::spit;
using testing::temp_dir;

const std::string kZoo = std::string(NETVET_SOURCE_DIR) + "/tests/data/topology-zoo";

// Writes `text` to `name` in the test's folder; returns its path.
std::string write_in(const temp_dir& dir, const std::string& name, const std::string& text) {
  spit(dir / name, text);
  return dir / name;
}

std::string attr(const model::network& n, std::string_view name, model::element_index e) {
  const auto& names = n.element_attribute_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      return std::string(n.element_attribute(i, e).view());
    }
  }
  return "<no attribute " + std::string(name) + ">";
}

struct zoo_row {
  std::size_t nodes = 0;
  std::size_t edges = 0;
  std::size_t with_latlon = 0;
  std::size_t parallel = 0;
  std::size_t self_loops = 0;
};

std::map<std::string, zoo_row> read_index() {
  std::map<std::string, zoo_row> out;
  auto rd = csv_reader::open_file(local_file_system(), kZoo + "/index.csv");
  EXPECT_TRUE(rd);
  if (!rd) {
    return out;
  }
  std::vector<std::string> header;
  while (true) {
    auto more = rd->next();
    if (!more || !*more) {
      break;
    }
    const auto f = rd->fields();
    if (header.empty()) {
      header.assign(f.begin(), f.end());
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < f.size() && i < header.size(); ++i) {
      row[header[i]] = std::string(f[i]);
    }
    out[row["file"]] = zoo_row{std::stoul(row["nodes"]), std::stoul(row["edges"]), std::stoul(row["nodes_with_latlon"]),
                               std::stoul(row["parallel_edges"]), std::stoul(row["self_loops"])};
  }
  return out;
}

const std::string kGraph = R"(<?xml version="1.0" encoding="utf-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="label" attr.type="string" for="node" id="d0"/>
  <key attr.name="Maker" attr.type="string" for="node" id="d1"/>
  <key attr.name="Latitude" attr.type="double" for="node" id="d2"/>
  <key attr.name="Longitude" attr.type="double" for="node" id="d3"/>
  <key attr.name="LinkLabel" attr.type="string" for="edge" id="d4"><default>unlabelled</default></key>
  <graph edgedefault="directed">
    <node id="a"><data key="d0">Auckland</data><data key="d1">HUAWEI</data>
      <data key="d2">-36.85</data><data key="d3">174.76</data></node>
    <node id="b"><data key="d0">Wellington</data><data key="d1">Nokia Oyj</data>
      <data key="d2">95.0</data><data key="d3">174.77</data></node>
    <node id="c"/>
    <edge source="a" target="b"><data key="d4">10G</data></edge>
    <edge source="b" target="a"/>
    <edge source="c" target="c"/>
  </graph>
</graphml>
)";

TEST(GraphML, BundledZooGraphsMatchIndexCsv) {
  const auto index = read_index();
  const std::vector<std::string> files = {"Karen.graphml",   "Abilene.graphml",   "Arpanet196912.graphml",
                                          "AttMpls.graphml", "BtAsiaPac.graphml", "Interoute.graphml"};
  for (const auto& f : files) {
    SCOPED_TRACE(f);
    const auto it = index.find(f);
    ASSERT_NE(it, index.end());
    const auto& want = it->second;
    auto r = read_graphml(kZoo + "/" + f, read_options{});
    ASSERT_TRUE(r) << r.err().to_string();
    const auto& n = *r;
    EXPECT_EQ(n.element_count(), want.nodes);
    EXPECT_EQ(n.link_count(), want.edges);
    std::size_t loops = 0;
    std::size_t latlon = 0;
    std::map<std::pair<model::element_index, model::element_index>, std::size_t> pairs;
    for (model::link_index l = 0; l < n.link_count(); ++l) {
      const auto a = std::min(n.link_a(l), n.link_b(l));
      const auto b = std::max(n.link_a(l), n.link_b(l));
      loops += a == b ? 1 : 0;
      ++pairs[{a, b}];
    }
    std::size_t parallel = 0;
    for (const auto& [p, c] : pairs) {
      parallel += c - 1;
    }
    for (model::element_index e = 0; e < n.element_count(); ++e) {
      latlon += std::isnan(n.lat(e)) ? 0 : 1;
      EXPECT_EQ(n.fn(e), model::function::router);
      EXPECT_EQ(n.vendor_name(e), "unknown");
    }
    EXPECT_EQ(loops, want.self_loops);
    EXPECT_EQ(parallel, want.parallel);
    EXPECT_EQ(latlon, want.with_latlon);
  }
}

TEST(GraphML, KarenKeepsLabelsCountryAndCoordinates) {
  read_options o;
  o.graphml_function = model::function::switch_;
  auto r = read_network(kZoo + "/Karen.graphml", o);  // detected by extension
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = *r;
  const auto wlg = n.find("0");
  ASSERT_TRUE(wlg);
  EXPECT_EQ(attr(n, "label", *wlg), "WLG");
  EXPECT_EQ(attr(n, "Country", *wlg), "New Zealand");
  EXPECT_EQ(attr(n, "graphml_id", *wlg), "0");  // the Zoo's node key "id", renamed off netvet's column
  EXPECT_EQ(n.region(*wlg), "New Zealand");
  EXPECT_DOUBLE_EQ(n.lat(*wlg), -41.28664);
  EXPECT_DOUBLE_EQ(n.lon(*wlg), 174.77557);
  EXPECT_EQ(n.fn(*wlg), model::function::switch_);
  // Written as CSV and read back, the network is the same (no column clash).
  auto back = read_network_csv_text(write_elements_csv(n), write_links_csv(n), "karen", read_options{});
  ASSERT_TRUE(back) << back.err().to_string();
  EXPECT_EQ(back->element_count(), 25U);
  EXPECT_EQ(back->link_count(), 30U);
}

TEST(GraphML, VendorAttributeDirectedEdgesLoopsDefaults) {
  const temp_dir s;
  const auto path = write_in(s, "g.graphml", kGraph);
  read_options o;
  o.vendor_attribute = "maker";  // attr.name, case-insensitive
  auto r = read_graphml(path, o);
  ASSERT_TRUE(r) << r.err().to_string();
  const auto& n = *r;
  ASSERT_EQ(n.element_count(), 3U);
  ASSERT_EQ(n.link_count(), 3U);
  EXPECT_EQ(n.vendor_name(0), "Huawei");
  EXPECT_EQ(n.vendor_name(1), "Nokia");
  EXPECT_EQ(n.vendor_name(2), "unknown");  // no data for the key
  EXPECT_FALSE(std::isnan(n.lat(0)));
  EXPECT_TRUE(std::isnan(n.lat(1)));  // latitude 95 is out of range
  EXPECT_EQ(attr(n, "label", 2), "");
  EXPECT_EQ(n.link_a(2), n.link_b(2));  // self-loop kept
  EXPECT_EQ(n.link_attribute(0, 0).view(), "10G");
  EXPECT_EQ(n.link_attribute(0, 1).view(), "unlabelled");  // <default>

  o.vendor_attribute = "vendor";
  auto missing = read_graphml(path, o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().where.field, "vendor_attribute");
  EXPECT_NE(missing.err().message.find("Maker"), std::string::npos) << missing.err().message;
}

TEST(GraphML, VendorMapByIdOrLabel) {
  const temp_dir s;
  const auto path = write_in(s, "g.graphml", kGraph);
  read_options o;
  o.vendor_attribute = "Maker";
  o.vendor_map_path = write_in(s, "vendors.csv", "node,vendor\nWellington,Ericsson AB\nc,ZTE Corporation\n");
  auto r = read_graphml(path, o);
  ASSERT_TRUE(r) << r.err().to_string();
  EXPECT_EQ(r->vendor_name(0), "Huawei");    // attribute, not in the map
  EXPECT_EQ(r->vendor_name(1), "Ericsson");  // the map wins, matched on the label
  EXPECT_EQ(r->vendor_name(2), "ZTE");       // matched on the id

  o.vendor_map_path = write_in(s, "vendors.csv", "node,vendor\na,Cisco\nChristchurch,Juniper\n");
  auto bad = read_graphml(path, o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().where.file, o.vendor_map_path);
  EXPECT_EQ(bad.err().where.line, 3U);
  EXPECT_EQ(bad.err().where.field, "node");
  EXPECT_NE(bad.err().message.find("Christchurch"), std::string::npos);
}

TEST(GraphML, MalformedXmlHasLineAndColumn) {
  const temp_dir s;
  const auto path = write_in(
      s, "bad.graphml", "<?xml version=\"1.0\"?>\n<graphml>\n  <graph>\n    <node id=\"a\">\n  </graph>\n</graphml>\n");
  auto r = read_graphml(path, read_options{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::invalid_input);
  EXPECT_EQ(r.err().where.file, path);
  EXPECT_EQ(r.err().where.line, 5U) << r.err().to_string();  // </graph> closes an open <node>
  EXPECT_GT(r.err().where.column, 0U);
  EXPECT_NE(r.err().message.find("malformed XML"), std::string::npos);
}

TEST(GraphML, UnknownEdgeEndpointAndDuplicateNode) {
  const temp_dir s;
  auto r = read_graphml(write_in(s, "e.graphml",
                                 "<graphml>\n<graph>\n<node id=\"a\"/>\n<node id=\"b\"/>\n"
                                 "<edge source=\"a\" target=\"z\"/>\n</graph>\n</graphml>\n"),
                        read_options{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().where.line, 5U) << r.err().to_string();
  EXPECT_EQ(r.err().where.field, "target");
  EXPECT_NE(r.err().message.find("'z'"), std::string::npos);

  auto d = read_graphml(write_in(s, "d.graphml",
                                 "<graphml>\n<graph>\n<node id=\"a\"/>\n\n<node id=\"a\"/>\n"
                                 "</graph>\n</graphml>\n"),
                        read_options{});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.err().where.line, 5U) << d.err().to_string();
  EXPECT_EQ(d.err().where.field, "id");
  EXPECT_NE(d.err().message.find("first on line 3"), std::string::npos) << d.err().message;
}

TEST(GraphML, NotGraphmlAndUndeclaredKey) {
  const temp_dir s;
  auto r = read_graphml(write_in(s, "x.graphml", "<svg/>"), read_options{});
  ASSERT_FALSE(r);
  EXPECT_NE(r.err().message.find("<graphml>"), std::string::npos);
  auto k = read_graphml(write_in(s, "k.graphml",
                                 "<graphml>\n<graph>\n<node id=\"a\">\n<data key=\"d9\">x</data>\n"
                                 "</node>\n</graph>\n</graphml>\n"),
                        read_options{});
  ASSERT_FALSE(k);
  EXPECT_EQ(k.err().where.line, 4U) << k.err().to_string();
  EXPECT_EQ(k.err().where.field, "key");
}

// Keys whose names clash (the same attr.name twice, one that trims to
// another, one equal to a renamed name) get unique attribute names in
// document order, so CSV and JSON round trips keep every value.
TEST(GraphML, CollidingKeyNamesAreMadeUniqueAndRoundTrip) {
  const temp_dir s;
  const std::string path = write_in(s, "c.graphml",
                                    "<graphml>\n"
                                    "<key id=\"d0\" for=\"node\" attr.name=\"label\"/>\n"
                                    "<key id=\"d1\" for=\"node\" attr.name=\"label\"/>\n"
                                    "<key id=\"d2\" for=\"node\" attr.name=\"label_2\"/>\n"
                                    "<key id=\"d3\" for=\"node\" attr.name=\" label \"/>\n"
                                    "<key id=\"d4\" for=\"node\" attr.name=\"id\"/>\n"
                                    "<key id=\"d5\" for=\"node\" attr.name=\"graphml_id\"/>\n"
                                    "<key id=\"e0\" for=\"edge\" attr.name=\"Link Label\"/>\n"
                                    "<key id=\"e1\" for=\"edge\" attr.name=\"Link Label\"/>\n"
                                    "<key id=\"e2\" for=\"edge\" attr.name=\"link_label\"/>\n"
                                    "<graph>\n<node id=\"a\"><data key=\"d0\">A0</data><data key=\"d1\">A1</data>"
                                    "<data key=\"d2\">A2</data><data key=\"d3\">A3</data><data key=\"d4\">A4</data>"
                                    "<data key=\"d5\">A5</data></node>\n<node id=\"b\"/>\n"
                                    "<edge source=\"a\" target=\"b\"><data key=\"e0\">L0</data>"
                                    "<data key=\"e1\">L1</data><data key=\"e2\">L2</data></edge>\n"
                                    "</graph>\n</graphml>\n");
  auto n = read_graphml(path, read_options{});
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_EQ(n->element_attribute_names(),
            (std::vector<std::string>{"label", "label_2", "label_2_2", "label_3", "graphml_id", "graphml_id_2"}));
  EXPECT_EQ(n->link_attribute_names(), (std::vector<std::string>{"Link Label", "Link Label_2", "link_label"}));
  EXPECT_EQ(attr(*n, "label_2", 0), "A1");
  EXPECT_EQ(attr(*n, "label_3", 0), "A3");
  auto csv = read_network_csv_text(write_elements_csv(*n), write_links_csv(*n), "c", read_options{});
  ASSERT_TRUE(csv) << csv.err().to_string();
  EXPECT_EQ(write_elements_csv(*csv), write_elements_csv(*n));
  EXPECT_EQ(write_links_csv(*csv), write_links_csv(*n));
  // netvet JSON keeps attributes in an object (read back in name order):
  // every name comes back with its value.
  auto json = read_network_json_text(write_network_json(*n), "c.json", read_options{});
  ASSERT_TRUE(json) << json.err().to_string();
  ASSERT_EQ(json->element_attribute_names().size(), n->element_attribute_names().size());
  for (const auto& name : n->element_attribute_names()) {
    EXPECT_EQ(attr(*json, name, 0), attr(*n, name, 0)) << name;
  }
  const auto& links = json->link_attribute_names();
  ASSERT_EQ(links.size(), 3U);
  for (std::size_t a = 0; a < links.size(); ++a) {
    const auto& orig = n->link_attribute_names();
    const auto at = static_cast<std::size_t>(std::find(orig.begin(), orig.end(), links[a]) - orig.begin());
    ASSERT_LT(at, orig.size()) << links[a];
    EXPECT_EQ(json->link_attribute(a, 0).view(), n->link_attribute(at, 0).view()) << links[a];
  }
}

// A GraphML of `keys` node keys (each node holding every one).
std::string many_keys(std::size_t keys, std::size_t nodes) {
  std::string g = "<graphml>\n";
  for (std::size_t k = 0; k < keys; ++k) {
    g += "<key id=\"k" + std::to_string(k) + "\" for=\"node\" attr.name=\"a" + std::to_string(k) + "\"/>\n";
  }
  g += "<graph>\n";
  for (std::size_t n = 0; n < nodes; ++n) {
    g += "<node id=\"n" + std::to_string(n) + "\">";
    for (std::size_t k = keys; k-- > 0;) {  // last key first: the worst case of a linear slot search
      g += "<data key=\"k" + std::to_string(k) + "\">v</data>";
    }
    g += "</node>\n";
  }
  return g + "</graph>\n</graphml>\n";
}

TEST(GraphML, ThousandsOfKeysLoadQuicklyAndTooManyAreRefused) {
  const temp_dir s;
  const std::string ok = write_in(s, "ok.graphml", many_keys(3000, 100));
  const auto t0 = std::chrono::steady_clock::now();
  auto n = read_graphml(ok, read_options{});
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_EQ(n->element_attribute_names().size(), 3000U);
  // The bounds separate linear from quadratic (a slot search per value would
  // take tens of seconds here), not one build from another: 1 s failed once
  // under ASan on the shared CI machine (1.08 s).
  EXPECT_LT(took, std::chrono::seconds(5));
  const std::string big = write_in(s, "big.graphml", many_keys(5000, 1));
  const auto t1 = std::chrono::steady_clock::now();
  auto r = read_graphml(big, read_options{});
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::seconds(3));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::limit_exceeded);
  EXPECT_EQ(r.err().where.file, big);
  EXPECT_NE(r.err().message.find("4096"), std::string::npos) << r.err().message;
}

TEST(NetworkJson, TooManyAttributeNamesAreRefused) {
  std::string attrs;
  for (int i = 0; i < 4097; ++i) {
    attrs += std::string(i == 0 ? "" : ", ") + "\"a" + std::to_string(i) + "\": \"v\"";
  }
  const std::string doc = R"({"format": "netvet-network", "version": 1, "elements": [{"id": "e1", "function": "gnb", )"
                          R"("vendor": "Nokia", "attributes": {)" +
                          attrs + "}}]}";
  auto r = read_network_json_text(doc, "wide.json", read_options{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::limit_exceeded);
  EXPECT_EQ(r.err().where.file, "wide.json");
  EXPECT_NE(r.err().message.find("4096"), std::string::npos) << r.err().message;
  const std::string links = R"({"format": "netvet-network", "version": 1, "elements": [{"id": "e1", "function": )"
                            R"("gnb", "vendor": "Nokia"}], "links": [{"a": "e1", "b": "e1", "attributes": {)" +
                            attrs + "}}]}";
  auto l = read_network_json_text(links, "wide.json", read_options{});
  ASSERT_FALSE(l);
  EXPECT_EQ(l.err().code, error_code::limit_exceeded);
  // 4096 names are fine, and the values land in their columns.
  const std::string fits = R"({"format": "netvet-network", "version": 1, "elements": [{"id": "e1", "function": )"
                           R"("gnb", "vendor": "Nokia", "attributes": {"z": "1", "a": "2"}}, {"id": "e2", "function": )"
                           R"("gnb", "vendor": "Nokia", "attributes": {"a": "3"}}]})";
  auto f = read_network_json_text(fits, "fits.json", read_options{});
  ASSERT_TRUE(f) << f.err().to_string();
  EXPECT_EQ(attr(*f, "a", 1), "3");
  EXPECT_EQ(attr(*f, "z", 1), "");
  EXPECT_EQ(attr(*f, "z", 0), "1");
}

}  // namespace
}  // namespace netvet::io
