// core/file_system.h on the real disk, and the fault-injecting wrapper of
// tests/support that the reader tests use.
#include "netvet/core/file_system.h"

#include <gtest/gtest.h>

#include "netvet/core/csv.h"
#include "support/fault_file_system.h"
#include "support/temp_dir.h"

namespace netvet {
namespace {

using testing::fault_file_system;
using testing::temp_dir;

// The whole of `path` read through `fs` in chunks of `chunk` bytes.
result<std::string> read_in_chunks(file_system& fs, const std::string& path, std::size_t chunk) {
  NETVET_ASSIGN_OR_RETURN(auto file, fs.open_sequential(path));
  std::string out;
  std::string buf(chunk, '\0');
  while (true) {
    NETVET_ASSIGN_OR_RETURN(const std::size_t n, file->read(std::span<char>(buf)));
    if (n == 0) {
      return out;
    }
    out.append(buf.data(), n);
  }
}

TEST(FileSystem, StatusListAndReadOfTheLocalDisk) {
  const temp_dir dir;
  auto& fs = local_file_system();
  ASSERT_TRUE(fs.write_file_atomic(dir / "b.txt", "hello"));
  ASSERT_TRUE(fs.create_directories(dir / "sub/deeper"));
  const auto st = fs.status_of(dir / "b.txt");
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->exists);
  EXPECT_FALSE(st->is_directory);
  EXPECT_EQ(st->size, 5U);
  EXPECT_FALSE(fs.status_of(dir / "missing")->exists);
  EXPECT_EQ(fs.list_directory(dir.path()).value(), (std::vector<std::string>{"b.txt", "sub"}));
  EXPECT_EQ(fs.read_file(dir / "b.txt").value(), "hello");
  EXPECT_EQ(fs.read_head(dir / "b.txt", 3), "hel");
  EXPECT_EQ(fs.read_file(dir / "missing").err().code, error_code::not_found);
  EXPECT_EQ(fs.read_file(dir / "sub").err().code, error_code::invalid_input);
  EXPECT_EQ(fs.read_file(dir / "b.txt", 4).err().code, error_code::limit_exceeded);
}

TEST(FaultFileSystem, PassesThroughWhatItIsNotToldToFail) {
  const temp_dir dir;
  fault_file_system fs;
  ASSERT_TRUE(fs.write_file_atomic(dir / "a.txt", "abcdef"));
  fs.fail_read_after(dir / "a.txt", 100);  // longer than the file: never reached
  EXPECT_EQ(read_in_chunks(fs, dir / "a.txt", 4).value(), "abcdef");
  EXPECT_EQ(fs.opens(), 1U);
  EXPECT_EQ(fs.writes(), 1U);
}

TEST(FaultFileSystem, FailsTheChosenOpen) {
  const temp_dir dir;
  fault_file_system fs;
  ASSERT_TRUE(fs.write_file_atomic(dir / "a.txt", "abc"));
  fs.fail_open(dir / "a.txt");
  const auto r = fs.open_sequential(dir / "a.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.err().code, error_code::io_error);
  EXPECT_EQ(r.err().where.file, dir / "a.txt");
}

TEST(FaultFileSystem, FailsAReadHalfWay) {
  const temp_dir dir;
  fault_file_system fs;
  ASSERT_TRUE(fs.write_file_atomic(dir / "a.txt", std::string(1000, 'x')));
  fs.fail_read_after(dir / "a.txt", 300);
  auto file = fs.open_sequential(dir / "a.txt");
  ASSERT_TRUE(file);
  std::string buf(256, '\0');
  EXPECT_EQ((*file)->read(std::span<char>(buf)).value(), 256U);
  EXPECT_EQ((*file)->read(std::span<char>(buf)).value(), 44U);
  const auto failed = (*file)->read(std::span<char>(buf));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.err().code, error_code::io_error);
  EXPECT_EQ(failed.err().where.file, dir / "a.txt");
  // read_file stops at the fault too: no shorter text passed off as the file.
  EXPECT_EQ(fs.read_file(dir / "a.txt").err().code, error_code::io_error);
}

TEST(FaultFileSystem, AFailedWriteLeavesTheOldFileInPlace) {
  const temp_dir dir;
  fault_file_system fs;
  ASSERT_TRUE(fs.write_file_atomic(dir / "a.txt", "old"));
  fs.fail_write(dir / "a.txt");
  const auto w = fs.write_file_atomic(dir / "a.txt", "new");
  ASSERT_FALSE(w);
  EXPECT_EQ(w.err().code, error_code::io_error);
  EXPECT_EQ(local_file_system().read_file(dir / "a.txt").value(), "old");
  fault_file_system all;
  all.fail_all_writes();
  EXPECT_FALSE(all.write_file_atomic(dir / "b.txt", "x"));
  EXPECT_FALSE(all.create_directories(dir / "c"));
  EXPECT_FALSE(local_file_system().status_of(dir / "b.txt")->exists);
}

// The CSV tokenizer reads through the seam: a read that fails half-way is an
// io_error naming the file, after the records read before it, never a
// shorter file that parses cleanly.
TEST(FaultFileSystem, CsvReaderReportsAReadThatFailsHalfWay) {
  const temp_dir dir;
  std::string text = "id,note\n";
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(i) + ",row\n";
  }
  ASSERT_TRUE(local_file_system().write_file_atomic(dir / "t.csv", text));
  fault_file_system fs;
  fs.fail_read_after(dir / "t.csv", text.size() / 2);
  csv_options o;
  o.chunk_bytes = 64;
  auto rd = csv_reader::open_file(fs, dir / "t.csv", o);
  ASSERT_TRUE(rd);
  std::size_t records = 0;
  while (true) {
    auto more = rd->next();
    if (!more) {
      EXPECT_EQ(more.err().code, error_code::io_error);
      EXPECT_EQ(more.err().where.file, dir / "t.csv");
      break;
    }
    ASSERT_TRUE(*more) << "the file ended without the injected fault";
    ++records;
  }
  EXPECT_GT(records, 0U);
  EXPECT_LT(records, 201U);
  EXPECT_FALSE(*rd->next());  // and it stays stopped
}

TEST(FaultFileSystem, CsvReaderNamesAFileThatCannotBeOpened) {
  const temp_dir dir;
  fault_file_system fs;
  fs.fail_open(dir / "t.csv");
  const auto rd = csv_reader::open_file(fs, dir / "t.csv");
  ASSERT_FALSE(rd);
  EXPECT_EQ(rd.err().code, error_code::io_error);
  EXPECT_EQ(rd.err().where.file, dir / "t.csv");
  EXPECT_EQ(csv_reader::open_file(fs, dir.path()).err().message, "is a directory, not a CSV file");
}

}  // namespace
}  // namespace netvet
