// tests/cli: CycloneDX hardware BOMs through the built binary (issue 14):
// convert's round trip (CSV -> CycloneDX -> CSV), the same bytes under one
// SOURCE_DATE_EPOCH, audit --format cyclonedx with the findings on their
// components, and every refused BOM with its exit status and message.
#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.h"
#include "support/temp_dir.h"

namespace {

using json = nlohmann::json;
using netvet::testing::kSourcePolicies;
using netvet::testing::netvet;
using netvet::testing::slurp;
using netvet::testing::spit;
using netvet::testing::temp_dir;

const std::string kSpark = NETVET_SOURCE_DIR "/examples/spark-2018/network";
const std::string kHbom = NETVET_SOURCE_DIR "/examples/hbom/ran-site.cdx.json";
const std::string kFixedTime = kSourcePolicies + " SOURCE_DATE_EPOCH=1700000000";

TEST(CycloneDxCli, ConvertRoundTripGivesTheSameCsv) {
  const temp_dir dir;
  auto r = netvet(dir, "convert " + kSpark + " " + (dir / "direct"));
  ASSERT_EQ(r.status, 0) << r.err;
  r = netvet(dir, "convert " + kSpark + " " + (dir / "spark.cdx.json"), kFixedTime);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("(cyclonedx)"), std::string::npos) << r.err;
  r = netvet(dir, "convert " + (dir / "spark.cdx.json") + " " + (dir / "back"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(dir / "back/elements.csv"), slurp(dir / "direct/elements.csv"));
  EXPECT_EQ(slurp(dir / "back/links.csv"), slurp(dir / "direct/links.csv"));
  // validate reads it with nothing left unread
  r = netvet(dir, "validate " + (dir / "spark.cdx.json"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("not read"), std::string::npos) << r.out;
}

TEST(CycloneDxCli, TheSameNetworkAndTimestampGiveTheSameBytes) {
  const temp_dir dir;
  auto r = netvet(dir, "convert " + kSpark + " " + (dir / "a.json") + " --output-format cyclonedx", kFixedTime);
  ASSERT_EQ(r.status, 0) << r.err;
  r = netvet(dir, "convert " + kSpark + " " + (dir / "b.cdx.json"), kFixedTime);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string a = slurp(dir / "a.json");
  EXPECT_EQ(a, slurp(dir / "b.cdx.json"));
  const json doc = json::parse(a);
  EXPECT_EQ(doc["bomFormat"], "CycloneDX");
  EXPECT_EQ(doc["metadata"]["timestamp"], "2023-11-14T22:13:20Z");
  r = netvet(dir, "convert " + kSpark + " " + (dir / "c.cdx.json"), kSourcePolicies + " SOURCE_DATE_EPOCH=yesterday");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("SOURCE_DATE_EPOCH"), std::string::npos) << r.err;
}

// The values of the properties named `name` of the component `ref`.
std::vector<std::string> property(const json& bom, const std::string& ref, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& c : bom["components"]) {
    if (c["bom-ref"] != ref) {
      continue;
    }
    for (const auto& p : c["properties"]) {
      if (p["name"] == name) {
        out.push_back(p["value"]);
      }
    }
  }
  return out;
}

TEST(CycloneDxCli, AuditPutsEachFindingOnItsComponents) {
  const temp_dir dir;
  const auto r = netvet(dir, "audit " + kSpark + " --policy gb --as-of 2028-01-01 --format cyclonedx", kFixedTime);
  ASSERT_EQ(r.status, 0) << r.err;
  const json bom = json::parse(r.out);
  EXPECT_EQ(bom["specVersion"], "1.6");
  std::size_t findings = 0;
  std::string some_rule;
  std::string some_ref;
  for (const auto& c : bom["components"]) {
    for (const auto& p : c["properties"]) {
      if (p["name"] == "netvet:finding") {
        ++findings;
        some_rule = p["value"];
        some_ref = c["bom-ref"];
      }
    }
  }
  ASSERT_GT(findings, 0U) << r.out.substr(0, 2000);
  EXPECT_EQ(some_rule.rfind("gb/", 0), 0U) << some_rule;
  const std::string key = "netvet:finding:" + some_rule + ":";
  EXPECT_EQ(property(bom, some_ref, key + "level").size(), 1U);
  EXPECT_EQ(property(bom, some_ref, key + "source").size(), 1U);
  EXPECT_EQ(property(bom, some_ref, "netvet:finding_level").size(), 1U);
  // findings are output: reading the BOM back leaves them out, and says so
  spit(dir / "audit.cdx.json", r.out);
  const auto v = netvet(dir, "validate " + (dir / "audit.cdx.json"));
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.out.find("not read: "), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("netvet:finding"), std::string::npos) << v.out;
  // and --fail-on still decides the exit status
  const auto f = netvet(dir, "audit " + kSpark + " --policy gb --as-of 2028-01-01 --format cyclonedx --fail-on info");
  EXPECT_EQ(f.status, 1) << f.err;
}

TEST(CycloneDxCli, TheBundledHbomIsReadAndAudited) {
  const temp_dir dir;
  auto r = netvet(dir, "validate " + kHbom);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("valid: 5 elements, 4 links"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not read: 1 top-level components that are not devices"), std::string::npos) << r.out;
  // convert and audit say what they did not read as well
  r = netvet(dir, "convert " + kHbom + " " + (dir / "site"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("not read: 1 metadata.component"), std::string::npos) << r.err;
  r = netvet(dir, "audit " + kHbom + " --policy nz");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("not read: 1 dependencies of components that are not elements"), std::string::npos) << r.out;
  r = netvet(dir, "audit " + kHbom + " --policy nz --format cyclonedx", kFixedTime);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("not read: "), std::string::npos) << r.err;
  EXPECT_FALSE(json::parse(r.out, nullptr, false).is_discarded()) << r.out.substr(0, 500);
}

struct bad_case {
  const char* what;
  std::string bom;
  int status;
  const char* message;
};

TEST(CycloneDxCli, EachBadBomHasItsExitStatusAndMessage) {
  const temp_dir dir;
  const bad_case cases[] = {
      {"not CycloneDX", R"({"bomFormat": "SPDX", "specVersion": "1.6"})", 3,
       "bom.json: field '/bomFormat': not a CycloneDX BOM"},
      {"spec version", R"({"bomFormat": "CycloneDX", "specVersion": "1.2", "components": []})", 6,
       "bom.json: field '/specVersion': CycloneDX specVersion \"1.2\" is not supported"},
      {"no manufacturer",
       R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "device", "name": "Box"}]})", 3,
       "bom.json: field '/components/0/manufacturer': device 'Box' has no manufacturer, supplier or publisher"},
      {"duplicate bom-ref",
       R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
         {"type": "device", "bom-ref": "r1", "name": "A", "manufacturer": {"name": "Nokia"}},
         {"type": "device", "bom-ref": "r1", "name": "B", "manufacturer": {"name": "Nokia"}}]})",
       3, "bom.json: field '/components/1/bom-ref': bom-ref 'r1' is used twice (first at /components/0)"},
  };
  for (const auto& c : cases) {
    spit(dir / "bom.json", c.bom);
    const auto r = netvet(dir, "validate " + (dir / "bom.json") + " --input-format cyclonedx");
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.what << ": " << r.err;
    // detected by its bomFormat key as well
    const auto d = netvet(dir, "summary " + (dir / "bom.json"));
    EXPECT_EQ(d.status, c.status) << c.what << ": " << d.err;
  }
}

TEST(CycloneDxCli, AHundredMegabyteBomIsRefusedBeforeItIsRead) {
  const temp_dir dir;
  const std::string path = dir / "huge.cdx.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [)";
    out.seekp(100LL * 1000 * 1000 - 3);  // a sparse file of 100 MB
    out << "]}\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = netvet(dir, "validate " + path);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.status, 8) << r.err;
  EXPECT_NE(r.err.find("huge.cdx.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the BOM is 100000000 bytes; netvet reads CycloneDX BOMs of at most 67108864 bytes"),
            std::string::npos)
      << r.err;
  EXPECT_LT(secs, 5.0);
}

}  // namespace
