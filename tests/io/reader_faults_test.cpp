// Every reader and writer through a fault-injecting file_system
// (tests/support/fault_file_system.h): a file that cannot be opened, or whose
// read fails half-way, is an io_error naming that file -- never a crash, an
// internal error or a shorter input read as if whole; a write that fails
// leaves the old file in place.
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netvet/io/reader.h"
#include "netvet/model/vendor.h"
#include "support/fault_file_system.h"
#include "support/temp_dir.h"

namespace netvet::io {
namespace {

using testing::fault_file_system;
using testing::slurp;
using testing::spit;
using testing::temp_dir;

const std::string kData = std::string(NETVET_SOURCE_DIR) + "/tests/data";
const std::string kElements = "id,function,vendor,site\ngnb-1,gnb,Huawei,AKL-1\nrtr-1,router,Cisco,AKL-1\n";
const std::string kLinks = "a,b,medium\ngnb-1,rtr-1,fiber\n";

// One reader: what it reads (`input`, written into the test's folder when
// needed), the file to fault (`faulted`), and how to read it with options
// that carry the fault.
struct reader_case {
  std::string name;
  std::function<std::string(const temp_dir&)> input;
  std::function<std::string(const temp_dir&, const std::string& input)> faulted;
  std::function<status(const std::string& input, const temp_dir&, read_options& o)> read;
};

void PrintTo(const reader_case& c, std::ostream* os) { *os << c.name; }

status read_any(const std::string& input, const temp_dir& /*dir*/, read_options& o) {
  auto r = read_network(input, o);
  return r ? status::ok() : status(r.take_error());
}

std::string write_csv_folder(const temp_dir& dir) {
  spit(dir / "elements.csv", kElements);
  spit(dir / "links.csv", kLinks);
  return dir.path();
}

std::vector<reader_case> reader_cases() {
  auto same = [](const temp_dir&, const std::string& input) { return input; };
  return {
      {"NetworkCsvElements", write_csv_folder,
       [](const temp_dir&, const std::string& d) { return d + "/elements.csv"; }, read_any},
      {"NetworkCsvLinks", write_csv_folder, [](const temp_dir&, const std::string& d) { return d + "/links.csv"; },
       read_any},
      {"NetvetJson",
       [](const temp_dir& dir) {
         auto net = read_network_csv_text(kElements, kLinks, "net", read_options{});
         spit(dir / "net.json", write_network_json(*net));
         return dir / "net.json";
       },
       same, read_any},
      {"NetboxDump", [](const temp_dir&) { return kData + "/netbox-sample/netbox-demo-v3.6-branch-sample.json"; }, same,
       read_any},
      {"NetboxApiPage", [](const temp_dir&) { return kData + "/netbox-api"; },
       [](const temp_dir&, const std::string& d) { return d + "/devices-page2.json"; }, read_any},
      {"NetboxRoleMap",
       [](const temp_dir& dir) {
         spit(dir / "roles.csv", "role,function\nWidget,firewall\ncore-rtr,router\nAccess Switch,switch\n");
         return kData + "/netbox-api";
       },
       [](const temp_dir& dir, const std::string&) { return dir / "roles.csv"; },
       [](const std::string& input, const temp_dir& dir, read_options& o) {
         o.role_map_path = dir / "roles.csv";
         return read_any(input, dir, o);
       }},
      {"GraphML", [](const temp_dir&) { return kData + "/topology-zoo/Abilene.graphml"; }, same, read_any},
      {"GraphMLNodeMap", [](const temp_dir&) { return kData + "/topology-zoo/Abilene.graphml"; },
       [](const temp_dir&, const std::string&) { return kData + "/topology-zoo/abilene-roles.csv"; },
       [](const std::string& input, const temp_dir& dir, read_options& o) {
         o.vendor_map_path = kData + "/topology-zoo/abilene-roles.csv";
         return read_any(input, dir, o);
       }},
      {"VendorFile",
       [](const temp_dir& dir) {
         spit(dir / "vendors.csv", "display_name,aliases\nAcme Telecom,Acme|ACME Ltd\nWidgetWorks,WW\n");
         return dir / "vendors.csv";
       },
       same,
       [](const std::string& input, const temp_dir&, read_options& o) {
         model::vendor_catalog catalog;
         return catalog.merge_file(o.files(), input);
       }},
  };
}

class ReaderFaults : public ::testing::TestWithParam<reader_case> {};

TEST_P(ReaderFaults, ReadsCleanlyWithoutFaults) {
  const temp_dir dir;
  const auto& c = GetParam();
  const std::string input = c.input(dir);
  fault_file_system fs;
  read_options o;
  o.fs = &fs;
  const status s = c.read(input, dir, o);
  EXPECT_TRUE(s) << s.err().to_string();
  EXPECT_GT(fs.opens(), 0U) << "the reader bypassed the file_system";
}

TEST_P(ReaderFaults, AReadThatFailsHalfWayIsAnIoErrorNamingTheFile) {
  const temp_dir dir;
  const auto& c = GetParam();
  const std::string input = c.input(dir);
  const std::string faulted = c.faulted(dir, input);
  const auto size = local_file_system().status_of(faulted)->size;
  ASSERT_GT(size, 1U) << faulted;
  for (const std::uint64_t after : {std::uint64_t{0}, size / 2, size - 1}) {
    fault_file_system fs;
    fs.fail_read_after(faulted, after);
    read_options o;
    o.fs = &fs;
    const status s = c.read(input, dir, o);
    ASSERT_FALSE(s) << "a read failing after " << after << " of " << size << " bytes went unnoticed";
    EXPECT_EQ(s.err().code, error_code::io_error) << s.err().to_string();
    EXPECT_EQ(s.err().where.file, faulted) << s.err().to_string();
  }
}

TEST_P(ReaderFaults, AFileThatCannotBeOpenedIsAnIoErrorNamingIt) {
  const temp_dir dir;
  const auto& c = GetParam();
  const std::string input = c.input(dir);
  const std::string faulted = c.faulted(dir, input);
  fault_file_system fs;
  fs.fail_open(faulted);
  read_options o;
  o.fs = &fs;
  const status s = c.read(input, dir, o);
  ASSERT_FALSE(s);
  // The vendor file keeps its documented not_found for any file it cannot open.
  EXPECT_EQ(s.err().code, c.name == "VendorFile" ? error_code::not_found : error_code::io_error) << s.err().to_string();
  EXPECT_EQ(s.err().where.file, faulted) << s.err().to_string();
}

INSTANTIATE_TEST_SUITE_P(EveryReader, ReaderFaults, ::testing::ValuesIn(reader_cases()),
                         [](const ::testing::TestParamInfo<reader_case>& p) { return p.param.name; });

TEST(WriterFaults, AFailedWriteLeavesTheOldFileInPlace) {
  const temp_dir dir;
  auto net = read_network_csv_text(kElements, kLinks, "net", read_options{});
  ASSERT_TRUE(net);
  const std::string out = dir / "out";
  ASSERT_TRUE(write_network(*net, out, format::csv));
  ASSERT_TRUE(write_network(*net, dir / "net.json", format::json));
  const std::string old_links = slurp(out + "/links.csv");
  const std::string old_json = slurp(dir / "net.json");

  auto other = read_network_csv_text(kElements, "a,b\nrtr-1,gnb-1\n", "net", read_options{});
  ASSERT_TRUE(other);
  fault_file_system fs;
  fs.fail_write(out + "/links.csv");
  fs.fail_write(dir / "net.json");
  const status csv = write_network(*other, out, format::csv, fs);
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv.err().code, error_code::io_error);
  EXPECT_EQ(csv.err().where.file, out + "/links.csv");
  EXPECT_EQ(slurp(out + "/links.csv"), old_links);
  const status json = write_network(*other, dir / "net.json", format::json, fs);
  ASSERT_FALSE(json);
  EXPECT_EQ(json.err().where.file, dir / "net.json");
  EXPECT_EQ(slurp(dir / "net.json"), old_json);
}

TEST(WriterFaults, AFolderThatCannotBeCreatedIsAnIoError) {
  const temp_dir dir;
  auto net = read_network_csv_text(kElements, kLinks, "net", read_options{});
  ASSERT_TRUE(net);
  fault_file_system fs;
  fs.fail_all_writes();
  const status s = write_network_csv(*net, dir / "new", fs);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.err().code, error_code::io_error);
  EXPECT_FALSE(local_file_system().status_of(dir / "new")->exists);
}

}  // namespace
}  // namespace netvet::io
