// netvet's REST API: the route table, authentication, JSON in and out, the
// snapshot cache. Tenancy and role checks are the store's and
// store::allows' (server_store.h); handlers bind JSON onto them.
#include "netvet/server/api.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "netvet/core/date.h"
#include "netvet/core/text.h"
#include "netvet/crypto/canonical_json.h"
#include "netvet/crypto/digest.h"
#include "netvet/graph/exposure.h"
#include "netvet/graph/outage.h"
#include "netvet/graph/spof.h"
#include "netvet/io/reader.h"
#include "netvet/plan/plan.h"
#include "netvet/plan/rates.h"
#include "netvet/policy/report.h"
#include "netvet/policy/waiver.h"
#include "netvet/report/summary.h"
#include "netvet/report/table.h"
#include "netvet/server/generation.h"
#include "netvet/server/mapped_file.h"
#include "netvet/server/metrics.h"
#include "netvet/server/multipart.h"
#include "netvet/server/openapi.h"
#include "netvet/server/problem.h"
#include "netvet/server/webhooks.h"
#include "netvet/usecase/plan.h"
#include "netvet/usecase/policy.h"
#include "netvet/usecase/prepared.h"

namespace netvet::server {

using nlohmann::json;
using store::principal;

namespace {

// ---------- responses ----------

// The metrics' route label of a request no route matched (404, 405).
constexpr std::string_view kUnmatchedRoute = "unmatched";

response json_response(int status, const json& body) {
  response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

// `status`, when given, replaces the code's (405, 429) in the answer and in
// the body's `status` member alike (RFC 9457: they agree).
response problem(const error& e, const request& req, int status = 0) {
  response r;
  r.status = status != 0 ? status : http_status(e.code);
  r.content_type = "application/problem+json";
  error shown = e;
  if (e.code == error_code::internal || e.code == error_code::io_error) {
    shown.message = "the server failed; the request id identifies it in the server's log";
  }
  json body = problem_json(shown, req.path, req.request_id);
  body["status"] = r.status;
  r.body = body.dump();
  if (e.code == error_code::unauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"netvet\"");
  }
  if (e.code == error_code::overloaded) {
    r.headers.emplace_back("Retry-After", "1");
  }
  return r;
}

error bad_field(std::string field, std::string message) {
  return make_error(error_code::invalid_input, std::move(message), location{"", 0, 0, std::move(field)});
}

bool wants_csv(const request& req) {
  const auto accept = req.header("accept");
  return accept && accept->find("text/csv") != std::string_view::npos;
}

// The document as JSON, or as CSV when the client asks for text/csv.
response document_response(const request& req, const report::document& doc) {
  if (wants_csv(req)) {
    response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = report::render_csv(doc);
    return r;
  }
  return json_response(200, report::to_json(doc));
}

constexpr std::string_view kSessionCookie = "__Host-netvet_session";

// The session cookie's value, if the request carries one.
std::optional<std::string> session_cookie(const request& req) {
  const auto header = req.header("cookie");
  if (!header) {
    return std::nullopt;
  }
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') {
      pair.remove_prefix(1);
    }
    if (pair.starts_with(kSessionCookie) && pair.size() > kSessionCookie.size() && pair[kSessionCookie.size()] == '=') {
      return std::string(pair.substr(kSessionCookie.size() + 1));
    }
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
  }
  return std::nullopt;
}

std::string iso(store::timestamp t) { return store::format_timestamp(t); }
json iso_or_null(const std::optional<store::timestamp>& t) { return t ? json(iso(*t)) : json(nullptr); }

// ---------- JSON in ----------

// The nesting depth of `text` is at most `max` (scanned before parsing, so a
// deep document costs no recursion).
status check_depth(std::string_view text, std::size_t max) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max) {
        return make_error(error_code::limit_exceeded,
                          "the JSON body nests deeper than " + std::to_string(max) + " levels",
                          location{"", 0, 0, "body"});
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return {};
}

result<json> parse_body(const request& req) {
  if (const auto type = req.header("content-type");
      !type ||
      (type->find("application/json") == std::string_view::npos && type->find("+json") == std::string_view::npos)) {
    return make_error(error_code::unsupported, "the body must be application/json", location{"", 0, 0, "Content-Type"});
  }
  NETVET_TRY(check_depth(req.body, kMaxJsonDepth));
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded()) {
    return bad_field("body", "the body is not valid JSON");
  }
  if (!j.is_object()) {
    return bad_field("body", "the body must be a JSON object");
  }
  return j;
}

result<std::string> text_field(const json& j, const char* name, std::size_t max = 200) {
  if (!j.contains(name) || !j[name].is_string() || j[name].get_ref<const std::string&>().empty()) {
    return bad_field(name, std::string("'") + name + "' is required (a non-empty string)");
  }
  if (j[name].get_ref<const std::string&>().size() > max) {
    return make_error(error_code::limit_exceeded, std::string("'") + name + "' is too long", location{"", 0, 0, name});
  }
  return j[name].get<std::string>();
}

result<bool> bool_field(const json& j, const char* name) {
  if (!j.contains(name)) {
    return false;
  }
  if (!j[name].is_boolean()) {
    return bad_field(name, std::string("'") + name + "' must be true or false");
  }
  return j[name].get<bool>();
}

// `expires_in_days` (1..366, or 1..`max_days` under a token policy; default
// 90, or the policy's maximum if shorter) after now.
result<store::timestamp> expiry_field(const json& j, store::timestamp now, int max_days) {
  const std::int64_t most = max_days > 0 ? std::min(max_days, 366) : 366;
  std::int64_t days = std::min<std::int64_t>(90, most);
  if (j.contains("expires_in_days")) {
    if (!j["expires_in_days"].is_number_integer() || j["expires_in_days"].get<std::int64_t>() < 1 ||
        j["expires_in_days"].get<std::int64_t>() > most) {
      return bad_field("expires_in_days", "expires_in_days is a whole number of days, 1.." + std::to_string(most) +
                                              (max_days > 0 ? " (the server's token policy)" : ""));
    }
    days = j["expires_in_days"].get<std::int64_t>();
  }
  return store::timestamp{now.unix_seconds + days * 24 * 3600};
}

result<store::page_request> page_params(const request& req) {
  store::page_request p;
  if (const auto limit = req.param("limit")) {
    std::size_t v = 0;
    const auto [ptr, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), v);
    if (ec != std::errc{} || ptr != limit->data() + limit->size() || v == 0 || v > 500) {
      return bad_field("limit", "limit is 1..500");
    }
    p.limit = v;
  }
  if (const auto cursor = req.param("cursor")) {
    p.cursor = std::string(*cursor);
  }
  if (const auto state = req.param("state")) {
    p.state = store::parse_proposal_state(*state);
    if (!p.state) {
      return bad_field("state", "state is draft, submitted, info_requested, decided, withdrawn or superseded");
    }
  }
  for (const auto& [name, slot] : {std::pair{"since", &p.since}, std::pair{"until", &p.until}}) {
    if (const auto v = req.param(name)) {
      const auto d = parse_date(*v);
      if (!d) {
        return bad_field(name, std::string(name) + " is a date, YYYY-MM-DD");
      }
      *slot = store::timestamp{std::int64_t{d->days} * 86400};
    }
  }
  return p;
}

// ---------- JSON out ----------

json org_json(const store::org_info& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"kind", store::to_string(o.kind)},
          {"jurisdiction", o.jurisdiction},
          {"created_at", iso(o.created_at)}};
}

json user_json(const store::user_info& u) {
  return {{"id", u.id},
          {"org", u.org},
          {"name", u.name},
          {"role", store::to_string(u.who)},
          {"created_at", iso(u.created_at)},
          {"disabled", u.disabled}};
}

json token_json(const store::token_info& t) {
  return {{"id", t.id},
          {"user", t.user_id},
          {"created_at", iso(t.created_at)},
          {"last_used_at", iso_or_null(t.last_used_at)},
          {"expires_at", iso(t.expires_at)},
          {"read_only", t.read_only},
          {"revoked_at", iso_or_null(t.revoked_at)}};
}

json network_json(const store::network_record& n) {
  return {{"id", n.id},
          {"name", n.name},
          {"org", n.org},
          {"jurisdiction", n.jurisdiction},
          {"created_at", iso(n.created_at)},
          {"elements", n.elements},
          {"links", n.links},
          {"content_hash", n.content_hash}};
}

json proposal_json(const store::proposal_record& p) {
  json j = {
      {"id", p.id},
      {"org", p.org},
      {"jurisdiction", p.jurisdiction},
      {"network", p.network_id},
      {"version", p.version},
      {"supersedes", p.supersedes.empty() ? json(nullptr) : json(p.supersedes)},
      {"state", store::to_string(p.state)},
      {"created_at", iso(p.created_at)},
      {"submitted_at", iso_or_null(p.submitted_at)},
      {"updated_at", iso(p.updated_at)},
      {"proposal", p.body},
      {"recommendation", p.assessment.recommendation},
      {"pack",
       {{"id", p.assessment.pack_id}, {"version", p.assessment.pack_version}, {"sha256", p.assessment.pack_sha256}}},
      {"assessment", p.assessment.document},
      {"requests", p.requests},
      {"decision", nullptr}};
  if (p.decision) {
    const auto& d = *p.decision;
    j["decision"] = {{"decision", d.decision},          {"reasons", d.reasons},
                     {"conditions", d.conditions},      {"decided_by", d.decided_by},
                     {"decided_at", iso(d.decided_at)}, {"checkpoint", d.checkpoint}};
  }
  return j;
}

json waiver_json(const store::waiver_record& w) {
  return {{"id", w.id},
          {"network", w.network_id},
          {"jurisdiction", w.jurisdiction},
          {"pack", w.pack},
          {"rule", w.rule},
          {"elements", w.elements},
          {"justification", w.justification},
          {"expires", w.expires},
          {"granted_by", w.granted_by},
          {"created_at", iso(w.created_at)}};
}

json log_json(const store::log_entry& e) {
  return {{"chain", e.chain},     {"idx", e.idx},   {"at", iso(e.at)}, {"actor", e.actor}, {"kind", e.kind},
          {"subject", e.subject}, {"data", e.data}, {"body", e.body},  {"hash", e.hash}};
}

// A log proof's whole-number query parameter: nullopt when absent, a 400
// naming it when not a number.
result<std::optional<std::uint64_t>> count_param(const request& req, const char* name) {
  const auto v = req.param(name);
  if (!v) {
    return std::optional<std::uint64_t>();
  }
  std::uint64_t n = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || ptr != v->data() + v->size() || v->empty()) {
    return bad_field(name, std::string(name) + " is a whole number of entries (0, 1, ...)");
  }
  return std::optional(n);
}

// A plan's number parameter (budget, crews): absent, or a finite number
// above `low` (budget: 0 or more; crews: more than 0) and at most `high`.
result<std::optional<double>> amount_param(const request& req, const char* name, bool zero_ok, double high,
                                           const char* what) {
  const auto v = req.param(name);
  if (!v) {
    return std::optional<double>();
  }
  double x = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  const bool in_range = std::isfinite(x) && (zero_ok ? x >= 0 : x > 0) && x <= high;
  if (ec != std::errc{} || ptr != v->data() + v->size() || !in_range) {
    return bad_field(name, what);
  }
  return std::optional(x);
}

// A plan's date parameter (start, until): absent, or YYYY-MM-DD.
result<std::optional<date>> date_param(const request& req, const char* name) {
  const auto v = req.param(name);
  if (!v) {
    return std::optional<date>();
  }
  const auto d = parse_date(*v);
  if (!d) {
    return bad_field(name, std::string(name) + " is a date, YYYY-MM-DD");
  }
  return std::optional(*d);
}

// The plan route's parameters that `netvet plan` also takes (start, until,
// period, budget a year, crews, currency), checked; `start` defaults to the
// caller's today, the currency to the cost model's (GBP).
result<plan::plan_options> plan_options_of(const request& req, date today) {
  plan::plan_options o;
  NETVET_ASSIGN_OR_RETURN(const auto start, date_param(req, "start"));
  o.start = start.value_or(today);
  NETVET_ASSIGN_OR_RETURN(o.until, date_param(req, "until"));
  if (o.until && *o.until < o.start) {
    return bad_field("until", "until is before start");
  }
  if (const auto v = req.param("period")) {
    const auto len = plan::parse_period_length(*v);
    if (!len) {
      return bad_field("period", "period is quarter or month");
    }
    o.length = *len;
  }
  NETVET_ASSIGN_OR_RETURN(o.budget_per_year,
                          amount_param(req, "budget", true, 1e15, "budget is a number of 0 or more (a year's spend)"));
  NETVET_ASSIGN_OR_RETURN(o.crews, amount_param(req, "crews", false, 1e6, "crews is a positive number"));
  if (const auto v = req.param("currency")) {
    const auto code = plan::currency_code(*v);
    const auto rates = plan::rate_table::defaults();
    if (!code || !rates || rates->find(*code) == nullptr) {
      return bad_field("currency",
                       "currency is an ISO 4217 code of the ECB's rates of 2019-10-01 (data/plan/rates.csv): EUR, "
                       "GBP, USD, SEK, CAD, ...");
    }
    o.currency = *code;
  }
  return o;
}

// The chain a log request names: ?chain=, else the caller's jurisdiction's
// ("system" for administrators).
std::string chain_param(const request& req, const principal& who) {
  if (const auto v = req.param("chain")) {
    return std::string(*v);
  }
  return who.jurisdiction.empty() ? std::string("system") : who.jurisdiction;
}

template <typename T, typename F>
json page_json(const store::page<T>& p, F item) {
  json items = json::array();
  for (const auto& x : p.items) {
    items.push_back(item(x));
  }
  return {{"items", std::move(items)}, {"next", p.next.empty() ? json(nullptr) : json(p.next)}};
}

// The pack's fingerprint: SHA-256 of the canonical JSON of its document.
std::string pack_sha256(const policy::pack& p) {
  auto text = crypto::canonical_json(report::to_json(policy::pack_document(p)));
  return text ? crypto::to_hex(crypto::sha256(*text)) : std::string();
}

}  // namespace

// ---------- the cache of prepared networks ----------

// Least recently used first out, within a byte budget; thread-safe. Holds
// the prepared networks, and the answers already rendered from them (a
// snapshot never changes, so neither does an analysis of it).
template <typename V>
class lru_cache {
 public:
  explicit lru_cache(std::size_t budget) : budget_(budget) {}

  std::optional<V> find(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) {
      ++misses_;
      return std::nullopt;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->value;
  }

  struct usage {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t budget = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
  };
  usage use() {
    const std::lock_guard lock(mutex_);
    return {order_.size(), used_, budget_, hits_, misses_};
  }

  void put(const std::string& key, V v, std::size_t bytes) {
    const std::lock_guard lock(mutex_);
    if (index_.contains(key)) {
      return;
    }
    order_.push_front({key, std::move(v), bytes});
    index_[key] = order_.begin();
    used_ += bytes;
    while (used_ > budget_ && order_.size() > 1) {
      used_ -= order_.back().bytes;
      index_.erase(order_.back().key);
      order_.pop_back();
    }
  }

  // Drops every entry whose key starts with `prefix`.
  void drop(const std::string& prefix) {
    const std::lock_guard lock(mutex_);
    for (auto it = order_.begin(); it != order_.end();) {
      if (it->key.starts_with(prefix)) {
        used_ -= it->bytes;
        index_.erase(it->key);
        it = order_.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  struct slot {
    std::string key;
    V value;
    std::size_t bytes;
  };
  std::mutex mutex_;
  std::size_t budget_;
  std::size_t used_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::list<slot> order_;
  std::unordered_map<std::string, typename std::list<slot>::iterator> index_;
};

// ---------- the application ----------

struct call {
  const request& req;
  std::vector<std::string> args;  // the path's {id} parts, in order
  principal who;
  store::server_store& db;
  store::timestamp now;
  bool pins = false;  // the server asks it on its own (the overview): its answer is kept pinned
};

using handler = result<response> (api::impl::*)(call&);

// Whether a route's answer is kept (in memory, and in the store across
// restarts: store::answer_record), and for how long.
enum class kept : std::uint8_t {
  no,
  per_snapshot,          // an analysis of a snapshot, the same every day
  per_snapshot_and_day,  // one that depends on today (an audit or a plan as of today by default)
};

struct route {
  std::string_view method;
  std::string_view pattern;
  std::uint64_t body_cap;
  bool needs_auth;
  handler fn;
  kept answers = kept::no;  // an analysis of a network: its answer is kept per snapshot and question
  bool spools = false;      // the body is spooled to a file (request::spooled), not read into memory
};

// The body of a request as one view: in memory, or its spooled file mapped.
struct body_bytes {
  mapped_file map;
  std::string_view view;
};

result<body_bytes> body_of(const request& req) {
  body_bytes b;
  if (!req.spooled) {
    b.view = req.body;
    return b;
  }
  NETVET_ASSIGN_OR_RETURN(b.map, mapped_file::open(req.spooled->path()));
  b.view = b.map.view();
  return b;
}

// A network CSV pair from a multipart/form-data body: the part `elements`
// (required) and `links` (optional), as network-csv.md lays them out.
result<model::network> read_csv_pair(std::string_view body, std::string_view content_type) {
  NETVET_ASSIGN_OR_RETURN(const auto boundary, multipart_boundary(content_type));
  NETVET_ASSIGN_OR_RETURN(const auto parts, parse_multipart(body, boundary));
  std::optional<std::string_view> elements;
  std::optional<std::string_view> links;
  for (const auto& p : parts) {
    auto* slot = p.name == "elements" ? &elements : p.name == "links" ? &links : nullptr;
    if (slot == nullptr) {
      return make_error(error_code::invalid_input, "unknown part '" + p.name + "' (the parts are elements and links)",
                        location{"", 0, 0, p.name});
    }
    if (slot->has_value()) {
      return make_error(error_code::invalid_input, "the part '" + p.name + "' is given twice",
                        location{"", 0, 0, p.name});
    }
    *slot = p.data;
  }
  if (!elements) {
    return make_error(error_code::invalid_input, "a CSV upload needs the part 'elements' (elements.csv)",
                      location{"", 0, 0, "elements"});
  }
  return io::read_network_csv_text(*elements, links.value_or(std::string_view{}), "upload", io::read_options{});
}

// An uploaded network: netvet JSON (application/json, up to
// kNetworkJsonBodyCap) or a CSV pair (multipart/form-data).
result<model::network> read_uploaded_network(const request& req) {
  const auto type = req.header("content-type");
  const std::string lowered = type ? to_lower_ascii(*type) : std::string();
  const bool json_body = lowered.find("application/json") != std::string::npos;
  if (!json_body && lowered.rfind("multipart/form-data", 0) != 0) {
    return make_error(error_code::unsupported,
                      "a network upload is netvet JSON (application/json) or a CSV pair (multipart/form-data "
                      "with the parts elements and links)",
                      location{"", 0, 0, "Content-Type"});
  }
  NETVET_ASSIGN_OR_RETURN(const auto body, body_of(req));
  if (!json_body) {
    return read_csv_pair(body.view, *type);
  }
  if (body.view.size() > kNetworkJsonBodyCap) {
    return make_error(error_code::limit_exceeded,
                      "a netvet JSON network is limited to " + std::to_string(kNetworkJsonBodyCap >> 20) +
                          " MiB; upload a larger network as a CSV pair (multipart/form-data)",
                      location{"", 0, 0, "body"});
  }
  NETVET_TRY(check_depth(body.view, kMaxJsonDepth));
  return io::read_network_json_text(body.view, "body", io::read_options{});
}

struct api::impl {
  api_options options;
  lru_cache<std::shared_ptr<const usecase::prepared_network>> cache;
  lru_cache<response> answers;
  metrics own_stats;  // when options.stats is not given
  metrics* stats;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<store::server_store>> idle;

  // Snapshots being loaded and prepared: one load per snapshot however many
  // ask (single flight), at most kMaxLoads at once, each on a thread of its
  // own, so that a request waits at most options.analysis_budget for one and
  // a retry finds it in the cache.
  using prepared_result = result<std::shared_ptr<const usecase::prepared_network>>;
  static constexpr std::size_t kMaxLoads = 2;
  std::mutex loads_mutex;
  std::condition_variable loads_done;
  std::map<std::string, std::shared_future<prepared_result>> loads;
  std::size_t loaders = 0;  // threads still running (the destructor waits for them)

  // Each pack's digest, computed once: rendering a pack and hashing it was
  // 5 % of a proposal's creation. The packs live as long as the context.
  std::mutex digests_mutex;
  std::map<const policy::pack*, std::string> digests;

  std::string digest_of(const policy::pack& p) {
    {
      const std::lock_guard lock(digests_mutex);
      if (const auto it = digests.find(&p); it != digests.end()) {
        return it->second;
      }
    }
    std::string d = pack_sha256(p);
    const std::lock_guard lock(digests_mutex);
    return digests.try_emplace(&p, std::move(d)).first->second;
  }

  explicit impl(api_options o)
      : options(std::move(o)),
        cache(options.memory_budget),
        answers(options.memory_budget / 8),
        stats(options.stats != nullptr ? options.stats : &own_stats) {}
  ~impl() {
    {
      const std::lock_guard stop(refresh_mutex);
      stopping = true;
    }
    refresh_wake.notify_all();
    if (refresher.joinable()) {
      refresher.join();
    }
    std::unique_lock lock(loads_mutex);
    loads_done.wait(lock, [this] { return loaders == 0; });
  }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  impl(impl&&) = delete;
  impl& operator=(impl&&) = delete;

  [[nodiscard]] store::timestamp now() const {
    if (options.now) {
      return options.now();
    }
    return {
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()};
  }

  // A store connection for this request (one per worker at a time).
  result<std::unique_ptr<store::server_store>> lease() {
    {
      const std::lock_guard lock(pool_mutex);
      if (!idle.empty()) {
        auto s = std::move(idle.back());
        idle.pop_back();
        return s;
      }
    }
    store::server_store_options so;
    so.key = options.key;
    so.key_file = options.key_file;
    so.max_token_age_seconds = std::int64_t{options.max_token_days} * 86400;
    return store::open_server_store(options.workspace, so);
  }
  void give_back(std::unique_ptr<store::server_store> s) {
    s->set_request_id({});
    const std::lock_guard lock(pool_mutex);
    if (idle.size() < 16) {
      idle.push_back(std::move(s));
    }
  }

  result<std::shared_ptr<const usecase::prepared_network>> prepared(call& c, const std::string& id) {
    // The store decides visibility first, every time; the cache only saves the load.
    NETVET_ASSIGN_OR_RETURN(const store::network_record rec, c.db.network(c.who, id));
    const std::string key = rec.id + "/" + rec.content_hash;
    if (auto hit = cache.find(key)) {
      return *hit;
    }
    NETVET_ASSIGN_OR_RETURN(const auto load, start_load(key, c.who, rec.id));
    if (load.wait_for(options.analysis_budget) != std::future_status::ready) {
      return make_error(error_code::overloaded, "the network '" + rec.id +
                                                    "' is being loaded for analysis; ask again shortly (its answer "
                                                    "is kept once loaded)");
    }
    return load.get();
  }

  // The load of snapshot `key` under way, or a new one (overloaded when
  // kMaxLoads are running). The loading thread reads through a store of its
  // own with the principal that was just allowed to see the network.
  result<std::shared_future<prepared_result>> start_load(const std::string& key, const principal& who,
                                                         const std::string& id) {
    return start_preparing(key, [this, who, id]() -> prepared_result {
      NETVET_ASSIGN_OR_RETURN(auto db, lease());
      auto net = db->load_network(who, id, options.ctx->catalog());
      give_back(std::move(db));
      if (!net) {
        return net.err();
      }
      return usecase::prepare(*options.ctx, std::move(net.value()));
    });
  }

  // Snapshot `key` prepared by `make` on a thread of its own (single flight:
  // the preparation under way when there is one), then kept in the cache.
  result<std::shared_future<prepared_result>> start_preparing(const std::string& key,
                                                              std::function<prepared_result()> make) {
    const std::lock_guard lock(loads_mutex);
    if (const auto it = loads.find(key); it != loads.end()) {
      return it->second;
    }
    if (loaders >= kMaxLoads) {
      return make_error(error_code::overloaded, "the server is loading other networks; ask again shortly");
    }
    auto task = std::make_shared<std::packaged_task<prepared_result()>>(std::move(make));
    std::shared_future<prepared_result> f = task->get_future().share();
    loads.emplace(key, f);
    ++loaders;
    std::thread([this, task, key, f] {
      (*task)();
      const bool ready = f.get().has_value();
      if (ready) {
        cache.put(key, f.get().value(), f.get().value()->memory_bytes());
      }
      {
        const std::lock_guard erase(loads_mutex);
        loads.erase(key);
      }
      std::unique_lock done(loads_mutex);
      --loaders;
      std::notify_all_at_thread_exit(loads_done, std::move(done));  // the destructor waits for this
    }).detach();
    return f;
  }

  // A network just uploaded and the snapshot prepared from the copy the
  // upload parsed (no reload from the store): kept in the cache, then the
  // answers its overview asks for first are computed and kept (in memory and
  // in the store), before the upload is answered, so that the dashboard's
  // first open of a large network, then or after a restart, reads them.
  void warm(const store::network_record& rec, const principal& who,
            std::shared_ptr<const usecase::prepared_network> ready) {
    cache.put(rec.id + "/" + rec.content_hash, ready, ready->memory_bytes());
    warm_answers(who, rec);
  }

  // The overview's questions of network `rec` (web/dashboard/src/views.ts),
  // asked as the dashboard asks them: the summary, the map's sites, the
  // exposure, the all-jurisdictions audit, then the audit of each pack the
  // overview draws (the network's own jurisdiction's caps, and the timeline
  // of every pack with a deadline ahead). Their answers are kept pinned
  // (store::answer_record::pinned): no number of other questions evicts them.
  void warm_answers(const principal& who, const store::network_record& rec) {
    auto db = lease();
    if (!db) {
      return;
    }
    const auto ask = [&](std::string_view path, handler fn, header_list query, kept how) {
      request req;
      req.method = "GET";
      req.path = "/api/v1/networks/" + rec.id + std::string(path);
      req.query = std::move(query);
      call c{req, {rec.id}, who, **db, now(), true};
      return cached(c, fn, how);
    };
    (void)ask("/summary", &impl::summary, {}, kept::per_snapshot);
    (void)ask("/sites", &impl::sites, {}, kept::per_snapshot);
    (void)ask("/exposure", &impl::exposure, {}, kept::per_snapshot);
    const auto all = ask("/audit", &impl::audit, {{"policy", "all"}}, kept::per_snapshot_and_day);
    std::set<std::string> packs;
    if (all && all->status == 200) {
      const json doc = json::parse(all->body, nullptr, false);
      for (const auto& j : doc.is_object() ? doc.value("jurisdictions", json::array()) : json::array()) {
        const std::string id = j.value("policy", "");
        if (!id.empty() && (j.value("next_deadline", "") != "" || id == to_lower_ascii(rec.jurisdiction))) {
          packs.insert(id);
        }
      }
    }
    for (const auto& p : packs) {
      (void)ask("/audit", &impl::audit, {{"policy", p}}, kept::per_snapshot_and_day);
    }
    give_back(std::move(*db));
  }

  // The daily refresh (api_options::refresh_networks): at start and
  // whenever the day turns, the overview of the latest uploaded operator
  // networks whose audits were kept for an earlier day and not for today
  // (at most refresh_networks of them) is answered again,
  // as the operator's own read-only view (the store's tenancy holds), one
  // network at a time, the snapshot loaded however long it takes: so the
  // first open of the day, or after a restart, reads it (an audit is as of
  // a day; the undated answers are read from the store meanwhile).
  std::thread refresher;
  std::mutex refresh_mutex;
  std::condition_variable refresh_wake;
  bool stopping = false;  // guarded by refresh_mutex
  std::atomic<std::uint64_t> refreshed{0};

  bool stop_asked() {
    const std::lock_guard lock(refresh_mutex);
    return stopping;
  }

  void refresh_loop() {
    std::optional<date> done_for;
    std::unique_lock lock(refresh_mutex);
    while (!stopping) {
      const date today = options.ctx->today();
      if (done_for != today) {
        lock.unlock();
        refresh(today);
        lock.lock();
        done_for = today;
      }
      refresh_wake.wait_for(lock, std::chrono::seconds(60), [this] { return stopping; });
    }
  }

  void refresh(date today) {
    auto db = lease();
    if (!db) {
      return;
    }
    const auto stale = (*db)->networks_kept_before(format_date(today), options.refresh_networks);
    give_back(std::move(*db));
    if (!stale) {
      return;
    }
    for (const auto& rec : *stale) {
      const store::principal reader = store::operator_reader(rec, "netvet-refresh");
      if (!loaded_for_refresh(reader, rec) || stop_asked()) {
        return;  // stopping
      }
      warm_answers(reader, rec);
      ++refreshed;
    }
  }

  // The snapshot of `rec` in the cache, waiting for a free loader when
  // others are loading; false when the server is stopping.
  bool loaded_for_refresh(const store::principal& reader, const store::network_record& rec) {
    const std::string key = rec.id + "/" + rec.content_hash;
    while (!stop_asked()) {
      if (cache.find(key)) {
        return true;
      }
      if (auto load = start_load(key, reader, rec.id)) {
        load->wait();
        return !stop_asked();
      }
      std::unique_lock lock(refresh_mutex);
      refresh_wake.wait_for(lock, std::chrono::seconds(1), [this] { return stopping; });
    }
    return false;
  }

  // The caller: a bearer token (scripts), else the session cookie (the
  // dashboard), whose state-changing requests must carry the session's CSRF
  // token and, when the browser sends one, an Origin of this server.
  result<principal> authenticate(call& c) {
    const auto auth = c.req.header("authorization");
    const std::string_view prefix = "Bearer ";
    if (auth && auth->starts_with(prefix)) {
      return c.db.authenticate(auth->substr(prefix.size()), c.req.peer, c.now);
    }
    const auto cookie = session_cookie(c.req);
    if (!auth && cookie) {
      const bool reads = c.req.method == "GET" || c.req.method == "HEAD";
      if (const auto origin = c.req.header("origin"); origin && !reads) {
        const auto host = c.req.header("host");
        const auto scheme_end = origin->find("://");
        if (!host || scheme_end == std::string_view::npos || origin->substr(scheme_end + 3) != *host) {
          return make_error(error_code::forbidden, "the request's Origin is not this server",
                            location{"", 0, 0, "Origin"});
        }
      }
      std::optional<std::string> csrf;
      if (!reads) {
        csrf = std::string(c.req.header("x-csrf-token").value_or(""));
      }
      return c.db.authenticate_session(*cookie, csrf, c.now);
    }
    return make_error(error_code::unauthenticated, "a valid bearer token is required");
  }

  // An analysis answered from the cache when this question of this snapshot
  // was answered before (after the store said the caller may see it): from
  // memory, else from the answers kept in the store (a restart), else
  // computed, then kept in both.
  result<response> cached(call& c, handler fn, kept how) {
    NETVET_ASSIGN_OR_RETURN(const store::network_record rec, c.db.network(c.who, c.args.at(0)));
    std::string key = rec.id + "/" + rec.content_hash + "|" + c.req.path + "?";
    for (const auto& [k, v] : c.req.query) {
      // Length-prefixed: a decoded value may hold '&' and '=' ("vendor=A%26together%3Dtrue"
      // is not "vendor=A&together=true").
      key += std::to_string(k.size()) + ":" + k + "=" + std::to_string(v.size()) + ":" + v + "&";
    }
    key += wants_csv(c.req) ? "|csv|" : "|json|";
    std::string day;
    if (how == kept::per_snapshot_and_day) {
      day = format_date(options.ctx->today());
      key += day;
    }
    if (!keeps_answers(c)) {
      // Only the network's own organisation reads the answers kept in the store (which its
      // database role may write); anyone else's answers are computed, and held apart in memory.
      key += "|org:" + std::to_string(c.who.org_id);
    }
    if (c.req.path.ends_with("/audit")) {
      // Waivers change an audit's answer; another server process may have granted one.
      NETVET_ASSIGN_OR_RETURN(const auto waivers, c.db.waivers(c.who, rec.id));
      for (const auto& w : waivers) {
        key += "|" + w.id;
      }
    }
    if (auto hit = answers.find(key)) {
      return *hit;
    }
    return answer_once(key, day, c, fn);
  }

  // What computed the answers this process keeps in the store: its build,
  // catalogue and packs (generation.h); "" keeps none.
  std::once_flag generation_once;
  std::string generation_text;

  const std::string& generation() {
    std::call_once(generation_once, [this] {
      std::vector<std::string> pack_digests;
      if (const auto packs = options.ctx->packs()) {
        for (const auto& p : (*packs)->packs()) {
          pack_digests.push_back(digest_of(p));
        }
      } else {
        return;  // the packs did not load: no audit is answered, none kept
      }
      generation_text = answer_generation(options.ctx->catalog(), pack_digests);
    });
    return generation_text;
  }

  std::atomic<std::uint64_t> kept_hits{0};
  std::atomic<std::uint64_t> kept_writes{0};

  // Whether `c`'s caller reads and keeps the answers kept in the store: the
  // network's own operator. A regulator reads no row an operator's database
  // session could have written, and writes none an operator would read.
  static bool keeps_answers(const call& c) { return c.who.kind == store::org_kind::operator_org; }

  // The store's key of question `key`: its digest with this generation's
  // (so a row of another generation is never found); "" when `c`'s caller
  // keeps no answers in the store or this process keeps none.
  std::string stored_key(const call& c, const std::string& key) {
    if (generation().empty() || !keeps_answers(c)) {
      return {};
    }
    return crypto::to_hex(crypto::sha256(generation() + "\n" + key));
  }

  // The answer kept in the store under `stored` (stored_key), if any (errors read as none: it is only saved work).
  std::optional<response> kept_answer(call& c, const std::string& stored) {
    if (stored.empty()) {
      return std::nullopt;
    }
    const auto found = c.db.find_answer(c.who, c.args.at(0), stored);
    if (!found || !found.value()) {
      return std::nullopt;
    }
    const auto& a = *found.value();
    response r{200, a.content_type, a.body, {}};
    const json headers = json::parse(a.headers, nullptr, false);
    if (headers.is_array()) {
      for (const auto& h : headers) {
        if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string()) {
          r.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
        }
      }
    }
    ++kept_hits;
    return r;
  }

  void keep(call& c, const std::string& stored, const std::string& day, const response& r) {
    if (stored.empty() || r.body.size() > store::kMaxKeptAnswer) {
      return;
    }
    json headers = json::array();
    for (const auto& [k, v] : r.headers) {
      headers.push_back({k, v});
    }
    const store::answer_record a{stored, generation(), day, r.content_type, headers.dump(), r.body, c.pins};
    if (c.db.keep_answer(c.who, c.args.at(0), a, c.now)) {
      ++kept_writes;
    }
  }

  // Answers being computed: a question asked again meanwhile waits for the
  // computation under way, up to the analysis budget, instead of repeating it.
  std::mutex asking_mutex;
  std::map<std::string, std::shared_future<result<response>>> asking;

  result<response> answer_once(const std::string& key, const std::string& day, call& c, handler fn) {
    std::promise<result<response>> mine;
    {
      std::unique_lock lock(asking_mutex);
      if (const auto it = asking.find(key); it != asking.end()) {
        const auto under_way = it->second;
        lock.unlock();
        if (under_way.wait_for(options.analysis_budget) != std::future_status::ready) {
          return make_error(error_code::overloaded,
                            "this analysis is being computed; ask again shortly (its answer "
                            "is kept once computed)");
        }
        return under_way.get();
      }
      asking.emplace(key, mine.get_future().share());
    }
    const auto done = [&] {
      const std::lock_guard lock(asking_mutex);
      asking.erase(key);
    };
    try {
      result<response> out = make_error(error_code::internal, "unanswered");
      const std::string stored = stored_key(c, key);
      if (auto was = kept_answer(c, stored)) {
        out = std::move(*was);
      } else {
        out = (this->*fn)(c);
        if (out && out->status == 200) {
          keep(c, stored, day, *out);
        }
      }
      if (out && out->status == 200) {
        answers.put(key, *out, out->body.size() + key.size() + 256);
      }
      mine.set_value(out);
      done();
      return out;
    } catch (...) {
      mine.set_exception(std::current_exception());
      done();
      throw;
    }
  }

  response run(const route& r, const request& req, std::vector<std::string> args);

  // Argon2id takes 19 MiB and tens of milliseconds per verification: at most
  // two at once, whatever the number of workers.
  std::counting_semaphore<2> password_work{2};

  // A failed sign-in or reset: 429 (Too Many Requests) with Retry-After
  // while the lockout's back-off lasts, else the error itself.
  static result<response> refused(const error& e, const request& req, const store::login_refusal& refusal) {
    if (refusal.retry_after > 0) {
      response r = problem(e, req, 429);
      r.headers.emplace_back("Retry-After", std::to_string(refusal.retry_after));
      return r;
    }
    return e;
  }

  // --- handlers ---
  result<response> sign_in(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    NETVET_ASSIGN_OR_RETURN(const std::string name, text_field(body, "name", 64));
    NETVET_ASSIGN_OR_RETURN(const std::string password, text_field(body, "password", 1024));
    store::login_refusal refusal;
    password_work.acquire();
    auto s = c.db.sign_in(name, password, c.req.peer, c.now, refusal);
    password_work.release();
    if (!s) {
      return refused(s.err(), c.req, refusal);
    }
    response r = json_response(201, {{"user", s->who.user},
                                     {"role", store::to_string(s->who.who)},
                                     {"org", s->who.org},
                                     {"csrf", s->csrf},
                                     {"expires_at", iso(s->expires_at)}});
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + s->secret +
                                             "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" +
                                             std::to_string(store::kSessionLife));
    return r;
  }

  result<response> sign_out(call& c) {
    const auto cookie = session_cookie(c.req);
    if (!cookie) {
      return bad_field("Cookie", "there is no session to end (a token is revoked with DELETE /api/v1/tokens/{id})");
    }
    NETVET_TRY(c.db.sign_out(*cookie, c.now));
    response r{204, "application/json", "", {}};
    r.headers.emplace_back("Set-Cookie",
                           std::string(kSessionCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    return r;
  }

  result<response> set_password(call& c) {
    if (c.who.read_only) {
      return make_error(error_code::forbidden, "a read-only token may not set passwords");
    }
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    std::string user = c.who.user;
    if (body.contains("user")) {
      NETVET_ASSIGN_OR_RETURN(user, text_field(body, "user", 64));
    }
    NETVET_ASSIGN_OR_RETURN(const std::string password, text_field(body, "password", 1024));
    password_work.acquire();
    const auto set = c.db.set_password(c.who, user, password, c.now);
    password_work.release();
    NETVET_TRY(set);
    return response{204, "application/json", "", {}};
  }

  // An administrator issues a one-time password-reset code (shown once) that
  // the person redeems at POST /api/v1/password/reset.
  result<response> issue_reset_code(call& c) {
    std::int64_t hours = store::kResetCodeLife / 3600;
    if (!c.req.body.empty()) {
      NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
      if (body.contains("valid_hours")) {
        if (!body["valid_hours"].is_number_integer()) {
          return bad_field("valid_hours", "valid_hours is a whole number of hours, 1..168");
        }
        hours = body["valid_hours"].get<std::int64_t>();
      }
    }
    if (hours < 1 || hours > store::kMaxResetCodeLife / 3600) {
      return bad_field("valid_hours", "valid_hours is a whole number of hours, 1..168");
    }
    NETVET_ASSIGN_OR_RETURN(const auto issued, c.db.issue_reset_code(c.who, c.args.at(0), hours * 3600, c.now));
    return json_response(201, {{"user", issued.user}, {"code", issued.code}, {"expires_at", iso(issued.expires_at)}});
  }

  // The person sets their password with the code (no session: they have
  // none). Failures count towards the sign-in lockout.
  result<response> reset_password(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    NETVET_ASSIGN_OR_RETURN(const std::string name, text_field(body, "name", 64));
    NETVET_ASSIGN_OR_RETURN(const std::string code, text_field(body, "code", 64));
    NETVET_ASSIGN_OR_RETURN(const std::string password, text_field(body, "password", 1024));
    store::login_refusal refusal;
    password_work.acquire();
    const auto done = c.db.reset_password(name, code, password, c.req.peer, c.now, refusal);
    password_work.release();
    if (!done) {
      return refused(done.err(), c.req, refusal);
    }
    return response{204, "application/json", "", {}};
  }

  result<response> healthz(call&) { return json_response(200, {{"status", "ok"}}); }

  // The numbers of this server process (metrics.h), for an administrator's
  // token: a read-only one is what a Prometheus scrape should hold.
  result<response> metrics_text(call& c) {
    if (!store::allows(c.who, store::action::read_metrics)) {
      return make_error(error_code::forbidden, "the metrics are for administrators (a read-only token will do)");
    }
    response r;
    r.content_type = std::string(kMetricsContentType);
    r.body = stats->render();
    return r;
  }

  // The caches' and loads' numbers, at each scrape.
  void collect(metrics::sink& out) {
    const auto snapshots = cache.use();
    const auto rendered = answers.use();
    out.gauge("netvet_snapshot_cache_entries", "Prepared network snapshots held in memory.",
              static_cast<double>(snapshots.entries));
    out.gauge("netvet_snapshot_cache_bytes", "Bytes of the prepared snapshots held (estimated).",
              static_cast<double>(snapshots.bytes));
    out.gauge("netvet_snapshot_cache_budget_bytes", "The snapshot cache's budget (--memory-budget).",
              static_cast<double>(snapshots.budget));
    out.counter("netvet_snapshot_cache_hits_total", "Analyses that found their snapshot prepared.",
                static_cast<double>(snapshots.hits));
    out.counter("netvet_snapshot_cache_misses_total", "Analyses that had to load their snapshot.",
                static_cast<double>(snapshots.misses));
    out.gauge("netvet_answer_cache_entries", "Rendered analysis answers held.", static_cast<double>(rendered.entries));
    out.gauge("netvet_answer_cache_bytes", "Bytes of the rendered answers held.", static_cast<double>(rendered.bytes));
    out.counter("netvet_answer_cache_hits_total", "Analyses answered from the answer cache.",
                static_cast<double>(rendered.hits));
    out.counter("netvet_answer_cache_misses_total", "Analyses not found in memory.",
                static_cast<double>(rendered.misses));
    out.counter("netvet_answer_store_hits_total", "Analyses read from the answers kept in the store.",
                static_cast<double>(kept_hits.load()));
    out.counter("netvet_answer_store_writes_total", "Analyses kept in the store.",
                static_cast<double>(kept_writes.load()));
    out.counter("netvet_answer_refreshes_total", "Networks whose overview was answered again when the day turned.",
                static_cast<double>(refreshed.load()));
    std::size_t loading = 0;
    {
      const std::lock_guard lock(loads_mutex);
      loading = loaders;
    }
    out.gauge("netvet_snapshot_loads_running", "Snapshots being loaded and prepared now.",
              static_cast<double>(loading));
  }

  // The API's OpenAPI document (openapi.h): the same for every caller until
  // the server is rebuilt, so caches may keep it for an hour.
  result<response> openapi(call&) {
    response r;
    r.body = std::string(openapi_document());
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }

  result<response> create_org(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    store::org_info o;
    NETVET_ASSIGN_OR_RETURN(o.name, text_field(body, "name"));
    NETVET_ASSIGN_OR_RETURN(const std::string kind, text_field(body, "kind"));
    const auto k = store::parse_org_kind(kind);
    if (!k || *k == store::org_kind::system) {
      return bad_field("kind", "kind is operator or regulator");
    }
    o.kind = *k;
    NETVET_ASSIGN_OR_RETURN(o.jurisdiction, text_field(body, "jurisdiction", 16));
    NETVET_ASSIGN_OR_RETURN(const auto made, c.db.create_org(c.who, o, c.now));
    return json_response(201, org_json(made));
  }

  result<response> list_orgs(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto all, c.db.orgs(c.who));
    json items = json::array();
    for (const auto& o : all) {
      items.push_back(org_json(o));
    }
    return json_response(200, {{"items", items}, {"next", nullptr}});
  }

  result<response> create_user(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    NETVET_ASSIGN_OR_RETURN(const std::string org_name, text_field(body, "org"));
    NETVET_ASSIGN_OR_RETURN(const std::string name, text_field(body, "name", 64));
    NETVET_ASSIGN_OR_RETURN(const std::string role_name, text_field(body, "role", 32));
    const auto who = store::parse_role(role_name);
    if (!who) {
      return bad_field("role",
                       "role is admin, operator_editor, operator_viewer, regulator_assessor or regulator_viewer");
    }
    NETVET_ASSIGN_OR_RETURN(const bool read_only, bool_field(body, "read_only"));
    NETVET_ASSIGN_OR_RETURN(const auto expires, expiry_field(body, c.now, options.max_token_days));
    NETVET_ASSIGN_OR_RETURN(const auto org, c.db.find_org(c.who, org_name));
    NETVET_ASSIGN_OR_RETURN(const auto user, c.db.create_user(c.who, org.id, name, *who, c.now));
    NETVET_ASSIGN_OR_RETURN(const auto token, c.db.issue_token(c.who, {user.id, read_only, expires}, c.now));
    return json_response(201,
                         {{"user", user_json(user)}, {"token", token.text}, {"token_info", token_json(token.info)}});
  }

  // An administrator deactivates a person who left: their tokens and
  // sessions stop at once (the store's deactivate_user).
  result<response> deactivate_user(call& c) {
    NETVET_TRY(c.db.deactivate_user(c.who, c.args.at(0), c.now));
    return response{204, "application/json", "", {}};
  }

  result<response> list_users(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto all, c.db.users(c.who));
    json items = json::array();
    for (const auto& u : all) {
      items.push_back(user_json(u));
    }
    return json_response(200, {{"items", items}, {"next", nullptr}});
  }

  result<response> create_token(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    std::int64_t user = c.who.user_id;
    if (body.contains("user")) {
      if (!body["user"].is_number_integer()) {
        return bad_field("user", "user is a user's id");
      }
      user = body["user"].get<std::int64_t>();
    }
    NETVET_ASSIGN_OR_RETURN(const bool read_only, bool_field(body, "read_only"));
    NETVET_ASSIGN_OR_RETURN(const auto expires, expiry_field(body, c.now, options.max_token_days));
    // A read-only token cannot mint a writing one.
    NETVET_ASSIGN_OR_RETURN(const auto token,
                            c.db.issue_token(c.who, {user, read_only || c.who.read_only, expires}, c.now));
    json j = token_json(token.info);
    j["token"] = token.text;
    return json_response(201, j);
  }

  result<response> list_tokens(call& c) {
    std::int64_t user = c.who.user_id;
    if (const auto u = c.req.param("user")) {
      const auto [ptr, ec] = std::from_chars(u->data(), u->data() + u->size(), user);
      if (ec != std::errc{} || ptr != u->data() + u->size()) {
        return bad_field("user", "user is a user's id");
      }
    }
    NETVET_ASSIGN_OR_RETURN(const auto all, c.db.tokens(c.who, user));
    json items = json::array();
    for (const auto& t : all) {
      items.push_back(token_json(t));
    }
    return json_response(200, {{"items", items}, {"next", nullptr}});
  }

  result<response> revoke_token(call& c) {
    NETVET_TRY(c.db.revoke_token(c.who, c.args.at(0), c.now));
    return response{204, "application/json", "", {}};
  }

  result<response> upload_network(call& c) {
    const auto name = c.req.param("name");
    if (!name || name->empty()) {
      return bad_field("name", "give the network's name as ?name=NAME");
    }
    NETVET_TRY(store::check_snapshot_name(*name));
    if (!store::allows(c.who, store::action::write_network)) {
      return make_error(error_code::forbidden, "this role may not upload networks");
    }
    NETVET_ASSIGN_OR_RETURN(auto net, read_uploaded_network(c.req));
    // Prepared for analysis while the store writes it: the two take about as
    // long on a large network, and the dashboard opens it next.
    auto owned = std::make_unique<const model::network>(std::move(net));
    const model::network& uploaded = *owned;
    auto preparing =
        std::async(std::launch::async, [this, &owned] { return usecase::prepare(*options.ctx, std::move(owned)); });
    const auto added = c.db.add_network(c.who, *name, uploaded, c.now);
    auto ready = preparing.get();
    NETVET_ASSIGN_OR_RETURN(const auto rec, added);
    warm(rec, c.who, std::move(ready));
    response r = json_response(201, {{"id", rec.id},
                                     {"name", rec.name},
                                     {"elements", rec.elements},
                                     {"links", rec.links},
                                     {"created_at", iso(rec.created_at)},
                                     {"content_hash", rec.content_hash}});
    r.headers.emplace_back("Location", "/api/v1/networks/" + rec.id);
    return r;
  }

  result<response> list_networks(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto page, page_params(c.req));
    NETVET_ASSIGN_OR_RETURN(const auto found, c.db.networks(c.who, page));
    return json_response(200, page_json(found, network_json));
  }

  result<response> get_network(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto rec, c.db.network(c.who, c.args.at(0)));
    return json_response(200, network_json(rec));
  }

  result<response> delete_network(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto rec, c.db.network(c.who, c.args.at(0)));
    NETVET_TRY(c.db.remove_network(c.who, rec.id, c.now));
    cache.drop(rec.id + "/");
    answers.drop(rec.id + "/");
    return response{204, "application/json", "", {}};
  }

  result<response> summary(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    return document_response(c.req, report::summarize(*p->net, options.ctx->catalog()));
  }

  result<response> audit(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    const auto policy = c.req.param("policy");
    if (!policy || policy->empty()) {
      return bad_field("policy", "give ?policy=ID (a pack id, or all)");
    }
    date as_of = options.ctx->today();
    if (const auto v = c.req.param("as_of")) {
      const auto d = parse_date(*v);
      if (!d) {
        return bad_field("as_of", "as_of is a date, YYYY-MM-DD");
      }
      as_of = *d;
    }
    NETVET_ASSIGN_OR_RETURN(auto results, usecase::audit_prepared(*options.ctx, *p, std::string(*policy), as_of));
    NETVET_ASSIGN_OR_RETURN(const auto records, c.db.waivers(c.who, c.args.at(0)));
    const std::vector<policy::waiver> waivers = policy_waivers(records);
    json waived = json::array();
    json partly = json::array();
    for (auto& a : results) {
      const auto w = policy::apply_waivers(a, *p->net, waivers);
      for (auto& x : policy::waived_json(w)) {
        x["pack"] = a.p->id;
        waived.push_back(std::move(x));
      }
      for (const auto& [index, count] : w.partly) {
        partly.push_back({{"pack", a.p->id},
                          {"rule", a.findings[index].r->id},
                          {"waived_elements", count},
                          {"elements", a.findings[index].members.size()}});
      }
    }
    const std::string name = c.args.at(0);
    const auto doc =
        *policy == "all" ? policy::audit_matrix_document(results, name) : policy::audit_document(results.front(), name);
    if (wants_csv(c.req)) {
      return document_response(c.req, doc);
    }
    json j = report::to_json(doc);
    j["waived"] = std::move(waived);
    j["partly_waived"] = std::move(partly);
    return json_response(200, j);
  }

  result<response> grant_waiver(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    store::waiver_record w;
    NETVET_ASSIGN_OR_RETURN(w.network_id, text_field(body, "network", 32));
    NETVET_ASSIGN_OR_RETURN(w.pack, text_field(body, "pack", 64));
    NETVET_ASSIGN_OR_RETURN(w.rule, text_field(body, "rule", 128));
    NETVET_ASSIGN_OR_RETURN(w.justification, text_field(body, "justification", 65536));
    NETVET_ASSIGN_OR_RETURN(w.expires, text_field(body, "expires", 10));
    if (!parse_date(w.expires)) {
      return bad_field("expires", "expires is a date, YYYY-MM-DD (the first day the waiver no longer applies)");
    }
    if (!body.contains("elements") || !body["elements"].is_array() || body["elements"].empty() ||
        body["elements"].size() > 100000 ||
        !std::all_of(body["elements"].begin(), body["elements"].end(), [](const json& e) {
          return e.is_string() && !e.get_ref<const std::string&>().empty() &&
                 e.get_ref<const std::string&>().size() <= 200;
        })) {
      return bad_field("elements", "elements is a non-empty array of element ids (at most 100000)");
    }
    w.elements = body["elements"].get<std::vector<std::string>>();
    // The pack and rule must exist: a waiver of nothing would hide nothing and mislead.
    NETVET_ASSIGN_OR_RETURN(const policy::pack_library* lib, options.ctx->packs());
    NETVET_ASSIGN_OR_RETURN(const policy::pack* pk, lib->get(w.pack, "pack"));
    if (pk->find_rule(w.rule) == nullptr) {
      return bad_field("rule", "pack '" + w.pack + "' has no rule '" + w.rule + "'");
    }
    w.pack = pk->id;
    NETVET_ASSIGN_OR_RETURN(const auto made, c.db.create_waiver(c.who, w, c.now));
    answers.drop(made.network_id + "/");
    return json_response(201, waiver_json(made));
  }

  result<response> list_waivers(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto all, c.db.waivers(c.who, c.args.at(0)));
    json items = json::array();
    for (const auto& w : all) {
      items.push_back(waiver_json(w));
    }
    return json_response(200, {{"items", items}, {"next", nullptr}});
  }

  result<response> revoke_waiver(call& c) {
    NETVET_TRY(c.db.revoke_waiver(c.who, c.args.at(0), c.now));
    answers.drop("net_");  // which network it was is not worth a second query: analyses are recomputed
    return response{204, "application/json", "", {}};
  }

  result<response> outage(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    graph::outage_request o;
    for (const auto& [k, v] : c.req.query) {
      if (k == "vendor") {
        o.vendors.push_back(v);
      }
    }
    if (o.vendors.size() > 64) {
      return bad_field("vendor", "at most 64 vendors");
    }
    o.together = c.req.param("together") == std::optional<std::string_view>("true");
    return document_response(c.req, graph::outage_report(*p->topo, options.ctx->catalog(), o));
  }

  result<response> exposure(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    return document_response(c.req, graph::exposure_report(*p->topo));
  }

  // The sites of a network for the dashboard's map: each site's place (its
  // first element with coordinates), region, elements, subscribers and
  // elements per vendor. Elements without a site or coordinates are counted,
  // not placed. Above `max_sites` sites the answer is a grid instead: cells
  // of `cell_degrees` (0.01 doubled until there are at most `max_sites`),
  // each at its centre with the sites, elements, subscribers and vendors
  // inside it, so a national network's map stays a bounded answer. With
  // `outage=VENDOR`, each place also says what that vendor's outage cuts
  // there: its access elements no longer served and their subscribers.
  struct place {
    std::string_view site;
    std::string_view region;
    double lat = 0;
    double lon = 0;
    std::uint64_t sites = 0;
    std::uint64_t elements = 0;
    std::uint64_t subscribers = 0;
    std::uint64_t access_cut = 0;
    std::uint64_t subscribers_cut = 0;
    std::map<std::string_view, std::uint64_t> vendors;
  };

  static bool placed(const model::network& net, model::element_index e) {
    return net.site_id(e) != 0 && !std::isnan(net.lat(e)) && !std::isnan(net.lon(e));
  }

  // The grid cell of a point, as one key.
  static std::uint64_t cell_key(double lat, double lon, double cell) {
    const auto row = static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor((lat + 90) / cell)));
    const auto col = static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor((lon + 180) / cell)));
    return (row << 32U) | col;
  }

  // The cell size (degrees) that gives at most `max_cells` cells, 0 when
  // the sites themselves are few enough.
  static double grid_for(const model::network& net, std::size_t max_cells) {
    std::unordered_set<string_id> sites;
    for (model::element_index e = 0; e < net.element_count(); ++e) {
      if (placed(net, e)) {
        sites.insert(net.site_id(e));
      }
    }
    if (sites.size() <= max_cells) {
      return 0;
    }
    double cell = 0.01;
    for (int doubling = 0; doubling < 15; ++doubling, cell *= 2) {  // 0.01 to 164 degrees
      std::unordered_set<std::uint64_t> cells;
      for (model::element_index e = 0; e < net.element_count() && cells.size() <= max_cells; ++e) {
        if (placed(net, e)) {
          cells.insert(cell_key(net.lat(e), net.lon(e), cell));
        }
      }
      if (cells.size() <= max_cells) {
        break;
      }
    }
    return cell;
  }

  // `cut`: one flag per element lost by an outage; empty without one.
  static json sites_json(const model::network& net, std::size_t max_sites, const std::vector<std::uint8_t>& cut) {
    const double cell = grid_for(net, max_sites);
    std::unordered_map<std::uint64_t, std::size_t> index;
    std::unordered_set<string_id> counted;
    std::vector<place> places;
    std::uint64_t unplaced = 0;
    for (model::element_index e = 0; e < net.element_count(); ++e) {
      if (!placed(net, e)) {
        ++unplaced;
        continue;
      }
      const std::uint64_t key = cell > 0 ? cell_key(net.lat(e), net.lon(e), cell) : net.site_id(e);
      auto [it, fresh] = index.try_emplace(key, places.size());
      if (fresh) {
        place p{net.site(e), net.region(e), net.lat(e), net.lon(e)};
        if (cell > 0) {
          p.site = {};
          p.lat = (std::floor((net.lat(e) + 90) / cell) + 0.5) * cell - 90;
          p.lon = (std::floor((net.lon(e) + 180) / cell) + 0.5) * cell - 180;
        }
        places.push_back(std::move(p));
      }
      place& p = places[it->second];
      p.sites += counted.insert(net.site_id(e)).second ? 1 : 0;
      ++p.elements;
      p.subscribers += net.subscribers(e);
      ++p.vendors[net.vendor_name(e)];
      if (!cut.empty() && cut[e] != 0) {
        ++p.access_cut;
        p.subscribers_cut += net.subscribers(e);
      }
    }
    json out = json::array();
    for (const auto& p : places) {
      json vendors = json::object();
      for (const auto& [v, n] : p.vendors) {
        vendors[std::string(v)] = n;
      }
      out.push_back({{"site", p.site},
                     {"region", p.region},
                     {"lat", p.lat},
                     {"lon", p.lon},
                     {"sites", p.sites},
                     {"elements", p.elements},
                     {"subscribers", p.subscribers},
                     {"vendors", std::move(vendors)}});
      if (!cut.empty()) {
        out.back()["access_cut"] = p.access_cut;
        out.back()["subscribers_cut"] = p.subscribers_cut;
      }
    }
    return {{"kind", "sites"},
            {"aggregated", cell > 0},
            {"cell_degrees", cell > 0 ? json(cell) : json(nullptr)},
            {"sites", std::move(out)},
            {"unplaced_elements", unplaced}};
  }

  result<response> sites(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    std::size_t max_sites = kMaxMapSites;
    if (const auto t = c.req.param("max_sites")) {
      const auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), max_sites);
      if (ec != std::errc{} || ptr != t->data() + t->size() || max_sites == 0 || max_sites > kMaxMapSites) {
        return bad_field("max_sites", "max_sites is 1.." + std::to_string(kMaxMapSites));
      }
    }
    std::vector<std::uint8_t> cut;
    json outage = nullptr;
    if (const auto v = c.req.param("outage")) {
      const auto ref = graph::resolve_vendor(*p->net, *v, options.ctx->catalog());
      if (!ref.known && !ref.in_network) {
        return bad_field("outage", "outage names a vendor: '" + std::string(*v) +
                                       "' is neither in the catalogue nor in the network");
      }
      cut.assign(p->net->element_count(), 0);
      std::uint64_t subscribers = 0;
      if (ref.in_network) {
        for (const auto e : graph::lost_access_elements(*p->topo, {*ref.in_network})) {
          cut[e] = 1;
          subscribers += p->net->subscribers(e);
        }
      }
      outage = {{"vendor", ref.name}, {"subscribers_cut", subscribers}};
    }
    json out = sites_json(*p->net, max_sites, cut);
    out["outage"] = std::move(outage);
    return json_response(200, out);
  }

  // A removal plan (`netvet plan`, plan/plan.h) of what the named packs
  // order removed and of the vendors named by `remove_vendor`, from `start`
  // (default: today) to `until` (default: the latest deadline), by `period`
  // (quarter or month), with the default cost model, at most `budget` a year
  // and `crews` crews when given. The solver stops after kPlanSolveSeconds
  // and answers the best plan found (its status and gap say so), so a worker
  // is never held for long. Every bad parameter is a 400 naming it.
  result<response> removal_plan(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    std::vector<const policy::pack*> packs;
    std::vector<std::string> vendors;
    for (const auto& [k, v] : c.req.query) {
      if (k == "policy") {
        NETVET_ASSIGN_OR_RETURN(const auto some, usecase::audit_packs(*options.ctx, v, "policy"));
        packs.insert(packs.end(), some.begin(), some.end());
      } else if (k == "remove_vendor") {
        vendors.push_back(v);
      }
    }
    if (packs.empty() && vendors.empty()) {
      return bad_field("policy", "give ?policy=ID (a pack id, or all) or ?remove_vendor=NAME, once or more");
    }
    NETVET_ASSIGN_OR_RETURN(plan::plan_options o, plan_options_of(c.req, options.ctx->today()));
    if (packs.empty() && !o.until) {
      return bad_field("until", "remove_vendor without policy needs until: the date by which the vendor is removed");
    }
    for (const auto& v : vendors) {
      auto r = usecase::resolve_removal(*options.ctx, *p->net, v);
      if (!r) {
        return bad_field("remove_vendor", r.err().message);
      }
      o.remove_vendors.push_back(std::move(*r));
    }
    o.solver.time_limit_seconds = kPlanSolveSeconds;
    NETVET_ASSIGN_OR_RETURN(const auto costs, plan::cost_model::defaults());
    NETVET_ASSIGN_OR_RETURN(const auto made, plan::make_plan(*p->index, packs, costs, o));
    return document_response(c.req, plan::plan_document(made, *p->net, c.args.at(0)));
  }

  result<response> spof(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, c.args.at(0)));
    std::size_t top = 20;
    if (const auto t = c.req.param("top")) {
      const auto [ptr, ec] = std::from_chars(t->data(), t->data() + t->size(), top);
      if (ec != std::errc{} || ptr != t->data() + t->size() || top > 10000) {
        return bad_field("top", "top is 0..10000");
      }
    }
    return document_response(c.req, graph::spof_report(*p->topo, top));
  }

  // The proposal member of a create or amend body, as netvet reads it:
  // its operator and jurisdiction are the caller's organisation's, and it may
  // name no file.
  result<json> proposal_member(const call& c, const json& body) {
    if (!body.contains("proposal") || !body["proposal"].is_object()) {
      return bad_field("proposal", "'proposal' is required: the proposal as a JSON object (docs/formats/proposal.md)");
    }
    json prop = body["proposal"];
    if (prop.contains("network")) {
      return bad_field("proposal.network",
                       "a proposal sent to the server names no network file: give the network's id as 'network'");
    }
    if (prop.contains("jurisdiction")) {
      if (!prop["jurisdiction"].is_string() || prop["jurisdiction"].get<std::string>() != c.who.jurisdiction) {
        return bad_field("proposal.jurisdiction",
                         "the proposal's jurisdiction must be the organisation's ('" + c.who.jurisdiction + "')");
      }
    } else {
      prop["jurisdiction"] = c.who.jurisdiction;
    }
    prop["operator"] = c.who.org;
    return prop;
  }

  result<store::new_proposal> assessed(call& c, const json& body) {
    NETVET_ASSIGN_OR_RETURN(const std::string network, text_field(body, "network", 32));
    NETVET_ASSIGN_OR_RETURN(json prop, proposal_member(c, body));
    if (!store::allows(c.who, store::action::write_proposal)) {
      return make_error(error_code::forbidden, "this role may not write proposals");
    }
    NETVET_ASSIGN_OR_RETURN(const auto p, prepared(c, network));
    NETVET_ASSIGN_OR_RETURN(const auto a, usecase::assess_json(*options.ctx, prop, "proposal", p.get(), "", {}));
    store::new_proposal np;
    np.network_id = network;
    np.body = std::move(prop);
    np.assessment = {std::string(policy::to_string(a.assessment.dec)),
                     report::to_json(policy::assessment_document(a.assessment)), a.pack->id, a.pack->version,
                     digest_of(*a.pack)};
    return np;
  }

  result<response> create_proposal(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    NETVET_ASSIGN_OR_RETURN(const auto np, assessed(c, body));
    NETVET_ASSIGN_OR_RETURN(const auto rec, c.db.create_proposal(c.who, np, c.now));
    response r = json_response(201, proposal_json(rec));
    r.headers.emplace_back("Location", "/api/v1/proposals/" + rec.id);
    return r;
  }

  result<response> amend_proposal(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    NETVET_ASSIGN_OR_RETURN(const auto old, c.db.proposal(c.who, c.args.at(0)));
    json with_network = body;
    if (!with_network.contains("network")) {
      with_network["network"] = old.network_id;
    }
    NETVET_ASSIGN_OR_RETURN(auto np, assessed(c, with_network));
    np.supersedes = old.id;
    NETVET_ASSIGN_OR_RETURN(const auto rec, c.db.create_proposal(c.who, np, c.now));
    return json_response(201, proposal_json(rec));
  }

  result<response> list_proposals(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto page, page_params(c.req));
    NETVET_ASSIGN_OR_RETURN(const auto found, c.db.proposals(c.who, page));
    return json_response(200, page_json(found, proposal_json));
  }

  result<response> get_proposal(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto rec, c.db.proposal(c.who, c.args.at(0)));
    return json_response(200, proposal_json(rec));
  }

  result<response> move(call& c, store::proposal_move m, bool has_body) {
    json body = json::object();
    if (has_body) {
      NETVET_ASSIGN_OR_RETURN(body, parse_body(c.req));
    }
    NETVET_ASSIGN_OR_RETURN(const auto rec, c.db.move_proposal(c.who, c.args.at(0), m, body, c.now));
    json j = proposal_json(rec);
    if (m == store::proposal_move::decide && rec.decision) {
      j["checkpoint"] = rec.decision->checkpoint;
    }
    return json_response(200, j);
  }
  result<response> submit(call& c) { return move(c, store::proposal_move::submit, false); }
  result<response> withdraw(call& c) { return move(c, store::proposal_move::withdraw, false); }
  result<response> request_info(call& c) { return move(c, store::proposal_move::request_info, true); }
  result<response> decide(call& c) { return move(c, store::proposal_move::decide, true); }

  result<response> read_log(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto page, page_params(c.req));
    NETVET_ASSIGN_OR_RETURN(const auto found, c.db.log(c.who, page));
    return json_response(200, page_json(found, log_json));
  }

  result<response> log_checkpoint(call& c) {
    std::string chain = c.who.jurisdiction;
    if (const auto v = c.req.param("chain")) {
      chain = std::string(*v);
    }
    NETVET_ASSIGN_OR_RETURN(const auto cp, c.db.checkpoint(c.who, chain, c.now));
    return json_response(200, cp.to_json());
  }

  result<response> log_inclusion(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto index, count_param(c.req, "index"));
    if (!index) {
      return bad_field("index", "index, the entry's place in its chain (0, 1, ...), is required");
    }
    NETVET_ASSIGN_OR_RETURN(const auto size, count_param(c.req, "size"));
    NETVET_ASSIGN_OR_RETURN(const auto proof,
                            c.db.prove_inclusion(c.who, chain_param(c.req, c.who), *index, size, c.now));
    return json_response(200, store::to_json(proof, log_json(proof.entry)));
  }

  result<response> log_consistency(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto first, count_param(c.req, "first"));
    if (!first) {
      return bad_field("first", "first, the size of the held checkpoint, is required");
    }
    NETVET_ASSIGN_OR_RETURN(const auto second, count_param(c.req, "second"));
    NETVET_ASSIGN_OR_RETURN(const auto proof,
                            c.db.prove_consistency(c.who, chain_param(c.req, c.who), *first, second, c.now));
    return json_response(200, store::to_json(proof));
  }

  // --- webhooks (webhooks.h; the store keeps each organisation's to itself) ---
  result<response> webhook_create(call& c) {
    NETVET_ASSIGN_OR_RETURN(const json body, parse_body(c.req));
    NETVET_ASSIGN_OR_RETURN(const json made,
                            server::create_webhook(c.who, c.db, c.now, body, options.webhook_allow_hosts));
    return json_response(201, made);
  }

  result<response> webhook_list(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto all, c.db.webhooks(c.who));
    json items = json::array();
    for (const auto& w : all) {
      items.push_back(webhook_json(w));
    }
    return json_response(200, {{"items", items}, {"next", nullptr}});
  }

  result<response> webhook_delete(call& c) {
    NETVET_TRY(c.db.delete_webhook(c.who, c.args.at(0), c.now));
    return response{204, "application/json", "", {}};
  }

  result<response> webhook_rotate(call& c) {
    json body = json::object();
    if (!c.req.body.empty()) {
      NETVET_ASSIGN_OR_RETURN(body, parse_body(c.req));
    }
    NETVET_ASSIGN_OR_RETURN(const json made, server::rotate_webhook(c.who, c.db, c.now, c.args.at(0), body));
    return json_response(200, made);
  }

  // A delivery sent again: its stored bytes, newly signed, as a new delivery with attempts of its own (202).
  result<response> webhook_redeliver(call& c) {
    NETVET_ASSIGN_OR_RETURN(const store::delivery_record d, c.db.redeliver(c.who, c.args.at(0), c.args.at(1), c.now));
    return json_response(202, delivery_json(d));
  }

  result<response> webhook_deliveries(call& c) {
    NETVET_ASSIGN_OR_RETURN(const store::page_request page, page_params(c.req));
    NETVET_ASSIGN_OR_RETURN(const json out, server::list_deliveries(c.who, c.db, c.args.at(0), page));
    return json_response(200, out);
  }

  result<response> log_keys(call& c) {
    NETVET_ASSIGN_OR_RETURN(const auto all, c.db.keys());
    json items = json::array();
    for (const auto& k : all) {
      items.push_back({{"key_id", k.key_id},
                       {"public_key", k.public_key},
                       {"algorithm", "Ed25519"},
                       {"created_at", iso(k.created_at)},
                       {"retired_at", iso_or_null(k.retired_at)}});
    }
    return json_response(200, {{"items", items}, {"next", nullptr}});
  }
};

namespace {

// THE route table. Roles are checked by the store (store::allows), tenancy
// by its scope; `needs_auth` false only for /healthz, the OpenAPI document,
// signing in and redeeming a password-reset code. Every row is documented in openapi.json (checked by
// tests/server/openapi_check.sh).
const std::array kRoutes{
    route{"GET", "/healthz", 0, false, &api::impl::healthz},
    route{"GET", "/metrics", 0, true, &api::impl::metrics_text},
    route{"GET", "/api/v1/openapi.json", 0, false, &api::impl::openapi},
    route{"POST", "/api/v1/session", kSignInBodyCap, false, &api::impl::sign_in},
    route{"DELETE", "/api/v1/session", 0, true, &api::impl::sign_out},
    route{"POST", "/api/v1/password", kSignInBodyCap, true, &api::impl::set_password},
    route{"POST", "/api/v1/password/reset", kSignInBodyCap, false, &api::impl::reset_password},
    route{"POST", "/api/v1/orgs", kSmallBodyCap, true, &api::impl::create_org},
    route{"GET", "/api/v1/orgs", 0, true, &api::impl::list_orgs},
    route{"POST", "/api/v1/users", kSmallBodyCap, true, &api::impl::create_user},
    route{"GET", "/api/v1/users", 0, true, &api::impl::list_users},
    route{"POST", "/api/v1/users/{}/deactivate", 0, true, &api::impl::deactivate_user},
    route{"POST", "/api/v1/users/{}/reset-code", kSmallBodyCap, true, &api::impl::issue_reset_code},
    route{"POST", "/api/v1/tokens", kSmallBodyCap, true, &api::impl::create_token},
    route{"GET", "/api/v1/tokens", 0, true, &api::impl::list_tokens},
    route{"DELETE", "/api/v1/tokens/{}", 0, true, &api::impl::revoke_token},
    route{"POST", "/api/v1/networks", kNetworkBodyCap, true, &api::impl::upload_network, kept::no, true},
    route{"GET", "/api/v1/networks", 0, true, &api::impl::list_networks},
    route{"GET", "/api/v1/networks/{}", 0, true, &api::impl::get_network},
    route{"DELETE", "/api/v1/networks/{}", 0, true, &api::impl::delete_network},
    route{"GET", "/api/v1/networks/{}/summary", 0, true, &api::impl::summary, kept::per_snapshot},
    route{"GET", "/api/v1/networks/{}/audit", 0, true, &api::impl::audit, kept::per_snapshot_and_day},
    route{"GET", "/api/v1/networks/{}/outage", 0, true, &api::impl::outage, kept::per_snapshot},
    route{"GET", "/api/v1/networks/{}/exposure", 0, true, &api::impl::exposure, kept::per_snapshot},
    route{"GET", "/api/v1/networks/{}/spof", 0, true, &api::impl::spof, kept::per_snapshot},
    route{"GET", "/api/v1/networks/{}/sites", 0, true, &api::impl::sites, kept::per_snapshot},
    route{"GET", "/api/v1/networks/{}/plan", 0, true, &api::impl::removal_plan, kept::per_snapshot_and_day},
    route{"POST", "/api/v1/proposals", kProposalBodyCap, true, &api::impl::create_proposal},
    route{"GET", "/api/v1/proposals", 0, true, &api::impl::list_proposals},
    route{"GET", "/api/v1/proposals/{}", 0, true, &api::impl::get_proposal},
    route{"POST", "/api/v1/proposals/{}/submit", 0, true, &api::impl::submit},
    route{"POST", "/api/v1/proposals/{}/withdraw", 0, true, &api::impl::withdraw},
    route{"POST", "/api/v1/proposals/{}/request-info", kSmallBodyCap, true, &api::impl::request_info},
    route{"POST", "/api/v1/proposals/{}/decision", kSmallBodyCap, true, &api::impl::decide},
    route{"POST", "/api/v1/proposals/{}/amend", kProposalBodyCap, true, &api::impl::amend_proposal},
    route{"POST", "/api/v1/waivers", kWaiverBodyCap, true, &api::impl::grant_waiver},
    route{"GET", "/api/v1/networks/{}/waivers", 0, true, &api::impl::list_waivers},
    route{"DELETE", "/api/v1/waivers/{}", 0, true, &api::impl::revoke_waiver},
    route{"GET", "/api/v1/log", 0, true, &api::impl::read_log},
    route{"GET", "/api/v1/log/checkpoint", 0, true, &api::impl::log_checkpoint},
    route{"GET", "/api/v1/log/keys", 0, true, &api::impl::log_keys},
    route{"GET", "/api/v1/log/proof/inclusion", 0, true, &api::impl::log_inclusion},
    route{"GET", "/api/v1/log/proof/consistency", 0, true, &api::impl::log_consistency},
    route{"POST", "/api/v1/webhooks", kSmallBodyCap, true, &api::impl::webhook_create},
    route{"GET", "/api/v1/webhooks", 0, true, &api::impl::webhook_list},
    route{"DELETE", "/api/v1/webhooks/{}", 0, true, &api::impl::webhook_delete},
    route{"POST", "/api/v1/webhooks/{}/rotate-secret", kSmallBodyCap, true, &api::impl::webhook_rotate},
    route{"GET", "/api/v1/webhooks/{}/deliveries", 0, true, &api::impl::webhook_deliveries},
    route{"POST", "/api/v1/webhooks/{}/deliveries/{}/redeliver", 0, true, &api::impl::webhook_redeliver},
};

// Whether `path` fits `pattern` ("{}" is one non-empty segment); the segments in `args`.
bool matches(std::string_view pattern, std::string_view path, std::vector<std::string>& args) {
  args.clear();
  while (!pattern.empty() && !path.empty()) {
    if (pattern.starts_with("{}")) {
      const auto end = path.find('/');
      const std::string_view seg = path.substr(0, end);
      if (seg.empty()) {
        return false;
      }
      args.emplace_back(seg);
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

// The route for (method, path); `path_known` says whether any method has it.
const route* find_route(std::string_view method, std::string_view path, std::vector<std::string>& args,
                        bool& path_known) {
  path_known = false;
  for (const auto& r : kRoutes) {
    if (matches(r.pattern, path, args)) {
      path_known = true;
      if (r.method == method) {
        return &r;
      }
    }
  }
  return nullptr;
}

std::string allowed_methods(std::string_view path) {
  std::string out;
  std::vector<std::string> args;
  for (const auto& r : kRoutes) {
    if (matches(r.pattern, path, args)) {
      out += (out.empty() ? "" : ", ") + std::string(r.method);
    }
  }
  return out;
}

}  // namespace

std::vector<route_info> api_routes() {
  std::vector<route_info> out;
  for (const auto& r : kRoutes) {
    out.push_back({r.method, r.pattern, r.body_cap, r.needs_auth, r.spools});
  }
  return out;
}

api::api(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
api::~api() = default;

result<std::unique_ptr<api>> api::create(api_options options) {
  if (options.ctx == nullptr) {
    return make_error(error_code::internal, "api needs a context");
  }
  auto p = std::make_unique<impl>(std::move(options));
  NETVET_ASSIGN_OR_RETURN(auto first, p->lease());
  NETVET_ASSIGN_OR_RETURN(const bool ready, first->initialised());
  if (!ready) {
    return make_error(error_code::not_found, "the server is not initialised: run `netvet admin init` first",
                      location{p->options.workspace});
  }
  p->give_back(std::move(first));
  p->stats->add_collector([raw = p.get()](metrics::sink& out) { raw->collect(out); });
  if (p->options.refresh_networks > 0) {
    p->refresher = std::thread([raw = p.get()] { raw->refresh_loop(); });
  }
  return std::unique_ptr<api>(new api(std::move(p)));
}

std::uint64_t api::body_limit(std::string_view method, std::string_view path) const {
  std::vector<std::string> args;
  bool known = false;
  const route* r = find_route(method, path, args, known);
  return r == nullptr ? 0 : r->body_cap;
}

bool api::spools_body(std::string_view method, std::string_view path) const {
  std::vector<std::string> args;
  bool known = false;
  const route* r = find_route(method, path, args, known);
  return r != nullptr && r->spools;
}

response api::handle(const request& req) {
  std::vector<std::string> args;
  bool known = false;
  const route* r = find_route(req.method, req.path, args, known);
  if (r == nullptr) {
    if (!known) {
      response out = problem(make_error(error_code::not_found, "no such resource"), req);
      out.route = kUnmatchedRoute;
      return out;
    }
    response out = problem(make_error(error_code::unsupported, "method not allowed here"), req, 405);
    out.headers.emplace_back("Allow", allowed_methods(req.path));
    out.route = kUnmatchedRoute;
    return out;
  }
  response out = impl_->run(*r, req, std::move(args));
  out.route = r->pattern;
  return out;
}

response api::impl::run(const route& r, const request& req, std::vector<std::string> args) {
  auto db = lease();
  if (!db) {
    return problem(db.err(), req);
  }
  (*db)->set_request_id(req.request_id);
  call c{req, std::move(args), {}, **db, now()};
  if (r.needs_auth) {
    auto who = authenticate(c);
    if (!who) {
      give_back(std::move(*db));
      return problem(who.err(), req);
    }
    c.who = std::move(*who);
  }
  auto out = r.answers == kept::no ? (this->*(r.fn))(c) : cached(c, r.fn, r.answers);
  give_back(std::move(*db));
  return out ? std::move(*out) : problem(out.err(), req);
}

}  // namespace netvet::server
