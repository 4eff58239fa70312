// netvet/server/webhooks.h: signed webhooks out of the store's outbox
// (docs/server.md "Webhooks").
//
// The store writes one outbox row per webhook an event reaches, in the
// transaction of the event (store/server_store.h); the `webhook_dispatcher`
// here is the server's worker that delivers them: it claims due rows, POSTs
// the stored bytes over HTTP with
//   Content-Type: application/json
//   Netvet-Delivery: <delivery id>       (the receiver de-duplicates on it)
//   Netvet-Event: <event type>
//   Netvet-Timestamp: <unix seconds>
//   Netvet-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//                     (during a secret's rotation, one v1= per valid secret, comma-separated)
// and records each attempt: a 2xx delivers it; anything else (a redirect
// too: none is followed) is retried with exponential back-off and jitter,
// up to the policy's attempts, then the delivery is failed. Delivery is at
// least once: a server killed mid-delivery delivers again after the claim's
// lease, with the same delivery id.
//
// Safety (the store holds national-security data): a webhook's URL is
// http://HOST[:PORT]/PATH with no user information or fragment, and every
// address its host resolves to must be public -- loopback, private,
// link-local, shared, multicast and unspecified addresses are refused --
// unless the server allows HOST or HOST:PORT explicitly (`serve
// --webhook-allow-host`). The check runs on creation and again before each
// attempt, against the addresses then connected to (no DNS rebinding). The
// response's body is never read (its header at most 16 KiB); a request has a
// deadline for connecting, sending and the response header together.
// HTTPS delivery is not built yet (the URL is refused with that reason).
//
// The time-based events come from the worker's scan: waiver.expiring from the
// store alone, milestone.due from the audit (usecase/milestones.h) of each
// watched network, kept per network until its snapshot, its waivers, the
// pack or the day change, so a large network is not reloaded every scan.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "netvet/core/error.h"
#include "netvet/policy/waiver.h"
#include "netvet/store/server_store.h"
#include "netvet/usecase/context.h"
#include "netvet/usecase/milestones.h"

namespace netvet::server {

class metrics;

// A webhook URL, parsed.
struct webhook_url {
  std::string host;  // as written (IPv6 without brackets)
  std::uint16_t port = 80;
  std::string target;  // path and query, "/" at least
  std::string host_header;
};
// invalid_input naming `url` unless it is http://HOST[:PORT][/PATH][?QUERY]
// (unsupported for https://, not built yet).
result<webhook_url> parse_webhook_url(std::string_view url);
// The URL parsed and its host resolved, every address public unless
// `allow` lists HOST or HOST:PORT: invalid_input naming `url` otherwise.
// The addresses as text ("127.0.0.1"), for the connection that follows.
result<std::vector<std::string>> check_webhook_target(const webhook_url& u, const std::vector<std::string>& allow);

// The Netvet-Signature header's value for `body` sent at `unix_seconds`.
std::string webhook_signature(const std::vector<std::string>& secrets, std::int64_t unix_seconds,
                              std::string_view body);

// The REST API's half (api.cpp's routes call these; the store decides tenancy).
nlohmann::json webhook_json(const store::webhook_info& w);
result<nlohmann::json> create_webhook(const store::principal& who, store::server_store& db, store::timestamp now,
                                      const nlohmann::json& body, const std::vector<std::string>& allow);
result<nlohmann::json> rotate_webhook(const store::principal& who, store::server_store& db, store::timestamp now,
                                      std::string_view id, const nlohmann::json& body);
result<nlohmann::json> list_deliveries(const store::principal& who, store::server_store& db, std::string_view id,
                                       const store::page_request& page);
// A delivery as the API shows it (the list's items, a redelivery's answer).
nlohmann::json delivery_json(const store::delivery_record& d);

// A network's waivers as the policy engine takes them (the audit route's and
// the milestone scan's); one whose expiry does not parse is left out.
std::vector<policy::waiver> policy_waivers(const std::vector<store::waiver_record>& records);

// milestone.due: at most this many element ids in an event (elements_due counts them all).
inline constexpr std::size_t kMaxDueElements = 100;
// The data of a milestone.due event for `m` of network `net` on `today`.
nlohmann::json milestone_event_data(const store::network_record& net, const usecase::due_milestone& m, date today);

struct webhook_options {
  std::string workspace;                 // the store's uri
  std::vector<std::string> allow_hosts;  // HOST or HOST:PORT a webhook may reach whatever its address
  std::chrono::milliseconds timeout{10000};
  store::retry_policy retry;
  std::chrono::milliseconds poll{1000};  // how often the outbox is read
  std::chrono::seconds scan{60};         // how often time-based events are looked for
  // The packs milestone.due is audited by (null: no milestone.due events); not owned.
  const usecase::context* ctx = nullptr;
  std::size_t batch = 16;  // deliveries claimed at once
  // Deliveries under way at once, each to a different webhook: a receiver
  // that is slow or gone holds up its own deliveries only (one webhook's are
  // sent one at a time, in the order claimed).
  std::size_t workers = 4;
  std::function<store::timestamp()> now;        // empty: the system clock
  metrics* stats = nullptr;                     // where the counts and the outbox's age are shown; not owned
  std::function<void(const std::string&)> log;  // one JSON line an attempt; empty: stderr
};

class webhook_dispatcher {
 public:
  // Opens a store connection of its own (storage_error, unsupported).
  static result<std::unique_ptr<webhook_dispatcher>> create(webhook_options options);
  ~webhook_dispatcher();
  webhook_dispatcher(const webhook_dispatcher&) = delete;
  webhook_dispatcher& operator=(const webhook_dispatcher&) = delete;

  // The worker thread: claims due deliveries every `poll` (and scans for the
  // time-based events every `scan`) for the pool to send, until stop().
  void start();
  // Ends the worker and the pool after the deliveries under way (at most
  // `timeout`); claimed ones not yet sent are due again after their lease.
  void stop();
  // One round (tests): the time-based events when a scan is due, then every
  // due delivery claimed, handed to the pool, and waited for. Returns the
  // deliveries claimed.
  result<std::size_t> run_once();

  struct counts {
    std::uint64_t delivered = 0;
    std::uint64_t retry = 0;
    std::uint64_t failed = 0;
  };
  [[nodiscard]] counts totals() const;

 private:
  webhook_dispatcher(webhook_options o, std::unique_ptr<store::server_store> db,
                     std::unique_ptr<store::server_store> sender_db);
  // Claims the due deliveries into the per-webhook queues; returns how many.
  result<std::size_t> pump();
  void send_loop();
  store::timestamp now() const;
  void attempt(const store::due_delivery& d);
  // milestone.due: each watched network's due milestones (recomputed only
  // when its snapshot, its waivers or the day changed), one event per
  // webhook whose lead time reaches the deadline.
  status scan_milestones(store::timestamp t);
  // The due milestones of `net` by `p` on `today`, from the cache when
  // neither its snapshot, its waivers, the pack nor the day changed.
  result<std::reference_wrapper<const std::vector<usecase::due_milestone>>> due_of(const store::network_record& net,
                                                                                   const policy::pack& p, date today);
  void emit(const std::string& line) const;  // one JSON line to the log
  void log_attempt(const store::due_delivery& d, const store::delivery_attempt& a, const std::string& state) const;

  webhook_options options_;
  std::unique_ptr<store::server_store> db_;
  std::int64_t next_scan_ = 0;
  struct scanned {
    std::string key;  // snapshot, waivers, pack and day it was computed for
    std::vector<usecase::due_milestone> due;
  };
  std::map<std::string, scanned> milestones_;  // by network id
  std::size_t computed_ = 0;                   // networks audited for milestones so far
  struct numbers;                              // shared with the metrics' collector, which may outlive this
  std::shared_ptr<numbers> numbers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread worker_;
  // The pool: its own store connection (record_attempt), and the claimed
  // deliveries queued per webhook, one webhook's sent by one thread at a time.
  std::unique_ptr<store::server_store> sender_db_;
  std::mutex sender_db_mutex_;
  std::mutex queue_mutex_;
  std::condition_variable queued_;                                 // a delivery queued, or the pool stopping
  std::condition_variable drained_;                                // a delivery sent
  std::map<std::string, std::deque<store::due_delivery>> queues_;  // by webhook id
  std::set<std::string> busy_;                                     // webhooks with a delivery under way
  std::set<std::string> held_;                                     // deliveries queued or under way
  bool pool_stopping_ = false;
  std::vector<std::thread> pool_;
  mutable std::mutex log_mutex_;
};

}  // namespace netvet::server
