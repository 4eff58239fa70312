// tests/cli: input a user can write never ends in an internal error (exit 70)
// or a crash, takes time and memory in proportion, and gets a message that
// says what is wrong and where (issue 9, defect classes 1-3). Run as the
// built binary, as a user runs it.
#include <chrono>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/cli_run.h"
#include "support/temp_dir.h"

namespace {

using netvet::testing::netvet;
using netvet::testing::run_result;
using netvet::testing::slurp;
using netvet::testing::spit;
using netvet::testing::temp_dir;

std::string json_network(const std::string& element_extra) {
  return R"({"format": "netvet-network", "version": 1, "elements": [{"id": "e1", "function": "gnb", "vendor": "Nokia")" +
         element_extra + "}]}\n";
}

// --- class 1: never exit 70 on what a user can write -----------------------

TEST(Robust, JsonNumberOutOfRangeIsInvalidInput) {
  const temp_dir dir;
  for (const std::string v : {"1e400", "-5", "99999999999999999999", "-1e400"}) {
    spit(dir / "n.json", json_network(R"(, "subscribers": )" + v));
    const auto r = netvet(dir, "validate " + (dir / "n.json"));
    EXPECT_EQ(r.status, 3) << v << ": " << r.err;
    EXPECT_EQ(r.err.find("internal"), std::string::npos) << r.err;
    // names the file, and the line (a number JSON cannot hold) or the field (one netvet refuses)
    EXPECT_TRUE(r.err.find("n.json:1:") != std::string::npos ||
                r.err.find("n.json: field 'elements[0].subscribers'") != std::string::npos)
        << r.err;
  }
}

TEST(Robust, InvalidUtf8InGraphmlIsRefusedWhereItIs) {
  const temp_dir dir;
  spit(dir / "g.graphml",
       "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
       "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
       "<key attr.name=\"label\" attr.type=\"string\" for=\"node\" id=\"d0\"/>\n"
       "<graph edgedefault=\"undirected\">\n"
       "<node id=\"0\"><data key=\"d0\">bad \xC3\x28 name</data></node>\n"
       "</graph></graphml>\n");
  const auto r = netvet(dir, "summary " + (dir / "g.graphml") + " --format json");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("g.graphml:5"), std::string::npos) << r.err;
}

TEST(Robust, InvalidUtf8InAProposalIsRefusedWhereItIs) {
  const temp_dir dir;
  spit(dir / "p.yaml",
       "operator: Op\njurisdiction: nz\ndate: 2024-01-01\ntitle: t \xFF\xFE\nadd:\n"
       "  - id: g\n    function: gnb\n    vendor: Nokia\n");
  const auto r = netvet(dir, "assess " + (dir / "p.yaml") + " --format json");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("p.yaml:4"), std::string::npos) << r.err;
}

TEST(Robust, InvalidUtf8InAPackIsRefused) {
  const temp_dir dir;
  spit(dir / "xx.yaml", "id: xx\nname: \"bad \xC0\xAF\"\n");
  const auto r = netvet(dir, "policies validate " + (dir / "xx.yaml"));
  EXPECT_EQ(r.status, 9) << r.err;  // a malformed pack
  EXPECT_NE(r.err.find("xx.yaml:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
}

TEST(Robust, DeeplyNestedAttributesAreALimitNotACrash) {
  const temp_dir dir;
  const std::size_t depth = 200000;
  spit(dir / "n.json",
       json_network(R"(, "attributes": {"x": )" + std::string(depth, '[') + std::string(depth, ']') + "}"));
  const auto r = netvet(dir, "convert " + (dir / "n.json") + " " + (dir / "out.json"));
  EXPECT_EQ(r.status, 8) << r.err;  // limit_exceeded
  EXPECT_NE(r.err.find("nested deeper"), std::string::npos) << r.err;
}

TEST(Robust, MaxErrorsZeroIsAUsageError) {
  const temp_dir dir;
  spit(dir / "n.json", json_network(R"(, "subscribers": -5)"));
  const auto r = netvet(dir, "validate " + (dir / "n.json") + " --max-errors 0");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("--max-errors"), std::string::npos) << r.err;
}

// --- class 2: time and memory in proportion --------------------------------

TEST(Robust, AHeaderOfManyColumnsIsReadInLinearTime) {
  const temp_dir dir;
  ::mkdir((dir / "net").c_str(), 0755);
  std::string header = "id,function,vendor";
  std::string row = "e1,gnb,Nokia";
  for (int i = 0; i < 100000; ++i) {  // 0.7 MB: inside the 1 MiB record limit
    header += ",c" + std::to_string(i);
    row += ",";
  }
  spit(dir / "net/elements.csv", header + "\n" + row + "\n");
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = netvet(dir, "validate " + (dir / "net"));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_LT(s, 10.0);  // quadratic: 5e9 comparisons, minutes
}

TEST(Robust, APackOrProposalThatNeverEndsIsCutOff) {
  const temp_dir dir;
  auto r = netvet(dir, "policies validate /dev/zero");
  EXPECT_EQ(r.status, 8) << r.err;  // limit_exceeded, not 2 GiB read and then cut
  EXPECT_NE(r.err.find("limit"), std::string::npos) << r.err;
  r = netvet(dir, "assess /dev/zero");
  EXPECT_EQ(r.status, 8) << r.err;
}

// --- class 3: messages that say what is wrong ------------------------------

TEST(Robust, AFolderWhereAFileIsExpectedIsSaidSo) {
  const temp_dir dir;
  ::mkdir((dir / "p.yaml").c_str(), 0755);
  auto r = netvet(dir, "assess " + (dir / "p.yaml"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;
  r = netvet(dir, "policies validate " + (dir / "p.yaml"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;
}

TEST(Robust, LinksCsvThatIsAFolderIsAnErrorNotNoLinks) {
  const temp_dir dir;
  ::mkdir((dir / "net").c_str(), 0755);
  ::mkdir((dir / "net/links.csv").c_str(), 0755);
  spit(dir / "net/elements.csv", "id,function,vendor\ne1,gnb,Nokia\n");
  const auto r = netvet(dir, "validate " + (dir / "net"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("links.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;
}

TEST(Robust, JsonWithAByteOrderMarkIsRead) {
  const temp_dir dir;
  spit(dir / "n.json", "\xEF\xBB\xBF" + json_network(""));
  const auto r = netvet(dir, "validate " + (dir / "n.json"));
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(Robust, DuplicateJsonKeysAreErrorsNamingLineAndKey) {
  const temp_dir dir;
  spit(dir / "n.json",
       "{\"format\": \"netvet-network\",\n \"elements\": [{\"id\": \"e1\", \"function\": \"gnb\",\n"
       "  \"vendor\": \"Nokia\", \"vendor\": \"Huawei\"}]}\n");
  const auto r = netvet(dir, "validate " + (dir / "n.json"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("n.json:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("duplicate key 'vendor'"), std::string::npos) << r.err;
}

TEST(Robust, DuplicateYamlKeysAreErrorsNamingLineAndKey) {
  const temp_dir dir;
  spit(dir / "p.yaml",
       "operator: Op\njurisdiction: nz\ndate: 2024-01-01\ntitle: t\nadd:\n"
       "  - id: g\n    function: gnb\n    vendor: Nokia\n    vendor: Huawei\n");
  const auto r = netvet(dir, "assess " + (dir / "p.yaml"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("p.yaml:9"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("duplicate key 'vendor'"), std::string::npos) << r.err;
}

TEST(Robust, PolicyDirThatIsNotThereIsAnError) {
  const temp_dir dir;
  const auto r = netvet(dir, "policies list", "NETVET_POLICY_DIR=" + (dir / "no-such-folder"));
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("NETVET_POLICY_DIR"), std::string::npos) << r.err;
}

}  // namespace

namespace {

// --- class 3: messages that say what happened -------------------------------

TEST(Robust, GenerateProgressCountsSitesAndIsClearedBeforeTheLastLine) {
  const temp_dir dir;
  const auto r = netvet(dir, "generate --sites 40000 --seed 3 --out " + (dir / "g"), "NETVET_PROGRESS=1");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto last = r.err.find("wrote 40000 sites");
  ASSERT_NE(last, std::string::npos) << r.err;
  const std::string bar = r.err.substr(0, last);
  EXPECT_EQ(bar.find(" MB)"), std::string::npos) << bar;  // sites are not megabytes ("0 of 0 MB")
  EXPECT_NE(bar.find("of 40000 sites)"), std::string::npos) << bar;
  EXPECT_EQ(r.err.substr(last - 4, 4), "\r\033[K") << r.err;  // the progress line is cleared first
}

TEST(Robust, ASymlinkLoopIsNamedAsOne) {
  const temp_dir dir;
  ASSERT_EQ(::symlink((dir / "b").c_str(), (dir / "a").c_str()), 0);
  ASSERT_EQ(::symlink((dir / "a").c_str(), (dir / "b").c_str()), 0);
  const auto r = netvet(dir, "validate " + (dir / "a"));
  EXPECT_EQ(r.status, 7) << r.err;  // io_error
  EXPECT_NE(r.err.find("symbolic links form a loop"), std::string::npos) << r.err;
}

TEST(Robust, CarriageReturnOnlyLineEndsAreSaidSo) {
  const temp_dir dir;
  ::mkdir((dir / "net").c_str(), 0755);
  spit(dir / "net/elements.csv", "id,function,vendor,site\re1,gnb,Nokia,s1\re2,gnb,Huawei,s1\r");
  const auto r = netvet(dir, "validate " + (dir / "net"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("elements.csv:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("carriage return alone"), std::string::npos) << r.err;
}

}  // namespace
