// The `generation` column of the network formats (docs/formats/network-csv.md
// "Generation"): read from CSV, netvet JSON, NetBox and GraphML, implied by
// the function when unstated, contradictions named by file, line and field.
#include <string>

#include <gtest/gtest.h>

#include "netvet/io/graphml.h"
#include "netvet/io/netbox.h"
#include "netvet/io/reader.h"
#include "support/temp_dir.h"

namespace netvet::io {
namespace {

using model::generation;
using model::generation_set;

const generation_set k4g = generation_set::of(generation::g4);
const generation_set k5g = generation_set::of(generation::g5);
const generation_set kBoth = generation_set::of(generation::any);

result<model::network> csv(const std::string& elements) {
  return read_network_csv_text(elements, "a,b\n", "net", read_options{});
}

TEST(GenerationCsv, WithoutTheColumnTheFunctionDecides) {
  const auto n =
      csv("id,function,vendor\ng,gnb,Nokia\ne,enb,Nokia\nr,ru,Nokia\nd,du,Nokia\nc,cu,Nokia\n"
          "x,router,Nokia\na,antenna,Nokia\nm,mme,Nokia\n");
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_FALSE(n->has_column(model::element_column::generation));
  EXPECT_EQ(n->generations(0), k5g);
  EXPECT_EQ(n->generations(1), k4g);
  for (model::element_index e = 2; e <= 4; ++e) {  // a split RAN defaults to 5G
    EXPECT_EQ(n->generations(e), k5g) << n->id(e);
    EXPECT_TRUE(n->stated_generations(e).empty()) << n->id(e);
  }
  EXPECT_TRUE(n->generations(5).empty());  // neutral
  EXPECT_TRUE(n->generations(6).empty());
  EXPECT_EQ(n->generations(7), k4g);
}

TEST(GenerationCsv, EverySpellingAndEmptyCells) {
  const auto n =
      csv("id,generation,function,vendor\n"
          "r1,4g,ru,Nokia\nr2,4G,du,Nokia\nr3,lte,cu,Nokia\nr4,5g,ru,Nokia\nr5,5G,ru,Nokia\n"
          "a1,any,antenna,Nokia\nr6,,ru,Nokia\nx1, ,router,Nokia\ng1,5g,gnb,Nokia\nx2,any,router,Nokia\n");
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_TRUE(n->has_column(model::element_column::generation));
  EXPECT_EQ(n->generations(0), k4g);
  EXPECT_EQ(n->generations(1), k4g);
  EXPECT_EQ(n->generations(2), k4g);
  EXPECT_EQ(n->generations(3), k5g);
  EXPECT_EQ(n->generations(4), k5g);
  EXPECT_EQ(n->generations(5), kBoth);
  EXPECT_EQ(n->generations(6), k5g);  // empty: the function's own
  EXPECT_TRUE(n->stated_generations(6).empty());
  EXPECT_TRUE(n->generations(7).empty());
  EXPECT_EQ(n->generations(8), k5g);
  EXPECT_EQ(n->generations(9), kBoth);
}

TEST(GenerationCsv, ContradictionsNameLineAndField) {
  struct bad {
    const char* row;
    const char* message;
  };
  for (const auto& b : {bad{"g,gnb,Nokia,4g", "generation 4g contradicts function gnb, which is 5g only"},
                        bad{"g,gnb,Nokia,any", "generation any contradicts function gnb, which is 5g only"},
                        bad{"e,enb,Nokia,5G", "generation 5g contradicts function enb, which is 4g only"},
                        bad{"a,amf,Nokia,lte", "generation 4g contradicts function amf, which is 5g only"},
                        bad{"r,ru,Nokia,6g", "unknown generation '6g'; expected 4g, 5g or any"}}) {
    const auto n = csv(std::string("id,function,vendor,generation\nok,router,Nokia,\n") + b.row + "\n");
    ASSERT_FALSE(n) << b.row;
    EXPECT_EQ(n.err().code, error_code::invalid_input);
    EXPECT_EQ(n.err().where.file, "net/elements.csv");
    EXPECT_EQ(n.err().where.line, 3U) << n.err().to_string();
    EXPECT_EQ(n.err().where.column, 4U) << n.err().to_string();
    EXPECT_EQ(n.err().where.field, "generation");
    EXPECT_NE(n.err().message.find(b.message), std::string::npos) << n.err().to_string();
  }
}

TEST(GenerationCsv, RoundTripWritesWhatWasStated) {
  const std::string with =
      "id,function,vendor,generation\nr1,ru,Nokia,4g\nr2,ru,Nokia,\ng1,gnb,Nokia,5g\n"
      "a1,antenna,Nokia,any\nx1,router,Nokia,\n";
  const auto n = csv(with);
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_EQ(write_elements_csv(*n), with);
  const auto from_json = read_network_json_text(write_network_json(*n), "net.json", read_options{});
  ASSERT_TRUE(from_json) << from_json.err().to_string();
  EXPECT_EQ(write_elements_csv(*from_json), with);

  // A file without the column is written without it, byte for byte.
  const std::string without = "id,function,vendor,site\nr1,ru,Nokia,S1\ng1,gnb,Nokia,S1\n";
  const auto old = csv(without);
  ASSERT_TRUE(old) << old.err().to_string();
  EXPECT_EQ(write_elements_csv(*old), without);
  EXPECT_EQ(write_network_json(*old).find("generation"), std::string::npos);
}

TEST(GenerationCsv, ProposalBaseCopyKeepsTheStatedSet) {
  const auto n = csv("id,function,vendor,generation\nr1,ru,Nokia,4g\na1,antenna,Nokia,any\n");
  ASSERT_TRUE(n) << n.err().to_string();
  auto b = model::network_builder::from(*n, model::vendor_catalog::builtin());
  const auto copy = std::move(b).finish();
  EXPECT_EQ(copy.generations(0), k4g);
  EXPECT_EQ(copy.generations(1), kBoth);
}

TEST(GenerationJson, KeyIsReadAndCheckedAgainstTheFunction) {
  const auto ok = read_network_json_text(
      R"({"elements":[{"id":"r","function":"du","vendor":"Nokia","generation":"lte"}]})", "n.json", read_options{});
  ASSERT_TRUE(ok) << ok.err().to_string();
  EXPECT_EQ(ok->generations(0), k4g);
  EXPECT_TRUE(ok->has_column(model::element_column::generation));
  const auto bad = read_network_json_text(
      R"({"elements":[{"id":"e","function":"enb","vendor":"Nokia","generation":"5g"}]})", "n.json", read_options{});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().where.field, "elements[0].generation");
  EXPECT_NE(bad.err().message.find("contradicts function enb"), std::string::npos) << bad.err().to_string();
}

std::string dump_with(const std::string& gnb_generation, const std::string& ru_generation) {
  auto cf = [](const std::string& g) {
    return g.empty() ? std::string() : R"(,"custom_field_data":{"generation":")" + g + "\"}";
  };
  return R"([
{"model":"dcim.manufacturer","pk":1,"fields":{"name":"Nokia","slug":"nokia"}},
{"model":"dcim.devicetype","pk":1,"fields":{"manufacturer":1,"model":"AirScale"}},
{"model":"dcim.devicerole","pk":1,"fields":{"name":"gNB","slug":"gnb"}},
{"model":"dcim.devicerole","pk":2,"fields":{"name":"RU","slug":"ru"}},
{"model":"dcim.site","pk":1,"fields":{"name":"AKL"}},
{"model":"dcim.device","pk":10,"fields":{"name":"g1","device_type":1,"role":1,"site":1,"status":"active")" +
         cf(gnb_generation) + R"(}},
{"model":"dcim.device","pk":11,"fields":{"name":"r1","device_type":1,"role":2,"site":1,"status":"active")" +
         cf(ru_generation) + R"(}}
])";
}

TEST(GenerationNetBox, CustomFieldWhenPresentElseInferred) {
  const auto plain = import_netbox_dump_text(dump_with("", ""), "d.json", read_options{});
  ASSERT_TRUE(plain) << plain.err().to_string();
  EXPECT_FALSE(plain->net.has_column(model::element_column::generation));
  EXPECT_EQ(plain->net.generations(1), k5g);  // ru: 5G by default

  const auto marked = import_netbox_dump_text(dump_with("", "4g"), "d.json", read_options{});
  ASSERT_TRUE(marked) << marked.err().to_string();
  EXPECT_TRUE(marked->net.has_column(model::element_column::generation));
  EXPECT_EQ(marked->net.generations(0), k5g);
  EXPECT_EQ(marked->net.generations(1), k4g);

  const auto bad = import_netbox_dump_text(dump_with("4g", ""), "d.json", read_options{});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().where.field, "generation");
  EXPECT_NE(bad.err().message.find("device 'g1'"), std::string::npos) << bad.err().to_string();
  EXPECT_NE(bad.err().message.find("contradicts function gnb"), std::string::npos) << bad.err().to_string();
}

TEST(GenerationGraphml, NodeKeyWhenPresent) {
  const testing::temp_dir dir;
  const std::string graph = R"(<?xml version="1.0" encoding="utf-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key attr.name="generation" attr.type="string" for="node" id="d0"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="d0">4g</data></node>
    <node id="b"><data key="d0">any</data></node>
    <node id="c"/>
    <edge source="a" target="b"/>
  </graph>
</graphml>
)";
  testing::spit(dir / "g.graphml", graph);
  const auto n = read_graphml(dir / "g.graphml", read_options{});  // nodes are routers
  ASSERT_TRUE(n) << n.err().to_string();
  EXPECT_TRUE(n->has_column(model::element_column::generation));
  EXPECT_EQ(n->generations(0), k4g);
  EXPECT_EQ(n->generations(1), kBoth);
  EXPECT_TRUE(n->generations(2).empty());

  read_options gnb;
  gnb.graphml_function = model::function::gnb;
  const auto bad = read_graphml(dir / "g.graphml", gnb);
  ASSERT_FALSE(bad);
  const std::string both = bad.err().to_string();  // a (4g) and b (any) both contradict gnb
  EXPECT_NE(both.find("g.graphml:5: field 'generation': node 'a': generation 4g contradicts function gnb"),
            std::string::npos)
      << both;
  EXPECT_NE(both.find("g.graphml:6: field 'generation': node 'b': generation any contradicts"), std::string::npos)
      << both;
}

}  // namespace
}  // namespace netvet::io
