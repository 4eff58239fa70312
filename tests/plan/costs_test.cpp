// The cost model (plan/costs.h): the default reads, every row is labelled,
// and bad files are errors naming file, line and field.
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
  EXPECT_EQ(m->of(model::function::gnb).cost, 0);                        // in the site swap
  EXPECT_EQ(m->of(model::function::amf).item, "default");                // no row of its own
  EXPECT_EQ(m->of(model::function::olt).conf, confidence::unconfirmed);  // USD, unconverted
}

TEST(PlanCosts, NegativeCostNamesLineAndField) {
  const auto m = read_text(kHeader + "site,1,GBP,1,P,x\ndefault,-5,GBP,1,U,y\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().code, error_code::invalid_input);
  EXPECT_EQ(m.err().where.file, "costs.csv");
  EXPECT_EQ(m.err().where.line, 3U);
  EXPECT_EQ(m.err().where.field, "cost");
}

TEST(PlanCosts, BadNumberUnknownItemMixedCurrencyAndBadConfidence) {
  auto m = read_text(kHeader + "site,lots,GBP,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.line, 2U);
  EXPECT_EQ(m.err().where.field, "cost");
  m = read_text(kHeader + "site,1,GBP,1,P,x\nwidget,1,GBP,1,P,x\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.err().where.field, "item");
  EXPECT_NE(m.err().message.find("widget"), std::string::npos);
  m = read_text(kHeader + "site,1,GBP,1,P,x\ndefault,1,EUR,1,P,x\n");
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
