#include "netvet/model/network.h"

#include <gtest/gtest.h>

namespace netvet::model {
namespace {

TEST(Network, BuilderResolvesVendorsAndIndexesIds) {
  network_builder b(vendor_catalog::builtin());
  element_record r;
  r.id = "gnb-1";
  r.fn = function::gnb;
  r.vendor = "HUAWEI";
  r.site = "AKL-001";
  r.subscribers = 120;
  ASSERT_EQ(b.add_element(r), 0U);
  r.id = "gnb-2";
  r.vendor = "Huawei Technologies Co., Ltd.";
  ASSERT_EQ(b.add_element(r), 1U);
  r.id = "x";
  r.vendor = "Acme";
  ASSERT_EQ(b.add_element(r), 2U);
  r.id = "y";
  r.vendor = "ACME";
  ASSERT_EQ(b.add_element(r), 3U);
  r.id = "gnb-1";
  EXPECT_EQ(b.add_element(r), kNoElement);  // duplicate id
  b.add_link(link_record{0, 1, link_medium::fiber, 10.0, {}});
  const network n = std::move(b).finish();
  ASSERT_EQ(n.element_count(), 4U);
  EXPECT_EQ(n.vendors().size(), 2U);  // Huawei, Acme (case-insensitive unknown)
  EXPECT_EQ(n.vendor_name(1), "Huawei");
  EXPECT_EQ(n.vendor_spelling_of(1), "Huawei Technologies Co., Ltd.");
  EXPECT_EQ(n.vendor(2), n.vendor(3));
  EXPECT_FALSE(n.vendors()[n.vendor(2)].known());
  EXPECT_EQ(n.find("gnb-2"), 1U);
  EXPECT_FALSE(n.find("GNB-2"));  // ids are case-sensitive
  EXPECT_EQ(n.site(0), "AKL-001");
  EXPECT_EQ(n.site_id(0), n.site_id(1));
  EXPECT_EQ(n.subscribers(0), 120U);
  EXPECT_EQ(n.link_count(), 1U);
  EXPECT_EQ(n.spellings().size(), 4U);
  EXPECT_EQ(n.find_vendor("acme"), n.vendor(2));
}

TEST(Network, ManyElementsStayFindableAndCompact) {
  network_builder b(vendor_catalog::builtin());
  for (int i = 0; i < 200000; ++i) {
    element_record r;
    const std::string id = "cell-" + std::to_string(i);
    r.id = id;
    r.fn = function::enb;
    r.vendor = i % 2 ? "Nokia" : "Ericsson";
    const std::string site = "site-" + std::to_string(i / 3);
    r.site = site;
    r.region = "Auckland";
    b.add_element(r);
  }
  const network n = std::move(b).finish();
  EXPECT_EQ(n.find("cell-199999"), 199999U);
  EXPECT_EQ(n.find("cell-0"), 0U);
  EXPECT_LT(n.memory_bytes() / n.element_count(), 150U);
}

TEST(Network, FromCopiesEverything) {
  network_builder b(vendor_catalog::builtin());
  b.set_element_attributes({"colour"});
  std::vector<std::string_view> attrs = {"red"};
  element_record r;
  r.id = "a";
  r.vendor = "Cisco";
  r.attributes = attrs;
  b.add_element(r);
  r.id = "b";
  b.add_element(r);
  b.add_link(link_record{0, 1, link_medium::copper, kNoValue, {}});
  const network n = std::move(b).finish();
  auto copy = network_builder::from(n, vendor_catalog::builtin());
  element_record c;
  c.id = "c";
  c.vendor = "Juniper";
  EXPECT_EQ(copy.add_element(c), 2U);
  const network m = std::move(copy).finish();
  EXPECT_EQ(m.element_count(), 3U);
  EXPECT_EQ(m.element_attribute(0, 1).view(), "red");
  EXPECT_EQ(m.medium(0), link_medium::copper);
  EXPECT_EQ(m.vendor_name(2), "Juniper");
}

}  // namespace
}  // namespace netvet::model

namespace netvet::model {
namespace {

TEST(Network, FindManyAgreesWithFind) {
  network_builder b(vendor_catalog::builtin());
  for (int i = 0; i < 50000; ++i) {
    element_record r;
    const std::string id = "e" + std::to_string(i * 7);
    r.id = id;
    r.vendor = "Nokia";
    b.add_element(r);
  }
  const network n = std::move(b).finish();
  std::vector<std::string> keep;
  for (int i = 0; i < 1000; ++i) {
    keep.push_back("e" + std::to_string(i * 13));  // about half exist
  }
  keep.push_back("");
  std::vector<std::string_view> ids(keep.begin(), keep.end());
  std::vector<element_index> out(ids.size());
  n.find_many(ids, out);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto one = n.find(ids[i]);
    EXPECT_EQ(out[i], one ? *one : kNoElement) << ids[i];
  }
}

}  // namespace
}  // namespace netvet::model
