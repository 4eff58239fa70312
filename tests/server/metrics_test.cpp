// GET /metrics through the real transport and API: the exposition parses as
// the Prometheus text format, its counts move with the requests made, only
// an administrator may read it, and every problem+json answer carries the
// request id that the X-Request-ID header and the request log carry. Both
// stores (PostgreSQL when NETVET_TEST_PG_URI names a cluster).
#include "netvet/server/metrics.h"

#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "netvet/server/http_server.h"
#include "server/api_parts.h"
#include "server/raw_client.h"
#include "server/stores.h"
#include "support/api_capture.h"

namespace netvet::server {
namespace {

using nlohmann::json;
constexpr std::int64_t kStart = 1'700'000'000;

// One parsed exposition: every sample by its full name with labels, and the
// declared TYPE of every family. Fails the test on a line that is not the format.
struct exposition {
  std::map<std::string, double> samples;  // `name{labels}` as written
  std::map<std::string, std::string> types;

  [[nodiscard]] double at(const std::string& key) const {
    const auto it = samples.find(key);
    return it == samples.end() ? 0.0 : it->second;
  }
};

// The family a sample belongs to: its name without a histogram's suffix.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
    if (name.ends_with(suffix)) {
      const std::string base = name.substr(0, name.size() - suffix.size());
      if (types.contains(base) && types.at(base) == "histogram") {
        return base;
      }
    }
  }
  return name;
}

void parse_comment(const std::string& line, exposition& out) {
  std::istringstream in(line);
  std::string hash;
  std::string kind;
  std::string name;
  std::string type;
  in >> hash >> kind >> name >> type;
  if (kind == "TYPE") {
    EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
    EXPECT_FALSE(out.types.contains(name)) << "TYPE given twice: " << line;
    out.types[name] = type;
  } else {
    EXPECT_EQ(kind, "HELP") << line;
  }
}

void parse_sample(const std::string& line, exposition& out) {
  const auto space = line.rfind(' ');
  ASSERT_NE(space, std::string::npos) << line;
  const std::string key = line.substr(0, space);
  const std::string name = key.substr(0, key.find('{'));
  EXPECT_TRUE(out.types.contains(family_of(name, out.types))) << "a sample before its TYPE: " << line;
  EXPECT_FALSE(out.samples.contains(key)) << "a sample given twice: " << line;
  const std::string value = line.substr(space + 1);
  if (value == "+Inf") {
    out.samples[key] = HUGE_VAL;
    return;
  }
  std::size_t used = 0;
  out.samples[key] = std::stod(value, &used);
  EXPECT_EQ(used, value.size()) << line;
}

exposition parse_exposition(const std::string& text) {
  exposition out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) {
      parse_comment(line, out);
    } else {
      parse_sample(line, out);
    }
  }
  return out;
}

// A histogram's buckets are cumulative and its +Inf bucket is its count.
void expect_histogram(const exposition& e, const std::string& name, const std::string& labels) {
  double last = 0;
  for (const double le : metrics::kBuckets) {
    std::ostringstream bound;
    bound << le;
    const double v = e.at(name + "_bucket{" + labels + ",le=\"" + bound.str() + "\"}");
    EXPECT_GE(v, last) << name << " " << labels << " le=" << le;
    last = v;
  }
  const double inf = e.at(name + "_bucket{" + labels + ",le=\"+Inf\"}");
  EXPECT_GE(inf, last);
  EXPECT_EQ(inf, e.at(name + "_count{" + labels + "}"));
}

TEST(metrics_format, parses_and_escapes) {
  metrics m;
  m.observe_request("/api/v1/x/{}", "GET", 200, std::chrono::milliseconds(3));
  m.observe_request("/api/v1/x/{}", "GET", 200, std::chrono::milliseconds(300));
  m.observe_request("/api/v1/x/{}", "GET", 404, std::chrono::seconds(20));
  m.observe_request("", "", 431, std::chrono::microseconds(10));
  m.add_collector([](metrics::sink& s) { s.gauge("netvet_test_gauge", "A \"quoted\" help.", 2.5); });
  const exposition e = parse_exposition(m.render());
  EXPECT_EQ(e.at(R"(netvet_http_requests_total{route="/api/v1/x/{}",method="GET",status="200"})"), 2);
  EXPECT_EQ(e.at(R"(netvet_http_requests_total{route="transport",method="other",status="431"})"), 1);
  const std::string labels = R"(route="/api/v1/x/{}",method="GET")";
  expect_histogram(e, "netvet_http_request_duration_seconds", labels);
  EXPECT_EQ(e.at("netvet_http_request_duration_seconds_count{" + labels + "}"), 3);
  EXPECT_EQ(e.at("netvet_http_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"}"), 1);
  EXPECT_EQ(e.at("netvet_http_request_duration_seconds_bucket{" + labels + ",le=\"10\"}"), 2);
  EXPECT_NEAR(e.at("netvet_http_request_duration_seconds_sum{" + labels + "}"), 20.303, 1e-9);
  EXPECT_EQ(e.at("netvet_test_gauge"), 2.5);
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

// The transport and the API over a test store, sharing one registry, and
// the request log kept for the test to read.
class metrics_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ws_ = testing::store_uri(GetParam(), dir_, pg_);
    if (ws_.empty()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    parts_ = testing::make_api(ws_, dir_, kStart, [] { return store::timestamp{kStart + 3600}; });
    ASSERT_TRUE(parts_.api);
    api_options o;
    o.workspace = ws_;
    o.key = parts_.key.get();
    o.ctx = parts_.ctx.get();
    o.stats = &stats_;
    o.now = [] { return store::timestamp{kStart + 3600}; };
    auto made = api::create(std::move(o));
    ASSERT_TRUE(made) << made.err().message;
    api_ = std::move(made.value());
    server_options so;
    so.stats = &stats_;
    so.log = [this](std::string_view line) {
      const std::lock_guard lock(log_mutex_);
      log_.emplace_back(line);
    };
    auto started = http_server::start(*api_, so);
    ASSERT_TRUE(started) << started.err().message;
    server_ = std::move(started.value());
    runner_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      runner_.join();
    }
  }

  testing::http_reply get(const std::string& target, const std::string& token) {
    auto r = testing::http_exchange(
        server_->port(), testing::get_request(target, token.empty() ? "" : "Authorization: Bearer " + token + "\r\n"));
    EXPECT_TRUE(r) << target;
    return r.value_or(testing::http_reply{});
  }

  exposition scrape() {
    const auto r = get("/metrics", parts_.admin);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type").value_or(""), std::string(kMetricsContentType));
    return parse_exposition(r.body);
  }

  std::vector<std::string> log_lines() {
    const std::lock_guard lock(log_mutex_);
    return log_;
  }

  testing::temp_dir dir_;
  std::unique_ptr<testing::pg_database> pg_;
  std::string ws_;
  testing::api_parts parts_;
  metrics stats_;
  std::unique_ptr<api> api_;
  std::unique_ptr<http_server> server_;
  std::thread runner_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

TEST_P(metrics_test, counts_move_with_requests) {
  const std::string orgs = R"(netvet_http_requests_total{route="/api/v1/orgs",method="GET",status="200"})";
  const std::string unknown = R"(netvet_http_requests_total{route="unmatched",method="GET",status="404"})";
  const exposition before = scrape();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(get("/api/v1/orgs", parts_.admin).status, 200);
  }
  EXPECT_EQ(get("/no/such/thing", "").status, 404);
  const exposition after = scrape();
  EXPECT_EQ(after.at(orgs) - before.at(orgs), 3);
  EXPECT_EQ(after.at(unknown) - before.at(unknown), 1);
  // The first scrape itself is counted by the second.
  EXPECT_GE(after.at(R"(netvet_http_requests_total{route="/metrics",method="GET",status="200"})"), 1);
  expect_histogram(after, "netvet_http_request_duration_seconds", R"(route="/api/v1/orgs",method="GET")");
  expect_histogram(after, "netvet_worker_queue_wait_seconds", "");
  EXPECT_GE(after.at("netvet_http_connections_total") - before.at("netvet_http_connections_total"), 4);
  EXPECT_GE(after.at("netvet_http_connections_open"), 1);  // the scrape's own
  EXPECT_EQ(after.types.at("netvet_snapshot_cache_entries"), "gauge");
  EXPECT_EQ(after.types.at("netvet_snapshot_cache_hits_total"), "counter");
  EXPECT_GE(after.at("netvet_worker_busy"), 1);  // the scrape runs on a worker
}

TEST_P(metrics_test, administrators_only) {
  EXPECT_EQ(get("/metrics", "").status, 401);
  // An operator's token is refused: the numbers are the whole server's.
  auto db = store::open_server_store(ws_, {});
  ASSERT_TRUE(db);
  auto admin = (*db)->local_admin();
  ASSERT_TRUE(admin);
  ASSERT_TRUE((*db)->create_org(*admin, {0, "Spark", store::org_kind::operator_org, "nz", {}}, {kStart}));
  auto org = (*db)->find_org(*admin, "Spark");
  ASSERT_TRUE(org);
  ASSERT_TRUE((*db)->create_user(*admin, org->id, "ed", store::role::operator_editor, {kStart}));
  store::token_request tr;
  tr.user_id = 0;
  auto users = (*db)->users(*admin);
  ASSERT_TRUE(users);
  for (const auto& u : *users) {
    if (u.name == "ed") {
      tr.user_id = u.id;
    }
  }
  tr.expires_at = {kStart + 86400};
  auto token = (*db)->issue_token(*admin, tr, {kStart});
  ASSERT_TRUE(token) << token.err().message;
  const auto refused = get("/metrics", token->text);
  EXPECT_EQ(refused.status, 403);
  // A read-only administrator token is enough (what a scrape should hold).
  tr.user_id = admin->user_id;
  tr.read_only = true;
  auto scraper = (*db)->issue_token(*admin, tr, {kStart});
  ASSERT_TRUE(scraper);
  EXPECT_EQ(get("/metrics", scraper->text).status, 200);
}

TEST_P(metrics_test, problems_carry_the_request_id) {
  for (const auto& [target, status] :
       {std::pair{std::string("/api/v1/orgs"), 401}, std::pair{std::string("/nowhere"), 404},
        std::pair{std::string("/api/v1/../x"), 400}}) {
    const auto r = get(target, "");
    EXPECT_EQ(r.status, status) << target;
    const auto id = r.header("x-request-id");
    ASSERT_TRUE(id) << target;
    const json body = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body.value("request_id", ""), *id) << target << ": " << r.body;
    bool logged = false;
    for (const auto& line : log_lines()) {
      const json j = json::parse(line, nullptr, false);
      logged = logged || (j.is_object() && j.value("request_id", "") == *id && j.value("status", 0) == status);
    }
    EXPECT_TRUE(logged) << "no request log line for " << *id;
  }
}

// A change made through the API leaves a log entry that names its request.
TEST_P(metrics_test, log_entries_carry_the_request_id) {
  const std::string body = R"({"name":"GCSB","kind":"regulator","jurisdiction":"nz"})";
  const auto r = testing::http_exchange(
      server_->port(), "POST /api/v1/orgs HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + parts_.admin +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n" + body);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string id = r->header("x-request-id").value_or("?");
  const auto page = get("/api/v1/log?limit=500", parts_.admin);
  const json log = json::parse(page.body, nullptr, false);
  ASSERT_TRUE(log.contains("items")) << page.body;
  int found = 0;
  for (const auto& e : log["items"]) {
    if (e["kind"] == "org.created") {
      ++found;
      EXPECT_EQ(e["data"].value("request_id", ""), id) << e.dump();
    } else {
      EXPECT_FALSE(e["data"].contains("request_id")) << e.dump();  // init ran from the CLI
    }
  }
  EXPECT_EQ(found, 1) << page.body;
}

INSTANTIATE_TEST_SUITE_P(stores, metrics_test, testing::server_stores(), testing::store_name);

}  // namespace
}  // namespace netvet::server
