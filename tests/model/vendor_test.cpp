#include "netvet/model/vendor.h"

#include <gtest/gtest.h>

namespace netvet::model {
namespace {

std::string resolved(std::string_view s) {
  const auto& c = vendor_catalog::builtin();
  const auto m = c.resolve(s);
  return m.vendor ? c.info(*m.vendor).display_name : std::string("?");
}

// One spelling and what it must become.
struct spelling_case {
  std::string_view spelling;
  std::string_view expected;
};

TEST(VendorKey, IgnoresCasePunctuationAndLegalSuffixes) {
  // The last: a name that is only a suffix word is kept.
  for (const auto& c : {
           spelling_case{"Huawei Technologies Co., Ltd.", "huaweitechnologies"},
           spelling_case{"  HUAWEI  ", "huawei"},
           spelling_case{"Nokia Solutions and Networks Oy", "nokiasolutionsandnetworks"},
           spelling_case{"Ericsson AB", "ericsson"},
           spelling_case{"Cisco Systems, Inc.", "ciscosystems"},
           spelling_case{"AB", "ab"},
       }) {
    EXPECT_EQ(normalise_vendor_key(c.spelling), c.expected) << c.spelling;
  }
}

TEST(VendorCatalog, ResolvesTheSpellingsOfTheBrief) {
  for (const auto& c : {
           spelling_case{"HUAWEI", "Huawei"},
           spelling_case{"Huawei Technologies Co., Ltd.", "Huawei"},
           spelling_case{"huawei technologies co ltd", "Huawei"},
           spelling_case{"Nokia Solutions and Networks", "Nokia"},
           spelling_case{"Telefonaktiebolaget LM Ericsson", "Ericsson"},
           spelling_case{"Telefonaktiebolaget L.M. Ericsson", "Ericsson"},
           spelling_case{"ZTE Corporation", "ZTE"},
           spelling_case{"中兴通讯", "ZTE"},
           spelling_case{"Samsung Electronics Co., Ltd.", "Samsung"},
           spelling_case{"Nokia Shanghai Bell", "Nokia Shanghai Bell"},
       }) {
    EXPECT_EQ(resolved(c.spelling), c.expected) << c.spelling;
  }
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
