#pragma once
// Metrics in the Prometheus text format (version 0.0.4), kept in memory and written out when
// `/metrics` is scraped. Counting is one relaxed atomic add, so the hot paths (holds, checkouts,
// every request) can afford it. One registry per process, as Prometheus client libraries keep a
// default one: counters are looked up once (a function-local static) and then only added to.
//
// Hand-written: Debian packages no C++ Prometheus client, and the format is a few lines of text.
#include <atomic>
#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tw::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Seconds: a request, a payment, a wait in a worker pool's queue.
inline constexpr double kLatencyBounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Histograms and status counts are kept in shards, one per thread as far as there are shards:
// every request adds to its route's, and two I/O threads adding to one cache line cost 0.5 us a
// request instead of 20 ns (bench/metrics_cost.cpp). Reading sums the shards.
inline constexpr std::size_t kShards = 16;
// This thread's shard, given out in turn to threads as they first count.
std::size_t this_threads_shard();

class Histogram {
 public:
  explicit Histogram(std::span<const double> bounds = kLatencyBounds);
  void observe(double value);
  // Cumulative counts per bound (the last is +Inf), the sum and the count, as written.
  std::vector<std::uint64_t> cumulative() const;
  double sum() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  struct alignas(64) Shard {
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts;  // one per bound, then +Inf
    std::atomic<std::uint64_t> sum_micro{0};               // the sum, in millionths
  };
  std::vector<double> bounds_;
  Shard shards_[kShards];
};

// Answers per HTTP status: a counter for each status an HTTP server answers with (kStatuses),
// and one for any other ("other"); written only once used.
class StatusCounts {
 public:
  static constexpr int kStatuses[] = {200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 402,
                                      403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 422,
                                      425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505};
  static constexpr std::size_t kSlots = std::size(kStatuses) + 1;  // the last: any other status

  void add(int status);
  // The count of slot i (kStatuses[i], or any other status for the last).
  std::uint64_t slot_value(std::size_t slot) const;

 private:
  struct alignas(64) Shard {
    std::atomic<std::uint64_t> counts[kSlots] = {};
  };
  Shard shards_[kShards];
};

enum class Type { kCounter, kGauge, kHistogram };

// One line of a family, for values read when scraped.
struct Sample {
  Labels labels;
  double value = 0;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The same name and labels give the same metric: registering twice is looking up.
  Counter& counter(std::string_view name, std::string_view help, Labels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, Labels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, Labels labels = {});
  StatusCounts& status_counts(std::string_view name, std::string_view help, Labels labels = {});

  // Every family, in name order, then the process's own (RSS, CPU, open files).
  std::string text() const;

 private:
  struct Member;
  struct Family;
  template <class M>
  M& find_or_add(std::string_view name, std::string_view help, Type type, Labels labels);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;  // guarded by mu_
};

Registry& registry();

// Writing the format, for values gathered elsewhere (api/metrics_routes.cpp).
void write_family(std::string& out, std::string_view name, std::string_view help, Type type,
                  const std::vector<Sample>& samples);
// The process's resident memory, CPU time, open and allowed files, start time (from /proc).
void write_process_metrics(std::string& out);

}  // namespace tw::metrics
