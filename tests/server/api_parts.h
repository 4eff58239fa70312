// tests/server: the server's parts over a test store, as the API suites
// build them -- a signing key in the test's folder, `admin init` at a given
// time, the bundled packs, the test's clock -- so that each suite says only
// what it adds (its organisations, people and requests).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "netvet/crypto/signing.h"
#include "netvet/server/api.h"
#include "netvet/store/server_store.h"
#include "netvet/usecase/context.h"
#include "support/api_capture.h"
#include "support/temp_dir.h"

namespace netvet::testing {

struct api_parts {
  std::unique_ptr<crypto::signing_key> key;
  std::unique_ptr<usecase::context> ctx;
  std::unique_ptr<server::api> api;  // null when something failed (reported as a test failure)
  std::string admin;                 // the first administrator's token
};

// `ws` from store_uri(); `start` is when `admin init` runs; the admin's token
// lasts 300 days.
inline api_parts make_api(const std::string& ws, const temp_dir& dir, std::int64_t start,
                          std::function<store::timestamp()> now) {
  api_parts p;
  auto key = store::create_signing_key(dir / "server.key");
  EXPECT_TRUE(key) << key.err().message;
  if (!key) {
    return p;
  }
  p.key = std::make_unique<crypto::signing_key>(std::move(key.value()));
  {
    store::server_store_options so;
    so.key = p.key.get();
    auto db = store::open_server_store(ws, so);
    EXPECT_TRUE(db) << db.err().message;
    if (!db) {
      return p;
    }
    auto token = (*db)->init({"root", {start}, {start + 86400 * 300}, std::nullopt});
    EXPECT_TRUE(token) << token.err().message;
    if (!token) {
      return p;
    }
    p.admin = token->text;
  }
  usecase::context_options co;
  co.policy_dirs = {std::string(NETVET_SOURCE_DIR) + "/policies"};
  p.ctx = *usecase::context::create(co);
  server::api_options o;
  o.workspace = ws;
  o.key = p.key.get();
  o.ctx = p.ctx.get();
  o.now = std::move(now);
  auto made = server::api::create(std::move(o));
  EXPECT_TRUE(made) << made.err().message;
  if (made) {
    p.api = std::move(made.value());
  }
  return p;
}

// One request through `a` with a bearer token (and a JSON body when given),
// from 192.0.2.7; the exchange is captured for openapi_check.
inline server::response call_api(server::api& a, const std::string& method, const std::string& path,
                                 const std::string& token, const std::string& body = "") {
  server::request r;
  r.method = method;
  const auto q = path.find('?');
  r.path = path.substr(0, q);
  if (q != std::string::npos) {
    for (std::string rest = path.substr(q + 1); !rest.empty();) {
      const std::string pair = rest.substr(0, rest.find('&'));
      const auto eq = pair.find('=');
      r.query.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
      rest = pair.size() == rest.size() ? "" : rest.substr(pair.size() + 1);
    }
  }
  r.headers.emplace_back("authorization", "Bearer " + token);
  if (!body.empty()) {
    r.headers.emplace_back("content-type", "application/json");
  }
  r.body = body;
  r.peer = "192.0.2.7";
  server::response out = a.handle(r);
  capture_exchange(r, out);
  return out;
}

}  // namespace netvet::testing
