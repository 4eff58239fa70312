// The cost model (plan/costs.h): the default reads, every row is labelled
// with its source's currency, a model is converted into one currency at a
// rate table's rates, and bad files are errors naming file, line and field.
#include "netvet/plan/costs.h"

#include <gtest/gtest.h>

namespace netvet::plan {
namespace {

result<cost_model> read_text(const std::string& text) {
  return cost_model::read(csv_reader::from_text(text, "costs.csv"));
}

const std::string kHeader = "item,cost,currency,crew_days,confidence,source\n";

TEST(PlanCosts, DefaultModelReads) {
  const auto m = cost_model::defaults();
  ASSERT_TRUE(m) << m.err().message;
  EXPECT_EQ(m->currency(), "GBP");
  EXPECT_EQ(m->site().cost, 42000);
  EXPECT_EQ(m->site().conf, confidence::partly);
  EXPECT_FALSE(m->site().source.empty());
  EXPECT_EQ(m->of(model::function::gnb).cost, 0);          // in the site swap
  EXPECT_EQ(m->of(model::function::amf).item, "default");  // no row of its own
  EXPECT_EQ(m->of(model::function::olt).currency, "USD");  // the FCC catalogue's figure, as REPLACEMENT.md 4 gives it
  EXPECT_EQ(m->of(model::function::olt).cost, 20100);
  EXPECT_EQ(m->site().currency, "GBP");  // BT's
}

// The default model in GBP and in EUR at the default rates (ECB, 2019-10-01:
// 1 EUR = 1.0898 USD = 0.88955 GBP), each converted row to the cent.
TEST(PlanCosts, DefaultModelConvertsTheFccFiguresToTheCent) {
  const auto m = cost_model::defaults();
  const auto rates = rate_table::defaults();
  ASSERT_TRUE(m && rates);
  const auto gbp = m->in_currency("GBP", *rates);
  ASSERT_TRUE(gbp) << gbp.err().message;
  EXPECT_EQ(gbp->currency(), "GBP");
  const auto& olt = gbp->of(model::function::olt);
  EXPECT_EQ(olt.currency, "GBP");
  EXPECT_NEAR(olt.cost, 20100 * 0.88955 / 1.0898, 0.005);  // 16,406.6388...
  EXPECT_DOUBLE_EQ(olt.cost, 16406.64);
  EXPECT_DOUBLE_EQ(gbp->of(model::function::ont).cost, 5307.26);       // 5,307.2620...
  EXPECT_DOUBLE_EQ(gbp->of(model::function::optical).cost, 50384.71);  // 50,384.7062...
  EXPECT_EQ(gbp->site().cost, 42000);                                  // GBP already
  const auto& c = gbp->converted();
  ASSERT_EQ(c.items.size(), 3U);
  EXPECT_EQ(c.items[0].item, "olt");
  EXPECT_EQ(c.items[0].from, "USD");
  EXPECT_EQ(c.items[0].from_cost, 20100);
  EXPECT_EQ(c.items[0].line, 9U);
  ASSERT_EQ(c.rates.size(), 2U);  // the plan's currency, then the one converted from
  EXPECT_EQ(c.rates[0].currency, "GBP");
  EXPECT_EQ(c.rates[1].currency, "USD");
  EXPECT_EQ(format_date(*c.rates[1].day), "2019-10-01");
  const auto eur = m->in_currency("EUR", *rates);
  ASSERT_TRUE(eur) << eur.err().message;
  EXPECT_DOUBLE_EQ(eur->of(model::function::olt).cost, 18443.75);  // 20,100 / 1.0898
  EXPECT_DOUBLE_EQ(eur->site().cost, 47214.88);                    // 42,000 / 0.88955
  EXPECT_EQ(eur->converted().rates[0].currency, "EUR");
  const auto same = m->in_currency("GBP", *rates);
  const auto back = same->in_currency("GBP", *rates);  // nothing left to convert
  EXPECT_TRUE(back->converted().items.empty());
}

// Rows in three currencies priced in one; a currency the rates do not know is
// an error naming the cost file, the row's line and the currency field.
TEST(PlanCosts, MixedCurrenciesConvertOrNameTheRowWithoutARate) {
  const auto rates = rate_table::read(csv_reader::from_text(
      "currency,per_eur,date,source\nGBP,0.5,2020-01-01,test\nSEK,10,2020-01-01,test\n", "rates.csv"));
  ASSERT_TRUE(rates) << rates.err().message;
  const auto m = read_text(kHeader + "site,100,EUR,1,P,x\nolt,50,sek,1,P,y\ndefault,7,GBP,1,U,z\n");
  ASSERT_TRUE(m) << m.err().message;
  EXPECT_EQ(m->currency(), "EUR");  // the site row's
  EXPECT_EQ(m->of(model::function::olt).currency, "SEK");
  const auto gbp = m->in_currency("GBP", *rates);
  ASSERT_TRUE(gbp) << gbp.err().message;
  EXPECT_DOUBLE_EQ(gbp->site().cost, 50);                     // 100 EUR x 0.5
  EXPECT_DOUBLE_EQ(gbp->of(model::function::olt).cost, 2.5);  // 50 SEK / 10 x 0.5
  EXPECT_DOUBLE_EQ(gbp->of(model::function::mme).cost, 7);    // GBP already
  EXPECT_EQ(gbp->converted().items.size(), 2U);
  const auto noted = read_text(kHeader + "site,100,GBP,1,P,x\ndefault,1,NOK,1,P,y\n");
  ASSERT_TRUE(noted);
  const auto missing = noted->in_currency("GBP", *rates);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().code, error_code::invalid_input);
  EXPECT_EQ(missing.err().where.file, "costs.csv");
  EXPECT_EQ(missing.err().where.line, 3U);
  EXPECT_EQ(missing.err().where.column, 3U);
  EXPECT_EQ(missing.err().where.field, "currency");
  EXPECT_NE(missing.err().message.find("NOK"), std::string::npos) << missing.err().message;
  EXPECT_NE(missing.err().message.find("rates.csv"), std::string::npos) << missing.err().message;
  const auto target = m->in_currency("JPY", *rates);  // the plan's currency has no rate
  ASSERT_FALSE(target);
  EXPECT_EQ(target.err().where.field, "--currency");
  EXPECT_NE(target.err().message.find("JPY"), std::string::npos) << target.err().message;
}

TEST(PlanCosts, NegativeCostNamesLineAndField) {
  const auto m = read_text(kHeader + "site,1,GBP,1,P,x\ndefault,-5,GBP,1,U,y\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().code, error_code::invalid_input);
  EXPECT_EQ(m.err().where.file, "costs.csv");
  EXPECT_EQ(m.err().where.line, 3U);
  EXPECT_EQ(m.err().where.field, "cost");
}

TEST(PlanCosts, BadNumberUnknownItemBadCurrencyAndBadConfidence) {
  auto m = read_text(kHeader + "site,lots,GBP,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.line, 2U);
  EXPECT_EQ(m.err().where.field, "cost");
  m = read_text(kHeader + "site,1,GBP,1,P,x\nwidget,1,GBP,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.field, "item");
  EXPECT_NE(m.err().message.find("widget"), std::string::npos);
  m = read_text(kHeader + "site,1,GBP,1,P,x\ndefault,1,EURO,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.line, 3U);
  EXPECT_EQ(m.err().where.field, "currency");
  m = read_text(kHeader + "site,1,GBP,1,Q,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.field, "confidence");
}

TEST(PlanCosts, MissingRowsAndColumns) {
  auto m = read_text(kHeader + "site,1,GBP,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_NE(m.err().message.find("default"), std::string::npos);
  m = read_text("item,cost,currency,confidence,source\nsite,1,GBP,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.field, "crew_days");
  m = read_text(kHeader + "site,1,GBP,1,P,x\nsite,2,GBP,1,P,x\ndefault,1,GBP,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.line, 3U);
}

TEST(PlanCosts, SiteCostsAddTheirElements) {
  const auto m = read_text(kHeader + "site,100,GBP,2,P,x\nolt,10,GBP,0.5,U,y\ndefault,1,GBP,0,U,z\n");
  ASSERT_TRUE(m) << m.err().message;
  EXPECT_EQ(m->of(model::function::olt).cost, 10);
  EXPECT_EQ(m->of(model::function::olt).crew_days, 0.5);
  EXPECT_EQ(m->of(model::function::mme).cost, 1);
}

}  // namespace
}  // namespace netvet::plan
