#include "netvet/model/attribute_column.h"

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

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
  EXPECT_EQ(c.get(3, pool).view(), "a");
  EXPECT_EQ(c.get(1000, pool).view(), "b");
  EXPECT_EQ(c.get(0, pool).view(), "");
  EXPECT_EQ(c.get(2000, pool).view(), "");
  EXPECT_EQ(c.get(4999, pool).view(), "");
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
  EXPECT_EQ(cols[777].get(777, pool).view(), "v777");
  EXPECT_EQ(cols[777].get(778, pool).view(), "");
}

TEST(AttributeColumn, RepeatedValuesAreInterned) {
  string_pool pool;
  attribute_column c;
  for (std::uint32_t r = 0; r < 10000; ++r) {
    c.append(r, r % 7 == 0 ? "" : "rack-" + std::to_string(r % 40), pool);
  }
  c.finish(10000);
  EXPECT_EQ(c.current_layout(), layout::interned);
  EXPECT_EQ(c.get(7, pool).view(), "");
  EXPECT_EQ(c.get(41, pool).view(), "rack-1");
  EXPECT_LT(pool.size(), 50U);
}

TEST(AttributeColumn, UniqueValuesAreKeptRawAndReadBackExactly) {
  string_pool pool;
  attribute_column c;
  constexpr std::uint32_t kRows = 50000;
  for (std::uint32_t r = 0; r < kRows; ++r) {
    c.append(r, r % 1000 == 5 ? "" : "SN" + std::to_string(r * 7919) + "-A", pool);
  }
  c.finish(kRows + 10);
  EXPECT_EQ(c.current_layout(), layout::raw);
  EXPECT_LT(pool.size(), 2000U);  // only the sample went through the pool
  for (std::uint32_t r = 0; r < kRows; r += 997) {
    EXPECT_EQ(c.get(r, pool).view(), r % 1000 == 5 ? "" : "SN" + std::to_string(r * 7919) + "-A") << r;
  }
  EXPECT_EQ(c.get(5, pool).view(), "");
  EXPECT_EQ(c.get(kRows + 5, pool).view(), "");
  // raw: about the text plus a 4-byte offset per row
  EXPECT_LT(c.memory_bytes(), std::size_t{kRows} * (4 + 14) + 4096);
}

TEST(AttributeColumn, ValuesFromLateRowsOnSwitchToADenseLayout) {
  string_pool pool;
  attribute_column c;
  for (std::uint32_t r = 5000; r < 6000; ++r) {  // empty for 5000 rows, then every row
    c.append(r, "x" + std::to_string(r % 3), pool);
  }
  c.finish(6000);
  EXPECT_EQ(c.get(4999, pool).view(), "");
  EXPECT_EQ(c.get(5000, pool).view(), "x2");
  EXPECT_EQ(c.get(5999, pool).view(), "x2");
}

std::string padded(const char* prefix, std::uint32_t n, int width) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%0*u", prefix, width, n);
  return buf;
}

std::string asset_tag(std::uint32_t r) { return padded("AT", 100000 + r, 9); }

TEST(AttributeColumn, AssetTagsAreNumberedAtAboutFourBytesARow) {
  string_pool pool;
  attribute_column c;
  constexpr std::uint32_t kRows = 100000;
  for (std::uint32_t r = 0; r < kRows; ++r) {
    c.append(r, asset_tag(r), pool);
  }
  c.finish(kRows);
  EXPECT_EQ(c.current_layout(), layout::numbered);
  for (std::uint32_t r = 0; r < kRows; r += 997) {
    EXPECT_EQ(c.get(r, pool).view(), asset_tag(r)) << r;
  }
  EXPECT_EQ(c.get(kRows - 1, pool).view(), "AT000199999");
  EXPECT_EQ(c.get(kRows, pool).view(), "");
  EXPECT_LT(pool.size(), 2000U);  // only the sample went through the pool
  EXPECT_LT(c.memory_bytes(), std::size_t{kRows} * 9 / 2);
}

TEST(AttributeColumn, IdsAreNumberedInCanonicalForm) {
  string_pool pool;
  attribute_column c;
  constexpr std::uint32_t kRows = 20000;
  for (std::uint32_t r = 0; r < kRows; ++r) {
    c.append(r, std::to_string(r * 211), pool);  // 0, 211, ... 4219789: any length
  }
  c.append(kRows, "4294967294", pool);  // the largest number kept
  c.finish(kRows + 1);
  EXPECT_EQ(c.current_layout(), layout::numbered);
  EXPECT_EQ(c.get(0, pool).view(), "0");
  EXPECT_EQ(c.get(1, pool).view(), "211");
  EXPECT_EQ(c.get(kRows - 1, pool).view(), std::to_string((kRows - 1) * 211));
  EXPECT_EQ(c.get(kRows, pool).view(), "4294967294");
}

TEST(AttributeColumn, EmptyValuesInANumberedColumnReadEmpty) {
  string_pool pool;
  attribute_column c;
  for (std::uint32_t r = 0; r < 5000; ++r) {
    if (r % 10 == 3) {
      c.append(r, "", pool);
    } else if (r % 10 != 7) {  // never appended
      c.append(r, "dev" + std::to_string(r), pool);
    }
  }
  c.finish(6000);
  EXPECT_EQ(c.current_layout(), layout::numbered);
  EXPECT_EQ(c.get(3, pool).view(), "");
  EXPECT_EQ(c.get(7, pool).view(), "");
  EXPECT_EQ(c.get(8, pool).view(), "dev8");
  EXPECT_EQ(c.get(4993, pool).view(), "");
  EXPECT_EQ(c.get(4997, pool).view(), "");
  EXPECT_EQ(c.get(4999, pool).view(), "dev4999");
  EXPECT_EQ(c.get(5500, pool).view(), "");
  EXPECT_EQ(c.get(7000, pool).view(), "");
}

TEST(AttributeColumn, AttributeTextCopiesOwnTheirDigits) {
  attribute_text a("AT", 42, 9);
  const attribute_text b = a;
  a = attribute_text("X", 7, 0);
  EXPECT_EQ(b.view(), "AT000000042");
  EXPECT_EQ(a.view(), "X7");
  EXPECT_TRUE(attribute_text{}.empty());
}

// A value that does not fit the numbered pattern, after the decision: the
// column turns raw once and every value, before and after, reads back.
struct misfit {
  std::function<std::string(std::uint32_t)> value;
  std::string odd;
};

TEST(AttributeColumn, AValueThatDoesNotFitTurnsANumberedColumnRaw) {
  const auto id = [](std::uint32_t r) { return std::to_string(r + 1); };
  const std::vector<misfit> cases = {
      {asset_tag, "BT000100003"},   // another prefix
      {asset_tag, "AT12345"},       // another width
      {asset_tag, "AT0001000031"},  // another width
      {asset_tag, "AT00010000x"},   // not a digit
      {id, "0123"},                 // leading zero in canonical form
      {id, "4294967296"},           // past 32 bits
      {id, "4294967295"},           // the empty marker
      {id, "99999999999"},          // 11 digits
      {id, "x12"},                  // another prefix
  };
  constexpr std::uint32_t kRows = 3000;
  constexpr std::uint32_t kOddRow = 2000;
  for (const auto& m : cases) {
    string_pool pool;
    attribute_column c;
    const auto expect = [&](std::uint32_t r) { return r == kOddRow ? m.odd : r % 50 == 9 ? "" : m.value(r); };
    for (std::uint32_t r = 0; r < kRows; ++r) {
      c.append(r, expect(r), pool);
      if (r == kOddRow - 1) {
        EXPECT_EQ(c.current_layout(), layout::numbered) << m.odd;
      }
    }
    c.finish(kRows);
    EXPECT_EQ(c.current_layout(), layout::raw) << m.odd;
    for (std::uint32_t r = 0; r < kRows; ++r) {
      ASSERT_EQ(c.get(r, pool).view(), expect(r)) << m.odd << " row " << r;
    }
  }
}

TEST(AttributeColumn, SameInputSameLayout) {
  for (int run = 0; run < 2; ++run) {
    string_pool pool;
    attribute_column c;
    for (std::uint32_t r = 0; r < 3000; ++r) {
      c.append(r, asset_tag(r), pool);
    }
    EXPECT_EQ(c.current_layout(), layout::numbered);
  }
}

// append_column, for every pair of layouts: the same values as appending one
// by one.
using value_of = std::function<std::string(std::uint32_t)>;

std::vector<std::pair<const char*, value_of>> kinds() {
  return {
      {"sparse", [](std::uint32_t r) { return r % 97 == 0 ? "s" + std::to_string(r) : std::string(); }},
      {"interned", [](std::uint32_t r) { return "rack-" + std::to_string(r % 40); }},
      {"raw", [](std::uint32_t r) { return "SN" + std::to_string(r * 7919) + "-A"; }},
      {"fixed", asset_tag},
      {"fixed other prefix", [](std::uint32_t r) { return padded("BT", r, 9); }},
      {"fixed other width", [](std::uint32_t r) { return padded("AT", r, 7); }},
      {"canonical", [](std::uint32_t r) { return std::to_string(r * 3 + 1); }},
      {"none", [](std::uint32_t) { return std::string(); }},
  };
}

TEST(AttributeColumn, AppendColumnReadsAsIfAppendedOneByOne) {
  constexpr std::uint32_t kFirst = 3000;
  constexpr std::uint32_t kGap = 50;
  constexpr std::uint32_t kSecond = 3000;
  constexpr std::uint32_t kEnd = kFirst + kGap + kSecond;
  for (const auto& [first_name, first] : kinds()) {
    for (const auto& [second_name, second] : kinds()) {
      for (const std::uint32_t first_rows : {0U, kFirst}) {
        string_pool pool;
        string_pool other_pool;
        string_pool ref_pool;
        ref_pool.intern("unrelated");
        attribute_column c;
        attribute_column other;
        attribute_column ref;
        c.reserve(kEnd);
        for (std::uint32_t r = 0; r < first_rows; ++r) {
          c.append(r, first(r), pool);
          ref.append(r, first(r), ref_pool);
        }
        const std::uint32_t offset = first_rows + kGap;
        for (std::uint32_t r = 0; r < kSecond + 10; ++r) {  // the last 10 are not appended
          other.append(r, second(offset + r), other_pool);
        }
        for (std::uint32_t r = 0; r < kSecond; ++r) {
          ref.append(offset + r, second(offset + r), ref_pool);
        }
        c.append_column(other, kSecond, offset, other_pool, pool);
        c.finish(kEnd + 20);
        ref.finish(kEnd + 20);
        for (std::uint32_t r = 0; r < kEnd + 20; ++r) {
          ASSERT_EQ(c.get(r, pool).view(), ref.get(r, ref_pool).view())
              << first_name << " (" << first_rows << " rows) + " << second_name << ", row " << r;
        }
      }
    }
  }
}

TEST(AttributeColumn, AppendColumnChainsAcrossManyParts) {
  constexpr std::uint32_t kPart = 2500;
  string_pool pool;
  string_pool ref_pool;
  attribute_column c;
  attribute_column ref;
  for (std::uint32_t part = 0; part < 4; ++part) {
    string_pool other_pool;
    attribute_column other;
    for (std::uint32_t r = 0; r < kPart; ++r) {
      const std::uint32_t row = part * kPart + r;
      const std::string v = part == 3 && r == 100 ? "odd" : asset_tag(row);
      other.append(r, v, other_pool);
      ref.append(row, v, ref_pool);
    }
    c.append_column(other, kPart, part * kPart, other_pool, pool);
    if (part < 3) {
      EXPECT_EQ(c.current_layout(), layout::numbered);
    }
  }
  c.finish(4 * kPart);
  ref.finish(4 * kPart);
  EXPECT_EQ(c.current_layout(), layout::raw);
  for (std::uint32_t r = 0; r < 4 * kPart; ++r) {
    ASSERT_EQ(c.get(r, pool).view(), ref.get(r, ref_pool).view()) << r;
  }
}

}  // namespace
}  // namespace netvet::model
