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

TEST(Function, StatusAndMedium) {
  EXPECT_EQ(parse_status("decommissioning"), element_status::decommissioning);
  EXPECT_FALSE(parse_status("Active"));
  EXPECT_EQ(parse_medium(""), link_medium::none);
  EXPECT_EQ(parse_medium("virtual"), link_medium::virtual_);
  EXPECT_FALSE(parse_medium("laser"));
}

}  // namespace
}  // namespace netvet::model
