// `netvet plan` run as a user runs it, on a generated network (300 sites,
// seed 1: Huawei 5G radios at some sites) under the UK pack: the JSON's fields, every milestone met without limits,
// a budget too small gives the least-late plan with met: false, and bad
// input exits with the documented status (3 malformed, 4 not found).
#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.h"

namespace netvet::testing {
namespace {

// A generated network in `dir` (its path).
std::string generated(const temp_dir& dir) {
  const std::string path = dir / "net";
  const auto r = netvet(dir, "generate --sites 300 --seed 1 --out " + path);
  EXPECT_EQ(r.status, 0) << r.err;
  return path;
}

nlohmann::json plan_json(const temp_dir& dir, const std::string& extra) {
  const auto r = netvet(dir, "plan " + generated(dir) + " --policy gb --start 2021-01-01 --format json " + extra);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

// Each period within its budget and crews; returns the periods' total cost.
double check_periods(const nlohmann::json& j) {
  double total = 0;
  for (const auto& p : j.at("periods")) {
    total += p.at("cost").get<double>();
    if (!p.at("budget").is_null()) {
      EXPECT_LE(p.at("cost").get<double>(), p.at("budget").get<double>() + 1) << p.dump();
    }
    if (!p.at("crew_capacity").is_null()) {
      EXPECT_LE(p.at("crew_days").get<double>(), p.at("crew_capacity").get<double>() + 1e-6) << p.dump();
    }
  }
  return total;
}

// The sites' periods by name (swapped sites only).
std::map<std::string, std::string> site_periods(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  for (const auto& s : j.at("sites")) {
    if (!s.at("period").is_null()) {
      out[s.at("site")] = s.at("period");
    }
  }
  return out;
}

// The two sites of each redundancy pair never share a period.
void check_pairs(const nlohmann::json& j) {
  const auto period_of = site_periods(j);
  for (const auto& r : j.at("redundancy")) {
    const auto a = period_of.find(r.at("site_a"));
    const auto b = period_of.find(r.at("site_b"));
    EXPECT_TRUE(a == period_of.end() || b == period_of.end() || a->second != b->second) << r.dump();
  }
}

// The service constraints: each period's swapped subscribers add up and stay
// within the limit; the redundancy pairs apart.
void check_service(const nlohmann::json& j) {
  std::map<std::string, std::int64_t> by_period;
  for (const auto& s : j.at("sites")) {
    if (!s.at("period").is_null()) {
      by_period[s.at("period")] += s.at("subscribers").get<std::int64_t>();
    }
  }
  const auto& limit = j.at("max_outage_subscribers");
  for (const auto& p : j.at("periods")) {
    const auto outage = p.at("outage_subscribers").get<std::int64_t>();
    EXPECT_EQ(outage, by_period[p.at("period")]) << p.dump();
    if (!limit.is_null()) {
      EXPECT_LE(outage, limit.get<std::int64_t>()) << p.dump();
    }
  }
  check_pairs(j);
}

// The burn-down: the subscribers still on the removed vendor fall by what
// each period swaps, from subscribers_at_start to those of the sites left out.
void check_burn_down(const nlohmann::json& j) {
  std::map<std::string, std::int64_t> swapped;
  for (const auto& s : j.at("sites")) {
    if (!s.at("period").is_null()) {
      swapped[s.at("period")] += s.at("subscribers").get<std::int64_t>();
    }
  }
  auto left = j.at("subscribers_at_start").get<std::int64_t>();
  for (const auto& p : j.at("periods")) {
    left -= swapped[p.at("period")];
    EXPECT_EQ(p.at("subscribers_remaining").get<std::int64_t>(), left) << p.dump();
  }
  EXPECT_GE(left, 0);
}

// Sequencing: every rule's after sites go in or after its before sites.
void check_sequencing(const nlohmann::json& j) {
  for (const auto& r : j.at("sequencing")) {
    if (r.at("after_first").is_null()) {
      continue;
    }
    ASSERT_FALSE(r.at("before_last").is_null()) << r.dump();
    EXPECT_GE(r.at("after_first").get<std::string>(), r.at("before_last").get<std::string>()) << r.dump();
  }
}

// Share milestones: what is needed brings covered/total to the cap exactly
// (the least k with (covered - k) x 100 <= max_percent x total), and met
// means that much is removed by the deadline's period.
void check_shares(const nlohmann::json& j) {
  for (const auto& m : j.at("milestones")) {
    if (m.at("max_percent").is_null()) {
      continue;
    }
    const auto covered = m.at("covered_at_start").get<std::int64_t>();
    const auto total = m.at("total").get<std::int64_t>();
    const auto needed = m.at("needed").get<std::int64_t>();
    const double cap = m.at("max_percent").get<double>();
    const auto within = [&](std::int64_t k) {
      return static_cast<double>(covered - k) * 100.0 <= cap * static_cast<double>(total) + 1e-9;
    };
    EXPECT_TRUE(within(needed)) << m.dump();
    if (needed > 0) {
      EXPECT_FALSE(within(needed - 1)) << m.dump();
    }
    const bool enough = m.at("removed_by_due").get<std::int64_t>() >= needed;
    EXPECT_EQ(m.at("met").get<bool>(), needed == 0 || (enough && !m.at("overdue_at_start").get<bool>())) << m.dump();
  }
}

// The conversion: every converted row is its cost through EUR at the rates
// listed, to the cent, and the plan's currency is the first rate's.
void check_conversion(const nlohmann::json& j) {
  const auto& c = j.at("conversion");
  EXPECT_EQ(c.at("currency"), j.at("currency"));
  std::map<std::string, double> per_eur;
  for (const auto& r : c.at("rates")) {
    per_eur[r.at("currency")] = r.at("per_eur").get<double>();
  }
  if (!c.at("items").empty()) {
    EXPECT_EQ(c.at("rates")[0].at("currency"), j.at("currency"));
  }
  for (const auto& i : c.at("items")) {
    ASSERT_TRUE(per_eur.contains(i.at("from"))) << i.dump();
    const double exact =
        i.at("from_cost").get<double>() / per_eur[i.at("from")] * per_eur[j.at("currency").get<std::string>()];
    EXPECT_NEAR(i.at("cost").get<double>(), exact, 0.005 + 1e-9) << i.dump();
  }
}

// The independent checker: totals add up, each period within its limits,
// every site in at most one period, the service constraints, the shares.
void check_plan(const nlohmann::json& j) {
  check_conversion(j);
  check_shares(j);
  check_service(j);
  check_burn_down(j);
  check_sequencing(j);
  const double total = check_periods(j);
  EXPECT_NEAR(total, j.at("total_cost").get<double>(), 1.0 * static_cast<double>(j.at("periods").size()));
  double site_total = 0;
  for (const auto& s : j.at("sites")) {
    if (!s.at("period").is_null()) {
      site_total += s.at("cost").get<double>();
    }
  }
  EXPECT_NEAR(site_total, j.at("total_cost").get<double>(), 1.0 * static_cast<double>(j.at("sites").size()));
  double year_total = 0;
  for (const auto& y : j.at("years")) {
    year_total += y.at("cost").get<double>();
  }
  EXPECT_NEAR(year_total, j.at("total_cost").get<double>(), 1.0 * static_cast<double>(j.at("years").size()));
}

TEST(PlanCli, GbMeetsEveryMilestoneWithoutLimits) {
  temp_dir dir;
  const auto j = plan_json(dir, "");
  EXPECT_EQ(j.at("kind"), "plan");
  EXPECT_EQ(j.at("status"), "optimal");
  EXPECT_EQ(j.at("gap").get<double>(), 0);
  EXPECT_EQ(j.at("currency"), "GBP");
  ASSERT_FALSE(j.at("milestones").empty());
  ASSERT_FALSE(j.at("sites").empty());
  std::int64_t anchors = 0;
  for (const auto& s : j.at("sites")) {
    anchors += s.at("anchors").get<std::int64_t>();
    if (!s.at("deadline").is_null()) {       // a site only a share wants goes when the share needs it
      EXPECT_EQ(s.at("period"), "2021-Q1");  // no limits: everything at once, the earliest plan
    }
  }
  EXPECT_GT(anchors, 0);  // Huawei 4G anchors swapped with their 5G radios
  bool has_2027 = false;
  for (const auto& m : j.at("milestones")) {
    for (const auto* k : {"rule", "by", "elements", "met", "last_period"}) {
      EXPECT_TRUE(m.contains(k)) << k;
    }
    has_2027 = has_2027 || m.at("by") == "2027-12-31";
    if (!m.at("overdue_at_start").get<bool>() && m.at("elements").get<int>() > 0) {
      EXPECT_TRUE(m.at("met").get<bool>()) << m.dump();
    }
  }
  EXPECT_TRUE(has_2027);
  check_plan(j);
}

// Huawei on half the RAN sites: above gb's 35 % cap on the 5G RAN, due by
// 2023-07-31 (the 2023-Q3 period); the plan removes enough by then.
TEST(PlanCli, ShareMilestoneIsPlanned) {
  temp_dir dir;
  const std::string path = dir / "hw50";
  ASSERT_EQ(netvet(dir, "generate --sites 300 --seed 1 --vendor-share Huawei=0.5 --out " + path).status, 0);
  for (const auto* planner : {"mip", "greedy"}) {
    const auto r = netvet(dir, "plan " + path + " --policy gb --start 2021-01-01 --crews 1 --period quarter " +
                                   "--format json --planner " + planner);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    bool found = false;
    for (const auto& m : j.at("milestones")) {
      if (m.at("by") == "2023-07-31" && !m.at("max_percent").is_null()) {
        found = true;
        EXPECT_EQ(m.at("basis"), "elements");
        EXPECT_GT(m.at("needed").get<std::int64_t>(), 0) << m.dump();
        EXPECT_TRUE(m.at("met").get<bool>()) << planner << " " << m.dump();
        EXPECT_LE(m.at("last_period").get<std::string>(), "2023-Q3");
      }
    }
    EXPECT_TRUE(found) << j.at("milestones").dump();
    check_plan(j);
  }
}

// The greedy baseline and an aggregated plan: what the answer says of them,
// and the checker holds them to every limit.
TEST(PlanCli, GreedyAndAggregatedPlansPassTheChecker) {
  temp_dir dir;
  const auto greedy = plan_json(dir, "--crews 1 --planner greedy");
  EXPECT_EQ(greedy.at("planner"), "greedy");
  EXPECT_EQ(greedy.at("status"), "heuristic");
  EXPECT_TRUE(greedy.at("bound").is_null());
  check_plan(greedy);
  const auto mip = plan_json(dir, "--crews 1");
  EXPECT_LE(mip.at("objective").get<double>(), greedy.at("objective").get<double>() + 1e-9);
  const auto agg = plan_json(dir, "--crews 1 --max-outage-subscribers 20000 --aggregate on --time-limit 2");
  EXPECT_EQ(agg.at("planner"), "mip");
  EXPECT_TRUE(agg.at("aggregated").get<bool>());
  EXPECT_GT(agg.at("groups").get<std::int64_t>(), 0);
  EXPECT_LE(agg.at("bound").get<double>(), agg.at("objective").get<double>() + 1e-9);
  for (const auto& p : agg.at("periods")) {
    EXPECT_LE(p.at("outage_subscribers").get<std::int64_t>(), 20000) << p.dump();
  }
  check_plan(agg);
  const auto notes = agg.at("notes").dump();
  EXPECT_NE(notes.find("aggregated into"), std::string::npos) << notes;
}

// --write-mps: the program netvet solves, for another solver
// (bench/plan/solvers.sh); the JSON on standard output stays clean.
TEST(PlanCli, WritesTheProgramsItSolvesInFreeMps) {
  temp_dir dir;
  const std::string mps = dir / "plan.mps";
  const auto exact = plan_json(dir, "--crews 1 --aggregate off --write-mps " + mps);
  EXPECT_EQ(exact.at("planner"), "mip");
  const auto head = [](const std::string& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text;
  };
  const std::string text = head(mps);
  for (const char* section : {"ROWS", "COLUMNS", "RHS", "BOUNDS", "ENDATA"}) {
    EXPECT_NE(text.find(section), std::string::npos) << section;
  }
  EXPECT_NE(text.find("'INTORG'"), std::string::npos);  // the site counts are integers
  const std::string agg = dir / "agg.mps";
  (void)plan_json(dir, "--crews 1 --max-outage-subscribers 20000 --aggregate on --time-limit 2 --write-mps " + agg);
  EXPECT_TRUE(std::filesystem::exists(agg + ".bound"));
  const auto r = netvet(dir, "plan " + generated(dir) + " --policy gb --start 2021-01-01 --write-mps " +
                                 (dir / "no-such-dir") + "/x.mps");
  EXPECT_EQ(r.status, 7) << r.err;
  EXPECT_NE(r.err.find("--write-mps"), std::string::npos) << r.err;
}

TEST(PlanCli, TextFormatNamesTheMilestones) {
  temp_dir dir;
  const auto r = netvet(dir, "plan " + generated(dir) + " --policy gb --start 2021-01-01");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Removal plan"), std::string::npos);
  EXPECT_NE(r.out.find("All Huawei equipment removed from 5G networks"), std::string::npos);
  EXPECT_NE(r.out.find("subscribers_remaining"), std::string::npos);  // the burn-down
}

TEST(PlanCli, BurnDownInCsvAndMarkdown) {
  temp_dir dir;
  const auto net = generated(dir);
  for (const auto* fmt : {"csv", "markdown"}) {
    const auto r = netvet(dir, "plan " + net + " --policy gb --start 2021-01-01 --crews 1 --format " + fmt);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("subscribers_remaining"), std::string::npos) << fmt;
  }
}

TEST(PlanCli, CrewsLimitEveryPeriod) {
  temp_dir dir;
  const auto j = plan_json(dir, "--crews 1 --period month");
  EXPECT_EQ(j.at("status"), "optimal");
  for (const auto& p : j.at("periods")) {
    EXPECT_LE(p.at("crew_days").get<double>(), 21.0 + 1e-9);
  }
  check_plan(j);
}

TEST(PlanCli, BudgetTooSmallGivesLeastLatePlanWithMissedMilestone) {
  temp_dir dir;
  // 84,000 GBP a year: one 42,000 site swap a half-year.
  const auto j = plan_json(dir, "--budget 84000");
  bool missed = false;
  for (const auto& m : j.at("milestones")) {
    if (!m.at("met").get<bool>() && m.at("slip_periods").get<int>() > 0) {
      missed = true;
    }
  }
  EXPECT_TRUE(missed);
  EXPECT_GT(j.at("late_site_periods").get<int>(), 0);
  bool binds = false;
  for (const auto& p : j.at("periods")) {
    binds = binds || p.at("budget_binds").get<bool>();
  }
  EXPECT_TRUE(binds);
  check_plan(j);
}

TEST(PlanCli, BadInputExitsWithTheDocumentedStatus) {
  temp_dir dir;
  const auto net = generated(dir);
  auto r = netvet(dir, "plan " + net + " --policy atlantis --start 2021-01-01");
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("--policy"), std::string::npos) << r.err;
  r = netvet(dir, "plan " + net + " --policy gb --start 2021-01-01 --budget -5");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("--budget"), std::string::npos) << r.err;
  const std::string costs = dir / "costs.csv";
  std::ofstream(costs) << "item,cost,currency,crew_days,confidence,source\nsite,1,GBP,1,P,x\ndefault,abc,GBP,1,U,y\n";
  r = netvet(dir, "plan " + net + " --policy gb --start 2021-01-01 --costs " + costs);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("costs.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find('3'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cost"), std::string::npos) << r.err;
}

// --remove-vendor without --policy: one milestone of the user's, every
// element of the vendor (as many as `netvet outage` takes down), due on --until.
TEST(PlanCli, RemoveVendorIsTheUsersOwnMilestone) {
  temp_dir dir;
  const auto net = generated(dir);
  const auto outage = netvet(dir, "outage " + net + " --vendor HUAWEI --format json");
  ASSERT_EQ(outage.status, 0) << outage.err;
  const auto huawei = nlohmann::json::parse(outage.out).at("outages").at("Huawei").at("elements_down").get<int>();
  ASSERT_GT(huawei, 0);
  const auto r = netvet(dir, "plan " + net +
                                 " --remove-vendor 'huawei technologies co., ltd.' --start 2024-01-01 --until "
                                 "2025-06-30 --crews 4 --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("milestones").size(), 1U);
  const auto& m = j.at("milestones")[0];
  EXPECT_EQ(m.at("origin"), "--remove-vendor");
  EXPECT_EQ(m.at("pack"), "user");
  EXPECT_EQ(m.at("by"), "2025-06-30");
  EXPECT_EQ(m.at("elements").get<int>(), huawei);
  EXPECT_EQ(j.at("to"), "2025-Q2");
  check_plan(j);
}

TEST(PlanCli, RemoveVendorBesideThePacksMilestones) {
  temp_dir dir;
  const auto j = plan_json(dir, "--remove-vendor ZTE --until 2027-12-31");
  bool pack = false;
  bool user = false;
  for (const auto& m : j.at("milestones")) {
    pack = pack || m.at("origin") == "pack";
    user = user || (m.at("origin") == "--remove-vendor" && m.at("rule") == "remove-vendor ZTE");
  }
  EXPECT_TRUE(pack);
  EXPECT_TRUE(user);
}

TEST(PlanCli, RemoveVendorErrors) {
  temp_dir dir;
  const auto net = generated(dir);
  auto r = netvet(dir, "plan " + net + " --remove-vendor Huawey --start 2021-01-01 --until 2022-01-01");
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("--remove-vendor"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Huawei"), std::string::npos) << r.err;  // the suggestion
  r = netvet(dir, "plan " + net + " --remove-vendor Huawei --start 2021-01-01");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("--until"), std::string::npos) << r.err;
  r = netvet(dir, "plan " + net + " --start 2021-01-01");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("--remove-vendor"), std::string::npos) << r.err;
}

// A hand-made network: Huawei holds the only two AMFs (dc-1, dc-2: a
// core-function pair) and the two hub routers a cell-site router is homed on
// (hub-a, hub-b: a dual-homed pair), the gNBs at cell-1 (1,000
// subscribers) and cell-2 (800), and the EMS at noc-1 (no region: it
// manages the Huawei RAN of every region).
std::string service_network(const temp_dir& dir) {
  const std::string path = dir / "svc";
  std::filesystem::create_directories(path);
  std::ofstream(path + "/elements.csv") << "id,function,vendor,site,subscribers\n"
                                           "amf-1,amf,Huawei,dc-1,0\namf-2,amf,Huawei,dc-2,0\n"
                                           "smf-1,smf,Ericsson,dc-1,0\nupf-1,upf,Ericsson,dc-1,0\n"
                                           "core-1,router,Cisco,dc-1,0\ncore-2,router,Cisco,dc-2,0\n"
                                           "rtr-a,router,Huawei,hub-a,0\nrtr-b,router,Huawei,hub-b,0\n"
                                           "csr-1,router,Cisco,cell-1,0\n"
                                           "gnb-1,gnb,Huawei,cell-1,1000\ngnb-2,gnb,Huawei,cell-2,800\n"
                                           "ems-1,ems,Huawei,noc-1,0\n";
  std::ofstream(path + "/links.csv") << "a,b\namf-1,core-1\nsmf-1,core-1\nupf-1,core-1\namf-2,core-2\n"
                                        "core-1,core-2\nrtr-a,core-1\nrtr-b,core-2\ncsr-1,rtr-a\ncsr-1,rtr-b\n"
                                        "gnb-1,csr-1\ngnb-2,csr-1\nems-1,core-1\n";
  return path;
}

// `netvet plan PATH --remove-vendor Huawei` over one calendar year, as JSON.
nlohmann::json huawei_plan(const temp_dir& dir, const std::string& path, const std::string& year,
                           const std::string& extra) {
  const auto r = netvet(dir, "plan " + path + " --remove-vendor Huawei --start " + year + "-01-01 --until " + year +
                                 "-12-31 --format json " + extra);
  EXPECT_EQ(r.status, 0) << r.err;
  return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{};
}

nlohmann::json service_plan(const temp_dir& dir, const std::string& extra) {
  return huawei_plan(dir, service_network(dir), "2024", extra);
}

TEST(PlanCli, RedundancyPairsAreDerivedAndKeptApart) {
  temp_dir dir;
  const auto j = service_plan(dir, "");
  std::map<std::string, std::string> reasons;
  for (const auto& r : j.at("redundancy")) {
    reasons[r.at("site_a").get<std::string>() + "+" + r.at("site_b").get<std::string>()] = r.at("reason");
  }
  EXPECT_EQ(reasons.size(), 2U) << j.at("redundancy").dump();
  EXPECT_EQ(reasons["dc-1+dc-2"], "core function amf");
  EXPECT_EQ(reasons["hub-a+hub-b"], "dual-homed csr-1");
  EXPECT_EQ(j.at("late_site_periods"), 0);
  check_plan(j);
  const auto off = service_plan(dir, "--no-redundancy");
  EXPECT_EQ(off.at("redundancy_pairs"), 0);
  for (const auto& s : off.at("sites")) {
    EXPECT_EQ(s.at("period"), "2024-Q1");  // nothing keeps them apart
  }
}

TEST(PlanCli, SubscriberLimitSpreadsSwapsOrNamesTheSiteThatNeverFits) {
  temp_dir dir;
  auto j = service_plan(dir, "--max-outage-subscribers 1000");
  check_plan(j);
  for (const auto& s : j.at("sites")) {
    EXPECT_FALSE(s.at("period").is_null()) << s.dump();
  }
  j = service_plan(dir, "--max-outage-subscribers 900");
  check_plan(j);
  EXPECT_EQ(j.at("subscribers_at_start"), 1800);
  EXPECT_EQ(j.at("periods").back().at("subscribers_remaining"), 1000);  // cell-1 never fits
  EXPECT_FALSE(j.at("milestones")[0].at("met").get<bool>());
  bool binds = false;
  for (const auto& p : j.at("periods")) {
    binds = binds || p.at("subscribers_bind").get<bool>();
  }
  EXPECT_TRUE(binds);
  bool named = false;
  for (const auto& n : j.at("notes")) {
    named = named || n.get<std::string>().find("cell-1 (1000)") != std::string::npos;
  }
  EXPECT_TRUE(named) << j.at("notes").dump();
}

// gb orders the core out by 2023 and the 5G RAN by 2027: the AMF sites go
// first, the cells after both, the EMS (--remove-vendor) after the cells.
TEST(PlanCli, CoreBeforeRanAndEmsAfterRan) {
  temp_dir dir;
  const auto args = "plan " + service_network(dir) +
                    " --policy gb --remove-vendor Huawei --start 2021-01-01 --until 2027-12-31 --format json ";
  auto r = netvet(dir, args);
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  check_plan(j);
  std::map<std::string, int> rules;
  for (const auto& q : j.at("sequencing")) {
    ++rules[q.at("rule")];
  }
  EXPECT_EQ(rules["core-before-ran"], 1);
  EXPECT_EQ(rules["ems-after-ran"], 1);
  const auto at = site_periods(j);
  ASSERT_EQ(at.size(), 7U);  // dc-1 dc-2 hub-a hub-b cell-1 cell-2 noc-1
  for (const auto* cell : {"cell-1", "cell-2"}) {
    EXPECT_GE(at.at(cell), std::max(at.at("dc-1"), at.at("dc-2"))) << cell;
    EXPECT_LE(at.at(cell), at.at("noc-1")) << cell;
  }
  EXPECT_GT(at.at("cell-1"), "2021-Q1");  // the DCs are a pair: one waits a period, and the cells wait for it
  r = netvet(dir, args + "--no-core-before-ran --no-ems-after-ran");
  ASSERT_EQ(r.status, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("sequencing").empty());
  EXPECT_EQ(site_periods(j).at("cell-1"), "2021-Q1");
}

// --budget FILE and --capacity FILE: each period's limit as the file gives
// it (a year spread over its quarters), kept by the plan; errors name the
// file, line and field.
TEST(PlanCli, BudgetAndCapacityFiles) {
  temp_dir dir;
  const std::string budget = dir / "budget.csv";
  const std::string capacity = dir / "capacity.csv";
  std::ofstream(budget) << "period,amount\n2021,400000\n2022-Q1,42000\n";
  std::ofstream(capacity) << "period,amount\n2021,80\n2022,80\n";
  const auto j = plan_json(dir, "--until 2022-12-31 --budget " + budget + " --capacity " + capacity);
  EXPECT_EQ(j.at("budget_file"), budget);
  const auto& periods = j.at("periods");
  ASSERT_EQ(periods.size(), 8U);
  EXPECT_EQ(periods[0].at("budget"), 100000);
  EXPECT_EQ(periods[4].at("budget"), 42000);
  EXPECT_EQ(periods[5].at("budget"), 0);  // no row: nothing
  EXPECT_EQ(periods[7].at("crew_capacity"), 20.0);
  check_plan(j);
  std::ofstream(dir / "bad.csv") << "period,amount\n2021,10\n2021-Q2,oops\n";
  auto r = netvet(dir, "plan " + generated(dir) + " --policy gb --start 2021-01-01 --budget " + (dir / "bad.csv"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("bad.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find('3'), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("amount"), std::string::npos) << r.err;
  r = netvet(dir, "plan " + generated(dir) + " --policy gb --start 2021-01-01 --crews 2 --capacity " + capacity);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("--capacity"), std::string::npos) << r.err;
}

// A network in dir/name of element rows (id,function,vendor,site,installed)
// and no links.
std::string unlinked_network(const temp_dir& dir, const std::string& name, const std::string& rows) {
  const std::string path = dir / name;
  std::filesystem::create_directories(path);
  std::ofstream(path + "/elements.csv") << "id,function,vendor,site,installed\n" << rows;
  std::ofstream(path + "/links.csv") << "a,b\n";
  return path;
}

// --reimbursement us: three Huawei gNB sites (42,000 each with the default
// costs), installed 2019 (eligible), 2021 (too late) and never stated (not
// eligible). All go in the first quarter: 39.5 % before 2025-04-15, 100 % after.
TEST(PlanCli, UsReimbursementNetOfTheEligibleCost) {
  temp_dir dir;
  const auto path = unlinked_network(dir, "us",
                                     "g1,gnb,Huawei,s1,2019-01-01\ng2,gnb,Huawei,s2,2021-01-01\n"
                                     "g3,gnb,Huawei,s3,\namf,amf,Nokia,dc,2015-01-01\n");
  for (const auto& [start, back] : {std::pair{"2025-01-01", 16590}, std::pair{"2025-04-01", 42000}}) {
    const auto r = netvet(dir, "plan " + path + " --remove-vendor Huawei --until 2025-12-31 --reimbursement us " +
                                   "--format json --start " + start);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("total_cost"), 126000);
    EXPECT_EQ(j.at("total_reimbursed"), back) << start;
    EXPECT_EQ(j.at("total_net_cost"), 126000 - back);
    ASSERT_EQ(j.at("years").size(), 1U);
    EXPECT_EQ(j.at("years")[0].at("net_cost"), 126000 - back);
    EXPECT_EQ(j.at("periods")[0].at("reimbursed"), back);
    const auto notes = j.at("notes").dump();
    EXPECT_NE(notes.find("Eligible elements: 1; not eligible: 1 covered element(s) without an installed date, 1 "
                         "installed after 2020-06-30"),
              std::string::npos)
        << notes;
    EXPECT_NE(notes.find("fcc_covered_telecom (Huawei, ZTE"), std::string::npos) << notes;
    check_plan(j);
  }
}

// An OLT site and a gNB site of Huawei (dir/hand): with the default costs,
// the site row 42,000 GBP each, the OLT 20,100 USD converted.
std::string hand_network(const temp_dir& dir) {
  return unlinked_network(dir, "hand",
                          "o1,olt,Huawei,s1,2019-01-01\ng1,gnb,Huawei,s2,2019-01-01\namf,amf,Nokia,dc,2015-01-01\n");
}

nlohmann::json hand_plan(const temp_dir& dir, const std::string& extra) {
  return huawei_plan(dir, hand_network(dir), "2025", extra);
}

// By hand, at 1 EUR = 1.0898 USD = 0.88955 GBP (2019-10-01): in GBP the OLT
// is 20,100 x 0.88955 / 1.0898 = 16,406.64, so s1 = 58,406.64, s2 = 42,000,
// total 100,406.64 (100,407 as the answer's whole units). In EUR the site row
// is 42,000 / 0.88955 = 47,214.88 and the OLT 20,100 / 1.0898 = 18,443.75:
// s1 = 65,658.63, s2 = 47,214.88, total 112,873.51.
TEST(PlanCli, UsdRowConvertedToGbpAndToEur) {
  temp_dir dir;
  const auto gbp = hand_plan(dir, "");
  EXPECT_EQ(gbp.at("currency"), "GBP");  // the default model's site row's
  EXPECT_EQ(gbp.at("total_cost"), 100407);
  EXPECT_EQ(gbp.at("sites")[0].at("cost"), 58407);
  EXPECT_EQ(gbp.at("sites")[1].at("cost"), 42000);
  const auto& c = gbp.at("conversion");
  EXPECT_EQ(c.at("rates_file"), "<embedded>/data/plan/rates.csv");
  ASSERT_EQ(c.at("rates").size(), 2U);
  EXPECT_EQ(c.at("rates")[1].at("currency"), "USD");
  EXPECT_EQ(c.at("rates")[1].at("date"), "2019-10-01");
  EXPECT_NE(c.at("rates")[1].at("source").get<std::string>().find("2019/C 331/05"), std::string::npos);
  EXPECT_EQ(c.at("items")[0].at("item"), "olt");
  EXPECT_EQ(c.at("items")[0].at("cost"), 16406.64);
  check_plan(gbp);
  const auto eur = hand_plan(dir, "--currency eur");
  EXPECT_EQ(eur.at("currency"), "EUR");
  EXPECT_EQ(eur.at("total_cost"), 112874);
  EXPECT_EQ(eur.at("sites")[0].at("cost"), 65659);
  EXPECT_EQ(eur.at("sites")[1].at("cost"), 47215);
  check_plan(eur);
  // Text, markdown and CSV state the currency and the conversion too.
  for (const auto* fmt : {"text", "markdown", "csv"}) {
    const auto r = netvet(dir, "plan " + hand_network(dir) +
                                   " --remove-vendor Huawei --start 2025-01-01 --until 2025-12-31 --format " + fmt);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("GBP"), std::string::npos) << fmt;
    EXPECT_NE(r.out.find("16,406.64"), std::string::npos) << fmt << r.out;
    EXPECT_NE(r.out.find("2019-10-01"), std::string::npos) << fmt;
  }
}

// The US program's share is the same in every currency: the reimbursement of
// a plan in GBP, EUR or USD is one USD figure (to the unit, rounding aside).
TEST(PlanCli, UsReimbursementIsTheSameInEveryCurrency) {
  temp_dir dir;
  const auto usd = hand_plan(dir, "--currency USD --reimbursement us");
  const auto usd_back = usd.at("total_reimbursed_usd").get<double>();
  EXPECT_EQ(usd_back, usd.at("total_reimbursed").get<double>());
  for (const auto* currency : {"GBP", "EUR"}) {
    const auto j = hand_plan(dir, std::string("--reimbursement us --currency ") + currency);
    EXPECT_NEAR(j.at("total_reimbursed_usd").get<double>(), usd_back, 2) << currency;
    EXPECT_NE(j.at("notes").dump().find("total_reimbursed_usd is the total at 1 USD"), std::string::npos);
    check_plan(j);
  }
}

// --costs in three currencies, --rates the user's own; a currency with no
// rate, a bad rates file and a bad --currency exit 3 naming file, line, field.
TEST(PlanCli, MixedCostsOwnRatesAndTheirErrors) {
  temp_dir dir;
  const std::string costs = dir / "costs.csv";
  const std::string rates = dir / "rates.csv";
  std::ofstream(costs) << "item,cost,currency,crew_days,confidence,source\n"
                          "site,100,EUR,1,P,x\nolt,60,SEK,1,P,y\ndefault,7,GBP,1,U,z\n";
  std::ofstream(rates) << "currency,per_eur,date,source\nGBP,0.5,2020-01-01,mine\nSEK,10,2020-01-01,mine\n"
                          "USD,2,2020-01-01,mine\n";
  // In GBP: the site row 100 EUR = 50, the OLT 60 SEK = 3, the gNB (default) 7.
  const auto mixed = hand_plan(dir, "--costs " + costs + " --rates " + rates + " --currency GBP");
  EXPECT_EQ(mixed.at("sites")[0].at("cost"), 53);
  EXPECT_EQ(mixed.at("sites")[1].at("cost"), 57);
  EXPECT_EQ(mixed.at("total_cost"), 110);
  EXPECT_EQ(mixed.at("conversion").at("rates_file"), rates);
  check_plan(mixed);
  const auto in_eur = hand_plan(dir, "--costs " + costs + " --rates " + rates);  // the site row's currency
  EXPECT_EQ(in_eur.at("currency"), "EUR");
  EXPECT_EQ(in_eur.at("total_cost"), 220);  // 100 + 6 + 100 + 14
  // The default costs at the user's rates: the OLT 20,100 USD / 2 x 0.5 = 5,025 GBP.
  const auto own = hand_plan(dir, "--rates " + rates);
  EXPECT_EQ(own.at("sites")[0].at("cost"), 47025);
  check_plan(own);
  const auto run = [&](const std::string& extra) {
    return netvet(
        dir, "plan " + hand_network(dir) + " --remove-vendor Huawei --start 2025-01-01 --until 2025-12-31 " + extra);
  };
  std::ofstream(dir / "gold.csv") << "item,cost,currency,crew_days,confidence,source\n"
                                     "site,100,GBP,1,P,x\nolt,60,XAU,1,P,y\ndefault,7,GBP,1,U,z\n";
  auto r = run("--costs " + (dir / "gold.csv"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("gold.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("currency"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("XAU"), std::string::npos) << r.err;
  std::ofstream(dir / "bad-rates.csv") << "currency,per_eur,date,source\nUSD,1.1,2019-10-01,s\nGBP,abc,2019-10-01,s\n";
  r = run("--rates " + (dir / "bad-rates.csv"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("bad-rates.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("per_eur"), std::string::npos) << r.err;
  r = run("--currency pounds");
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("--currency"), std::string::npos) << r.err;
  r = run("--currency XTS");  // a code the rates do not know, while the OLT row needs converting
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("--currency"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("XTS"), std::string::npos) << r.err;
  r = run("--rates " + (dir / "no-such.csv"));
  EXPECT_EQ(r.status, 4) << r.err;
}

}  // namespace
}  // namespace netvet::testing
