// tests/support/api_capture.h: the API tests' exchanges, recorded for the
// OpenAPI check (web/scripts/check-openapi.mjs, tests/server/openapi_check.sh).
//
// When NETVET_OPENAPI_CAPTURE names a directory, capture_exchange appends one
// JSON line per request the test made to DIR/<pid>.jsonl:
//   {store, test, method, route, path, status, content_type, body}
// `route` is the kRoutes pattern the request matched ("{}" for an id), null
// when none did (404, 405); `store` is the test's parameter (sqlite,
// postgresql). Each test process also writes the route table itself
// (api_routes()) to DIR/routes.json, so the check knows every route. Without
// the variable nothing is written. The server is not involved: tests call
// this after api::handle.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "netvet/server/api.h"

namespace netvet::testing {

// Whether `path` fits `pattern`, "{}" being one non-empty segment (as api.cpp).
inline bool route_matches(std::string_view pattern, std::string_view path) {
  while (!pattern.empty() && !path.empty()) {
    if (pattern.starts_with("{}")) {
      const auto seg = path.substr(0, path.find('/'));
      if (seg.empty()) {
        return false;
      }
      pattern.remove_prefix(2);
      path.remove_prefix(seg.size());
    } else if (pattern.front() == path.front()) {
      pattern.remove_prefix(1);
      path.remove_prefix(1);
    } else {
      return false;
    }
  }
  return pattern.empty() && path.empty();
}

// The capture directory, created; "" when capturing is off.
inline std::string capture_dir() {
  const char* dir = std::getenv("NETVET_OPENAPI_CAPTURE");
  if (dir == nullptr || *dir == '\0') {
    return "";
  }
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_route_table(const std::string& dir) {
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& r : server::api_routes()) {
    routes.push_back(
        {{"method", r.method}, {"pattern", r.pattern}, {"body_cap", r.body_cap}, {"needs_auth", r.needs_auth}});
  }
  const std::string part = dir + "/routes.json." + std::to_string(::getpid());
  std::ofstream(part) << routes.dump(1) << "\n";
  std::filesystem::rename(part, dir + "/routes.json");  // whole, whichever process wrote it last
}

inline void capture_exchange(const server::request& req, const server::response& res) {
  static const std::string kDir = capture_dir();
  if (kDir.empty()) {
    return;
  }
  static const bool kRoutesWritten = (write_route_table(kDir), true);
  (void)kRoutesWritten;
  nlohmann::json route = nullptr;
  for (const auto& r : server::api_routes()) {
    if (r.method == req.method && route_matches(r.pattern, req.path)) {
      route = r.pattern;
    }
  }
  std::string store;
  std::string test;
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    test = std::string(info->test_suite_name()) + "." + info->name();
    store = info->value_param() == nullptr ? "" : info->value_param();
    std::erase(store, '"');
  }
  const nlohmann::json line = {{"store", store.empty() ? "sqlite" : store},
                               {"test", test},
                               {"method", req.method},
                               {"route", route},
                               {"path", req.path},
                               {"status", res.status},
                               {"content_type", res.content_type},
                               {"body", res.body}};
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  static std::mutex one_writer;  // a test may call the API from several threads
  const std::lock_guard lock(one_writer);
  std::ofstream(kDir + "/" + std::to_string(::getpid()) + ".jsonl", std::ios::app) << text;
}

}  // namespace netvet::testing
