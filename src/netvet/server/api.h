// netvet/server/api.h: netvet's REST API (docs/server.md) as an
// `application` of the HTTP transport (http.h).
//
// One table of routes (api.cpp, `kRoutes`): method, path pattern, body cap,
// whether a principal is needed, and the handler. Authentication is a bearer
// token (`Authorization: Bearer nvt_...`); tenancy is the store's
// (store/server_store.h), so a handler cannot widen what a caller sees.
// Errors answer RFC 9457 problem+json through problem.h's one table.
//
// Networks are loaded from the store once and kept, prepared (index,
// topology, outage table), in a cache within `memory_budget` bytes, least
// recently used first out; every request still asks the store whether the
// caller may see the network before the cache is read.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/crypto/signing.h"
#include "netvet/server/http.h"
#include "netvet/store/server_store.h"
#include "netvet/usecase/context.h"

namespace netvet::server {

class metrics;

struct api_options {
  std::string workspace;                     // the store's uri (store/workspace.h forms)
  const crypto::signing_key* key = nullptr;  // signs checkpoints; not owned
  // Read instead of `key` when given, and followed across `admin rotate-key`.
  std::shared_ptr<store::signing_key_file> key_file;
  const usecase::context* ctx = nullptr;  // catalogue, packs, knowledge; not owned
  std::size_t memory_budget = std::size_t{2} << 30;
  // How long a request waits for a network snapshot to be loaded and
  // prepared for analysis (the heavy part: about 10 s at 1M sites) before it
  // is answered 503 with Retry-After; the load goes on, and a retry finds it.
  std::chrono::milliseconds analysis_budget{std::chrono::seconds(20)};
  // The clock; empty: the system clock.
  std::function<store::timestamp()> now;
  // The process's numbers (metrics.h), shared with the transport, served at GET /metrics; not
  // owned, must outlive the api. Null: the api keeps its own (its routes and caches only).
  metrics* stats = nullptr;
  // The token policy (`serve --max-token-days`): a token is refused once this
  // many days old, and none is issued for longer. 0: none (at most 366 days).
  int max_token_days = 0;
  // HOST or HOST:PORT a webhook may name although it resolves to a loopback,
  // private or link-local address (`serve --webhook-allow-host`; webhooks.h).
  std::vector<std::string> webhook_allow_hosts;
  // At start and whenever the day turns, answer again the overview of at
  // most this many operator networks (the latest uploaded) whose audits were
  // kept for an earlier day, on a thread of its own (`serve
  // --refresh-networks`, default 4). 0: none.
  std::size_t refresh_networks = 0;
};

class api final : public application {
 public:
  // Opens one store connection to check the workspace (storage_error,
  // unsupported, not_found when `admin init` has not run).
  static result<std::unique_ptr<api>> create(api_options options);
  ~api() override;

  [[nodiscard]] std::uint64_t body_limit(std::string_view method, std::string_view path) const override;
  [[nodiscard]] bool spools_body(std::string_view method, std::string_view path) const override;
  response handle(const request& req) override;

  struct impl;

 private:
  explicit api(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// The route table as data (for the docs and the tests' hostile matrix):
// "{}" in a pattern is one path segment (an id).
struct route_info {
  std::string_view method;
  std::string_view pattern;
  std::uint64_t body_cap = 0;
  bool needs_auth = true;
  bool spools = false;  // the body goes to a file, not memory
};
std::vector<route_info> api_routes();

// The body caps (bytes), also in docs/server.md.
inline constexpr std::uint64_t kSignInBodyCap = 4 * 1024;         // sign-in, passwords
inline constexpr std::uint64_t kSmallBodyCap = 64 * 1024;         // decisions, orgs, users, tokens
inline constexpr std::uint64_t kProposalBodyCap = 1024 * 1024;    // proposals
inline constexpr std::uint64_t kWaiverBodyCap = 4 * 1024 * 1024;  // a waiver naming up to 100,000 elements
// A network upload: the route's cap is that of a CSV pair (multipart/form-data,
// spooled to disk and memory-mapped while it is read, never held as text on
// the heap); a netvet JSON body (parsed as a document) stops at the smaller cap.
inline constexpr std::uint64_t kNetworkBodyCap = 4ULL << 30;        // a network CSV pair (1M sites: 0.45 GiB)
inline constexpr std::uint64_t kNetworkJsonBodyCap = 256ULL << 20;  // a netvet JSON network
inline constexpr std::size_t kMaxJsonDepth = 32;
// The most places GET /networks/{id}/sites answers; above it, grid cells.
inline constexpr std::size_t kMaxMapSites = 20000;
// How long a removal plan's solver may run for one request (seconds).
inline constexpr double kPlanSolveSeconds = 10;

}  // namespace netvet::server
