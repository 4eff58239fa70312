// The PostgreSQL server store's second wall: row-level security, tried with
// raw SQL as the tenant roles (as a query that forgot `scope_of` would run),
// the append-only log, a network read back exactly, and the log under
// concurrent writers on several connections. Skipped without
// NETVET_TEST_PG_URI (scripts/pg-test-cluster.sh; scripts/test.sh sets it).
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "netvet/crypto/digest.h"
#include "netvet/io/reader.h"
#include "netvet/store/server_store.h"
#include "support/pg_database.h"
#include "support/temp_dir.h"

namespace netvet::store {
namespace {

constexpr std::int64_t kStart = 1'700'000'000;

model::network small_network(int n) {
  std::string elements = "id,function,vendor,region\n";
  for (int i = 0; i < n; ++i) {
    elements += "gnb-" + std::to_string(i) + ",gnb," + (i % 2 == 0 ? "Huawei" : "Nokia") + ",Auckland\n";
  }
  elements += "core-1,router,Cisco,\n";
  std::string links = "a,b\n";
  for (int i = 0; i < n; ++i) {
    links += "gnb-" + std::to_string(i) + ",core-1\n";
  }
  auto net = io::read_network_csv_text(elements, links, "test", {});
  EXPECT_TRUE(net) << net.err().message;
  return std::move(*net);
}

assessment_record fake_assessment() {
  return {"significant_risk", nlohmann::json{{"decision", "significant_risk"}}, "nz", "1", std::string(64, 'a')};
}

class pg_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::pg_database::available()) {
      GTEST_SKIP() << testing::pg_database::kSkip;
    }
    db_ = std::make_unique<testing::pg_database>();
    ASSERT_FALSE(db_->uri().empty()) << db_->error();
    key_ = std::make_unique<crypto::signing_key>(*create_signing_key(dir_ / "server.key"));
    store_ = open();
    ASSERT_TRUE(store_->init({"root", {kStart}, {kStart + 86400}, std::nullopt}));
    admin_ = *store_->local_admin();
    op_a_ = person("Spark", org_kind::operator_org, "nz", "spark", role::operator_editor);
    op_b_ = person("One NZ", org_kind::operator_org, "nz", "onenz", role::operator_editor);
    reg_ = person("GCSB", org_kind::regulator, "nz", "gcsb", role::regulator_assessor);
    reg_gb_ = person("NCSC", org_kind::regulator, "gb", "ncsc", role::regulator_assessor);
    net_a_ = store_->add_network(op_a_, "a", small_network(3), now())->id;
    net_b_ = store_->add_network(op_b_, "b", small_network(4), now())->id;
    for (const auto* p : {&op_a_, &op_b_}) {
      const auto made = store_->create_proposal(*p, {p == &op_a_ ? net_a_ : net_b_, {}, fake_assessment(), ""}, now());
      ASSERT_TRUE(made) << made.err().message;
      ASSERT_TRUE(store_->move_proposal(*p, made->id, proposal_move::submit, {}, now()));
    }
  }

  std::unique_ptr<server_store> open() {
    server_store_options o;
    o.key = key_.get();
    auto s = open_server_store(db_->uri(), o);
    EXPECT_TRUE(s) << s.err().message;
    return s ? std::move(*s) : nullptr;
  }

  timestamp now() { return {kStart + ++tick_}; }

  principal person(const std::string& org, org_kind kind, const std::string& jur, const std::string& name, role who) {
    const auto o = store_->create_org(admin_, {0, org, kind, jur, {}}, now());
    EXPECT_TRUE(o) << o.err().message;
    const auto u = store_->create_user(admin_, o->id, name, who, now());
    EXPECT_TRUE(u);
    const auto t = store_->issue_token(admin_, {u->id, false, {kStart + 86400}}, now());
    EXPECT_TRUE(t);
    const auto p = store_->authenticate(t->text, "test", now());
    EXPECT_TRUE(p);
    return *p;
  }

  std::int64_t id_of(const std::string& net) { return std::stoll(net.substr(4)); }

  // Runs `sql` as `role_name` with the tenant settings given ("" leaves
  // them unset); the rows' count (a SELECT's first column, or the rows
  // touched), or the error's text.
  struct outcome {
    std::int64_t n = -1;
    std::string error;
  };
  outcome as(const std::string& role_name, const std::string& org, const std::string& jur, const std::string& sql) {
    try {
      pqxx::connection c(db_->uri());
      pqxx::work w(c);
      w.exec0("SET LOCAL ROLE " + role_name);
      if (!org.empty()) {
        w.exec_params("SELECT set_config('app.org_id', $1, true), set_config('app.jurisdiction', $2, true)", org, jur);
      }
      const auto r = w.exec(sql);
      const std::int64_t n = r.columns() > 0 && !r.empty() ? r[0][0].as<std::int64_t>() : r.affected_rows();
      w.commit();
      return {n, ""};
    } catch (const std::exception& e) {
      return {-1, e.what()};
    }
  }
  outcome as_op(const principal& p, const std::string& sql) {
    return as("netvet_operator_app", std::to_string(p.org_id), p.jurisdiction, sql);
  }
  outcome as_reg(const principal& p, const std::string& sql) {
    return as("netvet_regulator_app", std::to_string(p.org_id), p.jurisdiction, sql);
  }

  testing::temp_dir dir_;
  std::unique_ptr<testing::pg_database> db_;
  std::unique_ptr<crypto::signing_key> key_;
  std::unique_ptr<server_store> store_;
  principal admin_, op_a_, op_b_, reg_, reg_gb_;
  std::string net_a_, net_b_;
  std::int64_t tick_ = 0;
};

TEST_F(pg_store_test, TheAppRolesSeeNothingWithNoTenantSet) {
  for (const char* role_name : {"netvet_operator_app", "netvet_regulator_app"}) {
    for (const char* t : {"network", "network_chunk", "proposal", "log_entry", "kept_answer"}) {
      const auto r = as(role_name, "", "", std::string("SELECT count(*) FROM ") + t);
      if (std::string_view(t) == "kept_answer" && std::string_view(role_name) == "netvet_regulator_app") {
        EXPECT_NE(r.error.find("permission denied"), std::string::npos) << r.error;  // none of it at all
        continue;
      }
      EXPECT_EQ(r.error, "") << role_name << " " << t;
      EXPECT_EQ(r.n, 0) << role_name << " " << t;
    }
    // Nor can they reach people and tokens at all.
    EXPECT_NE(as(role_name, "", "", "SELECT count(*) FROM token").error, "") << role_name;
    EXPECT_NE(as(role_name, "", "", "SELECT count(*) FROM app_user").error, "") << role_name;
  }
}

TEST_F(pg_store_test, AnOperatorCannotReadOrChangeAnothersRowsEvenWithRawSql) {
  const std::string b = std::to_string(op_b_.org_id);
  const std::string nb = std::to_string(id_of(net_b_));
  // Reads: its own rows only, whatever the WHERE clause says.
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM network").n, 1);
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM network WHERE org_id = " + b).n, 0);
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM network_chunk WHERE network_id = " + nb).n, 0);
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM proposal WHERE org_id = " + b).n, 0);
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM log_entry WHERE org_id = " + b).n, 0);
  EXPECT_GT(as_op(op_a_, "SELECT count(*) FROM log_entry").n, 0);
  // Writes to B's rows touch nothing; rows claimed for B are refused.
  EXPECT_EQ(as_op(op_a_, "DELETE FROM network WHERE org_id = " + b).n, 0);
  // Networks are never edited in place: no UPDATE grant at all.
  EXPECT_NE(as_op(op_a_, "UPDATE network SET name = 'stolen' WHERE org_id = " + b).error.find("permission denied"),
            std::string::npos);
  EXPECT_EQ(as_op(op_a_, "DELETE FROM network_chunk WHERE network_id = " + nb).n, 0);
  EXPECT_EQ(as_op(op_a_, "UPDATE proposal SET state = 'withdrawn' WHERE org_id = " + b).n, 0);
  EXPECT_NE(as_op(op_a_,
                  "INSERT INTO network (org_id, jurisdiction, name, created_at, elements, links, "
                  "content_hash) VALUES (" +
                      b + ", 'nz', 'planted', 0, 0, 0, '')")
                .error.find("row-level security"),
            std::string::npos);
  EXPECT_NE(as_op(op_a_,
                  "INSERT INTO log_entry (chain, idx, org_id, at, actor, kind, subject, body, hash) "
                  "VALUES ('nz', 999, " +
                      b + ", 0, 'x', 'x', 'x', '{}', '')")
                .error.find("row-level security"),
            std::string::npos);
  // B's network is intact through the store.
  const auto kept = store_->load_network(op_b_, net_b_, model::vendor_catalog::builtin());
  ASSERT_TRUE(kept) << kept.err().message;
  EXPECT_EQ(kept->element_count(), 5U);
  EXPECT_EQ(store_->network(op_b_, net_b_)->name, "b");
}

TEST_F(pg_store_test, ARegulatorReadsItsJurisdictionAndCannotChangeNetworks) {
  EXPECT_EQ(as_reg(reg_, "SELECT count(*) FROM network").n, 2);
  EXPECT_EQ(as_reg(reg_, "SELECT count(*) FROM proposal").n, 2);
  EXPECT_EQ(as_reg(reg_gb_, "SELECT count(*) FROM network").n, 0);
  EXPECT_EQ(as_reg(reg_gb_, "SELECT count(*) FROM log_entry").n, 0);
  EXPECT_NE(as_reg(reg_, "UPDATE network SET name = 'renamed'").error.find("permission denied"), std::string::npos);
  EXPECT_NE(as_reg(reg_, "DELETE FROM network").error.find("permission denied"), std::string::npos);
  EXPECT_NE(as_reg(reg_, "DELETE FROM network_chunk").error.find("permission denied"), std::string::npos);
  // Another jurisdiction's regulator decides nothing.
  EXPECT_EQ(as_reg(reg_gb_, "UPDATE proposal SET state = 'decided'").n, 0);
}

// The answers kept across restarts are as private as their network: with
// raw SQL an operator sees and changes only its own networks', a regulator
// its jurisdiction's, and nobody plants one on a network it cannot see.
TEST_F(pg_store_test, KeptAnswersFollowTheirNetworksRowLevelSecurity) {
  const auto keep = [&](const principal& p, const std::string& net, const std::string& k) {
    return store_->keep_answer(p, net, {crypto::to_hex(crypto::sha256(k)), "g", "", "application/json", "[]", "{}"},
                               now());
  };
  ASSERT_TRUE(keep(op_a_, net_a_, "a"));
  ASSERT_TRUE(keep(op_b_, net_b_, "b"));
  // A regulator keeps none (its operator would read it as its own), of its jurisdiction or another's.
  EXPECT_EQ(keep(reg_, net_b_, "b-by-regulator").err().code, error_code::forbidden);
  EXPECT_EQ(keep(reg_gb_, net_b_, "elsewhere").err().code, error_code::not_found);
  const std::string nb = std::to_string(id_of(net_b_));
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM kept_answer").n, 1);
  EXPECT_EQ(as_op(op_a_, "SELECT count(*) FROM kept_answer WHERE network_id = " + nb).n, 0);
  EXPECT_EQ(as_op(op_a_, "DELETE FROM kept_answer WHERE network_id = " + nb).n, 0);
  EXPECT_NE(as_op(op_a_,
                  "INSERT INTO kept_answer (network_id, key_sha256, generation, day, content_type, headers, body, "
                  "created_at) VALUES (" +
                      nb + ", 'k', 'g', '', 'application/json', '[]', '{}', 0)")
                .error.find("row-level security"),
            std::string::npos);
  // With raw SQL the regulator role neither reads (rows an operator's session wrote, which would pass
  // for its own audit) nor plants nor evicts an operator's answers.
  for (const std::string& sql : std::vector<std::string>{
           "SELECT count(*) FROM kept_answer", "DELETE FROM kept_answer WHERE network_id = " + nb,
           "INSERT INTO kept_answer (network_id, key_sha256, generation, day, content_type, headers, body, "
           "created_at) VALUES (" +
               nb + ", 'k', 'g', '', 'application/json', '[]', '{}', 0)"}) {
    EXPECT_NE(as_reg(reg_, sql).error.find("permission denied"), std::string::npos) << sql;
  }
  EXPECT_EQ(as_op(op_b_, "SELECT count(*) FROM kept_answer").n, 1);
}

TEST_F(pg_store_test, NobodyUpdatesOrDeletesTheLog) {
  for (const char* sql : {"UPDATE log_entry SET actor = 'x'", "DELETE FROM log_entry", "TRUNCATE log_entry"}) {
    EXPECT_NE(as_op(op_a_, sql).error.find("permission denied"), std::string::npos) << sql;
    EXPECT_NE(as_reg(reg_, sql).error.find("permission denied"), std::string::npos) << sql;
    // The owner holds the table, and the trigger still refuses.
    EXPECT_NE(db_->exec(sql).find("append-only"), std::string::npos) << sql;
  }
  const auto v = store_->verify_log({});
  ASSERT_TRUE(v);
  for (const auto& c : *v) {
    EXPECT_FALSE(c.first_bad) << c.chain << ": " << c.why;
  }
}

TEST_F(pg_store_test, ANetworkReadsBackExactlyAsUploaded) {
  auto source = io::read_network(std::string(NETVET_SOURCE_DIR) + "/examples/spark-2018/network", {});
  ASSERT_TRUE(source);
  const auto rec = store_->add_network(op_a_, "spark-2018", *source, now());
  ASSERT_TRUE(rec) << rec.err().message;
  EXPECT_EQ(rec->content_hash, content_hash(*source));
  const auto back = store_->load_network(op_a_, rec->id, model::vendor_catalog::builtin());
  ASSERT_TRUE(back) << back.err().message;
  EXPECT_EQ(io::write_elements_csv(*back), io::write_elements_csv(*source));
  EXPECT_EQ(io::write_links_csv(*back), io::write_links_csv(*source));
  // Out of scope is not_found, for the other operator and another jurisdiction.
  EXPECT_EQ(store_->load_network(op_b_, rec->id, model::vendor_catalog::builtin()).err().code, error_code::not_found);
  EXPECT_EQ(store_->network(reg_gb_, rec->id).err().code, error_code::not_found);
  // A taken name is already_exists, and the transaction left nothing behind.
  EXPECT_EQ(store_->add_network(op_a_, "spark-2018", *source, now()).err().code, error_code::already_exists);
  EXPECT_EQ(db_->text_of("SELECT count(*) FROM network"), "3|\n");
}

TEST_F(pg_store_test, ConcurrentWritersOnSeveralConnectionsKeepTheLogDense) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;  // 200 operations: uploads and full decisions
  const auto before = db_->text_of("SELECT count(*) FROM log_entry WHERE chain = 'nz'");
  std::vector<std::unique_ptr<server_store>> stores;
  for (int t = 0; t < kThreads; ++t) {
    stores.push_back(open());
    ASSERT_TRUE(stores.back());
  }
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  const auto fail = [&](const std::string& what) {
    const std::lock_guard lock(failures_mutex);
    failures.push_back(what);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto& s = *stores[static_cast<std::size_t>(t)];
      const principal& op = t % 2 == 0 ? op_a_ : op_b_;
      const timestamp at{kStart + 1000};
      for (int i = 0; i < kPerThread; ++i) {
        if (i % 2 == 0) {
          const auto up = s.add_network(op, "t" + std::to_string(t) + "-" + std::to_string(i), small_network(2), at);
          if (!up) {
            fail(up.err().message);
          }
          continue;
        }
        const auto made = s.create_proposal(op, {t % 2 == 0 ? net_a_ : net_b_, {}, fake_assessment(), ""}, at);
        if (!made) {
          fail(made.err().message);
          continue;
        }
        auto moved = s.move_proposal(op, made->id, proposal_move::submit, {}, at);
        if (moved) {
          moved = s.move_proposal(reg_, made->id, proposal_move::decide,
                                  {{"decision", "significant_risk"}, {"reasons", "test"}}, at);
        }
        if (!moved) {
          fail(moved.err().message);
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  // 100 uploads (1 entry each) and 100 decisions (created, submitted, decided).
  const std::int64_t base = std::stoll(before);
  EXPECT_EQ(db_->text_of("SELECT count(*), max(idx) + 1, count(DISTINCT idx) FROM log_entry WHERE chain = 'nz'"),
            std::to_string(base + 400) + "|" + std::to_string(base + 400) + "|" + std::to_string(base + 400) + "|\n");
  EXPECT_EQ(db_->text_of("SELECT count(*) FROM network"), "102|\n");
  EXPECT_EQ(db_->text_of("SELECT count(*) FROM proposal WHERE state = 'decided'"), "100|\n");
  const auto v = store_->verify_log({});
  ASSERT_TRUE(v);
  for (const auto& c : *v) {
    EXPECT_FALSE(c.first_bad) << c.chain << ": " << c.why;
  }
}

}  // namespace
}  // namespace netvet::store
