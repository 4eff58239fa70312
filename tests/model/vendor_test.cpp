#include "netvet/model/vendor.h"

#include <gtest/gtest.h>

namespace netvet::model {
namespace {

std::string resolved(std::string_view s) {
  const auto& c = vendor_catalog::builtin();
  const auto m = c.resolve(s);
  return m.vendor ? c.info(*m.vendor).display_name : std::string("?");
}

TEST(VendorKey, IgnoresCasePunctuationAndLegalSuffixes) {
  EXPECT_EQ(normalise_vendor_key("Huawei Technologies Co., Ltd."), "huaweitechnologies");
  EXPECT_EQ(normalise_vendor_key("  HUAWEI  "), "huawei");
  EXPECT_EQ(normalise_vendor_key("Nokia Solutions and Networks Oy"), "nokiasolutionsandnetworks");
  EXPECT_EQ(normalise_vendor_key("Ericsson AB"), "ericsson");
  EXPECT_EQ(normalise_vendor_key("Cisco Systems, Inc."), "ciscosystems");
  // A name that is only a suffix word is kept.
  EXPECT_EQ(normalise_vendor_key("AB"), "ab");
}

TEST(VendorCatalog, ResolvesTheSpellingsOfTheBrief) {
  EXPECT_EQ(resolved("HUAWEI"), "Huawei");
  EXPECT_EQ(resolved("Huawei Technologies Co., Ltd."), "Huawei");
  EXPECT_EQ(resolved("huawei technologies co ltd"), "Huawei");
  EXPECT_EQ(resolved("Nokia Solutions and Networks"), "Nokia");
  EXPECT_EQ(resolved("Telefonaktiebolaget LM Ericsson"), "Ericsson");
  EXPECT_EQ(resolved("Telefonaktiebolaget L.M. Ericsson"), "Ericsson");
  EXPECT_EQ(resolved("ZTE Corporation"), "ZTE");
  EXPECT_EQ(resolved("中兴通讯"), "ZTE");
  EXPECT_EQ(resolved("Samsung Electronics Co., Ltd."), "Samsung");
  EXPECT_EQ(resolved("Nokia Shanghai Bell"), "Nokia Shanghai Bell");
}

TEST(VendorCatalog, LegalSuffixedNamesOfDifferentCompaniesStayApart) {
  // vendors.csv: "TP-Link Corporation" is the US company, "TP-Link" the Shenzhen one.
  EXPECT_EQ(resolved("TP-Link"), "TP-Link");
  EXPECT_EQ(resolved("TP-Link Corporation"), "TP-Link Systems");
}

TEST(VendorCatalog, CarriesLegalNameCountryAndParent) {
  const auto& c = vendor_catalog::builtin();
  const auto id = c.find("Huawei");
  ASSERT_TRUE(id);
  EXPECT_EQ(c.info(*id).canonical_name, "Huawei Technologies Co., Ltd.");
  EXPECT_EQ(c.info(*id).hq_country, "CN");
  const auto nsb = c.find("Nokia Shanghai Bell");
  ASSERT_TRUE(nsb);
  EXPECT_EQ(c.info(*nsb).parent, "Nokia");
}

TEST(VendorCatalog, IncludesDeviceTypeLibraryManufacturers) {
  const auto& c = vendor_catalog::builtin();
  EXPECT_GT(c.size(), 150U);
  EXPECT_EQ(resolved("Arista"), "Arista");
  EXPECT_EQ(resolved("Juniper Networks, Inc."), "Juniper");
  EXPECT_EQ(resolved("APC"), "APC");
}

TEST(VendorCatalog, UnknownVendorGetsSuggestions) {
  const auto& c = vendor_catalog::builtin();
  EXPECT_FALSE(c.resolve("Huawey").vendor);
  const auto s = c.suggest("Huawey");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), "Huawei");
}

TEST(VendorCatalog, UserAliasesMerge) {
  vendor_catalog c = vendor_catalog::builtin();
  ASSERT_TRUE(
      c.merge_csv("display_name,aliases,hq_country\nHuawei,HW Tech,\nAcme Radio,Acme;ACME RF,NZ\n", "mine.csv"));
  EXPECT_EQ(c.info(*c.resolve("hw tech").vendor).display_name, "Huawei");
  EXPECT_EQ(c.info(*c.resolve("ACME RF").vendor).display_name, "Acme Radio");
  EXPECT_EQ(c.info(*c.resolve("acme").vendor).hq_country, "NZ");
}

TEST(VendorCatalog, AliasOfTwoVendorsIsAnError) {
  vendor_catalog c = vendor_catalog::builtin();
  const auto s = c.merge_csv("display_name,aliases\nMy Vendor,Huawei\n", "mine.csv");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.err().where.file, "mine.csv");
  EXPECT_EQ(s.err().where.line, 2U);
  EXPECT_EQ(s.err().where.field, "aliases");
}

TEST(VendorCatalog, MalformedUserFileNamesTheProblem) {
  vendor_catalog c = vendor_catalog::builtin();
  const auto s = c.merge_csv("name,aliases\nX,Y\n", "mine.csv");
  ASSERT_FALSE(s);
  EXPECT_NE(s.err().message.find("display_name"), std::string::npos);
  const auto p = c.merge_csv("display_name,parent\nX,NoSuchParent\n", "p.csv");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.err().where.field, "parent");
}

}  // namespace
}  // namespace netvet::model
