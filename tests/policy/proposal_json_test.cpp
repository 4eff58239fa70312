// A proposal already parsed as JSON (the server's request bodies) reads
// exactly as its JSON text does through the YAML reader, which is how the
// server read it before parse_proposal_json.
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "netvet/model/vendor.h"
#include "netvet/policy/proposal.h"

namespace netvet::policy {
namespace {

const model::vendor_catalog& cat() { return model::vendor_catalog::builtin(); }

// Strings that look like other things (a number, a boolean, null, a date
// with time), every field of an element, counts, links and removals.
constexpr const char* kProposal = R"({
  "operator": "Spark New Zealand", "jurisdiction": "nz", "date": "2018-11-28",
  "title": "5G RAN: 10 % more", "summary": "null",
  "add": [
    {"id": "gnb-auckland", "function": "gnb", "vendor": "Huawei", "model": "AAU5613", "software": "1.0",
     "region": "Auckland", "site": "AKL-1", "lat": -36.85, "lon": 174.76, "subscribers": 12000,
     "installed": "2019-01-31", "status": "planned", "generation": "5g", "count": 12},
    {"id": "core-1", "function": "amf", "vendor": "ZTE", "model": "true", "region": "Wellington"},
    {"function": "router", "vendor": "huawei technologies co., ltd.", "count": 3},
    {"function": "ems", "vendor": "Nokia", "managed_by": "core-1", "subscribers": 0}
  ],
  "links": [{"a": "gnb-auckland-01", "b": "core-1", "medium": "fiber", "capacity_gbps": 10.5}],
  "remove": []
})";

// Every field reading sets, absent (NaN) coordinates as a number that
// compares equal.
auto fields(const proposed_element& x) {
  const auto num = [](double v) { return std::isnan(v) ? -999.0 : v; };
  return std::make_tuple(x.id, x.fn, x.vendor, x.vendor_name, x.catalog_vendor, x.model, x.software, x.site, x.region,
                         x.managed_by, num(x.lat), num(x.lon), x.subscribers, x.installed, x.status, x.generations());
}

auto fields(const proposed_link& l) {
  return std::make_tuple(l.a, l.b, l.medium, std::isnan(l.capacity_gbps) ? -999.0 : l.capacity_gbps);
}

template <typename T>
auto all_fields(const std::vector<T>& items) {
  std::vector<decltype(fields(items.front()))> out;
  for (const auto& x : items) {
    out.push_back(fields(x));
  }
  return out;
}

void expect_same(const proposal& a, const proposal& b) {
  EXPECT_EQ(std::tie(a.operator_name, a.jurisdiction, a.title, a.summary),
            std::tie(b.operator_name, b.jurisdiction, b.title, b.summary));
  EXPECT_EQ(a.when, b.when);
  EXPECT_EQ(all_fields(a.add), all_fields(b.add));
  EXPECT_EQ(all_fields(a.links), all_fields(b.links));
  EXPECT_EQ(a.remove, b.remove);
}

TEST(ProposalJson, ReadsAsItsTextReadsThroughYaml) {
  const auto from_text = parse_proposal(std::string_view(kProposal), "proposal", cat());
  const auto from_json = parse_proposal_json(nlohmann::json::parse(kProposal), "proposal", cat());
  ASSERT_TRUE(from_text.has_value()) << from_text.err().to_string();
  ASSERT_TRUE(from_json.has_value()) << from_json.err().to_string();
  expect_same(*from_text, *from_json);
  // Not vacuous: the counts expanded, strings stayed strings.
  EXPECT_EQ(from_json->add.size(), 12U + 1U + 3U + 1U);
  EXPECT_EQ(from_json->summary, "null");
  EXPECT_EQ(from_json->add[12].model, "true");
  EXPECT_EQ(from_json->add[0].subscribers, 12000U);
  EXPECT_DOUBLE_EQ(from_json->links[0].capacity_gbps, 10.5);
}

TEST(ProposalJson, ErrorsNameTheSameFieldAndMessage) {
  for (
      const char* bad : {
          R"({"jurisdiction": "nz", "date": "2018-11-28", "colour": "red"})",
          R"({"jurisdiction": "nz", "date": "2018-11-28", "add": [{"function": "gnb", "vendor": "Huawei", "count": "x"}]})",
          R"({"jurisdiction": "nz", "date": "28/11/2018"})",
          R"({"jurisdiction": "nz", "date": "2018-11-28", "add": [{"function": "toaster", "vendor": "Huawei"}]})",
          R"({"jurisdiction": "nz", "date": "2018-11-28", "add": {"function": "gnb"}})",
          R"({"jurisdiction": null, "date": "2018-11-28"})",
          R"([1, 2])",
      }) {
    SCOPED_TRACE(bad);
    const auto from_text = parse_proposal(std::string_view(bad), "proposal", cat());
    const auto from_json = parse_proposal_json(nlohmann::json::parse(bad), "proposal", cat());
    ASSERT_FALSE(from_text.has_value());
    ASSERT_FALSE(from_json.has_value());
    EXPECT_EQ(from_json.err().code, error_code::invalid_input);
    EXPECT_EQ(from_json.err().message, from_text.err().message);
    EXPECT_EQ(from_json.err().where.field, from_text.err().where.field);
  }
}

TEST(ProposalJson, TooDeepIsALimitNotARecursion) {
  std::string deep = R"({"jurisdiction": "nz", "date": "2018-11-28", "title": )";
  for (int i = 0; i < 200; ++i) {
    deep += "[";
  }
  deep += std::string(200, ']') + "}";
  const auto p = parse_proposal_json(nlohmann::json::parse(deep), "proposal", cat());
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.err().code, error_code::limit_exceeded);
  EXPECT_NE(p.err().message.find("nested"), std::string::npos);
}

}  // namespace
}  // namespace netvet::policy
