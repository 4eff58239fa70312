#include "netvet/model/attribute_column.h"

#include <string>

#include <gtest/gtest.h>

namespace netvet::model {
namespace {

using layout = attribute_column::layout;

TEST(AttributeColumn, AFewValuesStaySparseAndReadBackByRow) {
  string_pool pool;
  attribute_column c;
  c.append(3, "a", pool);
  c.append(1000, "b", pool);
  c.append(2000, "", pool);  // empty: nothing stored
  c.finish(5000);
  EXPECT_EQ(c.current_layout(), layout::sparse);
  EXPECT_EQ(c.get(3, pool), "a");
  EXPECT_EQ(c.get(1000, pool), "b");
  EXPECT_EQ(c.get(0, pool), "");
  EXPECT_EQ(c.get(2000, pool), "");
  EXPECT_EQ(c.get(4999, pool), "");
}

// N rows each with a key of its own: N columns of one value each must cost
// in proportion to N, not N x N (the dense layout was 4 bytes per cell).
TEST(AttributeColumn, ManyColumnsOfOneValueEachCostInProportion) {
  string_pool pool;
  constexpr std::uint32_t kRows = 20000;
  std::vector<attribute_column> cols(kRows);
  for (std::uint32_t r = 0; r < kRows; ++r) {
    cols[r].append(r, "v" + std::to_string(r), pool);
  }
  std::size_t bytes = 0;
  for (auto& c : cols) {
    c.finish(kRows);
    bytes += c.memory_bytes();
  }
  EXPECT_LT(bytes, std::size_t{kRows} * 256);  // dense: 20000 * 20000 * 4 = 1.6 GB
  EXPECT_EQ(cols[777].get(777, pool), "v777");
  EXPECT_EQ(cols[777].get(778, pool), "");
}

TEST(AttributeColumn, RepeatedValuesAreInterned) {
  string_pool pool;
  attribute_column c;
  for (std::uint32_t r = 0; r < 10000; ++r) {
    c.append(r, r % 7 == 0 ? "" : "rack-" + std::to_string(r % 40), pool);
  }
  c.finish(10000);
  EXPECT_EQ(c.current_layout(), layout::interned);
  EXPECT_EQ(c.get(7, pool), "");
  EXPECT_EQ(c.get(41, pool), "rack-1");
  EXPECT_LT(pool.size(), 50U);
}

TEST(AttributeColumn, UniqueValuesAreKeptRawAndReadBackExactly) {
  string_pool pool;
  attribute_column c;
  constexpr std::uint32_t kRows = 50000;
  for (std::uint32_t r = 0; r < kRows; ++r) {
    c.append(r, r % 1000 == 5 ? "" : "SN" + std::to_string(r * 7919), pool);
  }
  c.finish(kRows + 10);
  EXPECT_EQ(c.current_layout(), layout::raw);
  EXPECT_LT(pool.size(), 2000U);  // only the sample went through the pool
  for (std::uint32_t r = 0; r < kRows; r += 997) {
    EXPECT_EQ(c.get(r, pool), r % 1000 == 5 ? "" : "SN" + std::to_string(r * 7919)) << r;
  }
  EXPECT_EQ(c.get(5, pool), "");
  EXPECT_EQ(c.get(kRows + 5, pool), "");
  // raw: about the text plus a 4-byte offset per row
  EXPECT_LT(c.memory_bytes(), std::size_t{kRows} * (4 + 12) + 4096);
}

TEST(AttributeColumn, ValuesFromLateRowsOnSwitchToADenseLayout) {
  string_pool pool;
  attribute_column c;
  for (std::uint32_t r = 5000; r < 6000; ++r) {  // empty for 5000 rows, then every row
    c.append(r, "x" + std::to_string(r % 3), pool);
  }
  c.finish(6000);
  EXPECT_EQ(c.get(4999, pool), "");
  EXPECT_EQ(c.get(5000, pool), "x2");
  EXPECT_EQ(c.get(5999, pool), "x2");
}

}  // namespace
}  // namespace netvet::model
