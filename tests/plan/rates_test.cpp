// The exchange rates (plan/rates.h): the default table is the ECB's of
// 2019-10-01 as the Official Journal printed it, the euro is the base, and
// bad rows are errors naming file, line and field.
#include "netvet/plan/rates.h"

#include <gtest/gtest.h>

namespace netvet::plan {
namespace {

result<rate_table> read_text(const std::string& text) {
  return rate_table::read(csv_reader::from_text("currency,per_eur,date,source\n" + text, "rates.csv"));
}

TEST(PlanRates, DefaultTableIsTheEcbsOfOctober2019) {
  const auto t = rate_table::defaults();
  ASSERT_TRUE(t) << t.err().message;
  EXPECT_EQ(t->file(), "<embedded>/data/plan/rates.csv");
  // OJ C 331, 2.10.2019, p. 5 (2019/C 331/05), as printed there.
  for (const auto& [code, per_eur] : {std::pair{"USD", 1.0898}, std::pair{"GBP", 0.88955}, std::pair{"SEK", 10.8043},
                                      std::pair{"CAD", 1.4466}, std::pair{"NZD", 1.7528}, std::pair{"KRW", 1310.56}}) {
    const auto* r = t->find(code);
    ASSERT_NE(r, nullptr) << code;
    EXPECT_EQ(r->per_eur, per_eur) << code;
    EXPECT_EQ(format_date(*r->day), "2019-10-01") << code;
    EXPECT_NE(r->source.find("2019/C 331/05"), std::string::npos) << code;
  }
  EXPECT_EQ(t->find("EUR")->per_eur, 1);  // the base, without a row
  EXPECT_EQ(t->find("XXX"), nullptr);
}

TEST(PlanRates, BadRowsNameLineAndField) {
  struct bad {
    std::string text;
    std::size_t line;
    std::string field;
  };
  for (const auto& b : {bad{"USD,1.1,2019-10-01,s\nUSD,1.2,2019-10-01,s\n", 3, "currency"},
                        bad{"US$,1.1,2019-10-01,s\n", 2, "currency"}, bad{"USD,0,2019-10-01,s\n", 2, "per_eur"},
                        bad{"USD,-1,2019-10-01,s\n", 2, "per_eur"}, bad{"USD,lots,2019-10-01,s\n", 2, "per_eur"},
                        bad{"EUR,2,2019-10-01,s\n", 2, "per_eur"}, bad{"USD,1.1,2019-13-01,s\n", 2, "date"},
                        bad{"USD,1.1,,s\n", 2, "date"}, bad{"USD,1.1,2019-10-01,\n", 2, "source"}}) {
    const auto t = read_text(b.text);
    ASSERT_FALSE(t) << b.text;
    EXPECT_EQ(t.err().code, error_code::invalid_input) << b.text;
    EXPECT_EQ(t.err().where.file, "rates.csv") << b.text;
    EXPECT_EQ(t.err().where.line, b.line) << b.text;
    EXPECT_EQ(t.err().where.field, b.field) << b.text << t.err().message;
  }
  const auto ok = read_text("eur,1,2019-10-01,the base\nchf,1.0906,2019-10-01,s\n");
  ASSERT_TRUE(ok) << ok.err().message;
  EXPECT_EQ(ok->find("CHF")->per_eur, 1.0906);  // codes in upper case
  EXPECT_EQ(ok->find("EUR")->line, 2U);
}

}  // namespace
}  // namespace netvet::plan
