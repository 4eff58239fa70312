// Rules scoped to generations against elements' generation sets
// (docs/policy-packs.md "generations"; docs/formats/network-csv.md
// "Generation"), and the proposal key `generation`.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "netvet/io/reader.h"
#include "netvet/policy/assess.h"
#include "netvet/policy/coverage.h"
#include "netvet/policy/loader.h"
#include "netvet/policy/proposal.h"

namespace netvet::policy {
namespace {

const model::vendor_catalog& cat() { return model::vendor_catalog::builtin(); }

pack pack_with(const std::string& covers) {
  const std::string yaml =
      "netvet_policy: 1\nid: t\nname: Test\njurisdiction: ZZ\nrules:\n"
      "  - id: r\n    title: r\n    text: because\n    confidence: C\n"
      "    source: {instrument: Test Act, section: s1, date: 2020-01-01, url: https://example.org}\n"
      "    effect: prohibit\n    from: 2020-01-01\n    covers: " +
      covers + "\n";
  auto p = parse_pack(yaml, "test.yaml", cat(), {});
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.err().to_string());
  return std::move(p).value();
}

model::network net_from(const std::string& elements) {
  auto n = io::read_network_csv_text(elements, "a,b\n", "net", io::read_options{});
  EXPECT_TRUE(n.has_value()) << (n ? "" : n.err().to_string());
  return std::move(n).value();
}

std::vector<std::string> covered_ids(const network_index& idx, const coverage& c) {
  std::vector<std::string> ids;
  for (const auto e : covered_elements(idx, c)) {
    ids.emplace_back(idx.net().id(e));
  }
  return ids;
}

// A split RAN, an antenna serving both, an LTE eNB, and neutral equipment.
const std::string kRan =
    "id,function,vendor,generation\n"
    "ru1,ru,Huawei,\ndu1,du,Huawei,\ncu1,cu,Huawei,\nru4,ru,Huawei,4g\n"
    "ant-both,antenna,Huawei,any\nant-plain,antenna,Huawei,\nenb1,enb,Huawei,\ngnb1,gnb,Huawei,\n"
    "rtr1,router,Huawei,\n";

TEST(GenerationCoverage, FiveGRuleCoversASplitRanAndAnAntennaForBoth) {
  const auto pk = pack_with("{vendors: [Huawei], categories: [RAN], generations: [5g]}");
  const auto net = net_from(kRan);
  const network_index idx(net, cat());
  EXPECT_EQ(covered_ids(idx, pk.rules[0].covers), (std::vector<std::string>{"ru1", "du1", "cu1", "ant-both", "gnb1"}));
  // The share's denominator asks the same question of every vendor.
  const auto& cov = pk.rules[0].covers;
  const auto s = share_in(idx, cov, every_vendor(cov), count_basis::elements, nullptr, nullptr);
  EXPECT_EQ(s.covered, 5U);
  EXPECT_EQ(s.total, 5U);
}

TEST(GenerationCoverage, FourGRuleCoversWhatServesFourG) {
  const auto pk = pack_with("{vendors: [Huawei], categories: [RAN], generations: [4g]}");
  const auto net = net_from(kRan);
  const network_index idx(net, cat());
  EXPECT_EQ(covered_ids(idx, pk.rules[0].covers), (std::vector<std::string>{"ru4", "ant-both", "enb1"}));
}

TEST(GenerationCoverage, NeutralElementsOnlyUnderRulesWithoutAFilter) {
  const auto net = net_from(kRan);
  const network_index idx(net, cat());
  const auto both = pack_with("{vendors: [Huawei], generations: [4g, 5g]}");
  const auto ids = covered_ids(idx, both.rules[0].covers);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "rtr1"), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "ant-plain"), 0);
  EXPECT_EQ(ids.size(), 7U);
  const auto any = pack_with("{vendors: [Huawei], generations: [any]}");  // any: 4g or 5g
  EXPECT_EQ(covered_ids(idx, any.rules[0].covers), ids);
  const auto unfiltered = pack_with("{vendors: [Huawei]}");
  EXPECT_EQ(covered_ids(idx, unfiltered.rules[0].covers).size(), net.element_count());
}

TEST(GenerationCoverage, IndexGroupsSeparateGenerationSets) {
  const auto net = net_from(
      "id,function,vendor,generation\nr1,ru,Nokia,\nr2,ru,Nokia,5g\nr3,ru,Nokia,4g\n"
      "r4,ru,Nokia,any\n");
  const network_index idx(net, cat());
  EXPECT_EQ(idx.groups().size(), 3U);  // r1 and r2 both serve 5g: one group
  EXPECT_EQ(idx.group_of(0), idx.group_of(1));
  EXPECT_EQ(idx.generations_of(2), model::generation_set::of(model::generation::g4));
  EXPECT_EQ(idx.generations_of(3), model::generation_set::of(model::generation::any));
}

TEST(GenerationProposal, KeyOnAddItems) {
  const auto p = parse_proposal(
      "jurisdiction: t\ndate: 2021-01-01\nadd:\n  - {function: du, vendor: Huawei, generation: 4G}\n"
      "  - {function: du, vendor: Huawei}\n  - {function: antenna, vendor: Huawei, generation: any}\n",
      "p.yaml", cat());
  ASSERT_TRUE(p.has_value()) << p.err().to_string();
  ASSERT_EQ(p->add.size(), 3U);
  EXPECT_EQ(p->add[0].generations(), model::generation_set::of(model::generation::g4));
  EXPECT_EQ(p->add[1].generations(), model::generation_set::of(model::generation::g5));
  EXPECT_EQ(p->add[2].generations(), model::generation_set::of(model::generation::any));

  // A 5G rule: the 4G DU is not covered, the DU that says nothing is (5G by default).
  const auto pk = pack_with("{vendors: [Huawei], categories: [RAN], generations: [5g]}");
  const evaluator ev(pk, nullptr);
  assessment_options opt;
  opt.as_of = *parse_date("2021-01-01");
  const auto a = ev.assess(*p, {}, opt);
  ASSERT_EQ(a.findings.size(), 1U);
  EXPECT_EQ(a.findings[0].element_total, 2U);  // the unstated DU and the antenna for both
}

TEST(GenerationProposal, ContradictionNamesLineAndKey) {
  for (const auto* g : {"4g", "any"}) {
    const auto p = parse_proposal(std::string("jurisdiction: t\ndate: 2021-01-01\nadd:\n  - function: gnb\n"
                                              "    vendor: Nokia\n    generation: ") +
                                      g + "\n",
                                  "p.yaml", cat());
    ASSERT_FALSE(p.has_value()) << g;
    EXPECT_EQ(p.err().code, error_code::invalid_input);
    EXPECT_EQ(p.err().where.file, "p.yaml");
    EXPECT_EQ(p.err().where.line, 6U) << p.err().to_string();
    EXPECT_EQ(p.err().where.field, "generation");
    EXPECT_NE(p.err().message.find("contradicts function gnb, which is 5g only"), std::string::npos)
        << p.err().to_string();
  }
  const auto unknown = parse_proposal(
      "jurisdiction: t\ndate: 2021-01-01\nadd: [{function: ru, vendor: Nokia, generation: 3g}]\n", "p.yaml", cat());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.err().message.find("unknown generation '3g'"), std::string::npos) << unknown.err().to_string();
}

}  // namespace
}  // namespace netvet::policy
