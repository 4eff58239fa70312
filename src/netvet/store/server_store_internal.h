// Private to netvet_store: what both server-store backends share -- the one
// tenancy predicate, ids, validation of names, moves and decisions, and the
// checks of held checkpoints -- so that SQLite and PostgreSQL answer alike.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "netvet/crypto/hash_chain.h"
#include "netvet/crypto/merkle.h"
#include "netvet/store/server_store.h"

namespace netvet::store::detail {

using value = std::variant<std::int64_t, std::string>;

inline constexpr std::int64_t kMaxTokenLife = 366LL * 24 * 3600;
inline constexpr std::int64_t kLastUsedGranularity = 60;
inline constexpr std::size_t kMaxPage = 500;
inline constexpr std::size_t kMaxReasons = 65536;
inline constexpr std::size_t kMaxConditions = 100;
inline constexpr std::string_view kSystemChain = "system";

// The part of a WHERE clause that limits a table to what `p` may see.
struct predicate {
  std::string sql;
  std::vector<value> binds;
};

enum class table : std::uint8_t { network, proposal, log };

// THE tenancy rule (server_store.h): one predicate per table and kind of
// org, with `?` placeholders. `alias` qualifies the columns ("n." for
// networks, "p." for proposals).
predicate scope_of(const principal& p, table t, const std::string& alias = "");

error not_found_error(std::string_view what, std::string_view id);
error forbidden_error(const principal& p, std::string_view what);
// "net_12" -> 12 for prefix "net_"; nullopt for anything else.
std::optional<std::int64_t> parse_id(std::string_view id, std::string_view prefix);
std::string key_id_of(const crypto::public_key& k);
// The text of an optional string member of `data`, or an error naming it.
result<std::string> string_member(const nlohmann::json& data, const char* name, bool required, std::size_t max);

status check_limit(std::size_t limit);
// The log's page in `by`'s scope, oldest first: entries appended within the
// page's `since` (on or after) and `until` (before), after its cursor, by the
// column `seq` that orders the appends (SQLite's rowid, PostgreSQL's seq),
// selected last; limit + 1 rows, to know whether there is a next page.
result<predicate> log_query(const principal& by, const page_request& r, std::string_view seq);
status check_org(const org_info& o);
status check_user_name(std::string_view name);
// Whether `by` may deactivate `user` at all (before the row is read): an
// administrator, not themself. Others get not_found, as for another tenant's object.
status check_deactivation(const principal& by, std::string_view user);
// The row's answer: not_found when there is no such user, invalid_state when
// the user is deactivated (already, for a deactivation).
status check_deactivation_row(std::string_view user, bool found, bool disabled);
// Whether `by` may issue a reset code for `user` valid `valid_seconds`
// (server_store.h: issue_reset_code), before the row is read.
status check_reset_issue(const principal& by, std::string_view user, std::int64_t valid_seconds);
// A new code for `user`, expiring `valid_seconds` after `now`.
result<reset_code> new_reset_code(std::string_view user, std::int64_t valid_seconds, timestamp now);
// The stored form of a code as typed: the SHA-256 (hex) of its letters and
// digits, lower-cased, without the dashes and spaces people add or drop.
std::string reset_code_digest(std::string_view typed);
// The reset code's two statements, the same on both backends: the upsert
// (user_id, code_sha256, created_at, expires_at; a new code replaces the
// last) and the lookup by user name (user_id, code_sha256, expires_at,
// org_id) of an active user.
inline constexpr const char* kResetCodeUpsert =
    "INSERT INTO password_reset (user_id, code_sha256, created_at, expires_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (user_id) DO UPDATE SET code_sha256 = excluded.code_sha256, "
    "created_at = excluded.created_at, expires_at = excluded.expires_at";
inline constexpr const char* kResetCodeLookup =
    "SELECT r.user_id, r.code_sha256, r.expires_at, u.org_id FROM password_reset r "
    "JOIN app_user u ON u.id = r.user_id WHERE u.name = ? AND u.disabled = 0";
// A reset code being redeemed (server_store.h: reset_password), as each
// backend's use_reset_code reads it inside its transaction.
struct reset_attempt {
  std::string user;
  std::string user_key;  // "user:<name>", the sign-in failures' key
  std::string peer_key;  // "addr:<address>"
  std::string peer;
  std::string digest;  // reset_code_digest of the code as typed
  std::string hash;    // the new password's Argon2id hash
  timestamp now;
};
reset_attempt new_reset_attempt(std::string_view user, std::string_view code, std::string_view peer, timestamp now);
// The one answer to every failed reset (server_store.h: reset_password).
error wrong_reset_code();
// limit_exceeded while a sign-in key ("user:…" or "addr:…") is locked out
// after its failures, `refusal` saying how long; `locked_for` is the
// backend's reading of one key.
status check_lockout(const std::array<std::string, 2>& keys,
                     const std::function<result<std::int64_t>(const std::string&)>& locked_for, login_refusal& refusal);
// invalid_state unless `move` is allowed from the proposal's state.
status check_move(const proposal_record& p, proposal_move move);

// A decision's body, checked: decision, reasons, conditions.
struct decision_input {
  std::string decision;
  std::string reasons;
  std::vector<std::string> conditions;
};
result<decision_input> parse_decision(const nlohmann::json& data);
// A request for information's body, checked: reasons, kind.
struct info_request_input {
  std::string reasons;
  std::string kind;
};
result<info_request_input> parse_info_request(const nlohmann::json& data);

// Whether an entry's canonical body names its own chain and idx.
bool body_names(const std::string& body, const std::string& chain, std::uint64_t idx);
// The Merkle roots of a chain at the sizes its checkpoints name.
using roots_at = std::map<std::uint64_t, crypto::digest>;
// A checkpoint that does not match the log (its hash or its root at its
// count) marks the chain bad at its count - 1.
void check_held(const signed_checkpoint& c, const std::map<std::string, std::vector<crypto::chain_entry>>& chains,
                const std::map<std::string, roots_at>& roots, const std::vector<published_key>& published,
                std::vector<log_verdict>& out);

// The key that signs now: the options' key file (followed across
// rotations), else their key; invalid_input without either.
result<crypto::signing_key> signing_key_now(const server_store_options& o);
// The checkpoint of `chain` at leaves.size() entries, the last of which has
// chain hash `hash_hex`, signed by `key` (root: the MTH of `leaves`).
signed_checkpoint sign_checkpoint(const crypto::signing_key& key, const std::string& chain,
                                  std::span<const crypto::digest> leaves, const std::string& hash_hex);
// The leaf hash of a stored entry: its leaf column (hex), or its body's for
// an entry written before the tree ("" leaf).
crypto::digest stored_leaf(const std::string& leaf_hex, const std::string& body);
std::vector<std::string> hex_all(std::span<const crypto::digest> hashes);
// A proof's size: `asked`, else the chain's `count`; invalid_input naming
// `field` unless at_least <= size <= count.
result<std::uint64_t> proof_size(std::optional<std::uint64_t> asked, std::uint64_t count, std::uint64_t at_least,
                                 const char* field);
// The ids of the keys a rotation to `next` retires (those not retired yet),
// as JSON for its log entry; already_exists when `next` is published.
result<nlohmann::json> retired_by_rotation(const std::vector<published_key>& before, const crypto::public_key& next);
// An inclusion or consistency proof over `leaves` (a chain's first size
// entries), with its checkpoint.
inclusion_proof make_inclusion(const log_entry& e, std::span<const crypto::digest> leaves, signed_checkpoint cp);
consistency_proof make_consistency(std::uint64_t first, std::span<const crypto::digest> leaves, signed_checkpoint cp);

// What verify_log answers: the chains recomputed from their entries (fed in
// chain, idx order), then every checkpoint (held and stored) checked against them.
class log_checker {
 public:
  void add(const std::string& chain, std::uint64_t idx, const std::string& body, const std::string& hash_hex);
  [[nodiscard]] std::vector<log_verdict> verdicts(const std::vector<signed_checkpoint>& checkpoints,
                                                  const std::vector<published_key>& published) const;

 private:
  std::map<std::string, std::vector<crypto::chain_entry>> chains_;
  std::map<std::string, std::pair<std::uint64_t, std::string>> misplaced_;  // the first, per chain
};

// --- webhooks: what both backends share ---
// The webhooks an event reaches, with `?` for the subject's org, its
// jurisdiction and the LIKE pattern of the event (event_pattern): the
// subject's operator and the regulators of its jurisdiction, active and
// subscribed.
inline constexpr const char* kWebhookTargets =
    "SELECT w.id, w.org_id FROM webhook w JOIN org o ON o.id = w.org_id WHERE w.active = 1 AND "
    "(w.org_id = ? OR (o.kind = 'regulator' AND o.jurisdiction = ?)) AND w.events LIKE ?";
// The webhooks subscribed to waiver.expiring, and the waivers one of them
// sees expiring between two dates (? org, org, jurisdiction, from, to).
inline constexpr const char* kExpiringHooks =
    "SELECT w.id, w.org_id, o.kind, o.jurisdiction, w.lead_days FROM webhook w JOIN org o ON o.id = w.org_id "
    "WHERE w.active = 1 AND w.events LIKE '%\"waiver.expiring\"%'";
inline constexpr const char* kExpiringWaivers =
    "SELECT v.id, v.network_id, v.jurisdiction, v.expires, v.pack, v.rule, n.org_id FROM waiver v "
    "JOIN network n ON n.id = v.network_id WHERE v.revoked_at IS NULL AND "
    "(n.org_id = ? OR (? = 'regulator' AND v.jurisdiction = ?)) AND v.expires >= ? AND v.expires <= ?";
// The milestone.due watches: a network of an operator (columns as
// network_row) and an active webhook subscribed to milestone.due that its
// events reach (9: the webhook, 10: its org, 11: its lead days), by network.
inline constexpr const char* kMilestoneWatches =
    "SELECT n.id, n.org_id, no.name, n.jurisdiction, n.name, n.created_at, n.elements, n.links, n.content_hash, "
    "w.id, w.org_id, w.lead_days FROM webhook w JOIN org o ON o.id = w.org_id JOIN network n ON (n.org_id = "
    "w.org_id OR (o.kind = 'regulator' AND n.jurisdiction = o.jurisdiction)) JOIN org no ON no.id = n.org_id "
    "WHERE w.active = 1 AND w.events LIKE '%\"milestone.due\"%' AND no.kind = 'operator' ORDER BY n.id, w.id";
// The kept answers' statements, the same on both stores. Find: ? network, key.
inline constexpr const char* kFindAnswer =
    "SELECT generation, day, content_type, headers, body FROM kept_answer WHERE network_id = ? AND key_sha256 = ?";
// Drop a network's answers of another generation kept before a time, or of an earlier day (? network,
// generation, time, day, day).
inline constexpr const char* kDropStaleAnswers =
    "DELETE FROM kept_answer WHERE network_id = ? AND ((generation <> ? AND created_at < ?) OR (day <> '' AND ? <> '' "
    "AND day < ?))";
// How long another generation's answers stay once one of this generation is kept: two builds serving one
// store (a rolling upgrade) each keep their own meanwhile instead of dropping the other's at every answer.
inline constexpr std::int64_t kOtherGenerationSeconds = 86400;
// Drop the oldest of a network's answers pinned or not (0 or 1) beyond a count - 1 or the bytes left for one more
// (? network, network, pinned, count, bytes); `body_bytes` is the backend's byte length of `body`.
inline std::string evict_old_answers_sql(std::string_view body_bytes) {
  return "DELETE FROM kept_answer WHERE network_id = ? AND key_sha256 IN (SELECT key_sha256 FROM (SELECT key_sha256, "
         "row_number() OVER w AS n, sum(" +
         std::string(body_bytes) +
         ") OVER w AS bytes FROM kept_answer WHERE network_id = ? AND pinned = ? WINDOW w AS (ORDER BY created_at "
         "DESC, key_sha256)) t WHERE n >= ? OR bytes > ?)";
}
// The eviction's last three parameters for answer `a`: its class, and that class's count and bytes left.
struct eviction_limits {
  std::int64_t pinned;
  std::int64_t count;
  std::int64_t bytes;
};
inline eviction_limits eviction_for(const answer_record& a) {
  const auto body = static_cast<std::int64_t>(a.body.size());
  return a.pinned ? eviction_limits{1, kMaxPinnedAnswers, kMaxPinnedAnswerBytes - body}
                  : eviction_limits{0, kMaxKeptAnswers, kMaxKeptAnswerBytes - body};
}
inline constexpr const char* kInsertAnswer =
    "INSERT INTO kept_answer (network_id, key_sha256, generation, day, content_type, headers, body, created_at, "
    "pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
// server_store::networks_kept_before (? the day, twice, then the limit).
inline constexpr const char* kNetworksKeptBefore =
    "SELECT n.id, n.org_id, o.name, n.jurisdiction, n.name, n.created_at, n.elements, n.links, n.content_hash "
    "FROM network n JOIN org o ON o.id = n.org_id WHERE o.kind = 'operator' AND EXISTS (SELECT 1 FROM kept_answer k "
    "WHERE k.network_id = n.id AND k.day <> '' AND k.day < ?) AND NOT EXISTS (SELECT 1 FROM kept_answer k WHERE "
    "k.network_id = n.id AND k.day = ?) ORDER BY n.id DESC LIMIT ?";
// How many rows webhook ? has of event key ? (0: the event is new to it).
inline constexpr const char* kTimedEventPending =
    "SELECT count(*) FROM webhook_outbox WHERE webhook_id = ? AND event_key = ?";
inline constexpr const char* kDeliverySelect =
    "SELECT id, webhook_id, event, event_key, state, attempts, created_at, next_attempt_at, seq, redelivery_of FROM "
    "webhook_outbox";
// A delivery of the caller's webhook to send again (? id, webhook, org), and
// the row of its redelivery (? id, webhook, org, event, key, payload, created,
// next attempt, the chain's first delivery).
inline constexpr const char* kRedeliverySource =
    "SELECT id, event, event_key, payload, redelivery_of FROM webhook_outbox WHERE id = ? AND webhook_id = ? AND "
    "org_id = ?";
inline constexpr const char* kRedeliveryInsert =
    "INSERT INTO webhook_outbox (id, webhook_id, org_id, event, event_key, payload, created_at, next_attempt_at, "
    "redelivery_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
// A redelivery's event key: unique per webhook like every row's; the API shows the part before '#'.
inline std::string redelivery_key(const std::string& key, const std::string& id) { return key + "#redelivery:" + id; }
std::string event_pattern(std::string_view event);
// invalid_input naming the field: the events known and listed once, the
// lead time 0..kMaxLeadDays, the url 1..kMaxWebhookUrl bytes.
status check_new_webhook(const new_webhook& w);
status check_overlap(std::int64_t seconds);
// invalid_input unless the key is SHA-256 hex, the generation 1..128 bytes
// and the day "" or YYYY-MM-DD; limit_exceeded above kMaxKeptAnswer.
status check_answer(const answer_record& a);
// Whether `by` reads and keeps the answers kept for network `rec`: its own
// operator only (a regulator's database role may write no operator's rows).
bool keeps_answers_of(const principal& by, const network_record& rec);
// forbidden unless keeps_answers_of(by, rec).
status check_answer_keeper(const principal& by, const network_record& rec);
result<std::string> new_webhook_secret();
// A random (version 4) UUID.
result<std::string> new_delivery_id();
// The exact bytes a delivery sends: {"id": key, "type", "created_at", "data"}.
std::string webhook_payload(std::string_view event, const std::string& key, const nlohmann::json& data, timestamp now);
// The event a move announces (none for withdraw) and its data.
std::optional<std::string_view> event_of(proposal_move m);
nlohmann::json proposal_event_data(const proposal_record& p, proposal_move m, const nlohmann::json& move_data);
// The state after attempt `a` (its number a.n) and when the next one is due.
struct attempt_verdict {
  std::string state;
  timestamp next;
};
attempt_verdict judge_attempt(const delivery_attempt& a, const retry_policy& p, timestamp now);
// The dates a webhook with `lead_days` announces expiring waivers for at `now`: [today, today + lead].
std::pair<std::string, std::string> expiring_window(int lead_days, timestamp now);
webhook_info webhook_of(std::int64_t id, std::int64_t org, std::string url, const std::string& events_json,
                        std::int64_t lead_days, timestamp created, std::string by, std::optional<timestamp> prev_until);

// A page of a webhook's deliveries, newest first (kDeliverySelect; column 8 is the cursor's seq).
result<predicate> deliveries_query(const webhook_info& w, std::int64_t org, const page_request& r);
// A waiver.expiring event from a row of kExpiringWaivers: its key and payload.
template <typename Row>
std::pair<std::string, std::string> expiring_event(const Row& q, timestamp now) {
  const std::string id = "wvr_" + std::to_string(q.integer(0));
  std::string key = std::string(kWebhookEvents[4]) + ":" + id + ":" + q.text(3);
  const nlohmann::json data = {{"waiver", id},
                               {"network", "net_" + std::to_string(q.integer(1))},
                               {"jurisdiction", q.text(2)},
                               {"expires", q.text(3)},
                               {"pack", q.text(4)},
                               {"rule", q.text(5)}};
  std::string payload = webhook_payload(kWebhookEvents[4], key, data, now);
  return {std::move(key), std::move(payload)};
}
// The event data of a waiver just granted.
nlohmann::json waiver_event_data(const std::string& id, const network_record& net, const waiver_record& w);

// Rows of kDeliverySelect (hook: the webhook's id as the API shows it).
template <typename Row>
delivery_record delivery_row(const Row& q, const std::string& hook) {
  delivery_record d;
  d.id = q.text(0);
  d.webhook_id = hook;
  d.event = q.text(2);
  d.event_key = q.text(3).substr(0, q.text(3).find('#'));
  d.state = q.text(4);
  d.attempts = static_cast<int>(q.integer(5));
  d.created_at = timestamp{q.integer(6)};
  d.next_attempt_at = timestamp{q.integer(7)};
  d.redelivery_of = q.null(9) ? std::string() : q.text(9);
  return d;
}
// A claimed row: id, webhook_id, url, event, payload, secret, previous
// secret, previous_until, attempts. The previous secret signs too while valid.
template <typename Row>
due_delivery due_row(const Row& q, timestamp now) {
  due_delivery d{q.text(0),
                 q.null(9) ? q.text(0) : q.text(9),
                 "whk_" + std::to_string(q.integer(1)),
                 q.text(2),
                 q.text(3),
                 q.text(4),
                 {q.text(5)},
                 static_cast<int>(q.integer(8))};
  if (!q.null(6) && !q.null(7) && q.integer(7) > now.unix_seconds) {
    d.secrets.push_back(q.text(6));
  }
  return d;
}

// The backends behind open_server_store (server_store.cpp picks one by uri).
result<std::unique_ptr<server_store>> make_sqlite_server_store(std::string_view uri,
                                                               const server_store_options& options);
result<std::unique_ptr<server_store>> make_pg_server_store(std::string_view uri, const server_store_options& options);
// Whether `uri` names a PostgreSQL database (postgresql://, postgres://).
bool is_postgres_uri(std::string_view uri);
// The uri as messages show it: without a password (user:secret@ -> user:***@).
std::string redact_uri(std::string_view uri);

// Rows as records, for either backend's row type (SQLite's statement,
// PostgreSQL's row_view: integer(i), text(i), null(i), time_or_null(i)), in
// the column order of each backend's kNetworkSelect, kProposalSelect, log,
// org and token queries.
template <typename Row>
network_record network_row(const Row& q) {
  return {"net_" + std::to_string(q.integer(0)),
          q.integer(1),
          q.text(2),
          q.text(3),
          q.text(4),
          timestamp{q.integer(5)},
          static_cast<std::uint64_t>(q.integer(6)),
          static_cast<std::uint64_t>(q.integer(7)),
          q.text(8)};
}

// Rows of kMilestoneWatches into watches: one a network, its webhooks in order.
template <typename Row>
void add_milestone_watch(std::vector<milestone_watch>& out, const Row& q) {
  network_record net = network_row(q);
  if (out.empty() || out.back().net.id != net.id) {
    out.push_back({std::move(net), {}});
  }
  out.back().hooks.push_back({q.integer(9), q.integer(10), static_cast<int>(q.integer(11))});
}

// The record of a proposal just inserted, exactly as proposal_row reads it
// back: a creation answers without a second query and a second parse of its
// JSON (12 % of a 1,000-element proposal's creation on the server).
inline proposal_record inserted_proposal(const principal& by, const new_proposal& r, std::string id,
                                         std::string network_id, std::int64_t version,
                                         std::optional<std::int64_t> supersedes, timestamp now) {
  proposal_record p;
  p.id = std::move(id);
  p.org_id = by.org_id;
  p.org = by.org;
  p.jurisdiction = by.jurisdiction;
  p.network_id = std::move(network_id);
  p.version = static_cast<int>(version);
  p.supersedes = supersedes ? "prp_" + std::to_string(*supersedes) : "";
  p.state = proposal_state::draft;
  p.body = r.body;
  p.assessment = r.assessment;
  p.created_at = now;
  p.updated_at = now;
  return p;
}

template <typename Row>
proposal_record proposal_row(const Row& q) {
  proposal_record p;
  p.id = "prp_" + std::to_string(q.integer(0));
  p.org_id = q.integer(1);
  p.org = q.text(2);
  p.jurisdiction = q.text(3);
  p.network_id = "net_" + std::to_string(q.integer(4));
  p.version = static_cast<int>(q.integer(5));
  p.supersedes = q.null(6) ? "" : "prp_" + std::to_string(q.integer(6));
  p.state = parse_proposal_state(q.text(7)).value_or(proposal_state::draft);
  p.body = nlohmann::json::parse(q.text(8), nullptr, false);
  p.assessment = {q.text(9), nlohmann::json::parse(q.text(10), nullptr, false), q.text(11), q.text(12), q.text(13)};
  p.created_at = timestamp{q.integer(14)};
  p.submitted_at = q.time_or_null(15);
  p.updated_at = timestamp{q.integer(16)};
  p.requests = nlohmann::json::parse(q.text(17), nullptr, false);
  if (!q.null(18)) {
    const nlohmann::json d = nlohmann::json::parse(q.text(18), nullptr, false);
    if (d.is_object()) {
      p.decision = decision_record{d.value("decision", ""),
                                   d.value("reasons", ""),
                                   d.value("conditions", std::vector<std::string>{}),
                                   d.value("decided_by", ""),
                                   timestamp{d.value("decided_at", std::int64_t{0})},
                                   d.value("checkpoint", nlohmann::json::object())};
    }
  }
  return p;
}

template <typename Row>
log_entry log_row(const Row& q) {
  return {q.text(0),
          static_cast<std::uint64_t>(q.integer(1)),
          timestamp{q.integer(2)},
          q.text(3),
          q.integer(4),
          q.text(5),
          q.text(6),
          nlohmann::json::parse(q.text(7), nullptr, false).value("data", nlohmann::json::object()),
          q.text(7),
          q.text(8)};
}

template <typename Row>
org_info org_row(const Row& q) {
  return {q.integer(0), q.text(1), parse_org_kind(q.text(2)).value_or(org_kind::operator_org), q.text(3),
          timestamp{q.integer(4)}};
}

template <typename Row>
token_info token_row(const Row& q) {
  return {q.text(0),         q.integer(1),     timestamp{q.integer(2)}, q.time_or_null(3), timestamp{q.integer(4)},
          q.integer(5) != 0, q.time_or_null(6)};
}

// A new session's secrets (cookie value and CSRF token, 256 random bits
// each) and times; `who` is left for the backend to fill.
result<session_info> new_session(timestamp now);
// Seconds a name or address with `count` failures, the last at `last_at`,
// must still wait (server_store.h: kFreeFailures, kFailureWindow, kMaxLockout).
std::int64_t lockout_wait(std::int64_t count, std::int64_t last_at, timestamp now);
// A valid Argon2id hash of nothing anyone knows, verified against when a
// user does not exist, so that the answer takes as long either way.
const std::string& dummy_password_hash();
// Equal texts, compared in constant time.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace netvet::store::detail
