// netvet/server/web_assets.h: the dashboard's built files (web/, `vite
// build`) served read-only beside the REST API.
//
// `web_assets` answers GET and HEAD for the files of one folder: "/" is its
// index.html, "/assets/..." Vite's content-hashed files (cacheable for a
// year: their name changes when their bytes do), anything else by its path.
// A path is refused (404, the same answer as a missing file) when a segment
// starts with '.', or holds a backslash or NUL, or when the file it names,
// once every symbolic link is resolved, is not a regular file inside the
// folder: a link that leads out of it is not followed. The transport has
// already refused "..", "//" and encoded '/'.
//
// `site` is the application `netvet serve` runs: "/api/..." and "/healthz"
// go to the API unchanged (its route table, its OpenAPI document), every
// other path to the files. The transport's security headers stay as they
// are: the built dashboard needs nothing beyond `default-src 'self'` (no
// inline script or style, no data: URIs; web/vite.config.ts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "netvet/core/error.h"
#include "netvet/server/http.h"

namespace netvet::server {

class web_assets {
 public:
  // The folder `dir` (resolved to its real path); not_found naming `field`
  // when it is not a folder holding index.html.
  static result<web_assets> open(const std::string& dir, std::string_view field = "--web-dir");

  // The answer for GET or HEAD of `path` (decoded, starting with '/').
  [[nodiscard]] response serve(std::string_view path) const;
  [[nodiscard]] const std::string& root() const { return root_; }

 private:
  explicit web_assets(std::string root) : root_(std::move(root)) {}
  std::string root_;  // real path, no trailing '/'
};

// The Content-Type for a file name, by its extension (text types in UTF-8);
// application/octet-stream for one not listed.
std::string_view asset_content_type(std::string_view name);

// The largest file served (the built bundle's files are well under it).
inline constexpr std::uint64_t kMaxAssetBytes = 64ULL << 20;

// The API and, when `assets` is given, the dashboard, as one application.
class site final : public application {
 public:
  site(application& api, const web_assets* assets) : api_(api), assets_(assets) {}

  [[nodiscard]] std::uint64_t body_limit(std::string_view method, std::string_view path) const override;
  [[nodiscard]] bool spools_body(std::string_view method, std::string_view path) const override;
  response handle(const request& req) override;

 private:
  [[nodiscard]] bool is_api(std::string_view path) const;
  application& api_;
  const web_assets* assets_;
};

}  // namespace netvet::server
