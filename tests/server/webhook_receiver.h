// tests/server: a webhook receiver over POSIX sockets, as an organisation
// would write one: it recomputes each delivery's HMAC-SHA256 with OpenSSL
// over the exact bytes received and checks the timestamp, records every
// delivery, and can be told to fail or to stall (hold the connection without
// answering) the next requests.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace netvet::testing {

class webhook_receiver {
 public:
  struct delivery {
    std::string id, event, timestamp, signature, body, path;
    std::vector<bool> verifies;  // per secret given to set_secrets, in order
    bool fresh = false;          // the timestamp within 5 minutes of now
  };

  webhook_receiver() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 64);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
    port_ = ntohs(addr.sin_port);
    accepter_ = std::thread([this] { accept_loop(); });
  }
  ~webhook_receiver() {
    stop_ = true;
    accepter_.join();
    for (auto& t : handlers_) {
      t.join();
    }
    ::close(fd_);
  }
  webhook_receiver(const webhook_receiver&) = delete;
  webhook_receiver& operator=(const webhook_receiver&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void set_secrets(std::vector<std::string> s) {
    const std::lock_guard lock(mu_);
    secrets_ = std::move(s);
  }
  // The next `n` requests are answered `status` (or held unanswered when stall).
  void fail_next(int n, int status = 500) {
    const std::lock_guard lock(mu_);
    fail_ = n;
    fail_status_ = status;
  }
  void stall_next(int n) {
    const std::lock_guard lock(mu_);
    stall_ = n;
  }
  [[nodiscard]] std::vector<delivery> received() const {
    const std::lock_guard lock(mu_);
    return got_;
  }
  // Waits until `done(received())` or the timeout; whether it came.
  bool wait_for(const std::function<bool(const std::vector<delivery>&)>& done, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (done(received())) {
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done(received());
  }

  // hex HMAC-SHA256(secret, timestamp "." body), computed here with OpenSSL alone.
  static std::string expected(const std::string& secret, const std::string& ts, const std::string& body) {
    const std::string text = ts + "." + body;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(text.data()),  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
         text.size(), mac, &len);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
      out += kHex[mac[i] >> 4U];
      out += kHex[mac[i] & 15U];
    }
    return out;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) {
        handlers_.emplace_back([this, c] { handle(c); });
      }
    }
  }

  static std::string header(const std::string& head, const std::string& name) {
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const auto at = lower.find("\r\n" + name + ":");
    if (at == std::string::npos) {
      return "";
    }
    auto start = at + name.size() + 3;
    while (start < head.size() && head[start] == ' ') {
      ++start;
    }
    return head.substr(start, head.find("\r\n", start) - start);
  }

  // Reads one request (header and Content-Length body) within 5 s; false when it did not come.
  bool read_request(int c, std::string& head, std::string& body) const {
    std::string data;
    char buf[4096];
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!stop_ && std::chrono::steady_clock::now() < until) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      const ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) {
        return false;
      }
      data.append(buf, static_cast<std::size_t>(n));
      const auto end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        head = data.substr(0, end + 2);
        const std::string cl = header(head, "content-length");
        const std::size_t want = cl.empty() ? 0 : std::stoul(cl);
        if (data.size() >= end + 4 + want) {
          body = data.substr(end + 4, want);
          return true;
        }
      }
    }
    return false;
  }

  void handle(int c) {
    std::string head;
    std::string body;
    if (!read_request(c, head, body)) {
      ::close(c);
      return;
    }
    delivery d{header(head, "netvet-delivery"),
               header(head, "netvet-event"),
               header(head, "netvet-timestamp"),
               header(head, "netvet-signature"),
               body,
               head.substr(5, head.find(' ', 5) - 5),
               {},
               false};
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    d.fresh = !d.timestamp.empty() && std::llabs(std::stoll(d.timestamp) - now) <= 300;
    int status = 200;
    bool stall = false;
    {
      const std::lock_guard lock(mu_);
      for (const auto& s : secrets_) {
        d.verifies.push_back(("," + d.signature + ",").find(",v1=" + expected(s, d.timestamp, body) + ",") !=
                             std::string::npos);
      }
      got_.push_back(d);
      if (stall_ > 0) {
        --stall_;
        stall = true;
      } else if (fail_ > 0) {
        --fail_;
        status = fail_status_;
      }
    }
    while (stall && !stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // held until the receiver stops
    }
    const std::string reply =
        "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);  // the sender may be gone
    ::close(c);
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accepter_;
  std::vector<std::thread> handlers_;
  mutable std::mutex mu_;
  std::vector<std::string> secrets_;
  std::vector<delivery> got_;
  int fail_ = 0;
  int fail_status_ = 500;
  int stall_ = 0;
};

}  // namespace netvet::testing
