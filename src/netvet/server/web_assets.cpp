#include "netvet/server/web_assets.h"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netvet/server/problem.h"

namespace netvet::server {
namespace {

// The metrics' route label of every answer from the dashboard's files: one
// label, never the request's path (server/metrics.h).
constexpr std::string_view kDashboardRoute = "dashboard";

// The file's real path (every link resolved), or nullopt when it does not exist.
std::optional<std::string> real_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> p(::realpath(path.c_str(), nullptr), &std::free);
  if (p == nullptr) {
    return std::nullopt;
  }
  return std::string(p.get());
}

response not_found(std::string_view path) {
  response r;
  r.status = 404;
  r.content_type = "application/problem+json";
  r.body = problem_json(error{error_code::not_found, "no such file", {}}, path).dump();
  return r;
}

// Whether every segment of `path` ("/a/b.js") may name a file here: none
// empty, none starting with '.', no backslash, no NUL.
bool safe_segments(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return false;
  }
  path.remove_prefix(1);
  while (!path.empty()) {
    const auto end = path.find('/');
    const std::string_view seg = path.substr(0, end);
    if (seg.empty() || seg.front() == '.' || seg.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return false;
    }
    path.remove_prefix(end == std::string_view::npos ? path.size() : end + 1);
  }
  return true;
}

// The regular file at `real` (already resolved), read whole; nullopt when it
// is not one, is too large or cannot be read.
std::optional<std::string> read_regular(const std::string& real) {
  const int fd = ::open(real.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);  // NOLINT(cppcoreguidelines-pro-type-vararg)
  if (fd < 0) {
    return std::nullopt;
  }
  std::optional<std::string> out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= kMaxAssetBytes) {
    std::string body(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < body.size()) {
      const ssize_t n = ::read(fd, body.data() + got, body.size() - got);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        break;
      }
      got += static_cast<std::size_t>(n);
    }
    if (got == body.size()) {
      out = std::move(body);
    }
  }
  ::close(fd);
  return out;
}

}  // namespace

std::string_view asset_content_type(std::string_view name) {
  struct type {
    std::string_view ext;
    std::string_view mime;
  };
  static constexpr std::array kTypes{
      type{".html", "text/html; charset=utf-8"},
      type{".js", "text/javascript; charset=utf-8"},
      type{".mjs", "text/javascript; charset=utf-8"},
      type{".css", "text/css; charset=utf-8"},
      type{".json", "application/json"},
      type{".geojson", "application/geo+json"},
      type{".map", "application/json"},
      type{".svg", "image/svg+xml"},
      type{".png", "image/png"},
      type{".ico", "image/x-icon"},
      type{".woff2", "font/woff2"},
      type{".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& t : kTypes) {
    if (name.ends_with(t.ext)) {
      return t.mime;
    }
  }
  return "application/octet-stream";
}

result<web_assets> web_assets::open(const std::string& dir, std::string_view field) {
  auto root = real_path(dir);
  struct stat st {};
  if (!root || ::stat(root->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return make_error(error_code::not_found, "the dashboard folder '" + dir + "' does not exist",
                      location{dir, 0, 0, std::string(field)});
  }
  if (::stat((*root + "/index.html").c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return make_error(error_code::not_found,
                      "the dashboard folder '" + dir + "' has no index.html (build it: cd web && npm run build)",
                      location{dir, 0, 0, std::string(field)});
  }
  if (root->size() > 1 && root->back() == '/') {
    root->pop_back();
  }
  return web_assets(std::move(*root));
}

response web_assets::serve(std::string_view path) const {
  const std::string_view rel = path == "/" ? std::string_view("/index.html") : path;
  if (!safe_segments(rel)) {
    return not_found(path);
  }
  // Every link resolved: the file must still be inside the folder.
  const auto real = real_path(root_ + std::string(rel));
  if (!real || !real->starts_with(root_ + "/")) {
    return not_found(path);
  }
  auto body = read_regular(*real);
  if (!body) {
    return not_found(path);
  }
  response r;
  r.content_type = std::string(asset_content_type(rel));
  r.body = std::move(*body);
  if (rel.starts_with("/assets/")) {
    // Vite names these by a hash of their content: a new build is a new name.
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  } else {
    r.headers.emplace_back("Cache-Control", "no-cache");
  }
  return r;
}

bool site::is_api(std::string_view path) const {
  return assets_ == nullptr || path == "/healthz" || path == "/metrics" || path == "/api" || path.starts_with("/api/");
}

std::uint64_t site::body_limit(std::string_view method, std::string_view path) const {
  return is_api(path) ? api_.body_limit(method, path) : 0;
}

bool site::spools_body(std::string_view method, std::string_view path) const {
  return is_api(path) && api_.spools_body(method, path);
}

response site::handle(const request& req) {
  if (is_api(req.path)) {
    return api_.handle(req);
  }
  if (req.method != "GET" && req.method != "HEAD") {
    response r;
    r.status = 405;
    r.content_type = "application/problem+json";
    auto body = problem_json(error{error_code::unsupported, "the dashboard's files are read with GET", {}}, req.path);
    body["status"] = r.status;
    r.body = body.dump();
    r.headers.emplace_back("Allow", "GET, HEAD");
    r.route = kDashboardRoute;
    return r;
  }
  response r = assets_->serve(req.path);
  r.route = kDashboardRoute;
  return r;
}

}  // namespace netvet::server
