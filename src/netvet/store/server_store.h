// netvet/store/server_store.h: what `netvet serve` keeps -- organisations,
// people and their tokens, each organisation's networks, the notifications
// (proposals) and decisions, and the tamper-evident log -- behind one
// interface, with tenancy decided in one place.
//
// Tenancy. Every method that reads or changes tenant data takes the caller's
// `principal`; the backend turns it into the one visibility predicate per
// table (`visible_*` in the backend, nowhere else):
//   operator org   its own networks and proposals (org_id = its id)
//   regulator org  the networks and the notified proposals (submitted at
//                  least once) of its jurisdiction; it never edits a network
//   system org     (administrators) organisations, people and tokens only
// An object outside the caller's scope is not_found, exactly as one that
// does not exist: existence does not leak. Role checks (who may submit,
// decide, ...) are `allows()` below, also one table.
//
// The log. Every change is appended to the log of its jurisdiction (the
// chain "system" for server-wide events) in the same transaction as the
// change: no entry, no change. An entry is the canonical JSON (RFC 8785,
// crypto/canonical_json.h) of {chain, idx, at, actor, org, kind, subject,
// data}; its hash follows crypto/hash_chain.h, and its leaf hash in the
// chain's RFC 9162 Merkle tree (crypto/merkle.h) is kept beside it. A
// decision also records a checkpoint (count, last hash and Merkle root of the
// chain) signed with the server's Ed25519 key, which the decision response
// carries: an operator holding it can later show that the log was not
// rewritten or cut before that point (`verify_log`, or offline with a
// consistency proof), and that an entry is in it (an inclusion proof).
//
// Networks are stored as workspace snapshots (workspace.h) in the same
// database, under an internal name (PostgreSQL: as their exact network CSV
// pair in chunks, written in the transaction of their row and log entry); the row that makes one visible to the
// API is written with its log entry in one transaction, after the snapshot
// (a crash between leaves an unreferenced snapshot, never a visible network
// without its entry).
//
// Errors: not_found (outside scope too), already_exists (a taken name),
// unauthenticated (any bad token: unknown, wrong secret, expired, revoked,
// disabled user -- one message for all), forbidden (a role that may not act
// on an object it can see), invalid_state (a move the proposal's state does
// not allow, naming the state), invalid_input (naming the field),
// storage_error. Times are passed in (the library never reads the clock).
//
// Threads: like a workspace, one object per thread; several processes may
// share the store.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "netvet/core/error.h"
#include "netvet/crypto/signing.h"
#include "netvet/model/network.h"
#include "netvet/model/vendor.h"
#include "netvet/store/workspace.h"

namespace netvet::store {

enum class org_kind : std::uint8_t { system, operator_org, regulator };
std::string_view to_string(org_kind k);  // "system", "operator", "regulator"
std::optional<org_kind> parse_org_kind(std::string_view s);

enum class role : std::uint8_t { admin, operator_editor, operator_viewer, regulator_assessor, regulator_viewer };
std::string_view to_string(role r);
std::optional<role> parse_role(std::string_view s);
// The org kind a role belongs to (admin: system).
org_kind kind_of(role r);

// Who is asking: the user behind a token or session, and their organisation.
struct principal {
  std::int64_t user_id = 0;
  std::string user;
  std::int64_t org_id = 0;
  std::string org;
  org_kind kind = org_kind::operator_org;
  std::string jurisdiction;  // the org's ("nz"); "" for the system org
  role who = role::operator_viewer;
  bool read_only = false;  // the token was issued read-only
  std::string token_id;    // "" for the local administrator (CLI)
  // "user:<id>" as the log records it.
  [[nodiscard]] std::string actor() const;
};

// The actions a role may take. One table; the router and the store both ask it.
enum class action : std::uint8_t {
  manage_orgs,      // create and list organisations, people and tokens
  read_tenant,      // read networks, proposals, analyses, the log
  write_network,    // upload and delete networks
  write_proposal,   // create, amend, submit, withdraw
  decide,           // request information, decide
  read_log,         // read the log (in scope) and checkpoints
  read_metrics,     // GET /metrics: the server's numbers (administrators)
  manage_webhooks,  // create, list, rotate and delete the org's webhooks, read their deliveries
};
// Whether `p` may take `a`: the role's table, and a read-only token never writes.
bool allows(const principal& p, action a);

struct org_info {
  std::int64_t id = 0;
  std::string name;
  org_kind kind = org_kind::operator_org;
  std::string jurisdiction;
  timestamp created_at;
};

struct user_info {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org;
  std::string name;
  role who = role::operator_viewer;
  timestamp created_at;
  bool disabled = false;
};

struct token_info {
  std::string id;  // 16 hex digits, public
  std::int64_t user_id = 0;
  timestamp created_at;
  std::optional<timestamp> last_used_at;
  timestamp expires_at;
  bool read_only = false;
  std::optional<timestamp> revoked_at;
};
// A token as shown once to its owner: "nvt_<id>_<secret>" (the secret is 32
// random bytes in base64url); the store keeps only SHA-256 of the secret.
struct issued_token {
  token_info info;
  std::string text;
};

struct token_request {
  std::int64_t user_id = 0;
  bool read_only = false;
  timestamp expires_at;  // required; at most one year after `now`
};

// A signed-in person's server-side session (the dashboard's cookie). The
// store keeps SHA-256 of the secret; `secret` and `csrf` are shown once.
struct session_info {
  std::string secret;  // 43 base64url characters (256 bits): the cookie's value
  std::string csrf;    // the synchronizer token every state-changing request sends back
  timestamp created_at;
  timestamp expires_at;  // absolute: created + 12 h (idle: 30 min without a request)
  principal who;
};

// What a failed sign-in tells the caller: the lockout's wait, if any.
struct login_refusal {
  std::int64_t retry_after = 0;  // seconds; 0 when not locked out
};

inline constexpr std::int64_t kSessionIdle = 30 * 60;
inline constexpr std::int64_t kSessionLife = 12 * 3600;
inline constexpr int kFreeFailures = 5;  // failures within kFailureWindow before the back-off
inline constexpr std::int64_t kFailureWindow = 15 * 60;
inline constexpr std::int64_t kMaxLockout = 15 * 60;
// A password-reset code's life: 24 h unless the administrator says otherwise,
// at least 5 minutes, at most 7 days.
inline constexpr std::int64_t kResetCodeLife = 24 * 3600;
inline constexpr std::int64_t kMinResetCodeLife = 5 * 60;
inline constexpr std::int64_t kMaxResetCodeLife = 7 * 24 * 3600;

// A one-time code an administrator hands a person so that they set their own
// password: the administrator never chooses or sees the password, and the
// store keeps only the code's SHA-256.
struct reset_code {
  std::string user;
  std::string code;  // shown once: "xxxxx-xxxxx-xxxxx-xxxxx" (80 random bits)
  timestamp expires_at;
};

// invalid_input (field "password") unless `password` is at least 12
// characters, not the user name, and not one of the common passwords netvet
// knows.
status check_password_strength(std::string_view password, std::string_view user);

struct network_record {
  std::string id;  // "net_<n>"
  std::int64_t org_id = 0;
  std::string org;
  std::string jurisdiction;
  std::string name;
  timestamp created_at;
  std::uint64_t elements = 0;
  std::uint64_t links = 0;
  std::string content_hash;
};

// The read-only view of network `net`'s own operator, for the server's own
// work on it (webhook scans, the daily refresh of kept answers): the store's
// tenancy holds for it as for any caller. `user` names the work in errors.
principal operator_reader(const network_record& net, std::string user);

// An analysis of a network snapshot as the server rendered it, kept across
// restarts so that a large network's first answers after one are read, not
// computed again (about 14 s at 1M sites). Derived data: dropping it loses
// nothing, and it goes with its network.
struct answer_record {
  std::string key;         // the question's digest (SHA-256 hex of the server's cache key)
  std::string generation;  // what computed it (the build and the packs); another generation's answers go (keep_answer)
  std::string day;         // YYYY-MM-DD when the answer depends on the day (an audit as of today), else ""
  std::string content_type;
  std::string headers;  // a JSON array of [name, value] pairs
  std::string body;
  // One of the answers the server asks on its own (the dashboard overview's,
  // at an upload and when the day turns): kept apart from the answers of the
  // questions people ask, so that no number of those evicts the overview.
  bool pinned = false;
};
// The largest answer kept (a larger one is limit_exceeded and only held in memory).
inline constexpr std::size_t kMaxKeptAnswer = std::size_t{64} << 20;
// At most this many answers, and bytes of answers, are kept per network: the
// oldest go first, so that questions varied without end fill no disk. The
// pinned answers are counted apart, against limits of their own.
inline constexpr std::int64_t kMaxKeptAnswers = 256;
inline constexpr std::int64_t kMaxKeptAnswerBytes = std::int64_t{256} << 20;
inline constexpr std::int64_t kMaxPinnedAnswers = 32;
inline constexpr std::int64_t kMaxPinnedAnswerBytes = std::int64_t{256} << 20;

// A regulator's acceptance of an audit finding (policy/waiver.h) for named
// elements of one network, until `expires` (YYYY-MM-DD, the first day it no
// longer applies).
struct waiver_record {
  std::string id;  // "wvr_<n>"
  std::string network_id;
  std::string jurisdiction;
  std::string pack;
  std::string rule;
  std::vector<std::string> elements;
  std::string justification;
  std::string expires;
  std::string granted_by;  // actor
  timestamp created_at;
  std::optional<timestamp> revoked_at;
};

enum class proposal_state : std::uint8_t { draft, submitted, info_requested, decided, withdrawn, superseded };
std::string_view to_string(proposal_state s);
std::optional<proposal_state> parse_proposal_state(std::string_view s);

// What netvet said of a proposal when it was created (or amended).
struct assessment_record {
  std::string recommendation;  // policy::decision as text
  nlohmann::json document;     // the assess JSON
  std::string pack_id;
  std::string pack_version;
  std::string pack_sha256;
};

struct decision_record {
  std::string decision;  // significant_risk | risk_to_address | no_significant_risk
  std::string reasons;
  std::vector<std::string> conditions;
  std::string decided_by;  // actor
  timestamp decided_at;
  nlohmann::json checkpoint;  // {chain, count, hash, key_id, signature}
};

struct proposal_record {
  std::string id;  // "prp_<n>"
  std::int64_t org_id = 0;
  std::string org;
  std::string jurisdiction;
  std::string network_id;
  int version = 1;
  std::string supersedes;  // the earlier version's id, or ""
  proposal_state state = proposal_state::draft;
  nlohmann::json body;  // the proposal as JSON
  assessment_record assessment;
  timestamp created_at;
  std::optional<timestamp> submitted_at;
  timestamp updated_at;
  nlohmann::json requests = nlohmann::json::array();  // the regulator's requests for information
  std::optional<decision_record> decision;
};

struct new_proposal {
  std::string network_id;
  nlohmann::json body;
  assessment_record assessment;
  std::string supersedes;  // amend: the version it replaces
};

// A move of a proposal's state machine:
//   submit        draft -> submitted                       (operator)
//   withdraw      draft | submitted | info_requested -> withdrawn (operator)
//   request_info  submitted -> info_requested, {reasons, kind} (regulator)
//   decide        submitted -> decided, {decision, reasons, conditions} (regulator)
// (amend is `create_proposal` with `supersedes`: info_requested | draft ->
// superseded, and the new version starts as a draft.)
enum class proposal_move : std::uint8_t { submit, withdraw, request_info, decide };
std::string_view to_string(proposal_move m);

struct page_request {
  std::size_t limit = 50;               // 1..500
  std::string cursor;                   // "" for the first page; else the `next` of the previous page
  std::optional<proposal_state> state;  // proposals only
  std::optional<timestamp> since;       // created at or after
  std::optional<timestamp> until;       // created before
};
template <typename T>
struct page {
  std::vector<T> items;
  std::string next;  // "" at the end
};

struct log_entry {
  std::string chain;
  std::uint64_t idx = 0;
  timestamp at;
  std::string actor;
  std::int64_t org_id = 0;  // 0: none
  std::string kind;
  std::string subject;
  nlohmann::json data;
  std::string body;  // the canonical JSON that is hashed
  std::string hash;  // hex
};

// A signed statement of a chain at a size: its count, the chain hash of its
// last entry, and the RFC 9162 Merkle root (crypto/merkle.h) over the
// entries' canonical bodies. The signature (Ed25519, signing.h) covers the
// canonical JSON of {chain, count, hash, key_id, root}: `signed_text()`.
struct signed_checkpoint {
  std::string chain;
  std::uint64_t count = 0;
  std::string hash;       // hex of the last entry's hash (64 zeros when empty)
  std::string root;       // hex MTH of the first `count` entries; "" in one signed before the tree
  std::string key_id;     // first 16 hex of SHA-256 of the public key
  std::string signature;  // hex
  // What is signed; without a root, the chain-only text of crypto::checkpoint.
  [[nodiscard]] std::string signed_text() const;
  [[nodiscard]] nlohmann::json to_json() const;
  static result<signed_checkpoint> from_json(const nlohmann::json& j, const std::string& source);
};

struct published_key {
  std::string key_id;
  std::string public_key;  // hex
  timestamp created_at;
  std::optional<timestamp> retired_at;
};

// Whether `c` carries a valid signature of the published key its key_id
// names (retired keys included: what they signed stays signed).
bool signed_by_published_key(const signed_checkpoint& c, const std::vector<published_key>& keys);

// An entry and the RFC 9162 inclusion proof of its leaf in the tree of a
// chain's first `size` entries, with the checkpoint signed at that size.
struct inclusion_proof {
  std::string chain;
  std::uint64_t index = 0;
  std::uint64_t size = 0;
  log_entry entry;
  std::string leaf_hash;          // hex SHA-256(0x00 || entry.body)
  std::vector<std::string> path;  // hex, deepest first
  signed_checkpoint checkpoint;
};

// The RFC 9162 consistency proof that a chain's first `first` entries are
// the start of its first `second`, with the checkpoint signed at `second`.
struct consistency_proof {
  std::string chain;
  std::uint64_t first = 0;
  std::uint64_t second = 0;
  std::vector<std::string> path;  // hex
  signed_checkpoint checkpoint;
};

// What `verify_log` found: the first entry that does not follow, per chain.
struct log_verdict {
  std::string chain;
  std::uint64_t entries = 0;
  std::optional<std::uint64_t> first_bad;  // idx
  std::string why;
};

// The proofs as GET /api/v1/log/proof/... answers them (`entry` is the
// entry as the API renders it; only its "body" is read back), and read back
// from such a file (invalid_input naming `source` and the field).
nlohmann::json to_json(const inclusion_proof& p, nlohmann::json entry);
nlohmann::json to_json(const consistency_proof& p);
result<inclusion_proof> inclusion_proof_from_json(const nlohmann::json& j, const std::string& source);
result<consistency_proof> consistency_proof_from_json(const nlohmann::json& j, const std::string& source);

// The offline checks of `netvet log verify --proof` (no store): "" when the
// proof holds, else why not. An inclusion proof holds when its checkpoint is
// signed by a published key, its entry's body names its chain and index and
// hashes to its leaf, and its path leads from that leaf to the checkpoint's
// root. A consistency proof holds when both checkpoints are signed, name the
// same chain, `held` has `first` entries, and the path proves held's root a
// prefix of the new checkpoint's root: the log was not rewritten or cut.
std::string check_inclusion(const inclusion_proof& p, const std::vector<published_key>& keys);
std::string check_consistency(const signed_checkpoint& held, const consistency_proof& p,
                              const std::vector<published_key>& keys);
// Published keys from a GET /api/v1/log/keys document.
result<std::vector<published_key>> keys_from_json(const nlohmann::json& j, const std::string& source);

// --- webhooks (docs/server.md "Webhooks") ---
// The events a webhook may subscribe to. The transactional ones are written
// to the outbox in the transaction of the change that makes them (no event
// without its delivery record); the time-based ones at the webhook's lead
// time before a date: waiver.expiring (a waiver's expiry) by
// `enqueue_due_events`, once per webhook and waiver; milestone.due (a
// removal milestone of the network's pack that still has elements in scope)
// by the server's worker, which runs the audit (the store knows no policy)
// and writes them with `enqueue_timed_events`, once per webhook, network,
// rule and deadline.
inline constexpr std::array<std::string_view, 6> kWebhookEvents{"proposal.submitted", "proposal.info_requested",
                                                                "proposal.decided",   "waiver.granted",
                                                                "waiver.expiring",    "milestone.due"};
inline constexpr int kMaxLeadDays = 365;
inline constexpr std::size_t kMaxWebhookUrl = 2048;
inline constexpr std::int64_t kMaxSecretOverlap = 7 * 86400;

struct webhook_info {
  std::string id;  // "whk_<n>"
  std::int64_t org_id = 0;
  std::string url;
  std::vector<std::string> events;
  int lead_days = 30;  // waiver.expiring: this many days before the expiry
  timestamp created_at;
  std::string created_by;  // actor
  // The previous secret stays valid (a second signature) until this time.
  std::optional<timestamp> previous_valid_until;
};
struct new_webhook {
  std::string url;  // checked by the caller (server/webhooks.h: check_webhook_url)
  std::vector<std::string> events;
  int lead_days = 30;
};
// A webhook with its secret, as shown once (on creation and rotation).
struct webhook_secret {
  webhook_info hook;
  std::string secret;  // "whsec_" + 43 base64url characters (256 random bits)
};

struct delivery_attempt {
  int n = 0;
  timestamp at;
  int status = 0;     // the HTTP status; 0 when none came (see error)
  std::string error;  // "" or why no status came (connect, timeout, refused address)
  std::int64_t duration_ms = 0;
};
struct delivery_record {
  std::string id;  // a random UUID (the Netvet-Delivery header)
  std::string webhook_id;
  std::string event;
  std::string event_key;
  std::string state;  // pending | delivered | failed
  int attempts = 0;
  timestamp created_at;
  timestamp next_attempt_at;
  std::vector<delivery_attempt> tries;
  std::string redelivery_of;  // "" or the delivery this one sends again (its Netvet-Delivery id)
};
// What the delivery worker sends: the stored bytes and the valid secrets.
struct due_delivery {
  std::string id;
  std::string header_id;  // Netvet-Delivery: the id, or the original's for a redelivery
  std::string webhook_id;
  std::string url;
  std::string event;
  std::string payload;
  std::vector<std::string> secrets;  // the current one first
  int attempts = 0;                  // before this one
};
// The delivery worker's policy.
struct retry_policy {
  int max_attempts = 8;
  std::int64_t base_seconds = 30;  // back-off: base * 2^(n-1), +/- 20 % jitter, at most a day
};
struct outbox_stats {
  std::int64_t pending = 0;
  std::optional<timestamp> oldest_pending;  // its created_at
};
// A webhook subscribed to milestone.due that a network's events reach (the
// operator's own, or a regulator's of the network's jurisdiction).
struct milestone_subscriber {
  std::int64_t hook = 0;  // the store's number of the webhook ("whk_<hook>")
  std::int64_t org_id = 0;
  int lead_days = 30;
};
// An operator's network and the webhooks its milestone.due events reach.
struct milestone_watch {
  network_record net;
  std::vector<milestone_subscriber> hooks;
};
// A time-based event for one webhook: its key (once per webhook) and data.
struct timed_event {
  std::int64_t hook = 0;
  std::int64_t org_id = 0;
  std::string key;
  nlohmann::json data;
};

class server_store {
 public:
  virtual ~server_store() = default;
  server_store() = default;
  server_store(const server_store&) = delete;
  server_store& operator=(const server_store&) = delete;

  // The request this connection works for now (its X-Request-ID; "" for none,
  // as in the CLI): the log entries it appends meanwhile carry it as
  // `data.request_id`, so an entry leads to the request log's line.
  void set_request_id(std::string id) { request_id_ = std::move(id); }
  [[nodiscard]] const std::string& request_id() const { return request_id_; }

  // --- administration (the CLI's `admin` commands, and administrators) ---
  // Whether `admin init` has run.
  virtual result<bool> initialised() = 0;
  // Creates the system organisation and its first administrator, records the
  // signing key's public half, and adopts the workspace's CLI snapshots as
  // networks of `adopt_org` when given (an operator created with them).
  // already_exists when run twice.
  struct init_request {
    std::string admin_name;
    timestamp now;
    timestamp token_expires;
    std::optional<org_info> adopt_org;  // name, kind operator, jurisdiction
  };
  virtual result<issued_token> init(const init_request& request) = 0;
  virtual result<org_info> create_org(const principal& by, const org_info& org, timestamp now) = 0;
  virtual result<std::vector<org_info>> orgs(const principal& by) = 0;
  virtual result<org_info> find_org(const principal& by, std::string_view name) = 0;
  virtual result<user_info> create_user(const principal& by, std::int64_t org_id, std::string_view name, role who,
                                        timestamp now) = 0;
  virtual result<std::vector<user_info>> users(const principal& by) = 0;
  // An administrator for anyone; a user for themself.
  virtual result<issued_token> issue_token(const principal& by, const token_request& request, timestamp now) = 0;
  virtual result<std::vector<token_info>> tokens(const principal& by, std::int64_t user_id) = 0;
  virtual status revoke_token(const principal& by, std::string_view token_id, timestamp now) = 0;
  // The local administrator the CLI acts as (the first admin user).
  virtual result<principal> local_admin() = 0;

  // --- identity ---
  // The principal behind a token's text; unauthenticated for anything else.
  // A failure is logged (address, token id prefix, reason; never the secret).
  virtual result<principal> authenticate(std::string_view token_text, std::string_view peer, timestamp now) = 0;

  // --- passwords and sessions (the dashboard) ---
  // Sets `user`'s password (argon2id): an administrator for anyone, a user
  // for themself. Logged without the password.
  virtual status set_password(const principal& by, std::string_view user, std::string_view password, timestamp now) = 0;
  // An administrator deactivates the person named `user` (they left): their
  // tokens and sessions stop at once (the sessions are deleted; a token of a
  // disabled user is refused), they cannot sign in, and the log records it
  // (`user.deactivated`). An administrator cannot deactivate themself
  // (invalid_state: it could leave nobody to administer). not_found for an
  // unknown name; invalid_state when already deactivated.
  virtual status deactivate_user(const principal& by, std::string_view user, timestamp now) = 0;
  // An administrator issues `user` a one-time password-reset code valid for
  // `valid_seconds` (kMinResetCodeLife..kMaxResetCodeLife, else invalid_input
  // on "valid_hours"); a new code replaces the last one. The log records the
  // issue (`user.reset_code_issued`), never the code. not_found for an
  // unknown name (and for a caller who is no administrator), invalid_state
  // for a deactivated user.
  virtual result<reset_code> issue_reset_code(const principal& by, std::string_view user, std::int64_t valid_seconds,
                                              timestamp now) = 0;
  // The person sets their password with the code. A weak password is
  // invalid_input (field "password") and leaves the code valid. A wrong name,
  // a wrong, used or expired code, a deactivated user: all unauthenticated
  // with one message, after the same work, counted with the sign-in failures
  // (the same lockout as sign_in, `refusal` saying how long). On success the
  // code is used up, the user's sessions end and the log records
  // `user.password_reset` with the address.
  virtual status reset_password(std::string_view user, std::string_view code, std::string_view password,
                                std::string_view peer, timestamp now, login_refusal& refusal) = 0;
  // Signs `user` in. A wrong name or password is unauthenticated (the same
  // for both, after the same work); after kFreeFailures failures within
  // kFailureWindow for a name, or for an address, every attempt -- a right
  // one too -- is refused with limit_exceeded until 2^(n - kFreeFailures) s
  // (at most kMaxLockout) after the last failure, `refusal` saying how long.
  // Failures are logged with the address, never the password.
  virtual result<session_info> sign_in(std::string_view user, std::string_view password, std::string_view peer,
                                       timestamp now, login_refusal& refusal) = 0;
  // The principal of a session cookie's value, checking the CSRF token when
  // `csrf` is given (a state-changing request): unauthenticated for an
  // unknown, expired or idle session, forbidden for a wrong CSRF token.
  virtual result<principal> authenticate_session(std::string_view secret, const std::optional<std::string>& csrf,
                                                 timestamp now) = 0;
  virtual status sign_out(std::string_view secret, timestamp now) = 0;

  // --- networks ---
  virtual result<network_record> add_network(const principal& by, std::string_view name, const model::network& net,
                                             timestamp now) = 0;
  virtual result<page<network_record>> networks(const principal& by, const page_request& request) = 0;
  virtual result<network_record> network(const principal& by, std::string_view id) = 0;
  virtual result<model::network> load_network(const principal& by, std::string_view id,
                                              const model::vendor_catalog& catalog) = 0;
  virtual status remove_network(const principal& by, std::string_view id, timestamp now) = 0;
  // The answer kept for network `network_id` under `key` (answer_record::key),
  // if any; not_found when `by` may not see the network.
  virtual result<std::optional<answer_record>> find_answer(const principal& by, std::string_view network_id,
                                                           std::string_view key) = 0;
  // Keeps `a` (an answer already kept under its key stays), and drops the
  // network's answers of another generation kept a day (kOtherGenerationSeconds)
  // or more before `now` or of a day before `a.day`, and
  // the oldest beyond kMaxKeptAnswers or kMaxKeptAnswerBytes (of the pinned
  // ones if `a` is pinned, kMaxPinnedAnswers and kMaxPinnedAnswerBytes).
  // Only the network's own operator keeps its answers (forbidden to anyone
  // else who sees it: a regulator's database role may write no operator's rows).
  virtual status keep_answer(const principal& by, std::string_view network_id, const answer_record& a,
                             timestamp now) = 0;
  // The operator networks with answers kept for a day before `day` and none
  // for `day`, the latest uploaded first, at most `limit`: those whose
  // overview the server answers again when the day turns (the server's own
  // work, no principal).
  virtual result<std::vector<network_record>> networks_kept_before(std::string_view day, std::size_t limit) = 0;

  // --- proposals ---
  virtual result<proposal_record> create_proposal(const principal& by, const new_proposal& request, timestamp now) = 0;
  virtual result<page<proposal_record>> proposals(const principal& by, const page_request& request) = 0;
  virtual result<proposal_record> proposal(const principal& by, std::string_view id) = 0;
  virtual result<proposal_record> move_proposal(const principal& by, std::string_view id, proposal_move move,
                                                const nlohmann::json& data, timestamp now) = 0;

  // --- waivers (a regulator of the network's jurisdiction grants and revokes) ---
  virtual result<waiver_record> create_waiver(const principal& by, const waiver_record& w, timestamp now) = 0;
  // The waivers of a network not revoked, oldest first (expired ones too: the audit's date decides).
  virtual result<std::vector<waiver_record>> waivers(const principal& by, std::string_view network_id) = 0;
  virtual status revoke_waiver(const principal& by, std::string_view id, timestamp now) = 0;

  // --- webhooks (manage_webhooks: the org's own; another org's is not_found) ---
  virtual result<webhook_secret> create_webhook(const principal& by, const new_webhook& w, timestamp now) = 0;
  virtual result<std::vector<webhook_info>> webhooks(const principal& by) = 0;
  // Deactivates it; its pending deliveries become failed ("webhook deleted").
  virtual status delete_webhook(const principal& by, std::string_view id, timestamp now) = 0;
  // A new secret; the current one stays valid for `overlap_seconds` (0..kMaxSecretOverlap).
  virtual result<webhook_secret> rotate_webhook_secret(const principal& by, std::string_view id,
                                                       std::int64_t overlap_seconds, timestamp now) = 0;
  // Newest first, with their attempts; `cursor` as elsewhere.
  // A redelivery (POST .../redeliver): a new delivery of the same webhook,
  // event and stored bytes, pending now, with attempts of its own, that names
  // the first delivery of the chain (`redelivery_of`) and is sent with that
  // delivery's Netvet-Delivery id (a receiver that has it already may ignore
  // it). Any state may be redelivered; the original is left as it is.
  // not_found for another organisation's webhook or delivery.
  virtual result<delivery_record> redeliver(const principal& by, std::string_view webhook_id,
                                            std::string_view delivery_id, timestamp now) = 0;
  virtual result<page<delivery_record>> deliveries(const principal& by, std::string_view webhook_id,
                                                   const page_request& request) = 0;
  // The delivery worker (no principal: the server itself). Claims up to
  // `limit` pending deliveries due at `now`, moving their next attempt to
  // now + lease_seconds (a worker that dies mid-delivery leaves them to be
  // retried then; PostgreSQL: FOR UPDATE SKIP LOCKED, so that several
  // server processes share the outbox).
  virtual result<std::vector<due_delivery>> claim_deliveries(timestamp now, std::size_t limit,
                                                             std::int64_t lease_seconds) = 0;
  // Records attempt `attempts + 1` of a claimed delivery: a 2xx makes it
  // delivered, else pending again after the back-off, or failed after the
  // policy's last attempt. Returns the new state.
  virtual result<std::string> record_attempt(const due_delivery& d, const delivery_attempt& a, const retry_policy& p,
                                             timestamp now) = 0;
  // Writes the time-based events due at `now` (waiver.expiring) to the
  // outbox, once per webhook and subject; returns how many.
  virtual result<std::size_t> enqueue_due_events(timestamp now) = 0;
  // The networks of operator organisations that an active milestone.due
  // webhook reaches, with those webhooks, by network id.
  virtual result<std::vector<milestone_watch>> milestone_watches() = 0;
  // One outbox row of `event` per event whose webhook is still active and
  // has no row of that key yet, in one transaction; returns how many.
  virtual result<std::size_t> enqueue_timed_events(std::string_view event, const std::vector<timed_event>& events,
                                                   timestamp now) = 0;
  virtual result<outbox_stats> outbox(timestamp now) = 0;

  // --- the log ---
  virtual result<page<log_entry>> log(const principal& by, const page_request& request) = 0;
  // The latest signed checkpoint of the caller's chain (the jurisdiction's).
  virtual result<signed_checkpoint> checkpoint(const principal& by, std::string_view chain, timestamp now) = 0;
  virtual result<std::vector<published_key>> keys() = 0;
  // The inclusion proof of entry `index` of `chain` at `size` entries (the
  // chain's count when nullopt): not_found for an entry outside the caller's
  // scope of the log (an operator: its own entries); invalid_input naming
  // "index" or "size" for a place the chain does not have. The checkpoint at
  // `size` is signed now with the current key.
  virtual result<inclusion_proof> prove_inclusion(const principal& by, std::string_view chain, std::uint64_t index,
                                                  std::optional<std::uint64_t> size, timestamp now) = 0;
  // The consistency proof of `chain` from `first` to `second` entries (its
  // count when nullopt); the chain must be the caller's jurisdiction's
  // (administrators: any), else not_found; invalid_input naming "first" or
  // "second" unless first <= second <= the count.
  virtual result<consistency_proof> prove_consistency(const principal& by, std::string_view chain, std::uint64_t first,
                                                      std::optional<std::uint64_t> second, timestamp now) = 0;
  // Signing-key rotation (administrators): retires every current key at
  // `now`, publishes `next`'s public half and logs it on the system chain.
  // already_exists when `next` is published already.
  virtual result<published_key> rotate_key(const principal& by, const crypto::public_key& next, timestamp now) = 0;
  // Recomputes every chain and its Merkle tree; with `held`, also checks
  // that each held checkpoint is a prefix of the log as it is now (its hash
  // and its root at its count) and carries a valid signature of the
  // published key it names.
  virtual result<std::vector<log_verdict>> verify_log(const std::vector<signed_checkpoint>& held) = 0;

 private:
  std::string request_id_;
};

// The signing key at a path, read again when the file there is replaced
// (another inode, size or modification time): `admin rotate-key` renames a
// new key over it, and a running server signs with the new key from its next
// checkpoint on -- no restart, no signal to deliver to every process that
// shares the key (several `serve` processes on one PostgreSQL database), and
// nothing to do between checkpoints (one stat(2) before each signature).
// Thread-safe.
class signing_key_file {
 public:
  // Reads the key once (read_signing_key's checks and errors).
  static result<std::shared_ptr<signing_key_file>> open(const std::string& path);
  // The key the file holds now.
  result<crypto::signing_key> current();
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  struct identity {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const identity&) const = default;
  };
  static result<identity> identify(const std::string& path);
  signing_key_file(std::string path, crypto::signing_key key, identity id)
      : path_(std::move(path)), key_(std::move(key)), id_(id) {}
  std::string path_;
  std::mutex mutex_;
  crypto::signing_key key_;
  identity id_;
};

struct server_store_options {
  // The key that signs checkpoints; required to write (init, decisions).
  // `key_file`, when given, is read instead (and followed across rotations).
  const crypto::signing_key* key = nullptr;
  std::shared_ptr<signing_key_file> key_file;
  bool read_only = false;
  // The longest a token may be used after it was issued, whatever its expiry
  // (`serve --max-token-days`); 0: no policy. An older token is refused like an
  // expired one, and the failure logged with the reason "older than the
  // maximum token age".
  std::int64_t max_token_age_seconds = 0;
};

// Opens the server's store that `uri` names: a SQLite workspace (workspace.h's
// forms; the server's tables are added beside the snapshots), or a
// PostgreSQL database for postgresql://... and postgres://... (libpq's URI;
// the schema, roles and row-level security are created if absent:
// docs/postgresql.md).
result<std::unique_ptr<server_store>> open_server_store(std::string_view uri, const server_store_options& options);

// The signing key file of a workspace: PATH.key beside a SQLite file.
std::string default_key_path(std::string_view uri);
// Reads the key at `path`; refuses one that others may read (mode & 077).
result<crypto::signing_key> read_signing_key(const std::string& path);
// Creates a new key at `path` (mode 0600); already_exists if there is one.
result<crypto::signing_key> create_signing_key(const std::string& path);
// Writes `key` to a new file beside `path` (mode 0600, synced) and returns
// its name, for `replace_signing_key` once the key is published.
result<std::string> stage_signing_key(const std::string& path, const crypto::signing_key& key);
// Renames the staged file over `path` (atomic: a reader sees the old key or
// the new one, never a part) and syncs the directory.
status replace_signing_key(const std::string& staged, const std::string& path);

}  // namespace netvet::store
