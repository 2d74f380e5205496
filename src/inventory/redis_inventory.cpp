#include "inventory/redis_inventory.h"

#include <charconv>
#include <chrono>
#include <map>

#include "async/sleep.h"
#include "core/ids.h"
#include "core/error_codes.h"
#include "inventory/first_version.h"
#include "inventory/inventory_errors.h"
#include "inventory/redis_scripts.h"

namespace tw::inventory {
namespace {

using redis::RedisReply;
using Kind = RedisReply::Kind;

core::Error still_rebuilding() {
  return core::unavailable("inventory_rebuilding", "Seat availability is being rebuilt; try again in a moment");
}
core::Error unexpected(const RedisReply& r) { return redis::unexpected_reply(r); }

// A connection that is down becomes kUnavailable "inventory_unavailable": the caller learns that
// seats, not Redis, are what cannot be reached.
core::Result<RedisReply> inventory_error(core::Result<RedisReply> reply) {
  if (!reply && reply.error().kind == core::ErrorKind::kUnavailable) {
    return core::unavailable("inventory_unavailable",
                             "Seats cannot be checked right now; try again in a moment (" + reply.error().message + ")");
  }
  return reply;
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// A script's integer reply (Lua numbers arrive as integers).
core::Result<std::int64_t> integer_of(const RedisReply& r) {
  if (r.kind != Kind::kInteger) return unexpected(r);
  return r.integer;
}

// Appends the seats as decimals, leaving out any that cannot be a seat index.
void append_seats(std::vector<std::string>& args, const std::vector<int>& seats) {
  for (int s : seats) {
    if (s >= 0) args.push_back(std::to_string(s));
  }
}

// SET lock token NX PX ms: takes the lock unless someone holds it. (Built outside the coroutine:
// g++ 12 rejects this braced list inside one.)
std::vector<std::string> take_lock_command(const std::string& lock, const std::string& token, int ms) {
  return {"SET", lock, token, "NX", "PX", std::to_string(ms)};
}

// The answer of a script that changes one hold or some seats: 1 done; 0 no such hold; -1 the
// event is not open.
core::Status status_of(const core::Result<RedisReply>& reply) {
  if (!reply) return reply.error();
  auto n = integer_of(*reply);
  if (!n) return n.error();
  if (*n == -1) return event_not_open();
  if (*n == 0) return hold_not_found();
  return core::Ok{};
}

core::Error unknown_seat(std::int64_t seat) {
  return core::invalid("unknown_seat", "Seat index " + std::to_string(seat) + " is not in this venue");
}

// The hold script's answer: {1} held; {0, taken...}; {2, seats the user has}; {-1} not open;
// {-2, seat} no such seat; {-3} the id exists.
core::Result<HoldOutcome> hold_outcome_of(const RedisReply& reply) {
  if (reply.kind != Kind::kArray || reply.elements.empty()) return unexpected(reply);
  const auto& e = reply.elements;
  HoldOutcome out;
  switch (e[0].integer) {
    case 1: out.verdict = HoldVerdict::kHeld; return out;
    case 0:
      out.verdict = HoldVerdict::kTaken;
      for (std::size_t i = 1; i < e.size(); ++i) out.unavailable.push_back(static_cast<int>(e[i].integer));
      return out;
    case 2:
      out.verdict = HoldVerdict::kOverLimit;
      out.user_seats = e.size() > 1 ? static_cast<int>(e[1].integer) : 0;
      return out;
    case -1: return event_not_open();
    case -2: return unknown_seat(e.size() > 1 ? e[1].integer : -1);
    case -3: return core::conflict("hold_exists", "A hold with this id exists already");
    default: return unexpected(reply);
  }
}

// "user|seat,seat" -> user and seats.
std::optional<ExpiredHold> parse_hold_record(std::int64_t event_id, std::string id, std::string_view rec) {
  const auto bar = rec.find('|');
  if (bar == std::string_view::npos) return std::nullopt;
  const auto user = to_int(rec.substr(0, bar));
  if (!user) return std::nullopt;
  ExpiredHold out{event_id, std::move(id), *user, {}};
  std::string_view rest = rec.substr(bar + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (const auto seat = to_int(rest.substr(0, comma))) out.seats.push_back(static_cast<int>(*seat));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

RedisInventory::RedisInventory(redis::RedisAddress address, RedisInventoryOptions options)
    : address_(std::move(address)),
      options_(options),
      connection_(std::make_unique<redis::RedisConnection>(address_.host, address_.port, address_.db)) {
  const std::string drop = lua::kDropHold;
  const auto script = [&](Script s, std::string source) { scripts_[s] = std::make_unique<redis::RedisScript>(std::move(source)); };
  script(kOpen, lua::kOpen);
  script(kHold, lua::kHold);
  script(kExtend, lua::kExtend);
  script(kRelease, drop + lua::kRelease);
  script(kSell, drop + lua::kSell);
  script(kUnsell, lua::kUnsell);
  script(kTransfer, lua::kTransfer);
  script(kTakeExpired, drop + lua::kTakeExpired);
  script(kAvailability, lua::kAvailability);
  script(kCounts, lua::kCounts);
  script(kClose, lua::kClose);
  script(kUnlock, lua::kUnlock);
  script(kConfirmExpired, lua::kConfirmExpired);
}

RedisInventory::~RedisInventory() = default;

bool RedisInventory::wait_connected(int ms) { return connection_->wait_connected(ms); }

std::vector<std::string> RedisInventory::event_keys(std::int64_t event_id) const {
  const std::string base = address_.prefix + "{e" + std::to_string(event_id) + "}:";
  return {base + "seats", base + "holder", base + "holds", base + "expiry", base + "users", base + "meta", base + "owed",
          base + "taken", base + "retake"};
}

// The events whose holds take_expired sweeps. Not hash-tagged: it is read and written by plain
// commands, never inside a script, so it may live on another shard than the events.
std::string RedisInventory::events_key() const { return address_.prefix + "events"; }

std::string RedisInventory::rebuild_lock_key(std::int64_t event_id) const { return event_keys(event_id)[5] + ":rebuild"; }

Task<core::Result<RedisReply>> RedisInventory::send(std::vector<std::string> command) {
  co_return inventory_error(co_await connection_->command(std::move(command)));
}

Task<core::Result<RedisReply>> RedisInventory::run(Script script, std::vector<std::string> keys,
                                                   std::vector<std::string> args) {
  co_return inventory_error(co_await scripts_[script]->run(*connection_, std::move(keys), std::move(args)));
}

Task<core::Result<bool>> RedisInventory::is_open(std::int64_t event_id) {
  std::vector<std::string> exists{"EXISTS", event_keys(event_id)[0]};
  auto reply = co_await send(std::move(exists));
  if (!reply) co_return reply.error();
  auto n = integer_of(*reply);
  if (!n) co_return n.error();
  co_return *n == 1;
}

Task<core::Status> RedisInventory::open_event(std::int64_t event_id, SnapshotLoader load) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.rebuild_wait_ms);
  while (true) {
    auto open = co_await is_open(event_id);
    if (!open) co_return open.error();
    if (*open) co_return co_await list_for_expiry(event_id);
    // One instance rebuilds; the others wait for it.
    std::string lock = rebuild_lock_key(event_id);
    std::string token = core::new_uuid();
    auto taken = co_await send(take_lock_command(lock, token, options_.rebuild_lock_ms));
    if (!taken) co_return taken.error();
    if (taken->kind == Kind::kStatus) {  // OK: ours
      auto built = co_await rebuild(event_id, load);
      auto unlocked = co_await run(kUnlock, std::vector<std::string>(1, lock), std::vector<std::string>(1, token));
      if (!built) co_return built;
      if (!unlocked) co_return unlocked.error();
      co_return core::Ok{};
    }
    if (std::chrono::steady_clock::now() >= give_up) {
      co_return still_rebuilding();
    }
    co_await sleep_for(std::chrono::milliseconds(20));
  }
}

Task<core::Status> RedisInventory::rebuild(std::int64_t event_id, const SnapshotLoader& load) {
  auto snapshot = co_await load();
  if (!snapshot) co_return snapshot.error();
  std::vector<std::string> args{std::to_string(snapshot->seat_count), std::to_string(first_version()),
                                std::to_string(snapshot->sold.size())};
  for (const auto& s : snapshot->sold) {
    args.push_back(std::to_string(std::max(s.seat, 0)));
    args.push_back(std::to_string(s.user_id));
  }
  for (const auto& h : snapshot->holds) {
    std::vector<std::string> seats;
    append_seats(seats, h.seats);
    if (seats.size() != h.seats.size()) continue;
    args.insert(args.end(), {h.hold_id, std::to_string(h.user_id), std::to_string(h.expires_at_ms),
                             std::to_string(seats.size())});
    args.insert(args.end(), seats.begin(), seats.end());
  }
  auto opened = co_await run(kOpen, event_keys(event_id), std::move(args));
  if (!opened) co_return opened.error();
  co_return co_await list_for_expiry(event_id);
}

// Adds the event to those take_expired sweeps (again, when found open: the instance that
// rebuilt it may have died between the two steps).
Task<core::Status> RedisInventory::list_for_expiry(std::int64_t event_id) {
  std::vector<std::string> add{"SADD", events_key(), std::to_string(event_id)};
  auto listed = co_await send(std::move(add));
  if (!listed) co_return listed.error();
  co_return core::Ok{};
}

Task<core::Result<HoldOutcome>> RedisInventory::hold(HoldRequest r) {
  for (int s : r.seats) {
    if (s < 0) co_return unknown_seat(s);
  }
  std::vector<std::string> args{r.hold_id, std::to_string(r.user_id), std::to_string(r.expires_at_ms),
                                std::to_string(r.per_user_limit)};
  append_seats(args, r.seats);
  auto reply = co_await run(kHold, event_keys(r.event_id), std::move(args));
  if (!reply) co_return reply.error();
  co_return hold_outcome_of(*reply);
}

Task<core::Status> RedisInventory::extend(std::int64_t event_id, std::string hold_id, std::int64_t expires_at_ms) {
  std::vector<std::string> args{std::move(hold_id), std::to_string(expires_at_ms)};
  co_return status_of(co_await run(kExtend, event_keys(event_id), std::move(args)));
}

Task<core::Status> RedisInventory::release(std::int64_t event_id, std::string hold_id) {
  std::vector<std::string> args{std::move(hold_id)};
  co_return status_of(co_await run(kRelease, event_keys(event_id), std::move(args)));
}

Task<core::Status> RedisInventory::sell(std::int64_t event_id, std::string hold_id, std::int64_t user_id,
                                        std::vector<int> seats) {
  std::vector<std::string> args{std::move(hold_id), std::to_string(user_id)};
  append_seats(args, seats);
  co_return status_of(co_await run(kSell, event_keys(event_id), std::move(args)));
}

Task<core::Status> RedisInventory::unsell(std::int64_t event_id, std::int64_t user_id, std::vector<int> seats) {
  std::vector<std::string> args{std::to_string(user_id)};
  append_seats(args, seats);
  co_return status_of(co_await run(kUnsell, event_keys(event_id), std::move(args)));
}

Task<core::Result<HoldOutcome>> RedisInventory::transfer(std::int64_t event_id, std::int64_t from, std::int64_t to,
                                                         std::vector<int> seats, int per_user_limit) {
  std::vector<std::string> args{std::to_string(from), std::to_string(to), std::to_string(per_user_limit)};
  append_seats(args, seats);
  auto reply = co_await run(kTransfer, event_keys(event_id), std::move(args));
  if (!reply) co_return reply.error();
  co_return hold_outcome_of(*reply);
}

Task<core::Result<std::vector<ExpiredHold>>> RedisInventory::take_expired(std::int64_t now_ms) {
  std::vector<std::string> members{"SMEMBERS", events_key()};
  auto events = co_await send(std::move(members));
  if (!events) co_return events.error();
  if (events->kind != Kind::kArray) co_return unexpected(*events);
  std::vector<ExpiredHold> out;
  for (const auto& member : events->elements) {
    const auto event_id = to_int(member.text);
    if (!event_id) continue;
    std::vector<std::string> args{std::to_string(now_ms), std::to_string(options_.expire_batch),
                                  std::to_string(options_.expiry_lease_ms)};
    auto reply = co_await run(kTakeExpired, event_keys(*event_id), std::move(args));
    if (!reply) co_return reply.error();
    if (reply->kind != Kind::kArray) co_return unexpected(*reply);
    const auto& e = reply->elements;
    for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
      if (auto h = parse_hold_record(*event_id, e[i].text, e[i + 1].text)) out.push_back(std::move(*h));
    }
  }
  co_return out;
}

Task<core::Status> RedisInventory::confirm_expired(std::vector<ExpiredHold> holds) {
  std::map<std::int64_t, std::vector<std::string>> by_event;
  for (auto& h : holds) by_event[h.event_id].push_back(std::move(h.hold_id));
  for (auto& [event_id, ids] : by_event) {
    auto reply = co_await run(kConfirmExpired, event_keys(event_id), std::move(ids));
    if (!reply) co_return reply.error();
  }
  co_return core::Ok{};
}

Task<core::Result<Availability>> RedisInventory::availability(std::int64_t event_id) {
  auto reply = co_await run(kAvailability, event_keys(event_id), {});
  if (!reply) co_return reply.error();
  if (reply->kind != Kind::kArray) co_return unexpected(*reply);
  if (reply->elements.size() < 2) co_return event_not_open();
  const auto version = to_int(reply->elements[1].text);
  if (!version) co_return unexpected(*reply);
  const std::string& bytes = reply->elements[0].text;
  std::vector<SeatState> seats;
  seats.reserve(bytes.size());
  for (char c : bytes) {
    seats.push_back(c == '1' ? SeatState::kHeld : c == '2' ? SeatState::kSold : SeatState::kAvailable);
  }
  co_return Availability{static_cast<std::uint64_t>(*version),
                         std::make_shared<const std::vector<SeatState>>(std::move(seats))};
}

Task<core::Result<SeatCounts>> RedisInventory::counts(std::int64_t event_id) {
  auto reply = co_await run(kCounts, event_keys(event_id), {});
  if (!reply) co_return reply.error();
  if (reply->kind != Kind::kArray) co_return unexpected(*reply);
  const auto& e = reply->elements;
  if (e.size() < 3) co_return event_not_open();
  SeatCounts out;
  out.held = static_cast<int>(e[1].integer);
  out.sold = static_cast<int>(e[2].integer);
  out.available = static_cast<int>(e[0].integer) - out.held - out.sold;
  co_return out;
}

Task<core::Status> RedisInventory::ping() {
  std::vector<std::string> ping{"PING"};
  auto reply = co_await send(std::move(ping));
  if (!reply) co_return reply.error();
  if (reply->kind != Kind::kStatus) co_return unexpected(*reply);
  co_return core::Ok{};
}

Task<core::Status> RedisInventory::close_event(std::int64_t event_id) {
  auto reply = co_await run(kClose, event_keys(event_id), {});
  if (!reply) co_return reply.error();
  std::vector<std::string> remove{"SREM", events_key(), std::to_string(event_id)};
  auto unlisted = co_await send(std::move(remove));
  if (!unlisted) co_return unlisted.error();
  co_return core::Ok{};
}

}  // namespace tw::inventory
