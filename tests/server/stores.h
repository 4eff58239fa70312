// tests/server: the stores the server suites run on -- SQLite always,
// PostgreSQL when NETVET_TEST_PG_URI names a cluster (scripts/test.sh starts
// one) -- as a GoogleTest parameter whose name is the test's suffix.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/pg_database.h"
#include "support/temp_dir.h"

namespace netvet::testing {

inline auto server_stores() { return ::testing::Values(std::string("sqlite"), std::string("postgresql")); }
inline std::string store_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

// A store's uri for a test: a file in `dir`, or a fresh PostgreSQL database
// (held in `pg`); "" when PostgreSQL is not available (skip the test).
inline std::string store_uri(const std::string& kind, const temp_dir& dir, std::unique_ptr<pg_database>& pg) {
  if (kind == "sqlite") {
    return dir / "server.db";
  }
  if (!pg_database::available()) {
    return "";
  }
  pg = std::make_unique<pg_database>();
  EXPECT_FALSE(pg->uri().empty()) << pg->error();
  return pg->uri();
}

}  // namespace netvet::testing
