// tests/cli: a vendor name disguised with invisible, full-width or look-alike
// characters (issue 9), as `validate`, `vendors` and `assess` report it.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "support/cli_run.h"
#include "support/temp_dir.h"

namespace {

using netvet::testing::netvet;
using netvet::testing::run_result;
using netvet::testing::slurp;
using netvet::testing::spit;
using netvet::testing::temp_dir;

const std::string kFullWidth = "\uFF28\uFF55\uFF41\uFF57\uFF45\uFF49";  // Ｈｕａｗｅｉ

// A network in `dir`/net; returns its path.
std::string write_network(const temp_dir& dir, const std::string& vendor) {
  const std::string net = dir / "net";
  std::filesystem::create_directories(net);
  spit(net + "/elements.csv", "id,function,vendor\ng1,gnb," + vendor + "\ng2,gnb,Nokia\nr1,router,Cisco\n");
  spit(net + "/links.csv", "a,b\ng1,r1\ng2,r1\n");
  return net;
}

TEST(DisguisedVendorCli, ValidateAndVendorsWarn) {
  const temp_dir dir;
  const std::string net = write_network(dir, kFullWidth);
  const auto v = netvet(dir, "validate " + net);
  ASSERT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.out.find("3 vendors (0 unknown)"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("warning: vendor spelling '" + kFullWidth +
                       "' (1 element) matches Huawei only after folding "
                       "full-width forms"),
            std::string::npos)
      << v.out;
  const auto j = netvet(dir, "vendors " + net + " --format json");
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_NE(j.out.find("after folding full-width forms"), std::string::npos) << j.out;

  const temp_dir plain;
  const auto p = netvet(plain, "validate " + write_network(plain, "Huawei"));
  ASSERT_EQ(p.status, 0) << p.err;
  EXPECT_EQ(p.out.find("warning"), std::string::npos) << p.out;
}

TEST(DisguisedVendorCli, AssessFindsTheDisguiseAndTheVendorsRules) {
  const temp_dir dir;
  spit(dir / "p.yaml",
       "jurisdiction: gb\ndate: 2021-06-01\nadd: [{function: gnb, vendor: \"Hu\u0430wei\", count: 2}]\n");
  const auto r = netvet(dir, "assess " + (dir / "p.yaml") + " --format json");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decision"], "significant_risk");
  bool disguised = false;
  bool prohibited = false;
  for (const auto& f : j["findings"]) {
    disguised = disguised || (f["kind"] == "disguised_vendor_name" && f["level"] == "risk" &&
                              f["disguised"][0]["vendor"] == "Huawei");
    prohibited = prohibited || f["kind"] == "prohibited";
  }
  EXPECT_TRUE(disguised) << r.out;
  EXPECT_TRUE(prohibited) << r.out;
}

}  // namespace
