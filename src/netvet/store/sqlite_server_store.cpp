// The SQLite backend of the server store: the server's tables beside a
// workspace's snapshots, in the same file (docs/server.md has the schema).
//
// Tenancy lives in `scope_of` below and nowhere else: every query of tenant
// rows appends the predicate it returns, with its parameters bound.
#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <unordered_map>
#include <utility>
#include <variant>

#include <sqlite3.h>
#include <sys/stat.h>

#include "netvet/crypto/canonical_json.h"
#include "netvet/crypto/digest.h"
#include "netvet/crypto/hash_chain.h"
#include "netvet/crypto/merkle.h"
#include "netvet/crypto/password.h"
#include "netvet/crypto/random.h"
#include "netvet/store/server_store.h"
#include "netvet/store/server_store_internal.h"
#include "netvet/store/sqlite_workspace.h"
#include "netvet/store/workspace_internal.h"

namespace netvet::store {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): the backends' shared half

// 2: log_entry.leaf (the entry's Merkle leaf hash) and checkpoint.root.
// 3: password_reset (one-time codes; a table kServerSchema creates).
// 4: the webhooks, their outbox and its attempts (kWebhookSchema).
// (milestone.due needs no table: its events go to the schema-4 outbox.)
// 5: webhook_outbox.redelivery_of (kRedeliverySchema): manual redeliveries.
// 6: kept_answer (the rendered analyses kept across restarts; a table
//    kServerSchema creates).
// 7: kept_answer.pinned (the overview's answers, evicted apart from the rest).
constexpr int kServerSchemaVersion = 7;
// The largest idx a query binds (SQLite integers are signed 64-bit).
constexpr std::uint64_t kMaxIdx = std::numeric_limits<std::int64_t>::max();

constexpr const char* kServerSchema = R"sql(
CREATE TABLE IF NOT EXISTS server_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS org (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  jurisdiction TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS app_user (
  id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES org(id), name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL, pw_hash TEXT, disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS token (
  id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id), secret_sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_used_at INTEGER, expires_at INTEGER NOT NULL,
  read_only INTEGER NOT NULL, revoked_at INTEGER);
CREATE TABLE IF NOT EXISTS network (
  id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES org(id), jurisdiction TEXT NOT NULL,
  name TEXT NOT NULL, snapshot TEXT NOT NULL, created_at INTEGER NOT NULL, elements INTEGER NOT NULL,
  links INTEGER NOT NULL, content_hash TEXT NOT NULL, UNIQUE (org_id, name));
CREATE TABLE IF NOT EXISTS proposal (
  id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES org(id), jurisdiction TEXT NOT NULL,
  network_id INTEGER NOT NULL REFERENCES network(id), version INTEGER NOT NULL, supersedes INTEGER,
  state TEXT NOT NULL, body TEXT NOT NULL, recommendation TEXT NOT NULL, assessment TEXT NOT NULL,
  pack_id TEXT NOT NULL, pack_version TEXT NOT NULL, pack_sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL, submitted_at INTEGER, updated_at INTEGER NOT NULL,
  requests TEXT NOT NULL DEFAULT '[]', decision TEXT);
CREATE TABLE IF NOT EXISTS log_entry (
  chain TEXT NOT NULL, idx INTEGER NOT NULL, org_id INTEGER, at INTEGER NOT NULL, actor TEXT NOT NULL,
  kind TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, hash TEXT NOT NULL, leaf TEXT,
  PRIMARY KEY (chain, idx));
CREATE TABLE IF NOT EXISTS checkpoint (
  chain TEXT NOT NULL, count INTEGER NOT NULL, hash TEXT NOT NULL, key_id TEXT NOT NULL,
  signature TEXT NOT NULL, at INTEGER NOT NULL, root TEXT NOT NULL DEFAULT '', PRIMARY KEY (chain, count));
CREATE TABLE IF NOT EXISTS signing_key (
  key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, created_at INTEGER NOT NULL, retired_at INTEGER);
CREATE TABLE IF NOT EXISTS session (
  id_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id), csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL, seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS waiver (
  id INTEGER PRIMARY KEY, network_id INTEGER NOT NULL REFERENCES network(id), org_id INTEGER NOT NULL,
  jurisdiction TEXT NOT NULL, pack TEXT NOT NULL, rule TEXT NOT NULL, elements TEXT NOT NULL,
  justification TEXT NOT NULL, expires TEXT NOT NULL, granted_by TEXT NOT NULL, created_at INTEGER NOT NULL,
  revoked_at INTEGER);
CREATE TABLE IF NOT EXISTS login_failure (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS password_reset (
  user_id INTEGER PRIMARY KEY REFERENCES app_user(id), code_sha256 TEXT NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kept_answer (
  network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE, key_sha256 TEXT NOT NULL,
  generation TEXT NOT NULL, day TEXT NOT NULL, content_type TEXT NOT NULL, headers TEXT NOT NULL,
  body BLOB NOT NULL, created_at INTEGER NOT NULL, pinned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (network_id, key_sha256));
CREATE TRIGGER IF NOT EXISTS log_entry_no_update BEFORE UPDATE ON log_entry
  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS log_entry_no_delete BEFORE DELETE ON log_entry
  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
)sql";

// Schema 4: webhooks, and the outbox written in the transaction of each event.
constexpr const char* kWebhookSchema = R"sql(
CREATE TABLE IF NOT EXISTS webhook (
  id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES org(id), url TEXT NOT NULL, events TEXT NOT NULL,
  lead_days INTEGER NOT NULL, secret TEXT NOT NULL, previous_secret TEXT, previous_until INTEGER,
  created_at INTEGER NOT NULL, created_by TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS webhook_outbox (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, webhook_id INTEGER NOT NULL REFERENCES webhook(id),
  org_id INTEGER NOT NULL, event TEXT NOT NULL, event_key TEXT NOT NULL, payload TEXT NOT NULL,
  created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending', last_status INTEGER, last_error TEXT, UNIQUE (webhook_id, event_key));
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS webhook_attempt (
  delivery_id TEXT NOT NULL REFERENCES webhook_outbox(id), n INTEGER NOT NULL, at INTEGER NOT NULL,
  status INTEGER NOT NULL, error TEXT NOT NULL, duration_ms INTEGER NOT NULL, PRIMARY KEY (delivery_id, n));
)sql";

// Schema 5: a redelivery names the first delivery of its chain.
constexpr const char* kRedeliverySchema = "ALTER TABLE webhook_outbox ADD COLUMN redelivery_of TEXT";

// One prepared statement; finalized on destruction.
// One writer at a time per database file within this process. SQLite lets
// one connection write and makes the others wait in its busy handler, which
// sleeps 1, 2, 5, 10... ms between tries: with two server workers writing at
// once, the loser slept while its core idled, and those sleeps made the tail
// of proposal creation under load. Queueing on a mutex wakes the next writer
// the moment the lock is free. Other processes still meet the busy handler.
// Keyed by the path as opened; the map holds one small mutex per file ever
// written by this process.
std::mutex& writer_lock_for(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::unique_ptr<std::mutex>> registry;
  const std::lock_guard lock(registry_mutex);
  auto& m = registry[path];
  if (!m) {
    m = std::make_unique<std::mutex>();
  }
  return *m;
}

// Prepared statements kept per connection and SQL text: preparing parses the
// SQL, which was an eighth of a proposal's creation in a profile. A statement
// is taken out while in use (a nested use of the same SQL prepares another)
// and reset and put back after; the connection's owner finalizes them all
// (`forget_statements`) before it closes.
class statement_cache {
 public:
  static sqlite3_stmt* take(sqlite3* db, std::string_view sql) {
    const std::lock_guard lock(mu());
    auto conn = all().find(db);
    if (conn == all().end()) {
      return nullptr;
    }
    auto it = conn->second.find(std::string(sql));
    if (it == conn->second.end() || it->second == nullptr) {
      return nullptr;
    }
    return std::exchange(it->second, nullptr);
  }
  static void give_back(sqlite3* db, sqlite3_stmt* s) {
    if (s == nullptr) {
      return;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    const std::lock_guard lock(mu());
    auto& slot = all()[db][sqlite3_sql(s)];
    if (slot == nullptr) {
      slot = s;
    } else {
      sqlite3_finalize(s);
    }
  }
  static void forget(sqlite3* db) {
    const std::lock_guard lock(mu());
    if (auto conn = all().find(db); conn != all().end()) {
      for (auto& [sql, s] : conn->second) {
        sqlite3_finalize(s);
      }
      all().erase(conn);
    }
  }

 private:
  using per_connection = std::unordered_map<std::string, sqlite3_stmt*>;
  static std::mutex& mu() {
    static std::mutex m;
    return m;
  }
  static std::unordered_map<sqlite3*, per_connection>& all() {
    static std::unordered_map<sqlite3*, per_connection> m;
    return m;
  }
};

class statement {
 public:
  statement(sqlite3* db, std::string_view sql) : db_(db), s_(statement_cache::take(db, sql)) {
    if (s_ == nullptr) {
      rc_ = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    }
  }
  ~statement() {
    if (rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE) {
      statement_cache::give_back(db_, s_);
    } else {
      sqlite3_finalize(s_);  // a failed statement is not kept
    }
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind(const value& v) {
    ++param_;
    if (rc_ != SQLITE_OK) {
      return *this;
    }
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      rc_ = sqlite3_bind_int64(s_, param_, *i);
    } else {
      const auto& s = std::get<std::string>(v);
      rc_ = sqlite3_bind_text(s_, param_, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    return *this;
  }
  statement& bind_all(const std::vector<value>& vs) {
    for (const auto& v : vs) {
      bind(v);
    }
    return *this;
  }
  statement& bind_null() {
    ++param_;
    if (rc_ == SQLITE_OK) {
      rc_ = sqlite3_bind_null(s_, param_);
    }
    return *this;
  }
  // true: a row; false: done. Errors as storage_error (already_exists for a UNIQUE clash).
  result<bool> step() {
    if (rc_ != SQLITE_OK) {
      return failure();
    }
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      return false;
    }
    rc_ = rc;
    return failure();
  }
  status run() {
    NETVET_ASSIGN_OR_RETURN(const bool row, step());
    (void)row;
    return {};
  }
  [[nodiscard]] std::int64_t integer(int i) const { return sqlite3_column_int64(s_, i); }
  [[nodiscard]] bool null(int i) const { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
  [[nodiscard]] std::string text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, i)));
  }
  [[nodiscard]] std::optional<timestamp> time_or_null(int i) const {
    return null(i) ? std::nullopt : std::optional<timestamp>(timestamp{integer(i)});
  }

 private:
  error failure() const {
    const int ext = sqlite3_extended_errcode(db_);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return make_error(error_code::already_exists, std::string("already exists: ") + sqlite3_errmsg(db_));
    }
    return make_error(error_code::storage_error, std::string("the server store failed: ") + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
  int param_ = 0;
};

class sqlite_server_store final : public server_store {
 public:
  sqlite_server_store(sqlite3* db, std::unique_ptr<workspace> ws, std::string path, server_store_options options)
      : db_(db), ws_(std::move(ws)), path_(std::move(path)), options_(options), writer_(&writer_lock_for(path_)) {}
  ~sqlite_server_store() override {
    statement_cache::forget(db_);
    sqlite3_close_v2(db_);
  }
  sqlite_server_store(const sqlite_server_store&) = delete;
  sqlite_server_store& operator=(const sqlite_server_store&) = delete;

  status open() {
    sqlite3_busy_timeout(db_, 10000);
    NETVET_TRY(exec("PRAGMA foreign_keys=ON"));
    if (options_.read_only) {
      NETVET_TRY(exec("PRAGMA query_only=ON"));
      return refuse_newer_schema();  // as PostgreSQL's check_version: a newer log may not read the same
    }
    NETVET_TRY(exec("PRAGMA journal_mode=WAL"));
    NETVET_TRY(exec("PRAGMA synchronous=NORMAL"));
    return in_transaction(true, [&] { return create_or_upgrade_schema(); });
  }

  // unsupported when a newer netvet wrote the server tables (read-only opens:
  // nothing is created or upgraded).
  status refuse_newer_schema() {
    statement t(db_, "SELECT count(*) FROM sqlite_master WHERE name = 'server_schema'");
    NETVET_ASSIGN_OR_RETURN(const bool has, t.step());
    if (!has || t.integer(0) == 0) {
      return {};
    }
    statement q(db_, "SELECT max(version) FROM server_schema");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
    if (row && !q.null(0) && q.integer(0) > kServerSchemaVersion) {
      return make_error(
          error_code::unsupported,
          "the server tables were written by a newer netvet (version " + std::to_string(q.integer(0)) + ")",
          location{path_});
    }
    return {};
  }

  status create_or_upgrade_schema() {
    NETVET_TRY(exec(kServerSchema));
    statement q(db_, "SELECT max(version) FROM server_schema");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
    if (!row || q.null(0)) {
      NETVET_TRY(exec(kWebhookSchema));
      NETVET_TRY(add_redelivery_column());
      statement ins(db_, "INSERT INTO server_schema (version) VALUES (?)");
      return ins.bind(std::int64_t{kServerSchemaVersion}).run();
    }
    const std::int64_t was = q.integer(0);
    if (was > kServerSchemaVersion) {
      return make_error(error_code::unsupported,
                        "the server tables were written by a newer netvet (version " + std::to_string(was) + ")",
                        location{path_});
    }
    return migrate_from(was);
  }

  // `alter` (which adds `column` to `table`) unless the table has the column
  // already: schema 5's to a store whose version was set back while its
  // webhook tables stayed, schema 7's to a table kServerSchema has just made.
  status add_column(const char* table, const char* column, const char* alter) {
    bool present = false;
    {
      statement has(db_, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
      NETVET_TRY(has.bind(std::string(table)).bind(std::string(column)).step());
      present = has.integer(0) > 0;
    }  // reset before the table is altered
    return present ? status{} : exec(alter);
  }
  status add_redelivery_column() { return add_column("webhook_outbox", "redelivery_of", kRedeliverySchema); }

  // Each step forward from schema `was`, in the one transaction `open` runs
  // this in (schema 3's password_reset is a table kServerSchema has created).
  status migrate_from(std::int64_t was) {
    if (was < 2) {
      // Entries written before the tree keep a NULL leaf (stored_leaf hashes their body).
      NETVET_TRY(
          exec("ALTER TABLE log_entry ADD COLUMN leaf TEXT; "
               "ALTER TABLE checkpoint ADD COLUMN root TEXT NOT NULL DEFAULT ''"));
    }
    if (was < 4) {
      NETVET_TRY(exec(kWebhookSchema));
    }
    if (was < 5) {
      NETVET_TRY(add_redelivery_column());
    }
    if (was < 7) {
      NETVET_TRY(
          add_column("kept_answer", "pinned", "ALTER TABLE kept_answer ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0"));
    }
    if (was >= kServerSchemaVersion) {
      return {};
    }
    statement up(db_, "UPDATE server_schema SET version = ?");
    return up.bind(std::int64_t{kServerSchemaVersion}).run();
  }

  // --- administration ---
  result<bool> initialised() override {
    statement q(db_, "SELECT count(*) FROM org WHERE kind = 'system'");
    NETVET_TRY(q.step());
    return q.integer(0) > 0;
  }

  result<issued_token> init(const init_request& r) override {
    if (options_.key == nullptr && !options_.key_file) {
      return make_error(error_code::invalid_input, "init needs the signing key");
    }
    return in_transaction(true, [&] { return init_in_transaction(r); });
  }

  result<org_info> create_org(const principal& by, const org_info& o, timestamp now) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "manage organisations");
    }
    NETVET_TRY(check_org(o));
    return in_transaction(true, [&]() -> result<org_info> {
      org_info out = o;
      out.created_at = now;
      out.id = insert_org(o, now);
      if (out.id == 0) {
        return make_error(error_code::already_exists, "an organisation named '" + o.name + "' exists",
                          location{"", 0, 0, "name"});
      }
      NETVET_TRY(append(std::string(kSystemChain), out.id, by.actor(), "org.created", "org:" + std::to_string(out.id),
                        {{"name", o.name}, {"kind", to_string(o.kind)}, {"jurisdiction", o.jurisdiction}}, now));
      return out;
    });
  }

  result<std::vector<org_info>> orgs(const principal& by) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "list organisations");
    }
    statement q(db_, "SELECT id, name, kind, jurisdiction, created_at FROM org ORDER BY id");
    std::vector<org_info> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back(org_row(q));
    }
  }

  result<org_info> find_org(const principal& by, std::string_view name) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "list organisations");
    }
    statement q(db_, "SELECT id, name, kind, jurisdiction, created_at FROM org WHERE name = ?");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(std::string(name)).step());
    if (!row) {
      return make_error(error_code::not_found, "no organisation named '" + std::string(name) + "'",
                        location{"", 0, 0, "org"});
    }
    return org_row(q);
  }

  result<user_info> create_user(const principal& by, std::int64_t org_id, std::string_view name, role who,
                                timestamp now) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "manage people");
    }
    NETVET_TRY(check_user_name(name));
    return in_transaction(true, [&]() -> result<user_info> {
      statement q(db_, "SELECT kind, name FROM org WHERE id = ?");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(org_id).step());
      if (!row) {
        return make_error(error_code::not_found, "no organisation " + std::to_string(org_id),
                          location{"", 0, 0, "org"});
      }
      if (parse_org_kind(q.text(0)) != kind_of(who)) {
        return make_error(error_code::invalid_input,
                          "role " + std::string(to_string(who)) + " belongs to a " +
                              std::string(to_string(kind_of(who))) + " organisation, and '" + q.text(1) + "' is a " +
                              q.text(0),
                          location{"", 0, 0, "role"});
      }
      NETVET_ASSIGN_OR_RETURN(const std::int64_t id, insert_user(org_id, name, who, now));
      NETVET_TRY(append(std::string(kSystemChain), org_id, by.actor(), "user.created", "user:" + std::to_string(id),
                        {{"name", std::string(name)}, {"org", org_id}, {"role", to_string(who)}}, now));
      return user_info{id, org_id, q.text(1), std::string(name), who, now, false};
    });
  }

  result<std::vector<user_info>> users(const principal& by) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "list people");
    }
    statement q(db_,
                "SELECT u.id, u.org_id, o.name, u.name, u.role, u.created_at, u.disabled FROM app_user u "
                "JOIN org o ON o.id = u.org_id ORDER BY u.id");
    std::vector<user_info> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3),
                     parse_role(q.text(4)).value_or(role::operator_viewer), timestamp{q.integer(5)},
                     q.integer(6) != 0});
    }
  }

  result<issued_token> issue_token(const principal& by, const token_request& r, timestamp now) override {
    if (!allows(by, action::manage_orgs) && (by.user_id != r.user_id || by.read_only)) {
      return forbidden_error(by, "issue tokens for others");
    }
    return in_transaction(true, [&] { return issue_in_transaction(by, r, now); });
  }

  result<std::vector<token_info>> tokens(const principal& by, std::int64_t user_id) override {
    if (!allows(by, action::manage_orgs) && by.user_id != user_id) {
      return forbidden_error(by, "list others' tokens");
    }
    statement q(db_,
                "SELECT id, user_id, created_at, last_used_at, expires_at, read_only, revoked_at FROM token "
                "WHERE user_id = ? ORDER BY created_at, id");
    q.bind(user_id);
    std::vector<token_info> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back(token_row(q));
    }
  }

  status revoke_token(const principal& by, std::string_view token_id, timestamp now) override {
    return in_transaction(true, [&]() -> status {
      statement q(db_, "SELECT t.user_id, u.org_id FROM token t JOIN app_user u ON u.id = t.user_id WHERE t.id = ?");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(std::string(token_id)).step());
      // Someone else's token is not_found for a non-administrator: ids do not leak.
      if (!row || (!allows(by, action::manage_orgs) && q.integer(0) != by.user_id)) {
        return not_found_error("token", token_id);
      }
      statement u(db_, "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
      NETVET_TRY(u.bind(now.unix_seconds).bind(std::string(token_id)).run());
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "token.revoked",
                    "token:" + std::string(token_id), {{"user", q.integer(0)}}, now);
    });
  }

  result<principal> local_admin() override {
    statement q(db_, "SELECT id FROM app_user WHERE role = 'admin' AND disabled = 0 ORDER BY id LIMIT 1");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
    if (!row) {
      return make_error(error_code::not_found, "the server is not initialised: run `netvet admin init` first",
                        location{path_});
    }
    return principal_of_user(q.integer(0), false, "");
  }

  // --- identity ---
  result<principal> authenticate(std::string_view text, std::string_view peer, timestamp now) override {
    // nvt_<16 hex>_<43 base64url>
    const bool shaped = text.size() == 4 + 16 + 1 + 43 && text.starts_with("nvt_") && text[20] == '_';
    const std::string id = shaped ? std::string(text.substr(4, 16)) : std::string();
    std::string reason = "malformed token";
    if (shaped) {
      NETVET_ASSIGN_OR_RETURN(auto found, check_token(id, text.substr(21), now, reason));
      if (found) {
        return std::move(*found);
      }
    }
    // Recorded without the secret: the address, the id's first 8 digits, why.
    auto logged = in_transaction(true, [&]() -> status {
      return append(std::string(kSystemChain), 0, "anonymous", "login.failed", "token",
                    {{"peer", std::string(peer)}, {"token_id_prefix", id.substr(0, 8)}, {"reason", reason}}, now);
    });
    if (!logged) {
      return logged.take_error();
    }
    return make_error(error_code::unauthenticated, "a valid bearer token is required");
  }

  // --- passwords and sessions ---
  status set_password(const principal& by, std::string_view user, std::string_view password, timestamp now) override {
    if (!allows(by, action::manage_orgs) && (by.user != user || by.read_only)) {
      return forbidden_error(by, "set others' passwords");
    }
    NETVET_TRY(check_password_strength(password, user));
    NETVET_ASSIGN_OR_RETURN(const std::string hash, crypto::hash_password(password));
    return in_transaction(true, [&]() -> status {
      statement q(db_, "SELECT id, org_id FROM app_user WHERE name = ?");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(std::string(user)).step());
      if (!row) {
        return make_error(error_code::not_found, "no user named '" + std::string(user) + "'",
                          location{"", 0, 0, "name"});
      }
      statement u(db_, "UPDATE app_user SET pw_hash = ? WHERE id = ?");
      NETVET_TRY(u.bind(hash).bind(q.integer(0)).run());
      // A new password ends the sessions the old one opened.
      statement d(db_, "DELETE FROM session WHERE user_id = ?");
      NETVET_TRY(d.bind(q.integer(0)).run());
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "user.password_set",
                    "user:" + std::to_string(q.integer(0)), json::object(), now);
    });
  }

  status deactivate_user(const principal& by, std::string_view user, timestamp now) override {
    NETVET_TRY(check_deactivation(by, user));
    return in_transaction(true, [&]() -> status {
      statement q(db_, "SELECT id, org_id, disabled FROM app_user WHERE name = ?");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(std::string(user)).step());
      NETVET_TRY(check_deactivation_row(user, row, row && q.integer(2) != 0));
      statement u(db_, "UPDATE app_user SET disabled = 1 WHERE id = ?");
      NETVET_TRY(u.bind(q.integer(0)).run());
      statement d(db_, "DELETE FROM session WHERE user_id = ?");
      NETVET_TRY(d.bind(q.integer(0)).run());
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "user.deactivated",
                    "user:" + std::to_string(q.integer(0)), json::object(), now);
    });
  }

  result<reset_code> issue_reset_code(const principal& by, std::string_view user, std::int64_t valid_seconds,
                                      timestamp now) override {
    NETVET_TRY(check_reset_issue(by, user, valid_seconds));
    NETVET_ASSIGN_OR_RETURN(reset_code out, new_reset_code(user, valid_seconds, now));
    auto stored = in_transaction(true, [&]() -> status {
      statement q(db_, "SELECT id, org_id, disabled FROM app_user WHERE name = ?");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(std::string(user)).step());
      NETVET_TRY(check_deactivation_row(user, row, row && q.integer(2) != 0));
      statement u(db_, kResetCodeUpsert);
      u.bind(q.integer(0)).bind(reset_code_digest(out.code)).bind(now.unix_seconds);
      NETVET_TRY(u.bind(out.expires_at.unix_seconds).run());
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "user.reset_code_issued",
                    "user:" + std::to_string(q.integer(0)), {{"expires_at", format_timestamp(out.expires_at)}}, now);
    });
    if (!stored) {
      return stored.take_error();
    }
    return out;
  }

  status reset_password(std::string_view user, std::string_view code, std::string_view password, std::string_view peer,
                        timestamp now, login_refusal& refusal) override {
    reset_attempt a = new_reset_attempt(user, code, peer, now);
    NETVET_TRY(check_lockout(
        {a.user_key, a.peer_key}, [&](const std::string& key) { return locked_for(key, now); }, refusal));
    NETVET_TRY(check_password_strength(password, user));
    // Hashed before the code is checked: the same work whatever is wrong.
    NETVET_ASSIGN_OR_RETURN(a.hash, crypto::hash_password(password));
    NETVET_ASSIGN_OR_RETURN(const bool used, in_transaction(true, [&] { return use_reset_code(a); }));
    if (!used) {
      NETVET_TRY(
          in_transaction(true, [&] { return record_failure(a.user_key, a.peer_key, user, peer, now, "reset_code"); }));
      return wrong_reset_code();
    }
    return {};
  }

  // In reset_password's transaction: false unless the code is the user's,
  // unexpired; then it is used up, the password set and the sessions ended.
  result<bool> use_reset_code(const reset_attempt& a) {
    statement q(db_, kResetCodeLookup);
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(a.user).step());
    if (!row || !same_secret(a.digest, q.text(1)) || q.integer(2) <= a.now.unix_seconds) {
      return false;
    }
    const std::int64_t id = q.integer(0);
    for (const char* sql : {"DELETE FROM password_reset WHERE user_id = ?", "DELETE FROM session WHERE user_id = ?"}) {
      statement d(db_, sql);
      NETVET_TRY(d.bind(id).run());
    }
    statement u(db_, "UPDATE app_user SET pw_hash = ? WHERE id = ?");
    NETVET_TRY(u.bind(a.hash).bind(id).run());
    statement c(db_, "DELETE FROM login_failure WHERE key = ? OR key = ?");
    NETVET_TRY(c.bind(a.user_key).bind(a.peer_key).run());
    NETVET_TRY(append(std::string(kSystemChain), q.integer(3), "user:" + std::to_string(id), "user.password_reset",
                      "user:" + std::to_string(id), {{"peer", a.peer}}, a.now));
    return true;
  }

  result<session_info> sign_in(std::string_view user, std::string_view password, std::string_view peer, timestamp now,
                               login_refusal& refusal) override {
    const std::string user_key = "user:" + std::string(user);
    const std::string peer_key = "addr:" + std::string(peer);
    NETVET_TRY(check_lockout(
        {user_key, peer_key}, [&](const std::string& key) { return locked_for(key, now); }, refusal));
    statement q(db_, "SELECT id, pw_hash FROM app_user WHERE name = ? AND disabled = 0");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(std::string(user)).step());
    const std::string stored = row && !q.null(1) ? q.text(1) : dummy_password_hash();
    // The same work for an unknown name as for a wrong password.
    const bool ok = crypto::verify_password(stored, password) && row && !q.null(1);
    if (!ok) {
      auto counted = in_transaction(true, [&] { return record_failure(user_key, peer_key, user, peer, now); });
      if (!counted) {
        return counted.take_error();
      }
      return make_error(error_code::unauthenticated, "wrong user name or password");
    }
    return in_transaction(true, [&] { return open_session(q.integer(0), {user_key, peer_key}, peer, now); });
  }

  result<principal> authenticate_session(std::string_view secret, const std::optional<std::string>& csrf,
                                         timestamp now) override {
    statement q(db_, "SELECT user_id, csrf, seen_at, expires_at FROM session WHERE id_sha256 = ?");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(crypto::to_hex(crypto::sha256(secret))).step());
    if (!row || q.integer(3) <= now.unix_seconds || q.integer(2) + kSessionIdle <= now.unix_seconds) {
      return make_error(error_code::unauthenticated, "the session has ended: sign in again");
    }
    if (csrf) {
      if (!same_secret(*csrf, q.text(1))) {
        return make_error(error_code::forbidden, "a state-changing request needs the session's X-CSRF-Token",
                          location{"", 0, 0, "X-CSRF-Token"});
      }
    }
    const std::int64_t user = q.integer(0);
    if (q.integer(2) + kLastUsedGranularity <= now.unix_seconds) {
      statement u(db_, "UPDATE session SET seen_at = ? WHERE id_sha256 = ?");
      NETVET_TRY(u.bind(now.unix_seconds).bind(crypto::to_hex(crypto::sha256(secret))).run());
    }
    NETVET_ASSIGN_OR_RETURN(principal p, principal_of_user(user, false, ""));
    return p;
  }

  status sign_out(std::string_view secret, timestamp now) override {
    (void)now;
    statement d(db_, "DELETE FROM session WHERE id_sha256 = ?");
    return d.bind(crypto::to_hex(crypto::sha256(secret))).run();
  }

  // --- networks ---
  result<network_record> add_network(const principal& by, std::string_view name, const model::network& net,
                                     timestamp now) override {
    if (!allows(by, action::write_network)) {
      return forbidden_error(by, "upload networks");
    }
    NETVET_TRY(check_snapshot_name(name));
    NETVET_ASSIGN_OR_RETURN(const std::string nonce, crypto::random_hex(8));
    const std::string snapshot = "server/" + std::to_string(by.org_id) + "/" + nonce;
    import_options opt;
    opt.name = snapshot;
    opt.source = "api";
    opt.imported_at = now;
    NETVET_ASSIGN_OR_RETURN(const snapshot_info info, ws_->import_network(net, opt));
    auto added = in_transaction(true, [&]() -> result<network_record> {
      statement ins(db_,
                    "INSERT INTO network (org_id, jurisdiction, name, snapshot, created_at, elements, links, "
                    "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      ins.bind(by.org_id).bind(by.jurisdiction).bind(std::string(name)).bind(snapshot).bind(now.unix_seconds);
      ins.bind(static_cast<std::int64_t>(info.elements)).bind(static_cast<std::int64_t>(info.links));
      auto inserted = ins.bind(info.content_hash).run();
      if (!inserted) {
        if (inserted.err().code == error_code::already_exists) {
          return make_error(error_code::already_exists, "a network named '" + std::string(name) + "' exists",
                            location{"", 0, 0, "name"});
        }
        return inserted.take_error();
      }
      const std::string id = "net_" + std::to_string(sqlite3_last_insert_rowid(db_));
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "network.uploaded", id,
                        {{"name", std::string(name)},
                         {"elements", info.elements},
                         {"links", info.links},
                         {"content_hash", info.content_hash}},
                        now));
      return network(by, id);
    });
    if (!added) {
      (void)ws_->remove(snapshot);
    }
    return added;
  }

  result<page<network_record>> networks(const principal& by, const page_request& r) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read networks");
    }
    const predicate scope = scope_of(by, table::network, "n.");
    std::string sql = std::string(kNetworkSelect) + " WHERE " + scope.sql;
    std::vector<value> binds = scope.binds;
    NETVET_TRY(page_clauses(r, "n.", sql, binds));
    statement q(db_, sql);
    q.bind_all(binds);
    return collect<network_record>(
        q, r.limit, [](const statement& s) { return network_row(s); },
        [](const network_record& n) { return n.id.substr(4); });
  }

  result<network_record> network(const principal& by, std::string_view id) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read networks");
    }
    const auto n = parse_id(id, "net_");
    const predicate scope = scope_of(by, table::network, "n.");
    statement q(db_, std::string(kNetworkSelect) + " WHERE n.id = ? AND " + scope.sql);
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(n.value_or(0)).bind_all(scope.binds).step());
    if (!n || !row) {
      return not_found_error("network", id);
    }
    return network_row(q);
  }

  result<model::network> load_network(const principal& by, std::string_view id,
                                      const model::vendor_catalog& catalog) override {
    NETVET_ASSIGN_OR_RETURN(const std::string snapshot, snapshot_of(by, id));
    return ws_->load(snapshot, catalog);
  }

  status remove_network(const principal& by, std::string_view id, timestamp now) override {
    NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, id));
    if (!allows(by, action::write_network)) {
      return forbidden_error(by, "delete networks");
    }
    NETVET_ASSIGN_OR_RETURN(const std::string snapshot, snapshot_of(by, id));
    auto removed = in_transaction(true, [&]() -> status {
      statement used(db_, "SELECT count(*) FROM proposal WHERE network_id = ?");
      NETVET_TRY(used.bind(*parse_id(id, "net_")).step());
      if (used.integer(0) > 0) {
        return make_error(error_code::invalid_state, "network '" + std::string(id) + "' has " +
                                                         std::to_string(used.integer(0)) +
                                                         " proposal(s) against it and is kept as their record");
      }
      statement del(db_, "DELETE FROM network WHERE id = ?");
      NETVET_TRY(del.bind(*parse_id(id, "net_")).run());
      return append(by.jurisdiction, by.org_id, by.actor(), "network.deleted", rec.id,
                    {{"name", rec.name}, {"content_hash", rec.content_hash}}, now);
    });
    if (!removed) {
      return removed;
    }
    return ws_->remove(snapshot);
  }

  result<std::optional<answer_record>> find_answer(const principal& by, std::string_view network_id,
                                                   std::string_view key) override {
    NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, network_id));
    if (!keeps_answers_of(by, rec)) {
      return std::optional<answer_record>{};
    }
    statement q(db_, kFindAnswer);
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(*parse_id(rec.id, "net_")).bind(std::string(key)).step());
    if (!row) {
      return std::optional<answer_record>{};
    }
    return std::optional<answer_record>{
        answer_record{std::string(key), q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)}};
  }

  status keep_answer(const principal& by, std::string_view network_id, const answer_record& a, timestamp now) override {
    NETVET_TRY(check_answer(a));
    NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, network_id));
    NETVET_TRY(check_answer_keeper(by, rec));
    const std::int64_t nid = *parse_id(rec.id, "net_");
    return in_transaction(true, [&]() -> status {
      statement drop(db_, kDropStaleAnswers);
      NETVET_TRY(drop.bind(nid)
                     .bind(a.generation)
                     .bind(now.unix_seconds - kOtherGenerationSeconds)
                     .bind(a.day)
                     .bind(a.day)
                     .run());
      const eviction_limits limits = eviction_for(a);
      statement oldest(db_, evict_old_answers_sql("length(CAST(body AS BLOB))"));
      NETVET_TRY(oldest.bind(nid).bind(nid).bind(limits.pinned).bind(limits.count).bind(limits.bytes).run());
      statement ins(db_, kInsertAnswer);
      return ins.bind(nid)
          .bind(a.key)
          .bind(a.generation)
          .bind(a.day)
          .bind(a.content_type)
          .bind(a.headers)
          .bind(a.body)
          .bind(now.unix_seconds)
          .bind(limits.pinned)
          .run();
    });
  }

  // --- proposals ---
  result<proposal_record> create_proposal(const principal& by, const new_proposal& r, timestamp now) override {
    if (!allows(by, action::write_proposal)) {
      return forbidden_error(by, "write proposals");
    }
    return in_transaction(true, [&]() -> result<proposal_record> {
      NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, r.network_id));
      NETVET_ASSIGN_OR_RETURN(const auto earlier, supersede(by, r.supersedes, now));
      const auto [version, supersedes] = earlier;
      statement ins(db_,
                    "INSERT INTO proposal (org_id, jurisdiction, network_id, version, supersedes, state, body, "
                    "recommendation, assessment, pack_id, pack_version, pack_sha256, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)");
      ins.bind(by.org_id).bind(by.jurisdiction).bind(*parse_id(net.id, "net_")).bind(version);
      if (supersedes) {
        ins.bind(*supersedes);
      } else {
        ins.bind_null();
      }
      const std::string body = r.body.dump();  // stored, and hashed into the log entry
      ins.bind(body).bind(r.assessment.recommendation).bind(r.assessment.document.dump());
      ins.bind(r.assessment.pack_id).bind(r.assessment.pack_version).bind(r.assessment.pack_sha256);
      NETVET_TRY(ins.bind(now.unix_seconds).bind(now.unix_seconds).run());
      const std::string id = "prp_" + std::to_string(sqlite3_last_insert_rowid(db_));
      json data = {{"network", net.id},
                   {"version", version},
                   {"recommendation", r.assessment.recommendation},
                   {"pack",
                    {{"id", r.assessment.pack_id},
                     {"version", r.assessment.pack_version},
                     {"sha256", r.assessment.pack_sha256}}},
                   {"body_sha256", crypto::to_hex(crypto::sha256(body))}};
      if (supersedes) {
        data["supersedes"] = r.supersedes;
      }
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), supersedes ? "proposal.amended" : "proposal.created",
                        id, data, now));
      return detail::inserted_proposal(by, r, id, net.id, version, supersedes, now);
    });
  }

  result<page<proposal_record>> proposals(const principal& by, const page_request& r) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read proposals");
    }
    const predicate scope = scope_of(by, table::proposal, "p.");
    std::string sql = std::string(kProposalSelect) + " WHERE " + scope.sql;
    std::vector<value> binds = scope.binds;
    if (r.state) {
      sql += " AND p.state = ?";
      binds.emplace_back(std::string(to_string(*r.state)));
    }
    NETVET_TRY(page_clauses(r, "p.", sql, binds));
    statement q(db_, sql);
    q.bind_all(binds);
    return collect<proposal_record>(
        q, r.limit, [](const statement& s) { return proposal_row(s); },
        [](const proposal_record& p) { return p.id.substr(4); });
  }

  result<proposal_record> proposal(const principal& by, std::string_view id) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read proposals");
    }
    const auto n = parse_id(id, "prp_");
    const predicate scope = scope_of(by, table::proposal, "p.");
    statement q(db_, std::string(kProposalSelect) + " WHERE p.id = ? AND " + scope.sql);
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(n.value_or(0)).bind_all(scope.binds).step());
    if (!n || !row) {
      return not_found_error("proposal", id);
    }
    return proposal_row(q);
  }

  result<proposal_record> move_proposal(const principal& by, std::string_view id, proposal_move move, const json& data,
                                        timestamp now) override {
    return in_transaction(true, [&]() -> result<proposal_record> {
      // Read through the scope inside the write transaction: what the caller
      // cannot see is not_found, whatever it asks.
      NETVET_ASSIGN_OR_RETURN(const proposal_record p, proposal(by, id));
      const bool regulator_move = move == proposal_move::request_info || move == proposal_move::decide;
      if (!allows(by, regulator_move ? action::decide : action::write_proposal)) {
        return forbidden_error(by, std::string(to_string(move)) + " a proposal");
      }
      NETVET_TRY(check_move(p, move));
      return apply_move(by, p, move, data, now);
    });
  }

  // --- waivers ---
  result<waiver_record> create_waiver(const principal& by, const waiver_record& w, timestamp now) override {
    return in_transaction(true, [&]() -> result<waiver_record> {
      // The network as the caller sees it: a regulator of its jurisdiction (or not_found).
      NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, w.network_id));
      if (!allows(by, action::decide)) {
        return forbidden_error(by, "grant waivers");
      }
      NETVET_ASSIGN_OR_RETURN(const std::string justification,
                              string_member({{"justification", w.justification}}, "justification", true, kMaxReasons));
      statement ins(
          db_,
          "INSERT INTO waiver (network_id, org_id, jurisdiction, pack, rule, elements, justification, expires, "
          "granted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      ins.bind(*parse_id(net.id, "net_")).bind(net.org_id).bind(net.jurisdiction).bind(w.pack).bind(w.rule);
      ins.bind(json(w.elements).dump()).bind(justification).bind(w.expires).bind(by.actor());
      NETVET_TRY(ins.bind(now.unix_seconds).run());
      const std::string id = "wvr_" + std::to_string(sqlite3_last_insert_rowid(db_));
      NETVET_TRY(append(net.jurisdiction, net.org_id, by.actor(), "waiver.granted", id,
                        {{"network", net.id},
                         {"pack", w.pack},
                         {"rule", w.rule},
                         {"elements", w.elements.size()},
                         {"elements_sha256", crypto::to_hex(crypto::sha256(json(w.elements).dump()))},
                         {"expires", w.expires},
                         {"justification_sha256", crypto::to_hex(crypto::sha256(justification))}},
                        now));
      NETVET_TRY(enqueue_event(kWebhookEvents[3], std::string(kWebhookEvents[3]) + ":" + id, net.org_id,
                               net.jurisdiction, waiver_event_data(id, net, w), now));
      waiver_record out = w;
      out.id = id;
      out.jurisdiction = net.jurisdiction;
      out.granted_by = by.actor();
      out.created_at = now;
      return out;
    });
  }

  result<std::vector<waiver_record>> waivers(const principal& by, std::string_view network_id) override {
    NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, network_id));
    statement q(db_,
                "SELECT id, pack, rule, elements, justification, expires, granted_by, created_at FROM waiver "
                "WHERE network_id = ? AND revoked_at IS NULL ORDER BY id");
    q.bind(*parse_id(net.id, "net_"));
    std::vector<waiver_record> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      const json elements = json::parse(q.text(3), nullptr, false);
      out.push_back({"wvr_" + std::to_string(q.integer(0)), net.id, net.jurisdiction, q.text(1), q.text(2),
                     elements.is_array() ? elements.get<std::vector<std::string>>() : std::vector<std::string>{},
                     q.text(4), q.text(5), q.text(6), timestamp{q.integer(7)}, std::nullopt});
    }
  }

  status revoke_waiver(const principal& by, std::string_view id, timestamp now) override {
    return in_transaction(true, [&]() -> status {
      const auto n = parse_id(id, "wvr_");
      statement q(db_, "SELECT network_id FROM waiver WHERE id = ? AND revoked_at IS NULL");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(n.value_or(0)).step());
      if (!row) {
        return not_found_error("waiver", id);
      }
      NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, "net_" + std::to_string(q.integer(0))));
      if (!allows(by, action::decide)) {
        return forbidden_error(by, "revoke waivers");
      }
      statement u(db_, "UPDATE waiver SET revoked_at = ? WHERE id = ?");
      NETVET_TRY(u.bind(now.unix_seconds).bind(*n).run());
      return append(net.jurisdiction, net.org_id, by.actor(), "waiver.revoked", std::string(id), {{"network", net.id}},
                    now);
    });
  }

  // --- webhooks ---
  result<webhook_secret> create_webhook(const principal& by, const new_webhook& w, timestamp now) override {
    if (!allows(by, action::manage_webhooks)) {
      return forbidden_error(by, "manage webhooks");
    }
    NETVET_TRY(check_new_webhook(w));
    NETVET_ASSIGN_OR_RETURN(std::string secret, new_webhook_secret());
    return in_transaction(true, [&]() -> result<webhook_secret> {
      statement ins(db_,
                    "INSERT INTO webhook (org_id, url, events, lead_days, secret, created_at, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)");
      ins.bind(by.org_id).bind(w.url).bind(json(w.events).dump()).bind(std::int64_t{w.lead_days}).bind(secret);
      NETVET_TRY(ins.bind(now.unix_seconds).bind(by.actor()).run());
      const std::int64_t id = sqlite3_last_insert_rowid(db_);
      NETVET_TRY(append(by.kind == org_kind::system ? std::string(kSystemChain) : by.jurisdiction, by.org_id,
                        by.actor(), "webhook.created", "whk_" + std::to_string(id),
                        {{"url_sha256", crypto::to_hex(crypto::sha256(w.url))}, {"events", w.events}}, now));
      return webhook_secret{
          webhook_of(id, by.org_id, w.url, json(w.events).dump(), w.lead_days, now, by.actor(), std::nullopt),
          std::move(secret)};
    });
  }

  result<std::vector<webhook_info>> webhooks(const principal& by) override {
    if (!allows(by, action::manage_webhooks)) {
      return forbidden_error(by, "manage webhooks");
    }
    statement q(db_, std::string(kWebhookSelect) + " WHERE org_id = ? AND active = 1 ORDER BY id");
    q.bind(by.org_id);
    std::vector<webhook_info> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back(webhook_row(q));
    }
  }

  status delete_webhook(const principal& by, std::string_view id, timestamp now) override {
    return in_transaction(true, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const webhook_info w, own_webhook(by, id));
      const std::int64_t n = *parse_id(w.id, "whk_");
      statement u(db_, "UPDATE webhook SET active = 0 WHERE id = ?");
      NETVET_TRY(u.bind(n).run());
      statement f(db_,
                  "UPDATE webhook_outbox SET state = 'failed', last_error = 'webhook deleted' "
                  "WHERE webhook_id = ? AND state = 'pending'");
      NETVET_TRY(f.bind(n).run());
      return append(by.jurisdiction, by.org_id, by.actor(), "webhook.deleted", w.id, json::object(), now);
    });
  }

  result<webhook_secret> rotate_webhook_secret(const principal& by, std::string_view id, std::int64_t overlap,
                                               timestamp now) override {
    NETVET_TRY(check_overlap(overlap));
    NETVET_ASSIGN_OR_RETURN(std::string secret, new_webhook_secret());
    return in_transaction(true, [&]() -> result<webhook_secret> {
      NETVET_ASSIGN_OR_RETURN(webhook_info w, own_webhook(by, id));
      statement u(db_, "UPDATE webhook SET previous_secret = secret, previous_until = ?, secret = ? WHERE id = ?");
      NETVET_TRY(u.bind(now.unix_seconds + overlap).bind(secret).bind(*parse_id(w.id, "whk_")).run());
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "webhook.secret_rotated", w.id,
                        {{"overlap_seconds", overlap}}, now));
      w.previous_valid_until = timestamp{now.unix_seconds + overlap};
      return webhook_secret{std::move(w), std::move(secret)};
    });
  }

  result<delivery_record> redeliver(const principal& by, std::string_view webhook_id, std::string_view delivery_id,
                                    timestamp now) override {
    NETVET_ASSIGN_OR_RETURN(const std::string id, new_delivery_id());
    return in_transaction(true, [&]() -> result<delivery_record> {
      NETVET_ASSIGN_OR_RETURN(const webhook_info w, own_webhook(by, webhook_id));
      const std::int64_t hook = *parse_id(w.id, "whk_");
      statement src(db_, kRedeliverySource);
      NETVET_ASSIGN_OR_RETURN(const bool row, src.bind(std::string(delivery_id)).bind(hook).bind(by.org_id).step());
      if (!row) {
        return not_found_error("delivery", delivery_id);
      }
      const std::string first = src.null(4) ? src.text(0) : src.text(4);
      statement ins(db_, kRedeliveryInsert);
      ins.bind(id).bind(hook).bind(by.org_id).bind(src.text(1)).bind(redelivery_key(src.text(2), id)).bind(src.text(3));
      NETVET_TRY(ins.bind(now.unix_seconds).bind(now.unix_seconds).bind(first).run());
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "webhook.redelivered", w.id,
                        {{"delivery", id}, {"of", first}}, now));
      statement q(db_, std::string(kDeliverySelect) + " WHERE id = ?");
      NETVET_TRY(q.bind(id).step());
      return delivery_row(q, w.id);
    });
  }

  result<page<delivery_record>> deliveries(const principal& by, std::string_view webhook_id,
                                           const page_request& r) override {
    return in_transaction(false, [&]() -> result<page<delivery_record>> {
      NETVET_ASSIGN_OR_RETURN(const webhook_info w, own_webhook(by, webhook_id));
      NETVET_ASSIGN_OR_RETURN(const predicate query, deliveries_query(w, by.org_id, r));
      statement q(db_, query.sql);
      q.bind_all(query.binds);
      page<delivery_record> out;
      std::int64_t last = 0;
      while (true) {
        NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
        if (!row) {
          break;
        }
        if (out.items.size() == r.limit) {
          out.next = "c" + std::to_string(last);
          break;
        }
        out.items.push_back(delivery_row(q, w.id));
        last = q.integer(8);
      }
      for (auto& d : out.items) {
        NETVET_ASSIGN_OR_RETURN(d.tries, attempts_of(d.id));
      }
      return out;
    });
  }

  result<std::vector<due_delivery>> claim_deliveries(timestamp now, std::size_t limit,
                                                     std::int64_t lease_seconds) override {
    // A read first: an idle outbox takes no write lock (the worker asks every poll).
    {
      statement any(db_, "SELECT 1 FROM webhook_outbox WHERE state = 'pending' AND next_attempt_at <= ? LIMIT 1");
      NETVET_ASSIGN_OR_RETURN(const bool due, any.bind(now.unix_seconds).step());
      if (!due) {
        return std::vector<due_delivery>{};
      }
    }  // reset before the write transaction
    return in_transaction(true, [&]() -> result<std::vector<due_delivery>> {
      statement q(db_,
                  "SELECT d.id, d.webhook_id, w.url, d.event, d.payload, w.secret, w.previous_secret, "
                  "w.previous_until, d.attempts, d.redelivery_of FROM webhook_outbox d JOIN webhook w ON w.id = "
                  "d.webhook_id "
                  "WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT ?");
      q.bind(now.unix_seconds).bind(static_cast<std::int64_t>(limit));
      std::vector<due_delivery> out;
      while (true) {
        NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
        if (!row) {
          break;
        }
        out.push_back(due_row(q, now));
      }
      for (const auto& d : out) {
        statement u(db_, "UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?");
        NETVET_TRY(u.bind(now.unix_seconds + lease_seconds).bind(d.id).run());
      }
      return out;
    });
  }

  result<std::string> record_attempt(const due_delivery& d, const delivery_attempt& a, const retry_policy& p,
                                     timestamp now) override {
    return in_transaction(true, [&]() -> result<std::string> {
      const attempt_verdict v = judge_attempt(a, p, now);
      statement ins(db_,
                    "INSERT INTO webhook_attempt (delivery_id, n, at, status, error, duration_ms) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
      ins.bind(d.id).bind(std::int64_t{a.n}).bind(a.at.unix_seconds).bind(std::int64_t{a.status}).bind(a.error);
      NETVET_TRY(ins.bind(a.duration_ms).run());
      statement u(db_,
                  "UPDATE webhook_outbox SET attempts = ?, state = ?, next_attempt_at = ?, last_status = ?, "
                  "last_error = ? WHERE id = ? AND state = 'pending'");
      u.bind(std::int64_t{a.n}).bind(v.state).bind(v.next.unix_seconds).bind(std::int64_t{a.status}).bind(a.error);
      NETVET_TRY(u.bind(d.id).run());
      return v.state;
    });
  }

  result<std::size_t> enqueue_due_events(timestamp now) override {
    {
      statement any(db_, std::string(kExpiringHooks) + " LIMIT 1");
      NETVET_ASSIGN_OR_RETURN(const bool subscribed, any.step());
      if (!subscribed) {
        return std::size_t{0};  // no write lock when no webhook asks for time-based events
      }
    }
    return in_transaction(true, [&]() -> result<std::size_t> {
      statement hooks(db_, kExpiringHooks);
      std::vector<std::tuple<std::int64_t, std::int64_t, std::string, std::string, std::int64_t>> all;
      while (true) {
        NETVET_ASSIGN_OR_RETURN(const bool row, hooks.step());
        if (!row) {
          break;
        }
        all.emplace_back(hooks.integer(0), hooks.integer(1), hooks.text(2), hooks.text(3), hooks.integer(4));
      }
      const int before = sqlite3_total_changes(db_);
      for (const auto& [hook, org, kind, jurisdiction, lead] : all) {
        NETVET_TRY(enqueue_expiring(hook, org, kind, jurisdiction, lead, now));
      }
      return static_cast<std::size_t>(sqlite3_total_changes(db_) - before);
    });
  }

  // waiver.expiring for one webhook: the waivers it sees expiring within its lead time.
  status enqueue_expiring(std::int64_t hook, std::int64_t org, const std::string& kind, const std::string& jurisdiction,
                          std::int64_t lead, timestamp now) {
    const auto [from, to] = expiring_window(static_cast<int>(lead), now);
    statement q(db_, kExpiringWaivers);
    q.bind(org).bind(kind).bind(jurisdiction).bind(from).bind(to);
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return {};
      }
      const auto [key, payload] = expiring_event(q, now);
      NETVET_TRY(insert_delivery(hook, org, kWebhookEvents[4], key, payload, now));
    }
  }

  result<std::vector<milestone_watch>> milestone_watches() override {
    statement q(db_, kMilestoneWatches);
    std::vector<milestone_watch> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      add_milestone_watch(out, q);
    }
  }

  result<std::vector<network_record>> networks_kept_before(std::string_view day, std::size_t limit) override {
    statement q(db_, kNetworksKeptBefore);
    q.bind(std::string(day)).bind(std::string(day)).bind(static_cast<std::int64_t>(limit));
    std::vector<network_record> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back(network_row(q));
    }
  }

  result<std::size_t> enqueue_timed_events(std::string_view event, const std::vector<timed_event>& events,
                                           timestamp now) override {
    // A read first: the events written by an earlier scan take no write lock.
    std::vector<const timed_event*> fresh;
    for (const auto& e : events) {
      statement q(db_, kTimedEventPending);
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(e.hook).bind(e.key).step());
      if (row && q.integer(0) == 0) {
        fresh.push_back(&e);
      }
    }
    if (fresh.empty()) {
      return std::size_t{0};
    }
    return in_transaction(true, [&]() -> result<std::size_t> {
      const int before = sqlite3_total_changes(db_);
      for (const auto* e : fresh) {
        statement active(db_, "SELECT 1 FROM webhook WHERE id = ? AND active = 1");
        NETVET_ASSIGN_OR_RETURN(const bool live, active.bind(e->hook).step());
        if (live) {
          NETVET_TRY(
              insert_delivery(e->hook, e->org_id, event, e->key, webhook_payload(event, e->key, e->data, now), now));
        }
      }
      return static_cast<std::size_t>(sqlite3_total_changes(db_) - before);
    });
  }

  result<outbox_stats> outbox(timestamp now) override {
    (void)now;
    statement q(db_, "SELECT count(*), min(created_at) FROM webhook_outbox WHERE state = 'pending'");
    NETVET_TRY(q.step());
    return outbox_stats{q.integer(0), q.time_or_null(1)};
  }

  // --- the log ---
  result<page<log_entry>> log(const principal& by, const page_request& r) override {
    if (!allows(by, action::read_log)) {
      return forbidden_error(by, "read the log");
    }
    NETVET_ASSIGN_OR_RETURN(const predicate query, log_query(by, r, "rowid"));
    statement q(db_, query.sql);
    q.bind_all(query.binds);
    page<log_entry> out;
    std::int64_t last = 0;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        break;
      }
      if (out.items.size() == r.limit) {
        out.next = "c" + std::to_string(last);
        break;
      }
      out.items.push_back(log_row(q));
      last = q.integer(9);
    }
    return out;
  }

  result<signed_checkpoint> checkpoint(const principal& by, std::string_view chain, timestamp now) override {
    if (by.kind != org_kind::system && chain != by.jurisdiction) {
      return not_found_error("log", chain);
    }
    return in_transaction(true, [&] { return sign_head(std::string(chain), now); });
  }

  result<std::vector<published_key>> keys() override {
    statement q(db_, "SELECT key_id, public_key, created_at, retired_at FROM signing_key ORDER BY created_at");
    std::vector<published_key> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back({q.text(0), q.text(1), timestamp{q.integer(2)}, q.time_or_null(3)});
    }
  }

  result<inclusion_proof> prove_inclusion(const principal& by, std::string_view chain, std::uint64_t index,
                                          std::optional<std::uint64_t> size, timestamp now) override {
    if (!allows(by, action::read_log)) {
      return forbidden_error(by, "read the log");
    }
    return in_transaction(true, [&]() -> result<inclusion_proof> {
      const predicate scope = scope_of(by, table::log);
      statement q(db_,
                  "SELECT chain, idx, at, actor, org_id, kind, subject, body, hash, rowid FROM log_entry "
                  "WHERE chain = ? AND idx = ? AND " +
                      scope.sql);
      q.bind(std::string(chain)).bind(static_cast<std::int64_t>(std::min<std::uint64_t>(index, kMaxIdx)));
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind_all(scope.binds).step());
      if (!row) {
        return not_found_error("log entry", std::string(chain) + "/" + std::to_string(index));
      }
      const log_entry e = log_row(q);
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t count, count_of(e.chain));
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t n, proof_size(size, count, index + 1, "size"));
      NETVET_ASSIGN_OR_RETURN(const auto leaves, leaves_of(e.chain, n));
      NETVET_ASSIGN_OR_RETURN(signed_checkpoint cp, sign_over(e.chain, leaves, now));
      return make_inclusion(e, leaves, std::move(cp));
    });
  }

  result<consistency_proof> prove_consistency(const principal& by, std::string_view chain, std::uint64_t first,
                                              std::optional<std::uint64_t> second, timestamp now) override {
    if (!allows(by, action::read_log)) {
      return forbidden_error(by, "read the log");
    }
    if (by.kind != org_kind::system && chain != by.jurisdiction) {
      return not_found_error("log", chain);
    }
    return in_transaction(true, [&]() -> result<consistency_proof> {
      const std::string c(chain);
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t count, count_of(c));
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t n, proof_size(second, count, 0, "second"));
      NETVET_TRY(proof_size(first, n, 0, "first"));
      NETVET_ASSIGN_OR_RETURN(const auto leaves, leaves_of(c, n));
      NETVET_ASSIGN_OR_RETURN(signed_checkpoint cp, sign_over(c, leaves, now));
      return make_consistency(first, leaves, std::move(cp));
    });
  }

  result<published_key> rotate_key(const principal& by, const crypto::public_key& next, timestamp now) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "rotate the signing key");
    }
    return in_transaction(true, [&]() -> result<published_key> {
      NETVET_ASSIGN_OR_RETURN(const auto before, keys());
      NETVET_ASSIGN_OR_RETURN(const json retired, retired_by_rotation(before, next));
      const published_key key{key_id_of(next), crypto::to_hex(next), now, std::nullopt};
      statement r(db_, "UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL");
      NETVET_TRY(r.bind(now.unix_seconds).run());
      statement k(db_, "INSERT INTO signing_key (key_id, public_key, created_at) VALUES (?, ?, ?)");
      NETVET_TRY(k.bind(key.key_id).bind(key.public_key).bind(now.unix_seconds).run());
      NETVET_TRY(append(std::string(kSystemChain), 0, by.actor(), "signing_key.rotated", "key:" + key.key_id,
                        {{"key_id", key.key_id}, {"public_key", key.public_key}, {"retired", retired}}, now));
      return key;
    });
  }

  result<std::vector<log_verdict>> verify_log(const std::vector<signed_checkpoint>& held) override {
    return in_transaction(false, [&]() -> result<std::vector<log_verdict>> {
      NETVET_ASSIGN_OR_RETURN(const auto published, keys());
      log_checker checker;
      statement q(db_, "SELECT chain, idx, body, hash FROM log_entry ORDER BY chain, idx");
      while (true) {
        NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
        if (!row) {
          break;
        }
        checker.add(q.text(0), static_cast<std::uint64_t>(q.integer(1)), q.text(2), q.text(3));
      }
      std::vector<signed_checkpoint> all = held;
      NETVET_ASSIGN_OR_RETURN(auto stored, stored_checkpoints());
      all.insert(all.end(), stored.begin(), stored.end());
      return checker.verdicts(all, published);
    });
  }

 private:
  static constexpr const char* kNetworkSelect =
      "SELECT n.id, n.org_id, o.name, n.jurisdiction, n.name, n.created_at, n.elements, n.links, n.content_hash "
      "FROM network n JOIN org o ON o.id = n.org_id";
  static constexpr const char* kWebhookSelect =
      "SELECT id, org_id, url, events, lead_days, created_at, created_by, previous_until FROM webhook";
  static constexpr const char* kProposalSelect =
      "SELECT p.id, p.org_id, o.name, p.jurisdiction, p.network_id, p.version, p.supersedes, p.state, p.body, "
      "p.recommendation, p.assessment, p.pack_id, p.pack_version, p.pack_sha256, p.created_at, p.submitted_at, "
      "p.updated_at, p.requests, p.decision FROM proposal p JOIN org o ON o.id = p.org_id";

  // Seconds `key` must still wait after its failures; 0 when it may try.
  result<std::int64_t> locked_for(const std::string& key, timestamp now) {
    statement q(db_, "SELECT count, last_at FROM login_failure WHERE key = ?");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(key).step());
    if (!row || q.integer(0) < kFreeFailures || q.integer(1) + kFailureWindow <= now.unix_seconds) {
      return std::int64_t{0};
    }
    return lockout_wait(q.integer(0), q.integer(1), now);
  }

  status record_failure(const std::string& user_key, const std::string& peer_key, std::string_view user,
                        std::string_view peer, timestamp now, const char* what = "password") {
    NETVET_TRY(count_failure(user_key, now));
    NETVET_TRY(count_failure(peer_key, now));
    return append(std::string(kSystemChain), 0, "anonymous", "login.failed", what,
                  {{"peer", std::string(peer)}, {"user", std::string(user)}}, now);
  }

  status count_failure(const std::string& key, timestamp now) {
    statement u(db_,
                "INSERT INTO login_failure (key, count, last_at) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
                "count = CASE WHEN last_at + ? <= excluded.last_at THEN 1 ELSE count + 1 END, "
                "last_at = excluded.last_at");
    return u.bind(key).bind(now.unix_seconds).bind(kFailureWindow).run();
  }

  result<session_info> open_session(std::int64_t user, const std::vector<std::string>& clear, std::string_view peer,
                                    timestamp now) {
    for (const auto& key : clear) {
      statement d(db_, "DELETE FROM login_failure WHERE key = ?");
      NETVET_TRY(d.bind(key).run());
    }
    NETVET_ASSIGN_OR_RETURN(session_info s, new_session(now));
    statement ins(db_,
                  "INSERT INTO session (id_sha256, user_id, csrf, created_at, seen_at, expires_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(crypto::to_hex(crypto::sha256(s.secret))).bind(user).bind(s.csrf).bind(now.unix_seconds);
    NETVET_TRY(ins.bind(now.unix_seconds).bind(s.expires_at.unix_seconds).run());
    NETVET_ASSIGN_OR_RETURN(s.who, principal_of_user(user, false, ""));
    NETVET_TRY(append(std::string(kSystemChain), s.who.org_id, s.who.actor(), "session.opened",
                      "user:" + std::to_string(user), {{"peer", std::string(peer)}}, now));
    return s;
  }

  status exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string text = msg == nullptr ? sqlite3_errmsg(db_) : msg;
      sqlite3_free(msg);
      return make_error(error_code::storage_error, "the server store failed: " + text, location{path_});
    }
    return {};
  }

  // Runs `body` in a transaction (BEGIN IMMEDIATE when it writes, so that
  // the log's next index cannot be taken twice); nested calls join the
  // outer transaction.
  template <typename Body>
  auto in_transaction(bool writes, Body body) -> decltype(body()) {
    if (depth_ > 0) {
      return body();
    }
    std::unique_lock<std::mutex> writing;
    if (writes) {
      writing = std::unique_lock(*writer_);  // until COMMIT or ROLLBACK below
    }
    NETVET_TRY(exec(writes ? "BEGIN IMMEDIATE" : "BEGIN"));
    ++depth_;
    auto r = body();
    --depth_;
    if (r) {
      auto committed = exec("COMMIT");
      if (committed) {
        return r;
      }
      r = committed.take_error();
    }
    (void)exec("ROLLBACK");
    return r;
  }

  // Newest first (id descending), from the cursor, within the dates.
  static status page_clauses(const page_request& r, const std::string& alias, std::string& sql,
                             std::vector<value>& binds) {
    NETVET_TRY(check_limit(r.limit));
    if (!r.cursor.empty()) {
      const auto before = parse_id(r.cursor, "c");
      if (!before) {
        return make_error(error_code::invalid_input, "not a cursor of this list", location{"", 0, 0, "cursor"});
      }
      sql += " AND " + alias + "id < ?";
      binds.emplace_back(*before);
    }
    if (r.since) {
      sql += " AND " + alias + "created_at >= ?";
      binds.emplace_back(r.since->unix_seconds);
    }
    if (r.until) {
      sql += " AND " + alias + "created_at < ?";
      binds.emplace_back(r.until->unix_seconds);
    }
    sql += " ORDER BY " + alias + "id DESC LIMIT ?";
    binds.emplace_back(static_cast<std::int64_t>(r.limit + 1));
    return {};
  }

  template <typename T, typename Row, typename Key>
  static result<page<T>> collect(statement& q, std::size_t limit, Row row_of, Key key_of) {
    page<T> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      if (out.items.size() == limit) {
        out.next = "c" + key_of(out.items.back());
        return out;
      }
      out.items.push_back(row_of(q));
    }
  }

  // 0 when the name is taken.
  std::int64_t insert_org(const org_info& o, timestamp now) {
    statement ins(db_, "INSERT INTO org (name, kind, jurisdiction, created_at) VALUES (?, ?, ?, ?)");
    auto ran = ins.bind(o.name).bind(std::string(to_string(o.kind))).bind(o.jurisdiction).bind(now.unix_seconds).run();
    return ran ? sqlite3_last_insert_rowid(db_) : 0;
  }

  result<std::int64_t> insert_user(std::int64_t org, std::string_view name, role who, timestamp now) {
    NETVET_TRY(check_user_name(name));
    statement ins(db_, "INSERT INTO app_user (org_id, name, role, created_at) VALUES (?, ?, ?, ?)");
    auto ran = ins.bind(org).bind(std::string(name)).bind(std::string(to_string(who))).bind(now.unix_seconds).run();
    if (!ran) {
      if (ran.err().code == error_code::already_exists) {
        return make_error(error_code::already_exists, "a user named '" + std::string(name) + "' exists",
                          location{"", 0, 0, "name"});
      }
      return ran.take_error();
    }
    return sqlite3_last_insert_rowid(db_);
  }

  result<principal> principal_of_user(std::int64_t user, bool read_only, std::string token_id) {
    statement q(db_,
                "SELECT u.name, u.role, o.id, o.name, o.kind, o.jurisdiction FROM app_user u "
                "JOIN org o ON o.id = u.org_id WHERE u.id = ?");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(user).step());
    if (!row) {
      return make_error(error_code::unauthenticated, "a valid bearer token is required");
    }
    principal p;
    p.user_id = user;
    p.user = q.text(0);
    p.who = parse_role(q.text(1)).value_or(role::operator_viewer);
    p.org_id = q.integer(2);
    p.org = q.text(3);
    p.kind = parse_org_kind(q.text(4)).value_or(org_kind::operator_org);
    p.jurisdiction = q.text(5);
    p.read_only = read_only;
    p.token_id = std::move(token_id);
    return p;
  }

  result<issued_token> issue_in_transaction(const principal& by, const token_request& r, timestamp now) {
    if (r.expires_at.unix_seconds <= now.unix_seconds || r.expires_at.unix_seconds - now.unix_seconds > kMaxTokenLife) {
      return make_error(error_code::invalid_input, "a token expires after now and within a year",
                        location{"", 0, 0, "expires_at"});
    }
    statement u(db_, "SELECT org_id FROM app_user WHERE id = ? AND disabled = 0");
    NETVET_ASSIGN_OR_RETURN(const bool row, u.bind(r.user_id).step());
    if (!row) {
      return not_found_error("user", std::to_string(r.user_id));
    }
    NETVET_ASSIGN_OR_RETURN(const std::string id, crypto::random_hex(8));
    NETVET_ASSIGN_OR_RETURN(const auto secret_bytes, crypto::random_bytes(32));
    const std::string secret = crypto::base64url(secret_bytes);
    statement ins(db_,
                  "INSERT INTO token (id, user_id, secret_sha256, created_at, expires_at, read_only) "
                  "VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(id).bind(r.user_id).bind(crypto::to_hex(crypto::sha256(secret))).bind(now.unix_seconds);
    NETVET_TRY(ins.bind(r.expires_at.unix_seconds).bind(std::int64_t{r.read_only ? 1 : 0}).run());
    NETVET_TRY(append(std::string(kSystemChain), u.integer(0), by.actor(), "token.issued", "token:" + id,
                      {{"user", r.user_id}, {"read_only", r.read_only}, {"expires_at", r.expires_at.unix_seconds}},
                      now));
    issued_token out;
    out.info = {id, r.user_id, now, std::nullopt, r.expires_at, r.read_only, std::nullopt};
    out.text = "nvt_" + id + "_" + secret;
    return out;
  }

  // The principal of a token whose secret matches, or nullopt and `reason`.
  result<std::optional<principal>> check_token(const std::string& id, std::string_view secret_text, timestamp now,
                                               std::string& reason) {
    statement q(db_,
                "SELECT t.user_id, t.secret_sha256, t.expires_at, t.revoked_at, t.read_only, t.last_used_at, "
                "u.disabled, t.created_at FROM token t JOIN app_user u ON u.id = t.user_id WHERE t.id = ?");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(id).step());
    if (!row) {
      reason = "unknown token id";
      return std::optional<principal>();
    }
    const auto secret = crypto::sha256(secret_text);
    const auto stored = crypto::from_hex<32>(q.text(1));
    if (!stored || !crypto::constant_time_equal(secret, *stored)) {
      reason = "wrong secret";
    } else if (!q.null(3)) {
      reason = "revoked token";
    } else if (q.integer(2) <= now.unix_seconds) {
      reason = "expired token";
    } else if (options_.max_token_age_seconds > 0 &&
               q.integer(7) + options_.max_token_age_seconds <= now.unix_seconds) {
      reason = "older than the maximum token age";
    } else if (q.integer(6) != 0) {
      reason = "disabled user";
    } else {
      const std::int64_t user = q.integer(0);
      const bool read_only = q.integer(4) != 0;
      if (q.null(5) || q.integer(5) + kLastUsedGranularity <= now.unix_seconds) {
        statement u(db_, "UPDATE token SET last_used_at = ? WHERE id = ?");
        NETVET_TRY(u.bind(now.unix_seconds).bind(id).run());
      }
      NETVET_ASSIGN_OR_RETURN(principal p, principal_of_user(user, read_only, id));
      return std::optional<principal>(std::move(p));
    }
    return std::optional<principal>();
  }

  result<issued_token> init_in_transaction(const init_request& r) {
    NETVET_ASSIGN_OR_RETURN(const bool done, initialised());
    if (done) {
      return make_error(error_code::already_exists, "the server is initialised already (admin init ran before)",
                        location{path_});
    }
    const std::int64_t org = insert_org({0, "system", org_kind::system, "", r.now}, r.now);
    NETVET_ASSIGN_OR_RETURN(const std::int64_t user, insert_user(org, r.admin_name, role::admin, r.now));
    NETVET_ASSIGN_OR_RETURN(const crypto::signing_key key, signing_key_now(options_));
    const auto pub = key.public_bytes();
    statement k(db_, "INSERT INTO signing_key (key_id, public_key, created_at) VALUES (?, ?, ?)");
    NETVET_TRY(k.bind(key_id_of(pub)).bind(crypto::to_hex(pub)).bind(r.now.unix_seconds).run());
    NETVET_ASSIGN_OR_RETURN(const principal admin, principal_of_user(user, false, ""));
    NETVET_TRY(append(std::string(kSystemChain), 0, "cli", "server.initialised", admin.actor(),
                      {{"admin", r.admin_name}, {"key_id", key_id_of(pub)}}, r.now));
    if (r.adopt_org) {
      NETVET_TRY(adopt(admin, *r.adopt_org, r.now));
    }
    return issue_in_transaction(admin, {user, false, r.token_expires}, r.now);
  }

  status adopt(const principal& admin, const org_info& o, timestamp now) {
    NETVET_TRY(check_org(o));
    const std::int64_t org = insert_org(o, now);
    if (org == 0) {
      return make_error(error_code::already_exists, "an organisation named '" + o.name + "' exists",
                        location{"", 0, 0, "--adopt-org"});
    }
    NETVET_TRY(append(std::string(kSystemChain), org, admin.actor(), "org.created", "org:" + std::to_string(org),
                      {{"name", o.name}, {"kind", to_string(o.kind)}, {"jurisdiction", o.jurisdiction}}, now));
    NETVET_ASSIGN_OR_RETURN(const auto snapshots, ws_->list());
    for (const auto& s : snapshots) {
      if (s.name.starts_with("server/")) {
        continue;
      }
      statement ins(db_,
                    "INSERT INTO network (org_id, jurisdiction, name, snapshot, created_at, elements, links, "
                    "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      ins.bind(org).bind(o.jurisdiction).bind(s.name).bind(s.name).bind(s.imported_at.unix_seconds);
      NETVET_TRY(ins.bind(static_cast<std::int64_t>(s.elements))
                     .bind(static_cast<std::int64_t>(s.links))
                     .bind(s.content_hash)
                     .run());
      const std::string id = "net_" + std::to_string(sqlite3_last_insert_rowid(db_));
      NETVET_TRY(append(o.jurisdiction, org, admin.actor(), "network.adopted", id,
                        {{"name", s.name}, {"content_hash", s.content_hash}}, now));
    }
    return {};
  }

  result<std::string> snapshot_of(const principal& by, std::string_view id) {
    NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, id));
    statement q(db_, "SELECT snapshot FROM network WHERE id = ?");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(*parse_id(rec.id, "net_")).step());
    if (!row) {
      return not_found_error("network", id);
    }
    return q.text(0);
  }

  // Amending: the earlier version becomes superseded; the new version's
  // number and the earlier one's row id ({1, nullopt} for a first version).
  result<std::pair<std::int64_t, std::optional<std::int64_t>>> supersede(const principal& by, const std::string& id,
                                                                         timestamp now) {
    if (id.empty()) {
      return std::pair<std::int64_t, std::optional<std::int64_t>>{1, std::nullopt};
    }
    NETVET_ASSIGN_OR_RETURN(const proposal_record old, proposal(by, id));
    if (old.state != proposal_state::info_requested && old.state != proposal_state::draft) {
      return make_error(error_code::invalid_state, "proposal '" + old.id + "' is " + std::string(to_string(old.state)) +
                                                       ": only a draft or one with a request for information "
                                                       "can be amended");
    }
    const std::int64_t row = *parse_id(old.id, "prp_");
    statement up(db_, "UPDATE proposal SET state = 'superseded', updated_at = ? WHERE id = ?");
    NETVET_TRY(up.bind(now.unix_seconds).bind(row).run());
    return std::pair<std::int64_t, std::optional<std::int64_t>>{old.version + 1, row};
  }

  result<proposal_record> apply_move(const principal& by, const proposal_record& p, proposal_move move,
                                     const json& data, timestamp now) {
    switch (move) {
      case proposal_move::submit:
      case proposal_move::withdraw:
        NETVET_TRY(submit_or_withdraw(by, p, move, now));
        break;
      case proposal_move::request_info:
        NETVET_TRY(request_info(by, p, data, now));
        break;
      case proposal_move::decide:
        NETVET_TRY(decide(by, p, data, now));
        break;
    }
    if (const auto event = event_of(move)) {
      NETVET_TRY(enqueue_event(*event, std::string(*event) + ":" + p.id, p.org_id, p.jurisdiction,
                               proposal_event_data(p, move, data), now));
    }
    return proposal(by, p.id);
  }

  // The event's outbox rows, one per webhook it reaches, in the caller's
  // transaction: the event and its deliveries commit or roll back together.
  status enqueue_event(std::string_view event, const std::string& key, std::int64_t org,
                       const std::string& jurisdiction, const json& data, timestamp now) {
    statement q(db_, kWebhookTargets);
    q.bind(org).bind(jurisdiction).bind(event_pattern(event));
    std::vector<std::pair<std::int64_t, std::int64_t>> hooks;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        break;
      }
      hooks.emplace_back(q.integer(0), q.integer(1));
    }
    const std::string payload = webhook_payload(event, key, data, now);
    for (const auto& [hook, hook_org] : hooks) {
      NETVET_TRY(insert_delivery(hook, hook_org, event, key, payload, now));
    }
    return {};
  }

  // One outbox row; nothing when the webhook has this event's key already.
  status insert_delivery(std::int64_t hook, std::int64_t org, std::string_view event, const std::string& key,
                         const std::string& payload, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const std::string id, new_delivery_id());
    statement ins(db_,
                  "INSERT INTO webhook_outbox (id, webhook_id, org_id, event, event_key, payload, created_at, "
                  "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (webhook_id, event_key) DO NOTHING");
    ins.bind(id).bind(hook).bind(org).bind(std::string(event)).bind(key).bind(payload);
    return ins.bind(now.unix_seconds).bind(now.unix_seconds).run();
  }

  result<webhook_info> own_webhook(const principal& by, std::string_view id) {
    if (!allows(by, action::manage_webhooks)) {
      return forbidden_error(by, "manage webhooks");
    }
    statement q(db_, std::string(kWebhookSelect) + " WHERE id = ? AND org_id = ? AND active = 1");
    NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(parse_id(id, "whk_").value_or(0)).bind(by.org_id).step());
    if (!row) {
      return not_found_error("webhook", id);
    }
    return webhook_row(q);
  }

  template <typename Row>
  static webhook_info webhook_row(const Row& q) {
    return webhook_of(q.integer(0), q.integer(1), q.text(2), q.text(3), q.integer(4), timestamp{q.integer(5)},
                      q.text(6), q.time_or_null(7));
  }

  result<std::vector<delivery_attempt>> attempts_of(const std::string& delivery) {
    statement q(db_, "SELECT n, at, status, error, duration_ms FROM webhook_attempt WHERE delivery_id = ? ORDER BY n");
    q.bind(delivery);
    std::vector<delivery_attempt> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back({static_cast<int>(q.integer(0)), timestamp{q.integer(1)}, static_cast<int>(q.integer(2)), q.text(3),
                     q.integer(4)});
    }
  }

  status submit_or_withdraw(const principal& by, const proposal_record& p, proposal_move move, timestamp now) {
    const std::int64_t id = *parse_id(p.id, "prp_");
    const json entry = {{"from", to_string(p.state)}};
    if (move == proposal_move::submit) {
      statement u(db_, "UPDATE proposal SET state = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?");
      NETVET_TRY(u.bind(now.unix_seconds).bind(now.unix_seconds).bind(id).run());
      return append(p.jurisdiction, p.org_id, by.actor(), "proposal.submitted", p.id, entry, now);
    }
    statement u(db_, "UPDATE proposal SET state = 'withdrawn', updated_at = ? WHERE id = ?");
    NETVET_TRY(u.bind(now.unix_seconds).bind(id).run());
    return append(p.jurisdiction, p.org_id, by.actor(), "proposal.withdrawn", p.id, entry, now);
  }

  status request_info(const principal& by, const proposal_record& p, const json& data, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const info_request_input in, parse_info_request(data));
    json requests = p.requests.is_array() ? p.requests : json::array();
    requests.push_back({{"kind", in.kind}, {"reasons", in.reasons}, {"by", by.actor()}, {"at", now.unix_seconds}});
    statement u(db_, "UPDATE proposal SET state = 'info_requested', requests = ?, updated_at = ? WHERE id = ?");
    NETVET_TRY(u.bind(requests.dump()).bind(now.unix_seconds).bind(*parse_id(p.id, "prp_")).run());
    const json entry = {{"from", to_string(p.state)},
                        {"kind", in.kind},
                        {"reasons_sha256", crypto::to_hex(crypto::sha256(in.reasons))}};
    return append(p.jurisdiction, p.org_id, by.actor(), "proposal.info_requested", p.id, entry, now);
  }

  status decide(const principal& by, const proposal_record& p, const json& data, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const decision_input in, parse_decision(data));
    const std::string& decision = in.decision;
    const std::string& reasons = in.reasons;
    const std::vector<std::string>& conditions = in.conditions;
    json entry = {
        {"decision", decision},
        {"recommendation", p.assessment.recommendation},
        {"pack",
         {{"id", p.assessment.pack_id}, {"version", p.assessment.pack_version}, {"sha256", p.assessment.pack_sha256}}},
        {"reasons_sha256", crypto::to_hex(crypto::sha256(reasons))},
        {"conditions", conditions}};
    NETVET_TRY(append(p.jurisdiction, p.org_id, by.actor(), "proposal.decided", p.id, entry, now));
    NETVET_ASSIGN_OR_RETURN(const signed_checkpoint cp, sign_head(p.jurisdiction, now));
    const json record = {{"decision", decision},           {"reasons", reasons},
                         {"conditions", conditions},       {"decided_by", by.actor()},
                         {"decided_at", now.unix_seconds}, {"checkpoint", cp.to_json()}};
    statement u(db_, "UPDATE proposal SET state = 'decided', decision = ?, updated_at = ? WHERE id = ?");
    return u.bind(record.dump()).bind(now.unix_seconds).bind(*parse_id(p.id, "prp_")).run();
  }

  // Appends one entry to `chain`: idx and hash follow the chain's last entry.
  status append(const std::string& chain, std::int64_t org, const std::string& actor, std::string_view kind,
                const std::string& subject, const json& data, timestamp now) {
    statement last(db_, "SELECT idx, hash FROM log_entry WHERE chain = ? ORDER BY idx DESC LIMIT 1");
    NETVET_ASSIGN_OR_RETURN(const bool row, last.bind(chain).step());
    const std::uint64_t idx = row ? static_cast<std::uint64_t>(last.integer(0)) + 1 : 0;
    const crypto::digest prev =
        row ? crypto::from_hex<32>(last.text(1)).value_or(crypto::digest{}) : crypto::kChainStart;
    json entry = {{"chain", chain}, {"idx", idx},   {"at", now.unix_seconds}, {"actor", actor},
                  {"org", org},     {"kind", kind}, {"subject", subject},     {"data", data}};
    if (!request_id().empty() && entry["data"].is_object()) {
      entry["data"]["request_id"] = request_id();  // the request that made it (X-Request-ID)
    }
    NETVET_ASSIGN_OR_RETURN(const std::string body, crypto::canonical_json(entry));
    const std::string hash = crypto::to_hex(crypto::chain_hash(prev, body));
    statement ins(db_,
                  "INSERT INTO log_entry (chain, idx, org_id, at, actor, kind, subject, body, hash, leaf) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(chain).bind(static_cast<std::int64_t>(idx));
    if (org == 0) {
      ins.bind_null();
    } else {
      ins.bind(org);
    }
    ins.bind(now.unix_seconds).bind(actor).bind(std::string(kind)).bind(subject).bind(body);
    return ins.bind(hash).bind(crypto::to_hex(crypto::merkle_leaf_hash(body))).run();
  }

  // How many entries `chain` has.
  result<std::uint64_t> count_of(const std::string& chain) {
    statement last(db_, "SELECT idx FROM log_entry WHERE chain = ? ORDER BY idx DESC LIMIT 1");
    NETVET_ASSIGN_OR_RETURN(const bool row, last.bind(chain).step());
    return row ? static_cast<std::uint64_t>(last.integer(0)) + 1 : 0;
  }

  // The leaf hashes of the first `n` entries of `chain` (n <= its count).
  result<std::vector<crypto::digest>> leaves_of(const std::string& chain, std::uint64_t n) {
    statement q(db_,
                "SELECT coalesce(leaf, ''), CASE WHEN leaf IS NULL THEN body END FROM log_entry "
                "WHERE chain = ? AND idx < ? ORDER BY idx");
    q.bind(chain).bind(static_cast<std::int64_t>(std::min(n, kMaxIdx)));
    std::vector<crypto::digest> out;
    out.reserve(n);
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back(stored_leaf(q.text(0), q.text(1)));
    }
  }

  // Signs the checkpoint of `chain` at leaves.size() entries and keeps it
  // (the first one signed at a count stays).
  result<signed_checkpoint> sign_over(const std::string& chain, std::span<const crypto::digest> leaves, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const crypto::signing_key key, signing_key_now(options_));
    std::string hash = crypto::to_hex(crypto::kChainStart);
    if (!leaves.empty()) {
      statement q(db_, "SELECT hash FROM log_entry WHERE chain = ? AND idx = ?");
      NETVET_ASSIGN_OR_RETURN(const bool row, q.bind(chain).bind(static_cast<std::int64_t>(leaves.size() - 1)).step());
      if (!row) {
        return not_found_error("log entry", chain + "/" + std::to_string(leaves.size() - 1));
      }
      hash = q.text(0);
    }
    signed_checkpoint out = sign_checkpoint(key, chain, leaves, hash);
    statement ins(db_,
                  "INSERT OR IGNORE INTO checkpoint (chain, count, hash, key_id, signature, at, root) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)");
    ins.bind(chain).bind(static_cast<std::int64_t>(out.count)).bind(out.hash).bind(out.key_id).bind(out.signature);
    NETVET_TRY(ins.bind(now.unix_seconds).bind(out.root).run());
    return out;
  }

  result<signed_checkpoint> sign_head(const std::string& chain, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const std::uint64_t count, count_of(chain));
    NETVET_ASSIGN_OR_RETURN(const auto leaves, leaves_of(chain, count));
    return sign_over(chain, leaves, now);
  }

  result<std::vector<signed_checkpoint>> stored_checkpoints() {
    statement q(db_, "SELECT chain, count, hash, root, key_id, signature FROM checkpoint ORDER BY chain, count");
    std::vector<signed_checkpoint> out;
    while (true) {
      NETVET_ASSIGN_OR_RETURN(const bool row, q.step());
      if (!row) {
        return out;
      }
      out.push_back({q.text(0), static_cast<std::uint64_t>(q.integer(1)), q.text(2), q.text(3), q.text(4), q.text(5)});
    }
  }

  sqlite3* db_;
  std::unique_ptr<workspace> ws_;
  std::string path_;
  server_store_options options_;
  std::mutex* writer_;  // writer_lock_for(path_)
  int depth_ = 0;
};

}  // namespace

result<std::unique_ptr<server_store>> detail::make_sqlite_server_store(std::string_view uri,
                                                                       const server_store_options& options) {
  NETVET_ASSIGN_OR_RETURN(const std::string path, sqlite_path_of(uri));
  sqlite_options ws_options;
  ws_options.read_only = options.read_only;
  // The workspace creates or checks the snapshot tables first.
  NETVET_ASSIGN_OR_RETURN(auto ws, make_sqlite_workspace(path, ws_options));
  if (!options.read_only) {
    // The server's tables hold password hashes and the log: readable by the
    // server's user only, a workspace made by an older netvet too.
    for (const std::string& f : {path, path + "-wal", path + "-shm"}) {
      ::chmod(f.c_str(), 0600);
    }
  }
  sqlite3* db = nullptr;
  const int flags = (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    return make_error(error_code::storage_error, "cannot open the server store: " + msg, location{path});
  }
  auto store = std::make_unique<sqlite_server_store>(db, std::move(ws), path, options);
  NETVET_TRY(store->open());
  return std::unique_ptr<server_store>(std::move(store));
}

}  // namespace netvet::store
