// The US program's eligibility (plan/reimbursement.h) comes from the us
// pack's designation of the FCC Covered List's telecom entries, resolved
// through the vendor catalogue -- not from vendor names in the code.
#include "netvet/plan/reimbursement.h"

#include <gtest/gtest.h>

#include "netvet/io/reader.h"
#include "netvet/policy/loader.h"

namespace netvet::plan {
namespace {

const model::vendor_catalog& cat() { return model::vendor_catalog::builtin(); }

policy::pack_library library() {
  auto lib = policy::pack_library::from_files(policy::embedded_pack_files(), cat(), "embedded");
  EXPECT_TRUE(lib) << (lib ? "" : lib.err().to_string());
  return std::move(lib).value();
}

// One site per element, each element its own site's only element.
duties one_site_each(const model::network& net) {
  duties d;
  for (model::element_index e = 0; e < net.element_count(); ++e) {
    d.sites.push_back(site_duty{std::string(net.site(e)), {e}, date{0}, 0});
  }
  return d;
}

TEST(PlanReimbursement, CoveredListIsTheUsPacksDesignation) {
  const auto lib = library();
  const auto list = us_covered_list(*lib.get("us").value());
  ASSERT_TRUE(list) << list.err().to_string();
  EXPECT_EQ(list->designation, "fcc_covered_telecom");
  EXPECT_TRUE(list->vendors.contains(*cat().find("Huawei")));
  EXPECT_TRUE(list->vendors.contains(*cat().find("ZTE")));
  EXPECT_FALSE(list->vendors.contains(*cat().find("Hikvision")));  // on the surveillance entries only
  EXPECT_FALSE(list->vendors.contains(*cat().find("Nokia")));
  // A pack without the designation names it in the error.
  const auto none = us_covered_list(*lib.get("gb").value());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.err().code, error_code::not_found);
  EXPECT_NE(none.err().to_string().find("fcc_covered_telecom"), std::string::npos);
}

TEST(PlanReimbursement, EligibleElementsFollowTheList) {
  const auto net = io::read_network_csv_text(
      "id,function,vendor,site,installed\n"
      "g1,gnb,HUAWEI,s1,2019-01-01\ng2,gnb,ZTE Corporation,s2,2019-06-30\n"
      "g3,gnb,Hikvision,s3,2019-01-01\ng4,gnb,Huawei,s4,2021-01-01\ng5,gnb,Huawei,s5,\n",
      "a,b\n", "t", io::read_options{});
  ASSERT_TRUE(net) << net.err().to_string();
  const auto work = one_site_each(*net);
  const auto costs = cost_model::defaults().value();
  const auto list = us_covered_list(*library().get("us").value()).value();
  const auto e = us_eligibility(*net, work, costs, list);
  EXPECT_EQ(e.eligible_elements, 2U);  // Huawei and ZTE by 2020-06-30, by any spelling the catalogue knows
  EXPECT_EQ(e.covered_too_late, 1U);
  EXPECT_EQ(e.covered_without_date, 1U);
  EXPECT_GT(e.eligible_cost[0], 0);
  EXPECT_GT(e.eligible_cost[1], 0);
  EXPECT_EQ(e.eligible_cost[2], 0);  // Hikvision: not on the program's list
  // Another list, another answer: only ZTE covered.
  covered_list zte{"test", "zte_only", "ZTE only", {"ZTE"}, {*cat().find("ZTE")}};
  const auto z = us_eligibility(*net, work, costs, zte);
  EXPECT_EQ(z.eligible_elements, 1U);
  EXPECT_EQ(z.eligible_cost[0], 0);
  EXPECT_GT(z.eligible_cost[1], 0);
  EXPECT_EQ(z.covered_too_late + z.covered_without_date, 0U);
}

}  // namespace
}  // namespace netvet::plan
