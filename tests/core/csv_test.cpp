#include "netvet/core/csv.h"

#include <fstream>

#include <gtest/gtest.h>

namespace netvet {
namespace {

std::vector<std::vector<std::string>> parse_all(std::string_view text, csv_options o = {}) {
  auto r = csv_reader::from_text(text, "t.csv", o);
  std::vector<std::vector<std::string>> out;
  while (true) {
    auto more = r.next();
    EXPECT_TRUE(more) << (more ? "" : more.err().to_string());
    if (!more || !*more) {
      break;
    }
    std::vector<std::string> row;
    for (auto f : r.fields()) {
      row.emplace_back(f);
    }
    out.push_back(row);
  }
  return out;
}

error first_error(std::string_view text, csv_options o = {}) {
  auto r = csv_reader::from_text(text, "t.csv", o);
  while (true) {
    auto more = r.next();
    if (!more) {
      return more.take_error();
    }
    if (!*more) {
      return make_error(error_code::internal, "no error");
    }
  }
}

TEST(Csv, Rfc4180Quoting) {
  const auto rows = parse_all("a,b,c\n\"x, y\",\"he said \"\"hi\"\"\",\"multi\nline\"\nlast,,\n");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[1][0], "x, y");
  EXPECT_EQ(rows[1][1], "he said \"hi\"");
  EXPECT_EQ(rows[1][2], "multi\nline");
  EXPECT_EQ(rows[2], (std::vector<std::string>{"last", "", ""}));
}

TEST(Csv, CrlfBomAndNoFinalNewline) {
  const auto rows = parse_all("\xEF\xBB\xBFid,x\r\n1,\"q\"\r\n2,z");
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0][0], "id");
  EXPECT_EQ(rows[1][1], "q");
  EXPECT_EQ(rows[2][1], "z");
}

TEST(Csv, LineNumbersCountQuotedNewlines) {
  auto r = csv_reader::from_text("h\n\"a\nb\"\nc\n", "t.csv");
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 1U);
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 2U);
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 4U);
}

TEST(Csv, UnterminatedQuoteNamesLine) {
  const auto e = first_error("a,b\n1,2\n3,\"open\n4,5\n");
  EXPECT_EQ(e.code, error_code::invalid_input);
  EXPECT_EQ(e.where.line, 3U);
  EXPECT_EQ(e.where.column, 2U);
  EXPECT_NE(e.message.find("unterminated"), std::string::npos);
}

TEST(Csv, TextAfterClosingQuote) {
  const auto e = first_error("a\n\"x\"y\n");
  EXPECT_NE(e.message.find("after a closing quote"), std::string::npos);
  EXPECT_EQ(e.where.line, 2U);
}

TEST(Csv, InvalidUtf8NamesLineAndField) {
  const auto e = first_error("a,b\nok,bad\xff\n");
  EXPECT_NE(e.message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(e.where.line, 2U);
  EXPECT_EQ(e.where.column, 2U);
}

TEST(Csv, RecordLongerThanLimitIsRefused) {
  csv_options o;
  o.max_record_bytes = 64;
  std::string text = "a\n" + std::string(100, 'x') + "\n";
  const auto e = first_error(text, o);
  EXPECT_EQ(e.code, error_code::limit_exceeded);
  EXPECT_EQ(e.where.line, 2U);
}

TEST(Csv, FileReadInSmallChunksMatchesMemory) {
  // A file larger than the chunk, with quoted fields across chunk borders.
  std::string text = "id,note\n";
  for (int i = 0; i < 5000; ++i) {
    text += std::to_string(i) + ",\"line " + std::to_string(i) + ", with \"\"quote\"\"\nand break\"\n";
  }
  const std::string path = testing::TempDir() + "/chunks.csv";
  std::ofstream(path, std::ios::binary) << text;
  csv_options o;
  o.chunk_bytes = 97;
  o.max_record_bytes = 128;
  auto r = csv_reader::open_file(local_file_system(), path, o);
  ASSERT_TRUE(r);
  std::size_t n = 0;
  while (true) {
    auto more = r->next();
    ASSERT_TRUE(more) << more.err().to_string();
    if (!*more) {
      break;
    }
    if (n > 0) {
      const auto f = r->fields();
      ASSERT_EQ(f.size(), 2U);
      EXPECT_EQ(f[0], std::to_string(n - 1));
      EXPECT_EQ(f[1], "line " + std::to_string(n - 1) + ", with \"quote\"\nand break");
      EXPECT_EQ(r->line(), 2 * n);
    }
    ++n;
  }
  EXPECT_EQ(n, 5001U);
}

TEST(Csv, OverlongLineInFileIsRefusedWithoutReadingItAll) {
  const std::string path = testing::TempDir() + "/long.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "a\n";
    out << std::string(8u << 20, 'x');  // 8 MiB, one line
  }
  csv_options o;
  o.max_record_bytes = 1 << 16;
  o.chunk_bytes = 1 << 16;
  auto r = csv_reader::open_file(local_file_system(), path, o);
  ASSERT_TRUE(r);
  ASSERT_TRUE(*r->next());
  auto more = r->next();
  ASSERT_FALSE(more);
  EXPECT_EQ(more.err().code, error_code::limit_exceeded);
  EXPECT_LT(r->bytes_consumed(), 1U << 20);
}

TEST(Csv, CarriageReturnOnlyLineEndsAreSaidSo) {
  const auto e = first_error("id,function,vendor\re1,gnb,Nokia\re2,gnb,Huawei\r");
  EXPECT_EQ(e.code, error_code::invalid_input);
  EXPECT_NE(e.message.find("carriage return alone"), std::string::npos) << e.to_string();
  EXPECT_EQ(e.where.line, 1U);
  // CRLF, LF, a final lone CR and a CR inside a quoted field later on stay fine.
  EXPECT_EQ(parse_all("a,b\r\n1,2\r\n").size(), 2U);
  EXPECT_EQ(parse_all("a,b\n1,2\r").size(), 2U);
  EXPECT_EQ(parse_all("a,b\n\"x\ry\",2\n").at(1).at(0), "x\ry");
}

TEST(Csv, WriterQuotesOnlyWhenNeeded) {
  std::string out;
  append_csv_field(out, "plain");
  out += ',';
  append_csv_field(out, "a,b");
  out += ',';
  append_csv_field(out, "say \"x\"");
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"x\"\"\"");
  const auto rows = parse_all(out + "\n");
  EXPECT_EQ(rows[0][1], "a,b");
  EXPECT_EQ(rows[0][2], "say \"x\"");
}

}  // namespace
}  // namespace netvet
