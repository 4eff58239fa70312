// netvet/server/http_server.h: the HTTP/1.1 transport of `netvet serve`.
//
// Boost.Beast over Asio (TLS from OpenSSL), behind a small interface so that
// nothing else compiles Beast: http_server.cpp is its only user. It owns the
// sockets, TLS, deadlines, connection caps, header and body limits and target
// hygiene, and hands each well-formed request to an `application` (http.h) on
// a bounded worker pool. docs/server.md lists every limit and what a client
// sees when it hits one.
//
//   auto s = http_server::start(app, opts);   // binds and listens, or an error
//   s.value()->stop_on_signals();             // SIGINT/SIGTERM → stop()
//   s.value()->run();                         // serves until stop(), then drains
//
// Errors are values: start() returns bind failures, a refused listen address
// and unreadable TLS files as `error`s, and run() does not throw.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "netvet/core/error.h"
#include "netvet/server/http.h"

namespace netvet::server {

class metrics;

struct server_options {
  std::string host = "127.0.0.1";         // an IP address (or "localhost")
  std::uint16_t port = 0;                 // 0: an ephemeral port (see http_server::port())
  unsigned io_threads = 2;                // threads running the sockets
  unsigned workers = 2;                   // threads running application::handle
  std::size_t queue = 64;                 // requests waiting for a worker beyond those running; more → 503
  std::uint32_t header_limit = 8 * 1024;  // request line + fields, bytes; more → 431
  std::size_t target_limit = 2 * 1024;    // request target, bytes; more → 400
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};       // the whole first header
  std::chrono::milliseconds body_timeout{std::chrono::seconds(10)};         // the body: this, plus
  std::chrono::milliseconds body_timeout_per_mib{std::chrono::seconds(1)};  // this per MiB, at most
  std::chrono::milliseconds body_timeout_max{std::chrono::seconds(300)};    // this
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(15)};  // keep-alive: the next request's header
  std::chrono::milliseconds tls_handshake_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(30)};  // stop(): hard stop after this
  unsigned max_requests_per_connection = 100;
  std::size_t per_address_connections = 32;
  std::size_t total_connections = 1024;
  std::string tls_cert;                   // PEM certificate chain; with tls_key, the server speaks TLS only
  std::string tls_key;                    // PEM private key
  bool allow_plain_non_loopback = false;  // plain HTTP on a non-loopback address (--insecure-plain-http)
  // Where bodies of spooling routes go: a private directory (0700) made inside this one at start and
  // removed at the end; empty: the system's temporary directory ($TMPDIR or /tmp).
  std::string spool_dir;
  // One JSON line per request ({"ts","request_id","peer","method","path","status","ms"}) and per
  // server event; empty: stderr. Never given a body or the Authorization header. Called on I/O
  // and worker threads, several at once.
  std::function<void(std::string_view line)> log;
  // Where the transport counts connections, the worker queue and every answer (metrics.h); not
  // owned, may be null.
  metrics* stats = nullptr;
};

class http_server {
 public:
  // Binds and listens (the port is known when this returns), loads TLS files,
  // and ignores SIGPIPE. Errors: invalid_input for a bad or refused --listen
  // address (plain HTTP off loopback without allow_plain_non_loopback) or TLS
  // files that do not parse; io_error for an unreadable TLS file or a failed
  // bind. `app` must outlive the server.
  static result<std::unique_ptr<http_server>> start(application& app, const server_options& opts);

  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;
  http_server(http_server&&) = delete;
  http_server& operator=(http_server&&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // Serves on io_threads threads until stop(), then drains: returns when every
  // connection has ended, or after drain_timeout.
  void run();
  // Thread-safe, idempotent, callable from any thread (a handler too): stops
  // accepting, answers requests in flight with `Connection: close`, closes idle
  // keep-alive connections.
  void stop();
  // SIGINT and SIGTERM call stop() (before run()).
  void stop_on_signals();

  struct impl;

 private:
  explicit http_server(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// The request target, checked and split: origin-form only; the path is
// percent-decoded once and refused if it holds "..", ".", an empty segment
// ("//"), NUL or another control character, or an encoded "/" (%2F); the
// query is split into '&'-separated pairs, '+' and %XX decoded. Over `limit`
// bytes, or a bad %-escape, is refused. Errors are invalid_input.
struct parsed_target {
  std::string path;
  header_list query;
};
result<parsed_target> parse_target(std::string_view target, std::size_t limit);

}  // namespace netvet::server
