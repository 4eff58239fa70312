#include "netvet/model/function.h"

#include <gtest/gtest.h>

namespace netvet::model {
namespace {

TEST(Function, VocabularyRoundTrips) {
  EXPECT_EQ(all_functions().size(), 40U);
  for (const auto f : all_functions()) {
    const auto back = parse_function(to_string(f));
    ASSERT_TRUE(back) << to_string(f);
    EXPECT_EQ(*back, f);
  }
  EXPECT_EQ(to_string(function::switch_), "switch");
  EXPECT_FALSE(parse_function("GNB"));  // lower case only
  EXPECT_FALSE(parse_function("gnodeb"));
  EXPECT_FALSE(parse_function(""));
}

TEST(Function, AccessIsExactlyGnbEnbOlt) {
  int access = 0;
  for (const auto f : all_functions()) {
    access += is_access(f) ? 1 : 0;
  }
  EXPECT_EQ(access, 3);
  EXPECT_TRUE(is_access(function::olt));
  EXPECT_FALSE(is_access(function::ru));
  EXPECT_FALSE(is_access(function::ont));
}

TEST(Function, LayersAndCategories) {
  EXPECT_EQ(layer_of(function::gnb), layer::access);
  EXPECT_EQ(layer_of(function::firewall), layer::transport);
  EXPECT_EQ(layer_of(function::ims), layer::core);
  EXPECT_EQ(layer_of(function::mano), layer::management);
  EXPECT_EQ(layer_of(function::li), layer::security);
  EXPECT_EQ(category_of(function::udm), asset_category::subscriber_data);
  EXPECT_EQ(category_of(function::sepp), asset_category::interconnection);
  EXPECT_EQ(category_of(function::li), asset_category::lawful_interception);
  EXPECT_EQ(to_string(asset_category::subscriber_data), "SUBDB");
  EXPECT_EQ(parse_asset_category("RAN"), asset_category::ran);
  EXPECT_EQ(parse_asset_category("ran"), asset_category::ran);
  EXPECT_EQ(generation_of(function::amf), generation::g5);
  EXPECT_EQ(generation_of(function::mme), generation::g4);
}

TEST(Generation, SetsOfFourAndFiveG) {
  const auto g4 = generation_set::of(generation::g4);
  const auto g5 = generation_set::of(generation::g5);
  const auto both = generation_set::of(generation::any);
  EXPECT_TRUE(generation_set().empty());
  EXPECT_EQ(both, g4 | g5);
  EXPECT_TRUE(both.intersects(g4));
  EXPECT_TRUE(both.intersects(g5));
  EXPECT_FALSE(g4.intersects(g5));
  EXPECT_FALSE(generation_set().intersects(both));  // neutral meets no generation
  EXPECT_EQ(generation_set::from_bits(both.bits()), both);
  EXPECT_EQ(to_string(generation_set()), "");
  EXPECT_EQ(to_string(g4), "4g");
  EXPECT_EQ(to_string(g5), "5g");
  EXPECT_EQ(to_string(both), "any");
  for (const auto* s : {"4G", "lte", "4g"}) {
    EXPECT_EQ(parse_generation(s), generation::g4) << s;
  }
  EXPECT_EQ(parse_generation("5G"), generation::g5);
  EXPECT_EQ(parse_generation("any"), generation::any);
  EXPECT_FALSE(parse_generation("6g"));
}

TEST(Generation, FunctionsImplyOrDefault) {
  const auto g4 = generation_set::of(generation::g4);
  const auto g5 = generation_set::of(generation::g5);
  const auto both = generation_set::of(generation::any);
  EXPECT_EQ(implied_generations(function::gnb), g5);
  EXPECT_EQ(implied_generations(function::amf), g5);
  EXPECT_EQ(implied_generations(function::enb), g4);
  EXPECT_EQ(implied_generations(function::hss), g4);
  for (const auto f : {function::ru, function::du, function::cu}) {  // a split RAN defaults to 5G
    EXPECT_EQ(implied_generations(f), g5) << to_string(f);
    EXPECT_EQ(generation_of(f), generation::any) << to_string(f);  // not a function of one generation
    EXPECT_TRUE(generation_fits(f, g4)) << to_string(f);
    EXPECT_TRUE(generation_fits(f, both)) << to_string(f);
  }
  EXPECT_TRUE(implied_generations(function::router).empty());
  EXPECT_TRUE(implied_generations(function::antenna).empty());
  EXPECT_TRUE(generation_fits(function::router, both));
  // A function of one generation takes only its own; `any` contradicts it too.
  EXPECT_TRUE(generation_fits(function::gnb, g5));
  EXPECT_TRUE(generation_fits(function::gnb, generation_set()));
  EXPECT_FALSE(generation_fits(function::gnb, g4));
  EXPECT_FALSE(generation_fits(function::gnb, both));
  EXPECT_FALSE(generation_fits(function::enb, g5));
  EXPECT_FALSE(generation_fits(function::amf, g4));
  EXPECT_EQ(generation_conflict(function::gnb, g5), "");
  EXPECT_EQ(generation_conflict(function::amf, g4),
            "generation 4g contradicts function amf, which is 5g only; leave it empty or write 5g");
  EXPECT_EQ(effective_generations(function::ru, g4), g4);
  EXPECT_EQ(effective_generations(function::ru, generation_set()), g5);
}

TEST(Function, StatusAndMedium) {
  EXPECT_EQ(parse_status("decommissioning"), element_status::decommissioning);
  EXPECT_FALSE(parse_status("Active"));
  EXPECT_EQ(parse_medium(""), link_medium::none);
  EXPECT_EQ(parse_medium("virtual"), link_medium::virtual_);
  EXPECT_FALSE(parse_medium("laser"));
}

}  // namespace
}  // namespace netvet::model
