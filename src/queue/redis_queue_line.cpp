#include "queue/redis_queue_line.h"

#include <chrono>
#include <cstdlib>

#include "core/queue_draw.h"
#include "queue/queue_scripts.h"

namespace tw::queue {
using core::QueueEntry;
using core::QueueEntryState;
using core::Result;
using core::Status;
using redis::RedisReply;
using Kind = RedisReply::Kind;

namespace {

// A dead doorman's lease frees after this: well inside the two seconds of admissions a room
// banks (core::AdmissionBudget), so the server taking over lets in what was missed and the
// room's rate holds.
constexpr std::chrono::milliseconds kDoormanLease{1'500};

bool is_no_room(const RedisReply& r) { return r.kind == Kind::kInteger && r.integer == 0; }

core::Error garbled(const RedisReply& r) { return redis::unexpected_reply(r); }

// A room's hash (HGETALL: field, value, ...) as its record.
core::WaitingRoomRecord record_of(const RedisReply& hash) {
  core::WaitingRoomRecord r;
  for (std::size_t i = 0; i + 1 < hash.elements.size(); i += 2) {
    const auto& f = hash.elements[i].text;
    const auto& v = hash.elements[i + 1].text;
    const auto n = [&] { return redis::number_in(v); };
    if (f == "event_id") r.event_id = n();
    else if (f == "enabled") r.settings.enabled = v == "1";
    else if (f == "admit") r.settings.admit_per_minute = static_cast<int>(n());
    else if (f == "max_active") r.settings.max_active = static_cast<int>(n());
    else if (f == "pass_minutes") r.settings.pass_minutes = static_cast<int>(n());
    else if (f == "pow") r.settings.proof_of_work = static_cast<int>(n());
    else if (f == "seed") r.seed = v;
    else if (f == "commitment") r.commitment = v;
    else if (f == "pass_key") r.pass_key = v;
    else if (f == "drawn_at") r.drawn_at_ms = n();
    else if (f == "paused") r.paused = v == "1";
    else if (f == "closing") r.closing = v == "1";
  }
  return r;
}

// A field of a room's hash.
std::string field_of(const RedisReply& hash, std::string_view name) {
  for (std::size_t i = 0; i + 1 < hash.elements.size(); i += 2) {
    if (hash.elements[i].text == name) return hash.elements[i + 1].text;
  }
  return {};
}

// A place as the scripts keep it: "user|joined|turn|state|admitted|expires".
std::optional<QueueEntry> entry_of(std::int64_t event_id, const std::string& id, std::string_view packed) {
  std::array<std::int64_t, 6> f{};
  std::size_t k = 0;
  for (std::size_t from = 0; k < f.size(); ++k) {
    const auto bar = packed.find('|', from);
    f[k] = redis::number_in(packed.substr(from, bar == std::string_view::npos ? packed.npos : bar - from));
    if (bar == std::string_view::npos) break;
    from = bar + 1;
  }
  if (k != f.size() - 1 || f[3] > 2) return std::nullopt;
  return QueueEntry{.id = id,
                    .event_id = event_id,
                    .user_id = f[0],
                    .joined_at_ms = f[1],
                    .turn = f[2],
                    .state = static_cast<QueueEntryState>(f[3]),
                    .admitted_at_ms = f[4],
                    .pass_expires_ms = f[5]};
}

std::vector<std::string> room_args(std::int64_t event_id, const core::WaitingRoomSettings& s) {
  return {std::to_string(event_id), s.enabled ? "1" : "0", std::to_string(s.admit_per_minute),
          std::to_string(s.max_active), std::to_string(s.pass_minutes), std::to_string(s.proof_of_work)};
}

}  // namespace

RedisQueueLine::RedisQueueLine(const redis::RedisAddress& address, store::QueueStore& store, std::string holder)
    : prefix_(address.prefix),
      store_(store),
      connection_(address.host, address.port, address.db),
      lease_(connection_, address.prefix + "queue:doorman", std::move(holder), kDoormanLease) {
  const std::array<const char*, kScriptCount> sources{scripts::kConfigure, scripts::kRestore, scripts::kChange,
                                                     scripts::kState,     scripts::kJoin,    scripts::kShopper,
                                                     scripts::kFinish,    scripts::kRound,   scripts::kDraw,
                                                     scripts::kAdmit};
  for (std::size_t i = 0; i < sources.size(); ++i) {
    scripts_[i] = std::make_unique<redis::RedisScript>(std::string(scripts::kQueuePrelude) + sources[i]);
  }
}

RedisQueueLine::~RedisQueueLine() = default;

std::string RedisQueueLine::base(std::int64_t event_id) const {
  return prefix_ + "{q" + std::to_string(event_id) + "}:";
}
std::string RedisQueueLine::rooms_key() const { return prefix_ + "queues"; }

Task<Result<RedisReply>> RedisQueueLine::run(Script script, std::int64_t event_id, std::vector<std::string> args) {
  std::vector<std::string> keys{base(event_id)};
  co_return co_await scripts_[script]->run(connection_, std::move(keys), std::move(args));
}

Task<Status> RedisQueueLine::load() {
  auto kept = co_await store_.rooms();
  if (!kept) co_return kept.error();
  for (const auto& r : *kept) {
    auto args = room_args(r.event_id, r.settings);
    args.insert(args.end(), {r.seed, r.commitment, r.pass_key, std::to_string(r.drawn_at_ms), r.paused ? "1" : "0",
                             r.closing ? "1" : "0"});
    auto restored = co_await run(kRestore, r.event_id, std::move(args));
    if (!restored) co_return restored.error();
    std::vector<std::string> add{"SADD", rooms_key(), std::to_string(r.event_id)};
    if (auto added = co_await connection_.command(std::move(add)); !added) co_return added.error();
  }
  co_return core::Ok{};
}

Task<Result<std::vector<core::WaitingRoomRecord>>> RedisQueueLine::rooms() {
  std::vector<std::string> members{"SMEMBERS", rooms_key()};
  auto ids = co_await connection_.command(std::move(members));
  if (!ids) co_return ids.error();
  if (ids->kind != Kind::kArray) co_return garbled(*ids);
  std::vector<core::WaitingRoomRecord> out;
  for (const auto& id : ids->elements) {
    std::vector<std::string> read{"HGETALL", base(redis::number_in(id)) + "room"};
    auto hash = co_await connection_.command(std::move(read));
    if (!hash) co_return hash.error();
    if (hash->kind == Kind::kArray && !hash->elements.empty()) out.push_back(record_of(*hash));
  }
  co_return out;
}

Task<Result<core::WaitingRoomRecord>> RedisQueueLine::configure(std::int64_t event_id, core::WaitingRoomSettings settings,
                                                                core::WaitingRoomRecord fresh) {
  auto args = room_args(event_id, settings);
  args.insert(args.end(), {fresh.seed, fresh.commitment, fresh.pass_key});
  auto hash = co_await run(kConfigure, event_id, std::move(args));
  if (!hash) co_return hash.error();
  if (hash->kind != Kind::kArray) co_return garbled(*hash);
  std::vector<std::string> add{"SADD", rooms_key(), std::to_string(event_id)};
  if (auto added = co_await connection_.command(std::move(add)); !added) co_return added.error();
  auto record = record_of(*hash);
  if (auto st = co_await store_.save_room(record); !st) co_return st.error();
  co_return record;
}

Task<Status> RedisQueueLine::change(std::int64_t event_id, RoomChange change) {
  std::vector<std::string> args = change == RoomChange::kClose
                                      ? std::vector<std::string>{"closing", "1"}
                                      : std::vector<std::string>{"paused", change == RoomChange::kPause ? "1" : "0"};
  auto hash = co_await run(kChange, event_id, std::move(args));
  if (!hash) co_return hash.error();
  if (is_no_room(*hash)) co_return no_waiting_room();
  if (hash->kind != Kind::kArray) co_return garbled(*hash);
  co_return co_await store_.save_room(record_of(*hash));
}

Task<Result<LineState>> RedisQueueLine::state(std::int64_t event_id, std::int64_t user_id, std::int64_t now_ms,
                                              bool seen) {
  std::vector<std::string> args{std::to_string(user_id), std::to_string(now_ms), seen ? "1" : "0"};
  auto r = co_await run(kState, event_id, std::move(args));
  if (!r) co_return r.error();
  if (is_no_room(*r)) co_return no_waiting_room();
  const auto& e = r->elements;
  if (r->kind != Kind::kArray || e.size() < 6) co_return garbled(*r);
  LineState s{.record = record_of(e[0]),
              .pre_queue = static_cast<int>(redis::number_in(e[1])),
              .in_line = static_cast<int>(redis::number_in(e[2])),
              .active = static_cast<int>(redis::number_in(e[3])),
              .head_turn = redis::number_in(e[4]),
              .admitted_last_minute = static_cast<int>(redis::number_in(e[5])),
              .admitted_total = static_cast<int>(redis::number_in(field_of(e[0], "admitted_total"))),
              .done = static_cast<int>(redis::number_in(field_of(e[0], "done")))};
  if (e.size() >= 8) s.place = entry_of(event_id, e[6].text, e[7].text);
  co_return s;
}

Task<Result<QueueEntry>> RedisQueueLine::join(QueueEntry entry) {
  std::vector<std::string> args{std::to_string(entry.user_id), entry.id, std::to_string(entry.joined_at_ms)};
  auto r = co_await run(kJoin, entry.event_id, std::move(args));
  if (!r) co_return r.error();
  if (is_no_room(*r)) co_return no_waiting_room();
  if (r->kind != Kind::kArray || r->elements.size() != 2) co_return garbled(*r);
  auto placed = entry_of(entry.event_id, r->elements[0].text, r->elements[1].text);
  if (!placed) co_return garbled(*r);
  co_return *placed;
}

Task<Result<std::optional<QueueEntry>>> RedisQueueLine::shopper(std::int64_t event_id, std::int64_t user_id,
                                                                std::int64_t now_ms) {
  std::vector<std::string> args{std::to_string(user_id), std::to_string(now_ms)};
  auto r = co_await run(kShopper, event_id, std::move(args));
  if (!r) co_return r.error();
  if (is_no_room(*r)) co_return no_waiting_room();
  if (r->kind != Kind::kArray) co_return garbled(*r);
  if (r->elements.size() != 2) co_return std::optional<QueueEntry>();
  co_return entry_of(event_id, r->elements[0].text, r->elements[1].text);
}

Task<Status> RedisQueueLine::finish(std::int64_t event_id, std::int64_t user_id) {
  std::vector<std::string> args{std::to_string(user_id)};
  auto r = co_await run(kFinish, event_id, std::move(args));
  if (!r) co_return r.error();
  co_return core::Ok{};
}

Task<Result<std::vector<std::string>>> RedisQueueLine::drawn_order(std::int64_t event_id) {
  std::vector<std::string> read{"LRANGE", base(event_id) + "order", "0", "-1"};
  auto r = co_await connection_.command(std::move(read));
  if (!r) co_return r.error();
  if (r->kind != Kind::kArray) co_return garbled(*r);
  std::vector<std::string> order;
  for (auto& id : r->elements) order.push_back(std::move(id.text));
  co_return order;
}

Task<bool> RedisQueueLine::doorman_here() {
  auto held = co_await lease_.hold();
  co_return held && *held;
}

Task<Result<std::optional<RedisReply>>> RedisQueueLine::round_start(std::int64_t event_id, const DoormanRound& round) {
  std::vector<std::string> args{std::to_string(round.now_ms), std::to_string(round.idle_ms),
                                std::to_string(round.gone_ms), round.open ? "1" : "0"};
  auto r = co_await run(kRound, event_id, std::move(args));
  if (!r) co_return r.error();
  if (is_no_room(*r)) co_return std::optional<RedisReply>();
  if (r->kind != Kind::kArray || r->elements.size() < 3) co_return garbled(*r);
  co_return std::optional(std::move(*r));
}

Task<Status> RedisQueueLine::draw(std::int64_t event_id, const RedisReply& started, std::int64_t now_ms) {
  auto record = record_of(started.elements[0]);
  std::vector<std::string> pre;
  if (started.elements.size() >= 4) {
    for (const auto& id : started.elements[3].elements) pre.push_back(id.text);
  }
  std::vector<std::string> args{std::to_string(now_ms)};
  for (auto& id : core::draw_order(record.seed, std::move(pre))) args.push_back(std::move(id));
  auto drawn = co_await run(kDraw, event_id, std::move(args));
  if (!drawn) co_return drawn.error();
  if (drawn->kind != Kind::kInteger || drawn->integer != 1) co_return core::Ok{};  // another doorman drew it
  record.drawn_at_ms = now_ms;
  co_return co_await store_.save_room(std::move(record));
}

Task<Status> RedisQueueLine::admit(std::int64_t event_id, DoormanRound round) {
  auto started = co_await round_start(event_id, round);
  if (!started) co_return started.error();
  if (!*started) co_return core::Ok{};  // no room, or no sale to let anyone into now
  if (record_of((*started)->elements[0]).drawn_at_ms == 0) {  // the opening: draw the pre-queue, then go on
    if (auto st = co_await draw(event_id, **started, round.now_ms); !st) co_return st;
    started = co_await round_start(event_id, round);
    if (!started) co_return started.error();
    if (!*started) co_return core::Ok{};
  }
  const auto& e = (*started)->elements;
  const auto record = record_of(e[0]);
  core::AdmissionBudget budget(std::strtod(field_of(e[0], "tokens").c_str(), nullptr),
                               redis::number_in(field_of(e[0], "tokens_at")));
  const int available = budget.available(record.settings, round.now_ms);
  const int due = record.paused ? 0
                                : core::admissions_due(available, static_cast<int>(redis::number_in(e[1])),
                                                       static_cast<int>(redis::number_in(e[2])), record.settings.max_active,
                                                       round.sellable);
  budget.spend(due);
  std::vector<std::string> admit_args{std::to_string(round.now_ms), std::to_string(due), std::to_string(budget.tokens()),
                                      std::to_string(budget.last_ms()),
                                      std::to_string(record.settings.pass_minutes * 60'000LL)};
  auto admitted = co_await run(kAdmit, event_id, std::move(admit_args));
  if (!admitted) co_return admitted.error();
  co_return core::Ok{};
}

}  // namespace tw::queue
