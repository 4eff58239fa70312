// The REST API in process (no sockets: the transport has its own tests):
// the fixed contract, the state machine, the hostile matrix generated from
// the route table, and the log's tamper evidence. Every test runs on both
// stores: SQLite always, PostgreSQL when NETVET_TEST_PG_URI names a cluster
// (scripts/pg-test-cluster.sh; each test gets a fresh database).
#include "netvet/server/api.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "netvet/crypto/digest.h"
#include "netvet/crypto/hash_chain.h"
#include "netvet/io/reader.h"
#include "netvet/store/server_store.h"
#include "netvet/usecase/context.h"
#include "server/api_parts.h"
#include "server/stores.h"
#include "support/api_capture.h"
#include "support/pg_database.h"
#include "support/temp_dir.h"

namespace netvet::server {
namespace {

using nlohmann::json;
constexpr std::int64_t kStart = 1'700'000'000;  // 2023-11-14

// The Huawei 5G RAN of Spark's 2018 notification, as a client sends it.
json spark_proposal() {
  json adds = json::array();
  for (const auto& [region, count] : std::vector<std::pair<std::string, int>>{
           {"Auckland", 44}, {"Wellington", 22}, {"Canterbury", 20}, {"Waikato", 12}}) {
    std::string id = "gnb-" + region;
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
    adds.push_back({{"id", id},
                    {"function", "gnb"},
                    {"vendor", "Huawei"},
                    {"model", "AAU5613"},
                    {"region", region},
                    {"count", count}});
  }
  return {{"date", "2018-11-28"}, {"title", "5G radio access network"}, {"add", adds}};
}

using testing::store_name;
using testing::store_uri;

class api_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ws_ = store_uri(GetParam(), dir_, pg_);
    if (ws_.empty()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    auto parts = testing::make_api(ws_, dir_, kStart, [this] { return now(); });
    ASSERT_TRUE(parts.api);
    key_ = std::move(parts.key);
    ctx_ = std::move(parts.ctx);
    api_ = std::move(parts.api);
    admin_ = parts.admin;
    make_people();
  }

  store::timestamp now() const { return {clock_.load()}; }

  // Every request of these tests goes through here: recorded for the OpenAPI check (support/api_capture.h).
  response handle(const request& r) {
    response out = api_->handle(r);
    testing::capture_exchange(r, out);
    return out;
  }

  response call(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", const std::string& type = "application/json") {
    request r;
    r.method = method;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string rest = target.substr(q + 1);
      while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        r.query.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
        rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
      }
    }
    if (!token.empty()) {
      r.headers.emplace_back("authorization", "Bearer " + token);
    }
    if (!body.empty()) {
      r.headers.emplace_back("content-type", type);
    }
    r.body = body;
    r.peer = "192.0.2.7";
    return handle(r);
  }
  static json body_of(const response& r) { return json::parse(r.body, nullptr, false); }

  std::string add_user(const std::string& org, const std::string& name, const std::string& role,
                       bool read_only = false) {
    const json b = {{"org", org}, {"name", name}, {"role", role}, {"read_only", read_only}};
    const auto r = call("POST", "/api/v1/users", admin_, b.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r).value("token", "");
  }

  void make_people() {
    for (const auto& [name, kind, jur] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{"Spark", "operator", "nz"},
                                                                        {"One NZ", "operator", "nz"},
                                                                        {"BT", "operator", "gb"},
                                                                        {"GCSB", "regulator", "nz"},
                                                                        {"NCSC", "regulator", "gb"}}) {
      const auto r =
          call("POST", "/api/v1/orgs", admin_, json{{"name", name}, {"kind", kind}, {"jurisdiction", jur}}.dump());
      ASSERT_EQ(r.status, 201) << r.body;
    }
    spark_ = add_user("Spark", "spark-editor", "operator_editor");
    spark_ro_ = add_user("Spark", "spark-reader", "operator_editor", true);
    spark_viewer_ = add_user("Spark", "spark-viewer", "operator_viewer");
    onenz_ = add_user("One NZ", "onenz-editor", "operator_editor");
    gcsb_ = add_user("GCSB", "gcsb-analyst", "regulator_assessor");
    ncsc_ = add_user("NCSC", "ncsc-analyst", "regulator_assessor");
  }

  // The Spark network uploaded by its operator as `name`; its id ("" when the upload failed).
  std::string uploaded(const std::string& name) {
    const auto up = call("POST", "/api/v1/networks?name=" + name, spark_, spark_network_json());
    EXPECT_EQ(up.status, 201) << up.body;
    return up.status == 201 ? body_of(up).value("id", "") : "";
  }

  // Another server over the same store (a restart, or a second process) with context `ctx`.
  std::unique_ptr<api> another_api(const usecase::context* ctx, std::size_t refresh = 0) {
    api_options o;
    o.workspace = ws_;
    o.key = key_.get();
    o.ctx = ctx;
    o.now = [this] { return now(); };
    o.refresh_networks = refresh;
    auto a = api::create(std::move(o));
    EXPECT_TRUE(a) << a.err().message;
    return a ? std::move(a.value()) : nullptr;
  }

  // A context like the fixture's, its today `today` when given, with a vendors file when given.
  static std::unique_ptr<usecase::context> context_with(std::optional<date> today, const std::string& vendors = "") {
    usecase::context_options co;
    co.policy_dirs = {std::string(NETVET_SOURCE_DIR) + "/policies"};
    co.vendors_file = vendors;
    if (today) {
      co.today = [d = *today] { return d; };
    }
    auto c = usecase::context::create(co);
    EXPECT_TRUE(c) << c.err().message;
    return c ? std::move(c.value()) : nullptr;
  }

  // A number of `a`'s /metrics (-1 when it has none of that name).
  double metric(api& a, const std::string& name) const {
    request r;
    r.method = "GET";
    r.path = "/metrics";
    r.headers.emplace_back("authorization", "Bearer " + admin_);
    const std::string text = a.handle(r).body;
    const auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1.0 : std::stod(text.substr(at + name.size() + 2));
  }

  // `who`'s GET of question `q` of network `net` ("summary", "audit?policy=all") on `a`.
  static response ask(api& a, const std::string& net, const std::string& q, const std::string& who) {
    request r;
    r.method = "GET";
    const auto mark = q.find('?');
    r.path = "/api/v1/networks/" + net + "/" + q.substr(0, mark);
    if (mark != std::string::npos) {
      const auto eq = q.find('=', mark);
      r.query.emplace_back(q.substr(mark + 1, eq - mark - 1), q.substr(eq + 1));
    }
    r.headers.emplace_back("authorization", "Bearer " + who);
    r.peer = "192.0.2.7";
    return a.handle(r);
  }

  std::string spark_network_json() {
    auto net = io::read_network(std::string(NETVET_SOURCE_DIR) + "/examples/spark-2018/network", {});
    EXPECT_TRUE(net);
    return io::write_network_json(*net);
  }

  // Spark's network and its notification, submitted; returns {network, proposal}.
  std::pair<std::string, std::string> submitted() {
    const auto up = call("POST", "/api/v1/networks?name=spark-2018", spark_, spark_network_json());
    EXPECT_EQ(up.status, 201) << up.body;
    const std::string net = body_of(up).value("id", "");
    const auto made =
        call("POST", "/api/v1/proposals", spark_, json{{"network", net}, {"proposal", spark_proposal()}}.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const std::string prp = body_of(made).value("id", "");
    EXPECT_EQ(call("POST", "/api/v1/proposals/" + prp + "/submit", spark_).status, 200);
    return {net, prp};
  }

  // Everything a request could change, except the log's record of failed sign-ins.
  std::string digest() {
    if (pg_) {
      return pg_->text_of(
          "SELECT 'org', id::text, name FROM org UNION ALL "
          "SELECT 'user', id::text, name || role || disabled FROM app_user UNION ALL "
          "SELECT 'token', id, expires_at || '/' || read_only || '/' || coalesce(revoked_at::text, '') FROM token "
          "UNION ALL SELECT 'network', id::text, name || content_hash FROM network UNION ALL "
          "SELECT 'proposal', id::text, state || updated_at || requests || coalesce(decision, '') FROM proposal "
          "UNION ALL SELECT 'log', chain || idx, hash FROM log_entry WHERE kind != 'login.failed' "
          "UNION ALL SELECT 'chunk', network_id || file || part, md5(data) FROM network_chunk ORDER BY 1, 2, 3");
    }
    sqlite3* db = nullptr;
    sqlite3_open_v2(ws_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    std::string out;
    for (const char* sql :
         {"SELECT id, name FROM org", "SELECT id, name, role, disabled FROM app_user",
          "SELECT id, expires_at, read_only, revoked_at FROM token", "SELECT id, name, snapshot FROM network",
          "SELECT id, state, updated_at, requests, decision FROM proposal",
          "SELECT chain, idx, hash FROM log_entry WHERE kind != 'login.failed'"}) {
      sqlite3_stmt* s = nullptr;
      sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
      while (sqlite3_step(s) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); ++i) {
          const auto* t = sqlite3_column_text(s, i);
          out += t == nullptr ? "null" : reinterpret_cast<const char*>(t);
          out += '|';
        }
        out += '\n';
      }
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return out;
  }

  // Every byte the store holds: the file, or every row of every table.
  std::string stored_bytes() {
    if (pg_) {
      std::string out;
      for (const char* t :
           {"org", "app_user", "token", "network", "proposal", "log_entry", "checkpoint", "signing_key"}) {
        out += pg_->text_of(std::string("SELECT t::text FROM ") + t + " t");
      }
      return out;
    }
    return testing::slurp(ws_);
  }

  testing::temp_dir dir_;
  std::unique_ptr<testing::pg_database> pg_;  // PostgreSQL: this test's database
  std::string ws_;
  std::unique_ptr<crypto::signing_key> key_;
  std::unique_ptr<usecase::context> ctx_;
  std::unique_ptr<api> api_;
  std::atomic<std::int64_t> clock_{kStart};
  std::string admin_, spark_, spark_ro_, spark_viewer_, onenz_, gcsb_, ncsc_;
};

TEST_P(api_test, HealthzNeedsNoToken) {
  const auto r = call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r)["status"], "ok");
}

TEST_P(api_test, TheFixedContractFromUploadToDecision) {
  const auto up = call("POST", "/api/v1/networks?name=spark-2018", spark_, spark_network_json());
  ASSERT_EQ(up.status, 201) << up.body;
  const json net = body_of(up);
  EXPECT_EQ(net["name"], "spark-2018");
  EXPECT_EQ(net["elements"], 392);
  EXPECT_EQ(net["links"], 425);

  const auto made =
      call("POST", "/api/v1/proposals", spark_, json{{"network", net["id"]}, {"proposal", spark_proposal()}}.dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const json p = body_of(made);
  EXPECT_EQ(p["state"], "draft");
  EXPECT_EQ(p["assessment"]["decision"], "significant_risk");
  EXPECT_EQ(p["proposal"]["operator"], "Spark");  // the organisation's name, not the client's
  EXPECT_EQ(p["pack"]["id"], "nz");
  EXPECT_EQ(p["pack"]["sha256"].get<std::string>().size(), 64U);
  const std::string id = p["id"];
  // The creation answers the record as it was stored, byte for byte what a read returns.
  EXPECT_EQ(made.body, call("GET", "/api/v1/proposals/" + id, spark_).body);

  // The regulator does not see a draft.
  EXPECT_EQ(call("GET", "/api/v1/proposals/" + id, gcsb_).status, 404);
  EXPECT_EQ(call("POST", "/api/v1/proposals/" + id + "/submit", spark_).status, 200);
  const auto queue = body_of(call("GET", "/api/v1/proposals?state=submitted", gcsb_));
  ASSERT_EQ(queue["items"].size(), 1U);
  EXPECT_EQ(queue["items"][0]["id"], id);
  EXPECT_TRUE(queue["next"].is_null());

  const json decision = {{"decision", "significant_risk"},
                         {"reasons", "Huawei equipment in the 5G RAN would raise significant risks."},
                         {"conditions", json::array()}};
  const auto d = call("POST", "/api/v1/proposals/" + id + "/decision", gcsb_, decision.dump());
  ASSERT_EQ(d.status, 200) << d.body;
  const json decided = body_of(d);
  EXPECT_EQ(decided["state"], "decided");
  EXPECT_EQ(decided["decision"]["decision"], "significant_risk");
  EXPECT_EQ(decided["recommendation"], "significant_risk");
  EXPECT_EQ(decided["checkpoint"]["chain"], "nz");
  EXPECT_GT(decided["checkpoint"]["count"].get<int>(), 0);

  // The operator sees the decision; the log verifies and holds the checkpoint.
  EXPECT_EQ(body_of(call("GET", "/api/v1/proposals/" + id, spark_))["decision"]["decision"], "significant_risk");
  auto db = store::open_server_store(ws_, {});
  ASSERT_TRUE(db);
  const auto cp = store::signed_checkpoint::from_json(decided["checkpoint"], "response");
  ASSERT_TRUE(cp);
  const auto verdicts = (*db)->verify_log({*cp});
  ASSERT_TRUE(verdicts);
  for (const auto& v : *verdicts) {
    EXPECT_FALSE(v.first_bad) << v.chain << ": " << v.why;
  }
}

TEST_P(api_test, AnalysesOfAStoredNetworkAnswerJsonAndCsv) {
  const auto [net, prp] = submitted();
  const auto s = call("GET", "/api/v1/networks/" + net + "/summary", spark_);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_TRUE(body_of(s).is_object());
  for (const std::string q :
       {"audit?policy=nz&as_of=2025-01-01", "audit?policy=all", "outage?vendor=Huawei", "exposure", "spof?top=5"}) {
    const auto r = call("GET", "/api/v1/networks/" + net + "/" + q, gcsb_);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
  }
  request csv;
  csv.method = "GET";
  csv.path = "/api/v1/networks/" + net + "/exposure";
  csv.headers = {{"authorization", "Bearer " + spark_}, {"accept", "text/csv"}};
  const auto c = handle(csv);
  EXPECT_EQ(c.status, 200);
  EXPECT_EQ(c.content_type.rfind("text/csv", 0), 0U);
  const auto bad = call("GET", "/api/v1/networks/" + net + "/audit?policy=nz&as_of=2025-13-01", spark_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body_of(bad)["location"]["field"], "as_of");
}

// An upload prepares the network from the copy it parsed and answers the
// overview's questions before it is answered: the dashboard's first open
// finds them ready (answer-cache hits, nothing recomputed). They are kept in
// the store too: a restarted server reads them without loading the network,
// and they are byte for byte what a server that loads the network from the
// store answers (one whose catalogue differs, so that it may not read them:
// another generation).
TEST_P(api_test, AnUploadAnswersItsOverviewAheadAndKeepsItAcrossARestart) {
  const std::string net = uploaded("spark-2018");
  ASSERT_FALSE(net.empty());
  // The four, the caps of the network's own jurisdiction (nz) and the timeline of each pack with a
  // deadline ahead (ca and de, for Huawei's RAN).
  const double entries = metric(*api_, "netvet_answer_cache_entries");
  EXPECT_EQ(entries, 7);
  EXPECT_EQ(metric(*api_, "netvet_answer_store_writes_total"), entries);
  const double hits = metric(*api_, "netvet_answer_cache_hits_total");
  const double misses = metric(*api_, "netvet_answer_cache_misses_total");
  const std::vector<std::string> overview = {"summary",          "sites",           "exposure",
                                             "audit?policy=all", "audit?policy=nz", "audit?policy=ca"};
  std::vector<std::string> warmed;
  for (const auto& q : overview) {
    const auto r = call("GET", "/api/v1/networks/" + net + "/" + q, spark_);
    ASSERT_EQ(r.status, 200) << q << ": " << r.body;
    warmed.push_back(r.body);
  }
  EXPECT_EQ(metric(*api_, "netvet_answer_cache_hits_total"), hits + 6);
  EXPECT_EQ(metric(*api_, "netvet_answer_cache_misses_total"), misses);

  const auto ask_all = [&](api& a, const std::string& who) {
    const bool sees = who == spark_ || who == gcsb_;
    for (std::size_t i = 0; i < overview.size(); ++i) {
      const auto answered = ask(a, net, overview[i], who);
      EXPECT_EQ(answered.status, sees ? 200 : 404) << overview[i] << ": " << answered.body;
      EXPECT_EQ(answered.body == warmed[i], sees) << overview[i];
    }
  };
  {  // A restart: the answers read from the store, the network never loaded; another
     // operator and another jurisdiction's regulator see nothing, its regulator the same.
    const auto again = another_api(ctx_.get());
    ASSERT_TRUE(again);
    ask_all(*again, onenz_);
    ask_all(*again, ncsc_);
    ask_all(*again, spark_);
    EXPECT_EQ(metric(*again, "netvet_answer_store_hits_total"), 6);
    EXPECT_EQ(metric(*again, "netvet_snapshot_cache_misses_total"), 0);
    // The regulator computes its own (it reads no row its operator's database session could write).
    ask_all(*again, gcsb_);
    EXPECT_EQ(metric(*again, "netvet_answer_store_hits_total"), 6);
  }
  // Another catalogue is another generation: its server loads the network and computes them again.
  testing::spit(dir_ / "more-vendors.csv",
                "display_name,canonical_name,aliases,hq_country\nAcme Radio,Acme Radio Ltd,ACME,NZ\n");
  const auto other_ctx = context_with(std::nullopt, dir_ / "more-vendors.csv");
  ASSERT_TRUE(other_ctx);
  const auto other = another_api(other_ctx.get());
  ASSERT_TRUE(other);
  ask_all(*other, spark_);
  EXPECT_EQ(metric(*other, "netvet_answer_store_hits_total"), 0);
  EXPECT_GE(metric(*other, "netvet_snapshot_cache_misses_total"), 1);  // loaded (once; a miss may race the put)
  EXPECT_EQ(metric(*other, "netvet_answer_store_writes_total"), 6);
  // Two generations on one store (a rolling upgrade): the first's answers are still read.
  const auto first = another_api(ctx_.get());
  ASSERT_TRUE(first);
  ask_all(*first, spark_);
  EXPECT_EQ(metric(*first, "netvet_answer_store_hits_total"), 6);
  EXPECT_EQ(metric(*first, "netvet_snapshot_cache_misses_total"), 0);
}

// The overview's answers, asked by the server itself at the upload, are
// pinned: a reader who asks more questions than the store keeps per network
// (about kMaxKeptAnswers made-up ones) evicts none of them, and a restarted
// server still opens the overview without loading the network.
TEST_P(api_test, NoNumberOfOtherQuestionsEvictsTheOverviewsKeptAnswers) {
  const std::string net = uploaded("pinned");
  ASSERT_FALSE(net.empty());
  for (std::int64_t top = 1; top <= store::kMaxKeptAnswers + 20; ++top) {
    clock_ += 1;  // each later than the overview's, which would be evicted first
    const auto r = ask(*api_, net, "spof?top=" + std::to_string(top), spark_);
    ASSERT_EQ(r.status, 200) << top << ": " << r.body;
  }
  const auto again = another_api(ctx_.get());
  ASSERT_TRUE(again);
  for (const std::string q : {"summary", "sites", "exposure", "audit?policy=all", "audit?policy=nz"}) {
    EXPECT_EQ(ask(*again, net, q, spark_).status, 200) << q;
  }
  EXPECT_EQ(metric(*again, "netvet_answer_store_hits_total"), 5);
  EXPECT_EQ(metric(*again, "netvet_snapshot_cache_misses_total"), 0);
}

// A vendor's name may hold '&' and '=' once decoded: asking of vendor
// "Huawei&together=true" is another question than of Huawei and together,
// and its answer (nothing lost: no such vendor) is never served for the
// other, in memory or from the store.
TEST_P(api_test, AnAmpersandInAValueIsNotAnotherQuestionsAnswer) {
  const std::string net = uploaded("spark-2018");
  ASSERT_FALSE(net.empty());
  const auto outage = [&](header_list query) {
    request r;
    r.method = "GET";
    r.path = "/api/v1/networks/" + net + "/outage";
    r.query = std::move(query);
    r.headers.emplace_back("authorization", "Bearer " + spark_ro_);
    r.peer = "192.0.2.7";
    return api_->handle(r);
  };
  const auto planted = outage({{"vendor", "Huawei&together=true"}});
  const auto reordered = outage({{"together", "true"}, {"vendor", "Huawei"}});
  const auto asked = outage({{"vendor", "Huawei"}, {"together", "true"}});
  ASSERT_EQ(reordered.status, 200) << reordered.body;
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_NE(planted.body, reordered.body);
  EXPECT_EQ(asked.body, reordered.body);
}

// Only the network's own operator keeps answers in the store (the store's
// side: KeptAnswersAreCheckedScopedAndGoWithTheirNetwork): a regulator's are
// computed for it and written nowhere its operator would read them.
TEST_P(api_test, ARegulatorNeitherReadsNorKeepsAnOperatorsKeptAnswers) {
  const std::string net = uploaded("kept");
  ASSERT_FALSE(net.empty());
  const double before = metric(*api_, "netvet_answer_store_writes_total");
  EXPECT_EQ(call("GET", "/api/v1/networks/" + net + "/spof?top=3", gcsb_).status, 200);
  EXPECT_EQ(metric(*api_, "netvet_answer_store_writes_total"), before);
  EXPECT_EQ(call("GET", "/api/v1/networks/" + net + "/spof?top=3", spark_).status, 200);
  EXPECT_EQ(metric(*api_, "netvet_answer_store_writes_total"), before + 1);
}

// A kept answer is the day's when it depends on the day: a server whose
// today is the next day reads the three others from the store and computes
// the audit again (as of its own today).
TEST_P(api_test, AKeptAuditServesOnlyItsDay) {
  const std::string net = uploaded("spark-2018");
  const date tomorrow{ctx_->today().days + 1};
  const auto next_day = context_with(tomorrow);
  ASSERT_TRUE(next_day && !net.empty());
  const auto later = another_api(next_day.get());
  ASSERT_TRUE(later);
  for (const std::string q : {"summary", "sites", "exposure"}) {
    EXPECT_EQ(ask(*later, net, q, spark_).status, 200) << q;
  }
  const auto audit = ask(*later, net, "audit?policy=all", spark_);
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(json::parse(audit.body).value("as_of", ""), format_date(tomorrow));
  EXPECT_EQ(metric(*later, "netvet_answer_store_hits_total"), 3);
  EXPECT_EQ(metric(*later, "netvet_answer_store_writes_total"), 1);
}

// When the day turns, a server that refreshes kept answers answers the
// overview again as of the new day, on its own, for the latest uploaded
// networks up to its limit: a server started after it that day reads every
// answer of that overview from the store (no load).
TEST_P(api_test, TheOverviewIsAnsweredAgainWhenTheDayTurns) {
  const std::string older = uploaded("spark-older");
  const std::string net = uploaded("spark-2018");
  const date tomorrow{ctx_->today().days + 1};
  const auto next_day = context_with(tomorrow);
  ASSERT_TRUE(next_day && !net.empty());
  {
    const auto refreshing = another_api(next_day.get(), 1);  // the latest uploaded only
    ASSERT_TRUE(refreshing);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (metric(*refreshing, "netvet_answer_refreshes_total") < 1 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_EQ(metric(*refreshing, "netvet_answer_refreshes_total"), 1);
    EXPECT_GE(metric(*refreshing, "netvet_answer_store_writes_total"), 4);  // the audits as of tomorrow
  }
  const auto later = another_api(next_day.get());
  ASSERT_TRUE(later);
  for (const std::string q : {"summary", "sites", "exposure", "audit?policy=all"}) {
    const auto answered = ask(*later, net, q, spark_);
    ASSERT_EQ(answered.status, 200) << q << ": " << answered.body;
  }
  EXPECT_EQ(json::parse(ask(*later, net, "audit?policy=all", spark_).body).value("as_of", ""), format_date(tomorrow));
  EXPECT_EQ(metric(*later, "netvet_answer_store_hits_total"), 4);
  EXPECT_EQ(metric(*later, "netvet_snapshot_cache_misses_total"), 0);
  // The older network was beyond the refresh's limit: its audit is computed when asked.
  EXPECT_EQ(ask(*later, older, "audit?policy=all", spark_).status, 200);
  EXPECT_EQ(metric(*later, "netvet_answer_store_hits_total"), 4);
  EXPECT_EQ(metric(*later, "netvet_answer_store_writes_total"), 1);
}

// The store's side of kept answers, on both stores: checked, scoped to who
// may see the network, an earlier day's and another generation's dropped,
// and gone with their network.
TEST_P(api_test, KeptAnswersAreCheckedScopedAndGoWithTheirNetwork) {
  const auto up = call("POST", "/api/v1/networks?name=kept", spark_, spark_network_json());
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string net = body_of(up).value("id", "");
  store::server_store_options so;
  so.key = key_.get();
  auto db = store::open_server_store(ws_, so);
  ASSERT_TRUE(db) << db.err().message;
  const auto spark = (*db)->authenticate(spark_, "test", now());
  const auto onenz = (*db)->authenticate(onenz_, "test", now());
  const auto gcsb = (*db)->authenticate(gcsb_, "test", now());
  ASSERT_TRUE(spark && onenz && gcsb);
  const auto key = [](const std::string& s) { return crypto::to_hex(crypto::sha256(s)); };
  const auto answer = [&](const std::string& k, const std::string& gen, const std::string& day) {
    return store::answer_record{key(k), gen, day, "application/json", "[]", "{\"k\":\"" + k + "\"}"};
  };
  const auto has = [&](const std::string& k) {
    const auto f = (*db)->find_answer(*spark, net, key(k));
    return f && f.value() && f.value()->body == "{\"k\":\"" + k + "\"}";
  };
  auto bad = answer("x", "g1", "");
  bad.key = "not-a-digest";
  EXPECT_EQ((*db)->keep_answer(*spark, net, bad, now()).err().where.field, "key");
  bad = answer("x", "g1", "2026-13-40");
  EXPECT_EQ((*db)->keep_answer(*spark, net, bad, now()).err().where.field, "day");
  bad = answer("x", "g1", "");
  bad.body.assign(store::kMaxKeptAnswer + 1, ' ');
  EXPECT_EQ((*db)->keep_answer(*spark, net, bad, now()).err().code, error_code::limit_exceeded);
  // Another operator may neither keep nor read the network's answers.
  EXPECT_EQ((*db)->keep_answer(*onenz, net, answer("planted", "g1", ""), now()).err().code, error_code::not_found);
  ASSERT_TRUE((*db)->keep_answer(*spark, net, answer("a", "g1", "2026-01-01"), now()));
  ASSERT_TRUE((*db)->keep_answer(*spark, net, answer("b", "g1", ""), now()));
  EXPECT_EQ((*db)->find_answer(*onenz, net, key("a")).err().code, error_code::not_found);
  // Its regulator neither reads them (rows its operator's database session could have written)
  // nor keeps one (its operator would read it as its own).
  const auto seen = (*db)->find_answer(*gcsb, net, key("a"));
  ASSERT_TRUE(seen) << seen.err().message;
  EXPECT_FALSE(seen.value().has_value());
  EXPECT_EQ((*db)->keep_answer(*gcsb, net, answer("by-regulator", "g1", ""), now()).err().code, error_code::forbidden);
  EXPECT_TRUE(has("a"));
  EXPECT_TRUE(has("b"));
  EXPECT_FALSE(has("planted"));
  // A later day drops the earlier day's; another generation drops the rest.
  ASSERT_TRUE((*db)->keep_answer(*spark, net, answer("c", "g1", "2026-01-02"), now()));
  EXPECT_FALSE(has("a"));
  EXPECT_TRUE(has("b"));
  EXPECT_TRUE(has("c"));
  // Another generation's answers stay a day (two builds serving one store keep their own), then go.
  ASSERT_TRUE((*db)->keep_answer(*spark, net, answer("d", "g2", ""), now()));
  EXPECT_TRUE(has("b"));
  EXPECT_TRUE(has("c"));
  EXPECT_TRUE(has("d"));
  ASSERT_TRUE((*db)->keep_answer(*spark, net, answer("e", "g2", ""), {now().unix_seconds + 86401}));
  EXPECT_FALSE(has("b"));
  EXPECT_FALSE(has("c"));
  EXPECT_TRUE(has("d"));
  EXPECT_TRUE(has("e"));
  // Questions varied without end fill no disk: the oldest go beyond kMaxKeptAnswers. A pinned
  // answer (the overview's, which the server asks on its own) is not among them.
  auto pinned = answer("p", "g2", "");
  pinned.pinned = true;
  ASSERT_TRUE((*db)->keep_answer(*spark, net, pinned, {kStart + 99999}));
  for (std::int64_t i = 0; i < store::kMaxKeptAnswers + 10; ++i) {
    ASSERT_TRUE((*db)->keep_answer(*spark, net, answer("n" + std::to_string(i), "g2", ""), {kStart + 100000 + i}));
  }
  EXPECT_FALSE(has("d"));
  EXPECT_FALSE(has("n9"));
  EXPECT_TRUE(has("n10"));
  EXPECT_TRUE(has("n" + std::to_string(store::kMaxKeptAnswers + 9)));
  EXPECT_TRUE(has("p"));
  // The pinned answers have limits of their own, and evict no other answer.
  for (std::int64_t i = 0; i < store::kMaxPinnedAnswers + 5; ++i) {
    auto a = answer("p" + std::to_string(i), "g2", "");
    a.pinned = true;
    ASSERT_TRUE((*db)->keep_answer(*spark, net, a, {kStart + 200000 + i}));
  }
  EXPECT_FALSE(has("p"));
  EXPECT_FALSE(has("p4"));
  EXPECT_TRUE(has("p5"));
  EXPECT_TRUE(has("p" + std::to_string(store::kMaxPinnedAnswers + 4)));
  EXPECT_TRUE(has("n10"));
  // They go with their network.
  ASSERT_EQ(call("DELETE", "/api/v1/networks/" + net, spark_).status, 204);
  EXPECT_EQ((*db)->find_answer(*spark, net, key("d")).err().code, error_code::not_found);
  const auto again = call("POST", "/api/v1/networks?name=kept", spark_, spark_network_json());
  ASSERT_EQ(again.status, 201) << again.body;
  const std::string net2 = body_of(again).value("id", "");
  const auto f = (*db)->find_answer(*spark, net2, key("d"));
  ASSERT_TRUE(f) << f.err().message;
  EXPECT_FALSE(f.value().has_value());
}

// The dashboard's map: every site of the Spark network placed, with its
// vendors counted; another operator's caller sees nothing of it.
TEST_P(api_test, SitesPlaceEachSiteWithItsVendors) {
  const auto [net, prp] = submitted();
  const auto r = call("GET", "/api/v1/networks/" + net + "/sites", spark_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json b = body_of(r);
  EXPECT_EQ(b["kind"], "sites");
  EXPECT_EQ(b["unplaced_elements"], 0);
  ASSERT_EQ(b["sites"].size(), 166U);
  const auto dc =
      std::find_if(b["sites"].begin(), b["sites"].end(), [](const json& s) { return s["site"] == "dc-akl"; });
  ASSERT_NE(dc, b["sites"].end());
  EXPECT_EQ((*dc)["region"], "Auckland");
  EXPECT_DOUBLE_EQ((*dc)["lat"].get<double>(), -36.86);
  EXPECT_DOUBLE_EQ((*dc)["lon"].get<double>(), 174.77);
  EXPECT_EQ((*dc)["elements"], 14);
  EXPECT_EQ((*dc)["vendors"], (json{{"Ciena", 2}, {"Cisco", 5}, {"Ericsson", 6}, {"Oracle", 1}}));
  EXPECT_EQ(b["aggregated"], false);
  EXPECT_EQ((*dc)["sites"], 1);
  // Fewer places asked for: grid cells holding every site and element.
  const auto grid = call("GET", "/api/v1/networks/" + net + "/sites?max_sites=10", spark_);
  ASSERT_EQ(grid.status, 200) << grid.body;
  const json g = body_of(grid);
  EXPECT_EQ(g["aggregated"], true);
  EXPECT_GT(g["cell_degrees"].get<double>(), 0.01);
  EXPECT_LE(g["sites"].size(), 10U);
  std::uint64_t sites = 0;
  std::uint64_t elements = 0;
  for (const auto& cell : g["sites"]) {
    sites += cell["sites"].get<std::uint64_t>();
    elements += cell["elements"].get<std::uint64_t>();
  }
  EXPECT_EQ(sites, 166U);
  EXPECT_EQ(elements, 392U);
  const auto bad = call("GET", "/api/v1/networks/" + net + "/sites?max_sites=0", spark_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body_of(bad)["location"]["field"], "max_sites");
  EXPECT_EQ(call("GET", "/api/v1/networks/" + net + "/sites", gcsb_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/networks/" + net + "/sites", onenz_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/networks/" + net + "/sites", "").status, 401);
}

// The map coloured by an outage: each site's access elements and subscribers
// that Huawei's outage cuts, adding up to the outage analysis' figure.
TEST_P(api_test, SitesSayWhatAVendorsOutageCuts) {
  const auto [net, prp] = submitted();
  const std::string base = "/api/v1/networks/" + net;
  const json lost = body_of(call("GET", base + "/outage?vendor=Huawei", spark_));
  const auto expected = lost["outages"]["Huawei"]["subscribers_lost"].get<std::uint64_t>();
  ASSERT_GT(expected, 0U);
  for (const std::string grid : {"", "&max_sites=10"}) {
    const auto r = call("GET", base + "/sites?outage=HUAWEI" + grid, spark_);
    ASSERT_EQ(r.status, 200) << r.body;
    const json b = body_of(r);
    EXPECT_EQ(b["outage"]["vendor"], "Huawei");
    EXPECT_EQ(b["outage"]["subscribers_cut"], expected);
    std::uint64_t sum = 0;
    std::uint64_t places_cut = 0;
    for (const auto& s : b["sites"]) {
      sum += s["subscribers_cut"].get<std::uint64_t>();
      places_cut += s["access_cut"].get<std::uint64_t>() > 0 ? 1 : 0;
      EXPECT_LE(s["subscribers_cut"].get<std::uint64_t>(), s["subscribers"].get<std::uint64_t>());
    }
    EXPECT_EQ(sum, expected);
    EXPECT_GT(places_cut, 0U);
  }
  EXPECT_TRUE(body_of(call("GET", base + "/sites", spark_))["outage"].is_null());
  EXPECT_FALSE(body_of(call("GET", base + "/sites", spark_))["sites"][0].contains("subscribers_cut"));
  const auto bad = call("GET", base + "/sites?outage=Atlantis%20Radio", spark_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body_of(bad)["location"]["field"], "outage");
}

// The dashboard's removal plan: Canada's removal order on Spark's network,
// planned from a date, with the errors that name their parameter.
TEST_P(api_test, RemovalPlanOfAStoredNetwork) {
  const auto [net, prp] = submitted();
  const std::string base = "/api/v1/networks/" + net + "/plan";
  const auto r = call("GET", base + "?policy=ca&start=2026-01-01&crews=50", spark_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json b = body_of(r);
  EXPECT_EQ(b["kind"], "plan");
  EXPECT_EQ(b["from"], "2026-Q1");
  ASSERT_FALSE(b["periods"].empty());
  EXPECT_EQ(b["site_count"], 149);
  const bool names_rule = std::any_of(b["milestones"].begin(), b["milestones"].end(),
                                      [](const json& m) { return m["rule"] == "ca-2022-removal"; });
  EXPECT_TRUE(names_rule);
  EXPECT_EQ(call("GET", base + "?policy=ca", gcsb_).status, 200);
  EXPECT_EQ(body_of(call("GET", base, spark_))["location"]["field"], "policy");
  EXPECT_EQ(call("GET", base + "?policy=atlantis", spark_).status, 404);
  EXPECT_EQ(body_of(call("GET", base + "?policy=ca&start=2026-13-01", spark_))["location"]["field"], "start");
  EXPECT_EQ(body_of(call("GET", base + "?policy=ca&crews=-1", spark_))["location"]["field"], "crews");
  EXPECT_EQ(call("GET", base + "?policy=ca", onenz_).status, 404);
  EXPECT_EQ(call("GET", base + "?policy=ca", "").status, 401);
}

// What `netvet plan` takes that makes sense over HTTP: a vendor removed by a
// date (without a pack), monthly periods, a budget a year; each bad value a
// 400 naming its parameter.
TEST_P(api_test, RemovalPlanTakesThePlannersParameters) {
  const auto [net, prp] = submitted();
  const std::string base = "/api/v1/networks/" + net + "/plan";
  const auto r = call(
      "GET", base + "?remove_vendor=huawei&start=2026-01-01&until=2027-12-31&period=month&budget=1e9&crews=20", spark_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json b = body_of(r);
  EXPECT_EQ(b["from"], "2026-01");
  EXPECT_EQ(b["site_count"], 150);
  const auto quarterly = body_of(call("GET", base + "?remove_vendor=Huawei&start=2026-01-01&until=2027-12-31", spark_));
  EXPECT_EQ(quarterly["from"], "2026-Q1");
  EXPECT_GT(b["periods"].size(), quarterly["periods"].size());
  const auto field = [&](const std::string& q) {
    return body_of(call("GET", base + "?" + q, spark_))["location"]["field"];
  };
  EXPECT_EQ(field("remove_vendor=Huawei&start=2026-01-01"), "until");
  EXPECT_EQ(field("remove_vendor=Atlantis%20Radio&until=2027-12-31"), "remove_vendor");
  EXPECT_EQ(field("policy=ca&start=2026-01-01&until=2025-12-31"), "until");
  EXPECT_EQ(field("policy=ca&until=2027-02-30"), "until");
  EXPECT_EQ(field("policy=ca&period=week"), "period");
  EXPECT_EQ(field("policy=ca&budget=-5"), "budget");
  EXPECT_EQ(field("policy=ca&budget=lots"), "budget");
  EXPECT_EQ(field("policy=ca&crews=0"), "crews");
  EXPECT_EQ(field("policy=ca&currency=XYZ"), "currency");
  EXPECT_EQ(field("policy=ca&currency=euro"), "currency");
  EXPECT_EQ(call("GET", base + "?remove_vendor=Huawei&until=2027-12-31", onenz_).status, 404);
  // In euros: the GBP cost rows converted at the ECB's rate of 2019-10-01, and the answer says so.
  const auto pounds = body_of(call("GET", base + "?policy=ca&start=2026-01-01&crews=50", spark_));
  const auto euros = body_of(call("GET", base + "?policy=ca&start=2026-01-01&crews=50&currency=eur", spark_));
  EXPECT_EQ(pounds["currency"], "GBP");
  EXPECT_EQ(euros["currency"], "EUR");
  ASSERT_TRUE(euros["conversion"].is_object()) << euros.dump();
  EXPECT_FALSE(euros["conversion"]["items"].empty());
  EXPECT_NEAR(euros["total_cost"].get<double>(), pounds["total_cost"].get<double>() / 0.88955,
              pounds["site_count"].get<double>() * 0.01);
}

TEST_P(api_test, ProposalsComeFromTheCallersOrganisationAndNameNoFile) {
  const auto up = call("POST", "/api/v1/networks?name=n", spark_, spark_network_json());
  const std::string net = body_of(up)["id"];
  json with_file = spark_proposal();
  with_file["network"] = "/etc/passwd";
  auto r = call("POST", "/api/v1/proposals", spark_, json{{"network", net}, {"proposal", with_file}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["location"]["field"], "proposal.network");
  json other = spark_proposal();
  other["jurisdiction"] = "gb";
  r = call("POST", "/api/v1/proposals", spark_, json{{"network", net}, {"proposal", other}}.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["location"]["field"], "proposal.jurisdiction");
  // Another operator's network is not there for it.
  r = call("POST", "/api/v1/proposals", onenz_, json{{"network", net}, {"proposal", spark_proposal()}}.dump());
  EXPECT_EQ(r.status, 404);
}

TEST_P(api_test, EveryStateAndMoveOfTheStateMachine) {
  const auto [net, prp] = submitted();
  const json decision = {{"decision", "no_significant_risk"}, {"reasons", "r"}};
  const std::string base = "/api/v1/proposals/" + prp;
  EXPECT_EQ(call("POST", base + "/submit", spark_).status, 409);  // submitted already
  const auto info = call("POST", base + "/request-info", gcsb_, json{{"reasons", "which sites?"}}.dump());
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(body_of(info)["state"], "info_requested");
  EXPECT_EQ(call("POST", base + "/decision", gcsb_, decision.dump()).status, 409);  // not submitted
  // The operator amends: a new version linked to the old.
  const auto amended = call("POST", base + "/amend", spark_, json{{"proposal", spark_proposal()}}.dump());
  ASSERT_EQ(amended.status, 201) << amended.body;
  const json v2 = body_of(amended);
  EXPECT_EQ(v2["version"], 2);
  EXPECT_EQ(v2["supersedes"], prp);
  EXPECT_EQ(amended.body, call("GET", "/api/v1/proposals/" + v2["id"].get<std::string>(), spark_).body);
  EXPECT_EQ(body_of(call("GET", base, spark_))["state"], "superseded");
  EXPECT_EQ(call("POST", base + "/withdraw", spark_).status, 409);
  const std::string next = "/api/v1/proposals/" + v2["id"].get<std::string>();
  EXPECT_EQ(call("POST", next + "/decision", gcsb_, decision.dump()).status, 404);  // a draft: not notified
  EXPECT_EQ(call("POST", next + "/submit", spark_).status, 200);
  const auto bad = call("POST", next + "/decision", gcsb_, json{{"decision", "maybe"}, {"reasons", "r"}}.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body_of(bad)["location"]["field"], "decision");
  const auto conditionless =
      call("POST", next + "/decision", gcsb_, json{{"decision", "risk_to_address"}, {"reasons", "r"}}.dump());
  EXPECT_EQ(body_of(conditionless)["location"]["field"], "conditions");
  EXPECT_EQ(call("POST", next + "/decision", gcsb_, decision.dump()).status, 200);
  EXPECT_EQ(call("POST", next + "/withdraw", spark_).status, 409);  // decided
  EXPECT_EQ(call("POST", next + "/decision", gcsb_, decision.dump()).status, 409);
}

TEST_P(api_test, ListsPageWithACursor) {
  const auto up = call("POST", "/api/v1/networks?name=n", spark_, spark_network_json());
  const std::string net = body_of(up)["id"];
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(
        call("POST", "/api/v1/proposals", spark_, json{{"network", net}, {"proposal", spark_proposal()}}.dump()).status,
        201);
  }
  std::vector<std::string> seen;
  std::string cursor;
  do {
    const auto r = call("GET", "/api/v1/proposals?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), spark_);
    ASSERT_EQ(r.status, 200) << r.body;
    const json page = body_of(r);
    for (const auto& it : page["items"]) {
      seen.push_back(it["id"]);
    }
    cursor = page["next"].is_null() ? "" : page["next"].get<std::string>();
  } while (!cursor.empty());
  ASSERT_EQ(seen.size(), 5U);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end(), [](const std::string& a, const std::string& b) {
    return std::stoi(a.substr(4)) > std::stoi(b.substr(4));
  }));
  EXPECT_EQ(call("GET", "/api/v1/proposals?limit=501", spark_).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/proposals?cursor=zz", spark_).status, 400);
}

// For every route and every hostile caller: the expected status, and the
// store unchanged. Generated from the route table, so a new route joins it.
TEST_P(api_test, HostileMatrixFromTheRouteTable) {
  const auto [net, prp] = submitted();
  // A token that has expired, one that is revoked, one of another shape.
  const std::string expired = add_user("Spark", "spark-short", "operator_editor");
  const std::string revoked = add_user("Spark", "spark-gone", "operator_editor");
  const std::string revoked_id = revoked.substr(4, 16);
  ASSERT_EQ(call("DELETE", "/api/v1/tokens/" + revoked_id, admin_).status, 204);
  const std::string garbage = "nvt_0123456789abcdef_" + std::string(43, 'A');
  clock_ += 91 * 86400;  // past the default 90 days: every token above is expired now ...
  // ... so issue the living ones again, after the clock moved.
  spark_ = add_user("Spark", "spark-editor2", "operator_editor");
  spark_ro_ = add_user("Spark", "spark-reader2", "operator_editor", true);
  onenz_ = add_user("One NZ", "onenz-editor2", "operator_editor");
  ncsc_ = add_user("NCSC", "ncsc-analyst2", "regulator_assessor");
  gcsb_ = add_user("GCSB", "gcsb-analyst2", "regulator_assessor");
  const std::string before = digest();

  const std::string body = json{{"network", net},
                                {"proposal", spark_proposal()},
                                {"decision", "no_significant_risk"},
                                {"reasons", "r"},
                                {"name", "x"},
                                {"kind", "operator"},
                                {"jurisdiction", "nz"},
                                {"org", "Spark"},
                                {"role", "operator_viewer"},
                                {"pack", "gb"},
                                {"rule", "gb-nsc-2020-core"},
                                {"elements", {"ems-akl-1"}},
                                {"justification", "j"},
                                {"expires", "2030-01-01"},
                                {"password", "a long enough passphrase"}}
                               .dump();
  int checked = 0;
  for (const auto& r : api_routes()) {
    if (!r.needs_auth) {
      continue;
    }
    std::string path(r.pattern);
    if (const auto at = path.find("{}"); at != std::string::npos) {
      const bool token_route = path.starts_with("/api/v1/tokens");
      path.replace(at, 2, path.starts_with("/api/v1/networks") ? net : token_route ? spark_.substr(4, 16) : prp);
    }
    if (path == "/api/v1/networks") {
      path += "?name=hostile";
    }
    const bool writes = r.method != "GET";
    const std::string b = r.body_cap > 0 ? body : "";
    const std::string what = std::string(r.method) + " " + path;
    for (const auto& t : {std::string(), garbage, expired, revoked}) {
      EXPECT_EQ(call(std::string(r.method), path, t, b).status, 401) << what;
    }
    const bool has_object = r.pattern.find("{}") != std::string_view::npos;
    if (has_object) {
      // Another operator, and the regulator of another jurisdiction: not there.
      EXPECT_EQ(call(std::string(r.method), path, onenz_, b).status, 404) << what << " as One NZ";
      if (!path.starts_with("/api/v1/tokens")) {
        EXPECT_EQ(call(std::string(r.method), path, ncsc_, b).status, 404) << what << " as NCSC";
      }
    }
    // (DELETE /session ends the cookie's session; a token has none to end: 400.)
    if (writes && path != "/api/v1/session") {
      const int s = call(std::string(r.method), path, spark_ro_, b).status;
      EXPECT_TRUE(s == 403 || s == 404) << what << " with a read-only token: " << s;
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
  // An operator calling a regulator's action on its own notification.
  for (const std::string move : {"decision", "request-info"}) {
    EXPECT_EQ(call("POST", "/api/v1/proposals/" + prp + "/" + move, spark_, body).status, 403) << move;
  }
  // A regulator editing a network of its own jurisdiction.
  EXPECT_EQ(call("DELETE", "/api/v1/networks/" + net, gcsb_).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/networks?name=reg", gcsb_, spark_network_json()).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/orgs", spark_, body).status, 403);
  EXPECT_EQ(digest(), before);
}

TEST_P(api_test, WaiversShowAFindingApartUntilTheyExpire) {
  const auto [net, prp] = submitted();
  const std::string audit = "/api/v1/networks/" + net + "/audit?policy=gb&as_of=";
  const auto findings_of = [&](const std::string& date, const std::string& token) {
    const auto r = call("GET", audit + date, token);
    EXPECT_EQ(r.status, 200) << r.body;
    return body_of(r);
  };
  const auto has_rule = [](const json& list, const std::string& rule) {
    return std::any_of(list.begin(), list.end(), [&](const json& f) { return f["rule"] == rule; });
  };
  const std::string rule = "gb-nsc-2020-core";
  ASSERT_TRUE(has_rule(findings_of("2026-06-01", spark_)["findings"], rule));

  const json waiver = {{"network", net},
                       {"pack", "gb"},
                       {"rule", rule},
                       {"elements", {"ems-akl-1"}},
                       {"justification", "the EMS is isolated and replaced in the 2026 programme"},
                       {"expires", "2027-01-01"}};
  EXPECT_EQ(call("POST", "/api/v1/waivers", spark_, waiver.dump()).status, 403);  // the operator
  EXPECT_EQ(call("POST", "/api/v1/waivers", ncsc_, waiver.dump()).status, 404);   // another jurisdiction
  json unknown = waiver;
  unknown["rule"] = "no-such-rule";
  const auto bad = call("POST", "/api/v1/waivers", gcsb_, unknown.dump());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(body_of(bad)["location"]["field"], "rule");
  const auto granted = call("POST", "/api/v1/waivers", gcsb_, waiver.dump());
  ASSERT_EQ(granted.status, 201) << granted.body;
  const std::string id = body_of(granted)["id"];

  // Shown apart while it applies, to the operator as well; back once it expires.
  json before = findings_of("2026-06-01", spark_);
  EXPECT_FALSE(has_rule(before["findings"], rule));
  ASSERT_EQ(before["waived"].size(), 1U);
  EXPECT_EQ(before["waived"][0]["rule"], rule);
  EXPECT_EQ(before["waived"][0]["waiver"]["id"], id);
  const json after = findings_of("2027-01-01", spark_);
  EXPECT_TRUE(has_rule(after["findings"], rule));
  EXPECT_TRUE(after["waived"].empty());
  EXPECT_EQ(body_of(call("GET", "/api/v1/networks/" + net + "/waivers", spark_))["items"].size(), 1U);

  EXPECT_EQ(call("DELETE", "/api/v1/waivers/" + id, spark_).status, 403);
  EXPECT_EQ(call("DELETE", "/api/v1/waivers/" + id, gcsb_).status, 204);
  EXPECT_TRUE(has_rule(findings_of("2026-06-01", spark_)["findings"], rule));
  EXPECT_EQ(call("DELETE", "/api/v1/waivers/" + id, gcsb_).status, 404);
}

TEST_P(api_test, FailedSignInsAreLoggedWithTheAddressAndNeverTheSecret) {
  const std::string wrong = spark_.substr(0, 21) + std::string(43, 'x');
  EXPECT_EQ(call("GET", "/api/v1/networks", wrong).status, 401);
  const auto log = body_of(call("GET", "/api/v1/log?limit=500", admin_));
  bool found = false;
  for (const auto& e : log["items"]) {
    EXPECT_EQ(e["body"].get<std::string>().find(spark_.substr(21)), std::string::npos);
    if (e["kind"] == "login.failed" && e["data"]["reason"] == "wrong secret") {
      found = true;
      EXPECT_EQ(e["data"]["peer"], "192.0.2.7");
    }
  }
  EXPECT_TRUE(found);
  // The database holds no token secret.
  const std::string file = stored_bytes();
  EXPECT_EQ(file.find(spark_.substr(21)), std::string::npos);
}

TEST_P(api_test, OperatorsReadOnlyTheirOwnLogEntries) {
  submitted();
  const auto mine = body_of(call("GET", "/api/v1/log?limit=500", spark_));
  ASSERT_FALSE(mine["items"].empty());
  for (const auto& e : mine["items"]) {
    EXPECT_EQ(e["chain"], "nz");
  }
  EXPECT_TRUE(body_of(call("GET", "/api/v1/log", onenz_))["items"].empty());
  EXPECT_EQ(body_of(call("GET", "/api/v1/log?limit=500", gcsb_))["items"].size(), mine["items"].size());
  EXPECT_EQ(call("GET", "/api/v1/log/checkpoint?chain=gb", spark_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/log/checkpoint", spark_).status, 200);
}

TEST_P(api_test, LogProofsInScopeVerifyOffline) {
  const auto up = call("POST", "/api/v1/networks?name=spark-first", spark_, spark_network_json());
  ASSERT_EQ(up.status, 201) << up.body;
  const auto held_r = call("GET", "/api/v1/log/checkpoint", spark_);
  ASSERT_EQ(held_r.status, 200);
  const auto held = store::signed_checkpoint::from_json(body_of(held_r), "held");
  ASSERT_TRUE(held) << held.err().message;
  EXPECT_EQ(held->root.size(), 64U);
  submitted();
  const auto keys = store::keys_from_json(body_of(call("GET", "/api/v1/log/keys", spark_)), "keys");
  ASSERT_TRUE(keys);

  // Inclusion: every entry of Spark's, at the chain's size and at an earlier one.
  const auto mine = body_of(call("GET", "/api/v1/log?limit=500", spark_));
  ASSERT_GE(mine["items"].size(), 3U);
  for (const auto& e : mine["items"]) {
    const std::string idx = std::to_string(e["idx"].get<std::uint64_t>());
    for (const std::string& size : {std::string(), "&size=" + std::to_string(e["idx"].get<std::uint64_t>() + 1)}) {
      const auto r = call("GET", "/api/v1/log/proof/inclusion?chain=nz&index=" + idx + size, spark_);
      ASSERT_EQ(r.status, 200) << r.body;
      const json j = body_of(r);
      EXPECT_EQ(j["entry"]["body"], e["body"]);
      const auto proof = store::inclusion_proof_from_json(j, "proof");
      ASSERT_TRUE(proof) << proof.err().message;
      EXPECT_EQ(store::check_inclusion(*proof, *keys), "");
      auto forged = *proof;
      forged.entry.body[forged.entry.body.size() / 2] ^= 1;
      EXPECT_NE(store::check_inclusion(forged, *keys), "");
    }
  }
  const std::string first_idx = std::to_string(mine["items"][0]["idx"].get<std::uint64_t>());
  EXPECT_EQ(call("GET", "/api/v1/log/proof/inclusion?chain=nz&index=" + first_idx, gcsb_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/log/proof/inclusion?chain=nz&index=" + first_idx, onenz_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/log/proof/inclusion?chain=nz&index=" + first_idx, ncsc_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/log/proof/inclusion?chain=system&index=0", spark_).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/log/proof/inclusion?chain=system&index=0", admin_).status, 200);

  // Consistency: from the held checkpoint to now.
  const auto r = call("GET", "/api/v1/log/proof/consistency?chain=nz&first=" + std::to_string(held->count), spark_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto proof = store::consistency_proof_from_json(body_of(r), "proof");
  ASSERT_TRUE(proof) << proof.err().message;
  EXPECT_GT(proof->second, held->count);
  EXPECT_EQ(store::check_consistency(*held, *proof, *keys), "");
  EXPECT_EQ(call("GET", "/api/v1/log/proof/consistency?chain=nz&first=1", onenz_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/log/proof/consistency?chain=nz&first=1", gcsb_).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/log/proof/consistency?chain=nz&first=1", ncsc_).status, 404);

  // Bad or missing parameters name the parameter.
  for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/log/proof/inclusion?chain=nz", "index"},
           {"/api/v1/log/proof/inclusion?chain=nz&index=x", "index"},
           {"/api/v1/log/proof/inclusion?chain=nz&index=-1", "index"},
           {"/api/v1/log/proof/inclusion?chain=nz&index=" + first_idx + "&size=99999", "size"},
           {"/api/v1/log/proof/inclusion?chain=nz&index=" + first_idx + "&size=" + first_idx, "size"},
           {"/api/v1/log/proof/consistency?chain=nz", "first"},
           {"/api/v1/log/proof/consistency?chain=nz&first=2&second=1", "first"},
           {"/api/v1/log/proof/consistency?chain=nz&first=1&second=99999", "second"},
           {"/api/v1/log/proof/consistency?chain=nz&first=1&second=1e3", "second"}}) {
    const auto bad = call("GET", target, spark_);
    EXPECT_EQ(bad.status, 400) << target << " " << bad.body;
    EXPECT_EQ(body_of(bad)["location"]["field"], field) << target;
  }
}

TEST_P(api_test, HostileBodiesAreRefusedNamingTheField) {
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  auto r = call("POST", "/api/v1/orgs", admin_, deep);
  EXPECT_EQ(r.status, 413);
  r = call("POST", "/api/v1/orgs", admin_, "{\"name\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/problem+json");
  r = call("POST", "/api/v1/orgs", admin_, json{{"name", "X"}, {"kind", "operator"}, {"jurisdiction", "NZ!"}}.dump());
  EXPECT_EQ(body_of(r)["location"]["field"], "jurisdiction");
  r = call("POST", "/api/v1/orgs", admin_, "{}", "text/plain");
  EXPECT_EQ(r.status, 415);
  r = call("POST", "/api/v1/networks?name=bad", spark_, "{\"elements\": [{\"id\": 1}]}");
  EXPECT_EQ(r.status, 400) << r.body;
  r = call("PUT", "/api/v1/orgs", admin_);
  EXPECT_EQ(r.status, 405);
  r = call("GET", "/api/v1/nothing", admin_);
  EXPECT_EQ(r.status, 404);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A multipart/form-data body as curl -F builds it.
std::string form(const std::vector<std::pair<std::string, std::string>>& parts, const std::string& boundary) {
  std::string out;
  for (const auto& [name, data] : parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name +
           ".csv\"\r\nContent-Type: text/csv\r\n\r\n" + data + "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

TEST_P(api_test, ACsvPairUploadIsTheSameNetworkAsItsJson) {
  const std::string dir = std::string(NETVET_SOURCE_DIR) + "/examples/spark-2018/network";
  const std::string type = "multipart/form-data; boundary=----nv7";
  const auto body =
      form({{"elements", read_text(dir + "/elements.csv")}, {"links", read_text(dir + "/links.csv")}}, "----nv7");
  const auto csv = call("POST", "/api/v1/networks?name=from-csv", spark_, body, type);
  ASSERT_EQ(csv.status, 201) << csv.body;
  const auto js = call("POST", "/api/v1/networks?name=from-json", spark_, spark_network_json());
  ASSERT_EQ(js.status, 201) << js.body;
  EXPECT_EQ(body_of(csv)["elements"], body_of(js)["elements"]);
  EXPECT_EQ(body_of(csv)["links"], body_of(js)["links"]);
  EXPECT_EQ(body_of(csv)["content_hash"], body_of(js)["content_hash"]);

  // The transport's spooled form of the same body (a file, mapped while read).
  const auto spooled_path = dir_ / "body-spooled";
  std::ofstream(spooled_path, std::ios::binary) << body;  // NOLINT
  request r;
  r.method = "POST";
  r.path = "/api/v1/networks";
  r.query = {{"name", "spooled"}};
  r.headers = {{"authorization", "Bearer " + spark_}, {"content-type", type}};
  r.spooled = std::make_shared<spooled_file>(spooled_path);
  const auto sp = api_->handle(r);
  ASSERT_EQ(sp.status, 201) << sp.body;
  EXPECT_EQ(body_of(sp)["content_hash"], body_of(js)["content_hash"]);
  r.spooled.reset();
  EXPECT_FALSE(std::filesystem::exists(spooled_path));  // removed with the last request holding it
}

TEST_P(api_test, BadCsvPairUploadsNameThePartAndStoreNothing) {
  const std::string type = "multipart/form-data; boundary=b";
  auto r = call("POST", "/api/v1/networks?name=x", spark_, form({{"links", "a_end,b_end\n"}}, "b"), type);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["location"]["field"], "elements");
  r = call("POST", "/api/v1/networks?name=x", spark_, form({{"elements", "id\n"}, {"sites", "x"}}, "b"), type);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["location"]["field"], "sites");
  r = call("POST", "/api/v1/networks?name=x", spark_, form({{"elements", "id\n"}, {"elements", "id\n"}}, "b"), type);
  EXPECT_EQ(r.status, 400);
  r = call("POST", "/api/v1/networks?name=x", spark_, "--b\r\nno end", type);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["location"]["field"], "body");
  r = call("POST", "/api/v1/networks?name=x", spark_, form({{"elements", "id,function\ng1,gnb\n"}}, "b"),
           "multipart/form-data");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["location"]["field"], "Content-Type");
  // A broken CSV row names the uploaded file, its line and its column.
  r = call("POST", "/api/v1/networks?name=x", spark_,
           form({{"elements", "id,function,vendor\ng1,gnb,Nokia\ng2,not-a-function,Nokia\n"}}, "b"), type);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(body_of(r)["location"]["line"], 3) << r.body;
  r = call("POST", "/api/v1/networks?name=x", spark_, "id,function\n", "text/csv");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(body_of(call("GET", "/api/v1/networks", spark_))["items"].size(), 0U);
}

// A fresh store of the parameter's kind (skipped without a PostgreSQL to
// test on) and the options that open it with a signing key of its own.
class keyed_store_test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ws = store_uri(GetParam(), dir, pg);
    if (ws.empty()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    auto made = store::create_signing_key(dir / "k");
    ASSERT_TRUE(made) << made.err().message;
    key.emplace(std::move(*made));
    so.key = &*key;
  }

  testing::temp_dir dir;
  std::unique_ptr<testing::pg_database> pg;
  std::string ws;
  std::optional<crypto::signing_key> key;
  store::server_store_options so;
};

class ServerLog : public keyed_store_test {};

TEST_P(ServerLog, VerifyNamesTheFirstAlteredEntry) {
  store::signed_checkpoint held;
  {
    auto db = store::open_server_store(ws, so);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->init({"root", {kStart}, {kStart + 86400}, std::nullopt}));
    const auto admin = (*db)->local_admin();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE((*db)->create_org(*admin, {0, "org" + std::to_string(i), store::org_kind::operator_org, "nz", {}},
                                    {kStart + i}));
    }
    held = *(*db)->checkpoint(*admin, "system", {kStart + 10});
  }
  const auto verify = [&](const std::vector<store::signed_checkpoint>& h) {
    auto db = store::open_server_store(ws, {});
    auto v = (*db)->verify_log(h);
    EXPECT_TRUE(v);
    return *v;
  };
  ASSERT_FALSE(verify({held}).front().first_bad);
  const auto tamper = [&](const std::string& sql) {
    if (pg) {
      // The owner (or a superuser) can switch the append-only trigger off.
      EXPECT_EQ(pg->exec("ALTER TABLE log_entry DISABLE TRIGGER USER; " + sql +
                         "; ALTER TABLE log_entry ENABLE TRIGGER USER"),
                "");
      return;
    }
    sqlite3* db = nullptr;
    sqlite3_open(ws.c_str(), &db);
    // An attacker with the file drops the append-only triggers first.
    sqlite3_exec(db, "DROP TRIGGER log_entry_no_update; DROP TRIGGER log_entry_no_delete;", nullptr, nullptr, nullptr);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  };
  tamper("UPDATE log_entry SET body = replace(body, 'org3', 'orgX') WHERE chain = 'system' AND idx = 5");
  auto v = verify({});
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v.front().chain, "system");
  EXPECT_EQ(v.front().entries, 7U);  // init, its token, five organisations
  ASSERT_TRUE(v.front().first_bad);
  EXPECT_EQ(*v.front().first_bad, 5U);
  // Cutting the tail is seen only with a checkpoint held from before.
  tamper("DELETE FROM log_entry WHERE chain = 'system' AND idx >= 5");
  tamper("DELETE FROM checkpoint");
  EXPECT_FALSE(verify({}).front().first_bad);
  v = verify({held});
  ASSERT_TRUE(v.front().first_bad);
  EXPECT_EQ(*v.front().first_bad, 5U);
}

// The checkpoint carries the Merkle root; one whose root does not match the
// log at its count (signed by the server's own key over another history)
// fails, as one signed by no published key does.
TEST_P(ServerLog, HeldCheckpointsAreCheckedAgainstTheMerkleRoot) {
  auto db = store::open_server_store(ws, so);
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->init({"root", {kStart}, {kStart + 86400}, std::nullopt}));
  const auto admin = (*db)->local_admin();
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE((*db)->create_org(*admin, {0, "org" + std::to_string(i), store::org_kind::operator_org, "nz", {}},
                                  {kStart + i}));
  }
  const auto good = (*db)->checkpoint(*admin, "system", {kStart + 10});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->root.size(), 64U);
  auto v = (*db)->verify_log({*good});
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->front().first_bad) << v->front().why;

  store::signed_checkpoint other = *good;
  other.root = crypto::to_hex(crypto::sha256("another history"));
  other.signature = crypto::to_hex(key->sign(other.signed_text()));
  v = (*db)->verify_log({other});
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->front().first_bad);
  EXPECT_EQ(*v->front().first_bad, good->count - 1);
  EXPECT_NE(v->front().why.find("Merkle root"), std::string::npos) << v->front().why;

  store::signed_checkpoint unsigned_root = *good;
  unsigned_root.root = other.root;  // the old signature does not cover it
  v = (*db)->verify_log({unsigned_root});
  ASSERT_TRUE(v && v->front().first_bad);
  EXPECT_NE(v->front().why.find("not signed"), std::string::npos);
}

class ServerKeyRotation : public ::testing::TestWithParam<std::string> {};

// Rotation: the old key retired but still published, the new one signing;
// checkpoints of both verify, and a server following the key file picks the
// new key up without a restart.
TEST_P(ServerKeyRotation, RotatedKeysStayPublishedAndTheirCheckpointsVerify) {
  testing::temp_dir dir;
  std::unique_ptr<testing::pg_database> pg;
  const std::string ws = store_uri(GetParam(), dir, pg);
  if (ws.empty()) {
    GTEST_SKIP() << testing::pg_database::kSkip;
  }
  const std::string path = dir / "k";
  const auto old_key = store::create_signing_key(path);
  ASSERT_TRUE(old_key);
  const auto file = store::signing_key_file::open(path);
  ASSERT_TRUE(file) << file.err().message;
  store::server_store_options so;
  so.key_file = *file;
  auto db = store::open_server_store(ws, so);
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->init({"root", {kStart}, {kStart + 86400}, std::nullopt}));
  const auto admin = (*db)->local_admin();
  const auto before = (*db)->checkpoint(*admin, "system", {kStart + 1});
  ASSERT_TRUE(before);

  const auto next = crypto::signing_key::generate();
  ASSERT_TRUE(next);
  const auto staged = store::stage_signing_key(path, *next);
  ASSERT_TRUE(staged) << staged.err().message;
  const auto published = (*db)->rotate_key(*admin, next->public_bytes(), {kStart + 2});
  ASSERT_TRUE(published) << published.err().message;
  ASSERT_TRUE(store::replace_signing_key(*staged, path));
  EXPECT_EQ((*db)->rotate_key(*admin, next->public_bytes(), {kStart + 3}).err().code, error_code::already_exists);

  const auto after = (*db)->checkpoint(*admin, "system", {kStart + 4});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->key_id, published->key_id);
  EXPECT_NE(after->key_id, before->key_id);
  const auto keys = (*db)->keys();
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2U);
  EXPECT_EQ(keys->at(0).key_id, before->key_id);
  EXPECT_TRUE(keys->at(0).retired_at);
  EXPECT_FALSE(keys->at(1).retired_at);
  const auto v = (*db)->verify_log({*before, *after});
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->front().first_bad) << v->front().why;
  const auto log = (*db)->log(*admin, {500});
  ASSERT_TRUE(log);
  EXPECT_TRUE(std::any_of(log->items.begin(), log->items.end(),
                          [](const store::log_entry& e) { return e.kind == "signing_key.rotated"; }));
  store::principal viewer = *admin;
  viewer.who = store::role::regulator_viewer;
  viewer.kind = store::org_kind::regulator;
  EXPECT_EQ((*db)->rotate_key(viewer, next->public_bytes(), {kStart + 5}).err().code, error_code::forbidden);
}

// A schema-1 store (no leaf column, checkpoints without a root, signed over
// the chain-only text; PostgreSQL: no netvet_log_leaves either) is upgraded
// in place when opened: the old entries' leaves come from their bodies, the
// old checkpoint still verifies, and proofs cover old and new entries alike.
class ServerLogUpgrade : public keyed_store_test {};

TEST_P(ServerLogUpgrade, ASchemaOneStoreIsUpgradedAndItsOldCheckpointsStillVerify) {
  std::string hash;
  std::string key_id;
  {
    auto db = store::open_server_store(ws, so);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->init({"root", {kStart}, {kStart + 86400}, std::nullopt}));
    const auto admin = (*db)->local_admin();
    ASSERT_TRUE((*db)->create_org(*admin, {0, "org0", store::org_kind::operator_org, "nz", {}}, {kStart + 1}));
    const auto log = (*db)->log(*admin, {500});
    ASSERT_TRUE(log && log->items.size() >= 3U);
    hash = log->items[2].hash;
    key_id = (*db)->keys()->front().key_id;
  }
  // Back to schema 1, with a checkpoint signed as schema 1 signed them.
  const auto legacy_sig = crypto::sign_checkpoint(*key, {3, *crypto::from_hex<32>(hash)});
  const store::signed_checkpoint legacy{"system", 3, hash, "", key_id, crypto::to_hex(legacy_sig)};
  const std::string sql = std::string(pg ? "DROP FUNCTION netvet_log_leaves(text, bigint); " : "") +
                          "ALTER TABLE log_entry DROP COLUMN leaf; DELETE FROM checkpoint; "
                          "ALTER TABLE checkpoint DROP COLUMN root; UPDATE server_schema SET version = 1; "
                          "INSERT INTO checkpoint (chain, count, hash, key_id, signature, at) VALUES ('system', 3, '" +
                          hash + "', '" + key_id + "', '" + legacy.signature + "', 1)";
  if (pg) {
    ASSERT_EQ(pg->exec(sql), "");
  } else {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(ws.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }

  auto db = store::open_server_store(ws, so);
  ASSERT_TRUE(db) << db.err().message;
  const auto admin = (*db)->local_admin();
  ASSERT_TRUE((*db)->create_org(*admin, {0, "org1", store::org_kind::operator_org, "nz", {}}, {kStart + 2}));
  const auto now_cp = (*db)->checkpoint(*admin, "system", {kStart + 3});
  ASSERT_TRUE(now_cp) << now_cp.err().message;
  const auto v = (*db)->verify_log({legacy, *now_cp});
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->front().first_bad) << v->front().why;
  const auto keys = (*db)->keys();
  for (std::uint64_t i = 0; i < now_cp->count; ++i) {
    const auto p = (*db)->prove_inclusion(*admin, "system", i, std::nullopt, {kStart + 4});
    ASSERT_TRUE(p) << p.err().message;
    EXPECT_EQ(store::check_inclusion(*p, *keys), "") << i;
  }
  // A checkpoint without a root proves no consistency; one with it does.
  const auto c = (*db)->prove_consistency(*admin, "system", 3, std::nullopt, {kStart + 5});
  ASSERT_TRUE(c);
  EXPECT_NE(store::check_consistency(legacy, *c, *keys), "");
  const auto held = (*db)->checkpoint(*admin, "system", {kStart + 6});
  ASSERT_TRUE((*db)->create_org(*admin, {0, "org2", store::org_kind::operator_org, "nz", {}}, {kStart + 7}));
  const auto later = (*db)->prove_consistency(*admin, "system", held->count, std::nullopt, {kStart + 8});
  ASSERT_TRUE(later);
  EXPECT_GT(later->second, held->count);
  EXPECT_EQ(store::check_consistency(*held, *later, *keys), "");
}

// A store of the schema before kept_answer.pinned (SQLite 6, PostgreSQL 7)
// gains the column when opened, its kept answers unpinned and still found.
TEST_P(ServerLogUpgrade, AStoreWithoutPinnedAnswersGainsTheColumn) {
  {
    auto db = store::open_server_store(ws, so);
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->init({"root", {kStart}, {kStart + 86400}, std::nullopt}));
  }
  const auto raw = [&](const std::string& sql) -> std::string {
    if (pg) {
      return pg->exec(sql);
    }
    sqlite3* h = nullptr;
    EXPECT_EQ(sqlite3_open(ws.c_str(), &h), SQLITE_OK);
    std::string err = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK ? "" : sqlite3_errmsg(h);
    sqlite3_close(h);
    return err;
  };
  ASSERT_EQ(raw(std::string("ALTER TABLE kept_answer DROP COLUMN pinned; UPDATE server_schema SET version = ") +
                (pg ? "7" : "6")),
            "");
  ASSERT_NE(raw("SELECT pinned FROM kept_answer"), "");
  ASSERT_TRUE(store::open_server_store(ws, so));
  EXPECT_EQ(raw("SELECT pinned FROM kept_answer"), "");
  EXPECT_TRUE(store::open_server_store(ws, so));  // and opens again, the column not added twice
}

INSTANTIATE_TEST_SUITE_P(stores, api_test, testing::server_stores(), store_name);
INSTANTIATE_TEST_SUITE_P(stores, ServerLog, testing::server_stores(), store_name);
INSTANTIATE_TEST_SUITE_P(stores, ServerKeyRotation, testing::server_stores(), store_name);
INSTANTIATE_TEST_SUITE_P(stores, ServerLogUpgrade, testing::server_stores(), store_name);

}  // namespace
}  // namespace netvet::server
