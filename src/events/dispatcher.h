#pragma once
// Dispatcher: feeds every consumer the event log in order, each from its own committed offset
// in its own loop, so a slow or failing consumer holds up no other one. Consumers await their
// I/O (store calls, the worker pool), so no I/O thread ever waits on one.
//
// A round reads a batch, hands it to the consumer, then commits the offset: a crash between
// the two hands the batch over again (at least once; consumers are idempotent). A failing
// consumer is offered the same batch again after an exponential back-off; its lag, failures and
// last error are what status() reports to operators.
//
// Events this build cannot read: a newer version or an unknown type stops the consumer until a
// build that reads it takes over (nothing is skipped); a payload no build can read (bad_event)
// is reported and passed over, since waiting would stop the consumer for good.
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/consumer.h"
#include "events/event_log.h"

namespace tw::events {

struct DispatcherOptions {
  int batch = 200;
  std::chrono::milliseconds idle_wait{100};  // how soon an idle consumer looks again
  std::chrono::milliseconds first_retry{250};
  std::chrono::milliseconds max_retry{30'000};
};

// The wait before the `failures`-th attempt in a row: first_retry, doubling, at most max_retry.
std::chrono::milliseconds retry_delay(int failures, const DispatcherOptions& options);

struct ConsumerStatus {
  std::string name;
  ConsumerPosition position;
  std::int64_t handled = 0;     // events handled since this process started
  int failures = 0;             // failed rounds in a row; 0 when healthy
  std::string last_error;       // of the latest failure, kept after recovery
  std::int64_t retry_at_ms = 0;  // while failing: when the next attempt is due
};

// What one round did, and how long the loop should wait before the next.
struct Round {
  enum class Outcome { kHandled, kIdle, kFailed } outcome = Outcome::kIdle;
  int events = 0;
  std::chrono::milliseconds wait{0};
};

class Dispatcher {
 public:
  Dispatcher(EventLog& log, const core::Clock& clock, DispatcherOptions options = {});

  // Registers a consumer; before run() and status() are first called. Names must differ.
  void add(Consumer& consumer);
  const std::vector<Consumer*>& consumers() const { return consumers_; }

  // The consumer's loop: rounds, waiting as each says, until its event loop stops.
  Task<void> run(Consumer& consumer);
  // One round for one consumer (what run() repeats; tests drive it directly).
  Task<Round> round(Consumer& consumer);

  // Every consumer's position in the log and health, in the order they were added.
  Task<core::Result<std::vector<ConsumerStatus>>> status();

 private:
  struct Health {
    std::int64_t handled = 0;
    int failures = 0;
    std::string last_error;
    std::int64_t retry_at_ms = 0;
  };
  Round failed(const Consumer& consumer, const core::Error& e);
  void succeeded(const Consumer& consumer, int events);

  EventLog& log_;
  const core::Clock& clock_;
  DispatcherOptions options_;
  std::vector<Consumer*> consumers_;
  std::mutex mu_;
  std::map<std::string, Health, std::less<>> health_;  // guarded by mu_
};

}  // namespace tw::events
