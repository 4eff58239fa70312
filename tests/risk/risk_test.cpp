// The risk model (docs/risk-model.md): profiles as they stood on a date,
// each factor, the unknown treatment, criticality, scale, impact and the grid.
#include <gtest/gtest.h>

#include "netvet/core/file_system.h"
#include "netvet/risk/knowledge.h"
#include "netvet/risk/model.h"
#include "support/temp_dir.h"

namespace netvet::risk {
namespace {

const model::vendor_catalog& cat() { return model::vendor_catalog::builtin(); }

const knowledge& builtin() {
  static const knowledge kKnowledge = [] {
    auto r = knowledge::builtin(cat());
    EXPECT_TRUE(r.has_value()) << r.err().to_string();
    return std::move(r).value();
  }();
  return kKnowledge;
}

date d(const char* s) { return *parse_date(s); }

likelihood_reading read(const char* vendor, const char* day, const char* deciding = "", const settings& s = {}) {
  return weigh_likelihood(builtin(), s, likelihood_query{vendor, d(day), deciding, ""});
}

const factor_reading& at(const likelihood_reading& r, factor f) { return r.factors[static_cast<std::size_t>(f)]; }

TEST(Likelihood, HuaweiAsGcsbSawItOn28Nov2018) {
  const auto r = read("Huawei", "2018-11-28", "NZ");
  EXPECT_TRUE(r.known);
  EXPECT_EQ(r.home, "CN");
  EXPECT_EQ(at(r, factor::compulsion).value, 2);  // from the home state
  EXPECT_EQ(at(r, factor::compulsion).from_subject, "state:CN");
  EXPECT_EQ(at(r, factor::designations).value, 2);  // AU and US
  EXPECT_EQ(at(r, factor::designations).by, (std::vector<std::string>{"AU", "US"}));
  EXPECT_FALSE(at(r, factor::state_control).value.has_value());  // Balding & Clarke: April 2019
  EXPECT_FALSE(at(r, factor::supply).value.has_value());         // the US sanctions: 2020
  EXPECT_EQ(r.points, 4);
  EXPECT_EQ(r.lvl, level::high);
}

TEST(Likelihood, GrowsAsFactsAccrue) {
  const auto y2010 = read("Huawei", "2010-01-01");
  const auto y2024 = read("Huawei", "2024-01-01");
  EXPECT_LT(y2010.points, y2024.points);
  EXPECT_EQ(y2024.lvl, level::very_high);
  EXPECT_EQ(at(y2024, factor::supply).value, 2);
  EXPECT_EQ(at(y2024, factor::leverage).value, 2);
  // Before any law or designation on record, only the reviewed designations (none) are known.
  EXPECT_EQ(at(y2010, factor::compulsion).value, std::nullopt);
  EXPECT_EQ(at(y2010, factor::designations).value, 0);
  EXPECT_EQ(y2010.lvl, level::low);
}

TEST(Likelihood, TheDecidingJurisdictionsOwnDesignationsAreNotCorroboration) {
  const auto in_nz = read("Huawei", "2019-06-01", "NZ");
  const auto elsewhere = read("Huawei", "2019-06-01", "FR");
  const auto& nz_by = at(in_nz, factor::designations).by;
  EXPECT_EQ(std::count(nz_by.begin(), nz_by.end(), "NZ"), 0);
  const auto& fr_by = at(elsewhere, factor::designations).by;
  EXPECT_EQ(std::count(fr_by.begin(), fr_by.end(), "NZ"), 1);
}

TEST(Likelihood, APrecedentsOwnFactsAreSetAside) {
  // Reproducing Sweden's 2020 decision: Sapo's assessment is part of it.
  const auto r =
      weigh_likelihood(builtin(), settings{}, likelihood_query{"Huawei", d("2020-10-20"), "SE", "se-pts-2020"});
  EXPECT_FALSE(at(r, factor::leverage).value.has_value());
  EXPECT_FALSE(r.set_aside.empty());
  const auto later = read("Huawei", "2020-10-20", "SE");
  EXPECT_EQ(at(later, factor::leverage).value, 2);
}

TEST(Likelihood, UnconfirmedFactsAreShownNeverWeighed) {
  const auto r = read("Samsung", "2025-01-01");
  EXPECT_TRUE(r.home.empty());  // home [U]: no home state, so no state facts
  const auto e = read("Ericsson", "2025-01-01");
  EXPECT_FALSE(at(e, factor::state_control).facts.empty());  // the [U] row is shown
  EXPECT_FALSE(at(e, factor::state_control).value.has_value());
  EXPECT_EQ(e.lvl, level::low);
  EXPECT_EQ(read("Nokia", "2025-01-01").points, 1);  // a minority state stake in a democracy
}

TEST(Likelihood, NoProfileIsUnknownNeverASilentZero) {
  settings s;
  const auto r = weigh_likelihood(builtin(), s, likelihood_query{"Mavenir", d("2025-01-01"), "", ""});
  EXPECT_FALSE(r.profiled);
  EXPECT_FALSE(r.known);
  EXPECT_EQ(r.lvl, level::moderate);  // the default treatment
  s.unknown_as.reset();
  EXPECT_FALSE(weigh_likelihood(builtin(), s, likelihood_query{"Mavenir", d("2025-01-01"), "", ""}).weighable);
  s.unknown_as = level::high;
  EXPECT_EQ(weigh_likelihood(builtin(), s, likelihood_query{"Mavenir", d("2025-01-01"), "", ""}).lvl, level::high);
}

TEST(Likelihood, WeightsAndThresholdsAreThePacks) {
  settings s;
  s.weights[static_cast<std::size_t>(factor::compulsion)] = 2;
  EXPECT_EQ(read("Huawei", "2018-08-23", "AU", s).points, 2 * 2 + 1);  // US only before AU's own
  s.weights.fill(0);
  s.weights[static_cast<std::size_t>(factor::designations)] = 1;
  const auto only_l9 = read("Huawei", "2024-01-01", "", s);
  EXPECT_EQ(only_l9.factors_weighed, 1);
  EXPECT_EQ(only_l9.points, 2);
  s.min_factors = 2;
  EXPECT_FALSE(read("Huawei", "2024-01-01", "", s).known);
}

TEST(Criticality, EveryFunctionIsRatedWithItsBasis) {
  for (const auto f : model::all_functions()) {
    const auto& e = builtin().rating_of(f);
    EXPECT_FALSE(e.text.empty()) << model::to_string(f);
  }
  EXPECT_TRUE(builtin().rating_of(model::function::dns).own);  // no source rates DNS
  EXPECT_FALSE(builtin().rating_of(model::function::amf).own);
  const settings s;
  EXPECT_EQ(criticality_of(builtin(), s, model::function::li, false).lvl, criticality::critical);
  EXPECT_EQ(criticality_of(builtin(), s, model::function::gnb, false).lvl, criticality::medium);
  const auto g5 = criticality_of(builtin(), s, model::function::ru, true);
  EXPECT_EQ(g5.lvl, criticality::high);
  EXPECT_TRUE(g5.raised_in_5g);
  EXPECT_EQ(criticality_of(builtin(), s, model::function::antenna, true).lvl, criticality::low);  // rated apart
}

TEST(Criticality, APackOverridesACategoryButNotAFunctionRatedApart) {
  settings s;
  s.criticality["RAN"] = criticality_override{criticality::medium, std::nullopt, "medium"};
  EXPECT_EQ(criticality_of(builtin(), s, model::function::gnb, true).lvl, criticality::medium);
  EXPECT_EQ(criticality_of(builtin(), s, model::function::antenna, true).lvl, criticality::low);
  s.criticality["antenna"] = criticality_override{criticality::high, std::nullopt, "high"};
  EXPECT_TRUE(criticality_of(builtin(), s, model::function::antenna, false).overridden);
}

TEST(Scale, ReachSharesAndSize) {
  const scale_settings s;
  EXPECT_EQ(scale_of(s, true, {}).s, scale::national);  // a core function serves every subscriber
  EXPECT_EQ(scale_of(s, false, scale_input{false, 0, 0, 500, 0}).s, scale::national);
  EXPECT_EQ(scale_of(s, false, scale_input{false, 0, 0, 499, 0}).s, scale::regional);
  EXPECT_EQ(scale_of(s, false, scale_input{false, 0, 0, 19, 19'999}).s, scale::local);
  EXPECT_EQ(scale_of(s, false, scale_input{true, 0.25, 0.01, 0, 0}).s, scale::national);
  EXPECT_EQ(scale_of(s, false, scale_input{true, 0.0, 0.05, 0, 0}).s, scale::regional);
  EXPECT_EQ(scale_of(s, false, scale_input{true, 0.001, 0.001, 10'000, 0}).s, scale::local);  // shares decide
}

TEST(Grid, ImpactAndRiskAreMonotone) {
  EXPECT_EQ(impact_of(criticality::critical, scale::national), level::very_high);
  EXPECT_EQ(impact_of(criticality::critical, scale::regional), level::high);
  EXPECT_EQ(impact_of(criticality::medium, scale::local), level::low);
  EXPECT_EQ(impact_of(criticality::low, scale::national), level::low);
  int last = 0;
  for (int l = 0; l < 4; ++l) {
    for (int i = 0; i < 4; ++i) {
      const int sc = score(static_cast<level>(l), static_cast<level>(i));
      EXPECT_EQ(sc, (l + 1) * (i + 1));
      if (i > 0) {
        EXPECT_GT(sc, score(static_cast<level>(l), static_cast<level>(i - 1)));
      }
      EXPECT_GE(static_cast<int>(risk_level(sc)), static_cast<int>(risk_level(last > sc ? 1 : last)));
      last = sc;
    }
  }
  EXPECT_EQ(risk_level(4), level::low);
  EXPECT_EQ(risk_level(6), level::moderate);
  EXPECT_EQ(risk_level(9), level::high);
  EXPECT_EQ(risk_level(16), level::very_high);
}

TEST(Knowledge, AUserFileReplacesTheSubjectsItNames) {
  testing::temp_dir dir;
  const std::string path = dir.path() + "/mine.csv";
  ASSERT_TRUE(local_file_system()
                  .write_file_atomic(path,
                                     "subject,factor,value,from,until,confidence,sources,decision,text\n"
                                     "Nokia,track_record,2,2020-01-01,,C,RF,,our own finding\n")
                  .has_value());
  auto k = knowledge::builtin(cat());
  ASSERT_TRUE(k.has_value());
  ASSERT_TRUE(k->merge_profiles(local_file_system(), path, cat()).has_value());
  EXPECT_EQ(k->facts_of("Nokia").size(), 1u);     // replaced
  EXPECT_FALSE(k->facts_of("Ericsson").empty());  // kept
  const auto r = weigh_likelihood(*k, settings{}, likelihood_query{"Nokia", d("2021-01-01"), "", ""});
  EXPECT_EQ(r.points, 2);
}

TEST(Likelihood, EveryFactorCountsWithItsWeight) {
  // A user's profile that values every factor: each is read, weighed by the
  // settings, and only the weighable facts in force count.
  testing::temp_dir dir;
  const std::string path = dir.path() + "/all.csv";
  std::string csv = "subject,factor,value,from,until,confidence,sources,decision,text\n";
  csv += "Samsung,home,KR,,,C,RF,,Korea\n";
  const char* factors[] = {"compulsion", "rule_of_law", "agreements", "state_control",
                           "leverage",   "quality",     "supply",     "track_record"};
  for (const char* f : factors) {
    csv += std::string("Samsung,") + f + ",1,2020-01-01,,P,RF,,x\n";
  }
  csv += "Samsung,quality,2,2020-01-01,2020-12-31,C,RF,,a defect later fixed\n";
  csv += "Samsung,track_record,2,2020-01-01,,U,RF,,a rumour\n";
  csv += "Samsung,designation,JP,2021-01-01,,P,RF,,x\nSamsung,designation,FR,2021-01-01,,P,RF,,x\n";
  ASSERT_TRUE(local_file_system().write_file_atomic(path, csv).has_value());
  auto k = knowledge::builtin(cat());
  ASSERT_TRUE(k.has_value());
  ASSERT_TRUE(k->merge_profiles(local_file_system(), path, cat()).has_value());
  const auto on = [&](const char* day, const settings& s) {
    return weigh_likelihood(*k, s, likelihood_query{"Samsung", d(day), "FR", ""});
  };
  settings s;
  const auto r2020 = on("2020-06-01", s);
  EXPECT_EQ(r2020.home, "KR");
  for (std::size_t i = 0; i + 1 < kFactorCount; ++i) {
    EXPECT_TRUE(r2020.factors[i].value.has_value()) << to_string(static_cast<factor>(i));
  }
  EXPECT_EQ(at(r2020, factor::quality).value, 2);                  // the [C] defect, in force
  EXPECT_EQ(at(r2020, factor::track_record).value, 1);             // the [U] rumour is not weighed
  EXPECT_EQ(at(r2020, factor::designations).value, std::nullopt);  // not reviewed, none yet
  EXPECT_EQ(r2020.points, 7 + 2);
  const auto r2022 = on("2022-06-01", s);
  EXPECT_EQ(at(r2022, factor::quality).value, 1);       // the defect's fact ended
  EXPECT_EQ(at(r2022, factor::designations).value, 1);  // JP only: FR decides
  EXPECT_EQ(r2022.points, 8 + 1);
  s.weights[static_cast<std::size_t>(factor::supply)] = 3;
  s.weights[static_cast<std::size_t>(factor::agreements)] = 0;
  EXPECT_EQ(on("2022-06-01", s).points, 8 + 1 + 2 - 1);
}

TEST(Knowledge, BadRowsNameFileLineAndField) {
  const std::string head = "subject,factor,value,from,until,confidence,sources,decision,text\n";
  const auto bad = [&](const std::string& row, const char* field) {
    const auto k = knowledge::from_text("id,title,url,date,read\nRF,x,,,\n", head + row,
                                        "part,level,in_5g,reach,basis,confidence,sources,text\n", cat());
    ASSERT_FALSE(k.has_value()) << row;
    EXPECT_EQ(k.err().where.line, 2u) << row;
    EXPECT_EQ(k.err().where.field, field) << row << ": " << k.err().to_string();
    EXPECT_EQ(k.err().code, error_code::invalid_input);
  };
  bad("Acme Nonexistent,compulsion,2,,,C,RF,,x\n", "subject");
  bad("Huawei,influence,2,,,C,RF,,x\n", "factor");
  bad("Huawei,compulsion,3,,,C,RF,,x\n", "value");
  bad("Huawei,compulsion,2,2020-13-01,,C,RF,,x\n", "from");
  bad("Huawei,compulsion,2,,,X,RF,,x\n", "confidence");
  bad("Huawei,compulsion,2,,,C,NOPE,,x\n", "sources");
  bad("Huawei,home,,,,C,RF,,x\n", "value");
  bad("Huawei,compulsion,2,,,C,RF,,a text, with a comma\n", "");
}

}  // namespace
}  // namespace netvet::risk
