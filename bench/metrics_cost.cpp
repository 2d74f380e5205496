// The cost of what every request and sale step counts (issue 35): an answer counted by route
// and status plus its latency in the histogram (what http/server.cpp does per request), and a
// sale counter's add. Two threads on the same route is the worst case (one cache line shared by
// both I/O threads). Usage: build/release/bench/metrics_cost --benchmark_min_time=0.5  (make bench runs it)
#include <benchmark/benchmark.h>

#include "metrics/registry.h"

namespace {

tw::metrics::Registry& reg() {
  static tw::metrics::Registry r;
  return r;
}

void CountAnswer(benchmark::State& state) {
  static auto& answers = reg().status_counts("bench_requests_total", "x", {{"route", "/api/events/{slug}"}});
  static auto& latency = reg().histogram("bench_request_duration_seconds", "x", {{"route", "/api/events/{slug}"}});
  double took = 0.0007;
  for (auto _ : state) {
    answers.add(200);
    latency.observe(took);
    took = took < 0.5 ? took * 1.7 : 0.0007;  // across the buckets
  }
}
BENCHMARK(CountAnswer)->Threads(1)->Threads(2);

void CountSaleStep(benchmark::State& state) {
  static auto& made = reg().counter("bench_holds_total", "x", {{"outcome", "made"}});
  for (auto _ : state) made.add();
}
BENCHMARK(CountSaleStep)->Threads(1)->Threads(2);

// A checkout's outcome other than "paid" is looked up by name under the registry's lock.
void CountCheckoutByName(benchmark::State& state) {
  for (auto _ : state) reg().counter("bench_checkouts_total", "x", {{"outcome", "seats_sold"}}).add();
}
BENCHMARK(CountCheckoutByName)->Threads(1)->Threads(2);

}  // namespace

