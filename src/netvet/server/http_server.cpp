// The Beast transport (http_server.h). The only file that includes Beast:
// it compiles slowly, so everything that needs it lives here.
//
// One io_context on io_threads threads; each accepted socket gets its own
// strand and a session (plain or TLS), a state machine that reads a header
// (deadline and size limit), checks the target, asks the application for the
// route's body limit, reads the body (its own deadline), hands the request to
// the worker pool and writes the answer back on its strand.
#include "netvet/server/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <stdlib.h>  // mkdtemp, mkstemp
#include <unistd.h>  // close

#include "netvet/core/text.h"
#include "netvet/crypto/digest.h"
#include "netvet/server/metrics.h"
#include "netvet/server/problem.h"

namespace netvet::server {

namespace {

// ---- the request target (no Beast) ----------------------------------------

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// %XX decoded once ('+' as a space in a query); false for a malformed escape.
bool percent_decode(std::string_view in, bool plus_is_space, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) {
        return false;
      }
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) {
        return false;
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

error target_error(const std::string& why) {
  return make_error(error_code::invalid_input, "request target refused: " + why);
}

// Decodes the path segment by segment, so that an encoded '/' stays visible.
status decode_path(std::string_view raw, std::string& path) {
  std::string segment;
  std::size_t pos = 1;  // after the leading '/'
  for (;;) {
    const std::size_t slash = raw.find('/', pos);
    const bool last = slash == std::string_view::npos;
    const std::string_view piece = raw.substr(pos, last ? std::string_view::npos : slash - pos);
    if (piece.empty() && !last) {
      return target_error("an empty segment ('//')");
    }
    if (!percent_decode(piece, false, segment)) {
      return target_error("a malformed %-escape");
    }
    if (segment.find('/') != std::string::npos) {
      return target_error("an encoded '/' inside a segment");
    }
    if (std::any_of(segment.begin(), segment.end(), is_control)) {
      return target_error("NUL or a control character");
    }
    if (segment == "." || segment == "..") {
      return target_error("a '.' or '..' segment");
    }
    path += '/';
    path += segment;
    if (last) {
      return {};
    }
    pos = slash + 1;
  }
}

status decode_query(std::string_view raw, header_list& query) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t amp = raw.find('&', pos);
    const std::string_view piece = raw.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    if (!piece.empty()) {
      const std::size_t eq = piece.find('=');
      std::string key;
      std::string value;
      if (!percent_decode(piece.substr(0, eq), true, key) ||
          !percent_decode(eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1), true, value)) {
        return target_error("a malformed %-escape in the query");
      }
      if (key.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
        return target_error("NUL in the query");
      }
      query.emplace_back(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) {
      break;
    }
    pos = amp + 1;
  }
  return {};
}

}  // namespace

result<parsed_target> parse_target(std::string_view target, std::size_t limit) {
  if (target.size() > limit) {
    return target_error("over " + std::to_string(limit) + " bytes");
  }
  if (target.empty() || target.front() != '/') {
    return target_error("not origin-form (a path starting with '/')");
  }
  if (target.find('#') != std::string_view::npos) {
    return target_error("a fragment ('#')");
  }
  const std::size_t q = target.find('?');
  parsed_target out;
  NETVET_TRY(decode_path(target.substr(0, q), out.path));
  if (q != std::string_view::npos) {
    NETVET_TRY(decode_query(target.substr(q + 1), out.query));
  }
  return out;
}

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();
constexpr auto kTlsShutdownTimeout = 2s;
constexpr auto kLingerTimeout = 1s;         // reading what a refused client still sends
constexpr std::size_t kLingerBytes = kMiB;  // ... at most this much
constexpr auto kAcceptRetry = 50ms;         // after an accept error (EMFILE)
constexpr std::size_t kLoggedTargetBytes = 256;

void stderr_log(std::string_view line) {
  static std::mutex mu;
  const std::lock_guard<std::mutex> lock(mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fputc('\n', stderr);
}

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  const std::size_t n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S", &tm);
  std::array<char, 8> frac{};
  std::snprintf(frac.data(), frac.size(), ".%03dZ", static_cast<int>(ms));
  return std::string(buf.data(), n) + frac.data();
}

std::string random_request_id() {
  static std::atomic<std::uint64_t> fallback{0};
  std::array<unsigned char, 12> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    const std::uint64_t n = ++fallback;
    std::memcpy(bytes.data(), &n, sizeof n);
  }
  return crypto::to_hex(bytes);
}

bool has_crlf(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

std::chrono::milliseconds body_deadline(const server_options& o, std::uint64_t bytes) {
  const std::uint64_t mib = std::min<std::uint64_t>(bytes / kMiB + (bytes % kMiB != 0 ? 1 : 0), 1U << 20U);
  return std::min(o.body_timeout + o.body_timeout_per_mib * static_cast<std::int64_t>(mib), o.body_timeout_max);
}

class session_base : public std::enable_shared_from_this<session_base> {
 public:
  session_base() = default;
  virtual ~session_base() = default;
  session_base(const session_base&) = delete;
  session_base& operator=(const session_base&) = delete;
  session_base(session_base&&) = delete;
  session_base& operator=(session_base&&) = delete;
  virtual void start() = 0;
  // stop(): close the connection if it waits for a request; else let it finish.
  virtual void drain() = 0;
};

}  // namespace

struct http_server::impl {
  impl(application& a, const server_options& o)
      : app(a),
        opts(o),
        log(o.log ? o.log : stderr_log),
        ioc(static_cast<int>(std::max(1U, o.io_threads))),
        acceptor(net::make_strand(ioc)),
        signals(acceptor.get_executor()),
        accept_retry(acceptor.get_executor()),
        pool(std::max(1U, o.workers)) {}
  ~impl() {
    if (!spool_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(spool_dir, ec);
    }
  }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  impl(impl&&) = delete;
  impl& operator=(impl&&) = delete;

  application& app;
  server_options opts;
  std::function<void(std::string_view)> log;

  // Connections, counted here and released by each session's destructor.
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, std::size_t> per_address;
  std::map<std::uint64_t, std::weak_ptr<session_base>> sessions;
  std::size_t total = 0;
  std::uint64_t next_id = 0;
  bool stopping = false;
  std::atomic<bool> draining{false};
  std::atomic<std::size_t> in_flight{0};  // requests given to the pool and not yet answered

  std::optional<ssl::context> tls;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer accept_retry;
  net::thread_pool pool;
  std::uint16_t port = 0;
  std::string spool_dir;  // private (0700), made at start, removed with the server

  status load_tls();
  status make_spool_dir();
  result<std::shared_ptr<spooled_file>> new_spool_file();
  status listen(const net::ip::address& address);
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void admit(tcp::socket socket);
  std::optional<std::uint64_t> reserve(const std::string& address);
  void track(std::uint64_t id, const std::shared_ptr<session_base>& s);
  void release(const std::string& address, std::uint64_t id);
  void request_stop();
  void run_io();

  bool try_enter() {
    const std::size_t cap = std::max<std::size_t>(1, opts.workers) + opts.queue;
    std::size_t n = in_flight.load();
    do {
      if (n >= cap) {
        return false;
      }
    } while (!in_flight.compare_exchange_weak(n, n + 1));
    return true;
  }
  void leave() { --in_flight; }
  response call_app(const request& req);

  void emit(const nlohmann::ordered_json& j) const {
    log(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  }
  void event(std::string_view level, std::string_view message) const {
    emit({{"ts", now_utc()}, {"level", level}, {"message", message}});
  }
};

namespace {

// One connection's place in the counts, given back when the session ends.
class conn_slot {
 public:
  conn_slot(http_server::impl& srv, std::string address, std::uint64_t id)
      : srv_(srv), address_(std::move(address)), id_(id) {}
  ~conn_slot() { srv_.release(address_, id_); }
  conn_slot(const conn_slot&) = delete;
  conn_slot& operator=(const conn_slot&) = delete;
  conn_slot(conn_slot&&) = delete;
  conn_slot& operator=(conn_slot&&) = delete;
  [[nodiscard]] std::uint64_t id() const { return id_; }
  [[nodiscard]] const std::string& address() const { return address_; }

 private:
  http_server::impl& srv_;
  std::string address_;
  std::uint64_t id_;
};

void add_transport_headers(http::response<http::string_body>& res, bool tls, const std::string& request_id) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
  if (res.find(http::field::cache_control) == res.end()) {
    res.set("Cache-Control", "no-store");  // unless the application allows caching (the OpenAPI document)
  }
  res.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  if (tls) {
    res.set("Strict-Transport-Security", "max-age=31536000");
  }
  res.set("X-Request-ID", request_id);
  res.erase(http::field::server);
}

response problem_response(int status, std::string_view code, std::string_view detail, std::string_view request_id) {
  response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = transport_problem(status, code, detail, request_id)
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

template <class Stream>
class session final : public session_base {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  session(http_server::impl& srv, const std::string& address, std::uint64_t id, Args&&... args)
      : srv_(srv), slot_(srv, address, id), stream_(std::forward<Args>(args)...) {}

  void start() override {
    srv_.track(slot_.id(), shared_from_this());
    net::dispatch(stream_.get_executor(), [self = self()] { self->begin(); });
  }

  void drain() override {
    net::post(stream_.get_executor(), [self = self()] {
      if (self->state_ == state::idle) {
        self->close_now();
      }
    });
  }

 private:
  enum class state : std::uint8_t { handshake, idle, busy, closing };

  std::shared_ptr<session> self() { return std::static_pointer_cast<session>(shared_from_this()); }
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  const server_options& opts() const { return srv_.opts; }

  void begin() {
    if constexpr (kTls) {
      state_ = state::handshake;
      lowest().expires_after(opts().tls_handshake_timeout);
      stream_.async_handshake(ssl::stream_base::server, [self = self()](beast::error_code ec) {
        if (ec) {
          self->close_now();
        } else {
          self->read_header();
        }
      });
    } else {
      read_header();
    }
  }

  void read_header() {
    if (srv_.draining) {
      close();
      return;
    }
    header_parser_.emplace();
    header_parser_->header_limit(opts().header_limit);
    header_parser_->body_limit(kNoLimit);  // the route's limit is checked after the header
    state_ = state::idle;
    const bool waiting = served_ > 0 && buffer_.size() == 0;
    lowest().expires_after(waiting ? opts().idle_timeout : opts().header_timeout);
    http::async_read_header(stream_, buffer_, *header_parser_, beast::bind_front_handler(&session::on_header, self()));
  }

  void on_header(beast::error_code ec, std::size_t /*bytes*/) {
    state_ = state::busy;
    started_ = steady::now();
    request_id_ = random_request_id();
    method_.clear();
    path_.clear();
    query_.clear();
    version_ = 11;
    head_ = false;
    if (ec) {
      on_read_error(ec);
      return;
    }
    const auto& h = header_parser_->get();
    method_ = std::string(h.method_string());
    version_ = h.version();
    head_ = h.method() == http::verb::head;
    auto target = parse_target(h.target(), opts().target_limit);
    if (!target) {
      const std::string_view raw = h.target();
      path_ = std::string(raw.substr(0, std::min(raw.find('?'), kLoggedTargetBytes)));
      reply_problem(400, "invalid_input", target.err().message, true);
      return;
    }
    path_ = std::move(target->path);
    query_ = std::move(target->query);
    read_body();
  }

  void read_body() {
    const std::uint64_t limit = srv_.app.body_limit(method_, path_);
    const auto length = header_parser_->content_length();
    if (length && *length > limit) {
      reply_problem(413, "limit_exceeded", "the body is over this route's limit of " + std::to_string(limit) + " bytes",
                    true);
      return;
    }
    const bool spool = srv_.app.spools_body(method_, path_);
    if (spool && !open_spool(limit)) {
      return;
    }
    if (!spool) {
      body_parser_.emplace(std::move(*header_parser_));
      body_parser_->body_limit(limit);
    }
    header_parser_.reset();
    lowest().expires_after(body_deadline(opts(), length ? *length : limit));
    if (spool ? file_parser_->is_done() : body_parser_->is_done()) {
      on_body({}, 0);
      return;
    }
    const auto& fields = spool ? file_parser_->get().base() : body_parser_->get().base();
    const auto expect = fields.find(http::field::expect);
    if (version_ >= 11 && expect != fields.end() && beast::iequals(expect->value(), "100-continue")) {
      send_continue();  // the client waits for it before it sends the body
      return;
    }
    read_body_octets();
  }

  // The body goes to a private temporary file; false when that failed (answered).
  bool open_spool(std::uint64_t limit) {
    auto file = srv_.new_spool_file();
    if (!file) {
      srv_.emit({{"ts", now_utc()}, {"event", "spool_failed"}, {"detail", file.err().message}});
      reply_problem(500, "internal", "the server cannot store the body", true);
      return false;
    }
    spool_ = std::move(file.value());
    file_parser_.emplace(std::move(*header_parser_));
    file_parser_->body_limit(limit);
    beast::error_code ec;
    file_parser_->get().body().open(spool_->path().c_str(), beast::file_mode::write, ec);
    if (ec) {
      srv_.emit({{"ts", now_utc()}, {"event", "spool_failed"}, {"detail", ec.message()}});
      reply_problem(500, "internal", "the server cannot store the body", true);
      return false;
    }
    return true;
  }

  void send_continue() {
    continue_.emplace(http::status::continue_, version_);
    http::async_write(stream_, *continue_, [self = self()](beast::error_code ec, std::size_t /*bytes*/) {
      self->continue_.reset();
      if (ec) {
        self->close_now();
      } else {
        self->read_body_octets();
      }
    });
  }

  void read_body_octets() {
    if (file_parser_) {
      http::async_read(stream_, buffer_, *file_parser_, beast::bind_front_handler(&session::on_body, self()));
    } else {
      http::async_read(stream_, buffer_, *body_parser_, beast::bind_front_handler(&session::on_body, self()));
    }
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      reply_problem(431, "limit_exceeded",
                    "the request header is over " + std::to_string(opts().header_limit) + " bytes", true);
    } else if (ec == http::error::body_limit) {
      reply_problem(413, "limit_exceeded", "the body is over this route's limit", true);
    } else if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
               ec.category() != http::make_error_code(http::error::bad_target).category()) {
      close_now();  // the client left, was too slow, or the socket failed: nobody to answer
    } else {
      reply_problem(400, "invalid_input", "malformed request: " + ec.message(), true);
    }
  }

  void on_body(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      file_parser_.reset();
      spool_.reset();  // removes the partial file
      on_read_error(ec);
      return;
    }
    request req;
    if (file_parser_) {
      file_parser_->get().body().close();
      fill_request(req, file_parser_->get());
      req.spooled = std::move(spool_);
      file_parser_.reset();
    } else {
      fill_request(req, body_parser_->get());
      req.body = std::move(body_parser_->get().body());
      body_parser_.reset();
    }
    dispatch(std::move(req));
  }

  template <typename Message>
  void fill_request(request& req, const Message& msg) {
    req.method = method_;
    req.path = path_;
    req.query = std::move(query_);
    for (const auto& field : msg) {
      req.headers.emplace_back(to_lower_ascii(field.name_string()), std::string(field.value()));
    }
    req.peer = slot_.address();
    req.request_id = request_id_;
    req.tls = kTls;
    keep_alive_ = msg.keep_alive();
  }

  void dispatch(request req) {
    if (!srv_.try_enter()) {
      response r = problem_response(503, "overloaded", "the server is busy; try again later", request_id_);
      r.headers.emplace_back("Retry-After", "1");
      send(std::move(r), false);
      return;
    }
    if (srv_.opts.stats != nullptr) {
      srv_.opts.stats->request_queued();
    }
    net::post(srv_.pool, [self = self(), req = std::move(req), queued = steady::now()]() {
      metrics* stats = self->srv_.opts.stats;
      if (stats != nullptr) {
        stats->request_started();
        stats->observe_queue_wait(steady::now() - queued);
      }
      response r = self->srv_.call_app(req);
      if (stats != nullptr) {
        stats->request_finished();
      }
      self->srv_.leave();
      net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->send(std::move(r), false); });
    });
  }

  void reply_problem(int status, std::string_view code, const std::string& detail, bool close_after) {
    send(problem_response(status, code, detail, request_id_), close_after);
  }

  void send(response r, bool close_after) {
    if (r.status < 100 || r.status > 599) {
      r = problem_response(500, "internal", "the application gave no valid status", request_id_);
    }
    if (r.status < 200 || r.status == 204 || r.status == 304) {
      r.body.clear();  // these carry no body (Beast refuses to frame one)
    }
    ++served_;
    keep_alive_ = keep_alive_ && !close_after && !srv_.draining && served_ < opts().max_requests_per_connection;
    res_.emplace();
    res_->version(version_);
    res_->result(static_cast<unsigned>(r.status));
    for (auto& [name, value] : r.headers) {
      if (!has_crlf(name) && !has_crlf(value)) {
        res_->insert(name, value);
      }
    }
    if (!r.body.empty() || r.content_type != response{}.content_type) {
      res_->set(http::field::content_type, r.content_type);
    }
    add_transport_headers(*res_, kTls, request_id_);
    res_->keep_alive(keep_alive_);
    res_->body() = std::move(r.body);
    res_->prepare_payload();
    if (head_) {
      res_->body().clear();  // Content-Length stays that of the GET
    }
    log_request(r.status);
    if (srv_.opts.stats != nullptr) {
      srv_.opts.stats->observe_request(r.route, method_, r.status, steady::now() - started_);
    }
    state_ = state::busy;
    lowest().expires_after(opts().write_timeout);
    http::async_write(stream_, *res_, beast::bind_front_handler(&session::on_write, self()));
  }

  void on_write(beast::error_code ec, std::size_t /*bytes*/) {
    res_.reset();
    if (ec) {
      close_now();
    } else if (!keep_alive_) {
      close();
    } else {
      keep_alive_ = false;
      read_header();
    }
  }

  void log_request(int status) const {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(steady::now() - started_).count();
    srv_.emit({{"ts", now_utc()},
               {"request_id", request_id_},
               {"peer", slot_.address()},
               {"method", method_},
               {"path", path_},
               {"status", status},
               {"ms", static_cast<double>(us / 100) / 10.0}});
  }

  // Ends the connection politely: TLS close_notify, or a FIN and then reading
  // (and dropping) what the client still sends for a moment, so that a reset
  // does not destroy the answer before the client has read it.
  void close() {
    state_ = state::closing;
    if constexpr (kTls) {
      lowest().expires_after(kTlsShutdownTimeout);
      stream_.async_shutdown([self = self()](beast::error_code /*ec*/) { self->close_now(); });
    } else {
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) {
        close_now();
        return;
      }
      linger_.resize(4096);
      lowest().expires_after(kLingerTimeout);
      linger();
    }
  }

  void linger() {
    lowest().async_read_some(net::buffer(linger_), [self = self()](beast::error_code ec, std::size_t n) {
      self->lingered_ += n;
      if (ec || self->lingered_ > kLingerBytes) {
        self->close_now();
      } else {
        self->linger();
      }
    });
  }

  void close_now() {
    state_ = state::closing;
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().socket().close(ec);
  }

  http_server::impl& srv_;
  conn_slot slot_;  // first: released after the stream has closed
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  std::optional<http::request_parser<http::file_body>> file_parser_;  // routes that spool their body
  std::shared_ptr<spooled_file> spool_;
  std::optional<http::response<http::string_body>> res_;
  std::optional<http::response<http::empty_body>> continue_;
  state state_ = state::handshake;
  unsigned served_ = 0;
  bool keep_alive_ = false;
  bool head_ = false;
  unsigned version_ = 11;
  steady::time_point started_ = steady::now();
  std::string request_id_;
  std::string method_;
  std::string path_;
  header_list query_;
  std::vector<char> linger_;
  std::size_t lingered_ = 0;
};

result<net::ip::address> listen_address(const server_options& opts) {
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(opts.host == "localhost" ? "127.0.0.1" : opts.host, ec);
  if (ec) {
    return make_error(error_code::invalid_input, "--listen: '" + opts.host + "' is not an IP address");
  }
  const bool tls = !opts.tls_cert.empty() || !opts.tls_key.empty();
  if (!tls && !address.is_loopback() && !opts.allow_plain_non_loopback) {
    return make_error(error_code::invalid_input, "--listen " + opts.host +
                                                     ": plain HTTP is refused on a non-loopback address; give "
                                                     "--tls-cert and --tls-key, or --insecure-plain-http");
  }
  return address;
}

status readable(const std::string& path, std::string_view what) {
  const std::ifstream in(path);
  if (!in) {
    return make_error(error_code::io_error, path + ": cannot read the TLS " + std::string(what), {path, 0, 0, ""});
  }
  return {};
}

}  // namespace

status http_server::impl::make_spool_dir() {
  std::error_code ec;
  const std::string parent =
      opts.spool_dir.empty() ? std::filesystem::temp_directory_path(ec).string() : opts.spool_dir;
  std::string pattern = parent + "/netvet-spool-XXXXXX";
  if (ec || ::mkdtemp(pattern.data()) == nullptr) {  // mode 0700
    return make_error(error_code::io_error,
                      parent + ": cannot make the upload spool directory (" + std::strerror(errno) + ")",
                      location{parent});
  }
  spool_dir = pattern;
  return {};
}

result<std::shared_ptr<spooled_file>> http_server::impl::new_spool_file() {
  std::string pattern = spool_dir + "/body-XXXXXX";
  const int fd = ::mkstemp(pattern.data());  // mode 0600, kept by the parser's open (O_TRUNC)
  if (fd < 0) {
    return make_error(error_code::io_error, spool_dir + ": cannot create a spool file (" + std::strerror(errno) + ")",
                      location{spool_dir});
  }
  ::close(fd);
  return std::make_shared<spooled_file>(pattern);
}

status http_server::impl::load_tls() {
  if (opts.tls_cert.empty() || opts.tls_key.empty()) {
    return make_error(error_code::invalid_input, "--tls-cert and --tls-key go together");
  }
  NETVET_TRY(readable(opts.tls_cert, "certificate"));
  NETVET_TRY(readable(opts.tls_key, "key"));
  tls.emplace(ssl::context::tls_server);
  beast::error_code ec;
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                   ec);
  if (ec || SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION) != 1) {
    return make_error(error_code::internal, "TLS: cannot set the protocol versions");
  }
  tls->use_certificate_chain_file(opts.tls_cert, ec);
  if (ec) {
    return make_error(error_code::invalid_input, opts.tls_cert + ": not a PEM certificate chain (" + ec.message() + ")",
                      {opts.tls_cert, 0, 0, ""});
  }
  tls->use_private_key_file(opts.tls_key, ssl::context::pem, ec);
  if (ec) {
    return make_error(error_code::invalid_input, opts.tls_key + ": not a PEM private key (" + ec.message() + ")",
                      {opts.tls_key, 0, 0, ""});
  }
  if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
    return make_error(error_code::invalid_input, opts.tls_key + ": does not match the certificate " + opts.tls_cert,
                      {opts.tls_key, 0, 0, ""});
  }
  return {};
}

status http_server::impl::listen(const net::ip::address& address) {
  const tcp::endpoint endpoint(address, opts.port);
  const std::string where = "--listen " + opts.host + ":" + std::to_string(opts.port) + ": ";
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return make_error(error_code::io_error, where + ec.message());
  }
  port = acceptor.local_endpoint(ec).port();
  return {};
}

void http_server::impl::do_accept() {
  acceptor.async_accept(net::make_strand(ioc),
                        [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void http_server::impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (!acceptor.is_open() || ec == net::error::operation_aborted) {
    return;
  }
  if (ec) {  // EMFILE and the like: wait a little instead of spinning
    event("warning", "accept: " + ec.message());
    accept_retry.expires_after(kAcceptRetry);
    accept_retry.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor.is_open()) {
        do_accept();
      }
    });
    return;
  }
  try {
    admit(std::move(socket));
  } catch (const std::exception& e) {  // bad_alloc: drop this one, keep accepting
    event("error", std::string("accept: ") + e.what());
  }
  do_accept();
}

void http_server::impl::admit(tcp::socket socket) {
  beast::error_code ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) {
    return;
  }
  const std::string address = peer.address().to_string();
  const std::optional<std::uint64_t> id = reserve(address);
  if (!id) {
    socket.close(ec);  // over a cap: closed at once, nothing read
    return;
  }
  if (tls) {
    std::make_shared<session<beast::ssl_stream<beast::tcp_stream>>>(*this, address, *id, std::move(socket), *tls)
        ->start();
  } else {
    std::make_shared<session<beast::tcp_stream>>(*this, address, *id, std::move(socket))->start();
  }
}

std::optional<std::uint64_t> http_server::impl::reserve(const std::string& address) {
  const std::lock_guard<std::mutex> lock(mu);
  if (stopping || total >= opts.total_connections) {
    if (opts.stats != nullptr) {
      opts.stats->connection_refused();
    }
    return std::nullopt;
  }
  std::size_t& n = per_address[address];
  if (n >= opts.per_address_connections) {
    if (n == 0) {
      per_address.erase(address);
    }
    if (opts.stats != nullptr) {
      opts.stats->connection_refused();
    }
    return std::nullopt;
  }
  ++n;
  ++total;
  if (opts.stats != nullptr) {
    opts.stats->connection_opened();
  }
  return next_id++;
}

void http_server::impl::track(std::uint64_t id, const std::shared_ptr<session_base>& s) {
  const std::lock_guard<std::mutex> lock(mu);
  sessions[id] = s;
}

void http_server::impl::release(const std::string& address, std::uint64_t id) {
  const std::lock_guard<std::mutex> lock(mu);
  auto it = per_address.find(address);
  if (it != per_address.end() && --it->second == 0) {
    per_address.erase(it);
  }
  --total;
  if (opts.stats != nullptr) {
    opts.stats->connection_closed();
  }
  sessions.erase(id);
  if (total == 0) {
    cv.notify_all();
  }
}

void http_server::impl::request_stop() {
  std::vector<std::shared_ptr<session_base>> open;
  {
    const std::lock_guard<std::mutex> lock(mu);
    if (stopping) {
      return;
    }
    stopping = true;
    draining = true;
    for (const auto& [id, weak] : sessions) {
      if (auto s = weak.lock()) {
        open.push_back(std::move(s));
      }
    }
  }
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    accept_retry.cancel();
  });
  for (const auto& s : open) {
    s->drain();
  }
  cv.notify_all();
}

void http_server::impl::run_io() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      event("error", std::string("I/O thread: ") + e.what());
    } catch (...) {
      event("error", "I/O thread: unknown exception");
    }
  }
}

response http_server::impl::call_app(const request& req) {
  try {
    return app.handle(req);
  } catch (const std::exception& e) {
    emit({{"ts", now_utc()}, {"level", "error"}, {"request_id", req.request_id}, {"message", e.what()}});
  } catch (...) {
    emit({{"ts", now_utc()}, {"level", "error"}, {"request_id", req.request_id}, {"message", "unknown exception"}});
  }
  return problem_response(500, "internal", "an internal error; the server log has the request id", req.request_id);
}

http_server::http_server(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

http_server::~http_server() {
  if (impl_) {
    impl_->request_stop();
    impl_->pool.join();
  }
}

result<std::unique_ptr<http_server>> http_server::start(application& app, const server_options& opts) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer that hangs up is an error code, not a signal
  NETVET_ASSIGN_OR_RETURN(const net::ip::address address, listen_address(opts));
  try {
    auto p = std::make_unique<impl>(app, opts);
    if (!opts.tls_cert.empty() || !opts.tls_key.empty()) {
      NETVET_TRY(p->load_tls());
    } else if (!address.is_loopback()) {
      p->event("warning", "plain HTTP on a non-loopback address (--insecure-plain-http)");
    }
    NETVET_TRY(p->make_spool_dir());
    NETVET_TRY(p->listen(address));
    return std::unique_ptr<http_server>(new http_server(std::move(p)));
  } catch (const std::exception& e) {
    return make_error(error_code::internal, std::string("server start: ") + e.what());
  }
}

std::uint16_t http_server::port() const { return impl_->port; }

void http_server::stop() { impl_->request_stop(); }

void http_server::stop_on_signals() {
  impl& s = *impl_;
  s.signals.add(SIGINT);
  s.signals.add(SIGTERM);
  s.signals.async_wait([&s](beast::error_code ec, int /*signal*/) {
    if (!ec) {
      s.event("info", "signal: draining");
      s.request_stop();
    }
  });
}

void http_server::run() {
  impl& s = *impl_;
  net::post(s.acceptor.get_executor(), [&s] { s.do_accept(); });
  auto work = net::make_work_guard(s.ioc);  // kept while draining: workers post answers back
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < std::max(1U, s.opts.io_threads); ++i) {
    threads.emplace_back([&s] { s.run_io(); });
  }
  {
    std::unique_lock<std::mutex> lock(s.mu);
    s.cv.wait(lock, [&s] { return s.stopping; });
    if (!s.cv.wait_for(lock, s.opts.drain_timeout, [&s] { return s.total == 0; })) {
      s.event("warning", std::to_string(s.total) + " connections cut at the drain deadline");
    }
  }
  work.reset();
  s.ioc.stop();
  for (auto& t : threads) {
    t.join();
  }
  s.pool.join();
}

spooled_file::~spooled_file() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace netvet::server
