// netvet/server/metrics.h: the numbers `GET /metrics` serves, in the
// Prometheus text exposition format (version 0.0.4).
//
// One registry per server process, shared by the transport (connections,
// the worker queue, every answer with its latency) and the API (the route
// template that answered, the snapshot caches). It knows no Beast and no
// store. Labels are bounded by construction: a route is a pattern of the
// route table (or "unmatched" / "transport"), never a request's path; a
// method is an HTTP verb the transport accepted; a status is 100..599.
//
//   metrics m;
//   m.observe_request("/api/v1/networks/{}", "GET", 200, took);
//   m.add_collector([](metrics::sink& out) { out.gauge("netvet_x", "help", 3); });
//   std::string text = m.render();
//
// Thread-safe: every member may be called from any thread at once.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace netvet::server {

// The MIME type of the text format.
inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

class metrics {
 public:
  // The upper bounds of the latency histograms' buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                   0.25,  0.5,   1.0,  2.5,   5.0,  10.0};

  // Writes one metric family at render time (gauges and counters that others own).
  class sink {
   public:
    explicit sink(std::string& out) : out_(out) {}
    void gauge(std::string_view name, std::string_view help, double value);
    void counter(std::string_view name, std::string_view help, double value);
    // One counter family with one label, a sample per value of it.
    void counters(std::string_view name, std::string_view help, std::string_view label,
                  const std::vector<std::pair<std::string, double>>& samples);

   private:
    std::string& out_;
  };

  metrics();

  // An answer: the route pattern that answered ("" for the transport's own
  // answers, shown as "transport"), the method, the status, and the time from
  // the request's header to the answer.
  void observe_request(std::string_view route, std::string_view method, int status, std::chrono::nanoseconds took);
  // A request's wait for a worker (from the end of its body to a worker starting it).
  void observe_queue_wait(std::chrono::nanoseconds waited);
  void connection_opened();
  void connection_closed();
  void connection_refused();  // over a connection cap
  void request_queued();      // given to the worker pool
  void request_started();     // a worker took it
  void request_finished();    // the worker is done with it
  // Collectors run, in order, at each render (the API's caches).
  void add_collector(std::function<void(sink&)> collector);

  // The whole exposition.
  [[nodiscard]] std::string render() const;

 private:
  struct histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // not cumulative; render sums them
    std::uint64_t count = 0;
    double sum = 0;
    void observe(double seconds);
  };
  void render_requests(std::string& out) const;

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // route, method, status
  std::map<std::pair<std::string, std::string>, histogram> latency_;             // route, method
  histogram queue_wait_;
  std::vector<std::function<void(sink&)>> collectors_;
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
  std::atomic<std::int64_t> queued_{0};
  std::atomic<std::int64_t> busy_{0};
  std::int64_t started_unix_ = 0;
};

// A label value escaped for the text format (backslash, double quote, newline).
std::string escape_label_value(std::string_view v);

}  // namespace netvet::server
