// Passwords and the dashboard's sessions, in process: strength, the cookie's
// flags, CSRF and Origin on every state-changing request, lockout with
// back-off, idle and absolute expiry, sign-out, and nothing secret stored.
#include <atomic>

#include <gtest/gtest.h>

#include "netvet/server/api.h"
#include "netvet/store/server_store.h"
#include "netvet/usecase/context.h"
#include "server/api_parts.h"
#include "server/stores.h"
#include "support/api_capture.h"
#include "support/temp_dir.h"

namespace netvet::server {
namespace {

using nlohmann::json;
constexpr std::int64_t kStart = 1'750'000'000;
const std::string kGood = "correct horse battery staple";

class session_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ws_ = testing::store_uri(GetParam(), dir_, pg_);
    if (ws_.empty()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    auto parts = testing::make_api(ws_, dir_, kStart, [this] { return store::timestamp{clock_.load()}; });
    ASSERT_TRUE(parts.api);
    key_ = std::move(parts.key);
    ctx_ = std::move(parts.ctx);
    api_ = std::move(parts.api);
    admin_ = parts.admin;
    ASSERT_EQ(call("POST", "/api/v1/orgs", {{"authorization", "Bearer " + admin_}},
                   json{{"name", "GCSB"}, {"kind", "regulator"}, {"jurisdiction", "nz"}}.dump())
                  .status,
              201);
    ASSERT_EQ(call("POST", "/api/v1/users", {{"authorization", "Bearer " + admin_}},
                   json{{"org", "GCSB"}, {"name", "analyst"}, {"role", "regulator_assessor"}}.dump())
                  .status,
              201);
    ASSERT_EQ(password("analyst", kGood).status, 204);
  }

  response call(const std::string& method, const std::string& path, header_list headers, const std::string& body = "",
                const std::string& peer = "198.51.100.4") {
    request r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    if (!body.empty()) {
      r.headers.emplace_back("content-type", "application/json");
    }
    r.headers.emplace_back("host", "netvet.example");
    r.body = body;
    r.peer = peer;
    response out = api_->handle(r);
    testing::capture_exchange(r, out);  // for the OpenAPI check (support/api_capture.h)
    return out;
  }
  response password(const std::string& user, const std::string& pw) {
    return call("POST", "/api/v1/password", {{"authorization", "Bearer " + admin_}},
                json{{"user", user}, {"password", pw}}.dump());
  }
  response sign_in(const std::string& pw, const std::string& peer = "198.51.100.4") {
    return call("POST", "/api/v1/session", {}, json{{"name", "analyst"}, {"password", pw}}.dump(), peer);
  }
  static std::string header(const response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) {
        return v;
      }
    }
    return {};
  }
  // The cookie's value from a sign-in's Set-Cookie.
  static std::string cookie_of(const response& r) {
    const std::string set = header(r, "Set-Cookie");
    return set.substr(0, set.find(';'));
  }

  testing::temp_dir dir_;
  std::string ws_, admin_;
  std::unique_ptr<crypto::signing_key> key_;
  std::unique_ptr<usecase::context> ctx_;
  std::unique_ptr<api> api_;
  std::atomic<std::int64_t> clock_{kStart};
  std::unique_ptr<testing::pg_database> pg_;
};

TEST_P(session_test, WeakPasswordsAreRefusedNamingTheField) {
  for (const std::string weak : {"short", "analyst-is-my-name", "password1234", "aaaaaaaaaaaaaaaa"}) {
    const auto r = password("analyst", weak);
    EXPECT_EQ(r.status, 400) << weak;
    EXPECT_EQ(json::parse(r.body)["location"]["field"], "password") << weak;
  }
  EXPECT_EQ(password("nobody", kGood).status, 404);
}

TEST_P(session_test, SignInSetsAStrictCookieAndReturnsTheCsrfToken) {
  const auto r = sign_in(kGood);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string set = header(r, "Set-Cookie");
  EXPECT_EQ(set.rfind("__Host-netvet_session=", 0), 0U) << set;
  for (const std::string flag : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict", "; Max-Age=43200"}) {
    EXPECT_NE(set.find(flag), std::string::npos) << flag;
  }
  const json b = json::parse(r.body);
  EXPECT_EQ(b["user"], "analyst");
  EXPECT_EQ(b["role"], "regulator_assessor");
  EXPECT_EQ(b["csrf"].get<std::string>().size(), 43U);
  // The session cookie reads; it is not a bearer token.
  EXPECT_EQ(call("GET", "/api/v1/proposals", {{"cookie", "theme=dark; " + cookie_of(r)}}).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/proposals", {{"authorization", "Bearer " + cookie_of(r).substr(22)}}).status, 401);
}

TEST_P(session_test, StateChangingRequestsNeedTheCsrfTokenAndThisOrigin) {
  const auto r = sign_in(kGood);
  const std::string csrf = json::parse(r.body)["csrf"];
  const std::string cookie = cookie_of(r);
  const std::string body = json{{"reasons", "r"}, {"decision", "no_significant_risk"}}.dump();
  const std::string path = "/api/v1/proposals/prp_1/decision";
  auto missing = call("POST", path, {{"cookie", cookie}}, body);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(json::parse(missing.body)["location"]["field"], "X-CSRF-Token");
  EXPECT_EQ(call("POST", path, {{"cookie", cookie}, {"x-csrf-token", csrf + "x"}}, body).status, 403);
  EXPECT_EQ(
      call("POST", path, {{"cookie", cookie}, {"x-csrf-token", csrf}, {"origin", "https://evil.example"}}, body).status,
      403);
  // With both right, the request reaches the API (no such proposal: 404).
  EXPECT_EQ(call("POST", path, {{"cookie", cookie}, {"x-csrf-token", csrf}, {"origin", "https://netvet.example"}}, body)
                .status,
            404);
}

TEST_P(session_test, RepeatedFailuresLockOutWithBackOffEvenTheRightPassword) {
  const auto unknown =
      call("POST", "/api/v1/session", {}, json{{"name", "ghost"}, {"password", kGood}}.dump(), "192.0.2.200");
  EXPECT_EQ(unknown.status, 401);
  const auto wrong = sign_in("not the password at all");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json::parse(unknown.body)["detail"], json::parse(wrong.body)["detail"]);  // no user enumeration
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(sign_in("not the password at all").status, 401);
  }
  auto locked = sign_in(kGood);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(header(locked, "Retry-After"), "1");
  clock_ += 2;
  EXPECT_EQ(sign_in("still wrong, still wrong").status, 401);  // the 6th failure: 2 s now
  locked = sign_in(kGood);
  EXPECT_EQ(locked.status, 429);
  EXPECT_EQ(header(locked, "Retry-After"), "2");
  // Another address is locked out too: the name has failed too often.
  EXPECT_EQ(sign_in(kGood, "203.0.113.9").status, 429);
  clock_ += 3;
  EXPECT_EQ(sign_in(kGood).status, 201);
}

TEST_P(session_test, SessionsEndOnSignOutIdlenessAgeAndANewPassword) {
  auto cookie = cookie_of(sign_in(kGood));
  const auto reads = [&](const std::string& c) { return call("GET", "/api/v1/proposals", {{"cookie", c}}).status; };
  EXPECT_EQ(reads(cookie), 200);
  clock_ += store::kSessionIdle + 1;
  EXPECT_EQ(reads(cookie), 401);  // idle

  cookie = cookie_of(sign_in(kGood));
  for (int i = 0; i < 30; ++i) {  // active all the time, but 12 h is the most
    clock_ += 25 * 60;
    (void)reads(cookie);
  }
  EXPECT_EQ(reads(cookie), 401);

  const auto fresh = sign_in(kGood);
  cookie = cookie_of(fresh);
  const std::string csrf = json::parse(fresh.body)["csrf"];
  EXPECT_EQ(call("DELETE", "/api/v1/session", {{"cookie", cookie}, {"x-csrf-token", csrf}}).status, 204);
  EXPECT_EQ(reads(cookie), 401);

  cookie = cookie_of(sign_in(kGood));
  ASSERT_EQ(password("analyst", "a different long passphrase").status, 204);
  EXPECT_EQ(reads(cookie), 401);
}

TEST_P(session_test, NeitherPasswordNorCookieIsStored) {
  if (GetParam() != "sqlite") {
    GTEST_SKIP() << "reads the SQLite file; PostgreSQL's rows are checked by api_test's secret test";
  }
  const auto r = sign_in(kGood);
  const std::string secret = cookie_of(r).substr(22);
  const std::string file = testing::slurp(ws_) + testing::slurp(ws_ + "-wal");
  EXPECT_EQ(file.find(kGood), std::string::npos);
  EXPECT_EQ(file.find(secret), std::string::npos);
  EXPECT_NE(file.find("$argon2id$"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(stores, session_test, testing::server_stores(), testing::store_name);

}  // namespace
}  // namespace netvet::server
