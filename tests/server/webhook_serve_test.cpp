// Webhooks from a real `netvet serve` (README "Operations"): the server is
// killed (SIGKILL) while a delivery is under way -- the receiver holds it
// unanswered -- and restarted on the same workspace; the receiver then has
// every event, each exactly once after de-duplicating by delivery id, every
// signature checks, every outbox row is delivered and the log verifies.
#include <csignal>
#include <map>
#include <optional>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/raw_client.h"
#include "server/served.h"
#include "server/webhook_receiver.h"
#include "support/cli_run.h"

namespace netvet::testing {
namespace {

using nlohmann::json;

class webhook_serve_test : public nz_workspace_test {};

std::string submit_one(std::uint16_t port, const std::string& spark) {
  const json proposal = {{"date", "2018-11-28"},
                         {"title", "5G radio access network"},
                         {"add", {{{"id", "gnb-a"}, {"function", "gnb"}, {"vendor", "Nokia"}, {"count", 4}}}}};
  const auto made = http_exchange(
      port, req("POST", "/api/v1/proposals", spark, json{{"network", "net_1"}, {"proposal", proposal}}.dump()));
  EXPECT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
  const std::string id = made ? json::parse(made->body).value("id", "") : "";
  const auto submitted = http_exchange(port, req("POST", "/api/v1/proposals/" + id + "/submit", spark));
  EXPECT_TRUE(submitted && submitted->status == 200);
  return id;
}

TEST_F(webhook_serve_test, EveryEventOnceAfterTheServerIsKilledMidDelivery) {
  webhook_receiver rx;
  const std::string args = "--workspace " + ws_ +
                           " --listen 127.0.0.1:0 --webhook-allow-host 127.0.0.1 --webhook-timeout 1 "
                           "--webhook-poll 0.1 --webhook-retry-base 1";
  std::optional<served> s;
  s.emplace(dir_, args);
  ASSERT_NE(s->port(), 0) << slurp(dir_ / "serve.err");
  const json hook = {{"url", rx.url("/spark")}, {"events", {"proposal.submitted"}}};
  const auto made = http_exchange(s->port(), req("POST", "/api/v1/webhooks", spark_, hook.dump()));
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string id = json::parse(made->body)["id"];
  rx.set_secrets({json::parse(made->body)["secret"]});
  rx.stall_next(1);
  std::set<std::string> proposals;
  for (int i = 0; i < 3; ++i) {
    proposals.insert(submit_one(s->port(), spark_));
  }
  // The first delivery is held unanswered: the server dies in the middle of it.
  ASSERT_TRUE(rx.wait_for([](const auto& got) { return !got.empty(); }, std::chrono::seconds(10)));
  ::kill(s->pid(), SIGKILL);
  EXPECT_EQ(s->stop(), -1);
  s.reset();

  s.emplace(dir_, args);
  ASSERT_NE(s->port(), 0) << slurp(dir_ / "serve.err");
  const auto distinct = [](const std::vector<webhook_receiver::delivery>& got) {
    std::set<std::string> ids;
    for (const auto& d : got) {
      ids.insert(d.id);
    }
    return ids.size();
  };
  const auto all_delivered = [&] {
    const auto page = http_exchange(s->port(), req("GET", "/api/v1/webhooks/" + id + "/deliveries", spark_));
    if (!page || page->status != 200) {
      return false;
    }
    const json items = json::parse(page->body)["items"];
    return items.size() == 3 &&
           std::all_of(items.begin(), items.end(), [](const json& d) { return d["state"] == "delivered"; });
  };
  ASSERT_TRUE(
      rx.wait_for([&](const auto& got) { return distinct(got) == 3 && all_delivered(); }, std::chrono::seconds(20)))
      << slurp(dir_ / "serve.err");
  // Each event once by delivery id (the held one came again, with the same id); every signature checks.
  std::map<std::string, std::string> events;  // delivery id -> the proposal it announces
  for (const auto& d : rx.received()) {
    EXPECT_TRUE(d.verifies.at(0)) << d.signature;
    EXPECT_TRUE(d.fresh);
    const std::string proposal = json::parse(d.body)["data"]["proposal"];
    EXPECT_TRUE(events.emplace(d.id, proposal).first->second == proposal);
  }
  std::set<std::string> announced;
  for (const auto& [delivery, proposal] : events) {
    announced.insert(proposal);
  }
  EXPECT_EQ(announced, proposals);
  EXPECT_GT(rx.received().size(), 3U);  // the held delivery was sent twice
  EXPECT_EQ(s->stop(), 0) << slurp(dir_ / "serve.err");
  EXPECT_NE(slurp(dir_ / "serve.err").find("\"event\":\"webhook_attempt\""), std::string::npos);
  const auto verified = netvet(dir_, "log verify --workspace " + ws_);
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
}

}  // namespace
}  // namespace netvet::testing
