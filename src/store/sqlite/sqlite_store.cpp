#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/group_writer.h"

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <mutex>
#include <vector>

#include "async/worker_pool.h"
#include "core/seat_map.h"
#include "store/migration.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_queries.h"

namespace tw::store {
using core::Error;
using core::Result;
using core::Status;
using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;

namespace {
std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// The one place SQLite failures become Error values.
core::Error sqlite_error(const SqliteError& e) {
  if (e.is_busy()) return core::unavailable("database_busy", e.what());
  return core::internal(e.what());
}
}  // namespace

// Readers borrow one of a fixed set of connections (one per worker, so borrowing never waits).
// Writes go to the GroupWriter's one connection and thread: SQLite allows one writer at a time
// anyway, queueing is far cheaper than SQLite's busy handler (which sleeps and retries), and the
// writes waiting together share one commit.
struct SqliteStore::Impl {
  std::mutex mu;
  std::vector<std::unique_ptr<Connection>> free;  // guarded by mu
  std::unique_ptr<sqlite::GroupWriter> writer;

  std::unique_ptr<Connection> borrow() {
    std::lock_guard lock(mu);
    auto c = std::move(free.back());
    free.pop_back();
    return c;
  }
  void give_back(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mu);
    free.push_back(std::move(c));
  }
};

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, WorkerPool& pool) {
  auto impl = std::make_unique<Impl>();
  try {
    for (std::size_t i = 0; i < pool.size(); ++i) impl->free.push_back(std::make_unique<Connection>(path));
    impl->writer = std::make_unique<sqlite::GroupWriter>(std::make_unique<Connection>(path), &sqlite_error);
  } catch (const SqliteError& e) {
    return core::unavailable("database_unavailable", e.what());
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl), pool));
}

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl, WorkerPool& pool) : impl_(std::move(impl)), pool_(pool) {}
SqliteStore::~SqliteStore() = default;

namespace {
// Calls `f(c)`; SQLite failures become Error values.
template <class F>
auto translate_errors(F& f, Connection& c) -> decltype(f(c)) {
  try {
    return f(c);
  } catch (const SqliteError& e) {
    return sqlite_error(e);
  }
}
}  // namespace

// Runs `f(Connection&) -> Result<T>` on a worker with a borrowed reader connection.
template <class F>
auto SqliteStore::with_connection(F f) {
  return pool_.run([this, f = std::move(f)]() mutable -> decltype(f(std::declval<Connection&>())) {
    auto conn = impl_->borrow();
    struct Return {
      Impl& impl;
      std::unique_ptr<Connection>& c;
      ~Return() { impl.give_back(std::move(c)); }
    } give_back{*impl_, conn};
    return translate_errors(f, *conn);
  });
}

// Runs `f(Connection&) -> Result<T>` on the writer thread, committed with the writes waiting
// alongside it (sqlite/group_writer.h); the result arrives after the commit.
template <class F>
auto SqliteStore::with_writer(F f) {
  return impl_->writer->run(std::move(f));
}

Task<Status> SqliteStore::migrate() {
  return with_writer([](Connection& c) -> Status {
    c.exec(sql::kCreateMigrationsTable);
    std::int64_t current = 0;
    {
      auto st = c.prepare(sql::kCurrentVersion);
      if (st.step()) current = st.int64(0);
    }
    for (const auto& m : sqlite_migrations()) {
      if (m.version <= current) continue;
      sqlite::Transaction tx(c);
      c.exec(m.sql);
      c.prepare(sql::kRecordMigration).bind(1, m.version).bind(2, m.name).bind(3, unix_now()).run();
      tx.commit();
    }
    return core::Ok{};
  });
}

Task<Status> SqliteStore::ping() {
  return with_connection([](Connection& c) -> Status {
    auto st = c.prepare(sql::kPing);
    if (!st.step()) return core::unavailable("database_unavailable", "database did not answer");
    return core::Ok{};
  });
}

namespace {

core::Event read_event(const Statement& st) {
  core::Event e;
  e.id = st.int64(0);
  e.slug = st.text(1);
  e.name = st.text(2);
  e.artist = st.text(3);
  e.venue = st.text(4);
  e.starts_at = {st.int64(5), static_cast<int>(st.int64(6))};
  e.description = st.text(7);
  e.image = st.text(8);
  e.color = st.text(9);
  if (!st.is_null(10)) e.on_sale_at = core::ZonedTime{st.int64(10), static_cast<int>(st.int64(11))};
  e.active = st.int64(12) != 0;
  e.ticket_limit = static_cast<int>(st.int64(13));
  if (!st.is_null(14)) e.hold_seconds = static_cast<int>(st.int64(14));
  e.layout_id = st.int64(15);
  e.total_seats = static_cast<int>(st.int64(16));
  e.created_at = st.int64(18);
  e.updated_at = st.int64(19);
  return e;
}

EventListing read_listing(const Statement& st) {
  return EventListing{read_event(st), st.int64(17), static_cast<int>(st.int64(20))};
}

// LIKE pattern for a substring search, with the wildcards of the text escaped.
std::string like_pattern(const std::string& text) {
  std::string p = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  return p + "%";
}

template <class T>
std::optional<T> when(bool present, T value) {
  return present ? std::optional<T>(std::move(value)) : std::nullopt;
}

}  // namespace

Task<Result<EventPage>> SqliteStore::list_events(EventQuery q) {
  return with_connection([q = std::move(q)](Connection& c) -> Result<EventPage> {
    auto st = c.prepare(sql::kListEvents);
    st.bind(1, q.include_inactive ? 1 : 0)
        .bind(2, when(!q.text.empty(), like_pattern(q.text)))
        .bind(3, when(!q.venue.empty(), q.venue))
        .bind(4, q.from_utc)
        .bind(5, q.to_utc)
        .bind(6, when(q.after.has_value(), q.after ? q.after->starts_utc : 0))
        .bind(7, when(q.after.has_value(), q.after ? q.after->id : 0))
        .bind(8, q.limit + 1)
        .bind(9, q.from_date)
        .bind(10, q.to_date);
    EventPage page;
    while (st.step()) page.events.push_back(read_listing(st));
    if (static_cast<int>(page.events.size()) > q.limit) {
      page.events.pop_back();
      const auto& last = page.events.back().event;
      page.next = EventCursor{last.starts_at.utc_seconds, last.id};
    }
    return page;
  });
}

Task<Result<std::optional<EventListing>>> SqliteStore::find_event(std::string slug) {
  return with_connection([slug = std::move(slug)](Connection& c) -> Result<std::optional<EventListing>> {
    auto st = c.prepare(sql::kFindEventBySlug);
    st.bind(1, slug);
    if (!st.step()) return std::optional<EventListing>();
    return std::optional<EventListing>(read_listing(st));
  });
}

Task<Result<std::optional<core::Layout>>> SqliteStore::find_layout(std::int64_t layout_id) {
  return with_connection([layout_id](Connection& c) -> Result<std::optional<core::Layout>> {
    auto st = c.prepare(sql::kFindLayout);
    st.bind(1, layout_id);
    if (!st.step()) return std::optional<core::Layout>();
    auto layout = core::parse_layout_json(st.text(0));
    if (!layout) return core::internal("stored layout " + std::to_string(layout_id) + " is unreadable");
    return std::optional<core::Layout>(std::move(layout).value());
  });
}

namespace {

// Binds the 15 draft columns in the order kInsertEvent and kUpdateEvent share, from `i`.
void bind_draft(Statement& st, const core::EventDraft& d, int i) {
  st.bind(i, d.slug).bind(i + 1, d.name).bind(i + 2, d.artist).bind(i + 3, d.venue)
      .bind(i + 4, core::format_iso8601(d.starts_at)).bind(i + 5, d.starts_at.utc_seconds)
      .bind(i + 6, d.starts_at.offset_minutes).bind(i + 7, d.description).bind(i + 8, d.image).bind(i + 9, d.color)
      .bind(i + 10, when(d.on_sale_at.has_value(), d.on_sale_at ? d.on_sale_at->utc_seconds : 0))
      .bind(i + 11, when(d.on_sale_at.has_value(), d.on_sale_at ? d.on_sale_at->offset_minutes : 0))
      .bind(i + 12, d.active ? 1 : 0).bind(i + 13, d.ticket_limit).bind(i + 14, d.hold_seconds);
}

core::Error slug_taken(const std::string& slug) {
  return core::conflict("slug_taken", "an event with slug '" + slug + "' exists");
}

void insert_seats(Connection& c, std::int64_t event_id, const core::SeatMap& map) {
  for (int i = 0; i < map.seat_count(); ++i) {
    const auto seat = map.seat(i);
    c.prepare(sql::kInsertSeat)
        .bind(1, event_id)
        .bind(2, i)
        .bind(3, seat.id())
        .bind(4, seat.section->spec.id)
        .bind(5, seat.row->label)
        .bind(6, seat.number)
        .bind(7, seat.section->spec.tier)
        .bind(8, seat.row->price)
        .run();
  }
}

std::int64_t insert_layout(Connection& c, const core::Layout& layout, const core::SeatMap& map, std::int64_t now) {
  c.prepare(sql::kInsertLayout)
      .bind(1, layout.name)
      .bind(2, core::layout_to_json(layout))
      .bind(3, map.seat_count())
      .bind(4, now)
      .run();
  return c.last_insert_id();
}

}  // namespace

Task<Result<core::Event>> SqliteStore::create_event(core::EventDraft draft, core::Layout layout) {
  return with_writer([d = std::move(draft), layout = std::move(layout)](Connection& c) -> Result<core::Event> {
    auto map = core::SeatMap::build(layout);
    if (!map) return std::move(map).take_error();
    const auto now = unix_now();
    sqlite::Transaction tx(c);
    const auto layout_id = insert_layout(c, layout, *map, now);
    try {
      auto st = c.prepare(sql::kInsertEvent);
      bind_draft(st, d, 1);
      st.bind(16, layout_id).bind(17, map->seat_count()).bind(18, map->min_price()).bind(19, now).bind(20, now).run();
    } catch (const SqliteError& e) {
      if (e.is_unique_violation()) return slug_taken(d.slug);
      throw;
    }
    core::Event event;
    static_cast<core::EventDraft&>(event) = d;
    event.id = c.last_insert_id();
    event.layout_id = layout_id;
    event.total_seats = map->seat_count();
    event.created_at = event.updated_at = now;
    insert_seats(c, event.id, *map);
    tx.commit();
    return event;
  });
}

Task<Result<int>> SqliteStore::count_events() {
  return with_connection([](Connection& c) -> Result<int> {
    auto st = c.prepare(sql::kCountEvents);
    st.step();
    return static_cast<int>(st.int64(0));
  });
}

namespace {
User read_user(const Statement& st) {
  return User{st.int64(0),  st.text(1), st.text(2), st.text(3), parse_role(st.text(4)).value_or(Role::kUser),
              st.int64(5) != 0, st.int64(6)};
}
}  // namespace

Task<Result<User>> SqliteStore::create_user(NewUser u) {
  return with_writer([u = std::move(u)](Connection& c) -> Result<User> {
    const auto now = unix_now();
    try {
      c.prepare(sql::kInsertUser)
          .bind(1, u.email).bind(2, u.name).bind(3, u.password_hash).bind(4, role_name(u.role))
          .bind(5, now).bind(6, now)
          .run();
    } catch (const SqliteError& e) {
      if (e.is_unique_violation()) return core::conflict("email_taken", "that email is already registered");
      throw;
    }
    return User{c.last_insert_id(), u.email, u.name, u.password_hash, u.role, false, now};
  });
}

Task<Result<std::optional<User>>> SqliteStore::find_user_by_email(std::string email) {
  return with_connection([email = std::move(email)](Connection& c) -> Result<std::optional<User>> {
    auto st = c.prepare(sql::kFindUserByEmail);
    st.bind(1, email);
    if (!st.step()) return std::optional<User>();
    return std::optional<User>(read_user(st));
  });
}

Task<Result<int>> SqliteStore::count_admins() {
  return with_connection([](Connection& c) -> Result<int> {
    auto st = c.prepare(sql::kCountAdmins);
    st.step();
    return static_cast<int>(st.int64(0));
  });
}

void SqliteStore::close() {
  std::lock_guard lock(impl_->mu);
  impl_->free.clear();
  impl_->writer.reset();  // finishes queued writes first
}

}  // namespace tw::store

namespace tw::store {

Task<Result<std::optional<EventListing>>> SqliteStore::find_event_by_id(std::int64_t id) {
  return with_connection([id](Connection& c) -> Result<std::optional<EventListing>> {
    auto st = c.prepare(sql::kFindEventById);
    st.bind(1, id);
    if (!st.step()) return std::optional<EventListing>();
    return std::optional<EventListing>(read_listing(st));
  });
}

Task<Result<std::optional<core::Event>>> SqliteStore::update_event(std::int64_t id, core::EventDraft draft,
                                                                   std::optional<core::Layout> layout) {
  return with_writer([id, d = std::move(draft),
                          layout = std::move(layout)](Connection& c) -> Result<std::optional<core::Event>> {
    const auto now = unix_now();
    sqlite::Transaction tx(c);
    {
      auto st = c.prepare(sql::kUpdateEvent);
      st.bind(1, id);
      bind_draft(st, d, 2);
      st.bind(17, now);
      try {
        st.run();
      } catch (const SqliteError& e) {
        if (e.is_unique_violation()) return slug_taken(d.slug);
        throw;
      }
    }
    if (c.changes() == 0) return std::optional<core::Event>();
    if (layout) {
      auto taken = c.prepare(sql::kSeatsTaken);
      taken.bind(1, id).step();
      if (taken.int64(0) > 0) {
        return core::conflict("layout_locked", "the layout cannot change once seats are held or sold");
      }
      auto map = core::SeatMap::build(*layout);
      if (!map) return std::move(map).take_error();
      const auto layout_id = insert_layout(c, *layout, *map, now);
      c.prepare(sql::kUpdateEventLayout).bind(1, id).bind(2, layout_id).bind(3, map->seat_count())
          .bind(4, map->min_price()).run();
      c.prepare(sql::kDeleteSeats).bind(1, id).run();
      insert_seats(c, id, *map);
    }
    auto st = c.prepare(sql::kFindEventById);
    st.bind(1, id).step();
    auto event = read_event(st);
    tx.commit();
    return std::optional<core::Event>(std::move(event));
  });
}

Task<Result<bool>> SqliteStore::deactivate_event(std::int64_t id) {
  return with_writer([id](Connection& c) -> Result<bool> {
    c.prepare(sql::kDeactivateEvent).bind(1, id).bind(2, unix_now()).run();
    return c.changes() > 0;
  });
}

Task<Result<std::vector<EventStats>>> SqliteStore::event_stats() {
  return with_connection([](Connection& c) -> Result<std::vector<EventStats>> {
    auto st = c.prepare(sql::kEventStats);
    st.bind(1, unix_now() * 1000);
    std::vector<EventStats> out;
    while (st.step()) {
      out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3) != 0, static_cast<int>(st.int64(4)),
                     static_cast<int>(st.int64(5)), static_cast<int>(st.int64(6)), st.int64(7)});
    }
    return out;
  });
}

Task<Status> SqliteStore::reset_tickets() {
  return with_writer([](Connection& c) -> Status {
    sqlite::Transaction tx(c);
    c.exec(sql::kResetTickets);
    tx.commit();
    return core::Ok{};
  });
}

Task<Result<std::optional<User>>> SqliteStore::find_user(std::int64_t id) {
  return with_connection([id](Connection& c) -> Result<std::optional<User>> {
    auto st = c.prepare(sql::kFindUserById);
    st.bind(1, id);
    if (!st.step()) return std::optional<User>();
    return std::optional<User>(read_user(st));
  });
}

Task<Result<UserPage>> SqliteStore::list_users(UserQuery q) {
  return with_connection([q = std::move(q)](Connection& c) -> Result<UserPage> {
    auto st = c.prepare(sql::kListUsers);
    st.bind(1, when(!q.email_contains.empty(), like_pattern(q.email_contains))).bind(2, q.after_id).bind(3, q.limit + 1);
    UserPage page;
    while (st.step()) page.users.push_back(read_user(st));
    if (static_cast<int>(page.users.size()) > q.limit) {
      page.users.pop_back();
      page.next_after_id = page.users.back().id;
    }
    return page;
  });
}

Task<Result<std::optional<User>>> SqliteStore::update_user(std::int64_t id, UserChange change) {
  return with_writer([id, change](Connection& c) -> Result<std::optional<User>> {
    const auto now = unix_now();
    sqlite::Transaction tx(c);
    c.prepare(sql::kUpdateUser)
        .bind(1, id)
        .bind(2, when(change.role.has_value(), std::string(role_name(change.role.value_or(Role::kUser)))))
        .bind(3, when(change.disabled.has_value(), change.disabled.value_or(false) ? 1 : 0))
        .bind(4, now)
        .run();
    if (c.changes() == 0) return std::optional<User>();
    if (change.disabled.value_or(false)) c.prepare(sql::kRevokeUserSessions).bind(1, id).bind(2, now).run();
    auto st = c.prepare(sql::kFindUserById);
    st.bind(1, id).step();
    auto user = read_user(st);
    tx.commit();
    return std::optional<User>(std::move(user));
  });
}

Task<Status> SqliteStore::create_session(Session s) {
  return with_writer([s = std::move(s)](Connection& c) -> Status {
    c.prepare(sql::kInsertSession)
        .bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.created_at).bind(4, s.last_seen_at)
        .bind(5, s.expires_at).bind(6, s.absolute_expires_at)
        .run();
    return core::Ok{};
  });
}

Task<Result<std::optional<SessionWithUser>>> SqliteStore::find_session(std::string token_hash) {
  return with_connection([h = std::move(token_hash)](Connection& c) -> Result<std::optional<SessionWithUser>> {
    auto st = c.prepare(sql::kFindSession);
    st.bind(1, h);
    if (!st.step()) return std::optional<SessionWithUser>();
    Session s{st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5)};
    User u{st.int64(6), st.text(7), st.text(8), st.text(9), parse_role(st.text(10)).value_or(Role::kUser),
           st.int64(11) != 0, st.int64(12)};
    return std::optional<SessionWithUser>(SessionWithUser{std::move(s), std::move(u)});
  });
}

Task<Status> SqliteStore::touch_session(std::string token_hash, std::int64_t last_seen_at, std::int64_t expires_at) {
  return with_writer([h = std::move(token_hash), last_seen_at, expires_at](Connection& c) -> Status {
    c.prepare(sql::kTouchSession).bind(1, h).bind(2, last_seen_at).bind(3, expires_at).run();
    return core::Ok{};
  });
}

Task<Status> SqliteStore::revoke_session(std::string token_hash, std::int64_t at) {
  return with_writer([h = std::move(token_hash), at](Connection& c) -> Status {
    c.prepare(sql::kRevokeSession).bind(1, h).bind(2, at).run();
    return core::Ok{};
  });
}

}  // namespace tw::store

namespace tw::store {
namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void write_outbox(Connection& c, const std::vector<OutboxMessage>& messages) {
  const auto at = now_ms();
  for (const auto& m : messages) {
    c.prepare(sql::kInsertOutbox).bind(1, m.id).bind(2, m.type).bind(3, m.key).bind(4, m.payload).bind(5, at).run();
  }
}

std::string seat_ids_json(const std::vector<std::string>& ids) {
  boost::json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return boost::json::serialize(a);
}

std::vector<std::string> seat_ids_from_json(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.get_array()) {
    if (e.is_string()) out.emplace_back(e.get_string());
  }
  return out;
}

HoldRecord read_hold(const Statement& st) {
  return HoldRecord{st.text(0), st.int64(1), st.int64(2), seat_ids_from_json(st.text(3)), st.text(4),
                    static_cast<int>(st.int64(5)), st.int64(6), st.int64(7)};
}

TicketRecord read_ticket(const Statement& st) {
  return TicketRecord{st.text(0),  st.text(1),  st.int64(2),  st.int64(3),  static_cast<int>(st.int64(4)),
                      st.text(5),  st.int64(6), st.int64(7),  st.int64(8),  st.text(9),
                      st.int64(10), st.int64(11), st.int64(12), st.text(13)};
}

Result<std::vector<TicketRecord>> select_tickets(Connection& c, const char* query, std::int64_t key) {
  auto st = c.prepare(query);
  st.bind(1, key);
  std::vector<TicketRecord> out;
  while (st.step()) out.push_back(read_ticket(st));
  return out;
}

std::optional<OrderRecord> read_order_with_tickets(Connection& c, Statement& st) {
  if (!st.step()) return std::nullopt;
  OrderRecord o{st.text(0),  st.int64(1), st.int64(2), st.text(3),  st.text(4),   st.int64(5),
                st.int64(6), st.int64(7), st.text(8),  st.text(9), st.int64(10), {}};
  auto t = c.prepare(sql::kTicketsOfOrder);
  t.bind(1, o.id);
  while (t.step()) o.tickets.push_back(read_ticket(t));
  return o;
}

}  // namespace

Task<Status> SqliteStore::save_hold(HoldRecord h, std::vector<OutboxMessage> messages) {
  return with_writer([h = std::move(h), messages = std::move(messages)](Connection& c) -> Status {
    sqlite::Transaction tx(c);
    c.prepare(sql::kUpsertHold)
        .bind(1, h.id).bind(2, h.event_id).bind(3, h.user_id).bind(4, seat_ids_json(h.seat_ids)).bind(5, h.status)
        .bind(6, h.renewals).bind(7, h.created_at_ms).bind(8, h.expires_at_ms)
        .run();
    write_outbox(c, messages);
    tx.commit();
    return core::Ok{};
  });
}

Task<Result<std::optional<HoldRecord>>> SqliteStore::find_hold(std::string id) {
  return with_connection([id = std::move(id)](Connection& c) -> Result<std::optional<HoldRecord>> {
    auto st = c.prepare(sql::kFindHold);
    st.bind(1, id);
    if (!st.step()) return std::optional<HoldRecord>();
    return std::optional<HoldRecord>(read_hold(st));
  });
}

Task<Result<std::vector<HoldRecord>>> SqliteStore::active_holds() {
  return with_connection([](Connection& c) -> Result<std::vector<HoldRecord>> {
    auto st = c.prepare(sql::kActiveHolds);
    std::vector<HoldRecord> out;
    while (st.step()) out.push_back(read_hold(st));
    return out;
  });
}

Task<Result<std::vector<int>>> SqliteStore::sold_seats(std::int64_t event_id) {
  return with_connection([event_id](Connection& c) -> Result<std::vector<int>> {
    auto st = c.prepare(sql::kSoldSeats);
    st.bind(1, event_id);
    std::vector<int> out;
    while (st.step()) out.push_back(static_cast<int>(st.int64(0)));
    return out;
  });
}

Task<Result<int>> SqliteStore::live_tickets_of(std::int64_t event_id, std::int64_t user_id) {
  return with_connection([event_id, user_id](Connection& c) -> Result<int> {
    auto st = c.prepare(sql::kLiveTicketsOf);
    st.bind(1, event_id).bind(2, user_id).step();
    return static_cast<int>(st.int64(0));
  });
}

Task<Status> SqliteStore::commit_order(OrderRecord o, std::vector<OutboxMessage> messages) {
  return with_writer([o = std::move(o), messages = std::move(messages)](Connection& c) -> Status {
    sqlite::Transaction tx(c);
    try {
      c.prepare(sql::kInsertOrder)
          .bind(1, o.id).bind(2, o.user_id).bind(3, o.event_id).bind(4, o.hold_id).bind(5, o.idempotency_key)
          .bind(6, o.subtotal).bind(7, o.fee).bind(8, o.total).bind(9, o.payment_id).bind(10, o.status)
          .bind(11, o.created_at)
          .run();
    } catch (const SqliteError& e) {
      if (e.is_unique_violation()) return core::conflict("duplicate_order", "this idempotency key was used already");
      throw;
    }
    for (const auto& t : o.tickets) {
      try {
        c.prepare(sql::kInsertTicket)
            .bind(1, t.id).bind(2, o.id).bind(3, t.user_id).bind(4, t.event_id).bind(5, t.seat_index)
            .bind(6, t.seat_id).bind(7, t.price).bind(8, t.fee).bind(9, t.total).bind(10, t.status)
            .bind(11, t.purchased_at)
            .run();
      } catch (const SqliteError& e) {
        if (e.is_unique_violation()) return core::conflict("seat_sold", "seat " + t.seat_id + " was sold already");
        throw;
      }
    }
    c.prepare(sql::kMarkHoldSold).bind(1, o.hold_id).run();
    write_outbox(c, messages);
    tx.commit();
    return core::Ok{};
  });
}

Task<Result<std::optional<OrderRecord>>> SqliteStore::find_order(std::string id) {
  return with_connection([id = std::move(id)](Connection& c) -> Result<std::optional<OrderRecord>> {
    auto st = c.prepare(sql::kFindOrder);
    st.bind(1, id);
    return read_order_with_tickets(c, st);
  });
}

Task<Result<std::optional<OrderRecord>>> SqliteStore::find_order_by_key(std::int64_t user_id, std::string key) {
  return with_connection([user_id, key = std::move(key)](Connection& c) -> Result<std::optional<OrderRecord>> {
    auto st = c.prepare(sql::kFindOrderByKey);
    st.bind(1, user_id).bind(2, key);
    return read_order_with_tickets(c, st);
  });
}

Task<Result<std::vector<TicketRecord>>> SqliteStore::tickets_of(std::int64_t user_id) {
  return with_connection([user_id](Connection& c) { return select_tickets(c, sql::kTicketsOfUser, user_id); });
}

Task<Result<std::vector<TicketRecord>>> SqliteStore::tickets_of_event(std::int64_t event_id) {
  return with_connection([event_id](Connection& c) { return select_tickets(c, sql::kTicketsOfEvent, event_id); });
}

Task<Result<std::optional<TicketRecord>>> SqliteStore::find_ticket(std::string id) {
  return with_connection([id = std::move(id)](Connection& c) -> Result<std::optional<TicketRecord>> {
    auto st = c.prepare(sql::kFindTicket);
    st.bind(1, id);
    if (!st.step()) return std::optional<TicketRecord>();
    return std::optional<TicketRecord>(read_ticket(st));
  });
}

Task<Status> SqliteStore::update_with_outbox(std::function<void(Connection&)> update,
                                             std::vector<OutboxMessage> messages, core::Error if_unchanged) {
  return with_writer([update = std::move(update), messages = std::move(messages),
                      if_unchanged = std::move(if_unchanged)](Connection& c) -> Status {
    sqlite::Transaction tx(c);
    update(c);
    if (c.changes() == 0) return if_unchanged;
    write_outbox(c, messages);
    tx.commit();
    return core::Ok{};
  });
}

Task<Status> SqliteStore::cancel_ticket(std::string ticket_id, std::vector<OutboxMessage> messages) {
  return update_with_outbox([id = std::move(ticket_id)](Connection& c) { c.prepare(sql::kCancelTicket).bind(1, id).run(); },
                            std::move(messages),
                            core::conflict("not_cancellable", "Only a confirmed, unused ticket can be cancelled"));
}

Task<Status> SqliteStore::check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) {
  return update_with_outbox(
      [scan = std::move(scan)](Connection& c) {
        c.prepare(sql::kCheckIn).bind(1, scan.ticket_id).bind(2, scan.at_ms).bind(3, scan.gate).bind(4, scan.code_issued_ms).run();
      },
      std::move(messages), core::conflict("not_checked_in", "The ticket is not a valid, unused ticket with this code"));
}

Task<Result<bool>> SqliteStore::record_earlier_check_in(CheckInRecord scan) {
  return with_writer([scan = std::move(scan)](Connection& c) -> Result<bool> {
    c.prepare(sql::kEarlierCheckIn).bind(1, scan.ticket_id).bind(2, scan.at_ms).bind(3, scan.gate).run();
    return c.changes() > 0;
  });
}

Task<Status> SqliteStore::transfer_ticket(TransferRecord t, std::vector<OutboxMessage> messages) {
  return update_with_outbox(
      [t = std::move(t)](Connection& c) {
        c.prepare(sql::kTransferTicket).bind(1, t.ticket_id).bind(2, t.from_user).bind(3, t.to_user).bind(4, t.at_ms).run();
        if (c.changes() == 0) return;
        c.prepare(sql::kInsertTransfer).bind(1, t.ticket_id).bind(2, t.from_user).bind(3, t.to_user).bind(4, t.at_ms).run();
      },
      std::move(messages), core::conflict("not_transferable", "Only your own confirmed, unused ticket can be transferred"));
}

Task<Result<std::vector<TicketKeyRecord>>> SqliteStore::ticket_keys() {
  return with_connection([](Connection& c) -> Result<std::vector<TicketKeyRecord>> {
    auto st = c.prepare(sql::kTicketKeys);
    std::vector<TicketKeyRecord> out;
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3)});
    return out;
  });
}

Task<Status> SqliteStore::add_ticket_key(TicketKeyRecord key) {
  return with_writer([key = std::move(key)](Connection& c) -> Status {
    c.prepare(sql::kInsertTicketKey).bind(1, key.id).bind(2, key.public_key).bind(3, key.secret_key).bind(4, key.created_at_ms).run();
    return core::Ok{};
  });
}

Task<Status> SqliteStore::append_outbox(std::vector<OutboxMessage> messages) {
  return with_writer([messages = std::move(messages)](Connection& c) -> Status {
    sqlite::Transaction tx(c);
    write_outbox(c, messages);
    tx.commit();
    return core::Ok{};
  });
}

Task<Result<std::vector<OutboxRow>>> SqliteStore::outbox_after(std::int64_t sequence, int limit) {
  return with_connection([sequence, limit](Connection& c) -> Result<std::vector<OutboxRow>> {
    auto st = c.prepare(sql::kOutboxAfter);
    st.bind(1, sequence).bind(2, limit);
    std::vector<OutboxRow> out;
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.int64(5)});
    return out;
  });
}

}  // namespace tw::store

namespace tw::store {

Task<Result<std::vector<User>>> SqliteStore::create_users(std::vector<NewUser> users) {
  return with_writer([users = std::move(users)](Connection& c) -> Result<std::vector<User>> {
    const auto now = unix_now();
    std::vector<User> out;
    sqlite::Transaction tx(c);
    for (const auto& u : users) {
      try {
        c.prepare(sql::kInsertUser)
            .bind(1, u.email).bind(2, u.name).bind(3, u.password_hash).bind(4, role_name(u.role))
            .bind(5, now).bind(6, now)
            .run();
      } catch (const SqliteError& e) {
        if (e.is_unique_violation()) return core::conflict("email_taken", u.email + " is already registered");
        throw;
      }
      out.push_back(User{c.last_insert_id(), u.email, u.name, u.password_hash, u.role, false, now});
    }
    tx.commit();
    return out;
  });
}

Task<Status> SqliteStore::create_sessions(std::vector<Session> sessions) {
  return with_writer([sessions = std::move(sessions)](Connection& c) -> Status {
    sqlite::Transaction tx(c);
    for (const auto& s : sessions) {
      c.prepare(sql::kInsertSession)
          .bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.created_at).bind(4, s.last_seen_at)
          .bind(5, s.expires_at).bind(6, s.absolute_expires_at)
          .run();
    }
    tx.commit();
    return core::Ok{};
  });
}

}  // namespace tw::store
