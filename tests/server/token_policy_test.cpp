// The token policy (`serve --max-token-days`): a token older than the
// maximum is refused however long its expiry, the refusal is logged with
// its reason, and no token is issued for longer. Both stores.
#include <atomic>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/api_parts.h"
#include "server/stores.h"

namespace netvet::server {
namespace {

using nlohmann::json;
constexpr std::int64_t kStart = 1'700'000'000;
constexpr std::int64_t kDay = 86400;

class token_policy_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ws_ = testing::store_uri(GetParam(), dir_, pg_);
    if (ws_.empty()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    // The administrator's token: issued at kStart, expiring after 300 days.
    parts_ = testing::make_api(ws_, dir_, kStart, [this] { return store::timestamp{clock_.load()}; });
    ASSERT_TRUE(parts_.api);
    api_options o;
    o.workspace = ws_;
    o.key = parts_.key.get();
    o.ctx = parts_.ctx.get();
    o.now = [this] { return store::timestamp{clock_.load()}; };
    o.max_token_days = 30;
    auto made = api::create(std::move(o));
    ASSERT_TRUE(made) << made.err().message;
    api_ = std::move(made.value());
  }

  response call(const std::string& method, const std::string& path, const std::string& token,
                const std::string& body = "") {
    return testing::call_api(*api_, method, path, token, body);
  }

  testing::temp_dir dir_;
  std::unique_ptr<testing::pg_database> pg_;
  std::string ws_;
  testing::api_parts parts_;
  std::unique_ptr<api> api_;
  std::atomic<std::int64_t> clock_{kStart + 3600};
};

TEST_P(token_policy_test, OldTokensAreRefusedAndNoneIsIssuedForLonger) {
  const std::string& admin = parts_.admin;
  ASSERT_EQ(call("GET", "/api/v1/orgs", admin).status, 200);
  const auto too_long = call("POST", "/api/v1/tokens", admin, json{{"expires_in_days", 31}}.dump());
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(json::parse(too_long.body)["location"]["field"], "expires_in_days");
  const auto fits = call("POST", "/api/v1/tokens", admin, json{{"expires_in_days", 30}}.dump());
  ASSERT_EQ(fits.status, 201) << fits.body;
  const auto by_default = call("POST", "/api/v1/tokens", admin, "{}");
  ASSERT_EQ(by_default.status, 201) << by_default.body;
  // 30 days later the first token is over the policy (its own expiry is 300 days).
  clock_ = kStart + 30 * kDay;
  EXPECT_EQ(call("GET", "/api/v1/orgs", admin).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/orgs", json::parse(fits.body)["token"]).status, 200);
  const json log = json::parse(call("GET", "/api/v1/log?chain=system&limit=500", json::parse(fits.body)["token"]).body);
  int refused = 0;
  for (const auto& e : log["items"]) {
    refused += e["kind"] == "login.failed" && e["data"].value("reason", "") == "older than the maximum token age";
  }
  EXPECT_EQ(refused, 1) << log.dump();
  // The policy's default expiry is its maximum when shorter than 90 days.
  EXPECT_EQ(json::parse(by_default.body)["expires_at"], store::format_timestamp({kStart + 3600 + 30 * kDay}));
}

INSTANTIATE_TEST_SUITE_P(stores, token_policy_test, testing::server_stores(), testing::store_name);

}  // namespace
}  // namespace netvet::server
