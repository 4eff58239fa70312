// tests/support: a fresh PostgreSQL database per test, in the throw-away
// cluster that NETVET_TEST_PG_URI names (scripts/pg-test-cluster.sh). Created
// from template0 and dropped at the end. Tests that need one skip when the
// variable is unset: `if (!pg_database::available()) GTEST_SKIP() << pg_database::kSkip;`
#pragma once

#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <pqxx/pqxx>
#include <unistd.h>

namespace netvet::testing {

class pg_database {
 public:
  static constexpr const char* kSkip =
      "NETVET_TEST_PG_URI is not set: start a cluster with scripts/pg-test-cluster.sh start and export it "
      "(scripts/test.sh does)";

  static const char* base_uri() {
    const char* u = std::getenv("NETVET_TEST_PG_URI");
    return u != nullptr && *u != '\0' ? u : nullptr;
  }
  static bool available() { return base_uri() != nullptr; }

  // A database named netvet_t_<pid>_<n>_<random>; uri() is empty if it could
  // not be created (error() says why).
  pg_database() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    name_ = "netvet_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(rd() % 1000000);
    try {
      pqxx::connection c(base_uri());
      pqxx::nontransaction n(c);
      n.exec0("CREATE DATABASE " + name_ + " TEMPLATE template0");
      uri_ = with_database(base_uri(), name_);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  ~pg_database() {
    if (uri_.empty()) {
      return;
    }
    try {
      pqxx::connection c(base_uri());
      pqxx::nontransaction n(c);
      n.exec0("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): best effort at the end of a test
    }
  }
  pg_database(const pg_database&) = delete;
  pg_database& operator=(const pg_database&) = delete;

  [[nodiscard]] const std::string& uri() const { return uri_; }
  [[nodiscard]] const std::string& error() const { return error_; }

  // Every row of `sql` (run as the owner), fields joined by '|', rows by '\n'.
  [[nodiscard]] std::string text_of(const std::string& sql) const {
    pqxx::connection c(uri_);
    pqxx::work w(c);
    std::string out;
    for (const auto& row : w.exec(sql)) {
      for (const auto& f : row) {
        out += f.is_null() ? "null" : f.c_str();
        out += '|';
      }
      out += '\n';
    }
    return out;
  }

  // Runs `sql` as the owner in one transaction; "" or the error's text.
  [[nodiscard]] std::string exec(const std::string& sql) const {
    try {
      pqxx::connection c(uri_);
      pqxx::work w(c);
      w.exec(sql);
      w.commit();
      return "";
    } catch (const std::exception& e) {
      return e.what();
    }
  }

  // `uri` with its database (the path) replaced by `name`.
  static std::string with_database(const std::string& uri, const std::string& name) {
    const auto scheme = uri.find("://");
    const auto slash = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (slash == std::string::npos) {
      return uri + "/" + name;
    }
    const auto query = uri.find('?', slash);
    return uri.substr(0, slash + 1) + name + (query == std::string::npos ? "" : uri.substr(query));
  }

 private:
  std::string name_;
  std::string uri_;
  std::string error_;
};

}  // namespace netvet::testing
