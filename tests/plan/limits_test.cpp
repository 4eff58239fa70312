// Budget and capacity files (plan/limits.h): a year spread over its periods,
// a period as given, nothing where no row covers, and every error naming
// file, line and field.
#include "netvet/plan/limits.h"

#include <gtest/gtest.h>

namespace netvet::plan {
namespace {

result<limit_table> read(const std::string& text, period_length len) {
  return read_limits(csv_reader::from_text(text, "budget.csv"), len);
}

TEST(PlanLimits, YearsSpreadPeriodsAsGivenTheRestNothing) {
  const auto t = read("period,amount\n2021,400\n2022-Q2,50\n", period_length::quarter);
  ASSERT_TRUE(t) << t.err().message;
  const auto periods = make_periods(*parse_date("2021-01-01"), *parse_date("2023-03-31"), period_length::quarter);
  const auto l = limits_per_period(*t, periods, period_length::quarter);
  ASSERT_EQ(l.size(), 9U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(l[i].value_or(-1), 100.0) << i;
  }
  EXPECT_DOUBLE_EQ(l[4].value_or(-1), 0.0);  // 2022-Q1: no row
  EXPECT_DOUBLE_EQ(l[5].value_or(-1), 50.0);
  EXPECT_DOUBLE_EQ(l[8].value_or(-1), 0.0);
  const auto months = make_periods(*parse_date("2021-01-01"), *parse_date("2021-02-28"), period_length::month);
  const auto m = read("period,amount\n2021,1200\n", period_length::month);
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(limits_per_period(*m, months, period_length::month)[1].value_or(-1), 100.0);
}

// The error of `text` read for quarters: its line and field, and a word of
// its message.
void expect_error(const std::string& text, std::size_t line, const std::string& field, const std::string& word) {
  const auto t = read(text, period_length::quarter);
  ASSERT_FALSE(t) << text;
  EXPECT_EQ(t.err().code, error_code::invalid_input);
  EXPECT_EQ(t.err().where.file, "budget.csv");
  EXPECT_EQ(t.err().where.line, line) << t.err().message;
  EXPECT_EQ(t.err().where.field, field) << t.err().message;
  EXPECT_NE(t.err().message.find(word), std::string::npos) << t.err().message;
}

TEST(PlanLimits, ErrorsNameFileLineAndField) {
  expect_error("period,amount\n2021,x\n", 2, "amount", "bad number");
  expect_error("period,amount\n2021,-1\n", 2, "amount", "negative");
  expect_error("period,amount\n2021,1\nsoon,1\n", 3, "period", "bad period");
  expect_error("period,amount\n2021-07,1\n", 2, "period", "month");
  expect_error("period,amount\n2021-Q5,1\n", 2, "period", "bad period");
  expect_error("period,amount\n2021-Q1,1\n2021-Q1,2\n", 3, "period", "twice");
  expect_error("period,amount\n2021,1\n2021-Q3,2\n", 3, "period", "row of its own");
  expect_error("period,amount\n2021-Q3,2\n2021,1\n", 3, "period", "row of its own");
  const auto t = read("when,amount\n2021,1\n", period_length::quarter);
  ASSERT_FALSE(t);
  EXPECT_NE(t.err().message.find("period"), std::string::npos) << t.err().message;
}

}  // namespace
}  // namespace netvet::plan
