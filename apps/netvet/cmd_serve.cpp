// netvet serve: the REST API (server/api.h) over the Beast transport
// (server/http_server.h), on a workspace initialised by `netvet admin init`.
#include <charconv>
#include <cstdio>
#include <optional>

#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "netvet/server/api.h"
#include "netvet/server/http_server.h"
#include "netvet/server/metrics.h"
#include "netvet/server/web_assets.h"
#include "netvet/server/webhooks.h"
#include "netvet/store/server_store.h"

namespace netvet::cli {
namespace {

struct serve_config {
  input_config in;
  std::string workspace;
  std::string key;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  bool insecure_plain_http = false;
  std::size_t memory_budget_mib = 2048;
  unsigned workers = 4;
  unsigned io_threads = 2;
  std::size_t per_address = 32;
  double analysis_budget_s = 20;
  std::size_t refresh_networks = 4;
  std::string spool_dir;
  std::string web_dir;
  bool no_web = false;
  int max_token_days = 0;
  std::vector<std::string> webhook_allow_hosts;
  double webhook_timeout_s = 10;
  int webhook_attempts = 8;
  std::int64_t webhook_retry_base_s = 30;
  double webhook_poll_s = 1;
  std::int64_t webhook_scan_s = 60;
  std::size_t webhook_workers = 4;
};

void add_webhook_options(CLI::App& cmd, serve_config& c) {
  cmd.add_option("--webhook-allow-host", c.webhook_allow_hosts,
                 "HOST or HOST:PORT a webhook may reach although it is a loopback, private or link-local address "
                 "(repeatable; by default such targets are refused)");
  cmd.add_option("--webhook-timeout", c.webhook_timeout_s,
                 "Seconds a webhook delivery may take to connect, send and receive the response's header")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 300.0));
  cmd.add_option("--webhook-attempts", c.webhook_attempts, "Attempts of a webhook delivery before it is failed")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  cmd.add_option("--webhook-retry-base", c.webhook_retry_base_s,
                 "Seconds before the first retry; doubled each attempt, +/- 20 % jitter, at most a day")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd.add_option("--webhook-poll", c.webhook_poll_s, "Seconds between reads of the webhook outbox")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 60.0));
  cmd.add_option(
         "--webhook-scan", c.webhook_scan_s,
         "Seconds between looks for time-based webhook events (waivers expiring, removal milestones coming due)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
}

// The API's options from the command line.
server::api_options api_options_of(const serve_config& c, const usecase::context* ctx, server::metrics& stats) {
  server::api_options ao;
  ao.key_file = unwrap(store::signing_key_file::open(signing_key_path(c.workspace, c.key)));
  ao.workspace = c.workspace;
  ao.ctx = ctx;
  ao.memory_budget = c.memory_budget_mib << 20;
  ao.analysis_budget = std::chrono::milliseconds(static_cast<std::int64_t>(c.analysis_budget_s * 1000));
  ao.refresh_networks = c.refresh_networks;
  ao.stats = &stats;
  ao.max_token_days = c.max_token_days;
  ao.webhook_allow_hosts = c.webhook_allow_hosts;
  return ao;
}

server::webhook_options webhook_options_of(const serve_config& c, const usecase::context* ctx, server::metrics& stats) {
  server::webhook_options wo;
  wo.workspace = c.workspace;
  wo.ctx = ctx;
  wo.allow_hosts = c.webhook_allow_hosts;
  wo.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(c.webhook_timeout_s * 1000));
  wo.retry.max_attempts = c.webhook_attempts;
  wo.retry.base_seconds = c.webhook_retry_base_s;
  wo.poll = std::chrono::milliseconds(static_cast<std::int64_t>(c.webhook_poll_s * 1000));
  wo.scan = std::chrono::seconds(c.webhook_scan_s);
  wo.workers = c.webhook_workers;
  wo.stats = &stats;
  return wo;
}

// "HOST:PORT", "[V6]:PORT"; errors name --listen.
std::pair<std::string, std::uint16_t> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  std::uint16_t port = 0;
  const bool ok =
      colon != std::string::npos && colon > 0 &&
      std::from_chars(text.data() + colon + 1, text.data() + text.size(), port).ptr == text.data() + text.size();
  if (!ok) {
    fail(make_error(error_code::invalid_input, "--listen is HOST:PORT (e.g. 127.0.0.1:8080), not '" + text + "'",
                    location{"", 0, 0, "--listen"}));
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return {host, port};
}

// The folder holding this program, from /proc/self/exe; empty if unknown.
std::string program_dir() {
  std::string buf(4096, '\0');
  const ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  if (n <= 0) {
    return {};
  }
  buf.resize(static_cast<std::size_t>(n));
  return buf.substr(0, buf.rfind('/'));
}

// The dashboard: --web-dir (an error when it is not a built dashboard);
// else share/netvet/web beside an installed binary, else web/dist of the
// source tree this binary was built from; nothing (the API alone, with a
// note) when neither holds one.
std::optional<server::web_assets> find_web_assets(const serve_config& c) {
  if (c.no_web) {
    return std::nullopt;
  }
  if (!c.web_dir.empty()) {
    return unwrap(server::web_assets::open(c.web_dir));
  }
  const std::string installed = program_dir() + "/../share/netvet/web";
  for (const std::string& dir : {installed, std::string(NETVET_SOURCE_WEB_DIR)}) {
    if (auto assets = server::web_assets::open(dir)) {
      return std::move(*assets);
    }
  }
  std::fprintf(stderr,
               "netvet serve: no dashboard found (%s, %s): serving the API only; build it with `cd web && npm run "
               "build`, or name it with --web-dir\n",
               installed.c_str(), NETVET_SOURCE_WEB_DIR);
  return std::nullopt;
}

}  // namespace

void add_serve(CLI::App& app) {
  auto c = std::make_shared<serve_config>();
  auto* cmd = app.add_subcommand("serve", "Serve the REST API on a workspace (netvet admin init first)");
  cmd->add_option("--workspace", c->workspace, "The server's workspace (a SQLite file)")->required();
  cmd->add_option("--signing-key", c->key, "The log's Ed25519 signing key (default: WORKSPACE.key)");
  cmd->add_option("--listen", c->listen, "HOST:PORT to listen on (port 0: any free port)")->capture_default_str();
  cmd->add_option("--tls-cert", c->tls_cert, "PEM certificate chain: serve HTTPS (TLS 1.2+) only");
  cmd->add_option("--tls-key", c->tls_key, "PEM private key of --tls-cert");
  cmd->add_flag("--insecure-plain-http", c->insecure_plain_http,
                "Allow plain HTTP on an address other than loopback (behind a TLS proxy only)");
  cmd->add_option("--memory-budget", c->memory_budget_mib, "MiB of prepared networks kept in memory")
      ->capture_default_str();
  cmd->add_option("--workers", c->workers, "Threads answering requests")->capture_default_str();
  cmd->add_option("--io-threads", c->io_threads, "Threads running the sockets")->capture_default_str();
  cmd->add_option("--max-connections-per-address", c->per_address,
                  "Open connections one client address may hold (more are closed at once)")
      ->capture_default_str();
  cmd->add_option("--analysis-budget", c->analysis_budget_s,
                  "Seconds a request waits for a network to be loaded for analysis before it is answered 503 "
                  "(Retry-After; the load goes on)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--refresh-networks", c->refresh_networks,
                  "At start and when the day turns, answer again the overview of at most this many networks "
                  "(the latest uploaded) whose audits were kept for an earlier day (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--spool-dir", c->spool_dir,
                  "Where large uploads are written while read (a private 0700 folder inside it; default: $TMPDIR "
                  "or /tmp)");
  cmd->add_option("--web-dir", c->web_dir,
                  "The built dashboard served at / (default: share/netvet/web beside the program, else the source "
                  "tree's web/dist)");
  cmd->add_flag("--no-web", c->no_web, "Serve the API only, no dashboard");
  cmd->add_option("--max-token-days", c->max_token_days,
                  "Token policy: refuse tokens older than this many days, and issue none for longer (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 366));
  add_webhook_options(*cmd, *c);
  add_input_options(*cmd, c->in, /*snapshot_source=*/false);
  cmd->footer(
      "Example:\n  netvet admin init --workspace nz.db > admin.token\n  netvet serve --workspace nz.db\n"
      "Prints the URL it listens on as the only line on stdout; SIGTERM or SIGINT drain and stop it.\n"
      "docs/server.md lists the API, the limits and the statuses.");
  cmd->callback([c] {
    if (c->tls_cert.empty() != c->tls_key.empty()) {
      fail(make_error(error_code::invalid_input, "--tls-cert and --tls-key go together",
                      location{"", 0, 0, c->tls_cert.empty() ? "--tls-cert" : "--tls-key"}));
    }
    const auto ctx = make_context(c->in);
    // The numbers of GET /metrics: the transport's and the API's, one registry (outlives both).
    server::metrics stats;
    // The key file is read again whenever it changes: `admin rotate-key` needs no restart.
    const auto api = unwrap(server::api::create(api_options_of(*c, ctx.get(), stats)));
    // The webhook worker: its own thread and store connection, stopped before the process ends.
    const auto hooks = unwrap(server::webhook_dispatcher::create(webhook_options_of(*c, ctx.get(), stats)));
    server::server_options so;
    std::tie(so.host, so.port) = parse_listen(c->listen);
    so.tls_cert = c->tls_cert;
    so.tls_key = c->tls_key;
    so.spool_dir = c->spool_dir;
    so.allow_plain_non_loopback = c->insecure_plain_http;
    so.workers = std::max(1U, c->workers);
    so.io_threads = std::max(1U, c->io_threads);
    so.per_address_connections = std::max<std::size_t>(1, c->per_address);
    const auto assets = find_web_assets(*c);
    server::site web_and_api(*api, assets ? &*assets : nullptr);
    so.stats = &stats;
    const auto http = unwrap(server::http_server::start(web_and_api, so));
    http->stop_on_signals();
    const bool v6 = so.host.find(':') != std::string::npos;
    std::printf("%s://%s%s%s:%u\n", c->tls_cert.empty() ? "http" : "https", v6 ? "[" : "", so.host.c_str(),
                v6 ? "]" : "", static_cast<unsigned>(http->port()));
    std::fflush(stdout);
    hooks->start();
    http->run();
    hooks->stop();
    std::fprintf(stderr, "netvet serve: stopped\n");
  });
}

}  // namespace netvet::cli
