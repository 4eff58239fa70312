// The OpenAPI document (server/openapi.h): served as built, naming every
// route; and the requests the other API tests do not make, so that the
// capture (support/api_capture.h) holds a success and typical refusals of
// every route for the check against the document (openapi_check.sh). Both
// stores, as api_test.
#include "netvet/server/openapi.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <set>

#include <gtest/gtest.h>

#include "netvet/io/reader.h"
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
constexpr std::int64_t kStart = 1'760'000'000;

class openapi_test : public ::testing::TestWithParam<std::string> {
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
    for (const auto& [name, kind] : {std::pair{"Spark", "operator"}, std::pair{"GCSB", "regulator"}}) {
      ASSERT_EQ(
          call("POST", "/api/v1/orgs", admin_, json{{"name", name}, {"kind", kind}, {"jurisdiction", "nz"}}.dump())
              .status,
          201);
    }
    spark_ = user("Spark", "spark-editor", "operator_editor");
    gcsb_ = user("GCSB", "gcsb-analyst", "regulator_assessor");
  }

  response call(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", header_list headers = {}) {
    request r;
    r.method = method;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    for (std::string rest = q == std::string::npos ? "" : target.substr(q + 1); !rest.empty();) {
      const std::string pair = rest.substr(0, rest.find('&'));
      const auto eq = pair.find('=');
      r.query.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
      rest = pair.size() == rest.size() ? "" : rest.substr(pair.size() + 1);
    }
    r.headers = std::move(headers);
    if (!token.empty()) {
      r.headers.emplace_back("authorization", "Bearer " + token);
    }
    if (!body.empty() && !r.header("content-type")) {
      r.headers.emplace_back("content-type", "application/json");
    }
    r.body = body;
    r.peer = "192.0.2.9";
    response out = api_->handle(r);
    testing::capture_exchange(r, out);
    return out;
  }
  response csv(const std::string& target, const std::string& token) {
    return call("GET", target, token, "", {{"accept", "text/csv"}});
  }
  static json body_of(const response& r) { return json::parse(r.body, nullptr, false); }
  std::vector<json> walk(const std::string& target, const std::string& token, const std::string& field);

  std::string user(const std::string& org, const std::string& name, const std::string& role) {
    const auto r = call("POST", "/api/v1/users", admin_, json{{"org", org}, {"name", name}, {"role", role}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("token", "");
  }

  static std::string spark_network() {
    auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/examples/spark-2018/network", {});
    EXPECT_TRUE(net);
    return net ? io::write_network_json(*net) : "";
  }
  std::string upload(const std::string& name) {
    const auto r = call("POST", "/api/v1/networks?name=" + name, spark_, spark_network());
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("id", "");
  }

  testing::temp_dir dir_;
  std::unique_ptr<testing::pg_database> pg_;
  std::string ws_, admin_, spark_, gcsb_;
  std::unique_ptr<crypto::signing_key> key_;
  std::unique_ptr<usecase::context> ctx_;
  std::unique_ptr<api> api_;
  std::atomic<std::int64_t> clock_{kStart};
};

TEST_P(openapi_test, TheDocumentIsServedAsBuiltWithoutATokenAndCacheable) {
  const auto r = call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, openapi_document());
  EXPECT_EQ(r.body, testing::slurp(std::string(NETVET_SOURCE_DIR) + "/src/netvet/server/openapi.json"));
  const header_list cache = {{"Cache-Control", "public, max-age=3600"}};
  EXPECT_EQ(r.headers, cache);
  const auto other = call("POST", "/api/v1/openapi.json", admin_);
  EXPECT_EQ(other.status, 405);
  EXPECT_EQ(body_of(other)["status"], 405);  // the body's status is the answer's (it was 415's)
}

// The same rule as the node check's, here too so that a build without node
// still fails on an undocumented route: each kRoutes row is an operation of
// the document, and each operation a row.
TEST_P(openapi_test, EveryRouteIsAnOperationOfTheDocument) {
  const json doc = json::parse(openapi_document());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1.", 0), 0U);
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    std::string pattern;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '{') {
        pattern += "{}";
        i = path.find('}', i);
      } else {
        pattern += path[i];
      }
    }
    for (const auto& [method, op] : item.items()) {
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
      documented.insert(upper + " " + pattern);
    }
  }
  std::set<std::string> routes;
  for (const auto& r : api_routes()) {
    routes.insert(std::string(r.method) + " " + std::string(r.pattern));
  }
  EXPECT_EQ(documented, routes);
}

// The numbers: an administrator's; an operator's token is refused.
TEST_P(openapi_test, MetricsForAdministratorsOnly) {
  const auto r = call("GET", "/metrics", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type.rfind("text/plain; version=0.0.4", 0), 0U);
  EXPECT_NE(r.body.find("# TYPE netvet_http_requests_total counter"), std::string::npos);
  EXPECT_NE(r.body.find("# TYPE netvet_snapshot_cache_entries gauge"), std::string::npos);
  EXPECT_EQ(call("GET", "/metrics", spark_).status, 403);
  EXPECT_EQ(call("GET", "/metrics").status, 401);
}

// A person who left: their token and their session stop at once, they
// cannot sign in, and the log says who deactivated them.
TEST_P(openapi_test, DeactivatedPeopleStopAtOnce) {
  const std::string leaver = user("Spark", "leaver", "operator_viewer");
  const std::string password = "a long and private passphrase";
  ASSERT_EQ(call("POST", "/api/v1/password", admin_, json{{"user", "leaver"}, {"password", password}}.dump()).status,
            204);
  const auto in = call("POST", "/api/v1/session", "", json{{"name", "leaver"}, {"password", password}}.dump());
  ASSERT_EQ(in.status, 201) << in.body;
  std::string cookie;
  for (const auto& [k, v] : in.headers) {
    if (k == "Set-Cookie") {
      cookie = v.substr(0, v.find(';'));
    }
  }
  ASSERT_EQ(call("GET", "/api/v1/networks", leaver).status, 200);
  ASSERT_EQ(call("GET", "/api/v1/networks", "", "", {{"cookie", cookie}}).status, 200);

  EXPECT_EQ(call("POST", "/api/v1/users/leaver/deactivate", spark_).status, 404);  // outside an operator's scope
  EXPECT_EQ(call("POST", "/api/v1/users/nobody/deactivate", admin_).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/users/root/deactivate", admin_).status, 409);  // not oneself
  EXPECT_EQ(call("POST", "/api/v1/users/leaver/deactivate", admin_).status, 204);
  EXPECT_EQ(call("POST", "/api/v1/users/leaver/deactivate", admin_).status, 409);  // already

  EXPECT_EQ(call("GET", "/api/v1/networks", leaver).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/networks", "", "", {{"cookie", cookie}}).status, 401);
  EXPECT_EQ(call("POST", "/api/v1/session", "", json{{"name", "leaver"}, {"password", password}}.dump()).status, 401);
  const json users = body_of(call("GET", "/api/v1/users", admin_));
  bool disabled = false;
  for (const auto& u : users["items"]) {
    disabled = disabled || (u["name"] == "leaver" && u["disabled"] == true);
  }
  EXPECT_TRUE(disabled) << users.dump();
  const json log = body_of(call("GET", "/api/v1/log?chain=system&limit=500", admin_));
  int deactivated = 0;
  for (const auto& e : log["items"]) {
    deactivated += e["kind"] == "user.deactivated" ? 1 : 0;
  }
  EXPECT_EQ(deactivated, 1);
}

TEST_P(openapi_test, PeopleAndTokens) {
  EXPECT_EQ(call("GET", "/api/v1/orgs", admin_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/users", admin_).status, 200);
  EXPECT_EQ(
      call("POST", "/api/v1/orgs", admin_, json{{"name", "Spark"}, {"kind", "operator"}, {"jurisdiction", "nz"}}.dump())
          .status,
      409);
  EXPECT_EQ(call("POST", "/api/v1/orgs", admin_, "{}", {{"content-type", "text/plain"}}).status, 415);
  const auto issued = call("POST", "/api/v1/tokens", spark_, json{{"read_only", true}, {"expires_in_days", 7}}.dump());
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_TRUE(body_of(issued)["read_only"].get<bool>());
  EXPECT_EQ(call("POST", "/api/v1/tokens", spark_, json{{"user", "me"}}.dump()).status, 400);
  EXPECT_EQ(call("POST", "/api/v1/tokens", spark_, json{{"expires_in_days", 400}}.dump()).status, 400);
  const auto mine = call("GET", "/api/v1/tokens", spark_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(body_of(mine)["items"].size(), 2U);
  EXPECT_EQ(call("GET", "/api/v1/tokens?user=abc", spark_).status, 400);
  EXPECT_EQ(call("DELETE", "/api/v1/tokens/" + body_of(issued)["id"].get<std::string>(), spark_).status, 204);
  EXPECT_EQ(call("DELETE", "/api/v1/tokens/0000000000000000", spark_).status, 404);
}

TEST_P(openapi_test, NetworksAndAnalysesInJsonAndCsv) {
  const std::string net = upload("spark-2018");
  EXPECT_EQ(call("POST", "/api/v1/networks?name=spark-2018", spark_, spark_network()).status, 409);
  EXPECT_EQ(call("POST", "/api/v1/networks?name=x", spark_, "{}", {{"content-type", "text/csv"}}).status, 415);
  EXPECT_EQ(call("GET", "/api/v1/networks", spark_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/networks?limit=0", spark_).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/networks/" + net, gcsb_).status, 200);
  const std::string base = "/api/v1/networks/" + net;
  for (const std::string q : {"/summary", "/audit?policy=nz", "/audit?policy=all",
                              "/outage?vendor=Huawei&vendor=Nokia&together=true", "/exposure", "/spof?top=3"}) {
    EXPECT_EQ(call("GET", base + q, spark_).status, 200) << q;
    const auto c = csv(base + q, spark_);
    EXPECT_EQ(c.status, 200) << q;
    EXPECT_EQ(c.content_type.rfind("text/csv", 0), 0U) << q;
  }
  EXPECT_EQ(call("GET", base + "/audit", spark_).status, 400);
  EXPECT_EQ(call("GET", base + "/spof?top=many", spark_).status, 400);
  EXPECT_EQ(call("GET", base + "/outage?together=true", spark_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/networks/net_999/summary", spark_).status, 404);
  EXPECT_EQ(call("DELETE", base, spark_).status, 204);
  EXPECT_EQ(call("DELETE", base, spark_).status, 404);
}

TEST_P(openapi_test, ProposalsWithdrawnAndNetworksKeptForThem) {
  const std::string net = upload("n");
  const json add = {{"id", "gnb-auckland"}, {"function", "gnb"},    {"vendor", "Huawei"},
                    {"model", "AAU5613"},   {"region", "Auckland"}, {"count", 4}};
  const json proposal = {{"date", "2024-01-01"}, {"title", "5G radio"}, {"add", json::array({add})}};
  const auto made = call("POST", "/api/v1/proposals", spark_, json{{"network", net}, {"proposal", proposal}}.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = body_of(made)["id"];
  EXPECT_EQ(call("POST", "/api/v1/proposals", spark_, json{{"network", net}}.dump()).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/proposals/" + id, spark_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/proposals?state=draft&since=2020-01-01&until=2100-01-01&limit=10", spark_).status,
            200);
  EXPECT_EQ(call("GET", "/api/v1/proposals?state=lost", spark_).status, 400);
  EXPECT_EQ(call("DELETE", "/api/v1/networks/" + net, spark_).status, 409);
  EXPECT_EQ(call("POST", "/api/v1/proposals/" + id + "/withdraw", spark_).status, 200);
  EXPECT_EQ(call("POST", "/api/v1/proposals/" + id + "/withdraw", spark_).status, 409);
}

TEST_P(openapi_test, TheLogItsCheckpointsAndKeys) {
  EXPECT_EQ(call("GET", "/api/v1/log?limit=5", admin_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/log?since=yesterday", admin_).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/log/checkpoint?chain=system", admin_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/log/checkpoint", gcsb_).status, 200);
  const auto keys = call("GET", "/api/v1/log/keys", gcsb_);
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(body_of(keys)["items"].size(), 1U);
  EXPECT_EQ(call("GET", "/api/v1/log/keys").status, 401);
}

// The order a list's schema says it comes in: its description says "newest
// first" or "oldest first" (every list schema must say which).
std::string documented_order(const std::string& schema) {
  const json doc = json::parse(openapi_document());
  const std::string says = doc["components"]["schemas"][schema].value("description", "");
  const bool newest = says.find("newest first") != std::string::npos;
  const bool oldest = says.find("oldest first") != std::string::npos;
  return newest == oldest ? "" : (newest ? "newest" : "oldest");
}

TEST(openapi_document_test, EveryListSaysItsOrder) {
  const json doc = json::parse(openapi_document());
  std::size_t lists = 0;
  for (const auto& [name, schema] : doc["components"]["schemas"].items()) {
    if (schema.contains("properties") && schema["properties"].contains("next")) {
      ++lists;
      EXPECT_NE(documented_order(name), "") << name << " says neither newest nor oldest first";
    }
  }
  EXPECT_GE(lists, 10U);
}

// The values of `field` in a list's items, in the order answered, every page
// followed through `next` (a page of one, so that the cursor is exercised).
std::vector<json> openapi_test::walk(const std::string& target, const std::string& token, const std::string& field) {
  std::vector<json> out;
  const bool paged = target.find('?') != std::string::npos;
  std::string cursor;
  for (int pages = 0; pages < 100; ++pages) {
    const auto r = call("GET", target + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    const json page = body_of(r);
    for (const auto& item : page["items"]) {
      out.push_back(item[field]);
    }
    if (!paged || page["next"].is_null()) {
      break;
    }
    cursor = page["next"].get<std::string>();
  }
  return out;
}

// Each list comes in the order its schema documents (docs/server.md): pages of
// networks and proposals newest first, the log oldest first (its chain's
// order), the whole lists oldest first. Two of each are made, a minute apart.
TEST_P(openapi_test, EachListComesInTheOrderItsSchemaSays) {
  const std::string first = upload("first");
  clock_ += 60;
  const std::string second = upload("second");
  std::vector<json> proposals;
  for (const char* title : {"one", "two"}) {
    clock_ += 60;
    const json proposal = {{"date", "2024-01-01"}, {"title", title}, {"add", json::array()}};
    const auto made =
        call("POST", "/api/v1/proposals", spark_, json{{"network", first}, {"proposal", proposal}}.dump());
    ASSERT_EQ(made.status, 201) << made.body;
    proposals.push_back(body_of(made)["id"]);
  }
  struct list {
    std::string target, schema, token, field;
    std::vector<json> created;  // oldest first; empty: the values themselves ascend in creation order
  };
  const std::vector<list> lists = {
      {"/api/v1/networks?limit=1", "NetworkPage", spark_, "id", {first, second}},
      {"/api/v1/proposals?limit=1", "ProposalPage", spark_, "id", proposals},
      {"/api/v1/log?limit=1", "LogPage", gcsb_, "idx", {}},
      {"/api/v1/orgs", "OrgList", admin_, "name", {"Spark", "GCSB"}},
      {"/api/v1/users", "UserList", admin_, "name", {"spark-editor", "gcsb-analyst"}},
  };
  for (const auto& l : lists) {
    const auto answered = walk(l.target, l.token, l.field);
    std::vector<json> seen;
    std::copy_if(answered.begin(), answered.end(), std::back_inserter(seen), [&](const json& v) {
      return l.created.empty() || std::find(l.created.begin(), l.created.end(), v) != l.created.end();
    });
    std::vector<json> expected = l.created.empty() ? seen : l.created;
    if (l.created.empty()) {
      std::sort(expected.begin(), expected.end());
    }
    if (documented_order(l.schema) == "newest") {
      std::reverse(expected.begin(), expected.end());
    }
    EXPECT_GE(seen.size(), 2U) << l.target;
    EXPECT_EQ(json(seen), json(expected)) << l.target << " is not " << documented_order(l.schema) << " first";
  }
  EXPECT_EQ(documented_order("LogPage"), "oldest");  // the chain's order: each entry checked against the one before
  EXPECT_EQ(documented_order("ProposalPage"), "newest");
}

// The log's `since` and `until` keep the entries appended within the days
// (they were parsed and then ignored).
TEST_P(openapi_test, TheLogsDaysBoundItsEntries) {
  upload("first");  // the jurisdiction's chain: what the regulator reads
  const std::size_t all = walk("/api/v1/log?limit=500", gcsb_, "idx").size();
  EXPECT_GT(all, 0U);
  EXPECT_EQ(walk("/api/v1/log?since=2025-10-09&until=2025-10-10", gcsb_, "idx").size(), all);  // kStart's day
  EXPECT_EQ(walk("/api/v1/log?since=2025-10-10", gcsb_, "idx").size(), 0U);
  EXPECT_EQ(walk("/api/v1/log?until=2025-10-09", gcsb_, "idx").size(), 0U);
  clock_ += 86400;
  upload("next-day");
  EXPECT_EQ(walk("/api/v1/log?since=2025-10-10", gcsb_, "idx").size(), 1U);
  EXPECT_EQ(walk("/api/v1/log?until=2025-10-10&limit=500", gcsb_, "idx").size(), all);
}

INSTANTIATE_TEST_SUITE_P(stores, openapi_test, testing::server_stores(), testing::store_name);

}  // namespace
}  // namespace netvet::server
