#include "events/dispatcher.h"

#include <algorithm>

#include "async/log.h"
#include "async/sleep.h"
#include "events/event_codec.h"

namespace tw::events {

std::chrono::milliseconds retry_delay(int failures, const DispatcherOptions& options) {
  auto delay = options.first_retry;
  for (int i = 1; i < failures && delay < options.max_retry; ++i) delay *= 2;
  return std::min(delay, options.max_retry);
}

Dispatcher::Dispatcher(EventLog& log, const core::Clock& clock, DispatcherOptions options,
                       store::DeadLetterStore* dead_letters)
    : log_(log), clock_(clock), options_(options), dead_letters_(dead_letters) {}

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

// The batch as events, up to the first one this build cannot read yet (`stop`). Events no
// build can read are reported and passed over; `through` is the last sequence dealt with.
struct Dispatcher::Decoded {
  std::vector<DecodedEvent> events;
  std::int64_t through = 0;
  std::optional<core::Error> stop;
};

namespace {

std::optional<DecodedEvent> decoded_event(LoggedEvent logged, std::optional<core::Error>* unreadable) {
  auto event = parse_event(logged.type, logged.payload);
  if (!event) {
    if (unreadable) *unreadable = event.error();
    return std::nullopt;
  }
  return DecodedEvent{std::move(logged), std::move(event).value()};
}

}  // namespace

Task<Round> Dispatcher::round(Consumer& consumer) {
  const std::string name(consumer.name());
  auto batch = co_await log_.read(name, batch_size(consumer));
  if (!batch) co_return failed(consumer, batch.error());
  if (batch->empty()) co_return Round{Round::Outcome::kIdle, 0, options_.idle_wait};
  Decoded decoded;
  for (auto& logged : *batch) {
    std::optional<core::Error> why;
    const auto sequence = logged.sequence;
    const auto id = logged.id;
    auto event = decoded_event(std::move(logged), &why);
    if (!event && why->code != "bad_event") {
      decoded.stop = why;
      break;
    }
    decoded.through = sequence;
    if (!event) {
      log_problem("unreadable event passed over", *why, id);
      continue;
    }
    decoded.events.push_back(std::move(*event));
  }
  if (!decoded.events.empty()) {
    if (auto st = co_await consumer.handle(decoded.events); !st) {
      co_return co_await after_failure(consumer, decoded, st.error());
    }
  }
  if (decoded.through > 0) {
    if (auto st = co_await log_.commit(name, decoded.through); !st) co_return failed(consumer, st.error());
  }
  if (decoded.stop) co_return failed(consumer, *decoded.stop);
  const int n = static_cast<int>(decoded.events.size());
  succeeded(consumer, n, decoded.through);
  co_return Round{Round::Outcome::kHandled, n, std::chrono::milliseconds(0)};
}

int Dispatcher::batch_size(const Consumer& consumer) {
  std::lock_guard lock(mu_);
  return health_[std::string(consumer.name())].one_by_one_until > 0 ? 1 : options_.batch;
}

Task<Round> Dispatcher::after_failure(Consumer& consumer, const Decoded& decoded, core::Error e) {
  // An outage is not the events' fault: they wait, as a batch, for the service to come back.
  if (e.kind == core::ErrorKind::kUnavailable || !dead_letters_) co_return failed(consumer, e);
  const std::string name(consumer.name());
  int attempts = 0;
  {
    std::lock_guard lock(mu_);
    auto& h = health_[name];
    if (decoded.events.size() > 1) {
      h.one_by_one_until = decoded.events.back().logged.sequence;  // find which event it is
    } else {
      const auto sequence = decoded.events.front().logged.sequence;
      if (h.failing_sequence != sequence) h.failing_sequence = sequence, h.failing_attempts = 0;
      attempts = ++h.failing_attempts;
    }
  }
  if (attempts < options_.max_attempts) co_return failed(consumer, e);
  const auto& event = decoded.events.front();
  if (auto st = co_await set_aside(consumer, event, e, attempts); !st) co_return failed(consumer, st.error());
  if (auto st = co_await log_.commit(name, event.logged.sequence); !st) co_return failed(consumer, st.error());
  succeeded(consumer, 0, event.logged.sequence);
  co_return Round{Round::Outcome::kHandled, 0, std::chrono::milliseconds(0)};
}

Task<core::Status> Dispatcher::set_aside(const Consumer& consumer, const DecodedEvent& event, const core::Error& e,
                                         int attempts) {
  const auto& l = event.logged;
  core::DeadLetter letter{0, std::string(consumer.name()), l.sequence, l.id, l.type, l.payload, e.message,
                           attempts, core::DeadLetterState::kOpen, clock_.now_ms(), clock_.now_ms()};
  auto stored = co_await dead_letters_->add_dead_letter(std::move(letter));
  if (!stored) co_return stored.error();
  log_problem("event set aside after failing " + std::to_string(attempts) + " times", e,
              std::string(consumer.name()) + " " + l.id);
  co_return core::Ok{};
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

void Dispatcher::succeeded(const Consumer& consumer, int events, std::int64_t through) {
  std::lock_guard lock(mu_);
  auto& h = health_[std::string(consumer.name())];
  h.handled += events;
  h.failures = 0;
  h.retry_at_ms = 0;
  if (through >= h.one_by_one_until) h.one_by_one_until = 0;
  if (through >= h.failing_sequence) h.failing_sequence = 0, h.failing_attempts = 0;
}

Task<core::Result<std::vector<ConsumerStatus>>> Dispatcher::status() {
  std::vector<std::pair<std::string, int>> open;
  if (dead_letters_) {
    auto counted = co_await dead_letters_->open_dead_letters();
    if (!counted) co_return counted.error();
    open = std::move(counted).value();
  }
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
    for (const auto& [name, n] : open) {
      if (name == s.name) s.dead_letters = n;
    }
    out.push_back(std::move(s));
  }
  co_return out;
}

Task<core::Result<std::vector<core::DeadLetter>>> Dispatcher::dead_letters(core::DeadLetterQuery query) {
  if (!dead_letters_) co_return std::vector<core::DeadLetter>{};
  co_return co_await dead_letters_->dead_letters(std::move(query));
}

Consumer* Dispatcher::consumer_named(std::string_view name) const {
  const auto it = std::find_if(consumers_.begin(), consumers_.end(), [&](auto* c) { return c->name() == name; });
  return it == consumers_.end() ? nullptr : *it;
}

Task<core::Result<core::DeadLetter>> Dispatcher::open_letter(std::int64_t id) {
  if (!dead_letters_) co_return core::not_found("dead_letter_not_found", "No such dead letter");
  auto found = co_await dead_letters_->find_dead_letter(id);
  if (!found) co_return found.error();
  if (!found->has_value()) co_return core::not_found("dead_letter_not_found", "No such dead letter");
  if ((*found)->state != core::DeadLetterState::kOpen) {
    co_return core::conflict("dead_letter_closed", std::string("This dead letter is ") + state_name((*found)->state));
  }
  co_return std::move(**found);
}

Task<core::Result<core::DeadLetter>> Dispatcher::retry_dead_letter(std::int64_t id) {
  auto letter = co_await open_letter(id);
  if (!letter) co_return letter.error();
  auto* consumer = consumer_named(letter->consumer);
  if (!consumer) {
    co_return core::conflict("consumer_not_here", "The consumer " + letter->consumer + " does not run on this server");
  }
  std::optional<core::Error> unreadable;
  auto event = decoded_event({letter->sequence, letter->event_id, letter->type, "", letter->payload, letter->created_at_ms},
                             &unreadable);
  core::Status st = unreadable ? core::Status(*unreadable) : core::Status(core::Ok{});
  if (event) {
    std::vector<DecodedEvent> one{std::move(*event)};
    st = co_await consumer->handle(one);
  }
  ++letter->attempts;
  letter->updated_at_ms = clock_.now_ms();
  if (st) {
    letter->state = core::DeadLetterState::kResolved;
  } else {
    letter->last_error = st.error().message;
  }
  if (auto saved = co_await dead_letters_->update_dead_letter(*letter); !saved) co_return saved.error();
  co_return std::move(letter).value();
}

Task<core::Result<core::DeadLetter>> Dispatcher::dismiss_dead_letter(std::int64_t id) {
  auto letter = co_await open_letter(id);
  if (!letter) co_return letter.error();
  letter->state = core::DeadLetterState::kDismissed;
  letter->updated_at_ms = clock_.now_ms();
  if (auto saved = co_await dead_letters_->update_dead_letter(*letter); !saved) co_return saved.error();
  co_return std::move(letter).value();
}

}  // namespace tw::events
