// netvet/core/error.h: errors as values.
//
// Contract: every fallible library function returns `result<T>` (or `status`).
// An `error` is a code from the one vocabulary below, a human message, and the
// place it came from (file, line, column, field) where known. Library code
// never throws through its API. The table below gives each code its exit
// status (the CLI's) and a problem type (the last part of the RFC 9457
// `type` URI the server will answer with); the HTTP status of each code is
// the server's own table (netvet/server/http_status.h), so core knows no HTTP.
//
// Reading the wrong side of a result (value() of an error, err() of a value)
// is a bug, checked by NETVET_ASSERT (core/assert.h), never an exception.
// Propagate errors with NETVET_TRY(expr) and NETVET_ASSIGN_OR_RETURN(lhs, expr)
// (end of this file) instead of hand-written `return r.take_error();`.
//
// `diagnostics` collects many errors during validation, up to a cap, and
// counts the rest so that a report can say "and 212 more".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "netvet/core/assert.h"

namespace netvet {

// The one vocabulary of error codes. X(name, exit_status, description)
// Exit statuses 0 (success), 1 (a finding at or above --fail-on) and 2 (a
// usage error) belong to the CLI itself and are not codes.
#define NETVET_ERROR_CODES(X)                                                      \
  X(invalid_input, 3, "the input is malformed (syntax, missing field, bad value)") \
  X(not_found, 4, "a file, network, snapshot, pack or element does not exist")     \
  X(already_exists, 5, "the name is taken (use --replace)")                        \
  X(unsupported, 6, "the format or feature is not supported")                      \
  X(io_error, 7, "reading or writing a file failed")                               \
  X(limit_exceeded, 8, "an input exceeds a documented limit")                      \
  X(policy_error, 9, "a policy pack is malformed or contradictory")                \
  X(storage_error, 10, "the workspace database failed")                            \
  X(unauthenticated, 11, "no valid credentials were given")                        \
  X(forbidden, 12, "the caller's role does not allow this action")                 \
  X(invalid_state, 13, "the object's state does not allow this action")            \
  X(log_tampered, 14, "the tamper-evident log does not verify")                    \
  X(overloaded, 15, "the service is busy; try again later")                        \
  X(internal, 70, "a bug in netvet")

inline constexpr std::size_t kErrorCodeCount = 0
#define NETVET_X(name, status, desc) +1
    NETVET_ERROR_CODES(NETVET_X)
#undef NETVET_X
    ;

enum class error_code : std::uint8_t {
#define NETVET_X(name, status, desc) name,
  NETVET_ERROR_CODES(NETVET_X)
#undef NETVET_X
};

std::string_view to_string(error_code code);
std::string_view describe(error_code code);
int exit_status(error_code code);
std::optional<error_code> parse_error_code(std::string_view name);
// Every code, in table order (for help text, documentation and tests).
const std::vector<error_code>& all_error_codes();

// Where an error came from. Any part may be empty / zero (unknown).
struct location {
  std::string file;
  std::size_t line = 0;    // 1-based; 0 = unknown
  std::size_t column = 0;  // 1-based field index in CSV, byte column in text
  std::string field;       // column or key name
};

struct error {
  error_code code = error_code::internal;
  std::string message;
  location where;

  // "file:line:column: field 'x': message"
  [[nodiscard]] std::string to_string() const;
};

error make_error(error_code code, std::string message, location where = {});

// A value or an error. Small, C++20 stand-in for std::expected.
template <typename T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(error err) : v_(std::move(err)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    check_value();
    return *std::get_if<0>(&v_);
  }
  const T& value() const& {
    check_value();
    return *std::get_if<0>(&v_);
  }
  T&& value() && {
    check_value();
    return std::move(*std::get_if<0>(&v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  [[nodiscard]] const netvet::error& err() const {
    check_error();
    return *std::get_if<1>(&v_);
  }
  netvet::error&& take_error() {
    check_error();
    return std::move(*std::get_if<1>(&v_));
  }

 private:
  static_assert(!std::is_same_v<std::remove_cv_t<T>, netvet::error>, "result<error> is ambiguous");
  static_assert(!std::is_reference_v<T>, "result<T&> is not supported: return a pointer");
  void check_value() const { NETVET_ASSERT(v_.index() == 0, "value() of a result that holds an error"); }
  void check_error() const { NETVET_ASSERT(v_.index() == 1, "err() of a result that holds a value"); }

  std::variant<T, netvet::error> v_;
};

// result<void>
class [[nodiscard]] status {
 public:
  status() = default;
  status(error err) : err_(std::move(err)) {}  // NOLINT(google-explicit-constructor)
  static status ok() { return {}; }
  [[nodiscard]] bool has_value() const { return !err_.has_value(); }
  explicit operator bool() const { return has_value(); }
  [[nodiscard]] const netvet::error& err() const {
    NETVET_ASSERT(err_.has_value(), "err() of an ok status");
    return *err_;
  }
  netvet::error&& take_error() {
    NETVET_ASSERT(err_.has_value(), "take_error() of an ok status");
    return std::move(*err_);
  }

 private:
  std::optional<netvet::error> err_;
};

// Collects validation errors up to `cap`; counts the rest.
class diagnostics {
 public:
  explicit diagnostics(std::size_t cap = 20) : cap_(cap) {}

  void add(error e);
  void add(error_code code, std::string message, location where = {}) {
    add(make_error(code, std::move(message), std::move(where)));
  }
  [[nodiscard]] bool empty() const { return total_ == 0; }
  [[nodiscard]] std::size_t total() const { return total_; }
  [[nodiscard]] std::size_t cap() const { return cap_; }
  [[nodiscard]] bool full() const { return kept_.size() >= cap_; }
  [[nodiscard]] const std::vector<error>& kept() const { return kept_; }
  [[nodiscard]] std::size_t omitted() const { return total_ - kept_.size(); }

  // One error summarising all of them: the first one's code, every kept
  // message on its own line, then "and N more" when some were dropped.
  [[nodiscard]] error combined() const;

 private:
  std::size_t cap_;
  std::size_t total_ = 0;
  std::vector<error> kept_;
};

}  // namespace netvet

// Propagation, for any result<T> or status:
//   NETVET_TRY(expr);                         returns expr's error, if any
//   NETVET_ASSIGN_OR_RETURN(auto x, expr);    x = the value, or returns the error
// Each expands to a uniquely named temporary, so several may share a scope.
#define NETVET_TRY(expr)                 \
  do {                                   \
    auto netvet_try_r_ = (expr);         \
    if (!netvet_try_r_) {                \
      return netvet_try_r_.take_error(); \
    }                                    \
  } while (false)

#define NETVET_DETAIL_CONCAT_INNER(a, b) a##b
#define NETVET_DETAIL_CONCAT(a, b) NETVET_DETAIL_CONCAT_INNER(a, b)
#define NETVET_DETAIL_ASSIGN_OR_RETURN(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp) {                                          \
    return tmp.take_error();                           \
  }                                                    \
  lhs = std::move(tmp).value()
#define NETVET_ASSIGN_OR_RETURN(lhs, expr) \
  NETVET_DETAIL_ASSIGN_OR_RETURN(NETVET_DETAIL_CONCAT(netvet_assign_r_, __LINE__), lhs, expr)
