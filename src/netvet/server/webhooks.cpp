// Signed webhooks out of the outbox (webhooks.h): URL checks, the signature,
// the API's JSON, and the delivery worker over Boost.Beast's HTTP client.
#include "netvet/server/webhooks.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "netvet/core/date.h"
#include "netvet/crypto/digest.h"
#include "netvet/policy/index.h"
#include "netvet/server/metrics.h"

namespace netvet::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using net::ip::tcp;
using nlohmann::json;

namespace {

constexpr std::uint32_t kResponseHeaderLimit = 16 * 1024;
constexpr std::int64_t kDefaultOverlap = 24 * 3600;

error bad_url(std::string message) {
  return make_error(error_code::invalid_input, "url: " + std::move(message), location{"", 0, 0, "url"});
}

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Whether `a` may be reached without an explicit allowance: a public unicast address.
bool public_address(const net::ip::address& a) {
  if (a.is_loopback() || a.is_unspecified() || a.is_multicast()) {
    return false;
  }
  if (a.is_v6()) {
    const auto v6 = a.to_v6();
    if (v6.is_v4_mapped()) {
      return public_address(net::ip::make_address_v4(net::ip::v4_mapped, v6));
    }
    const auto b = v6.to_bytes();
    const bool unique_local = (b[0] & 0xFEU) == 0xFCU;  // fc00::/7
    return !v6.is_link_local() && !v6.is_site_local() && !unique_local;
  }
  const auto v = a.to_v4().to_uint();
  const auto in = [v](std::uint32_t net_addr, int bits) { return (v >> (32 - bits)) == (net_addr >> (32 - bits)); };
  return !(in(0x00000000, 8) || in(0x0A000000, 8) || in(0x64400000, 10) || in(0xA9FE0000, 16) || in(0xAC100000, 12) ||
           in(0xC0000000, 24) || in(0xC0A80000, 16) || in(0xC6120000, 15) || in(0xF0000000, 4));
}

bool allowed(const webhook_url& u, const std::vector<std::string>& allow) {
  const std::string with_port = u.host + ":" + std::to_string(u.port);
  return std::any_of(allow.begin(), allow.end(), [&](const std::string& a) { return a == u.host || a == with_port; });
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct http_outcome {
  int status = 0;
  std::string error;
};

// POSTs `body` to `u` at one of `addresses` with `headers`; the whole
// exchange (connect, send, the response's header) within `timeout`.
http_outcome post(const webhook_url& u, const std::vector<std::string>& addresses, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers, std::chrono::milliseconds timeout) {
  std::vector<tcp::endpoint> endpoints;
  for (const auto& a : addresses) {
    endpoints.emplace_back(net::ip::make_address(a), u.port);
  }
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  http::request<http::string_body> req{http::verb::post, u.target, 11};
  req.set(http::field::host, u.host_header);
  req.set(http::field::user_agent, "netvet-webhook/1");
  req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) {
    req.set(name, value);
  }
  req.body() = body;
  req.prepare_payload();
  http::response_parser<http::empty_body> parser;
  parser.header_limit(kResponseHeaderLimit);
  beast::flat_buffer buffer;
  http_outcome out;
  const auto failed = [&out](const char* step, beast::error_code ec) {
    out.error = std::string(step) + ": " + (ec == beast::error::timeout ? std::string("timed out") : ec.message());
  };
  stream.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
    if (ec) {
      return failed("connect", ec);
    }
    http::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
      if (wec) {
        return failed("send", wec);
      }
      http::async_read_header(stream, buffer, parser, [&](beast::error_code rec, std::size_t) {
        if (rec) {
          return failed("response", rec);
        }
        out.status = static_cast<int>(parser.get().result_int());
      });
    });
  });
  ioc.run();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return out;
}

// HOST[:PORT] or [V6][:PORT] into `u`.
status parse_authority(std::string_view authority, webhook_url& u) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return bad_url("an IPv6 host is written [ADDRESS]");
    }
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) {
      return bad_url("']' is followed by :PORT or nothing");
    }
    port = after.empty() ? after : after.substr(1);
    beast::error_code ec;
    net::ip::make_address_v6(std::string(host), ec);
    if (ec) {
      return bad_url("'" + std::string(host) + "' is not an IPv6 address");
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
    if (host.empty() || host.size() > 253 || !std::all_of(host.begin(), host.end(), host_char)) {
      return bad_url("the host is a name or an address (letters, digits, '-' and '.')");
    }
  }
  if (!port.empty()) {
    unsigned v = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
    if (ec != std::errc{} || ptr != port.data() + port.size() || v == 0 || v > 65535) {
      return bad_url("the port is 1..65535");
    }
    u.port = static_cast<std::uint16_t>(v);
  }
  u.host = std::string(host);
  u.host_header = std::string(authority);
  return {};
}

}  // namespace

result<webhook_url> parse_webhook_url(std::string_view url) {
  if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; })) {
    return bad_url("a URL has no spaces or control characters");
  }
  if (url.starts_with("https://")) {
    return bad_url("https:// delivery is not built yet; use http:// to a receiver on a network you trust");
  }
  if (!url.starts_with("http://")) {
    return bad_url("the scheme is http://");
  }
  if (url.find('#') != std::string_view::npos) {
    return bad_url("a webhook URL has no fragment");
  }
  std::string_view rest = url.substr(7);
  const auto end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, end);
  webhook_url u;
  u.target = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  if (u.target.front() == '?') {
    u.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) {
    return bad_url("a webhook URL carries no user name or password");
  }
  NETVET_TRY(parse_authority(authority, u));
  return u;
}

result<std::vector<std::string>> check_webhook_target(const webhook_url& u, const std::vector<std::string>& allow) {
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  const auto found = resolver.resolve(u.host, std::to_string(u.port), ec);
  if (ec || found.empty()) {
    return bad_url("the host '" + u.host + "' does not resolve");
  }
  const bool explicitly = allowed(u, allow);
  std::vector<std::string> out;
  for (const auto& entry : found) {
    const auto a = entry.endpoint().address();
    if (!explicitly && !public_address(a)) {
      return bad_url("'" + u.host + "' is " + a.to_string() +
                     ", a loopback, private or link-local address, which the server reaches only when its "
                     "operator allows it (serve --webhook-allow-host)");
    }
    out.push_back(a.to_string());
  }
  return out;
}

std::string webhook_signature(const std::vector<std::string>& secrets, std::int64_t unix_seconds,
                              std::string_view body) {
  std::string signed_text = std::to_string(unix_seconds) + ".";
  signed_text.append(body);
  std::string out;
  for (const auto& s : secrets) {
    out += (out.empty() ? "" : ",") + std::string("v1=") + crypto::to_hex(crypto::hmac_sha256(s, signed_text));
  }
  return out;
}

// ---------- the API's half ----------

json webhook_json(const store::webhook_info& w) {
  return {{"id", w.id},
          {"url", w.url},
          {"events", w.events},
          {"lead_days", w.lead_days},
          {"created_at", store::format_timestamp(w.created_at)},
          {"created_by", w.created_by},
          {"previous_secret_valid_until",
           w.previous_valid_until ? json(store::format_timestamp(*w.previous_valid_until)) : json(nullptr)}};
}

result<json> create_webhook(const store::principal& who, store::server_store& db, store::timestamp now,
                            const json& body, const std::vector<std::string>& allow) {
  // Who may, before the body is read or a name resolved for them.
  if (!store::allows(who, store::action::manage_webhooks)) {
    return make_error(error_code::forbidden, "a " + std::string(store::to_string(who.who)) +
                                                 (who.read_only ? " with a read-only token" : "") +
                                                 " may not manage webhooks");
  }
  if (!body.contains("url") || !body["url"].is_string()) {
    return make_error(error_code::invalid_input, "'url' is required (http://HOST[:PORT]/PATH)",
                      location{"", 0, 0, "url"});
  }
  store::new_webhook w;
  w.url = body["url"].get<std::string>();
  if (w.url.size() > store::kMaxWebhookUrl) {
    return bad_url("longer than " + std::to_string(store::kMaxWebhookUrl) + " bytes");
  }
  if (!body.contains("events") || !body["events"].is_array() ||
      !std::all_of(body["events"].begin(), body["events"].end(), [](const json& e) { return e.is_string(); })) {
    return make_error(error_code::invalid_input, "'events' is an array of event types", location{"", 0, 0, "events"});
  }
  w.events = body["events"].get<std::vector<std::string>>();
  if (body.contains("lead_days")) {
    if (!body["lead_days"].is_number_integer() || body["lead_days"].get<std::int64_t>() < 0 ||
        body["lead_days"].get<std::int64_t>() > store::kMaxLeadDays) {
      return make_error(error_code::invalid_input, "lead_days is 0.." + std::to_string(store::kMaxLeadDays),
                        location{"", 0, 0, "lead_days"});
    }
    w.lead_days = body["lead_days"].get<int>();
  }
  NETVET_ASSIGN_OR_RETURN(const webhook_url u, parse_webhook_url(w.url));
  NETVET_TRY(check_webhook_target(u, allow));
  NETVET_ASSIGN_OR_RETURN(const store::webhook_secret made, db.create_webhook(who, w, now));
  json out = webhook_json(made.hook);
  out["secret"] = made.secret;  // shown once
  return out;
}

result<json> rotate_webhook(const store::principal& who, store::server_store& db, store::timestamp now,
                            std::string_view id, const json& body) {
  std::int64_t overlap = kDefaultOverlap;
  if (body.contains("overlap_seconds")) {
    if (!body["overlap_seconds"].is_number_integer()) {
      return make_error(error_code::invalid_input, "overlap_seconds is a whole number of seconds",
                        location{"", 0, 0, "overlap_seconds"});
    }
    overlap = body["overlap_seconds"].get<std::int64_t>();
  }
  NETVET_ASSIGN_OR_RETURN(const store::webhook_secret made, db.rotate_webhook_secret(who, id, overlap, now));
  json out = webhook_json(made.hook);
  out["secret"] = made.secret;
  return out;
}

result<json> list_deliveries(const store::principal& who, store::server_store& db, std::string_view id,
                             const store::page_request& page) {
  NETVET_ASSIGN_OR_RETURN(const auto p, db.deliveries(who, id, page));
  json items = json::array();
  for (const auto& d : p.items) {
    items.push_back(delivery_json(d));
  }
  return json{{"items", items}, {"next", p.next.empty() ? json(nullptr) : json(p.next)}};
}

json delivery_json(const store::delivery_record& d) {
  json tries = json::array();
  {
    for (const auto& a : d.tries) {
      tries.push_back({{"n", a.n},
                       {"at", store::format_timestamp(a.at)},
                       {"status", a.status == 0 ? json(nullptr) : json(a.status)},
                       {"error", a.error.empty() ? json(nullptr) : json(a.error)},
                       {"duration_ms", a.duration_ms}});
    }
  }
  return {{"id", d.id},
          {"webhook", d.webhook_id},
          {"event", d.event},
          {"event_key", d.event_key},
          {"state", d.state},
          {"attempts", d.attempts},
          {"created_at", store::format_timestamp(d.created_at)},
          {"next_attempt_at", d.state == "pending" ? json(store::format_timestamp(d.next_attempt_at)) : json(nullptr)},
          {"redelivery_of", d.redelivery_of.empty() ? json(nullptr) : json(d.redelivery_of)},
          {"tries", tries}};
}

std::vector<policy::waiver> policy_waivers(const std::vector<store::waiver_record>& records) {
  std::vector<policy::waiver> out;
  for (const auto& w : records) {
    if (const auto d = parse_date(w.expires)) {
      out.push_back({w.id, w.pack, w.rule, w.elements, w.justification, *d});
    }
  }
  return out;
}

json milestone_event_data(const store::network_record& net, const usecase::due_milestone& m, date today) {
  const std::size_t shown = std::min(m.elements.size(), kMaxDueElements);
  return {{"network", net.id},
          {"network_name", net.name},
          {"jurisdiction", net.jurisdiction},
          {"pack", m.pack},
          {"rule", m.rule},
          {"title", m.title},
          {"source",
           {{"cite", m.src.cite()},
            {"instrument", m.src.instrument},
            {"section", m.src.section},
            {"date", m.src.day ? json(format_date(*m.src.day)) : json(nullptr)},
            {"url", m.src.url}}},
          {"deadline", format_date(m.deadline)},
          {"days_left", m.deadline.days - today.days},
          {"elements_due", m.elements.size()},
          {"elements",
           std::vector<std::string>(m.elements.begin(), m.elements.begin() + static_cast<std::ptrdiff_t>(shown))},
          {"elements_truncated", shown < m.elements.size()}};
}

// ---------- the worker ----------

struct webhook_dispatcher::numbers {
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> retry{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::int64_t> pending{0};
  std::atomic<std::int64_t> oldest{0};  // created_at of the oldest pending; 0: none
  std::atomic<std::int64_t> seen_at{0};
};

result<std::unique_ptr<webhook_dispatcher>> webhook_dispatcher::create(webhook_options options) {
  store::server_store_options so;
  NETVET_ASSIGN_OR_RETURN(auto db, store::open_server_store(options.workspace, so));
  NETVET_ASSIGN_OR_RETURN(auto sender_db, store::open_server_store(options.workspace, so));
  auto d = std::unique_ptr<webhook_dispatcher>(
      new webhook_dispatcher(std::move(options), std::move(db), std::move(sender_db)));
  if (d->options_.stats != nullptr) {
    d->options_.stats->add_collector([n = d->numbers_](metrics::sink& out) {
      out.counters("netvet_webhook_deliveries_total",
                   "Webhook delivery attempts by outcome (delivered; retry: failed, tried again later; failed: "
                   "the last attempt failed)",
                   "outcome",
                   {{"delivered", static_cast<double>(n->delivered.load())},
                    {"retry", static_cast<double>(n->retry.load())},
                    {"failed", static_cast<double>(n->failed.load())}});
      out.gauge("netvet_webhook_outbox_pending", "Webhook deliveries waiting in the outbox",
                static_cast<double>(n->pending.load()));
      const std::int64_t oldest = n->oldest.load();
      out.gauge("netvet_webhook_outbox_oldest_seconds",
                "Age of the oldest pending webhook delivery when the outbox was last read (0: none)",
                oldest == 0 ? 0.0 : static_cast<double>(std::max<std::int64_t>(0, n->seen_at.load() - oldest)));
    });
  }
  return d;
}

webhook_dispatcher::webhook_dispatcher(webhook_options o, std::unique_ptr<store::server_store> db,
                                       std::unique_ptr<store::server_store> sender_db)
    : options_(std::move(o)),
      db_(std::move(db)),
      numbers_(std::make_shared<numbers>()),
      sender_db_(std::move(sender_db)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.workers); ++i) {
    pool_.emplace_back([this] { send_loop(); });
  }
}

webhook_dispatcher::~webhook_dispatcher() { stop(); }

store::timestamp webhook_dispatcher::now() const {
  if (options_.now) {
    return options_.now();
  }
  return {unix_now()};
}

void webhook_dispatcher::start() {
  worker_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      if (auto r = pump(); !r) {
        emit(json{{"level", "error"}, {"event", "webhook_worker"}, {"message", r.err().message}}.dump());
      }
      lock.lock();
      wake_.wait_for(lock, options_.poll, [this] { return stopping_; });
    }
  });
}

void webhook_dispatcher::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) {
    worker_.join();
  }
  {
    const std::lock_guard lock(queue_mutex_);
    pool_stopping_ = true;
  }
  queued_.notify_all();
  drained_.notify_all();
  for (auto& t : pool_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

result<std::size_t> webhook_dispatcher::run_once() {
  NETVET_ASSIGN_OR_RETURN(const std::size_t claimed, pump());
  std::unique_lock lock(queue_mutex_);
  drained_.wait(lock, [this] { return held_.empty() || pool_stopping_; });
  return claimed;
}

result<std::size_t> webhook_dispatcher::pump() {
  const store::timestamp t = now();
  if (t.unix_seconds >= next_scan_) {
    NETVET_TRY(db_->enqueue_due_events(t));
    if (auto s = scan_milestones(t); !s) {
      emit(json{{"level", "error"}, {"event", "milestone_scan"}, {"message", s.err().message}}.dump());
    }
    next_scan_ = t.unix_seconds + std::max<std::int64_t>(1, options_.scan.count());
  }
  std::size_t room = 0;
  {
    const std::lock_guard lock(queue_mutex_);
    const std::size_t most = options_.batch * std::max<std::size_t>(1, options_.workers);
    room = held_.size() < most ? std::min(options_.batch, most - held_.size()) : 0;
  }
  std::size_t claimed = 0;
  if (room > 0) {
    // The claim's lease: a worker killed mid-delivery leaves the row to be
    // tried again after it (a delivery queued behind a slow one of its
    // webhook for longer may be sent twice: at least once, same id).
    const std::int64_t lease = std::chrono::ceil<std::chrono::seconds>(options_.timeout).count() + 1;
    NETVET_ASSIGN_OR_RETURN(const auto due, db_->claim_deliveries(t, room, lease));
    const std::lock_guard lock(queue_mutex_);
    for (const auto& d : due) {
      if (held_.insert(d.id).second) {
        queues_[d.webhook_id].push_back(d);
        ++claimed;
      }
    }
  }
  queued_.notify_all();
  NETVET_ASSIGN_OR_RETURN(const store::outbox_stats s, db_->outbox(now()));
  numbers_->pending = s.pending;
  numbers_->oldest = s.oldest_pending ? s.oldest_pending->unix_seconds : 0;
  numbers_->seen_at = now().unix_seconds;
  return claimed;
}

// A pool thread: the next delivery of a webhook that has none under way, sent; until stop().
void webhook_dispatcher::send_loop() {
  std::unique_lock lock(queue_mutex_);
  while (!pool_stopping_) {
    auto next = std::find_if(queues_.begin(), queues_.end(),
                             [this](const auto& q) { return !q.second.empty() && !busy_.contains(q.first); });
    if (next == queues_.end()) {
      queued_.wait(lock);
      continue;
    }
    const std::string hook = next->first;
    const store::due_delivery d = std::move(next->second.front());
    next->second.pop_front();
    busy_.insert(hook);
    lock.unlock();
    attempt(d);
    lock.lock();
    busy_.erase(hook);
    held_.erase(d.id);
    if (const auto q = queues_.find(hook); q != queues_.end() && q->second.empty()) {
      queues_.erase(q);
    }
    queued_.notify_all();  // this webhook's next, for whichever thread is free
    drained_.notify_all();
  }
  held_.clear();  // claimed and not sent: due again after the lease
  drained_.notify_all();
}

status webhook_dispatcher::scan_milestones(store::timestamp t) {
  if (options_.ctx == nullptr) {
    return {};
  }
  const auto started = std::chrono::steady_clock::now();
  NETVET_ASSIGN_OR_RETURN(const auto watches, db_->milestone_watches());
  if (watches.empty()) {
    milestones_.clear();
    return {};  // no subscriber: no work, no log line
  }
  NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, options_.ctx->packs());
  const date today{static_cast<std::int32_t>(t.unix_seconds / 86400)};
  std::vector<store::timed_event> events;
  std::map<std::string, scanned> watched;
  const std::size_t computed_before = computed_;
  for (const auto& w : watches) {
    const policy::pack* p = lib->find(w.net.jurisdiction);
    if (p == nullptr) {
      continue;  // no pack, no milestones
    }
    const auto due = due_of(w.net, *p, today);
    if (!due) {  // one network's trouble holds up no other's
      emit(json{{"level", "error"}, {"event", "milestone_scan"}, {"network", w.net.id}, {"message", due.err().message}}
               .dump());
      continue;
    }
    for (const auto& h : w.hooks) {
      for (const auto& m : due->get()) {
        if (m.deadline.days - today.days <= h.lead_days) {
          const std::string key = std::string(store::kWebhookEvents[5]) + ":" + w.net.id + ":" + m.pack + "/" + m.rule +
                                  ":" + format_date(m.deadline);
          events.push_back({h.hook, h.org_id, key, milestone_event_data(w.net, m, today)});
        }
      }
    }
    watched[w.net.id] = std::move(milestones_[w.net.id]);
  }
  milestones_ = std::move(watched);  // networks no longer watched are forgotten
  NETVET_ASSIGN_OR_RETURN(const std::size_t written, db_->enqueue_timed_events(store::kWebhookEvents[5], events, t));
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  emit(nlohmann::ordered_json{
      {"ts", store::format_timestamp(t)},
      {"level", "info"},
      {"event", "milestone_scan"},
      {"networks", watches.size()},
      {"computed", computed_ - computed_before},
      {"events", written},
      {"duration_ms",
       ms}}.dump());
  return {};
}

result<std::reference_wrapper<const std::vector<usecase::due_milestone>>> webhook_dispatcher::due_of(
    const store::network_record& net, const policy::pack& p, date today) {
  // The operator's own read-only view: the store's tenancy holds for the worker too.
  const store::principal reader = store::operator_reader(net, "netvet-webhooks");
  NETVET_ASSIGN_OR_RETURN(const auto records, db_->waivers(reader, net.id));
  std::string key = net.content_hash + "|" + p.id + "@" + p.version + "|" + format_date(today);
  for (const auto& w : records) {
    key += "|" + w.id + ":" + w.expires;
  }
  auto& slot = milestones_[net.id];
  if (slot.key != key) {
    NETVET_ASSIGN_OR_RETURN(const model::network loaded, db_->load_network(reader, net.id, options_.ctx->catalog()));
    const policy::network_index index(loaded, options_.ctx->catalog());
    slot = {key, usecase::due_milestones(p, index, policy_waivers(records), today)};
    ++computed_;
  }
  return std::cref(slot.due);
}

void webhook_dispatcher::emit(const std::string& line) const {
  const std::lock_guard lock(log_mutex_);  // the pool's threads and the worker's
  if (options_.log) {
    options_.log(line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

void webhook_dispatcher::attempt(const store::due_delivery& d) {
  const auto started = std::chrono::steady_clock::now();
  store::delivery_attempt a;
  a.n = d.attempts + 1;
  a.at = now();
  const auto u = parse_webhook_url(d.url);
  const auto addresses = u ? check_webhook_target(*u, options_.allow_hosts) : result<std::vector<std::string>>(u.err());
  if (!addresses) {
    a.error = addresses.err().message;
  } else {
    // The receiver compares it with its own clock: the real time, whatever clock the store is given.
    const std::int64_t ts_value = unix_now();
    const std::string ts = std::to_string(ts_value);
    const http_outcome o = post(*u, *addresses, d.payload,
                                {{"Netvet-Delivery", d.header_id},
                                 {"Netvet-Event", d.event},
                                 {"Netvet-Timestamp", ts},
                                 {"Netvet-Signature", webhook_signature(d.secrets, ts_value, d.payload)}},
                                options_.timeout);
    a.status = o.status;
    a.error = o.error;
    if (a.status != 0 && (a.status < 200 || a.status >= 300)) {
      a.error = "HTTP " + std::to_string(a.status) +
                (a.status >= 300 && a.status < 400 ? " (redirects are not followed)" : "");
    }
  }
  a.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  const auto state = [&] {
    const std::lock_guard lock(sender_db_mutex_);
    return sender_db_->record_attempt(d, a, options_.retry, now());
  }();
  const std::string outcome = !state                  ? "error"
                              : *state == "delivered" ? "delivered"
                              : *state == "failed"    ? "failed"
                                                      : "retry";
  if (outcome == "delivered") {
    ++numbers_->delivered;
  } else if (outcome == "failed") {
    ++numbers_->failed;
  } else {
    ++numbers_->retry;
  }
  log_attempt(d, a, state ? outcome : "error: " + state.err().message);
}

void webhook_dispatcher::log_attempt(const store::due_delivery& d, const store::delivery_attempt& a,
                                     const std::string& state) const {
  // Never the secret, the payload or the URL (its query may hold a receiver's token).
  const nlohmann::ordered_json line = {{"ts", store::format_timestamp(a.at)},
                                       {"level", a.status >= 200 && a.status < 300 ? "info" : "warn"},
                                       {"event", "webhook_attempt"},
                                       {"delivery", d.id},
                                       {"webhook", d.webhook_id},
                                       {"type", d.event},
                                       {"attempt", a.n},
                                       {"status", a.status == 0 ? json(nullptr) : json(a.status)},
                                       {"error", a.error.empty() ? json(nullptr) : json(a.error)},
                                       {"duration_ms", a.duration_ms},
                                       {"outcome", state}};
  emit(line.dump(-1, ' ', false, json::error_handler_t::replace));
}

webhook_dispatcher::counts webhook_dispatcher::totals() const {
  return {numbers_->delivered.load(), numbers_->retry.load(), numbers_->failed.load()};
}

}  // namespace netvet::server
