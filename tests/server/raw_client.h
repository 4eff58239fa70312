// tests/server: a raw HTTP/1.1 client over POSIX sockets, for tests that must
// send what no well-behaved client sends (a byte a second, a huge header, a
// bad target) and see exactly what comes back. Every read has a deadline.
//
//   raw_connection c(port);
//   c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
//   std::optional<http_reply> r = c.read_reply();   // nullopt: closed or timed out
#pragma once

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace netvet::testing {

struct http_reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  [[nodiscard]] std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) {
        return v;
      }
    }
    return std::nullopt;
  }
};

class raw_connection {
 public:
  using ms = std::chrono::milliseconds;

  explicit raw_connection(std::uint16_t port, ms timeout = ms(5000)) : timeout_(timeout) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      close();
      return;
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~raw_connection() { close(); }
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;
  raw_connection(raw_connection&& o) noexcept
      : fd_(std::exchange(o.fd_, -1)), timeout_(o.timeout_), pending_(std::move(o.pending_)) {}
  raw_connection& operator=(raw_connection&&) = delete;

  [[nodiscard]] bool connected() const { return fd_ >= 0; }

  // Sends every byte; false if the peer is gone.
  bool send(std::string_view bytes) {
    while (fd_ >= 0 && !bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return fd_ >= 0;
  }

  // One response (Content-Length or chunked body); nullopt when the
  // connection closes or the deadline passes first.
  std::optional<http_reply> read_reply() {
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    std::size_t end = 0;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) {
        return std::nullopt;
      }
    }
    http_reply r;
    if (!parse_head(pending_.substr(0, end), r)) {
      return std::nullopt;
    }
    pending_.erase(0, end + 4);
    const auto te = r.header("transfer-encoding");
    const bool ok =
        te && te->find("chunked") != std::string::npos ? read_chunked(r.body, deadline) : read_sized(r, deadline);
    return ok ? std::optional<http_reply>(std::move(r)) : std::nullopt;
  }

  // True when the peer closes (EOF or reset) within `wait`; bytes that
  // arrive meanwhile are kept for read_reply.
  bool closed_within(ms wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      const int r = poll_in(deadline);
      if (r == 0) {
        return false;
      }
      std::string chunk(4096, '\0');
      const ssize_t n = r < 0 ? -1 : ::recv(fd_, chunk.data(), chunk.size(), 0);
      if (n <= 0) {
        return true;
      }
      pending_.append(chunk.data(), static_cast<std::size_t>(n));
    }
  }

  void close() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  // 1: readable, 0: deadline passed, -1: error.
  int poll_in(std::chrono::steady_clock::time_point deadline) const {
    if (fd_ < 0) {
      return -1;
    }
    // Past the deadline, one last look without waiting.
    const auto left =
        std::max<std::int64_t>(0, std::chrono::duration_cast<ms>(deadline - std::chrono::steady_clock::now()).count());
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left));
    return r > 0 ? 1 : (r == 0 ? 0 : -1);
  }

  bool fill(std::chrono::steady_clock::time_point deadline) {
    if (poll_in(deadline) != 1) {
      return false;
    }
    std::string chunk(16384, '\0');
    const ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n <= 0) {
      return false;
    }
    pending_.append(chunk.data(), static_cast<std::size_t>(n));
    return true;
  }

  static std::string lower(std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
      }
    }
    return s;
  }

  static bool parse_head(const std::string& head, http_reply& r) {
    const std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
      return false;
    }
    r.status = std::atoi(status_line.substr(9, 3).c_str());
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      std::size_t next = head.find("\r\n", pos);
      if (next == std::string::npos) {
        next = head.size();
      }
      const std::string line = head.substr(pos, next - pos);
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) {
        const std::size_t v = line.find_first_not_of(' ', colon + 1);
        r.headers.emplace_back(lower(line.substr(0, colon)), v == std::string::npos ? "" : line.substr(v));
      }
      pos = next + 2;
    }
    return true;
  }

  bool read_sized(http_reply& r, std::chrono::steady_clock::time_point deadline) {
    const auto length = r.header("content-length");
    const std::size_t n = length ? std::strtoull(length->c_str(), nullptr, 10) : 0;
    while (pending_.size() < n) {
      if (!fill(deadline)) {
        return false;
      }
    }
    r.body = pending_.substr(0, n);
    pending_.erase(0, n);
    return true;
  }

  bool read_chunked(std::string& body, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      std::size_t eol = 0;
      while ((eol = pending_.find("\r\n")) == std::string::npos) {
        if (!fill(deadline)) {
          return false;
        }
      }
      const std::size_t size = std::strtoull(pending_.c_str(), nullptr, 16);
      while (pending_.size() < eol + 2 + size + 2) {
        if (!fill(deadline)) {
          return false;
        }
      }
      body.append(pending_, eol + 2, size);
      pending_.erase(0, eol + 2 + size + 2);
      if (size == 0) {
        return true;  // trailers are not used by the server
      }
    }
  }

  int fd_ = -1;
  ms timeout_;
  std::string pending_;
};

// One request on a fresh connection.
inline std::optional<http_reply> http_exchange(std::uint16_t port, std::string_view raw,
                                               std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  raw_connection c(port, timeout);
  if (!c.connected() || !c.send(raw)) {
    return std::nullopt;
  }
  return c.read_reply();
}

inline std::string get_request(std::string_view target, std::string_view extra_headers = {}) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

}  // namespace netvet::testing
