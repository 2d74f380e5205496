// The events commands: tail the log, or replay it to a consumer (docs/events.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/app.h"
#include "app/event_stream.h"
#include "app/run_task.h"
#include "app/startup.h"
#include "core/utf8.h"
#include "events/event_codec.h"

namespace tw::app {
namespace {

// events tail: the last events of the log, then each new one as it is written, one JSON line
// each, until interrupted (docs/events.md). Reads the outbox directly and keeps no offset: it
// only watches.
int events_tail(Base& base, const std::string& only) {
  auto& outbox = *base.stores.outbox;
  auto last = run_task(outbox.last_sequence());
  if (!last) return fail(last.error().message);
  constexpr int kBatch = 500;
  std::int64_t after = std::max<std::int64_t>(0, *last - 10);
  for (;;) {
    auto rows = run_task(outbox.outbox_after(after, kBatch));
    if (!rows) return fail(rows.error().message);
    for (const auto& r : *rows) {
      after = r.sequence;
      if (!only.empty() && r.type != only) continue;
      std::printf("{\"sequence\":%lld,\"type\":%s,\"key\":%s,\"id\":%s,\"createdAtMs\":%lld,\"payload\":%s}\n",
                  static_cast<long long>(r.sequence), core::json_quote(r.type).c_str(), core::json_quote(r.key).c_str(),
                  core::json_quote(r.id).c_str(), static_cast<long long>(r.created_at_ms), r.payload.c_str());
    }
    std::fflush(stdout);
    if (static_cast<int>(rows->size()) < kBatch) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
}

// events replay: moves a consumer's offset back so every server running it feeds it the log
// again from that sequence. Consumers act on each event once, so this repeats deliveries (a
// webhook receiver gets them again) without counting anything twice. In cluster mode the
// consumer's group is moved back on every Redis stream as well.
int events_replay(const Config& config, Base& base, const std::string& name, std::int64_t from) {
  std::string names;
  bool known = false;
  for (auto consumer : EventStream::kConsumerNames) {
    known = known || consumer == name;
    names += (names.empty() ? "" : ", ") + std::string(consumer);
  }
  if (!known) return fail("no consumer is called '" + name + "' (the consumers are " + names + ")");
  events::OutboxEventLog log(*base.stores.outbox, *base.clock);
  if (auto st = run_task(log.rewind(name, from - 1)); !st) return fail(st.error().message);
  redis::RedisAddress address;
  if (auto connection = open_stream_redis(config, address)) {
    if (!connection->wait_connected(3'000)) return fail("Redis at " + address.url() + " does not answer");
    events::StreamEventLog streams(*connection, log, {address.prefix, server_name(), std::chrono::milliseconds(0)});
    if (auto st = run_task(streams.rewind(name, from - 1)); !st) return fail(st.error().message);
  }
  std::printf("%s will be fed the log again from sequence %lld by the servers that run it\n", name.c_str(),
              static_cast<long long>(from));
  return 0;
}

}  // namespace

int events(const Config& config) {
  const auto& w = config.admin_words;
  const bool tail = w.size() == 1 && w[0] == "tail";
  const bool replay = w.size() == 1 && w[0] == "replay" && !config.event_consumer.empty() && config.replay_from > 0;
  if (!tail && !replay) {
    return config_error("usage: ticketwar events tail [--type TYPE] | events replay --consumer NAME --from SEQUENCE");
  }
  if (tail && !config.event_type.empty() && !events::known_event_type(config.event_type)) {
    return fail("no event type is called '" + config.event_type + "' (the types are in docs/events.md)");
  }
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  return tail ? events_tail(*base, config.event_type)
              : events_replay(config, *base, config.event_consumer, config.replay_from);
}

}  // namespace tw::app
