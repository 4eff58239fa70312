#include "netvet/model/vendor.h"

#include <chrono>
#include <string>

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

// A parent chain (vendors.csv `parent`) is read in linear time; one that
// comes back to where it started is an error naming a line on the cycle.
TEST(VendorCatalog, LongParentChainIsLinear) {
  constexpr int kChain = 100000;
  std::string text = "display_name,parent\n";
  for (int i = kChain; i >= 1; --i) {  // each row names a parent further down the file
    text += "Chain Vendor " + std::to_string(i) + ",Chain Vendor " + std::to_string(i - 1) + "\n";
  }
  text += "Chain Vendor 0,Huawei\n";
  vendor_catalog c = vendor_catalog::builtin();
  const auto t0 = std::chrono::steady_clock::now();
  const auto s = c.merge_csv(text, "chain.csv");
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(s) << s.err().to_string();
  // Linear: about 1.5 s here, 5 s under ASan; quadratic (a pass per link) is
  // 10^10 steps, many minutes. The bound tells the two apart on a slow CI.
  EXPECT_LT(took, std::chrono::seconds(30));
  EXPECT_EQ(c.info(*c.find("Chain Vendor 1")).parent, "Chain Vendor 0");
}

TEST(VendorCatalog, ParentCycleIsAnErrorNamingTheLine) {
  vendor_catalog c = vendor_catalog::builtin();
  const auto s = c.merge_csv("display_name,parent\nA Co,\nB Co,C Co\nC Co,D Co\nD Co,B Co\n", "cycle.csv");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.err().code, error_code::invalid_input);
  EXPECT_EQ(s.err().where.file, "cycle.csv");
  EXPECT_EQ(s.err().where.line, 3U);
  EXPECT_EQ(s.err().where.field, "parent");
  EXPECT_NE(s.err().message.find("cycle of 3"), std::string::npos) << s.err().message;
  vendor_catalog self = vendor_catalog::builtin();
  const auto own = self.merge_csv("display_name,parent\nSelf Co,Self Co\n", "self.csv");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.err().where.line, 2U);
  // A cycle through the built-in catalogue: a user file gives Huawei a parent.
  vendor_catalog via = vendor_catalog::builtin();
  const auto b = via.merge_csv("display_name,parent\nHold Co,Huawei\nHuawei,Hold Co\n", "via.csv");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.err().where.line, 3U);
}

}  // namespace
}  // namespace netvet::model

namespace netvet::model {
namespace {

// ------------------------------------- issue 9: disguised vendor spellings

// A spelling written to escape matching resolves to the vendor it spells,
// and says why it needed folding.
TEST(VendorFolding, DisguisedSpellingsOfHuaweiResolveToHuawei) {
  const auto& c = vendor_catalog::builtin();
  struct disguise {
    std::string_view spelling;
    bool invisible, full_width, compatibility, lookalike;
  };
  for (const auto& d : {
           disguise{"Hua\u200Bwei", true, false, false, false},                          // zero-width space
           disguise{"Hua\u00ADwei", true, false, false, false},                          // soft hyphen
           disguise{"\uFEFFHuawei\u200D", true, false, false, false},                    // BOM, zero-width joiner
           disguise{"Hua\u202Ewei", true, false, false, false},                          // right-to-left override
           disguise{"\uFF28\uFF55\uFF41\uFF57\uFF45\uFF49", false, true, false, false},  // Ｈｕａｗｅｉ
           disguise{"Huawei\u3000Technologies", false, true, false, false},              // ideographic space
           disguise{"Hu\u0430wei", false, false, false, true},                           // Cyrillic а
           disguise{"\u041DUAWEI", false, false, false, true},                           // Cyrillic Н
           disguise{"Hu\u03B1wei", false, false, false, true},                           // Greek α
           disguise{"\u24BDuawei", false, false, true, false},                           // circled H
           disguise{"\U0001D407uawei", false, false, true, false},                       // mathematical bold H
           disguise{"Huawei\u00A0Technologies Co., Ltd.", false, false, true, false},    // no-break space
           disguise{"\uFF28u\u200B\u0430wei", true, true, false, true},                  // all at once
       }) {
    const auto m = c.resolve(d.spelling);
    ASSERT_TRUE(m.vendor) << d.spelling;
    EXPECT_EQ(c.info(*m.vendor).display_name, "Huawei") << d.spelling;
    EXPECT_TRUE(m.folded.any()) << d.spelling;
    EXPECT_EQ(m.folded.invisible, d.invisible) << d.spelling;
    EXPECT_EQ(m.folded.full_width, d.full_width) << d.spelling;
    EXPECT_EQ(m.folded.compatibility, d.compatibility) << d.spelling;
    EXPECT_EQ(m.folded.lookalike, d.lookalike) << d.spelling;
    EXPECT_FALSE(m.folded.describe().empty());
  }
  EXPECT_EQ(c.resolve("Hu\u0430wei").folded.describe(), "Cyrillic or Greek letters that look Latin (mixed script)");
}

TEST(VendorFolding, PlainAndGenuineSpellingsAreNotFolded) {
  const auto& c = vendor_catalog::builtin();
  for (const std::string_view s : {"Huawei", "HUAWEI TECHNOLOGIES CO., LTD.", "Nokia", "Ericsson AB"}) {
    const auto m = c.resolve(s);
    ASSERT_TRUE(m.vendor) << s;
    EXPECT_FALSE(m.folded.any()) << s;
  }
  // Folding does not make an unknown vendor known, nor invalid UTF-8 a match.
  EXPECT_FALSE(c.resolve("Hua\u200Bwey").vendor);
  EXPECT_FALSE(c.resolve("Hua\xFFwei").vendor);
  EXPECT_FALSE(c.resolve("\u0425\u0443\u0430\u0432\u0435\u0439").vendor);  // Хуавей: Cyrillic, not a disguise
  // A user's vendor with a non-Latin name matches as written.
  vendor_catalog mine = vendor_catalog::builtin();
  ASSERT_TRUE(mine.merge_csv("display_name\n\u042D\u043B\u0442\u0435\u043A\u0441\n", "mine.csv"));  // Элтекс
  const auto m = mine.resolve("\u042D\u043B\u0442\u0435\u043A\u0441");
  ASSERT_TRUE(m.vendor);
  EXPECT_FALSE(m.folded.any());
}

TEST(VendorFolding, FoldSpellingCoversTheDocumentedForms) {
  EXPECT_EQ(fold_spelling("\uFB01ber\u2122", false).text, "fiber\u2122");  // ligature folded, ™ kept
  EXPECT_EQ(fold_spelling("\u2168", false).text, "IX");
  EXPECT_EQ(fold_spelling("x\u00B2\u2083", false).text, "x23");
  EXPECT_EQ(fold_spelling("\uFF01\uFF5E", false).text, "!~");
  EXPECT_EQ(fold_spelling("\u0430", false).text, "\u0430");  // look-alikes only when asked
  EXPECT_EQ(fold_spelling("\u0430", true).text, "a");
  EXPECT_FALSE(fold_spelling("Huawei", true).why.any());
  EXPECT_EQ(fold_spelling("a\xE2\x80", false).text, "a\xE2\x80");  // truncated UTF-8 kept
}

}  // namespace
}  // namespace netvet::model
