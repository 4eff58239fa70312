// Webhooks (docs/server.md "Webhooks"): each event reaches its subscribers
// once, signed over the exact bytes sent (checked by a receiver that
// recomputes the HMAC with OpenSSL alone), and no other organisation; retries
// and failures are visible through the API and in the metrics; a rotated
// secret signs beside the new one for its overlap only; hostile webhooks are
// refused naming the field; the outbox row and its event commit together.
// Both stores; the worker runs in the test's thread on the test's clock.
#include "netvet/server/webhooks.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include "netvet/core/date.h"
#include "netvet/io/reader.h"
#include "netvet/server/metrics.h"
#include "server/api_parts.h"
#include "server/stores.h"
#include "server/webhook_receiver.h"

namespace netvet::server {
namespace {

using nlohmann::json;
constexpr std::int64_t kStart = 1'800'000'000;

class webhooks_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ws_ = testing::store_uri(GetParam(), dir_, pg_);
    if (ws_.empty()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    parts_ = testing::make_api(ws_, dir_, kStart, [this] { return clock(); });
    ASSERT_TRUE(parts_.api);
    api_options o;
    o.workspace = ws_;
    o.key = parts_.key.get();
    o.ctx = parts_.ctx.get();
    o.now = [this] { return clock(); };
    o.webhook_allow_hosts = {"127.0.0.1"};
    auto made = api::create(std::move(o));
    ASSERT_TRUE(made) << made.err().message;
    api_ = std::move(made.value());
    people();
    worker_ = dispatcher(nullptr);
    ASSERT_TRUE(worker_);
  }

  // A delivery worker on the test's clock, auditing milestones by `ctx`'s packs when given.
  std::unique_ptr<webhook_dispatcher> dispatcher(const usecase::context* ctx,
                                                 std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
    webhook_options w;
    w.workspace = ws_;
    w.allow_hosts = {"127.0.0.1"};
    w.timeout = timeout;
    w.poll = std::chrono::milliseconds(50);
    w.retry = {3, 10};
    w.now = [this] { return clock(); };
    w.stats = &stats_;
    w.log = [this](const std::string& line) { log_.push_back(line); };
    w.ctx = ctx;
    auto d = webhook_dispatcher::create(std::move(w));
    EXPECT_TRUE(d) << d.err().message;
    return d ? std::move(d.value()) : nullptr;
  }

  store::timestamp clock() const { return {clock_.load()}; }

  // A new organisation of jurisdiction nz with one user: the user's token.
  std::string token_of(const store::principal& admin, const char* org, store::org_kind k, const char* user,
                       store::role r) {
    const auto t = clock();
    auto o = db_->create_org(admin, {0, org, k, "nz", t}, t);
    EXPECT_TRUE(o) << o.err().message;
    auto u = db_->create_user(admin, o->id, user, r, t);
    EXPECT_TRUE(u);
    return db_->issue_token(admin, {u->id, false, {t.unix_seconds + 86400 * 30}}, t)->text;
  }

  // Spark (operator), GCSB (its regulator), Other (another operator), an editor each.
  void people() {
    store::server_store_options so;
    so.key = parts_.key.get();
    auto db = store::open_server_store(ws_, so);
    ASSERT_TRUE(db);
    db_ = std::move(db.value());
    const auto admin = db_->local_admin();
    ASSERT_TRUE(admin);
    const auto t = clock();
    spark_ = token_of(*admin, "Spark", store::org_kind::operator_org, "ed", store::role::operator_editor);
    gcsb_ = token_of(*admin, "GCSB", store::org_kind::regulator, "analyst", store::role::regulator_assessor);
    other_ = token_of(*admin, "Other", store::org_kind::operator_org, "other", store::role::operator_editor);
    const auto spark = db_->authenticate(spark_, "test", t);
    auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/examples/spark-2018/network", {});
    ASSERT_TRUE(net) << net.err().message;
    auto added = db_->add_network(*spark, "spark", *net, t);
    ASSERT_TRUE(added) << added.err().message;
    net_ = added->id;
  }

  response call(const std::string& method, const std::string& path, const std::string& token,
                const std::string& body = "") {
    return testing::call_api(*api_, method, path, token, body);
  }

  // A webhook of the token's org to the receiver's `path`: its id and secret.
  std::pair<std::string, std::string> hook(const std::string& token, const std::string& path,
                                           const json& events = json(store::kWebhookEvents)) {
    const auto made = call("POST", "/api/v1/webhooks", token,
                           json{{"url", receiver_.url(path)}, {"events", events}, {"lead_days", 30}}.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const json j = json::parse(made.body);
    return {j.value("id", ""), j.value("secret", "")};
  }

  // A proposal of Spark's, submitted: its id.
  std::string submitted() {
    const json p = {{"date", "2026-01-01"},
                    {"title", "RAN"},
                    {"add", {{{"id", "gnb-a"}, {"function", "gnb"}, {"vendor", "Nokia"}, {"count", 2}}}}};
    const auto made = call("POST", "/api/v1/proposals", spark_, json{{"network", net_}, {"proposal", p}}.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const std::string id = json::parse(made.body).value("id", "");
    EXPECT_EQ(call("POST", "/api/v1/proposals/" + id + "/submit", spark_).status, 200);
    return id;
  }

  // SQL run on the store as its owner, beside the server.
  void raw_sql(const std::string& sql) {
    if (GetParam() == "sqlite") {
      sqlite3* raw = nullptr;
      ASSERT_EQ(sqlite3_open(ws_.c_str(), &raw), SQLITE_OK);
      ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
      sqlite3_close(raw);
    } else {
      pqxx::connection c(ws_);
      pqxx::nontransaction n(c);
      n.exec0(sql);
    }
  }

  std::vector<testing::webhook_receiver::delivery> at(const std::string& path) {
    std::vector<testing::webhook_receiver::delivery> out;
    for (auto& d : receiver_.received()) {
      if (d.path == path) {
        out.push_back(d);
      }
    }
    return out;
  }

  testing::temp_dir dir_;
  std::unique_ptr<testing::pg_database> pg_;
  std::string ws_;
  testing::api_parts parts_;
  std::unique_ptr<api> api_;
  std::unique_ptr<store::server_store> db_;
  std::atomic<std::int64_t> clock_{kStart + 3600};
  std::string spark_, gcsb_, other_, net_;
  testing::webhook_receiver receiver_;
  metrics stats_;
  std::vector<std::string> log_;
  std::unique_ptr<webhook_dispatcher> worker_;
};

TEST_P(webhooks_test, EachEventOnceToItsSubscribersAndNoOtherOrg) {
  const auto [spark_hook, spark_secret] = hook(spark_, "/spark");
  const auto [gcsb_hook, gcsb_secret] = hook(gcsb_, "/gcsb");
  const auto [other_hook, other_secret] = hook(other_, "/other");
  receiver_.set_secrets({spark_secret, gcsb_secret, other_secret});
  // The secret is shown once: never listed.
  const auto listed = call("GET", "/api/v1/webhooks", spark_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(spark_secret), std::string::npos);
  EXPECT_EQ(json::parse(listed.body)["items"].size(), 1U);

  const std::string asked = submitted();
  ASSERT_EQ(call("POST", "/api/v1/proposals/" + asked + "/request-info", gcsb_, R"({"reasons":"why"})").status, 200);
  const std::string decided = submitted();
  ASSERT_EQ(call("POST", "/api/v1/proposals/" + decided + "/decision", gcsb_,
                 R"({"decision":"no_significant_risk","reasons":"fine"})")
                .status,
            200);
  // A waiver expiring 10 days from now: granted now, and within the hooks' 30-day lead.
  const auto gcsb = db_->authenticate(gcsb_, "test", clock());
  store::waiver_record w;
  w.network_id = net_;
  w.pack = "nz";
  w.rule = "r";
  w.elements = {"e1"};
  w.justification = "j";
  w.expires = format_date(date{static_cast<std::int32_t>(clock().unix_seconds / 86400) + 10});
  ASSERT_TRUE(db_->create_waiver(*gcsb, w, clock()));

  ASSERT_TRUE(worker_->run_once());
  ASSERT_TRUE(worker_->run_once());  // nothing twice, the scan neither
  clock_ += 120;
  ASSERT_TRUE(worker_->run_once());
  for (const auto& [path, secret_index] : {std::pair{"/spark", 0}, std::pair{"/gcsb", 1}}) {
    const auto got = at(path);
    std::multiset<std::string> events;
    std::set<std::string> ids;
    for (const auto& d : got) {
      events.insert(d.event);
      ids.insert(d.id);
      EXPECT_TRUE(d.verifies.at(secret_index)) << path << " " << d.signature;
      EXPECT_TRUE(d.fresh) << d.timestamp;
      EXPECT_EQ(json::parse(d.body)["type"], d.event);
    }
    EXPECT_EQ(events, (std::multiset<std::string>{"proposal.submitted", "proposal.submitted", "proposal.info_requested",
                                                  "proposal.decided", "waiver.granted", "waiver.expiring"}))
        << path;
    EXPECT_EQ(ids.size(), got.size()) << path;
  }
  EXPECT_TRUE(at("/other").empty());
  EXPECT_EQ(worker_->totals().delivered, 12U);
  // Each attempt is a structured log line with its delivery id.
  ASSERT_EQ(log_.size(), 12U);
  EXPECT_EQ(json::parse(log_[0])["event"], "webhook_attempt");
  EXPECT_EQ(json::parse(log_[0])["delivery"].get<std::string>().size(), 36U);
  EXPECT_EQ(log_[0].find(spark_secret), std::string::npos);
}

// The milestone.due pack: removal milestones ahead of the test's clock
// (2027-01-15): Huawei (150 elements of the network) by 2027-03-01, Oracle
// (one, waived below) by 2027-02-10, ZTE (none in the network) by 2027-02-01.
constexpr const char* kMilestonePack = R"(netvet_policy: 1
id: nz
name: Test removal milestones
jurisdiction: NZ
version: "2027-01-01"
description: Removal milestones ahead of the test's clock.
rules:
  - id: nz-huawei-removal
    title: Huawei removed
    effect: remove
    severity: significant_risk
    confidence: C
    from: 2026-01-01
    covers: {vendors: [Huawei]}
    milestones: [{by: 2027-03-01, title: Huawei removed from the network}]
    text: Huawei is removed by 1 Mar 2027.
    source: {instrument: Test Security Act 2026, section: s12, date: 2026-01-01, url: "https://example.org/act"}
  - {id: nz-oracle-removal, title: Oracle removed, effect: remove, severity: significant_risk, confidence: C,
     from: 2026-01-01, covers: {vendors: [Oracle]}, milestones: [{by: 2027-02-10, title: Oracle removed}],
     text: "Oracle is removed by 10 Feb 2027; a waiver covers it.",
     source: {instrument: Test Security Act 2026, date: 2026-01-01, url: "https://example.org/act"}}
  - {id: nz-zte-removal, title: ZTE removed, effect: remove, severity: significant_risk, confidence: C,
     from: 2026-01-01, covers: {vendors: [ZTE]}, milestones: [{by: 2027-02-01, title: ZTE removed}],
     text: "ZTE is removed by 1 Feb 2027; the network has none.",
     source: {instrument: Test Security Act 2026, date: 2026-01-01, url: "https://example.org/act"}}
)";

TEST_P(webhooks_test, MilestoneDueOnceAtTheLeadTimeToTheOperatorAndItsRegulatorOnly) {
  std::filesystem::create_directories(dir_ / "packs");
  std::ofstream(dir_ / "packs/nz.yaml") << kMilestonePack;
  usecase::context_options co;
  co.policy_dirs = {dir_ / "packs"};
  auto ctx = usecase::context::create(co);
  ASSERT_TRUE(ctx) << ctx.err().message;
  auto worker = dispatcher(ctx->get());
  ASSERT_TRUE(worker);
  const auto [spark_hook, spark_secret] = hook(spark_, "/spark");
  const auto [gcsb_hook, gcsb_secret] = hook(gcsb_, "/gcsb", json{"milestone.due"});
  const auto [other_hook, other_secret] = hook(other_, "/other");
  receiver_.set_secrets({spark_secret, gcsb_secret});
  // Oracle's one element waived past its deadline; two Huawei elements too.
  const auto gcsb = db_->authenticate(gcsb_, "test", clock());
  for (const auto& [rule, elements] :
       {std::pair{"nz-oracle-removal", std::vector<std::string>{"bss-akl-1"}},
        std::pair{"nz-huawei-removal", std::vector<std::string>{"ems-akl-1", "enb-auckland-001"}}}) {
    store::waiver_record w;
    w.network_id = net_;
    w.pack = "nz";
    w.rule = rule;
    w.elements = elements;
    w.justification = "j";
    w.expires = "2028-01-01";
    ASSERT_TRUE(db_->create_waiver(*gcsb, w, clock()));
  }
  const auto milestones = [this](const std::string& path) {
    std::vector<json> out;
    for (const auto& d : at(path)) {
      if (d.event == "milestone.due") {
        out.push_back(json::parse(d.body));
      }
    }
    return out;
  };
  const auto scans = [this] {
    std::vector<json> out;
    for (const auto& l : log_) {
      if (json::parse(l).value("event", "") == "milestone_scan") {
        out.push_back(json::parse(l));
      }
    }
    return out;
  };
  // 2027-01-29: Huawei's deadline is 31 days away, past the 30-day lead; the
  // waived Oracle and the absent ZTE milestones are never announced.
  clock_ = kStart + 14 * 86400;
  ASSERT_TRUE(worker->run_once());
  EXPECT_TRUE(milestones("/spark").empty());
  EXPECT_TRUE(milestones("/gcsb").empty());
  ASSERT_EQ(scans().size(), 1U);
  EXPECT_EQ(scans()[0]["computed"], 1) << scans()[0].dump();
  // The next scan of the same day reuses the audit: the snapshot, waivers and day are the same.
  clock_ += 120;
  ASSERT_TRUE(worker->run_once());
  ASSERT_EQ(scans().size(), 2U);
  EXPECT_EQ(scans()[1]["computed"], 0);
  // 2027-01-30: 30 days: announced once to Spark and its regulator, then never again.
  clock_ = kStart + 15 * 86400;
  ASSERT_TRUE(worker->run_once());
  clock_ += 86400;
  ASSERT_TRUE(worker->run_once());
  ASSERT_TRUE(worker->run_once());
  for (const auto& path : {"/spark", "/gcsb"}) {
    const auto got = milestones(path);
    ASSERT_EQ(got.size(), 1U) << path;
    const json& d = got[0]["data"];
    EXPECT_EQ(got[0]["id"], "milestone.due:" + net_ + ":nz/nz-huawei-removal:2027-03-01");
    EXPECT_EQ(d["network"], net_);
    EXPECT_EQ(d["network_name"], "spark");
    EXPECT_EQ(d["rule"], "nz-huawei-removal");
    EXPECT_EQ(d["deadline"], "2027-03-01");
    EXPECT_EQ(d["days_left"], 30);
    EXPECT_EQ(d["source"]["cite"], "Test Security Act 2026, s12 (2026-01-01)");
    EXPECT_EQ(d["elements_due"], 148);  // 150 Huawei elements, two waived
    EXPECT_EQ(d["elements"].size(), kMaxDueElements);
    EXPECT_TRUE(d["elements_truncated"].get<bool>());
    EXPECT_EQ(d.dump().find("ems-akl-1"), std::string::npos);
  }
  for (const auto& d : at("/spark")) {
    EXPECT_TRUE(d.verifies.at(0)) << d.signature;
  }
  EXPECT_TRUE(at("/other").empty());
}

TEST_P(webhooks_test, ASlowReceiverHoldsUpOnlyItsOwnDeliveries) {
  // Spark's receiver holds every request unanswered; GCSB's answers at once.
  auto slow = std::make_unique<testing::webhook_receiver>();
  slow->stall_next(100);
  const auto made = call("POST", "/api/v1/webhooks", spark_,
                         json{{"url", slow->url("/slow")}, {"events", {"proposal.submitted"}}}.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto [id, secret] = hook(gcsb_, "/fast", json{"proposal.submitted"});
  receiver_.set_secrets({secret});
  // Each delivery may take 5 s: sent one after the other, GCSB's waited for Spark's timeout.
  auto worker = dispatcher(nullptr, std::chrono::milliseconds(5000));
  ASSERT_TRUE(worker);
  worker->start();
  const auto started = std::chrono::steady_clock::now();
  submitted();
  const auto any = [](const std::vector<testing::webhook_receiver::delivery>& got) { return !got.empty(); };
  ASSERT_TRUE(slow->wait_for(any, std::chrono::milliseconds(3000)));      // Spark's is held...
  EXPECT_TRUE(receiver_.wait_for(any, std::chrono::milliseconds(1500)));  // ...and GCSB's comes meanwhile
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(3000));
  ASSERT_EQ(at("/fast").size(), 1U);
  EXPECT_TRUE(at("/fast")[0].verifies.at(0));
  slow.reset();  // answers the held request
  worker->stop();
}

TEST_P(webhooks_test, RetriesAreVisibleAndTheLastFailureIsCounted) {
  const auto [id, secret] = hook(spark_, "/spark", json{"proposal.submitted"});
  receiver_.set_secrets({secret});
  receiver_.fail_next(100, 503);
  submitted();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(worker_->run_once());
    clock_ += 3600;  // past any back-off (10 s base, 3 attempts)
  }
  ASSERT_TRUE(worker_->run_once());
  const auto page = call("GET", "/api/v1/webhooks/" + id + "/deliveries", spark_);
  ASSERT_EQ(page.status, 200) << page.body;
  const json d = json::parse(page.body)["items"].at(0);
  EXPECT_EQ(d["state"], "failed");
  EXPECT_EQ(d["attempts"], 3);
  ASSERT_EQ(d["tries"].size(), 3U);
  EXPECT_EQ(d["tries"][2]["status"], 503);
  EXPECT_EQ(at("/spark").size(), 3U);
  EXPECT_EQ(worker_->totals().retry, 2U);
  EXPECT_EQ(worker_->totals().failed, 1U);
  const std::string text = stats_.render();
  EXPECT_NE(text.find("netvet_webhook_deliveries_total{outcome=\"failed\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("netvet_webhook_outbox_pending 0"), std::string::npos) << text;

  // One failure, then the receiver answers: delivered at the second attempt.
  receiver_.fail_next(1, 500);
  submitted();
  ASSERT_TRUE(worker_->run_once());
  ASSERT_TRUE(worker_->run_once());  // not due yet: the back-off
  EXPECT_EQ(at("/spark").size(), 4U);
  clock_ += 3600;
  ASSERT_TRUE(worker_->run_once());
  const json second = json::parse(call("GET", "/api/v1/webhooks/" + id + "/deliveries?limit=1", spark_).body);
  EXPECT_EQ(second["items"][0]["state"], "delivered");
  EXPECT_EQ(second["items"][0]["attempts"], 2);
  EXPECT_FALSE(second["next"].is_null());
}

TEST_P(webhooks_test, AFailedDeliveryIsRedeliveredAsANewChainWithTheSameBytes) {
  const auto [id, secret] = hook(spark_, "/spark", json{"proposal.submitted"});
  const auto [gcsb_hook, gcsb_secret] = hook(gcsb_, "/gcsb", json{"waiver.granted"});
  receiver_.set_secrets({secret});
  receiver_.fail_next(3, 500);  // Spark's three attempts (the policy's all) fail
  submitted();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(worker_->run_once());
    clock_ += 3600;
  }
  const std::string hook_id = id;
  const auto list = [&] {
    return json::parse(call("GET", "/api/v1/webhooks/" + hook_id + "/deliveries", spark_).body);
  };
  const json failed = list()["items"].at(0);
  ASSERT_EQ(failed["state"], "failed");
  const std::string original = failed["id"];
  const std::string path = "/api/v1/webhooks/" + id + "/deliveries/" + original + "/redeliver";
  // Another organisation's webhook, its delivery under a webhook of one's own, or no such delivery: 404.
  EXPECT_EQ(call("POST", path, gcsb_).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/webhooks/" + gcsb_hook + "/deliveries/" + original + "/redeliver", gcsb_).status,
            404);
  EXPECT_EQ(call("POST", "/api/v1/webhooks/" + id + "/deliveries/nope/redeliver", spark_).status, 404);
  const auto again = call("POST", path, spark_);
  ASSERT_EQ(again.status, 202) << again.body;
  const json r = json::parse(again.body);
  EXPECT_NE(r["id"], original);
  EXPECT_EQ(r["redelivery_of"], original);
  EXPECT_EQ(r["state"], "pending");
  EXPECT_EQ(r["attempts"], 0);
  EXPECT_EQ(r["event_key"], failed["event_key"]);
  ASSERT_TRUE(worker_->run_once());
  const auto got = at("/spark");
  ASSERT_EQ(got.size(), 4U);
  EXPECT_EQ(got[3].body, got[0].body);  // the same stored bytes...
  EXPECT_EQ(got[3].id, original);       // ...and Netvet-Delivery, newly signed
  EXPECT_TRUE(got[3].verifies.at(0)) << got[3].signature;
  EXPECT_TRUE(got[3].fresh);
  // Two chains: the redelivery delivered at its first attempt, the original still failed with its three.
  const json items = list()["items"];
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[0]["id"], r["id"]);
  EXPECT_EQ(items[0]["state"], "delivered");
  EXPECT_EQ(items[0]["tries"].size(), 1U);
  EXPECT_EQ(items[1]["state"], "failed");
  EXPECT_EQ(items[1]["tries"].size(), 3U);
  EXPECT_TRUE(items[1]["redelivery_of"].is_null());
  // A redelivery of the redelivery names the first of the chain.
  const auto third =
      call("POST", "/api/v1/webhooks/" + id + "/deliveries/" + r["id"].get<std::string>() + "/redeliver", spark_);
  ASSERT_EQ(third.status, 202) << third.body;
  EXPECT_EQ(json::parse(third.body)["redelivery_of"], original);
}

TEST_P(webhooks_test, ARotatedSecretSignsBesideTheNewOneForItsOverlapOnly) {
  const auto [id, old_secret] = hook(spark_, "/spark", json{"proposal.submitted"});
  const auto rotated = call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", spark_, R"({"overlap_seconds":600})");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string new_secret = json::parse(rotated.body)["secret"];
  ASSERT_NE(new_secret, old_secret);
  receiver_.set_secrets({old_secret, new_secret});
  submitted();
  ASSERT_TRUE(worker_->run_once());
  clock_ += 601;
  submitted();
  ASSERT_TRUE(worker_->run_once());
  const auto got = at("/spark");
  ASSERT_EQ(got.size(), 2U);
  EXPECT_TRUE(got[0].verifies[0]);  // during the overlap: either secret verifies
  EXPECT_TRUE(got[0].verifies[1]);
  EXPECT_FALSE(got[1].verifies[0]);  // after it: the new one only
  EXPECT_TRUE(got[1].verifies[1]);
  EXPECT_EQ(got[1].signature.find(','), std::string::npos);
  EXPECT_EQ(call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", spark_, R"({"overlap_seconds":-1})").status, 400);
}

TEST_P(webhooks_test, HostileWebhooksAreRefusedNamingTheField) {
  const auto refused = [&](const json& body, int status, const std::string& field) {
    const auto r = call("POST", "/api/v1/webhooks", spark_, body.dump());
    EXPECT_EQ(r.status, status) << body.dump() << r.body;
    if (r.status >= 400) {
      EXPECT_EQ(json::parse(r.body)["location"]["field"], field) << r.body;
    }
  };
  const json events = {"proposal.submitted"};
  refused({{"url", "ftp://example.org/x"}, {"events", events}}, 400, "url");
  refused({{"url", "file:///etc/passwd"}, {"events", events}}, 400, "url");
  refused({{"url", "https://example.org/x"}, {"events", events}}, 400, "url");
  refused({{"url", "http://10.1.2.3/x"}, {"events", events}}, 400, "url");  // private, not allowed
  refused({{"url", "http://169.254.169.254/latest/meta-data"}, {"events", events}}, 400, "url");
  refused({{"url", "http://[::1]:8080/x"}, {"events", events}}, 400, "url");
  refused({{"url", "http://user:pw@127.0.0.1/x"}, {"events", events}}, 400, "url");
  refused({{"url", "http://127.0.0.1:99999/x"}, {"events", events}}, 400, "url");
  refused({{"url", "http://127.0.0.1/x y"}, {"events", events}}, 400, "url");
  refused({{"url", "http://127.0.0.1/" + std::string(5000, 'a')}, {"events", events}}, 400, "url");
  refused({{"url", receiver_.url()}, {"events", {"proposal.eaten"}}}, 400, "events");
  refused({{"url", receiver_.url()}, {"events", json::array()}}, 400, "events");
  refused({{"url", receiver_.url()}, {"events", {std::string(100000, 'x')}}}, 400, "events");
  refused({{"url", receiver_.url()}, {"events", events}, {"lead_days", 9999}}, 400, "lead_days");
  refused({{"events", events}}, 400, "url");
  // Another tenant's webhook is not found, whatever is asked of it.
  const auto [id, secret] = hook(spark_, "/spark", events);
  EXPECT_EQ(call("GET", "/api/v1/webhooks/" + id + "/deliveries", other_).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", other_).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/webhooks/" + id, other_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/webhooks/whk_x/deliveries", spark_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/webhooks", parts_.admin).status, 403);
  EXPECT_EQ(call("DELETE", "/api/v1/webhooks/" + id, spark_).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/webhooks/" + id + "/deliveries", spark_).status, 404);
  EXPECT_TRUE(json::parse(call("GET", "/api/v1/webhooks", spark_).body)["items"].empty());
}

// The outbox row is written in the event's transaction: when it cannot be
// written, the event does not happen either (the proposal stays a draft,
// the log has no entry).
TEST_P(webhooks_test, NoEventWithoutItsDeliveryRecord) {
  hook(spark_, "/spark", json{"proposal.submitted"});
  const std::string block =
      GetParam() == "sqlite"
          ? "CREATE TRIGGER outbox_broken BEFORE INSERT ON webhook_outbox BEGIN SELECT RAISE(ABORT, 'disk'); END"
          : "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk'; END $$; "
            "CREATE TRIGGER outbox_broken BEFORE INSERT ON webhook_outbox FOR EACH ROW EXECUTE FUNCTION broken()";
  raw_sql(block);
  const json p = {{"date", "2026-01-01"},
                  {"title", "RAN"},
                  {"add", {{{"id", "gnb-a"}, {"function", "gnb"}, {"vendor", "Nokia"}, {"count", 2}}}}};
  const auto made = call("POST", "/api/v1/proposals", spark_, json{{"network", net_}, {"proposal", p}}.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = json::parse(made.body)["id"];
  EXPECT_EQ(call("POST", "/api/v1/proposals/" + id + "/submit", spark_).status, 503);
  EXPECT_EQ(json::parse(call("GET", "/api/v1/proposals/" + id, spark_).body)["state"], "draft");
  const json log = json::parse(call("GET", "/api/v1/log?limit=500", spark_).body);
  for (const auto& e : log["items"]) {
    EXPECT_NE(e["kind"], "proposal.submitted") << e.dump();
  }
  EXPECT_EQ(log["items"].back()["kind"], "proposal.created");
}

// Schema 2 (before password-reset codes and webhooks) is migrated forward on
// open, in one transaction; the log still verifies, and codes and webhooks work.
TEST_P(webhooks_test, ASchema2StoreMigratesForward) {
  raw_sql(std::string(GetParam() == "sqlite"
                          ? ""
                          : "DROP FUNCTION netvet_webhook_enqueue(bigint, text, text, text, text, bigint); ") +
          "DROP TABLE webhook_attempt; DROP TABLE webhook_outbox; DROP TABLE webhook; DROP TABLE password_reset; "
          "UPDATE server_schema SET version = 2");
  store::server_store_options so;
  so.key = parts_.key.get();
  auto db = store::open_server_store(ws_, so);
  ASSERT_TRUE(db) << db.err().message;
  const auto verdicts = (*db)->verify_log({});
  ASSERT_TRUE(verdicts);
  for (const auto& v : *verdicts) {
    EXPECT_FALSE(v.first_bad) << v.chain << ": " << v.why;
  }
  const auto admin = (*db)->local_admin();
  ASSERT_TRUE(admin);
  const auto users = (*db)->users(*admin);
  ASSERT_TRUE(users && !users->empty());
  EXPECT_TRUE((*db)->issue_reset_code(*admin, users->back().name, store::kResetCodeLife, store::timestamp{kStart}));
  const auto [id, secret] = hook(spark_, "/spark", json{"proposal.submitted"});
  receiver_.set_secrets({secret});
  submitted();
  ASSERT_TRUE(worker_->run_once());
  ASSERT_EQ(at("/spark").size(), 1U);
  EXPECT_TRUE(at("/spark")[0].verifies[0]);
}

INSTANTIATE_TEST_SUITE_P(stores, webhooks_test, testing::server_stores(), testing::store_name);

}  // namespace
}  // namespace netvet::server
