// The PostgreSQL backend of the server store (docs/postgresql.md), over
// libpqxx 6.4. The same logical schema as the SQLite backend (pg_schema.sql),
// with row-level security as a second wall behind `scope_of`:
//   - a tenant's transaction (an operator's or a regulator's principal) runs
//     `SET LOCAL ROLE` to one of two constant role names, then sets
//     app.org_id and app.jurisdiction with set_config(..., true) through
//     bound parameters; the policies read them;
//   - administration and sign-in run as the connecting (owner) role;
//   - every query of tenant rows still appends `scope_of`'s predicate.
// A network is kept as its netvet CSV pair (io::write_elements_csv and
// write_links_csv) in chunks of at most 64 MiB, written in the transaction of
// its row and its log entry, and read back with io::read_network_csv_text;
// the content hash is checked on the way back.
//
// libpqxx reports errors as exceptions; they are caught here, at the edge
// (`in_transaction` and `make_pg_server_store`), and become storage_error
// (already_exists for a unique violation): nothing throws through the API.
#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <random>

#include <pqxx/pqxx>

#include "netvet/crypto/canonical_json.h"
#include "netvet/crypto/digest.h"
#include "netvet/crypto/hash_chain.h"
#include "netvet/crypto/merkle.h"
#include "netvet/crypto/password.h"
#include "netvet/crypto/random.h"
#include "netvet/io/reader.h"
#include "netvet/store/server_store.h"
#include "netvet/store/server_store_internal.h"

namespace netvet::store {
namespace detail {
std::string_view pg_schema_sql();  // generated from pg_schema.sql
}  // namespace detail

namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): the backends' shared half

// 2: log_entry.leaf, checkpoint.root and netvet_log_leaves (the Merkle tree).
// 3: password_reset (one-time codes).
// 4: webhook, webhook_outbox, webhook_attempt and netvet_webhook_enqueue.
// 5: webhook_outbox.redelivery_of, and an organisation may insert its own outbox rows (redeliveries).
// 6: kept_answer (the rendered analyses kept across restarts).
// 7: kept_answer is the operators' alone (a regulator's role neither reads nor writes it).
// 8: kept_answer.pinned (the overview's answers, evicted apart from the rest).
constexpr int kServerSchemaVersion = 8;
// The largest idx a query binds (bigint).
constexpr std::uint64_t kMaxIdx = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t kChunkBytes = std::size_t{64} << 20;  // at most 64 MiB a bytea row
constexpr int kSchemaAttempts = 5;
// Advisory lock keys: (kLockSpace, 0) guards schema creation; (kLockSpace,
// hashtext(chain)) a chain's head while an entry is appended.
constexpr int kLockSpace = 7411;
// The only role statements a tenant transaction runs: constants, never input.
constexpr const char* kOperatorRole = "SET LOCAL ROLE netvet_operator_app";
constexpr const char* kRegulatorRole = "SET LOCAL ROLE netvet_regulator_app";

// SQL written with `?` placeholders (as the SQLite backend's, so that
// `scope_of` serves both) becomes PostgreSQL's $1, $2, ...
std::string numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (const char c : sql) {
    if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

// One row of a result, with the SQLite backend's accessor names. Holds the
// row by value (a pqxx::row shares its result), so that `row_view q(r[0])`
// outlives the temporary.
class row_view {
 public:
  explicit row_view(const pqxx::row& r) : r_(r) {}
  [[nodiscard]] std::int64_t integer(int i) const { return r_[i].is_null() ? 0 : r_[i].as<std::int64_t>(); }
  [[nodiscard]] bool null(int i) const { return r_[i].is_null(); }
  [[nodiscard]] std::string text(int i) const { return r_[i].is_null() ? std::string() : r_[i].as<std::string>(); }
  [[nodiscard]] std::optional<timestamp> time_or_null(int i) const {
    return null(i) ? std::nullopt : std::optional<timestamp>(timestamp{integer(i)});
  }

 private:
  pqxx::row r_;
};

// The uri as messages show it: without a password (user:secret@ -> user:***@).
std::string redacted(std::string_view uri) { return detail::redact_uri(uri); }

error storage_failure(const std::exception& e) {
  return make_error(error_code::storage_error, std::string("the server store failed: ") + e.what());
}

class pg_server_store final : public server_store {
 public:
  pg_server_store(std::unique_ptr<pqxx::connection> conn, std::string uri, server_store_options options)
      : conn_(std::move(conn)), uri_(redacted(uri)), options_(options) {}
  ~pg_server_store() override = default;
  pg_server_store(const pg_server_store&) = delete;
  pg_server_store& operator=(const pg_server_store&) = delete;

  // Creates the schema when the database has none (under an advisory lock:
  // several processes may open a new database at once), else checks its
  // version. Roles are cluster-wide, so a concurrent creation elsewhere may
  // fail a first attempt; it is retried.
  status open() {
    status last;
    for (int attempt = 0; attempt < kSchemaAttempts; ++attempt) {
      last = in_transaction(nullptr, [&] { return create_or_check_schema(); });
      if (last || last.err().code != error_code::storage_error) {
        return last;
      }
    }
    return last;
  }

  // --- administration ---
  result<bool> initialised() override {
    return in_transaction(nullptr, [&]() -> result<bool> {
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT count(*) FROM org WHERE kind = 'system'"));
      return row_view(r[0]).integer(0) > 0;
    });
  }

  result<issued_token> init(const init_request& r) override {
    if (options_.key == nullptr && !options_.key_file) {
      return make_error(error_code::invalid_input, "init needs the signing key");
    }
    return in_transaction(nullptr, [&] { return init_in_transaction(r); });
  }

  result<org_info> create_org(const principal& by, const org_info& o, timestamp now) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "manage organisations");
    }
    return in_transaction(nullptr, [&] { return create_org_in_transaction(by, o, now, "name"); });
  }

  result<std::vector<org_info>> orgs(const principal& by) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "list organisations");
    }
    return in_transaction(nullptr, [&]() -> result<std::vector<org_info>> {
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run("SELECT id, name, kind, jurisdiction, created_at FROM org ORDER BY id"));
      std::vector<org_info> out;
      for (const auto& row : r) {
        out.push_back(org_row(row_view(row)));
      }
      return out;
    });
  }

  result<org_info> find_org(const principal& by, std::string_view name) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "list organisations");
    }
    return in_transaction(nullptr, [&]() -> result<org_info> {
      NETVET_ASSIGN_OR_RETURN(
          const auto r,
          run("SELECT id, name, kind, jurisdiction, created_at FROM org WHERE name = ?", {std::string(name)}));
      if (r.empty()) {
        return make_error(error_code::not_found, "no organisation named '" + std::string(name) + "'",
                          location{"", 0, 0, "org"});
      }
      return org_row(row_view(r[0]));
    });
  }

  result<user_info> create_user(const principal& by, std::int64_t org_id, std::string_view name, role who,
                                timestamp now) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "manage people");
    }
    NETVET_TRY(check_user_name(name));
    return in_transaction(nullptr, [&]() -> result<user_info> {
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT kind, name FROM org WHERE id = ?", {org_id}));
      if (r.empty()) {
        return make_error(error_code::not_found, "no organisation " + std::to_string(org_id),
                          location{"", 0, 0, "org"});
      }
      const row_view q(r[0]);
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
    return in_transaction(nullptr, [&]() -> result<std::vector<user_info>> {
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run("SELECT u.id, u.org_id, o.name, u.name, u.role, u.created_at, u.disabled "
                                  "FROM app_user u JOIN org o ON o.id = u.org_id ORDER BY u.id"));
      std::vector<user_info> out;
      for (const auto& row : r) {
        const row_view q(row);
        out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3),
                       parse_role(q.text(4)).value_or(role::operator_viewer), timestamp{q.integer(5)},
                       q.integer(6) != 0});
      }
      return out;
    });
  }

  result<issued_token> issue_token(const principal& by, const token_request& r, timestamp now) override {
    if (!allows(by, action::manage_orgs) && (by.user_id != r.user_id || by.read_only)) {
      return forbidden_error(by, "issue tokens for others");
    }
    return in_transaction(nullptr, [&] { return issue_in_transaction(by, r, now); });
  }

  result<std::vector<token_info>> tokens(const principal& by, std::int64_t user_id) override {
    if (!allows(by, action::manage_orgs) && by.user_id != user_id) {
      return forbidden_error(by, "list others' tokens");
    }
    return in_transaction(nullptr, [&]() -> result<std::vector<token_info>> {
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run("SELECT id, user_id, created_at, last_used_at, expires_at, read_only, revoked_at "
                                  "FROM token WHERE user_id = ? ORDER BY created_at, id",
                                  {user_id}));
      std::vector<token_info> out;
      for (const auto& row : r) {
        const row_view q(row);
        out.push_back({q.text(0), q.integer(1), timestamp{q.integer(2)}, q.time_or_null(3), timestamp{q.integer(4)},
                       q.integer(5) != 0, q.time_or_null(6)});
      }
      return out;
    });
  }

  status revoke_token(const principal& by, std::string_view token_id, timestamp now) override {
    return in_transaction(nullptr, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(
          const auto r,
          run("SELECT t.user_id, u.org_id FROM token t JOIN app_user u ON u.id = t.user_id WHERE t.id = ?",
              {std::string(token_id)}));
      // Someone else's token is not_found for a non-administrator: ids do not leak.
      if (r.empty() || (!allows(by, action::manage_orgs) && row_view(r[0]).integer(0) != by.user_id)) {
        return not_found_error("token", token_id);
      }
      const row_view q(r[0]);
      NETVET_TRY(run("UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                     {now.unix_seconds, std::string(token_id)}));
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "token.revoked",
                    "token:" + std::string(token_id), {{"user", q.integer(0)}}, now);
    });
  }

  result<principal> local_admin() override {
    return in_transaction(nullptr, [&]() -> result<principal> {
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run("SELECT id FROM app_user WHERE role = 'admin' AND disabled = 0 ORDER BY id LIMIT 1"));
      if (r.empty()) {
        return make_error(error_code::not_found, "the server is not initialised: run `netvet admin init` first",
                          location{uri_});
      }
      return principal_of_user(row_view(r[0]).integer(0), false, "");
    });
  }

  // --- identity ---
  result<principal> authenticate(std::string_view text, std::string_view peer, timestamp now) override {
    // nvt_<16 hex>_<43 base64url>
    const bool shaped = text.size() == 4 + 16 + 1 + 43 && text.starts_with("nvt_") && text[20] == '_';
    const std::string id = shaped ? std::string(text.substr(4, 16)) : std::string();
    std::string reason = "malformed token";
    if (shaped) {
      auto found = in_transaction(
          nullptr, [&]() -> result<std::optional<principal>> { return check_token(id, text.substr(21), now, reason); });
      if (!found) {
        return found.take_error();
      }
      if (*found) {
        return std::move(**found);
      }
    }
    // Recorded without the secret: the address, the id's first 8 digits, why.
    auto logged = in_transaction(nullptr, [&]() -> status {
      return append(std::string(kSystemChain), 0, "anonymous", "login.failed", "token",
                    {{"peer", std::string(peer)}, {"token_id_prefix", id.substr(0, 8)}, {"reason", reason}}, now);
    });
    if (!logged) {
      return logged.take_error();
    }
    return make_error(error_code::unauthenticated, "a valid bearer token is required");
  }

  // --- passwords and sessions (as the connecting role: no tenant yet) ---
  status set_password(const principal& by, std::string_view user, std::string_view password, timestamp now) override {
    if (!allows(by, action::manage_orgs) && (by.user != user || by.read_only)) {
      return forbidden_error(by, "set others' passwords");
    }
    NETVET_TRY(check_password_strength(password, user));
    NETVET_ASSIGN_OR_RETURN(const std::string hash, crypto::hash_password(password));
    return in_transaction(nullptr, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT id, org_id FROM app_user WHERE name = ?", {std::string(user)}));
      if (r.empty()) {
        return make_error(error_code::not_found, "no user named '" + std::string(user) + "'",
                          location{"", 0, 0, "name"});
      }
      const row_view q(r[0]);
      NETVET_TRY(exec("UPDATE app_user SET pw_hash = ? WHERE id = ?", {hash, q.integer(0)}));
      NETVET_TRY(exec("DELETE FROM session WHERE user_id = ?", {q.integer(0)}));
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "user.password_set",
                    "user:" + std::to_string(q.integer(0)), json::object(), now);
    });
  }

  status deactivate_user(const principal& by, std::string_view user, timestamp now) override {
    NETVET_TRY(check_deactivation(by, user));
    return in_transaction(nullptr, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT id, org_id, disabled FROM app_user WHERE name = ? FOR UPDATE",
                                                {std::string(user)}));
      NETVET_TRY(check_deactivation_row(user, !r.empty(), !r.empty() && row_view(r[0]).integer(2) != 0));
      const row_view q(r[0]);
      NETVET_TRY(exec("UPDATE app_user SET disabled = 1 WHERE id = ?", {q.integer(0)}));
      NETVET_TRY(exec("DELETE FROM session WHERE user_id = ?", {q.integer(0)}));
      return append(std::string(kSystemChain), q.integer(1), by.actor(), "user.deactivated",
                    "user:" + std::to_string(q.integer(0)), json::object(), now);
    });
  }

  result<reset_code> issue_reset_code(const principal& by, std::string_view user, std::int64_t valid_seconds,
                                      timestamp now) override {
    NETVET_TRY(check_reset_issue(by, user, valid_seconds));
    NETVET_ASSIGN_OR_RETURN(reset_code out, new_reset_code(user, valid_seconds, now));
    auto stored = in_transaction(nullptr, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT id, org_id, disabled FROM app_user WHERE name = ? FOR UPDATE",
                                                {std::string(user)}));
      NETVET_TRY(check_deactivation_row(user, !r.empty(), !r.empty() && row_view(r[0]).integer(2) != 0));
      const row_view q(r[0]);
      NETVET_TRY(exec(kResetCodeUpsert,
                      {q.integer(0), reset_code_digest(out.code), now.unix_seconds, out.expires_at.unix_seconds}));
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
    NETVET_TRY(lockout(a.user_key, a.peer_key, now, refusal));
    NETVET_TRY(check_password_strength(password, user));
    // Hashed before the code is checked: the same work whatever is wrong.
    NETVET_ASSIGN_OR_RETURN(a.hash, crypto::hash_password(password));
    NETVET_ASSIGN_OR_RETURN(const bool used, in_transaction(nullptr, [&] { return use_reset_code(a); }));
    if (!used) {
      NETVET_TRY(in_transaction(nullptr,
                                [&] { return record_failure(a.user_key, a.peer_key, user, peer, now, "reset_code"); }));
      return wrong_reset_code();
    }
    return {};
  }

  // In reset_password's transaction: false unless the code is the user's,
  // unexpired; then it is used up, the password set and the sessions ended.
  result<bool> use_reset_code(const reset_attempt& a) {
    NETVET_ASSIGN_OR_RETURN(const auto r, run(std::string(kResetCodeLookup) + " FOR UPDATE OF r", {a.user}));
    if (r.empty() || !same_secret(a.digest, row_view(r[0]).text(1)) ||
        row_view(r[0]).integer(2) <= a.now.unix_seconds) {
      return false;
    }
    const row_view q(r[0]);
    const std::int64_t id = q.integer(0);
    NETVET_TRY(exec("DELETE FROM password_reset WHERE user_id = ?", {id}));
    NETVET_TRY(exec("DELETE FROM session WHERE user_id = ?", {id}));
    NETVET_TRY(exec("UPDATE app_user SET pw_hash = ? WHERE id = ?", {a.hash, id}));
    NETVET_TRY(exec("DELETE FROM login_failure WHERE key = ? OR key = ?", {a.user_key, a.peer_key}));
    NETVET_TRY(append(std::string(kSystemChain), q.integer(3), "user:" + std::to_string(id), "user.password_reset",
                      "user:" + std::to_string(id), {{"peer", a.peer}}, a.now));
    return true;
  }

  status lockout(const std::string& user_key, const std::string& peer_key, timestamp now, login_refusal& refusal) {
    return check_lockout(
        {user_key, peer_key},
        [&](const std::string& key) { return in_transaction(nullptr, [&] { return locked_for(key, now); }); }, refusal);
  }

  result<session_info> sign_in(std::string_view user, std::string_view password, std::string_view peer, timestamp now,
                               login_refusal& refusal) override {
    const std::string user_key = "user:" + std::string(user);
    const std::string peer_key = "addr:" + std::string(peer);
    NETVET_TRY(lockout(user_key, peer_key, now, refusal));
    NETVET_ASSIGN_OR_RETURN(const auto r, in_transaction(nullptr, [&] {
                              return run("SELECT id, pw_hash FROM app_user WHERE name = ? AND disabled = 0",
                                         {std::string(user)});
                            }));
    const bool known = !r.empty() && !r[0][1].is_null();
    const std::string stored = known ? row_view(r[0]).text(1) : dummy_password_hash();
    // The same work for an unknown name as for a wrong password.
    if (!crypto::verify_password(stored, password) || !known) {
      auto counted = in_transaction(nullptr, [&] { return record_failure(user_key, peer_key, user, peer, now); });
      if (!counted) {
        return counted.take_error();
      }
      return make_error(error_code::unauthenticated, "wrong user name or password");
    }
    const std::int64_t id = row_view(r[0]).integer(0);
    return in_transaction(nullptr, [&] { return open_session(id, user_key, peer_key, peer, now); });
  }

  result<principal> authenticate_session(std::string_view secret, const std::optional<std::string>& csrf,
                                         timestamp now) override {
    return in_transaction(nullptr, [&]() -> result<principal> {
      const std::string key = crypto::to_hex(crypto::sha256(secret));
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run("SELECT user_id, csrf, seen_at, expires_at FROM session WHERE id_sha256 = ?", {key}));
      if (r.empty() || row_view(r[0]).integer(3) <= now.unix_seconds ||
          row_view(r[0]).integer(2) + kSessionIdle <= now.unix_seconds) {
        return make_error(error_code::unauthenticated, "the session has ended: sign in again");
      }
      const row_view q(r[0]);
      if (csrf && !same_secret(*csrf, q.text(1))) {
        return make_error(error_code::forbidden, "a state-changing request needs the session's X-CSRF-Token",
                          location{"", 0, 0, "X-CSRF-Token"});
      }
      if (q.integer(2) + kLastUsedGranularity <= now.unix_seconds) {
        NETVET_TRY(exec("UPDATE session SET seen_at = ? WHERE id_sha256 = ?", {now.unix_seconds, key}));
      }
      return principal_of_user(q.integer(0), false, "");
    });
  }

  status sign_out(std::string_view secret, timestamp now) override {
    (void)now;
    return in_transaction(nullptr, [&]() -> status {
      return exec("DELETE FROM session WHERE id_sha256 = ?", {crypto::to_hex(crypto::sha256(secret))});
    });
  }

  // --- waivers (the regulator's role: row-level security applies) ---
  result<waiver_record> create_waiver(const principal& by, const waiver_record& w, timestamp now) override {
    return in_transaction(&by, [&]() -> result<waiver_record> {
      NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, w.network_id));
      if (!allows(by, action::decide)) {
        return forbidden_error(by, "grant waivers");
      }
      NETVET_ASSIGN_OR_RETURN(const std::string justification,
                              string_member({{"justification", w.justification}}, "justification", true, kMaxReasons));
      NETVET_ASSIGN_OR_RETURN(
          const auto r,
          run("INSERT INTO waiver (network_id, org_id, jurisdiction, pack, rule, elements, justification, expires, "
              "granted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
              {*parse_id(net.id, "net_"), net.org_id, net.jurisdiction, w.pack, w.rule, json(w.elements).dump(),
               justification, w.expires, by.actor(), now.unix_seconds}));
      const std::string id = "wvr_" + std::to_string(row_view(r[0]).integer(0));
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
    return in_transaction(&by, [&]() -> result<std::vector<waiver_record>> {
      NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, network_id));
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT id, pack, rule, elements, justification, expires, granted_by, "
                                                "created_at FROM waiver WHERE network_id = ? AND revoked_at IS NULL "
                                                "ORDER BY id",
                                                {*parse_id(net.id, "net_")}));
      std::vector<waiver_record> out;
      for (const auto& row : r) {
        const row_view q(row);
        const json elements = json::parse(q.text(3), nullptr, false);
        out.push_back({"wvr_" + std::to_string(q.integer(0)), net.id, net.jurisdiction, q.text(1), q.text(2),
                       elements.is_array() ? elements.get<std::vector<std::string>>() : std::vector<std::string>{},
                       q.text(4), q.text(5), q.text(6), timestamp{q.integer(7)}, std::nullopt});
      }
      return out;
    });
  }

  status revoke_waiver(const principal& by, std::string_view id, timestamp now) override {
    return in_transaction(&by, [&]() -> status {
      const auto n = parse_id(id, "wvr_");
      NETVET_ASSIGN_OR_RETURN(
          const auto r, run("SELECT network_id FROM waiver WHERE id = ? AND revoked_at IS NULL", {n.value_or(0)}));
      if (r.empty()) {
        return not_found_error("waiver", id);
      }
      NETVET_ASSIGN_OR_RETURN(const network_record net,
                              network(by, "net_" + std::to_string(row_view(r[0]).integer(0))));
      if (!allows(by, action::decide)) {
        return forbidden_error(by, "revoke waivers");
      }
      NETVET_TRY(exec("UPDATE waiver SET revoked_at = ? WHERE id = ?", {now.unix_seconds, *n}));
      return append(net.jurisdiction, net.org_id, by.actor(), "waiver.revoked", std::string(id), {{"network", net.id}},
                    now);
    });
  }

  // --- webhooks (the org's own, row-level security as for the other tenant tables) ---
  result<webhook_secret> create_webhook(const principal& by, const new_webhook& w, timestamp now) override {
    if (!allows(by, action::manage_webhooks)) {
      return forbidden_error(by, "manage webhooks");
    }
    NETVET_TRY(check_new_webhook(w));
    NETVET_ASSIGN_OR_RETURN(std::string secret, new_webhook_secret());
    return in_transaction(&by, [&]() -> result<webhook_secret> {
      NETVET_ASSIGN_OR_RETURN(const auto r, run("INSERT INTO webhook (org_id, url, events, lead_days, secret, "
                                                "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                                {by.org_id, w.url, json(w.events).dump(), std::int64_t{w.lead_days},
                                                 secret, now.unix_seconds, by.actor()}));
      const std::int64_t id = row_view(r[0]).integer(0);
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "webhook.created", "whk_" + std::to_string(id),
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
    return in_transaction(&by, [&]() -> result<std::vector<webhook_info>> {
      NETVET_ASSIGN_OR_RETURN(
          const auto r, run(std::string(kWebhookSelect) + " WHERE org_id = ? AND active = 1 ORDER BY id", {by.org_id}));
      std::vector<webhook_info> out;
      for (const auto& row : r) {
        out.push_back(webhook_row(row_view(row)));
      }
      return out;
    });
  }

  status delete_webhook(const principal& by, std::string_view id, timestamp now) override {
    return in_transaction(&by, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const webhook_info w, own_webhook(by, id));
      const std::int64_t n = *parse_id(w.id, "whk_");
      NETVET_TRY(exec("UPDATE webhook SET active = 0 WHERE id = ?", {n}));
      NETVET_TRY(
          exec("UPDATE webhook_outbox SET state = 'failed', last_error = 'webhook deleted' "
               "WHERE webhook_id = ? AND state = 'pending'",
               {n}));
      return append(by.jurisdiction, by.org_id, by.actor(), "webhook.deleted", w.id, json::object(), now);
    });
  }

  result<webhook_secret> rotate_webhook_secret(const principal& by, std::string_view id, std::int64_t overlap,
                                               timestamp now) override {
    NETVET_TRY(check_overlap(overlap));
    NETVET_ASSIGN_OR_RETURN(std::string secret, new_webhook_secret());
    return in_transaction(&by, [&]() -> result<webhook_secret> {
      NETVET_ASSIGN_OR_RETURN(webhook_info w, own_webhook(by, id));
      NETVET_TRY(exec("UPDATE webhook SET previous_secret = secret, previous_until = ?, secret = ? WHERE id = ?",
                      {now.unix_seconds + overlap, secret, *parse_id(w.id, "whk_")}));
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "webhook.secret_rotated", w.id,
                        {{"overlap_seconds", overlap}}, now));
      w.previous_valid_until = timestamp{now.unix_seconds + overlap};
      return webhook_secret{std::move(w), std::move(secret)};
    });
  }

  result<delivery_record> redeliver(const principal& by, std::string_view webhook_id, std::string_view delivery_id,
                                    timestamp now) override {
    NETVET_ASSIGN_OR_RETURN(const std::string id, new_delivery_id());
    return in_transaction(&by, [&]() -> result<delivery_record> {
      NETVET_ASSIGN_OR_RETURN(const webhook_info w, own_webhook(by, webhook_id));
      const std::int64_t hook = *parse_id(w.id, "whk_");
      NETVET_ASSIGN_OR_RETURN(const auto src, run(kRedeliverySource, {std::string(delivery_id), hook, by.org_id}));
      if (src.empty()) {
        return not_found_error("delivery", delivery_id);
      }
      const row_view s(src[0]);
      const std::string first = s.null(4) ? s.text(0) : s.text(4);
      NETVET_TRY(exec(kRedeliveryInsert, {id, hook, by.org_id, s.text(1), redelivery_key(s.text(2), id), s.text(3),
                                          now.unix_seconds, now.unix_seconds, first}));
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "webhook.redelivered", w.id,
                        {{"delivery", id}, {"of", first}}, now));
      NETVET_ASSIGN_OR_RETURN(const auto made, run(std::string(kDeliverySelect) + " WHERE id = ?", {id}));
      return delivery_row(row_view(made[0]), w.id);
    });
  }

  result<page<delivery_record>> deliveries(const principal& by, std::string_view webhook_id,
                                           const page_request& r) override {
    return in_transaction(&by, [&]() -> result<page<delivery_record>> {
      NETVET_ASSIGN_OR_RETURN(const webhook_info w, own_webhook(by, webhook_id));
      NETVET_ASSIGN_OR_RETURN(const predicate query, deliveries_query(w, by.org_id, r));
      NETVET_ASSIGN_OR_RETURN(const auto rows, run(query.sql, query.binds));
      page<delivery_record> out;
      for (const auto& row : rows) {
        const row_view q(row);
        if (out.items.size() == r.limit) {
          out.next = "c" + std::to_string(row_view(rows[static_cast<int>(r.limit) - 1]).integer(8));
          break;
        }
        out.items.push_back(delivery_row(q, w.id));
        NETVET_ASSIGN_OR_RETURN(out.items.back().tries, attempts_of(out.items.back().id));
      }
      return out;
    });
  }

  result<std::vector<due_delivery>> claim_deliveries(timestamp now, std::size_t limit,
                                                     std::int64_t lease_seconds) override {
    return in_transaction(nullptr, [&]() -> result<std::vector<due_delivery>> {
      // SKIP LOCKED: another server process's worker takes the others.
      NETVET_ASSIGN_OR_RETURN(
          const auto r,
          run("SELECT d.id, d.webhook_id, w.url, d.event, d.payload, w.secret, w.previous_secret, w.previous_until, "
              "d.attempts, d.redelivery_of FROM webhook_outbox d JOIN webhook w ON w.id = d.webhook_id WHERE d.state = "
              "'pending' AND "
              "d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT ? FOR UPDATE OF d SKIP LOCKED",
              {now.unix_seconds, static_cast<std::int64_t>(limit)}));
      std::vector<due_delivery> out;
      for (const auto& row : r) {
        out.push_back(due_row(row_view(row), now));
        NETVET_TRY(exec("UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ?",
                        {now.unix_seconds + lease_seconds, out.back().id}));
      }
      return out;
    });
  }

  result<std::string> record_attempt(const due_delivery& d, const delivery_attempt& a, const retry_policy& p,
                                     timestamp now) override {
    return in_transaction(nullptr, [&]() -> result<std::string> {
      const attempt_verdict v = judge_attempt(a, p, now);
      NETVET_TRY(
          exec("INSERT INTO webhook_attempt (delivery_id, n, at, status, error, duration_ms) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               {d.id, std::int64_t{a.n}, a.at.unix_seconds, std::int64_t{a.status}, a.error, a.duration_ms}));
      NETVET_TRY(
          exec("UPDATE webhook_outbox SET attempts = ?, state = ?, next_attempt_at = ?, last_status = ?, "
               "last_error = ? WHERE id = ? AND state = 'pending'",
               {std::int64_t{a.n}, v.state, v.next.unix_seconds, std::int64_t{a.status}, a.error, d.id}));
      return v.state;
    });
  }

  result<std::size_t> enqueue_due_events(timestamp now) override {
    return in_transaction(nullptr, [&]() -> result<std::size_t> {
      NETVET_ASSIGN_OR_RETURN(const auto hooks, run(kExpiringHooks));
      NETVET_ASSIGN_OR_RETURN(const auto before, run("SELECT count(*) FROM webhook_outbox"));
      for (const auto& h : hooks) {
        const row_view hook(h);
        const auto [from, to] = expiring_window(static_cast<int>(hook.integer(4)), now);
        NETVET_ASSIGN_OR_RETURN(const auto waivers,
                                run(kExpiringWaivers, {hook.integer(1), hook.text(2), hook.text(3), from, to}));
        for (const auto& wr : waivers) {
          const row_view q(wr);
          const auto [key, payload] = expiring_event(q, now);
          NETVET_TRY(insert_delivery(hook.integer(0), hook.integer(1), kWebhookEvents[4], key, payload, now));
        }
      }
      NETVET_ASSIGN_OR_RETURN(const auto after, run("SELECT count(*) FROM webhook_outbox"));
      return static_cast<std::size_t>(row_view(after[0]).integer(0) - row_view(before[0]).integer(0));
    });
  }

  result<std::vector<milestone_watch>> milestone_watches() override {
    return in_transaction(nullptr, [&]() -> result<std::vector<milestone_watch>> {
      NETVET_ASSIGN_OR_RETURN(const auto rows, run(kMilestoneWatches));
      std::vector<milestone_watch> out;
      for (const auto& r : rows) {
        add_milestone_watch(out, row_view(r));
      }
      return out;
    });
  }

  result<std::vector<network_record>> networks_kept_before(std::string_view day, std::size_t limit) override {
    return in_transaction(nullptr, [&]() -> result<std::vector<network_record>> {
      NETVET_ASSIGN_OR_RETURN(const auto rows, run(kNetworksKeptBefore, {std::string(day), std::string(day),
                                                                         static_cast<std::int64_t>(limit)}));
      std::vector<network_record> out;
      for (const auto& r : rows) {
        out.push_back(network_row(row_view(r)));
      }
      return out;
    });
  }

  result<std::size_t> enqueue_timed_events(std::string_view event, const std::vector<timed_event>& events,
                                           timestamp now) override {
    if (events.empty()) {
      return std::size_t{0};
    }
    return in_transaction(nullptr, [&]() -> result<std::size_t> {
      std::size_t written = 0;
      for (const auto& e : events) {
        NETVET_ASSIGN_OR_RETURN(const auto had, run(kTimedEventPending, {e.hook, e.key}));
        NETVET_ASSIGN_OR_RETURN(const auto live, run("SELECT 1 FROM webhook WHERE id = ? AND active = 1", {e.hook}));
        if (row_view(had[0]).integer(0) == 0 && !live.empty()) {
          NETVET_TRY(insert_delivery(e.hook, e.org_id, event, e.key, webhook_payload(event, e.key, e.data, now), now));
          ++written;
        }
      }
      return written;
    });
  }

  result<outbox_stats> outbox(timestamp now) override {
    (void)now;
    return in_transaction(nullptr, [&]() -> result<outbox_stats> {
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run("SELECT count(*), min(created_at) FROM webhook_outbox WHERE state = 'pending'"));
      const row_view q(r[0]);
      return outbox_stats{q.integer(0), q.time_or_null(1)};
    });
  }

  // --- networks ---
  result<network_record> add_network(const principal& by, std::string_view name, const model::network& net,
                                     timestamp now) override {
    if (!allows(by, action::write_network)) {
      return forbidden_error(by, "upload networks");
    }
    NETVET_TRY(check_snapshot_name(name));
    const std::string hash = content_hash(net);
    const std::string elements = io::write_elements_csv(net);
    const std::string links = io::write_links_csv(net);
    return in_transaction(&by, [&]() -> result<network_record> {
      NETVET_ASSIGN_OR_RETURN(
          const auto r,
          run("INSERT INTO network (org_id, jurisdiction, name, created_at, elements, links, content_hash) "
              "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, name) DO NOTHING RETURNING id",
              {by.org_id, by.jurisdiction, std::string(name), now.unix_seconds,
               static_cast<std::int64_t>(net.element_count()), static_cast<std::int64_t>(net.link_count()), hash}));
      if (r.empty()) {
        return make_error(error_code::already_exists, "a network named '" + std::string(name) + "' exists",
                          location{"", 0, 0, "name"});
      }
      const std::int64_t nid = row_view(r[0]).integer(0);
      NETVET_TRY(insert_chunks(nid, "elements", elements));
      NETVET_TRY(insert_chunks(nid, "links", links));
      const std::string id = "net_" + std::to_string(nid);
      NETVET_TRY(append(by.jurisdiction, by.org_id, by.actor(), "network.uploaded", id,
                        {{"name", std::string(name)},
                         {"elements", net.element_count()},
                         {"links", net.link_count()},
                         {"content_hash", hash}},
                        now));
      return network(by, id);
    });
  }

  result<page<network_record>> networks(const principal& by, const page_request& r) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read networks");
    }
    return in_transaction(&by, [&]() -> result<page<network_record>> {
      const predicate scope = scope_of(by, table::network, "n.");
      std::string sql = std::string(kNetworkSelect) + " WHERE " + scope.sql;
      std::vector<value> binds = scope.binds;
      NETVET_TRY(page_clauses(r, "n.", sql, binds));
      NETVET_ASSIGN_OR_RETURN(const auto rows, run(sql, binds));
      return collect<network_record>(
          rows, r.limit, [](const row_view& s) { return network_row(s); },
          [](const network_record& n) { return n.id.substr(4); });
    });
  }

  result<network_record> network(const principal& by, std::string_view id) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read networks");
    }
    const auto n = parse_id(id, "net_");
    if (!n) {
      return not_found_error("network", id);
    }
    return in_transaction(&by, [&]() -> result<network_record> {
      const predicate scope = scope_of(by, table::network, "n.");
      std::vector<value> binds{*n};
      binds.insert(binds.end(), scope.binds.begin(), scope.binds.end());
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run(std::string(kNetworkSelect) + " WHERE n.id = ? AND " + scope.sql, binds));
      if (r.empty()) {
        return not_found_error("network", id);
      }
      return network_row(row_view(r[0]));
    });
  }

  result<model::network> load_network(const principal& by, std::string_view id,
                                      const model::vendor_catalog& catalog) override {
    std::array<std::string, 2> files;  // elements.csv, links.csv
    auto read = in_transaction(&by, [&]() -> result<network_record> {
      NETVET_ASSIGN_OR_RETURN(network_record rec, network(by, id));
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT file, data FROM network_chunk WHERE network_id = ? "
                                                "ORDER BY file, part",
                                                {*parse_id(rec.id, "net_")}));
      for (const auto& row : r) {
        files[row[0].as<std::string>() == "links" ? 1 : 0] += pqxx::binarystring(row[1]).str();
      }
      return rec;
    });
    if (!read) {
      return read.take_error();
    }
    io::read_options o;
    o.catalog = &catalog;
    o.threads = 1;
    NETVET_ASSIGN_OR_RETURN(model::network net, io::read_network_csv_text(files[0], files[1], read->id, o));
    if (content_hash(net) != read->content_hash) {
      return make_error(error_code::storage_error,
                        "network '" + read->id + "' does not read back as it was stored (content hash " +
                            content_hash(net) + ", stored " + read->content_hash + ")",
                        location{uri_});
    }
    return net;
  }

  status remove_network(const principal& by, std::string_view id, timestamp now) override {
    return in_transaction(&by, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, id));
      if (!allows(by, action::write_network)) {
        return forbidden_error(by, "delete networks");
      }
      const std::int64_t nid = *parse_id(rec.id, "net_");
      NETVET_ASSIGN_OR_RETURN(const auto used, run("SELECT count(*) FROM proposal WHERE network_id = ?", {nid}));
      if (const std::int64_t n = row_view(used[0]).integer(0); n > 0) {
        return make_error(error_code::invalid_state, "network '" + std::string(id) + "' has " + std::to_string(n) +
                                                         " proposal(s) against it and is kept as their record");
      }
      const predicate scope = scope_of(by, table::network);
      std::vector<value> binds{nid};
      binds.insert(binds.end(), scope.binds.begin(), scope.binds.end());
      NETVET_TRY(run("DELETE FROM network_chunk WHERE network_id = ?", {nid}));
      NETVET_TRY(run("DELETE FROM kept_answer WHERE network_id = ?", {nid}));
      NETVET_TRY(run("DELETE FROM network WHERE id = ? AND " + scope.sql, binds));
      return append(by.jurisdiction, by.org_id, by.actor(), "network.deleted", rec.id,
                    {{"name", rec.name}, {"content_hash", rec.content_hash}}, now);
    });
  }

  result<std::optional<answer_record>> find_answer(const principal& by, std::string_view network_id,
                                                   std::string_view key) override {
    return in_transaction(&by, [&]() -> result<std::optional<answer_record>> {
      NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, network_id));
      if (!keeps_answers_of(by, rec)) {
        return std::optional<answer_record>{};
      }
      NETVET_ASSIGN_OR_RETURN(const auto r, run(kFindAnswer, {*parse_id(rec.id, "net_"), std::string(key)}));
      if (r.empty()) {
        return std::optional<answer_record>{};
      }
      const row_view q(r[0]);
      return std::optional<answer_record>{
          answer_record{std::string(key), q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)}};
    });
  }

  status keep_answer(const principal& by, std::string_view network_id, const answer_record& a, timestamp now) override {
    NETVET_TRY(check_answer(a));
    return in_transaction(&by, [&]() -> status {
      NETVET_ASSIGN_OR_RETURN(const network_record rec, network(by, network_id));
      NETVET_TRY(check_answer_keeper(by, rec));
      const std::int64_t nid = *parse_id(rec.id, "net_");
      NETVET_TRY(run(kDropStaleAnswers, {nid, a.generation, now.unix_seconds - kOtherGenerationSeconds, a.day, a.day}));
      const eviction_limits limits = eviction_for(a);
      NETVET_TRY(
          run(evict_old_answers_sql("octet_length(body)"), {nid, nid, limits.pinned, limits.count, limits.bytes}));
      return exec(kInsertAnswer, {nid, a.key, a.generation, a.day, a.content_type, a.headers, a.body, now.unix_seconds,
                                  limits.pinned});
    });
  }

  // --- proposals ---
  result<proposal_record> create_proposal(const principal& by, const new_proposal& r, timestamp now) override {
    if (!allows(by, action::write_proposal)) {
      return forbidden_error(by, "write proposals");
    }
    return in_transaction(&by, [&]() -> result<proposal_record> {
      NETVET_ASSIGN_OR_RETURN(const network_record net, network(by, r.network_id));
      NETVET_ASSIGN_OR_RETURN(const auto earlier, supersede(by, r.supersedes, now));
      const auto [version, supersedes] = earlier;
      NETVET_ASSIGN_OR_RETURN(const std::string id,
                              insert_proposal(by, r, *parse_id(net.id, "net_"), version, supersedes, now));
      json data = {{"network", net.id},
                   {"version", version},
                   {"recommendation", r.assessment.recommendation},
                   {"pack",
                    {{"id", r.assessment.pack_id},
                     {"version", r.assessment.pack_version},
                     {"sha256", r.assessment.pack_sha256}}},
                   {"body_sha256", crypto::to_hex(crypto::sha256(r.body.dump()))}};
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
    return in_transaction(&by, [&]() -> result<page<proposal_record>> {
      const predicate scope = scope_of(by, table::proposal, "p.");
      std::string sql = std::string(kProposalSelect) + " WHERE " + scope.sql;
      std::vector<value> binds = scope.binds;
      if (r.state) {
        sql += " AND p.state = ?";
        binds.emplace_back(std::string(to_string(*r.state)));
      }
      NETVET_TRY(page_clauses(r, "p.", sql, binds));
      NETVET_ASSIGN_OR_RETURN(const auto rows, run(sql, binds));
      return collect<proposal_record>(
          rows, r.limit, [](const row_view& s) { return proposal_row(s); },
          [](const proposal_record& p) { return p.id.substr(4); });
    });
  }

  result<proposal_record> proposal(const principal& by, std::string_view id) override {
    if (!allows(by, action::read_tenant)) {
      return forbidden_error(by, "read proposals");
    }
    const auto n = parse_id(id, "prp_");
    if (!n) {
      return not_found_error("proposal", id);
    }
    return in_transaction(&by, [&]() -> result<proposal_record> {
      const predicate scope = scope_of(by, table::proposal, "p.");
      std::vector<value> binds{*n};
      binds.insert(binds.end(), scope.binds.begin(), scope.binds.end());
      NETVET_ASSIGN_OR_RETURN(const auto r,
                              run(std::string(kProposalSelect) + " WHERE p.id = ? AND " + scope.sql, binds));
      if (r.empty()) {
        return not_found_error("proposal", id);
      }
      return proposal_row(row_view(r[0]));
    });
  }

  result<proposal_record> move_proposal(const principal& by, std::string_view id, proposal_move move, const json& data,
                                        timestamp now) override {
    return in_transaction(&by, [&]() -> result<proposal_record> {
      // Read through the scope inside the write transaction, row locked: what
      // the caller cannot see is not_found, whatever it asks.
      NETVET_ASSIGN_OR_RETURN(const proposal_record p, proposal(by, id));
      const bool regulator_move = move == proposal_move::request_info || move == proposal_move::decide;
      if (!allows(by, regulator_move ? action::decide : action::write_proposal)) {
        return forbidden_error(by, std::string(to_string(move)) + " a proposal");
      }
      NETVET_TRY(run("SELECT id FROM proposal WHERE id = ? FOR UPDATE", {*parse_id(p.id, "prp_")}));
      NETVET_ASSIGN_OR_RETURN(const proposal_record locked, proposal(by, id));
      NETVET_TRY(check_move(locked, move));
      return apply_move(by, locked, move, data, now);
    });
  }

  // --- the log ---
  result<page<log_entry>> log(const principal& by, const page_request& r) override {
    if (!allows(by, action::read_log)) {
      return forbidden_error(by, "read the log");
    }
    NETVET_TRY(check_limit(r.limit));
    return in_transaction(&by, [&]() -> result<page<log_entry>> {
      NETVET_ASSIGN_OR_RETURN(const predicate query, log_query(by, r, "seq"));
      NETVET_ASSIGN_OR_RETURN(const auto rows, run(query.sql, query.binds));
      page<log_entry> out;
      std::int64_t last = 0;
      for (const auto& row : rows) {
        if (out.items.size() == r.limit) {
          out.next = "c" + std::to_string(last);
          break;
        }
        out.items.push_back(log_row(row_view(row)));
        last = row_view(row).integer(9);
      }
      return out;
    });
  }

  result<signed_checkpoint> checkpoint(const principal& by, std::string_view chain, timestamp now) override {
    if (by.kind != org_kind::system && chain != by.jurisdiction) {
      return not_found_error("log", chain);
    }
    return in_transaction(&by, [&] { return sign_head(std::string(chain), now); });
  }

  result<std::vector<published_key>> keys() override {
    return in_transaction(nullptr, [&]() -> result<std::vector<published_key>> {
      NETVET_ASSIGN_OR_RETURN(
          const auto r, run("SELECT key_id, public_key, created_at, retired_at FROM signing_key ORDER BY created_at"));
      std::vector<published_key> out;
      for (const auto& row : r) {
        const row_view q(row);
        out.push_back({q.text(0), q.text(1), timestamp{q.integer(2)}, q.time_or_null(3)});
      }
      return out;
    });
  }

  result<inclusion_proof> prove_inclusion(const principal& by, std::string_view chain, std::uint64_t index,
                                          std::optional<std::uint64_t> size, timestamp now) override {
    if (!allows(by, action::read_log)) {
      return forbidden_error(by, "read the log");
    }
    return in_transaction(&by, [&]() -> result<inclusion_proof> {
      const predicate scope = scope_of(by, table::log);
      std::vector<value> binds{std::string(chain), static_cast<std::int64_t>(std::min<std::uint64_t>(index, kMaxIdx))};
      binds.insert(binds.end(), scope.binds.begin(), scope.binds.end());
      NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT chain, idx, at, actor, org_id, kind, subject, body, hash, seq "
                                                "FROM log_entry WHERE chain = ? AND idx = ? AND " +
                                                    scope.sql,
                                                binds));
      if (r.empty()) {
        return not_found_error("log entry", std::string(chain) + "/" + std::to_string(index));
      }
      const log_entry e = log_row(row_view(r[0]));
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t count, count_of(e.chain));
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t n, proof_size(size, count, index + 1, "size"));
      NETVET_ASSIGN_OR_RETURN(const auto leaves, leaves_of(e.chain, n));
      NETVET_ASSIGN_OR_RETURN(signed_checkpoint cp, sign_over(e.chain, leaves, now));
      return make_inclusion(e, leaves.first, std::move(cp));
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
    return in_transaction(&by, [&]() -> result<consistency_proof> {
      const std::string c(chain);
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t count, count_of(c));
      NETVET_ASSIGN_OR_RETURN(const std::uint64_t n, proof_size(second, count, 0, "second"));
      NETVET_TRY(proof_size(first, n, 0, "first"));
      NETVET_ASSIGN_OR_RETURN(const auto leaves, leaves_of(c, n));
      NETVET_ASSIGN_OR_RETURN(signed_checkpoint cp, sign_over(c, leaves, now));
      return make_consistency(first, leaves.first, std::move(cp));
    });
  }

  result<published_key> rotate_key(const principal& by, const crypto::public_key& next, timestamp now) override {
    if (!allows(by, action::manage_orgs)) {
      return forbidden_error(by, "rotate the signing key");
    }
    return in_transaction(nullptr, [&]() -> result<published_key> {
      NETVET_ASSIGN_OR_RETURN(const auto before, keys());
      NETVET_ASSIGN_OR_RETURN(const json retired, retired_by_rotation(before, next));
      const published_key key{key_id_of(next), crypto::to_hex(next), now, std::nullopt};
      NETVET_TRY(exec("UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL", {now.unix_seconds}));
      NETVET_TRY(exec("INSERT INTO signing_key (key_id, public_key, created_at) VALUES (?, ?, ?)",
                      {key.key_id, key.public_key, now.unix_seconds}));
      NETVET_TRY(append(std::string(kSystemChain), 0, by.actor(), "signing_key.rotated", "key:" + key.key_id,
                        {{"key_id", key.key_id}, {"public_key", key.public_key}, {"retired", retired}}, now));
      return key;
    });
  }

  result<std::vector<log_verdict>> verify_log(const std::vector<signed_checkpoint>& held) override {
    return in_transaction(nullptr, [&]() -> result<std::vector<log_verdict>> {
      NETVET_ASSIGN_OR_RETURN(const auto published, keys());
      NETVET_ASSIGN_OR_RETURN(const auto rows, run("SELECT chain, idx, body, hash FROM log_entry ORDER BY chain, idx"));
      log_checker checker;
      for (const auto& row : rows) {
        const row_view q(row);
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

  // Runs `sql` (with `?` placeholders) in the open transaction. An exception
  // is left to `in_transaction`, which ends the transaction and reports it.
  result<pqxx::result> run(const std::string& sql, const std::vector<value>& binds = {}) {
    if (!tx_) {
      return make_error(error_code::internal, "a query outside a transaction");
    }
    if (binds.empty()) {
      return tx_->exec(sql);
    }
    std::vector<std::string> texts;
    texts.reserve(binds.size());
    for (const auto& v : binds) {
      if (const auto* i = std::get_if<std::int64_t>(&v)) {
        texts.push_back(std::to_string(*i));
      } else {
        texts.push_back(std::get<std::string>(v));
      }
    }
    return tx_->exec_params(numbered(sql), pqxx::prepare::make_dynamic_params(texts));
  }

  status exec(const std::string& sql, const std::vector<value>& binds = {}) {
    NETVET_TRY(run(sql, binds));
    return {};
  }

  result<session_info> open_session(std::int64_t id, const std::string& user_key, const std::string& peer_key,
                                    std::string_view peer, timestamp now) {
    NETVET_TRY(exec("DELETE FROM login_failure WHERE key = ? OR key = ?", {user_key, peer_key}));
    NETVET_ASSIGN_OR_RETURN(session_info out, new_session(now));
    NETVET_TRY(
        exec("INSERT INTO session (id_sha256, user_id, csrf, created_at, seen_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             {crypto::to_hex(crypto::sha256(out.secret)), id, out.csrf, now.unix_seconds, now.unix_seconds,
              out.expires_at.unix_seconds}));
    NETVET_ASSIGN_OR_RETURN(out.who, principal_of_user(id, false, ""));
    NETVET_TRY(append(std::string(kSystemChain), out.who.org_id, out.who.actor(), "session.opened",
                      "user:" + std::to_string(id), {{"peer", std::string(peer)}}, now));
    return out;
  }

  // Seconds `key` must still wait after its failures; 0 when it may try.
  result<std::int64_t> locked_for(const std::string& key, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT count, last_at FROM login_failure WHERE key = ?", {key}));
    if (r.empty()) {
      return std::int64_t{0};
    }
    const row_view q(r[0]);
    if (q.integer(0) < kFreeFailures || q.integer(1) + kFailureWindow <= now.unix_seconds) {
      return std::int64_t{0};
    }
    return lockout_wait(q.integer(0), q.integer(1), now);
  }

  status record_failure(const std::string& user_key, const std::string& peer_key, std::string_view user,
                        std::string_view peer, timestamp now, const char* what = "password") {
    for (const auto& key : {user_key, peer_key}) {
      NETVET_TRY(
          exec("INSERT INTO login_failure (key, count, last_at) VALUES (?, 1, ?) ON CONFLICT (key) DO "
               "UPDATE SET count = CASE WHEN login_failure.last_at + ? <= excluded.last_at THEN 1 "
               "ELSE login_failure.count + 1 END, last_at = excluded.last_at",
               {key, now.unix_seconds, kFailureWindow}));
    }
    return append(std::string(kSystemChain), 0, "anonymous", "login.failed", what,
                  {{"peer", std::string(peer)}, {"user", std::string(user)}}, now);
  }

  // Runs `body` in a transaction; nested calls join the outer one. With a
  // tenant (`by` an operator or a regulator), the transaction first drops to
  // that kind's role and sets the tenant for row-level security; administrators
  // and sign-in (`by` null or the system org) run as the connecting role.
  template <typename Body>
  auto in_transaction(const principal* by, Body body) -> decltype(body()) {
    if (tx_) {
      return body();
    }
    try {
      tx_ = std::make_unique<pqxx::work>(*conn_);
      if (by != nullptr && by->kind != org_kind::system) {
        tx_->exec0(by->kind == org_kind::regulator ? kRegulatorRole : kOperatorRole);
        tx_->exec_params("SELECT set_config('app.org_id', $1, true), set_config('app.jurisdiction', $2, true)",
                         std::to_string(by->org_id), by->jurisdiction);
      }
      auto r = body();
      if (r) {
        tx_->commit();
      }
      tx_.reset();
      return r;
    } catch (const pqxx::unique_violation& e) {
      tx_.reset();
      return make_error(error_code::already_exists, std::string("already exists: ") + e.what());
    } catch (const std::exception& e) {
      tx_.reset();
      return storage_failure(e);
    }
  }

  status create_or_check_schema() {
    NETVET_TRY(run("SELECT pg_advisory_xact_lock(" + std::to_string(kLockSpace) + ", 0)"));
    NETVET_ASSIGN_OR_RETURN(const auto has, run("SELECT to_regclass('server_schema') IS NOT NULL"));
    if (!has[0][0].as<bool>()) {
      if (options_.read_only) {
        return make_error(error_code::not_found, "the database has no netvet server tables", location{uri_});
      }
      NETVET_TRY(run(std::string(pg_schema_sql())));
    }
    return check_version();
  }

  status check_version() {
    NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT max(version) FROM server_schema"));
    if (r[0][0].is_null()) {
      if (options_.read_only) {
        return {};
      }
      return exec("INSERT INTO server_schema (version) VALUES (?)", {std::int64_t{kServerSchemaVersion}});
    }
    if (row_view(r[0]).integer(0) < kServerSchemaVersion && !options_.read_only) {
      // The schema's statements are idempotent: run again, they add what is new.
      NETVET_TRY(run(std::string(pg_schema_sql())));
      return exec("UPDATE server_schema SET version = ?", {std::int64_t{kServerSchemaVersion}});
    }
    if (row_view(r[0]).integer(0) > kServerSchemaVersion) {
      return make_error(error_code::unsupported,
                        "the server tables were written by a newer netvet (version " +
                            std::to_string(row_view(r[0]).integer(0)) + ")",
                        location{uri_});
    }
    return {};
  }

  status insert_chunks(std::int64_t network_id, const char* file, const std::string& bytes) {
    int part = 0;
    for (std::size_t at = 0; at < bytes.size() || part == 0; at += kChunkBytes, ++part) {
      const std::size_t n = std::min(kChunkBytes, bytes.size() - std::min(at, bytes.size()));
      const pqxx::binarystring chunk(bytes.data() + std::min(at, bytes.size()), n);
      tx_->exec_params("INSERT INTO network_chunk (network_id, file, part, data) VALUES ($1, $2, $3, $4)", network_id,
                       std::string(file), part, chunk);
    }
    return {};
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
    NETVET_TRY(exec("UPDATE proposal SET state = 'superseded', updated_at = ? WHERE id = ?", {now.unix_seconds, row}));
    return std::pair<std::int64_t, std::optional<std::int64_t>>{old.version + 1, row};
  }

  result<std::string> insert_proposal(const principal& by, const new_proposal& r, std::int64_t network_id,
                                      std::int64_t version, std::optional<std::int64_t> supersedes, timestamp now) {
    const std::string sql = std::string(
                                "INSERT INTO proposal (org_id, jurisdiction, network_id, version, supersedes, state, "
                                "body, recommendation, assessment, pack_id, pack_version, pack_sha256, created_at, "
                                "updated_at) VALUES (?, ?, ?, ?, ") +
                            (supersedes ? "?" : "NULL") + ", 'draft', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    std::vector<value> binds{by.org_id, by.jurisdiction, network_id, version};
    if (supersedes) {
      binds.emplace_back(*supersedes);
    }
    for (value v : std::vector<value>{r.body.dump(), r.assessment.recommendation, r.assessment.document.dump(),
                                      r.assessment.pack_id, r.assessment.pack_version, r.assessment.pack_sha256,
                                      now.unix_seconds, now.unix_seconds}) {
      binds.push_back(std::move(v));
    }
    NETVET_ASSIGN_OR_RETURN(const auto rows, run(sql, binds));
    return "prp_" + std::to_string(row_view(rows[0]).integer(0));
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
  static result<page<T>> collect(const pqxx::result& rows, std::size_t limit, Row row_of, Key key_of) {
    page<T> out;
    for (const auto& row : rows) {
      if (out.items.size() == limit) {
        out.next = "c" + key_of(out.items.back());
        break;
      }
      out.items.push_back(row_of(row_view(row)));
    }
    return out;
  }

  result<issued_token> init_in_transaction(const init_request& r) {
    NETVET_ASSIGN_OR_RETURN(const bool done, initialised());
    if (done) {
      return make_error(error_code::already_exists, "the server is initialised already (admin init ran before)",
                        location{uri_});
    }
    NETVET_ASSIGN_OR_RETURN(const std::int64_t org, insert_org({0, "system", org_kind::system, "", r.now}, r.now));
    NETVET_ASSIGN_OR_RETURN(const std::int64_t user, insert_user(org, r.admin_name, role::admin, r.now));
    NETVET_ASSIGN_OR_RETURN(const crypto::signing_key key, signing_key_now(options_));
    const auto pub = key.public_bytes();
    NETVET_TRY(run("INSERT INTO signing_key (key_id, public_key, created_at) VALUES (?, ?, ?)",
                   {key_id_of(pub), crypto::to_hex(pub), r.now.unix_seconds}));
    NETVET_ASSIGN_OR_RETURN(const principal admin, principal_of_user(user, false, ""));
    NETVET_TRY(append(std::string(kSystemChain), 0, "cli", "server.initialised", admin.actor(),
                      {{"admin", r.admin_name}, {"key_id", key_id_of(pub)}}, r.now));
    if (r.adopt_org) {
      // A PostgreSQL store has no CLI snapshots to adopt: the organisation only.
      NETVET_TRY(create_org_in_transaction(admin, *r.adopt_org, r.now, "--adopt-org"));
    }
    return issue_in_transaction(admin, {user, false, r.token_expires}, r.now);
  }

  // The new organisation's id; already_exists (naming `field`) when the name is taken.
  result<std::int64_t> insert_org(const org_info& o, timestamp now, const char* field = "name") {
    NETVET_ASSIGN_OR_RETURN(const auto r,
                            run("INSERT INTO org (name, kind, jurisdiction, created_at) VALUES (?, ?, ?, ?) "
                                "ON CONFLICT (name) DO NOTHING RETURNING id",
                                {o.name, std::string(to_string(o.kind)), o.jurisdiction, now.unix_seconds}));
    if (r.empty()) {
      return make_error(error_code::already_exists, "an organisation named '" + o.name + "' exists",
                        location{"", 0, 0, field});
    }
    return row_view(r[0]).integer(0);
  }

  result<org_info> create_org_in_transaction(const principal& by, const org_info& o, timestamp now, const char* field) {
    NETVET_TRY(check_org(o));
    org_info out = o;
    out.created_at = now;
    NETVET_ASSIGN_OR_RETURN(out.id, insert_org(o, now, field));
    NETVET_TRY(append(std::string(kSystemChain), out.id, by.actor(), "org.created", "org:" + std::to_string(out.id),
                      {{"name", o.name}, {"kind", to_string(o.kind)}, {"jurisdiction", o.jurisdiction}}, now));
    return out;
  }

  result<std::int64_t> insert_user(std::int64_t org, std::string_view name, role who, timestamp now) {
    NETVET_TRY(check_user_name(name));
    NETVET_ASSIGN_OR_RETURN(const auto r,
                            run("INSERT INTO app_user (org_id, name, role, created_at) VALUES (?, ?, ?, ?) "
                                "ON CONFLICT (name) DO NOTHING RETURNING id",
                                {org, std::string(name), std::string(to_string(who)), now.unix_seconds}));
    if (r.empty()) {
      return make_error(error_code::already_exists, "a user named '" + std::string(name) + "' exists",
                        location{"", 0, 0, "name"});
    }
    return row_view(r[0]).integer(0);
  }

  result<principal> principal_of_user(std::int64_t user, bool read_only, std::string token_id) {
    NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT u.name, u.role, o.id, o.name, o.kind, o.jurisdiction "
                                              "FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.id = ?",
                                              {user}));
    if (r.empty()) {
      return make_error(error_code::unauthenticated, "a valid bearer token is required");
    }
    const row_view q(r[0]);
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

  // The principal of a token whose secret matches, or nullopt and `reason`.
  result<std::optional<principal>> check_token(const std::string& id, std::string_view secret_text, timestamp now,
                                               std::string& reason) {
    NETVET_ASSIGN_OR_RETURN(const auto r,
                            run("SELECT t.user_id, t.secret_sha256, t.expires_at, t.revoked_at, t.read_only, "
                                "t.last_used_at, u.disabled, t.created_at FROM token t JOIN app_user u ON u.id = "
                                "t.user_id "
                                "WHERE t.id = ?",
                                {id}));
    if (r.empty()) {
      reason = "unknown token id";
      return std::optional<principal>();
    }
    const row_view q(r[0]);
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
      if (q.null(5) || q.integer(5) + kLastUsedGranularity <= now.unix_seconds) {
        NETVET_TRY(run("UPDATE token SET last_used_at = ? WHERE id = ?", {now.unix_seconds, id}));
      }
      NETVET_ASSIGN_OR_RETURN(principal p, principal_of_user(q.integer(0), q.integer(4) != 0, id));
      return std::optional<principal>(std::move(p));
    }
    return std::optional<principal>();
  }

  result<issued_token> issue_in_transaction(const principal& by, const token_request& r, timestamp now) {
    if (r.expires_at.unix_seconds <= now.unix_seconds || r.expires_at.unix_seconds - now.unix_seconds > kMaxTokenLife) {
      return make_error(error_code::invalid_input, "a token expires after now and within a year",
                        location{"", 0, 0, "expires_at"});
    }
    NETVET_ASSIGN_OR_RETURN(const auto u,
                            run("SELECT org_id FROM app_user WHERE id = ? AND disabled = 0", {r.user_id}));
    if (u.empty()) {
      return not_found_error("user", std::to_string(r.user_id));
    }
    NETVET_ASSIGN_OR_RETURN(const std::string id, crypto::random_hex(8));
    NETVET_ASSIGN_OR_RETURN(const auto secret_bytes, crypto::random_bytes(32));
    const std::string secret = crypto::base64url(secret_bytes);
    NETVET_TRY(
        run("INSERT INTO token (id, user_id, secret_sha256, created_at, expires_at, read_only) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {id, r.user_id, crypto::to_hex(crypto::sha256(secret)), now.unix_seconds, r.expires_at.unix_seconds,
             std::int64_t{r.read_only ? 1 : 0}}));
    NETVET_TRY(append(std::string(kSystemChain), row_view(u[0]).integer(0), by.actor(), "token.issued", "token:" + id,
                      {{"user", r.user_id}, {"read_only", r.read_only}, {"expires_at", r.expires_at.unix_seconds}},
                      now));
    issued_token out;
    out.info = {id, r.user_id, now, std::nullopt, r.expires_at, r.read_only, std::nullopt};
    out.text = "nvt_" + id + "_" + secret;
    return out;
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
  // transaction (netvet_webhook_enqueue: the targets are other orgs' too).
  status enqueue_event(std::string_view event, const std::string& key, std::int64_t org,
                       const std::string& jurisdiction, const json& data, timestamp now) {
    return exec("SELECT netvet_webhook_enqueue(?, ?, ?, ?, ?, ?)",
                {org, jurisdiction, std::string(event), key, webhook_payload(event, key, data, now), now.unix_seconds});
  }

  result<webhook_info> own_webhook(const principal& by, std::string_view id) {
    if (!allows(by, action::manage_webhooks)) {
      return forbidden_error(by, "manage webhooks");
    }
    NETVET_ASSIGN_OR_RETURN(const auto r,
                            run(std::string(kWebhookSelect) + " WHERE id = ? AND org_id = ? AND active = 1",
                                {parse_id(id, "whk_").value_or(0), by.org_id}));
    if (r.empty()) {
      return not_found_error("webhook", id);
    }
    return webhook_row(row_view(r[0]));
  }

  static webhook_info webhook_row(const row_view& q) {
    return webhook_of(q.integer(0), q.integer(1), q.text(2), q.text(3), q.integer(4), timestamp{q.integer(5)},
                      q.text(6), q.time_or_null(7));
  }

  result<std::vector<delivery_attempt>> attempts_of(const std::string& delivery) {
    NETVET_ASSIGN_OR_RETURN(
        const auto r,
        run("SELECT n, at, status, error, duration_ms FROM webhook_attempt WHERE delivery_id = ? ORDER BY n",
            {delivery}));
    std::vector<delivery_attempt> out;
    for (const auto& row : r) {
      const row_view q(row);
      out.push_back({static_cast<int>(q.integer(0)), timestamp{q.integer(1)}, static_cast<int>(q.integer(2)), q.text(3),
                     q.integer(4)});
    }
    return out;
  }

  status insert_delivery(std::int64_t hook, std::int64_t org, std::string_view event, const std::string& key,
                         const std::string& payload, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const std::string id, new_delivery_id());
    return exec(
        "INSERT INTO webhook_outbox (id, webhook_id, org_id, event, event_key, payload, created_at, next_attempt_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (webhook_id, event_key) DO NOTHING",
        {id, hook, org, std::string(event), key, payload, now.unix_seconds, now.unix_seconds});
  }

  status submit_or_withdraw(const principal& by, const proposal_record& p, proposal_move move, timestamp now) {
    const std::int64_t id = *parse_id(p.id, "prp_");
    const json entry = {{"from", to_string(p.state)}};
    if (move == proposal_move::submit) {
      NETVET_TRY(exec("UPDATE proposal SET state = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?",
                      {now.unix_seconds, now.unix_seconds, id}));
      return append(p.jurisdiction, p.org_id, by.actor(), "proposal.submitted", p.id, entry, now);
    }
    NETVET_TRY(exec("UPDATE proposal SET state = 'withdrawn', updated_at = ? WHERE id = ?", {now.unix_seconds, id}));
    return append(p.jurisdiction, p.org_id, by.actor(), "proposal.withdrawn", p.id, entry, now);
  }

  status request_info(const principal& by, const proposal_record& p, const json& data, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const info_request_input in, parse_info_request(data));
    json requests = p.requests.is_array() ? p.requests : json::array();
    requests.push_back({{"kind", in.kind}, {"reasons", in.reasons}, {"by", by.actor()}, {"at", now.unix_seconds}});
    NETVET_TRY(exec("UPDATE proposal SET state = 'info_requested', requests = ?, updated_at = ? WHERE id = ?",
                    {requests.dump(), now.unix_seconds, *parse_id(p.id, "prp_")}));
    const json entry = {{"from", to_string(p.state)},
                        {"kind", in.kind},
                        {"reasons_sha256", crypto::to_hex(crypto::sha256(in.reasons))}};
    return append(p.jurisdiction, p.org_id, by.actor(), "proposal.info_requested", p.id, entry, now);
  }

  status decide(const principal& by, const proposal_record& p, const json& data, timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const decision_input in, parse_decision(data));
    json entry = {
        {"decision", in.decision},
        {"recommendation", p.assessment.recommendation},
        {"pack",
         {{"id", p.assessment.pack_id}, {"version", p.assessment.pack_version}, {"sha256", p.assessment.pack_sha256}}},
        {"reasons_sha256", crypto::to_hex(crypto::sha256(in.reasons))},
        {"conditions", in.conditions}};
    NETVET_TRY(append(p.jurisdiction, p.org_id, by.actor(), "proposal.decided", p.id, entry, now));
    NETVET_ASSIGN_OR_RETURN(const signed_checkpoint cp, sign_head(p.jurisdiction, now));
    const json record = {{"decision", in.decision},  {"reasons", in.reasons},          {"conditions", in.conditions},
                         {"decided_by", by.actor()}, {"decided_at", now.unix_seconds}, {"checkpoint", cp.to_json()}};
    return exec("UPDATE proposal SET state = 'decided', decision = ?, updated_at = ? WHERE id = ?",
                {record.dump(), now.unix_seconds, *parse_id(p.id, "prp_")});
  }

  // The chain's last entry (idx, hash), whoever wrote it (netvet_log_head is
  // SECURITY DEFINER: a tenant role sees only its own entries).
  result<std::optional<std::pair<std::uint64_t, crypto::digest>>> head_of(const std::string& chain) {
    NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT idx, hash FROM netvet_log_head(?)", {chain}));
    if (r.empty()) {
      return std::optional<std::pair<std::uint64_t, crypto::digest>>();
    }
    const row_view q(r[0]);
    return std::optional(std::pair{static_cast<std::uint64_t>(q.integer(0)),
                                   crypto::from_hex<32>(q.text(1)).value_or(crypto::digest{})});
  }

  // Appends one entry to `chain`: idx and hash follow the chain's last entry.
  // The chain's advisory lock (held to the end of the transaction) comes
  // before its head is read, so two processes never take the same idx.
  status append(const std::string& chain, std::int64_t org, const std::string& actor, std::string_view kind,
                const std::string& subject, const json& data, timestamp now) {
    NETVET_TRY(run("SELECT pg_advisory_xact_lock(" + std::to_string(kLockSpace) + ", hashtext(?))", {chain}));
    NETVET_ASSIGN_OR_RETURN(const auto head, head_of(chain));
    const std::uint64_t idx = head ? head->first + 1 : 0;
    const crypto::digest prev = head ? head->second : crypto::kChainStart;
    json entry = {{"chain", chain}, {"idx", idx},   {"at", now.unix_seconds}, {"actor", actor},
                  {"org", org},     {"kind", kind}, {"subject", subject},     {"data", data}};
    if (!request_id().empty() && entry["data"].is_object()) {
      entry["data"]["request_id"] = request_id();  // the request that made it (X-Request-ID)
    }
    NETVET_ASSIGN_OR_RETURN(const std::string body, crypto::canonical_json(entry));
    const std::string hash = crypto::to_hex(crypto::chain_hash(prev, body));
    const std::string sql = std::string(
                                "INSERT INTO log_entry (chain, idx, org_id, at, actor, kind, subject, body, "
                                "hash, leaf) VALUES (?, ?, ") +
                            (org == 0 ? "NULL" : "?") + ", ?, ?, ?, ?, ?, ?, ?)";
    std::vector<value> binds{chain, static_cast<std::int64_t>(idx)};
    if (org != 0) {
      binds.emplace_back(org);
    }
    const std::string leaf = crypto::to_hex(crypto::merkle_leaf_hash(body));
    for (value v : std::vector<value>{now.unix_seconds, actor, std::string(kind), subject, body, hash, leaf}) {
      binds.push_back(std::move(v));
    }
    return exec(sql, binds);
  }

  // How many entries `chain` has (whoever wrote them).
  result<std::uint64_t> count_of(const std::string& chain) {
    NETVET_ASSIGN_OR_RETURN(const auto head, head_of(chain));
    return head ? head->first + 1 : 0;
  }

  // The leaf hashes of the first `n` entries of `chain` (n <= its count),
  // and the chain hash of the last of them (netvet_log_leaves is SECURITY
  // DEFINER: a root covers the whole chain, whoever asks).
  result<std::pair<std::vector<crypto::digest>, std::string>> leaves_of(const std::string& chain, std::uint64_t n) {
    NETVET_ASSIGN_OR_RETURN(const auto r, run("SELECT idx, hash, leaf FROM netvet_log_leaves(?, ?)",
                                              {chain, static_cast<std::int64_t>(std::min(n, kMaxIdx))}));
    std::pair<std::vector<crypto::digest>, std::string> out{{}, crypto::to_hex(crypto::kChainStart)};
    out.first.reserve(r.size());
    for (const auto& row : r) {
      const row_view q(row);
      out.first.push_back(stored_leaf(q.text(2), ""));
      out.second = q.text(1);
    }
    return out;
  }

  // Signs the checkpoint of `chain` at the leaves' count and keeps it (the
  // first one signed at a count stays).
  result<signed_checkpoint> sign_over(const std::string& chain,
                                      const std::pair<std::vector<crypto::digest>, std::string>& leaves,
                                      timestamp now) {
    NETVET_ASSIGN_OR_RETURN(const crypto::signing_key key, signing_key_now(options_));
    signed_checkpoint out = sign_checkpoint(key, chain, leaves.first, leaves.second);
    NETVET_TRY(
        run("INSERT INTO checkpoint (chain, count, hash, key_id, signature, at, root) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            {chain, static_cast<std::int64_t>(out.count), out.hash, out.key_id, out.signature, now.unix_seconds,
             out.root}));
    return out;
  }

  result<signed_checkpoint> sign_head(const std::string& chain, timestamp now) {
    NETVET_TRY(run("SELECT pg_advisory_xact_lock(" + std::to_string(kLockSpace) + ", hashtext(?))", {chain}));
    NETVET_ASSIGN_OR_RETURN(const std::uint64_t count, count_of(chain));
    NETVET_ASSIGN_OR_RETURN(const auto leaves, leaves_of(chain, count));
    return sign_over(chain, leaves, now);
  }

  result<std::vector<signed_checkpoint>> stored_checkpoints() {
    NETVET_ASSIGN_OR_RETURN(
        const auto r, run("SELECT chain, count, hash, root, key_id, signature FROM checkpoint ORDER BY chain, count"));
    std::vector<signed_checkpoint> out;
    for (const auto& row : r) {
      const row_view q(row);
      out.push_back({q.text(0), static_cast<std::uint64_t>(q.integer(1)), q.text(2), q.text(3), q.text(4), q.text(5)});
    }
    return out;
  }

  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::work> tx_;
  std::string uri_;
  server_store_options options_;
};

}  // namespace

result<std::unique_ptr<server_store>> detail::make_pg_server_store(std::string_view uri,
                                                                   const server_store_options& options) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(std::string(uri));
  } catch (const std::exception& e) {
    return make_error(error_code::storage_error, std::string("cannot connect to the server store: ") + e.what(),
                      location{redacted(uri)});
  }
  auto store = std::make_unique<pg_server_store>(std::move(conn), std::string(uri), options);
  NETVET_TRY(store->open());
  return std::unique_ptr<server_store>(std::move(store));
}

}  // namespace netvet::store
