#include "events/dispatcher.h"

#include <algorithm>

#include "async/problem_log.h"
#include "async/sleep.h"
#include "events/event_codec.h"

namespace tw::events {

std::chrono::milliseconds retry_delay(int failures, const DispatcherOptions& options) {
  auto delay = options.first_retry;
  for (int i = 1; i < failures && delay < options.max_retry; ++i) delay *= 2;
  return std::min(delay, options.max_retry);
}

Dispatcher::Dispatcher(EventLog& log, const core::Clock& clock, DispatcherOptions options)
    : log_(log), clock_(clock), options_(options) {}

void Dispatcher::add(Consumer& consumer) {
  consumers_.push_back(&consumer);
  std::lock_guard lock(mu_);
  health_.emplace(std::string(consumer.name()), Health{});
}

Task<void> Dispatcher::run(Consumer& consumer) {
  for (;;) {
    const auto done = co_await round(consumer);
    if (done.wait.count() > 0) co_await sleep_for(done.wait);
  }
}

namespace {

// The batch as events, up to the first one this build cannot read yet (`stop`). Events no
// build can read are reported and passed over; `through` is the last sequence dealt with.
struct Decoded {
  std::vector<DecodedEvent> events;
  std::int64_t through = 0;
  std::optional<core::Error> stop;
};

Decoded decode(std::vector<LoggedEvent> batch) {
  Decoded out;
  for (auto& logged : batch) {
    auto event = parse_event(logged.type, logged.payload);
    if (!event && event.error().code != "bad_event") {
      out.stop = event.error();
      break;
    }
    out.through = logged.sequence;
    if (!event) {
      log_problem("unreadable event passed over", event.error(), logged.id);
      continue;
    }
    out.events.push_back({std::move(logged), std::move(event).value()});
  }
  return out;
}

}  // namespace

Task<Round> Dispatcher::round(Consumer& consumer) {
  const std::string name(consumer.name());
  auto batch = co_await log_.read(name, options_.batch);
  if (!batch) co_return failed(consumer, batch.error());
  if (batch->empty()) co_return Round{Round::Outcome::kIdle, 0, options_.idle_wait};
  auto decoded = decode(std::move(batch).value());
  if (!decoded.events.empty()) {
    if (auto st = co_await consumer.handle(decoded.events); !st) co_return failed(consumer, st.error());
  }
  if (decoded.through > 0) {
    if (auto st = co_await log_.commit(name, decoded.through); !st) co_return failed(consumer, st.error());
  }
  if (decoded.stop) co_return failed(consumer, *decoded.stop);
  const int n = static_cast<int>(decoded.events.size());
  succeeded(consumer, n);
  co_return Round{Round::Outcome::kHandled, n, std::chrono::milliseconds(0)};
}

Round Dispatcher::failed(const Consumer& consumer, const core::Error& e) {
  std::lock_guard lock(mu_);
  auto& h = health_[std::string(consumer.name())];
  ++h.failures;
  h.last_error = e.message;
  const auto wait = retry_delay(h.failures, options_);
  h.retry_at_ms = clock_.now_ms() + wait.count();
  if (h.failures == 1) log_problem("event consumer failed; retrying with back-off", e, consumer.name());
  return Round{Round::Outcome::kFailed, 0, wait};
}

void Dispatcher::succeeded(const Consumer& consumer, int events) {
  std::lock_guard lock(mu_);
  auto& h = health_[std::string(consumer.name())];
  h.handled += events;
  h.failures = 0;
  h.retry_at_ms = 0;
}

Task<core::Result<std::vector<ConsumerStatus>>> Dispatcher::status() {
  std::vector<ConsumerStatus> out;
  for (auto* consumer : consumers_) {
    auto position = co_await log_.position(std::string(consumer->name()));
    if (!position) co_return position.error();
    ConsumerStatus s{std::string(consumer->name()), *position};
    {
      std::lock_guard lock(mu_);
      const auto& h = health_[s.name];
      s.handled = h.handled;
      s.failures = h.failures;
      s.last_error = h.last_error;
      s.retry_at_ms = h.retry_at_ms;
    }
    out.push_back(std::move(s));
  }
  co_return out;
}

}  // namespace tw::events
