// tests/cli: the risk model on its own -- `vendors --profile`, the
// --profiles and --criticality files, `audit --explain` -- run as the built
// binary.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "support/cli_run.h"
#include "support/temp_dir.h"

namespace {

using netvet::testing::slurp;
using netvet::testing::spit;
using netvet::testing::temp_dir;

const std::string kNetwork = NETVET_SOURCE_DIR "/examples/spark-2018/network";

using netvet::testing::netvet;
using netvet::testing::run_result;

nlohmann::json json_of(const run_result& r) {
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

const nlohmann::json& factor(const nlohmann::json& profile, const std::string& code) {
  for (const auto& f : profile["likelihood"]["factors"]) {
    if (f["code"] == code) {
      return f;
    }
  }
  ADD_FAILURE() << "no factor " << code;
  static const nlohmann::json kNone;
  return kNone;
}

std::size_t facts_shown(const nlohmann::json& profile) {
  std::size_t n = 0;
  for (const auto& f : profile["likelihood"]["factors"]) {
    n += f["facts"].size();
  }
  return n;
}

TEST(VendorProfile, HuaweiOnTheSparkDecisionDay) {
  const temp_dir dir;
  const auto j = json_of(netvet(dir, "vendors --profile Huawei --as-of 2018-11-28 --format json"));
  EXPECT_EQ(j["vendor"], "Huawei");
  EXPECT_EQ(j["likelihood"]["home"], "CN");
  const auto& l1 = factor(j, "L1");
  EXPECT_EQ(l1["value"], 2);
  EXPECT_EQ(l1["from"], "state:CN");
  const auto& l9 = factor(j, "L9");
  EXPECT_EQ(l9["designated_by"], (std::vector<std::string>{"AU", "NZ", "US"}));  // no deciding jurisdiction
  EXPECT_EQ(l9["value"], 2);
  EXPECT_EQ(j["likelihood"]["level"], "high");
  EXPECT_FALSE(j["sources"].empty());
  EXPECT_FALSE(j["sources"][0]["url"].get<std::string>().empty());
}

TEST(VendorProfile, APacksJurisdictionDecidesAndIsNotCounted) {
  const temp_dir dir;
  const auto j = json_of(netvet(dir, "vendors --profile huawei --as-of 2018-11-28 --policy nz --format json"));
  EXPECT_EQ(j["deciding"], "NZ");
  EXPECT_EQ(factor(j, "L9")["designated_by"], (std::vector<std::string>{"AU", "US"}));
  EXPECT_EQ(factor(j, "L1")["value"], 2);
  EXPECT_EQ(j["likelihood"]["level"], "high");
  EXPECT_FALSE(j["weigh_rule"].is_null());

  const auto text = netvet(dir, "vendors --profile Huawei --as-of 2018-11-28 --policy nz");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("Likelihood of Huawei: high"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("restricted by AU, US"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("shown, not weighed"), std::string::npos) << text.out;  // state:CN's [U] rule of law
}

TEST(VendorProfile, EarlierDatesShowFewerFacts) {
  const temp_dir dir;
  const auto then = json_of(netvet(dir, "vendors --profile Huawei --as-of 2010-01-01 --format json"));
  const auto later = json_of(netvet(dir, "vendors --profile Huawei --as-of 2018-11-28 --format json"));
  EXPECT_LT(facts_shown(then), facts_shown(later));
  EXPECT_TRUE(factor(then, "L1")["value"].is_null());  // the 2017 law was not yet in force
  EXPECT_EQ(factor(then, "L9")["value"], 0);           // reviewed: no designation yet
  EXPECT_EQ(then["likelihood"]["level"], "low");
}

TEST(VendorProfile, NokiaIsLow) {
  const temp_dir dir;
  const auto j = json_of(netvet(dir, "vendors --profile Nokia --as-of 2024-01-01 --format json"));
  EXPECT_EQ(j["likelihood"]["level"], "low");
  EXPECT_EQ(j["likelihood"]["home"], "FI");
  for (const auto fmt : {"text", "csv", "markdown"}) {
    EXPECT_EQ(netvet(dir, std::string("vendors --profile Nokia --format ") + fmt).status, 0) << fmt;
  }
}

TEST(VendorProfile, ACatalogueVendorWithoutProfileIsUnknownNeverZero) {
  const temp_dir dir;
  const auto j = json_of(netvet(dir, "vendors --profile Mavenir --format json"));
  EXPECT_FALSE(j["likelihood"]["known"].get<bool>());
  EXPECT_FALSE(j["likelihood"]["profiled"].get<bool>());
  const auto text = netvet(dir, "vendors --profile Mavenir");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("unknown (no sourced profile), treated as moderate"), std::string::npos) << text.out;
}

TEST(VendorProfile, AnUnknownVendorIsInvalidInputWithSuggestions) {
  const temp_dir dir;
  const auto r = netvet(dir, "vendors --profile Huawai");
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("Huawei"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--profile"), std::string::npos) << r.err;
}

TEST(VendorProfile, AProfilesFileReplacesASubjectsRows) {
  const temp_dir dir;
  spit(dir / "facts.csv",
       "subject,factor,value,from,until,confidence,sources,decision,text\n"
       "Nokia,home,FI,,,P,V9,,Finland\n"
       "Nokia,track_record,2,2020-01-01,,P,V9,,A made-up record for the test\n"
       "Nokia,reviewed,,,,P,RF,,Reviewed\n");
  const auto j = json_of(
      netvet(dir, "vendors --profile Nokia --as-of 2024-01-01 --profiles " + dir / "facts.csv" + " --format json"));
  EXPECT_EQ(factor(j, "L8")["value"], 2);
  EXPECT_TRUE(factor(j, "L4")["value"].is_null());  // the built-in state-stake row is gone
  EXPECT_EQ(j["likelihood"]["points"], 2);
}

TEST(VendorProfile, BadProfilesOrCriticalityFilesExit3NamingFileLineAndField) {
  const temp_dir dir;
  spit(dir / "facts.csv",
       "subject,factor,value,from,until,confidence,sources,decision,text\n"
       "Nokia,home,FI,,,P,V9,,Finland\n"
       "Nokia,track_record,7,2020-01-01,,P,V9,,out of range\n");
  auto r = netvet(dir, "vendors --profile Nokia --profiles " + dir / "facts.csv");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("facts.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("value"), std::string::npos) << r.err;

  const std::string head = slurp(NETVET_SOURCE_DIR "/data/risk/criticality.csv").substr(0, 200);
  spit(dir / "crit.csv", head.substr(0, head.find('\n') + 1) + "RAN,extreme\n");
  r = netvet(dir, "audit " + kNetwork + " --policy nz --criticality " + dir / "crit.csv");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("crit.csv:2"), std::string::npos) << r.err;
}

TEST(AuditExplain, EveryFindingCarriesItsWeighing) {
  const temp_dir dir;
  const std::string audit = "audit " + kNetwork + " --policy ca --as-of 2028-01-01";
  const auto plain = netvet(dir, audit + " --format json");
  ASSERT_EQ(plain.status, 0) << plain.err;
  const auto j = json_of(netvet(dir, audit + " --explain --format json"));
  ASSERT_FALSE(j["findings"].empty());
  for (const auto& f : j["findings"]) {
    ASSERT_TRUE(f.contains("weighing")) << f["rule"];
    ASSERT_FALSE(f["weighing"].empty()) << f["rule"];
    for (const auto& g : f["weighing"]) {
      EXPECT_TRUE(g.contains("score"));
      EXPECT_TRUE(g["criticality"].contains("level"));
      EXPECT_TRUE(g["scale"].contains("element_share"));
      EXPECT_FALSE(g["decision"].get<std::string>().empty());
    }
  }
  bool huawei = false;
  for (const auto& g : j["findings"][0]["weighing"]) {
    if (g["vendor"] == "Huawei") {
      huawei = true;
      EXPECT_GT(g["score"].get<int>(), 0);
    }
  }
  EXPECT_TRUE(huawei);
  EXPECT_EQ(plain.out.find("\"weighing\""), std::string::npos);  // without --explain: as before

  const auto text = netvet(dir, audit + " --explain");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("  - Huawei "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("likelihood "), std::string::npos) << text.out;
}

}  // namespace
