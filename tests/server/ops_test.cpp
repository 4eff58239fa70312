// Running netvet serve for real (README "Operations"): a backup taken while
// the server answers requests, restored into a fresh store, whose log
// verifies and still holds the checkpoint a decision handed out before the
// backup; the refusals and their exit statuses; the files at rest readable
// by the server's user only. SQLite always, PostgreSQL (pg_dump/pg_restore)
// when NETVET_TEST_PG_URI names a cluster.
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "server/raw_client.h"
#include "server/served.h"
#include "support/cli_run.h"
#include "support/pg_database.h"

namespace netvet::testing {
namespace {

using nlohmann::json;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_mode & 0777U : 0xFFFFU;
}

// An organisation pair, a proposal decided through `port`: the decision's
// answer (with its signed checkpoint) is written to `out`.
void decide_one(std::uint16_t port, const std::string& spark, const std::string& gcsb, const std::string& net,
                const std::string& out) {
  const json proposal = {{"date", "2018-11-28"},
                         {"title", "5G radio access network"},
                         {"add", {{{"id", "gnb-a"}, {"function", "gnb"}, {"vendor", "Huawei"}, {"count", 4}}}}};
  const auto made = http_exchange(
      port, req("POST", "/api/v1/proposals", spark, json{{"network", net}, {"proposal", proposal}}.dump()));
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  const std::string id = json::parse(made->body)["id"];
  ASSERT_EQ(http_exchange(port, req("POST", "/api/v1/proposals/" + id + "/submit", spark))->status, 200);
  const json decision = {{"decision", "significant_risk"}, {"reasons", "the 2018 finding"}};
  const auto decided = http_exchange(port, req("POST", "/api/v1/proposals/" + id + "/decision", gcsb, decision.dump()));
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 200) << decided->body;
  spit(out, decided->body);
}

// Changes made through `port` until `stop`: the server is busy while the backup runs.
std::thread keep_writing(std::uint16_t port, const std::string& admin, std::atomic<bool>& stop,
                         std::atomic<int>& made) {
  return std::thread([port, admin, &stop, &made] {
    for (int i = 0; !stop; ++i) {
      const json org = {{"name", "Org " + std::to_string(i)}, {"kind", "operator"}, {"jurisdiction", "nz"}};
      const auto r = http_exchange(port, req("POST", "/api/v1/orgs", admin, org.dump()));
      made += r && r->status == 201 ? 1 : 0;
    }
  });
}

class ops_test : public nz_workspace_test {};

TEST_F(ops_test, BackupWhileServingRestoresIntoAFreshStoreThatVerifies) {
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir_ / "serve.err");
  decide_one(s.port(), spark_, gcsb_, "net_1", dir_ / "decision.json");

  // Files at rest: the workspace, its WAL and shared memory, the key.
  for (const std::string& f : {ws_, ws_ + "-wal", ws_ + "-shm", ws_ + ".key"}) {
    EXPECT_EQ(mode_of(f), 0600U) << f;
  }

  std::atomic<bool> stop{false};
  std::atomic<int> made{0};
  std::thread writer = keep_writing(s.port(), admin_, stop, made);
  while (made < 3) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const std::string copy = dir_ / "nz.backup";
  const auto backup = netvet(dir_, "admin backup --workspace " + ws_ + " " + copy);
  stop = true;
  writer.join();
  ASSERT_EQ(backup.status, 0) << backup.err;
  EXPECT_NE(backup.err.find("sqlite3_backup"), std::string::npos) << backup.err;
  EXPECT_EQ(mode_of(copy), 0600U);
  EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
  EXPECT_EQ(netvet(dir_, "admin backup --workspace " + ws_ + " " + copy).status, 5);  // never overwritten
  EXPECT_EQ(s.stop(), 0) << slurp(dir_ / "serve.err");

  const std::string fresh = (dir_ / "other-machine") + "/nz.db";
  std::filesystem::create_directories(dir_ / "other-machine");
  const auto restored = netvet(dir_, "admin restore --workspace " + fresh + " " + copy);
  ASSERT_EQ(restored.status, 0) << restored.err;
  EXPECT_NE(restored.out.find("nz: "), std::string::npos) << restored.out;
  EXPECT_NE(restored.out.find("system: "), std::string::npos) << restored.out;
  EXPECT_EQ(mode_of(fresh), 0600U);
  // The checkpoint handed out before the backup holds against the restored log.
  const auto verified = netvet(dir_, "log verify --workspace " + fresh + " --checkpoint " + (dir_ / "decision.json"));
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  // And a server runs on it with the key kept beside the backup.
  std::filesystem::copy_file(ws_ + ".key", fresh + ".key");
  served again(dir_, "--workspace " + fresh + " --listen 127.0.0.1:0");
  ASSERT_NE(again.port(), 0) << slurp(dir_ / "serve.err");
  const auto nets = http_exchange(again.port(), req("GET", "/api/v1/networks", spark_));
  ASSERT_TRUE(nets);
  EXPECT_EQ(nets->status, 200) << nets->body;
  EXPECT_EQ(again.stop(), 0);
}

TEST_F(ops_test, RestoreRefusesWhatItCannotDo) {
  const std::string copy = dir_ / "nz.backup";
  ASSERT_EQ(netvet(dir_, "admin backup --workspace " + ws_ + " " + copy).status, 0);
  // Not over a workspace that holds anything, unless --force.
  const auto over = netvet(dir_, "admin restore --workspace " + ws_ + " " + copy);
  EXPECT_EQ(over.status, 5) << over.err;
  EXPECT_NE(over.err.find("--force"), std::string::npos) << over.err;
  const auto forced = netvet(dir_, "admin restore --force --workspace " + ws_ + " " + copy);
  EXPECT_EQ(forced.status, 0) << forced.err;
  EXPECT_EQ(netvet(dir_, "admin restore --workspace " + (dir_ / "x.db") + " " + (dir_ / "missing")).status, 4);
  spit(dir_ / "junk.db", "");
  const std::string cli = dir_ / "cli.db";  // a CLI workspace: not a server's
  ASSERT_EQ(
      netvet(dir_, "import " NETVET_SOURCE_DIR "/examples/spark-2018/network --workspace " + cli + " --name n").status,
      0);
  const auto junk = netvet(dir_, "admin restore --workspace " + (dir_ / "y.db") + " " + cli);
  EXPECT_EQ(junk.status, 3) << junk.err;
  EXPECT_EQ(netvet(dir_, "admin backup --workspace " + (dir_ / "none.db") + " " + (dir_ / "b2")).status, 4);

  // A tampered copy is restored but refused by the log check (exit 14).
  const std::string bad = dir_ / "bad.backup";
  ASSERT_EQ(netvet(dir_, "admin backup --workspace " + ws_ + " " + bad).status, 0);
  const auto sql = "sqlite3 " + bad +
                   " \"DROP TRIGGER IF EXISTS log_entry_no_update; UPDATE log_entry SET body = replace(body, "
                   "'compliance', 'complianse') WHERE kind = 'user.created'\" 2>/dev/null";
  if (std::system(sql.c_str()) == 0) {
    const auto tampered = netvet(dir_, "admin restore --workspace " + (dir_ / "t.db") + " " + bad);
    EXPECT_EQ(tampered.status, 14) << tampered.err;
  }
}

// The README's monitoring step: a read-only administrator of its own for
// Prometheus, whose token reads /metrics and writes nothing.
TEST_F(ops_test, PrometheusScrapesWithAReadOnlyAdministratorToken) {
  const auto made =
      netvet(dir_, "admin add-user --workspace " + ws_ + " --org system --name prometheus --role admin --read-only");
  ASSERT_EQ(made.status, 0) << made.err;
  const std::string token = first_line(made.out);
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir_ / "serve.err");
  ASSERT_EQ(http_exchange(s.port(), req("GET", "/api/v1/networks", spark_))->status, 200);
  const auto scraped = http_exchange(s.port(), req("GET", "/metrics", token));
  ASSERT_TRUE(scraped);
  EXPECT_EQ(scraped->status, 200) << scraped->body;
  EXPECT_NE(scraped->body.find(R"(netvet_http_requests_total{route="/api/v1/networks",method="GET",status="200"} 1)"),
            std::string::npos)
      << scraped->body;
  const json org = {{"name", "X"}, {"kind", "operator"}, {"jurisdiction", "nz"}};
  EXPECT_EQ(http_exchange(s.port(), req("POST", "/api/v1/orgs", token, org.dump()))->status, 403);
  EXPECT_EQ(http_exchange(s.port(), req("GET", "/metrics", spark_))->status, 403);
  EXPECT_EQ(s.stop(), 0);
}

// A workspace written by a newer netvet (a later server schema) is refused
// with a clear message and the exit status of `unsupported`, unchanged.
TEST_F(ops_test, ANewerSchemaIsRefusedUnchanged) {
  const std::string sql = "sqlite3 " + ws_ + " 'UPDATE server_schema SET version = 99' 2>/dev/null";
  if (std::system(sql.c_str()) != 0) {
    GTEST_SKIP() << "the sqlite3 program is not installed";
  }
  const auto served_newer = netvet(dir_, "serve --workspace " + ws_ + " --listen 127.0.0.1:0");
  EXPECT_EQ(served_newer.status, 6) << served_newer.err;
  EXPECT_NE(served_newer.err.find("newer netvet (version 99)"), std::string::npos) << served_newer.err;
  const auto verify = netvet(dir_, "log verify --workspace " + ws_);
  EXPECT_EQ(verify.status, 6) << verify.err;
  const auto backup = netvet(dir_, "admin backup --workspace " + ws_ + " " + (dir_ / "b"));
  ASSERT_EQ(backup.status, 0) << backup.err;  // a copy is bytes: it does not read the schema
  const auto restored = netvet(dir_, "admin restore --workspace " + (dir_ / "r.db") + " " + (dir_ / "b"));
  EXPECT_EQ(restored.status, 6) << restored.err;  // but its log cannot be checked by this netvet
}

// A person who left, from the command line, while the server runs.
TEST_F(ops_test, DeactivateUserStopsTheirTokenAtOnce) {
  served s(dir_, "--workspace " + ws_ + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir_ / "serve.err");
  ASSERT_EQ(http_exchange(s.port(), req("GET", "/api/v1/networks", spark_))->status, 200);
  const auto gone = netvet(dir_, "admin deactivate-user --workspace " + ws_ + " --name compliance");
  ASSERT_EQ(gone.status, 0) << gone.err;
  EXPECT_EQ(http_exchange(s.port(), req("GET", "/api/v1/networks", spark_))->status, 401);
  EXPECT_EQ(netvet(dir_, "admin deactivate-user --workspace " + ws_ + " --name compliance").status, 13);
  EXPECT_EQ(netvet(dir_, "admin deactivate-user --workspace " + ws_ + " --name nobody").status, 4);
  EXPECT_EQ(s.stop(), 0);
}

// pg_dump while one server writes; pg_restore into a fresh
// database of the cluster; the held checkpoint verifies against it.
// pg_dump gets the URI's settings through libpq's environment: a password on
// its command line would be readable by every user of the machine (ps). A
// pg_dump of the test's own on PATH records what it was given.
TEST(OpsBackup, PgDumpGetsNoPasswordOnItsCommandLine) {
  temp_dir dir;
  const std::string bin = dir / "bin";
  std::filesystem::create_directories(bin);
  const std::string fake = bin + "/pg_dump";
  spit(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + (dir / "argv") + "\nenv | grep '^PG' | sort > " + (dir / "env") +
                 "\nfor a; do case $a in --file=*) echo dump > \"${a#--file=}\";; esac; done\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  const std::string env = kSourcePolicies + " PGPASSWORD=from-the-caller PATH=" + bin + ":$PATH";
  const std::string copy = dir / "pg.backup";
  const auto r = netvet(
      dir, "admin backup --workspace 'postgresql://netvet:s3cret-pass@db.example:6543/nz?keepalives=1' " + copy, env);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string argv = slurp(dir / "argv");
  const std::string seen = slurp(dir / "env");
  EXPECT_EQ(argv.find("s3cret"), std::string::npos) << argv;
  EXPECT_NE(argv.find("--dbname="), std::string::npos) << argv;
  EXPECT_NE(argv.find("dbname='nz'"), std::string::npos) << argv;
  EXPECT_NE(argv.find("keepalives='1'"), std::string::npos) << argv;
  for (const char* v : {"PGPASSWORD=s3cret-pass\n", "PGHOST=db.example\n", "PGPORT=6543\n", "PGUSER=netvet\n"}) {
    EXPECT_NE(seen.find(v), std::string::npos) << v << " in\n" << seen;
  }
  EXPECT_EQ(seen.find("from-the-caller"), std::string::npos) << seen;  // the URI's password wins
  EXPECT_EQ(mode_of(copy), 0600U);
  const auto bad =
      netvet(dir, "admin backup --workspace 'postgresql://db.example/nz?no_such_setting=1' " + (dir / "b2"), env);
  EXPECT_EQ(bad.status, 3) << bad.err;
  EXPECT_NE(bad.err.find("no_such_setting"), std::string::npos) << bad.err;
}

// A PostgreSQL store with Spark's network and one decided notification,
// backed up while a server runs; the server stopped after.
struct pg_backup_made {
  std::string key;   // the log's signing key
  std::string copy;  // the backup
  std::string spark;
};

// Spark's network uploaded and one notification decided, through a server
// over `ws` (which the caller has populated); then `meanwhile` while that
// server still runs.
void upload_and_decide(const temp_dir& dir, const std::string& ws, const std::string& spark, const std::string& gcsb,
                       const std::function<void()>& meanwhile) {
  ASSERT_EQ(netvet(dir, "convert " NETVET_SOURCE_DIR "/examples/spark-2018/network " + (dir / "n.json")).status, 0);
  served s(dir, ws + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir / "serve.err");
  const auto up = http_exchange(s.port(), req("POST", "/api/v1/networks?name=spark", spark, slurp(dir / "n.json")));
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 201) << up->body;
  decide_one(s.port(), spark, gcsb, json::parse(up->body)["id"], dir / "decision.json");
  meanwhile();
  EXPECT_EQ(s.stop(), 0);
}

pg_backup_made backup_of_a_decided_store(const pg_database& db, const temp_dir& dir) {
  pg_backup_made out{dir / "log.key", dir / "pg.backup", ""};
  const std::string ws = "--workspace '" + db.uri() + "' --signing-key " + out.key;
  EXPECT_EQ(netvet(dir, "admin init " + ws).status, 0);
  EXPECT_EQ(netvet(dir, "admin add-org " + ws + " --name Spark --kind operator --jurisdiction nz").status, 0);
  EXPECT_EQ(netvet(dir, "admin add-org " + ws + " --name GCSB --kind regulator --jurisdiction nz").status, 0);
  out.spark = first_line(netvet(dir, "admin add-user " + ws + " --org Spark --name ops --role operator_editor").out);
  const std::string gcsb =
      first_line(netvet(dir, "admin add-user " + ws + " --org GCSB --name analyst --role regulator_assessor").out);
  upload_and_decide(dir, ws, out.spark, gcsb, [&] {
    const auto backup = netvet(dir, "admin backup --workspace '" + db.uri() + "' " + out.copy);
    EXPECT_EQ(backup.status, 0) << backup.err;
    EXPECT_EQ(mode_of(out.copy), 0600U);
  });
  return out;
}

// Two databases of the test cluster: one holding a decided store, backed up
// while a server ran (`made_`), and an empty target.
class OpsOnPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_database::available()) {
      GTEST_SKIP() << pg_database::kSkip;
    }
    db_.emplace();
    target_.emplace();
    ASSERT_FALSE(db_->uri().empty()) << db_->error();
    ASSERT_FALSE(target_->uri().empty()) << target_->error();
    made_ = backup_of_a_decided_store(*db_, dir_);
    ASSERT_FALSE(HasFailure());
  }

  std::optional<pg_database> db_;
  std::optional<pg_database> target_;
  temp_dir dir_;
  pg_backup_made made_;
};

TEST_F(OpsOnPostgres, BackupWhileServingAndRestoreIntoAFreshDatabase) {
  const temp_dir& dir = dir_;
  const pg_database& target = *target_;
  const std::string copy = made_.copy;

  const auto restored = netvet(dir, "admin restore --workspace '" + target.uri() + "' " + copy);
  ASSERT_EQ(restored.status, 0) << restored.out << restored.err;
  EXPECT_NE(restored.out.find("nz: "), std::string::npos) << restored.out;
  const auto verified =
      netvet(dir, "log verify --workspace '" + target.uri() + "' --checkpoint " + (dir / "decision.json"));
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  // Not twice: the database holds the store now.
  EXPECT_EQ(netvet(dir, "admin restore --workspace '" + target.uri() + "' " + copy).status, 5);
  const auto forced = netvet(dir, "admin restore --force --workspace '" + target.uri() + "' " + copy);
  EXPECT_EQ(forced.status, 0) << forced.out << forced.err;
}

// A fresh machine's database belongs to another role than the one that
// owned the backed-up one (whose name the dump's ownership and the owner's
// policies carry): the restore makes the target's owner the owner, the log
// verifies, and a server over it answers the operator its own network.
TEST_F(OpsOnPostgres, RestoreIntoADatabaseOfAnotherOwnerRole) {
  const temp_dir& dir = dir_;
  const pg_database& target = *target_;
  const pg_backup_made& made = made_;
  const std::string other = "netvet_other_owner";
  const std::string row = target.text_of("SELECT current_database()");
  const std::string name = row.substr(0, row.find('|'));
  {
    pqxx::connection c(pg_database::base_uri());
    pqxx::work w(c);
    if (w.exec("SELECT 1 FROM pg_roles WHERE rolname = '" + other + "'").empty()) {
      w.exec("CREATE ROLE " + other + " LOGIN CREATEROLE");
    }
    w.exec("ALTER DATABASE " + name + " OWNER TO " + other);
    w.commit();
  }
  std::string uri = target.uri();
  const auto user = uri.find("user=");
  ASSERT_NE(user, std::string::npos) << uri;
  uri = uri.substr(0, user) + "user=" + other +
        uri.substr(uri.find('&', user) == std::string::npos ? uri.size() : uri.find('&', user));

  const auto restored = netvet(dir, "admin restore --workspace '" + uri + "' " + made.copy);
  ASSERT_EQ(restored.status, 0) << restored.out << restored.err;
  EXPECT_EQ(target.text_of("SELECT tableowner FROM pg_tables WHERE tablename = 'network'"), other + "|\n");
  const auto verified = netvet(dir, "log verify --workspace '" + uri + "' --checkpoint " + (dir / "decision.json"));
  EXPECT_EQ(verified.status, 0) << verified.out << verified.err;
  served s(dir, "--workspace '" + uri + "' --signing-key " + made.key + " --listen 127.0.0.1:0");
  ASSERT_NE(s.port(), 0) << slurp(dir / "serve.err");
  const auto list = http_exchange(s.port(), req("GET", "/api/v1/networks", made.spark));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(json::parse(list->body)["items"].size(), 1U) << list->body;
  EXPECT_EQ(s.stop(), 0);
}

}  // namespace
}  // namespace netvet::testing
