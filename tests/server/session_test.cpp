// Passwords and the dashboard's sessions, in process: strength, the cookie's
// flags, CSRF and Origin on every state-changing request, lockout with
// back-off, idle and absolute expiry, sign-out, and nothing secret stored.
#include <algorithm>
#include <atomic>
#include <cctype>

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

// An administrator issues a one-time code; the person chooses the password.
TEST_P(session_test, AResetCodeSetsThePasswordOnceAndTheAdministratorNeverSeesIt) {
  const auto signed_in = sign_in(kGood);
  const std::string old_cookie = cookie_of(signed_in);
  const auto issued = call("POST", "/api/v1/users/analyst/reset-code", {{"authorization", "Bearer " + admin_}},
                           json{{"valid_hours", 2}}.dump());
  ASSERT_EQ(issued.status, 201) << issued.body;
  const json b = json::parse(issued.body);
  const std::string code = b["code"];
  EXPECT_EQ(code.size(), 23U) << code;
  EXPECT_EQ(b["user"], "analyst");
  EXPECT_EQ(b["expires_at"], store::format_timestamp(store::timestamp{clock_.load() + 2 * 3600}));
  const auto reset = [&](const std::string& c, const std::string& pw, const std::string& name = "analyst") {
    return call("POST", "/api/v1/password/reset", {}, json{{"name", name}, {"code", c}, {"password", pw}}.dump());
  };
  // A weak password is refused and leaves the code usable.
  const auto weak = reset(code, "short");
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(json::parse(weak.body)["location"]["field"], "password");
  // Case, spaces and dashes as people type them do not matter.
  std::string typed = code;
  std::erase(typed, '-');
  std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char ch) { return std::toupper(ch); });
  const std::string chosen = "a passphrase only its owner knows";
  ASSERT_EQ(reset(" " + typed + " ", chosen).status, 204);
  EXPECT_EQ(sign_in(kGood).status, 401);
  EXPECT_EQ(sign_in(chosen).status, 201);
  // The old session ended; the code is used up.
  EXPECT_EQ(call("GET", "/api/v1/proposals", {{"cookie", old_cookie}}).status, 401);
  const auto again = reset(code, "yet another long passphrase");
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(json::parse(again.body)["location"]["field"], "code");
  // The log has the issue and the reset, never the code.
  const auto log = call("GET", "/api/v1/log", {{"authorization", "Bearer " + admin_}});
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(log.body.find("user.reset_code_issued"), std::string::npos);
  EXPECT_NE(log.body.find("user.password_reset"), std::string::npos);
  EXPECT_EQ(log.body.find(code.substr(0, 5)), std::string::npos);
}

TEST_P(session_test, AResetCodeExpiresIsReplacedAndFailsLikeAWrongPassword) {
  const auto issue = [&](const std::string& user, const json& body = json::object()) {
    return call("POST", "/api/v1/users/" + user + "/reset-code", {{"authorization", "Bearer " + admin_}}, body.dump());
  };
  const auto reset = [&](const std::string& name, const std::string& c, const std::string& peer = "198.51.100.4") {
    return call("POST", "/api/v1/password/reset", {},
                json{{"name", name}, {"code", c}, {"password", "a passphrase only its owner knows"}}.dump(), peer);
  };
  const std::string first = json::parse(issue("analyst").body)["code"];
  const std::string second = json::parse(issue("analyst").body)["code"];
  EXPECT_NE(first, second);
  const auto replaced = reset("analyst", first, "192.0.2.1");
  EXPECT_EQ(replaced.status, 401);  // a new code replaces the last
  const auto unknown = reset("ghost", second, "192.0.2.2");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(json::parse(unknown.body)["detail"], json::parse(replaced.body)["detail"]);  // no user enumeration
  clock_ += store::kResetCodeLife + 1;
  EXPECT_EQ(reset("analyst", second, "192.0.2.3").status, 401);  // expired
  // Bounds, strangers and the deactivated.
  for (const json& bad : {json{{"valid_hours", 0}}, json{{"valid_hours", 169}}, json{{"valid_hours", "2"}}}) {
    const auto r = issue("analyst", bad);
    EXPECT_EQ(r.status, 400) << bad.dump();
    EXPECT_EQ(json::parse(r.body)["location"]["field"], "valid_hours");
  }
  EXPECT_EQ(issue("ghost").status, 404);
  const std::string third = json::parse(issue("analyst").body)["code"];
  ASSERT_EQ(call("POST", "/api/v1/users/analyst/deactivate", {{"authorization", "Bearer " + admin_}}).status, 204);
  EXPECT_EQ(issue("analyst").status, 409);
  EXPECT_EQ(reset("analyst", third, "192.0.2.4").status, 401);
  // The analyst's own session may not issue codes, for others or themself.
  ASSERT_EQ(call("POST", "/api/v1/users", {{"authorization", "Bearer " + admin_}},
                 json{{"org", "GCSB"}, {"name", "second"}, {"role", "regulator_assessor"}}.dump())
                .status,
            201);
  ASSERT_EQ(password("second", kGood).status, 204);
  const auto mine = call("POST", "/api/v1/session", {}, json{{"name", "second"}, {"password", kGood}}.dump());
  ASSERT_EQ(mine.status, 201);
  const std::string csrf = json::parse(mine.body)["csrf"];
  EXPECT_EQ(call("POST", "/api/v1/users/second/reset-code",
                 {{"cookie", cookie_of(mine)}, {"x-csrf-token", csrf}, {"origin", "https://netvet.example"}})
                .status,
            404);
}

TEST_P(session_test, WrongResetCodesCountTowardsTheSignInLockout) {
  const std::string code = json::parse(
      call("POST", "/api/v1/users/analyst/reset-code", {{"authorization", "Bearer " + admin_}}).body)["code"];
  const auto reset = [&](const std::string& c) {
    return call("POST", "/api/v1/password/reset", {},
                json{{"name", "analyst"}, {"code", c}, {"password", "a passphrase only its owner knows"}}.dump());
  };
  for (int i = 0; i < store::kFreeFailures; ++i) {
    EXPECT_EQ(reset("00000-00000-00000-0000" + std::to_string(i)).status, 401);
  }
  const auto locked = reset(code);  // even the right code
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(header(locked, "Retry-After"), "1");
  EXPECT_EQ(sign_in(kGood).status, 429);  // the same counter as signing in
  clock_ += 2;
  EXPECT_EQ(reset(code).status, 204);
}

INSTANTIATE_TEST_SUITE_P(stores, session_test, testing::server_stores(), testing::store_name);

}  // namespace
}  // namespace netvet::server
