// The HTTP transport (server/http_server.h) against hostile and ordinary
// clients, through a raw socket client (raw_client.h) and, for TLS, the
// openssl command. The application here is a small echo/sleep app: these
// tests are about the transport, not the API.
#include "netvet/server/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "server/raw_client.h"
#include "support/temp_dir.h"

namespace netvet::server {
namespace {

using netvet::testing::get_request;
using netvet::testing::http_exchange;
using netvet::testing::http_reply;
using netvet::testing::raw_connection;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

class echo_app final : public application {
 public:
  [[nodiscard]] std::uint64_t body_limit(std::string_view /*method*/, std::string_view path) const override {
    if (path == "/small") {
      return 16;
    }
    return path.rfind("/echo", 0) == 0 ? 1024 : 0;
  }

  response handle(const request& req) override {
    ++calls;
    if (req.path == "/sleep") {
      ++started;
      std::this_thread::sleep_for(milliseconds(std::stoi(std::string(req.param("ms").value_or("500")))));
    }
    if (req.path == "/nocontent") {
      return {204, "", "a body a 204 cannot carry", {}};
    }
    if (req.path == "/cacheable") {
      return {200, "application/json", "{}", {{"Cache-Control", "public, max-age=60"}, {"X-Frame-Options", "ALLOW"}}};
    }
    if (req.path == "/throw") {
      throw std::runtime_error("secret detail");
    }
    nlohmann::json query = nlohmann::json::object();
    for (const auto& [k, v] : req.query) {
      query[k] = v;
    }
    const nlohmann::json j = {{"method", req.method},
                              {"path", req.path},
                              {"query", query},
                              {"body", req.body},
                              {"tls", req.tls},
                              {"peer", req.peer},
                              {"x-test", std::string(req.header("x-test").value_or(""))}};
    return {200, "application/json", j.dump(), {}};
  }

  std::atomic<int> calls{0};
  std::atomic<int> started{0};
};

server_options quiet_options() {
  server_options o;
  o.header_timeout = 2s;
  o.idle_timeout = 2s;
  return o;
}

// A server on an ephemeral port, run() on its own thread, its log captured.
class running_server {
 public:
  running_server(application& app, server_options o) : lines_(std::make_shared<log_lines>()) {
    o.log = [lines = lines_](std::string_view line) {
      const std::lock_guard<std::mutex> lock(lines->mu);
      lines->all.emplace_back(line);
    };
    auto started = http_server::start(app, o);
    if (!started) {
      ADD_FAILURE() << started.err().to_string();
      return;
    }
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~running_server() { stop_and_join(); }
  running_server(const running_server&) = delete;
  running_server& operator=(const running_server&) = delete;

  [[nodiscard]] std::uint16_t port() const { return server_ ? server_->port() : 0; }
  http_server& server() { return *server_; }
  void stop_and_join() {
    if (server_ && thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }
  [[nodiscard]] std::vector<std::string> log() const {
    const std::lock_guard<std::mutex> lock(lines_->mu);
    return lines_->all;
  }

 private:
  struct log_lines {
    std::mutex mu;
    std::vector<std::string> all;
  };
  std::shared_ptr<log_lines> lines_;
  std::unique_ptr<http_server> server_;
  std::thread thread_;
};

void expect_security_headers(const http_reply& r) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"x-content-type-options", "nosniff"},
      {"x-frame-options", "DENY"},
      {"referrer-policy", "no-referrer"},
      {"cache-control", "no-store"},
      {"content-security-policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
  };
  for (const auto& [name, value] : expected) {
    EXPECT_EQ(r.header(name).value_or("(absent)"), value) << name;
  }
  EXPECT_EQ(r.header("x-request-id").value_or("").size(), 24U) << "a random X-Request-ID";
  EXPECT_EQ(r.header("server").value_or("netvet"), "netvet");
}

void expect_problem(const std::optional<http_reply>& r, int status, const std::string& code) {
  ASSERT_TRUE(r.has_value()) << "no answer, expected " << status;
  EXPECT_EQ(r->status, status) << r->body;
  EXPECT_EQ(r->header("content-type"), "application/problem+json");
  const auto j = nlohmann::json::parse(r->body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r->body;
  EXPECT_EQ(j.value("status", 0), status);
  EXPECT_EQ(j.value("code", ""), code);
  expect_security_headers(*r);
}

// An application may let an answer be cached (the OpenAPI document); the
// other security headers stay the transport's.
TEST(HttpServer, TheApplicationMayAllowCachingButNotLoosenTheOtherHeaders) {
  echo_app app;
  running_server s(app, quiet_options());
  const auto r = http_exchange(s.port(), get_request("/cacheable"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->header("cache-control").value_or("(absent)"), "public, max-age=60");
  EXPECT_EQ(r->header("x-frame-options").value_or("(absent)"), "DENY");
  EXPECT_EQ(r->header("x-content-type-options").value_or("(absent)"), "nosniff");
}

TEST(HttpServer, EchoRoundTripWithSecurityHeadersAndLog) {
  echo_app app;
  running_server s(app, quiet_options());
  const auto r = http_exchange(s.port(), get_request("/echo/a%20b?x=1%262&y=a+b&flag",
                                                     "X-Test: Hello\r\nAuthorization: Bearer sekrit-token\r\n"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  expect_security_headers(*r);
  EXPECT_FALSE(r->header("strict-transport-security").has_value()) << "HSTS only under TLS";
  const auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["path"], "/echo/a b");
  EXPECT_EQ(j["query"]["x"], "1&2");
  EXPECT_EQ(j["query"]["y"], "a b");
  EXPECT_EQ(j["query"]["flag"], "");
  EXPECT_EQ(j["x-test"], "Hello") << "header names are lower-cased for the application";
  EXPECT_EQ(j["peer"], "127.0.0.1");
  EXPECT_EQ(j["tls"], false);

  const auto lines = s.log();
  ASSERT_EQ(lines.size(), 1U);
  const auto line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["request_id"], *r->header("x-request-id"));
  EXPECT_EQ(line["status"], 200);
  EXPECT_EQ(line["path"], "/echo/a b");
  EXPECT_EQ(line["peer"], "127.0.0.1");
  EXPECT_TRUE(line.contains("ts") && line.contains("ms") && line.contains("method"));
  EXPECT_EQ(lines[0].find("sekrit"), std::string::npos) << "the Authorization header is never logged";
}

TEST(HttpServer, KeepAliveUpToTheRequestCap) {
  echo_app app;
  server_options o = quiet_options();
  o.max_requests_per_connection = 3;
  running_server s(app, o);
  raw_connection c(s.port());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.send(get_request("/echo"))) << i;
    const auto r = c.read_reply();
    ASSERT_TRUE(r.has_value()) << "request " << i << " on the same connection";
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("connection") == "close", i == 2) << "only the cap's last answer closes, i=" << i;
    ids.push_back(*r->header("x-request-id"));
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_NE(ids[1], ids[2]);
  EXPECT_TRUE(c.closed_within(1s));
  EXPECT_EQ(app.calls, 3);
}

TEST(HttpServer, NoContentCarriesNoBodyAndKeepsTheConnection) {
  echo_app app;
  running_server s(app, quiet_options());
  raw_connection c(s.port());
  ASSERT_TRUE(c.send(get_request("/nocontent") + get_request("/echo")));  // pipelined
  const auto r = c.read_reply();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 204);
  EXPECT_TRUE(r->body.empty());
  const auto next = c.read_reply();
  ASSERT_TRUE(next.has_value()) << "the 204 was framed correctly";
  EXPECT_EQ(next->status, 200);
}

TEST(HttpServer, ExpectContinueGetsA100BeforeTheBody) {
  echo_app app;
  running_server s(app, quiet_options());
  raw_connection c(s.port());
  ASSERT_TRUE(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  const auto interim = c.read_reply();
  ASSERT_TRUE(interim.has_value()) << "no 100 Continue: a client would wait before sending the body";
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("hello"));
  const auto r = c.read_reply();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["body"], "hello");
  // Over the limit, the answer is 413 and no 100 is sent.
  raw_connection big(s.port());
  ASSERT_TRUE(big.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n"));
  expect_problem(big.read_reply(), 413, "limit_exceeded");
}

TEST(HttpServer, SlowlorisIsCutAtTheHeaderDeadlineWhileOthersAreServed) {
  echo_app app;
  running_server s(app, quiet_options());  // header_timeout 2 s
  constexpr int kSlow = 16;
  const std::string drip = "GET /echo HTTP/1.1\r\nHost: slow\r\nX-A: b\r\n";
  std::vector<raw_connection> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.emplace_back(s.port());
    ASSERT_TRUE(slow.back().connected());
  }
  const auto t0 = steady::now();
  std::vector<double> closed_at(kSlow, -1.0);
  milliseconds fresh_took{-1};
  for (int tick = 0; tick < 50; ++tick) {  // 100 ms ticks, up to 5 s
    const double now = std::chrono::duration<double>(steady::now() - t0).count();
    for (int i = 0; i < kSlow; ++i) {
      if (closed_at[i] >= 0) {
        continue;
      }
      if (tick % 10 == 0) {
        slow[i].send(std::string(1, drip[static_cast<std::size_t>(tick / 10)]));
      }
      if (slow[i].closed_within(1ms)) {
        closed_at[i] = now;
      }
    }
    if (tick == 10) {  // one second in: the server still answers at once
      const auto f0 = steady::now();
      const auto r = http_exchange(s.port(), get_request("/echo"));
      fresh_took = std::chrono::duration_cast<milliseconds>(steady::now() - f0);
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->status, 200);
    }
    if (tick > 10 && std::all_of(closed_at.begin(), closed_at.end(), [](double t) { return t >= 0; })) {
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_GE(fresh_took.count(), 0);
  EXPECT_LT(fresh_took.count(), 500);
  for (int i = 0; i < kSlow; ++i) {
    EXPECT_GE(closed_at[i], 1.5) << "socket " << i << " closed before the deadline";
    EXPECT_LE(closed_at[i], 3.5) << "socket " << i << " outlived the 2 s header deadline (-1: never closed)";
  }
  EXPECT_EQ(app.calls, 1);
}

TEST(HttpServer, HeaderOverTheLimitIs431AndClosed) {
  echo_app app;
  running_server s(app, quiet_options());
  raw_connection c(s.port());
  ASSERT_TRUE(c.send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n"));
  expect_problem(c.read_reply(), 431, "limit_exceeded");
  EXPECT_TRUE(c.closed_within(2s));
  EXPECT_EQ(app.calls, 0);
}

TEST(HttpServer, ContentLengthOverTheRouteLimitIs413BeforeTheBody) {
  echo_app app;
  running_server s(app, quiet_options());
  raw_connection c(s.port());
  // Only the header: the answer must come without the body being sent.
  ASSERT_TRUE(c.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n"));
  expect_problem(c.read_reply(), 413, "limit_exceeded");
  EXPECT_TRUE(c.closed_within(2s));
  // A route that takes no body refuses one byte.
  expect_problem(http_exchange(s.port(), "POST /other HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx"), 413,
                 "limit_exceeded");
  EXPECT_EQ(app.calls, 0) << "handle() is never called for a refused body";
}

TEST(HttpServer, ChunkedBodyGrowingPastTheLimitIs413) {
  echo_app app;
  running_server s(app, quiet_options());
  const std::string head = "POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk = "a\r\n0123456789\r\n";
  const auto ok = http_exchange(s.port(), head + chunk + "0\r\n\r\n");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200) << "10 bytes fit the 16-byte limit";
  EXPECT_EQ(nlohmann::json::parse(ok->body)["body"], "0123456789");
  EXPECT_EQ(app.calls, 1);

  raw_connection c(s.port());
  ASSERT_TRUE(c.send(head + chunk + chunk));
  expect_problem(c.read_reply(), 413, "limit_exceeded");
  EXPECT_TRUE(c.closed_within(2s));
  EXPECT_EQ(app.calls, 1) << "handle() is not called for the 20-byte body";
}

TEST(HttpServer, TargetHygieneRefusesBeforeTheApplication) {
  echo_app app;
  running_server s(app, quiet_options());
  const std::vector<std::string> bad = {"/a/../b", "/a/%2e%2e/b", "/a%2Fb", "//x",  "/a/%00",
                                        "/a/./b",  "http://x/y",  "/a%zz",  "/a%2", "/" + std::string(3 * 1024, 'a')};
  for (const auto& target : bad) {
    SCOPED_TRACE(target.substr(0, 40));
    expect_problem(http_exchange(s.port(), get_request(target)), 400, "invalid_input");
  }
  EXPECT_EQ(app.calls, 0);
  const auto good = http_exchange(s.port(), get_request("/echo/x%20y/"));
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(nlohmann::json::parse(good->body)["path"], "/echo/x y/");
}

TEST(HttpServer, ParseTargetDirectly) {
  EXPECT_TRUE(parse_target("/", 2048).has_value());
  EXPECT_EQ(parse_target("/a%41?b=%41", 2048)->path, "/aA");
  EXPECT_EQ(parse_target("/a?b=%41&&c", 2048)->query.size(), 2U);
  EXPECT_FALSE(parse_target("/a?b=%00", 2048).has_value());
  EXPECT_FALSE(parse_target("*", 2048).has_value());
  EXPECT_FALSE(parse_target("/a#f", 2048).has_value());
  EXPECT_FALSE(parse_target("/abc", 3).has_value());
  EXPECT_EQ(parse_target("/a/..", 2048).err().code, error_code::invalid_input);
}

TEST(HttpServer, PerAddressCapClosesTheExtraConnectionOnly) {
  echo_app app;
  server_options o = quiet_options();
  o.per_address_connections = 4;
  running_server s(app, o);
  std::vector<raw_connection> first;
  for (int i = 0; i < 4; ++i) {
    first.emplace_back(s.port());
  }
  std::this_thread::sleep_for(200ms);  // let the acceptor count them
  raw_connection fifth(s.port());
  EXPECT_TRUE(fifth.closed_within(1s)) << "the 5th connection from one address is closed at once";
  for (auto& c : first) {
    ASSERT_TRUE(c.send(get_request("/echo")));
    const auto r = c.read_reply();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
  }
  first.pop_back();  // one leaves: its place is free again
  std::this_thread::sleep_for(200ms);
  const auto again = http_exchange(s.port(), get_request("/echo"));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 200);
}

TEST(HttpServer, TotalCapClosesTheExtraConnection) {
  echo_app app;
  server_options o = quiet_options();
  o.total_connections = 2;
  running_server s(app, o);
  raw_connection a(s.port());
  raw_connection b(s.port());
  std::this_thread::sleep_for(200ms);
  raw_connection c(s.port());
  EXPECT_TRUE(c.closed_within(1s)) << "the 3rd connection in all is closed at once";
  ASSERT_TRUE(a.send(get_request("/echo")));
  const auto r = a.read_reply();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
}

TEST(HttpServer, SigtermStopsTheServer) {
  echo_app app;
  server_options o = quiet_options();
  o.log = [](std::string_view) {};
  auto started = http_server::start(app, o);
  ASSERT_TRUE(started.has_value());
  http_server& srv = *started.value();
  srv.stop_on_signals();
  std::atomic<bool> returned{false};
  std::thread t([&] {
    srv.run();
    returned = true;
  });
  const auto r = http_exchange(srv.port(), get_request("/echo"));  // running, handler installed
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(::raise(SIGTERM), 0);
  for (int i = 0; i < 200 && !returned; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(returned) << "run() returns after SIGTERM";
  if (!returned) {
    srv.stop();
  }
  t.join();
}

TEST(HttpServer, FullQueueIs503WithRetryAfter) {
  echo_app app;
  server_options o = quiet_options();
  o.workers = 1;
  o.queue = 1;
  running_server s(app, o);
  raw_connection a(s.port());
  raw_connection b(s.port());
  ASSERT_TRUE(a.send(get_request("/sleep?ms=800")));
  for (int i = 0; i < 100 && app.started == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(app.started, 1);
  ASSERT_TRUE(b.send(get_request("/sleep?ms=100")));  // waits in the queue
  std::this_thread::sleep_for(200ms);
  const auto c = http_exchange(s.port(), get_request("/echo"));
  expect_problem(c, 503, "overloaded");
  EXPECT_EQ(c->header("retry-after"), "1");
  const auto ra = a.read_reply();
  const auto rb = b.read_reply();
  ASSERT_TRUE(ra.has_value() && rb.has_value());
  EXPECT_EQ(ra->status, 200);
  EXPECT_EQ(rb->status, 200);
  EXPECT_EQ(app.calls, 2) << "handle() is not called for the refused request";
}

TEST(HttpServer, ExceptionInHandleIs500WithoutDetail) {
  echo_app app;
  running_server s(app, quiet_options());
  const auto r = http_exchange(s.port(), get_request("/throw"));
  expect_problem(r, 500, "internal");
  EXPECT_EQ(r->body.find("secret detail"), std::string::npos);
  // The connection's server is still fine.
  const auto ok = http_exchange(s.port(), get_request("/echo"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
}

TEST(HttpServer, StopDrainsInFlightAndClosesIdle) {
  echo_app app;
  running_server s(app, quiet_options());
  raw_connection idle(s.port());
  ASSERT_TRUE(idle.send(get_request("/echo")));
  ASSERT_TRUE(idle.read_reply().has_value());  // now an idle keep-alive connection
  raw_connection busy(s.port());
  ASSERT_TRUE(busy.send(get_request("/sleep?ms=700")));
  for (int i = 0; i < 100 && app.started == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(app.started, 1);
  const auto t0 = steady::now();
  s.server().stop();
  EXPECT_TRUE(idle.closed_within(1s)) << "an idle keep-alive connection is closed by stop()";
  const auto r = busy.read_reply();
  ASSERT_TRUE(r.has_value()) << "the request in flight still gets its answer";
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("connection"), "close");
  s.stop_and_join();  // run() returns once drained
  EXPECT_LT(steady::now() - t0, 3s);
  raw_connection late(s.port());
  EXPECT_TRUE(!late.connected() || late.closed_within(1s)) << "nothing is accepted after stop()";
}

TEST(HttpServer, PlainHttpOffLoopbackIsRefused) {
  echo_app app;
  server_options o = quiet_options();
  o.host = "0.0.0.0";
  const auto refused = http_server::start(app, o);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.err().code, error_code::invalid_input);
  EXPECT_NE(refused.err().message.find("--listen"), std::string::npos) << refused.err().message;

  o.host = "not-an-address";
  EXPECT_EQ(http_server::start(app, o).err().code, error_code::invalid_input);

  o.host = "0.0.0.0";
  o.allow_plain_non_loopback = true;
  o.log = [](std::string_view) {};
  EXPECT_TRUE(http_server::start(app, o).has_value()) << "allowed with the explicit flag";
}

TEST(HttpServer, BindFailureIsAnError) {
  echo_app app;
  running_server s(app, quiet_options());
  server_options o = quiet_options();
  o.port = s.port();
  const auto taken = http_server::start(app, o);
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.err().code, error_code::io_error);
}

// ---- TLS -----------------------------------------------------------------

// A self-signed EC P-256 certificate and its key, as PEM files in `dir`.
bool write_self_signed(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  bool ok = key != nullptr && x != nullptr;
  if (ok) {
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    const std::string cn = "127.0.0.1";
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(x, name);
    ok = X509_sign(x, key, EVP_sha256()) > 0;
  }
  FILE* c = ok ? std::fopen(cert_path.c_str(), "w") : nullptr;
  FILE* k = ok ? std::fopen(key_path.c_str(), "w") : nullptr;
  ok = c != nullptr && k != nullptr && PEM_write_X509(c, x) == 1 &&
       PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  if (c != nullptr) {
    std::fclose(c);
  }
  if (k != nullptr) {
    std::fclose(k);
  }
  X509_free(x);
  EVP_PKEY_free(key);
  return ok;
}

struct command_result {
  int status = -1;
  std::string output;
};

command_result run_command(const std::string& command) {
  command_result r;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    return r;
  }
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
    r.output.append(buf.data(), n);
  }
  r.status = ::pclose(p);
  return r;
}

TEST(HttpServer, TlsRefuses11AndServes12WithHsts) {
  if (!std::filesystem::exists("/usr/bin/openssl")) {
    GTEST_SKIP() << "/usr/bin/openssl is absent";
  }
  const netvet::testing::temp_dir dir;
  const std::string cert = dir / "cert.pem";
  const std::string key = dir / "key.pem";
  ASSERT_TRUE(write_self_signed(cert, key));
  echo_app app;
  server_options o = quiet_options();
  o.tls_cert = cert;
  o.tls_key = key;
  running_server s(app, o);
  const std::string connect = "/usr/bin/openssl s_client -connect 127.0.0.1:" + std::to_string(s.port());

  // SECLEVEL=0 lets the client offer TLS 1.1 at all: the refusal is the server's.
  const auto v11 = run_command(connect + " -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' </dev/null 2>&1");
  EXPECT_NE(v11.status, 0) << v11.output;
  const auto v12 = run_command(connect + " -tls1_2 </dev/null 2>&1");
  EXPECT_EQ(v12.status, 0) << v12.output;
  EXPECT_NE(v12.output.find("TLSv1.2"), std::string::npos) << v12.output;

  const auto get = run_command("printf 'GET /echo HTTP/1.1\\r\\nHost: t\\r\\nConnection: close\\r\\n\\r\\n' | " +
                               connect + " -quiet -ign_eof 2>/dev/null");
  EXPECT_NE(get.output.find("HTTP/1.1 200"), std::string::npos) << get.output;
  EXPECT_NE(get.output.find("Strict-Transport-Security: max-age=31536000"), std::string::npos) << get.output;
  EXPECT_NE(get.output.find("\"tls\":true"), std::string::npos) << get.output;
}

TEST(HttpServer, BadTlsFilesAreErrorsNamingTheFile) {
  const netvet::testing::temp_dir dir;
  echo_app app;
  server_options o = quiet_options();
  o.tls_cert = dir / "absent.pem";
  o.tls_key = dir / "absent-key.pem";
  const auto absent = http_server::start(app, o);
  ASSERT_FALSE(absent.has_value());
  EXPECT_EQ(absent.err().code, error_code::io_error);
  EXPECT_NE(absent.err().message.find("absent.pem"), std::string::npos) << absent.err().message;

  netvet::testing::spit(dir / "junk.pem", "not a certificate\n");
  netvet::testing::spit(dir / "junk-key.pem", "not a key\n");
  o.tls_cert = dir / "junk.pem";
  o.tls_key = dir / "junk-key.pem";
  const auto junk = http_server::start(app, o);
  ASSERT_FALSE(junk.has_value());
  EXPECT_EQ(junk.err().code, error_code::invalid_input);
  EXPECT_NE(junk.err().message.find("junk.pem"), std::string::npos) << junk.err().message;
}

}  // namespace
}  // namespace netvet::server
