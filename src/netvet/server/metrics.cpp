#include "netvet/server/metrics.h"

#include <charconv>
#include <cmath>

namespace netvet::server {

namespace {

// A number as the text format writes it: integers without a point, others
// with enough digits to read back the same double.
std::string number(double v) {
  if (std::isinf(v)) {
    return v > 0 ? "+Inf" : "-Inf";
  }
  if (std::isnan(v)) {
    return "NaN";
  }
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc{} ? std::string(buf.data(), end) : std::string("0");
}

void family(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += number(value);
  out += '\n';
}

std::string route_label(std::string_view route) {
  return route.empty() ? std::string("transport") : std::string(route);
}

}  // namespace

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (const char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void metrics::sink::gauge(std::string_view name, std::string_view help, double value) {
  family(out_, name, help, "gauge");
  sample(out_, name, "", value);
}

void metrics::sink::counter(std::string_view name, std::string_view help, double value) {
  family(out_, name, help, "counter");
  sample(out_, name, "", value);
}

void metrics::sink::counters(std::string_view name, std::string_view help, std::string_view label,
                             const std::vector<std::pair<std::string, double>>& samples) {
  family(out_, name, help, "counter");
  for (const auto& [v, n] : samples) {
    sample(out_, name, std::string(label) + "=\"" + escape_label_value(v) + "\"", n);
  }
}

metrics::metrics()
    : started_unix_(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
              .count()) {}

void metrics::histogram::observe(double seconds) {
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets.at(i)) {
    ++i;
  }
  if (i < kBuckets.size()) {
    ++counts.at(i);
  }
  ++count;
  sum += seconds;
}

void metrics::observe_request(std::string_view route, std::string_view method, int status,
                              std::chrono::nanoseconds took) {
  const double seconds = std::chrono::duration<double>(took).count();
  std::string r = route_label(route);
  std::string m = method.empty() ? std::string("other") : std::string(method);
  const std::lock_guard lock(mutex_);
  ++requests_[{r, m, status}];
  latency_[{std::move(r), std::move(m)}].observe(seconds);
}

void metrics::observe_queue_wait(std::chrono::nanoseconds waited) {
  const double seconds = std::chrono::duration<double>(waited).count();
  const std::lock_guard lock(mutex_);
  queue_wait_.observe(seconds);
}

void metrics::connection_opened() {
  ++open_connections_;
  ++connections_;
}
void metrics::connection_closed() { --open_connections_; }
void metrics::connection_refused() { ++refused_connections_; }
void metrics::request_queued() { ++queued_; }
void metrics::request_started() {
  --queued_;
  ++busy_;
}
void metrics::request_finished() { --busy_; }

void metrics::add_collector(std::function<void(sink&)> collector) {
  const std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

namespace {

void render_histogram(std::string& out, std::string_view name, const std::string& labels,
                      const std::array<std::uint64_t, metrics::kBuckets.size()>& counts, std::uint64_t count,
                      double sum) {
  const std::string prefix = labels.empty() ? std::string() : labels + ",";
  const std::string bucket = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < metrics::kBuckets.size(); ++i) {
    cumulative += counts.at(i);
    sample(out, bucket, prefix + "le=\"" + number(metrics::kBuckets.at(i)) + "\"", static_cast<double>(cumulative));
  }
  sample(out, bucket, prefix + "le=\"+Inf\"", static_cast<double>(count));
  sample(out, std::string(name) + "_sum", labels, sum);
  sample(out, std::string(name) + "_count", labels, static_cast<double>(count));
}

}  // namespace

void metrics::render_requests(std::string& out) const {
  family(out, "netvet_http_requests_total", "Answers by route pattern, method and status.", "counter");
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    sample(out, "netvet_http_requests_total",
           "route=\"" + escape_label_value(route) + "\",method=\"" + escape_label_value(method) + "\",status=\"" +
               std::to_string(status) + "\"",
           static_cast<double>(n));
  }
  family(out, "netvet_http_request_duration_seconds",
         "Time from a request's header to its answer, by route pattern and method.", "histogram");
  for (const auto& [key, h] : latency_) {
    render_histogram(
        out, "netvet_http_request_duration_seconds",
        "route=\"" + escape_label_value(key.first) + "\",method=\"" + escape_label_value(key.second) + "\"", h.counts,
        h.count, h.sum);
  }
  family(out, "netvet_worker_queue_wait_seconds", "Time a request waited for a worker.", "histogram");
  render_histogram(out, "netvet_worker_queue_wait_seconds", "", queue_wait_.counts, queue_wait_.count, queue_wait_.sum);
}

std::string metrics::render() const {
  std::string out;
  out.reserve(16 * 1024);
  std::vector<std::function<void(sink&)>> collectors;
  {
    const std::lock_guard lock(mutex_);
    render_requests(out);
    collectors = collectors_;
  }
  sink s(out);
  s.gauge("netvet_http_connections_open", "Connections open now.", static_cast<double>(open_connections_.load()));
  s.counter("netvet_http_connections_total", "Connections accepted since the start.",
            static_cast<double>(connections_.load()));
  s.counter("netvet_http_connections_refused_total", "Connections closed at once, over a connection cap.",
            static_cast<double>(refused_connections_.load()));
  s.gauge("netvet_worker_queue_depth", "Requests waiting for a worker now.",
          static_cast<double>(std::max<std::int64_t>(0, queued_.load())));
  s.gauge("netvet_worker_busy", "Requests a worker is running now.",
          static_cast<double>(std::max<std::int64_t>(0, busy_.load())));
  s.gauge("netvet_process_start_time_seconds", "Start of the server process, Unix time.",
          static_cast<double>(started_unix_));
  for (const auto& c : collectors) {
    c(s);
  }
  return out;
}

}  // namespace netvet::server
