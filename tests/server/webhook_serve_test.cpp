// Webhooks from a real `netvet serve` (README "Operations"): the server is
// killed (SIGKILL) while a delivery is under way -- the receiver holds it
// unanswered -- and restarted on the same store; the receiver then has
// every event, each exactly once after de-duplicating by delivery id, every
// signature checks, every outbox row is delivered and the log verifies. On
// SQLite, and on PostgreSQL when NETVET_TEST_PG_URI names a cluster.
#include <csignal>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/raw_client.h"
#include "server/served.h"
#include "server/webhook_receiver.h"
#include "support/cli_run.h"
#include "support/pg_database.h"

namespace netvet::testing {
namespace {

using nlohmann::json;

class webhook_serve_test : public nz_workspace_test {};

std::string submit_one(std::uint16_t port, const std::string& spark, const std::string& network) {
  const json proposal = {{"date", "2018-11-28"},
                         {"title", "5G radio access network"},
                         {"add", {{{"id", "gnb-a"}, {"function", "gnb"}, {"vendor", "Nokia"}, {"count", 4}}}}};
  const auto made = http_exchange(
      port, req("POST", "/api/v1/proposals", spark, json{{"network", network}, {"proposal", proposal}}.dump()));
  EXPECT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
  const std::string id = made ? json::parse(made->body).value("id", "") : "";
  const auto submitted = http_exchange(port, req("POST", "/api/v1/proposals/" + id + "/submit", spark));
  EXPECT_TRUE(submitted && submitted->status == 200);
  return id;
}

// A server on `args`, a webhook of Spark's (`spark`) to `rx` (its id into
// `hook_id`), three proposals on `network` submitted (into `proposals`); the
// first delivery is held unanswered and the server dies in the middle of it.
void kill_mid_delivery(const temp_dir& dir, const std::string& args, const std::string& spark,
                       const std::string& network, webhook_receiver& rx, std::string& hook_id,
                       std::set<std::string>& proposals) {
  served s(dir, args);
  ASSERT_NE(s.port(), 0) << slurp(dir / "serve.err");
  const json hook = {{"url", rx.url("/spark")}, {"events", {"proposal.submitted"}}};
  const auto made = http_exchange(s.port(), req("POST", "/api/v1/webhooks", spark, hook.dump()));
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  hook_id = json::parse(made->body)["id"];
  rx.set_secrets({json::parse(made->body)["secret"]});
  rx.stall_next(1);
  for (int i = 0; i < 3; ++i) {
    proposals.insert(submit_one(s.port(), spark, network));
  }
  ASSERT_TRUE(rx.wait_for([](const auto& got) { return !got.empty(); }, std::chrono::seconds(10)));
  ::kill(s.pid(), SIGKILL);
  EXPECT_EQ(s.stop(), -1);
}

void expect_signed(const webhook_receiver::delivery& d) {
  EXPECT_TRUE(d.verifies.at(0)) << d.signature;
  EXPECT_TRUE(d.fresh);
}

std::size_t distinct(const std::vector<webhook_receiver::delivery>& got) {
  std::set<std::string> ids;
  for (const auto& d : got) {
    ids.insert(d.id);
  }
  return ids.size();
}

// Whether the webhook's three deliveries are all delivered, as the API lists them.
bool all_delivered(std::uint16_t port, const std::string& hook, const std::string& spark) {
  const auto page = http_exchange(port, req("GET", "/api/v1/webhooks/" + hook + "/deliveries", spark));
  if (!page || page->status != 200) {
    return false;
  }
  const json items = json::parse(page->body)["items"];
  return items.size() == 3 &&
         std::all_of(items.begin(), items.end(), [](const json& d) { return d["state"] == "delivered"; });
}

// Each event once by delivery id (the held one came again, with the same id); every signature checks.
void expect_every_event_once(const webhook_receiver& rx, const std::set<std::string>& proposals) {
  std::map<std::string, std::string> events;  // delivery id -> the proposal it announces
  for (const auto& d : rx.received()) {
    expect_signed(d);
    const std::string proposal = json::parse(d.body)["data"]["proposal"];
    EXPECT_TRUE(events.emplace(d.id, proposal).first->second == proposal);
  }
  std::set<std::string> announced;
  for (const auto& [delivery, proposal] : events) {
    announced.insert(proposal);
  }
  EXPECT_EQ(announced, proposals);
  EXPECT_GT(rx.received().size(), 3U);  // the held delivery was sent twice
}

// The kill and restart on a store (`workspace`: its --workspace; `key`: its
// --signing-key, for PostgreSQL) whose operator editor holds `spark` and
// whose network `network` is theirs.
void every_event_once_after_a_kill(const temp_dir& dir, const std::string& workspace, const std::string& key,
                                   const std::string& spark, const std::string& network) {
  webhook_receiver rx;
  const std::string args = workspace + key +
                           " --listen 127.0.0.1:0 --webhook-allow-host 127.0.0.1 --webhook-timeout 1 "
                           "--webhook-poll 0.1 --webhook-retry-base 1";
  std::string id;
  std::set<std::string> proposals;
  kill_mid_delivery(dir, args, spark, network, rx, id, proposals);
  if (::testing::Test::HasFatalFailure()) {
    return;
  }
  served s(dir, args);
  ASSERT_NE(s.port(), 0) << slurp(dir / "serve.err");
  ASSERT_TRUE(rx.wait_for([&](const auto& got) { return distinct(got) == 3 && all_delivered(s.port(), id, spark); },
                          std::chrono::seconds(20)))
      << slurp(dir / "serve.err");
  expect_every_event_once(rx, proposals);
  EXPECT_EQ(s.stop(), 0) << slurp(dir / "serve.err");
  EXPECT_NE(slurp(dir / "serve.err").find("\"event\":\"webhook_attempt\""), std::string::npos);
  const auto verified = netvet(dir, "log verify " + workspace);
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
}

TEST_F(webhook_serve_test, EveryEventOnceAfterTheServerIsKilledMidDelivery) {
  every_event_once_after_a_kill(dir_, "--workspace " + ws_, "", spark_, "net_1");
}

TEST(WebhookServeOnPostgres, EveryEventOnceAfterTheServerIsKilledMidDelivery) {
  if (!pg_database::available()) {
    GTEST_SKIP() << pg_database::kSkip;
  }
  const pg_database db;
  ASSERT_FALSE(db.uri().empty()) << db.error();
  temp_dir dir;
  const std::string workspace = "--workspace '" + db.uri() + "'";
  const std::string key = " --signing-key " + (dir / "log.key");
  const std::string store = workspace + key;
  ASSERT_EQ(netvet(dir, "admin init " + store).status, 0);
  ASSERT_EQ(netvet(dir, "admin add-org " + store + " --name Spark --kind operator --jurisdiction nz").status, 0);
  const auto spark = netvet(dir, "admin add-user " + store + " --org Spark --name ops --role operator_editor");
  ASSERT_EQ(spark.status, 0) << spark.err;
  ASSERT_EQ(netvet(dir, "convert " NETVET_SOURCE_DIR "/examples/spark-2018/network " + (dir / "n.json")).status, 0);
  std::string network;
  {
    served s(dir, store + " --listen 127.0.0.1:0");
    ASSERT_NE(s.port(), 0) << slurp(dir / "serve.err");
    const auto up = http_exchange(
        s.port(), req("POST", "/api/v1/networks?name=spark", first_line(spark.out), slurp(dir / "n.json")));
    ASSERT_TRUE(up);
    ASSERT_EQ(up->status, 201) << up->body;
    network = json::parse(up->body)["id"];
    EXPECT_EQ(s.stop(), 0);
  }
  every_event_once_after_a_kill(dir, workspace, key, first_line(spark.out), network);
}

}  // namespace
}  // namespace netvet::testing
