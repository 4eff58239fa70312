// The dashboard's files as `netvet serve` answers them: index.html for "/",
// content types, hashed assets cacheable, and nothing outside the folder --
// no hidden file, no symbolic link leading out, no folder, no backslash --
// while the API keeps its own paths.
#include "netvet/server/web_assets.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace netvet::server {
namespace {

namespace fs = std::filesystem;
using testing::spit;
using testing::temp_dir;

std::string header(const response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      return v;
    }
  }
  return "";
}

class web_assets_test : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "web/assets");
    spit(dir_ / "web/index.html", "<!doctype html><title>netvet</title>");
    spit(dir_ / "web/assets/index-AbC123.js", "console.log(1)");
    spit(dir_ / "web/assets/index-AbC123.css", "body{}");
    spit(dir_ / "web/favicon.svg", "<svg/>");
    spit(dir_ / "web/.env", "SECRET=1");
    spit(dir_ / "secret.txt", "outside");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "web/out.txt");
    fs::create_symlink(dir_.path(), dir_ / "web/up");
    fs::create_symlink(dir_ / "web/favicon.svg", dir_ / "web/icon.svg");
    auto opened = web_assets::open(dir_ / "web");
    ASSERT_TRUE(opened) << opened.err().message;
    assets_.emplace(std::move(*opened));
  }
  temp_dir dir_;
  std::optional<web_assets> assets_;
};

TEST_F(web_assets_test, IndexForTheRootAndFilesWithTheirTypes) {
  const auto root = assets_->serve("/");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.body, "<!doctype html><title>netvet</title>");
  EXPECT_EQ(root.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(root, "Cache-Control"), "no-cache");
  const auto js = assets_->serve("/assets/index-AbC123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(assets_->serve("/assets/index-AbC123.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(assets_->serve("/favicon.svg").content_type, "image/svg+xml");
  // A link that stays inside the folder is followed, even by a way out and back in.
  EXPECT_EQ(assets_->serve("/icon.svg").body, "<svg/>");
  EXPECT_EQ(assets_->serve("/up/web/favicon.svg").body, "<svg/>");
}

TEST_F(web_assets_test, NothingOutsideTheFolderNorHidden) {
  for (const std::string path :
       {"/.env", "/out.txt", "/up/secret.txt", "/assets", "/missing.js", "/assets\\index-AbC123.js", "/assets/",
        "/./index.html", "/../secret.txt", "", "index.html"}) {
    const auto r = assets_->serve(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/problem+json") << path;
    EXPECT_EQ(r.body.find("outside"), std::string::npos) << path;
  }
}

TEST(WebAssets, OpenNamesTheFolderThatIsNoDashboard) {
  temp_dir dir;
  const auto missing = web_assets::open(dir / "none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.err().code, error_code::not_found);
  EXPECT_EQ(missing.err().where.field, "--web-dir");
  const auto empty = web_assets::open(dir.path());
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.err().message.find("index.html"), std::string::npos);
}

TEST(WebAssets, ContentTypesByExtension) {
  EXPECT_EQ(asset_content_type("a.json"), "application/json");
  EXPECT_EQ(asset_content_type("a.png"), "image/png");
  EXPECT_EQ(asset_content_type("a.woff2"), "font/woff2");
  EXPECT_EQ(asset_content_type("a.exe"), "application/octet-stream");
  EXPECT_EQ(asset_content_type("js"), "application/octet-stream");
}

// The API's side of the site: what it is asked, in order.
class recording_app final : public application {
 public:
  [[nodiscard]] std::uint64_t body_limit(std::string_view /*method*/, std::string_view /*path*/) const override {
    return 77;
  }
  [[nodiscard]] bool spools_body(std::string_view /*method*/, std::string_view /*path*/) const override { return true; }
  response handle(const request& req) override {
    seen.push_back(req.method + " " + req.path);
    return response{299, "application/json", "{}", {}};
  }
  std::vector<std::string> seen;
};

TEST_F(web_assets_test, TheSiteSendsApiPathsToTheApiAndReadsTheRest) {
  recording_app api;
  site s(api, &*assets_);
  const auto ask = [&](const std::string& method, const std::string& path) {
    request r;
    r.method = method;
    r.path = path;
    return s.handle(r);
  };
  EXPECT_EQ(ask("GET", "/api/v1/networks").status, 299);
  EXPECT_EQ(ask("POST", "/api/v1/session").status, 299);
  EXPECT_EQ(ask("GET", "/healthz").status, 299);
  EXPECT_EQ(ask("GET", "/api").status, 299);
  EXPECT_EQ(ask("GET", "/metrics").status, 299);  // the Prometheus scrape is the API's, not a file
  EXPECT_EQ(api.seen, (std::vector<std::string>{"GET /api/v1/networks", "POST /api/v1/session", "GET /healthz",
                                                "GET /api", "GET /metrics"}));
  const auto index = ask("GET", "/");
  EXPECT_EQ(index.body, "<!doctype html><title>netvet</title>");
  EXPECT_EQ(index.route, "dashboard");  // one metrics label for every file, never the path
  EXPECT_EQ(ask("HEAD", "/favicon.svg").status, 200);
  const auto post = ask("POST", "/");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
  EXPECT_EQ(ask("GET", "/apix").status, 404);  // not the API: a file, which is not there
  EXPECT_EQ(api.seen.size(), 5U);
  EXPECT_EQ(s.body_limit("POST", "/api/v1/networks"), 77U);
  EXPECT_EQ(s.body_limit("POST", "/index.html"), 0U);
  EXPECT_TRUE(s.spools_body("POST", "/api/v1/networks"));
  EXPECT_FALSE(s.spools_body("POST", "/upload"));
}

TEST(WebAssets, WithoutADashboardEveryPathIsTheApis) {
  recording_app api;
  site s(api, nullptr);
  request r;
  r.method = "GET";
  r.path = "/";
  EXPECT_EQ(s.handle(r).status, 299);
  EXPECT_EQ(s.body_limit("POST", "/x"), 77U);
}

}  // namespace
}  // namespace netvet::server
