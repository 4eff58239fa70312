// netvet/server/http.h: the seam between the HTTP transport and netvet's API.
//
// The transport (http_server.h, Boost.Beast) owns sockets, TLS, deadlines,
// connection caps, header and body limits and target hygiene. It hands each
// well-formed request to an `application`, which knows routes, identity,
// tenancy and the store, and answers with a `response`. Neither side sees
// the other's types: the application knows no Beast, the transport no store.
//
// Order of calls for one request:
//   1. the transport reads the header (limit and deadline its own), checks the
//      target (origin-form, decoded once, no "..", "//", NUL or encoded "/"),
//   2. asks `application::body_limit(method, path)` how large a body the route
//      takes (0: none); a larger Content-Length, or a chunked body that grows
//      past it, is 413 and the connection is closed,
//   3. reads the body -- into memory, or, for routes where
//      `application::spools_body` says so (national-size uploads), into a
//      private temporary file (mode 0600, in a 0700 directory of its own,
//      removed with the request) -- and calls `application::handle` on a
//      worker thread (a bounded queue: when full, the transport answers 503
//      itself).
// The transport adds the security headers and X-Request-ID to every response.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netvet::server {

using header_list = std::vector<std::pair<std::string, std::string>>;

// A request body the transport wrote to a file instead of memory. The file is
// removed when the last request holding it is gone.
class spooled_file {
 public:
  explicit spooled_file(std::string path) : path_(std::move(path)) {}
  ~spooled_file();
  spooled_file(const spooled_file&) = delete;
  spooled_file& operator=(const spooled_file&) = delete;
  spooled_file(spooled_file&&) = delete;
  spooled_file& operator=(spooled_file&&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct request {
  std::string method;                           // "GET", "POST", ... as sent (upper case)
  std::string path;                             // percent-decoded once, validated: starts with '/', no query
  header_list query;                            // the query string's pairs, percent-decoded, in order
  header_list headers;                          // every header field, names lower-cased, in order
  std::string body;                             // empty when the body was spooled
  std::shared_ptr<const spooled_file> spooled;  // the body, for routes that spool it
  std::string peer;                             // the client's address ("127.0.0.1", "::1"), never a forwarded one
  std::string request_id;                       // the transport's id for this request (also X-Request-ID)
  bool tls = false;                             // the connection is TLS

  // The first header named `name` (lower case), if any.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) {
        return std::string_view(v);
      }
    }
    return std::nullopt;
  }
  // The first query parameter named `name`, if any.
  [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const {
    for (const auto& [k, v] : query) {
      if (k == name) {
        return std::string_view(v);
      }
    }
    return std::nullopt;
  }
};

struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  header_list headers;  // extra fields (Location, WWW-Authenticate, Set-Cookie, Retry-After, ...)
  // The route pattern that answered ("/api/v1/networks/{}"), for the metrics: static storage, never
  // a request's path; empty for the transport's own answers.
  std::string_view route;
};

class application {
 public:
  virtual ~application() = default;
  application() = default;
  application(const application&) = delete;
  application& operator=(const application&) = delete;

  // The largest body the route for (method, path) accepts, in bytes; 0 for
  // routes that take none. Called on the I/O thread: must be cheap and must
  // not block. Unknown routes answer a small limit; `handle` answers 404.
  [[nodiscard]] virtual std::uint64_t body_limit(std::string_view method, std::string_view path) const = 0;
  // Whether the route writes its body to a file (request::spooled) rather
  // than memory. Same rules as body_limit.
  [[nodiscard]] virtual bool spools_body(std::string_view /*method*/, std::string_view /*path*/) const { return false; }
  // Answers one request. Called on worker threads, several at once: must be
  // thread-safe. Never throws (an escaped exception is answered 500 by the
  // transport and logged).
  virtual response handle(const request& req) = 0;
};

}  // namespace netvet::server
