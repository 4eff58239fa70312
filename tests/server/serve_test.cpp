// `netvet serve` as an operator of the server runs it: the README's
// walk-through (a CLI workspace adopted, a regulator and an operator, the
// Spark 2018 notification decided), SIGTERM, and `netvet log verify` with the
// checkpoint the decision handed out.
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server/raw_client.h"
#include "server/served.h"
#include "support/cli_run.h"
#include "support/pg_database.h"

extern char** environ;

namespace netvet::testing {
namespace {

using nlohmann::json;

class serve_test : public nz_workspace_test {};

TEST_F(serve_test, TheWalkThroughFromAdoptedWorkspaceToAVerifiedDecision) {
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir_ / "serve.err");
  EXPECT_EQ(s.url().rfind("http://127.0.0.1:", 0), 0U);

  const auto health = http_exchange(s.port(), get_request("/healthz"));
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(health->header("x-frame-options"), "DENY");
  EXPECT_FALSE(health->header("strict-transport-security"));  // plain HTTP on loopback
  EXPECT_EQ(health->header("cache-control"), "no-store");

  // The OpenAPI document: no token, and the one answer a cache may keep.
  const auto openapi = http_exchange(s.port(), get_request("/api/v1/openapi.json"));
  ASSERT_TRUE(openapi);
  EXPECT_EQ(openapi->status, 200);
  EXPECT_EQ(openapi->header("content-type"), "application/json");
  EXPECT_EQ(openapi->header("cache-control"), "public, max-age=3600");
  EXPECT_EQ(openapi->header("x-frame-options"), "DENY");
  EXPECT_EQ(json::parse(openapi->body)["openapi"].get<std::string>().rfind("3.1.", 0), 0U);

  const auto anon = http_exchange(s.port(), req("GET", "/api/v1/networks", ""));
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
  EXPECT_EQ(anon->header("content-type"), "application/problem+json");

  // The CLI's snapshot is Spark's network now.
  const auto nets = http_exchange(s.port(), req("GET", "/api/v1/networks", spark_));
  ASSERT_TRUE(nets);
  const json list = json::parse(nets->body);
  ASSERT_EQ(list["items"].size(), 1U) << nets->body;
  EXPECT_EQ(list["items"][0]["name"], "spark-2018");
  const std::string net = list["items"][0]["id"];

  const json proposal = {
      {"date", "2018-11-28"},
      {"title", "5G radio access network"},
      {"add",
       {{{"id", "gnb-auckland"}, {"function", "gnb"}, {"vendor", "Huawei"}, {"region", "Auckland"}, {"count", 44}}}}};
  const auto made = http_exchange(
      s.port(), req("POST", "/api/v1/proposals", spark_, json{{"network", net}, {"proposal", proposal}}.dump()));
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string id = json::parse(made->body)["id"];
  EXPECT_EQ(json::parse(made->body)["assessment"]["decision"], "significant_risk");
  ASSERT_EQ(http_exchange(s.port(), req("POST", "/api/v1/proposals/" + id + "/submit", spark_))->status, 200);
  const json decision = {{"decision", "significant_risk"}, {"reasons", "GCSB's finding of 28 Nov 2018"}};
  const auto decided =
      http_exchange(s.port(), req("POST", "/api/v1/proposals/" + id + "/decision", gcsb_, decision.dump()));
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 200) << decided->body;
  spit(dir_ / "decision.json", decided->body);

  EXPECT_EQ(s.stop(), 0) << slurp(dir_ / "serve.err");
  auto verified = netvet(dir_, "log verify --workspace " + ws_ + " --checkpoint " + (dir_ / "decision.json"));
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("nz: "), std::string::npos);
  EXPECT_NE(verified.out.find("verified"), std::string::npos);
}

// A generated network uploaded as a CSV pair the way curl -F sends it: the
// body is spooled to a private file (0700 folder, gone afterwards), and the
// first analysis of the snapshot, which loads it, answers 503 with
// Retry-After once the --analysis-budget is spent, until the load is done.
TEST_F(serve_test, ACsvPairIsSpooledAndTheFirstAnalysisHasATimeBudget) {
  const std::string gen = dir_ / "gen";
  ASSERT_EQ(netvet(dir_, "generate --sites 20000 --seed 3 --out " + gen).status, 0);
  const std::string spool = dir_ / "spool";
  ASSERT_EQ(::mkdir(spool.c_str(), 0755), 0);
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0 --spool-dir " + spool + " --analysis-budget 0.001");
  ASSERT_NE(s.port(), 0) << slurp(dir_ / "serve.err");

  const std::string boundary = "------------------------nv20k";
  std::string body;
  for (const std::string name : {"elements", "links"}) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name +
            ".csv\"\r\nContent-Type: text/csv\r\n\r\n" + slurp(gen + "/" + name + ".csv") + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  const std::string upload = "POST /api/v1/networks?name=national HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
                             spark_ + "\r\nContent-Type: multipart/form-data; boundary=" + boundary +
                             "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  const auto up = http_exchange(s.port(), upload, std::chrono::seconds(60));
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  const json made = json::parse(up->body);
  std::size_t lines = 0;
  for (const char c : slurp(gen + "/elements.csv")) {
    lines += c == '\n' ? 1 : 0;
  }
  EXPECT_EQ(made["elements"], lines - 1);  // every row but the header

  // The spool: one private folder, empty once the request is answered.
  std::vector<std::string> folders;
  for (const auto& e : std::filesystem::directory_iterator(spool)) {
    folders.push_back(e.path().string());
  }
  ASSERT_EQ(folders.size(), 1U);
  struct stat st {};
  ASSERT_EQ(::stat(folders[0].c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
  EXPECT_TRUE(std::filesystem::is_empty(folders[0]));

  EXPECT_EQ(s.stop(), 0) << slurp(dir_ / "serve.err");
  EXPECT_FALSE(std::filesystem::exists(folders[0]));  // removed at the end

  // A fresh server reads the overview's answers the upload kept (no load),
  // but has not prepared the snapshot (the upload's server did): its first
  // other analysis loads it from the store, within the time budget.
  served again(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0 --analysis-budget 0.001");
  ASSERT_NE(again.port(), 0) << slurp(dir_ / "serve.err");
  const std::string id = made["id"].get<std::string>();
  const auto kept = http_exchange(again.port(), req("GET", "/api/v1/networks/" + id + "/summary", spark_));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->status, 200) << kept->body;
  const std::string summary = "/api/v1/networks/" + id + "/spof";
  auto first = http_exchange(again.port(), req("GET", summary, spark_));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 503) << first->body;  // 20,000 sites do not load in a millisecond
  EXPECT_EQ(first->header("retry-after"), "1");
  int status = 0;
  for (int i = 0; i < 600 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = http_exchange(again.port(), req("GET", summary, spark_))->status;
  }
  EXPECT_EQ(status, 200);
  EXPECT_EQ(again.stop(), 0) << slurp(dir_ / "serve.err");
}

TEST_F(serve_test, RefusesPlainHttpOffLoopbackAndAnUninitialisedWorkspace) {
  auto open = netvet(dir_, "serve --workspace " + ws_ + " --listen 0.0.0.0:0");
  EXPECT_EQ(open.status, 3) << open.err;
  EXPECT_NE(open.err.find("--listen"), std::string::npos) << open.err;
  ASSERT_EQ(netvet(dir_, "import " NETVET_SOURCE_DIR "/examples/spark-2018/network --workspace " + (dir_ / "raw.db") +
                             " --name n")
                .status,
            0);
  auto raw = netvet(dir_, "serve --workspace " + (dir_ / "raw.db") + " --listen 127.0.0.1:0");
  EXPECT_EQ(raw.status, 4) << raw.err;  // no signing key: admin init has not run
  EXPECT_NE(raw.err.find("key"), std::string::npos) << raw.err;
  // A dashboard folder named that holds no built dashboard is refused, naming the option.
  std::filesystem::create_directories(dir_ / "empty-web");
  auto web = netvet(dir_, "serve --workspace " + ws_ + " --listen 127.0.0.1:0 --web-dir " + (dir_ / "empty-web"));
  EXPECT_EQ(web.status, 4) << web.err;
  EXPECT_NE(web.err.find("--web-dir"), std::string::npos) << web.err;
  EXPECT_NE(web.err.find("index.html"), std::string::npos) << web.err;
}

TEST_F(serve_test, AdminCommandsRefuseWhatTheyCannotDo) {
  auto again = netvet(dir_, "admin init --workspace " + ws_);
  EXPECT_EQ(again.status, 5) << again.err;  // the key exists: init ran
  auto role = netvet(dir_, "admin add-user --workspace " + ws_ + " --org GCSB --name x --role operator_editor");
  EXPECT_EQ(role.status, 3) << role.err;  // an operator's role in a regulator
  EXPECT_NE(role.err.find("role"), std::string::npos);
  auto dup = netvet(dir_, "admin add-user --workspace " + ws_ + " --org GCSB --name analyst --role regulator_viewer");
  EXPECT_EQ(dup.status, 5) << dup.err;  // sign-in names are unique
  auto none = netvet(dir_, "admin add-user --workspace " + ws_ + " --org Nobody --name y --role regulator_viewer");
  EXPECT_EQ(none.status, 4) << none.err;
  ::chmod((ws_ + ".key").c_str(), 0644);
  auto loose = netvet(dir_, "admin add-org --workspace " + ws_ + " --name X --kind operator --jurisdiction nz");
  EXPECT_EQ(loose.status, 3) << loose.err;  // a key others can read is refused
  EXPECT_NE(loose.err.find("chmod 600"), std::string::npos);
}

TEST_F(serve_test, PasswordsComeFromStandardInputAndSignInOverHttp) {
  // Never an argument: there is no such option.
  EXPECT_EQ(netvet(dir_, "admin set-password --workspace " + ws_ + " --name analyst --password hunter2hunter2").status,
            2);
  spit(dir_ / "weak.txt", "password1234\n");
  auto weak = netvet(dir_, "admin set-password --workspace " + ws_ + " --name analyst < " + (dir_ / "weak.txt"));
  EXPECT_EQ(weak.status, 3) << weak.err;
  spit(dir_ / "pw.txt", "a long and private passphrase\n");
  auto set = netvet(dir_, "admin set-password --workspace " + ws_ + " --name analyst < " + (dir_ / "pw.txt"));
  ASSERT_EQ(set.status, 0) << set.err;
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0);
  const json creds = {{"name", "analyst"}, {"password", "a long and private passphrase"}};
  const auto in = http_exchange(s.port(), req("POST", "/api/v1/session", "", creds.dump()));
  ASSERT_TRUE(in);
  EXPECT_EQ(in->status, 201) << in->body;
  EXPECT_NE(in->header("set-cookie").value_or("").find("HttpOnly"), std::string::npos);
  EXPECT_EQ(s.stop(), 0);
}

// The same commands on PostgreSQL: one flag, the store factory decides.
TEST(ServeOnPostgres, AdministeredServedAndVerifiedThroughTheUri) {
  if (!pg_database::available()) {
    GTEST_SKIP() << pg_database::kSkip;
  }
  const pg_database db;
  ASSERT_FALSE(db.uri().empty()) << db.error();
  temp_dir dir;
  const std::string ws = "'" + db.uri() + "'";
  const std::string key = dir / "log.key";
  EXPECT_EQ(netvet(dir, "admin init --workspace " + ws).status, 3);  // no file to put the key beside
  const auto init = netvet(dir, "admin init --workspace " + ws + " --signing-key " + key);
  ASSERT_EQ(init.status, 0) << init.err;
  ASSERT_EQ(netvet(dir, "admin add-org --workspace " + ws + " --signing-key " + key +
                            " --name Spark --kind operator --jurisdiction nz")
                .status,
            0);
  const auto user = netvet(dir, "admin add-user --workspace " + ws + " --signing-key " + key +
                                    " --org Spark --name ops --role operator_editor");
  ASSERT_EQ(user.status, 0) << user.err;
  const std::string token = first_line(user.out);
  ASSERT_EQ(netvet(dir, "convert " NETVET_SOURCE_DIR "/examples/spark-2018/network " + (dir / "n.json")).status, 0);
  {
    served s(dir, "--workspace " + ws + " --signing-key " + key + " --listen 127.0.0.1:0");
    ASSERT_NE(s.port(), 0) << slurp(dir / "serve.err");
    const auto up = http_exchange(s.port(), req("POST", "/api/v1/networks?name=spark", token, slurp(dir / "n.json")));
    ASSERT_TRUE(up);
    EXPECT_EQ(up->status, 201) << up->body;
    const auto sum = http_exchange(s.port(), req("GET", "/api/v1/networks/net_1/summary", token));
    ASSERT_TRUE(sum);
    EXPECT_EQ(sum->status, 200);
    EXPECT_EQ(s.stop(), 0);
  }
  const auto verified = netvet(dir, "log verify --workspace " + ws);
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("nz: 1 entries; verified"), std::string::npos) << verified.out;
}

// Two `netvet serve` processes on one PostgreSQL database behave as one:
// the regulator decides through both while the operator uploads through
// both, at the same time; nothing is lost, the chain has one entry per
// change in order, and it verifies.
TEST(ServeOnPostgres, TwoProcessesDecideAndUploadAtOnceAndKeepOneChain) {
  if (!pg_database::available()) {
    GTEST_SKIP() << pg_database::kSkip;
  }
  const pg_database db;
  ASSERT_FALSE(db.uri().empty()) << db.error();
  temp_dir dir;
  temp_dir dir_a;
  temp_dir dir_b;
  const std::string ws = "--workspace '" + db.uri() + "' --signing-key " + (dir / "log.key");
  ASSERT_EQ(netvet(dir, "admin init " + ws).status, 0);
  ASSERT_EQ(netvet(dir, "admin add-org " + ws + " --name Spark --kind operator --jurisdiction nz").status, 0);
  ASSERT_EQ(netvet(dir, "admin add-org " + ws + " --name GCSB --kind regulator --jurisdiction nz").status, 0);
  const std::string spark =
      first_line(netvet(dir, "admin add-user " + ws + " --org Spark --name ops --role operator_editor").out);
  const std::string gcsb =
      first_line(netvet(dir, "admin add-user " + ws + " --org GCSB --name analyst --role regulator_assessor").out);
  ASSERT_EQ(netvet(dir, "convert " NETVET_SOURCE_DIR "/examples/spark-2018/network " + (dir / "n.json")).status, 0);
  const std::string network = slurp(dir / "n.json");

  served a(dir_a, ws + " --listen 127.0.0.1:0");
  served b(dir_b, ws + " --listen 127.0.0.1:0");
  ASSERT_NE(a.port(), 0) << slurp(dir_a / "serve.err");
  ASSERT_NE(b.port(), 0) << slurp(dir_b / "serve.err");
  const std::array<std::uint16_t, 2> ports = {a.port(), b.port()};
  const auto up = http_exchange(a.port(), req("POST", "/api/v1/networks?name=base", spark, network));
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  const std::string net = json::parse(up->body)["id"];

  constexpr int kProposals = 10;
  std::vector<std::string> ids;
  for (int i = 0; i < kProposals; ++i) {
    const json p = {{"date", "2018-11-28"},
                    {"title", "change " + std::to_string(i)},
                    {"add", {{{"id", "gnb-" + std::to_string(i)}, {"function", "gnb"}, {"vendor", "Nokia"}}}}};
    const auto made = http_exchange(
        ports[i % 2], req("POST", "/api/v1/proposals", spark, json{{"network", net}, {"proposal", p}}.dump()));
    ASSERT_TRUE(made);
    ASSERT_EQ(made->status, 201) << made->body;
    ids.push_back(json::parse(made->body)["id"]);
    ASSERT_EQ(
        http_exchange(ports[(i + 1) % 2], req("POST", "/api/v1/proposals/" + ids.back() + "/submit", spark))->status,
        200);
  }

  // The regulator decides through both processes while the operator uploads through both.
  std::atomic<int> decided{0};
  std::atomic<int> uploaded{0};
  const json decision = {{"decision", "no_significant_risk"}, {"reasons", "a Nokia RAN extension"}};
  std::vector<std::thread> clients;
  for (int half = 0; half < 2; ++half) {
    clients.emplace_back([&, half] {
      for (int i = half; i < kProposals; i += 2) {
        const auto r = http_exchange(
            ports[i % 2],
            req("POST", "/api/v1/proposals/" + ids[static_cast<std::size_t>(i)] + "/decision", gcsb, decision.dump()));
        decided += r && r->status == 200 ? 1 : 0;
      }
    });
    clients.emplace_back([&, half] {
      for (int i = 0; i < 4; ++i) {
        const auto r = http_exchange(
            ports[static_cast<std::size_t>(half)],
            req("POST", "/api/v1/networks?name=up-" + std::to_string(half) + "-" + std::to_string(i), spark, network));
        uploaded += r && r->status == 201 ? 1 : 0;
      }
    });
  }
  for (auto& t : clients) {
    t.join();
  }
  EXPECT_EQ(decided.load(), kProposals);
  EXPECT_EQ(uploaded.load(), 8);

  // Either process sees everything the other wrote.
  const auto list = http_exchange(b.port(), req("GET", "/api/v1/proposals?state=decided&limit=100", gcsb));
  ASSERT_TRUE(list);
  EXPECT_EQ(json::parse(list->body)["items"].size(), static_cast<std::size_t>(kProposals));
  const auto nets = http_exchange(a.port(), req("GET", "/api/v1/networks?limit=100", spark));
  ASSERT_TRUE(nets);
  EXPECT_EQ(json::parse(nets->body)["items"].size(), 9U);
  EXPECT_EQ(a.stop(), 0) << slurp(dir_a / "serve.err");
  EXPECT_EQ(b.stop(), 0) << slurp(dir_b / "serve.err");

  // One entry per change: 9 uploads, 10 proposals created, submitted and decided.
  const auto verified = netvet(dir, "log verify --workspace '" + db.uri() + "'");
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("nz: " + std::to_string(9 + 3 * kProposals) + " entries; verified"), std::string::npos)
      << verified.out;
}

TEST_F(serve_test, LogVerifyExitsFourteenNamingTheAlteredEntry) {
  ASSERT_EQ(netvet(dir_, "log verify --workspace " + ws_).status, 0);
  const std::string sql =
      "DROP TRIGGER log_entry_no_update; UPDATE log_entry SET body = replace(body, 'GCSB', 'GCHQ') "
      "WHERE kind = 'org.created';";
  ASSERT_EQ(std::system(("sqlite3 " + ws_ + " \"" + sql +
                         "\" 2>/dev/null || python3 -c \"import sqlite3,sys; "
                         "c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); "
                         "c.commit()\" " +
                         ws_ + " \"" + sql + "\"")
                            .c_str()),
            0);
  auto bad = netvet(dir_, "log verify --workspace " + ws_);
  EXPECT_EQ(bad.status, 14) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("system: "), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("FAILS at entry"), std::string::npos) << bad.out;
}

// Runs `sql` on the SQLite file as someone holding it would (the sqlite3
// shell, else Python's module).
int edit_sqlite(const std::string& ws, const std::string& sql) {
  return std::system(("sqlite3 " + ws + " \"" + sql +
                      "\" 2>/dev/null || python3 -c \"import sqlite3,sys; "
                      "c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); "
                      "c.commit()\" " +
                      ws + " \"" + sql + "\"")
                         .c_str());
}

// The offline check of issue 10's record: proofs fetched from a running
// server verify with no workspace; a key rotated under it is used at once and
// the old key's checkpoints still verify; a forged checkpoint or a log row
// edited in the file fails with 14; malformed input is 3 or 4, never 70.
TEST_F(serve_test, OfflineProofsVerifyAcrossAKeyRotationAndTamperingExitsFourteen) {
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir_ / "serve.err");
  const auto get = [&](const std::string& target, const std::string& file) {
    const auto r = http_exchange(s.port(), req("GET", target, spark_));
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << target << " " << r->body;
    spit(dir_ / file, r->body);
    return json::parse(r->body, nullptr, false);
  };
  const json old = get("/api/v1/log/checkpoint", "old.json");
  ASSERT_EQ(old["chain"], "nz");
  const json proposal = {{"date", "2018-11-28"}, {"title", "5G"}, {"add", json::array()}};
  const auto made = http_exchange(
      s.port(), req("POST", "/api/v1/proposals", spark_, json{{"network", "net_1"}, {"proposal", proposal}}.dump()));
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;

  const std::string first = std::to_string(old["count"].get<std::uint64_t>());
  get("/api/v1/log/proof/consistency?chain=nz&first=" + first, "consistency.json");
  get("/api/v1/log/proof/inclusion?chain=nz&index=0", "inclusion.json");
  get("/api/v1/log/keys", "keys.json");
  const std::string files = " --checkpoint " + (dir_ / "old.json") + " --keys " + (dir_ / "keys.json");
  const std::string offline =
      "log verify" + files + " --proof " + (dir_ / "consistency.json") + " --proof " + (dir_ / "inclusion.json");
  auto ok = netvet(dir_, offline);
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("extends the held checkpoint"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("entry 0 of nz is in the log"), std::string::npos) << ok.out;

  // Rotation under the running server: its next checkpoint has the new key.
  auto rotated = netvet(dir_, "admin rotate-key --workspace " + ws_);
  ASSERT_EQ(rotated.status, 0) << rotated.err;
  const std::string new_id = first_line(rotated.out);
  EXPECT_NE(new_id, old["key_id"].get<std::string>());
  EXPECT_EQ(get("/api/v1/log/checkpoint", "new.json")["key_id"], new_id);
  get("/api/v1/log/proof/consistency?chain=nz&first=" + first, "consistency.json");
  EXPECT_EQ(get("/api/v1/log/keys", "keys.json")["items"].size(), 2U);
  ok = netvet(dir_, offline);
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_EQ(netvet(dir_, "log verify --workspace " + ws_ + " --checkpoint " + (dir_ / "old.json")).status, 0);

  // Malformed input names the file; it is not a failed check.
  spit(dir_ / "garbage.json", "{\"chain\": ");
  auto bad = netvet(dir_, "log verify" + files + " --proof " + (dir_ / "garbage.json"));
  EXPECT_EQ(bad.status, 3) << bad.err;
  EXPECT_NE(bad.err.find("garbage.json"), std::string::npos) << bad.err;
  bad = netvet(dir_, "log verify --proof " + (dir_ / "consistency.json"));
  EXPECT_EQ(bad.status, 3) << bad.err;
  bad = netvet(dir_, "log verify" + files + " --proof " + (dir_ / "missing.json"));
  EXPECT_EQ(bad.status, 4) << bad.err;

  // A forged checkpoint: another root under the old signature.
  json forged = old;
  std::string root = forged["root"];
  root[0] = root[0] == '0' ? '1' : '0';
  forged["root"] = root;
  spit(dir_ / "forged.json", forged.dump());
  bad = netvet(dir_, "log verify --checkpoint " + (dir_ / "forged.json") + " --keys " + (dir_ / "keys.json") +
                         " --proof " + (dir_ / "consistency.json"));
  EXPECT_EQ(bad.status, 14) << bad.out << bad.err;

  // A log row edited in the file: the proofs served now no longer verify.
  ASSERT_EQ(edit_sqlite(ws_, "DROP TRIGGER log_entry_no_update; UPDATE log_entry SET leaf = '" + std::string(64, '0') +
                                 "', body = replace(body, 'spark', 'spork') "
                                 "WHERE chain = 'nz' AND idx = 0;"),
            0);
  get("/api/v1/log/proof/consistency?chain=nz&first=" + first, "consistency.json");
  get("/api/v1/log/proof/inclusion?chain=nz&index=0", "inclusion.json");
  bad = netvet(dir_, offline);
  EXPECT_EQ(bad.status, 14) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("consistency.json: FAILS"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("inclusion.json: FAILS"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace netvet::testing
