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
//
// An event a consumer keeps failing on is set aside, so one bad event cannot stop a consumer for
// every later one (one buyer's transferred ticket had stopped all receipts, across restarts): a
// failed batch is offered again one event at a time up to where it ended, and an event that fails
// `max_attempts` times in a row is recorded as a dead letter with its error (DeadLetterStore) and
// passed over. Failures that say a service is away (kUnavailable: the database, Redis, the mail
// server) are not the events' fault and are never counted: the batch waits for the service. An admin retries or dismisses the letters
// (retry_dead_letter, dismiss_dead_letter).
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/consumer.h"
#include "events/event_log.h"
#include "store/dead_letter_store.h"

namespace tw::events {

struct DispatcherOptions {
  int batch = 200;
  std::chrono::milliseconds idle_wait{100};  // how soon an idle consumer looks again
  std::chrono::milliseconds first_retry{250};
  std::chrono::milliseconds max_retry{30'000};
  int max_attempts = 5;  // failures in a row of one event before it is set aside
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
  int dead_letters = 0;         // events set aside and still open (every server's)
};

// What one round did, and how long the loop should wait before the next.
struct Round {
  enum class Outcome { kHandled, kIdle, kFailed } outcome = Outcome::kIdle;
  int events = 0;
  std::chrono::milliseconds wait{0};
};

class Dispatcher {
 public:
  // `dead_letters`: where events that keep failing are set aside; none (null): they are retried
  // for ever, as the relay's are (it only copies events, so only an outage can fail it).
  Dispatcher(EventLog& log, const core::Clock& clock, DispatcherOptions options = {},
             store::DeadLetterStore* dead_letters = nullptr);

  // Registers a consumer; before run() and status() are first called. Names must differ.
  void add(Consumer& consumer);
  const std::vector<Consumer*>& consumers() const { return consumers_; }

  // The consumer's loop: rounds, waiting as each says, until its event loop stops.
  Task<void> run(Consumer& consumer);
  // One round for one consumer (what run() repeats; tests drive it directly).
  Task<Round> round(Consumer& consumer);

  // Every consumer's position in the log and health, in the order they were added.
  Task<core::Result<std::vector<ConsumerStatus>>> status();

  // The events set aside (newest first).
  Task<core::Result<std::vector<core::DeadLetter>>> dead_letters(core::DeadLetterQuery query);
  // Hands an open dead letter to its consumer again now: resolved when it succeeds, else still
  // open with the new error; answers it as it is after the attempt. kNotFound
  // "dead_letter_not_found"; kConflict "dead_letter_closed" when it was resolved or dismissed.
  Task<core::Result<core::DeadLetter>> retry_dead_letter(std::int64_t id);
  // Closes an open dead letter without handling it (an admin judged it needs nothing more).
  Task<core::Result<core::DeadLetter>> dismiss_dead_letter(std::int64_t id);

 private:
  struct Health {
    std::int64_t handled = 0;
    int failures = 0;
    std::string last_error;
    std::int64_t retry_at_ms = 0;
    std::int64_t one_by_one_until = 0;  // after a failed batch: read one event at a time up to here
    std::int64_t failing_sequence = 0;  // the event failing alone, and its failures in a row
    int failing_attempts = 0;
  };
  struct Decoded;
  Round failed(const Consumer& consumer, const core::Error& e);
  void succeeded(const Consumer& consumer, int events, std::int64_t through);
  int batch_size(const Consumer& consumer);
  // A batch failed: narrows to one event at a time, and sets aside an event failing alone too often.
  Task<Round> after_failure(Consumer& consumer, const Decoded& decoded, core::Error e);
  Task<core::Status> set_aside(const Consumer& consumer, const DecodedEvent& event, const core::Error& e, int attempts);
  Consumer* consumer_named(std::string_view name) const;
  Task<core::Result<core::DeadLetter>> open_letter(std::int64_t id);

  EventLog& log_;
  const core::Clock& clock_;
  DispatcherOptions options_;
  store::DeadLetterStore* dead_letters_;
  std::vector<Consumer*> consumers_;
  std::mutex mu_;
  std::map<std::string, Health, std::less<>> health_;  // guarded by mu_
};

}  // namespace tw::events
