#include <set>

#include <gtest/gtest.h>

#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/core/string_pool.h"
#include "netvet/core/text.h"

namespace netvet {
namespace {

TEST(Error, LocationIsPrinted) {
  const auto e = make_error(error_code::invalid_input, "bad", location{"a.csv", 3, 2, "vendor"});
  EXPECT_EQ(e.to_string(), "a.csv:3:2: field 'vendor': bad");
  EXPECT_EQ(exit_status(error_code::invalid_input), 3);
  EXPECT_EQ(exit_status(error_code::already_exists), 5);
  EXPECT_EQ(to_string(error_code::not_found), "not_found");
}

TEST(Error, DiagnosticsCapAndCount) {
  diagnostics d(2);
  for (int i = 0; i < 5; ++i) {
    d.add(error_code::invalid_input, "e" + std::to_string(i), location{"f", static_cast<std::size_t>(i + 1)});
  }
  EXPECT_EQ(d.total(), 5U);
  EXPECT_EQ(d.kept().size(), 2U);
  const auto c = d.combined();
  EXPECT_NE(c.message.find("5 errors"), std::string::npos);
  EXPECT_NE(c.message.find("f:1: e0"), std::string::npos);
  EXPECT_NE(c.message.find("and 3 more"), std::string::npos);
  EXPECT_EQ(c.message.find("e4"), std::string::npos);
}

TEST(Result, ValueAndError) {
  result<int> ok = 4;
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 4);
  result<int> bad = make_error(error_code::not_found, "x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.err().code, error_code::not_found);
}

// The wrong side of a result is a bug: a checked assertion that aborts with
// a message, never an exception (bad_variant_access) a caller could swallow.
TEST(ResultDeathTest, WrongSideIsACheckedBug) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  result<int> bad = make_error(error_code::not_found, "x");
  EXPECT_DEATH((void)bad.value(), "value\\(\\) of a result that holds an error");
  result<int> ok = 1;
  EXPECT_DEATH((void)ok.err(), "err\\(\\) of a result that holds a value");
  status fine;
  EXPECT_DEATH((void)fine.err(), "err\\(\\) of an ok status");
}

result<int> half(int v) {
  if (v % 2 != 0) {
    return make_error(error_code::invalid_input, "odd: " + std::to_string(v));
  }
  return v / 2;
}
status check_even(int v) {
  NETVET_TRY(half(v));  // a result<T> propagates like a status
  return {};
}
result<int> quarter(int v) {
  NETVET_ASSIGN_OR_RETURN(const int h, half(v));
  NETVET_ASSIGN_OR_RETURN(const int q, half(h));  // two in one scope
  return q;
}

TEST(Result, PropagationMacros) {
  EXPECT_TRUE(check_even(4));
  EXPECT_EQ(check_even(3).err().message, "odd: 3");
  EXPECT_EQ(*quarter(8), 2);
  const auto r = quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().message, "odd: 3");
  EXPECT_EQ(r.err().code, error_code::invalid_input);
}

// Every code has a name that parses back and an exit status outside the
// CLI's own 0, 1 and 2, all distinct: the table is the one source of truth.
TEST(Error, TableIsComplete) {
  std::set<int> statuses;
  ASSERT_EQ(all_error_codes().size(), kErrorCodeCount);
  for (const auto code : all_error_codes()) {
    EXPECT_EQ(parse_error_code(to_string(code)), code);
    EXPECT_FALSE(describe(code).empty());
    EXPECT_GT(exit_status(code), 2);
    EXPECT_TRUE(statuses.insert(exit_status(code)).second) << to_string(code);
  }
  EXPECT_EQ(exit_status(error_code::internal), 70);
  EXPECT_FALSE(parse_error_code("no_such_code"));
}

TEST(Date, ParsesAndFormatsIso) {
  const auto d = parse_date("2018-11-28");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_date(*d), "2018-11-28");
  EXPECT_EQ(parse_date("1970-01-01")->days, 0);
  EXPECT_EQ(parse_date("2020-03-01")->days - parse_date("2020-02-28")->days, 2);  // leap year
  EXPECT_FALSE(parse_date("2019-02-29"));
  EXPECT_FALSE(parse_date("2018-13-01"));
  EXPECT_FALSE(parse_date("2018-1-01"));
  EXPECT_FALSE(parse_date("28/11/2018"));
  EXPECT_FALSE(parse_date(""));
}

TEST(Text, Utf8Validation) {
  EXPECT_FALSE(find_invalid_utf8("plain"));
  EXPECT_FALSE(find_invalid_utf8("中兴通讯"));
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2U);
  EXPECT_EQ(find_invalid_utf8("\xc0\xaf"), 0U);       // overlong
  EXPECT_EQ(find_invalid_utf8("x\xed\xa0\x80"), 1U);  // surrogate
  EXPECT_EQ(find_invalid_utf8("\xe4\xb8"), 0U);       // truncated
}

TEST(Text, ClosestSuggestions) {
  const std::vector<std::string> names = {"Huawei", "Nokia", "Ericsson", "ZTE"};
  const auto c = closest("Huawey", names);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c.front(), "Huawei");
  EXPECT_TRUE(closest("Qwertyuiop", names).empty());
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

TEST(StringPool, InternsOnceAndKeepsViewsStable) {
  string_pool p;
  const auto a = p.intern("Huawei");
  std::vector<string_id> ids;
  for (int i = 0; i < 100000; ++i) {
    ids.push_back(p.intern("site-" + std::to_string(i)));
  }
  EXPECT_EQ(p.intern("Huawei"), a);
  EXPECT_EQ(p.view(a), "Huawei");
  EXPECT_EQ(p.view(ids[12345]), "site-12345");
  EXPECT_EQ(p.intern(""), 0U);
  EXPECT_EQ(p.find("site-99999"), ids[99999]);
  EXPECT_EQ(p.find("absent"), string_pool::kMissing);
}

}  // namespace
}  // namespace netvet
