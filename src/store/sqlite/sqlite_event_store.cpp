// EventStore on SQLite: events, layouts and the seats table.
#include "core/seat_map.h"
#include "store/refusals.h"
#include "store/sqlite/sqlite_database.h"
#include "store/sqlite/sqlite_ports.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/sqlite/sqlite_rows.h"

namespace tw::store::sqlite {
using core::Result;

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
  if (!st.is_null(21)) e.cancelled_at = st.int64(21);
  e.cancel_reason = st.text(22);
  e.currency = st.text(23);
  if (!st.is_null(24)) e.presale_at = core::ZonedTime{st.int64(24), static_cast<int>(st.int64(25))};
  return e;
}

EventListing read_listing(const Statement& st) {
  return EventListing{read_event(st), st.int64(17), static_cast<int>(st.int64(20))};
}

// Binds the 15 draft columns in the order kInsertEvent and kUpdateEvent share, from `i`.
void bind_draft(Statement& st, const core::EventDraft& d, int i) {
  st.bind(i, d.slug).bind(i + 1, d.name).bind(i + 2, d.artist).bind(i + 3, d.venue)
      .bind(i + 4, core::format_iso8601(d.starts_at)).bind(i + 5, d.starts_at.utc_seconds)
      .bind(i + 6, d.starts_at.offset_minutes).bind(i + 7, d.description).bind(i + 8, d.image).bind(i + 9, d.color)
      .bind(i + 10, when(d.on_sale_at.has_value(), d.on_sale_at ? d.on_sale_at->utc_seconds : 0))
      .bind(i + 11, when(d.on_sale_at.has_value(), d.on_sale_at ? d.on_sale_at->offset_minutes : 0))
      .bind(i + 12, d.active ? 1 : 0).bind(i + 13, d.ticket_limit).bind(i + 14, d.hold_seconds);
}

// The presale's opening (two columns, NULL when there is none), from `i`.
void bind_presale(Statement& st, const core::EventDraft& d, int i) {
  st.bind(i, when(d.presale_at.has_value(), d.presale_at ? d.presale_at->utc_seconds : 0))
      .bind(i + 1, when(d.presale_at.has_value(), d.presale_at ? d.presale_at->offset_minutes : 0));
}

bool seats_taken(Connection& c, std::int64_t event_id) {
  auto taken = c.prepare(sql::kSeatsTaken);
  taken.bind(1, event_id).step();
  return taken.int64(0) > 0;
}

// A new currency only while no seat of the event is held or sold: their prices are amounts of
// the old one.
core::Status currency_kept(Connection& c, std::int64_t event_id, const std::string& currency) {
  auto st = c.prepare(sql::kEventCurrency);
  st.bind(1, event_id);
  if (!st.step() || st.text(0) == currency) return core::Ok{};
  if (seats_taken(c, event_id)) return currency_locked();
  return core::Ok{};
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

std::optional<EventListing> find_listing(Connection& c, const char* query, auto key) {
  auto st = c.prepare(query);
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return read_listing(st);
}

class SqliteEventStore final : public EventStore {
 public:
  explicit SqliteEventStore(SqliteDatabase& db) : db_(db) {}

  Task<Result<EventPage>> list_events(EventQuery q) override {
    return db_.read([q = std::move(q)](Connection& c) -> Result<EventPage> {
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

  Task<Result<std::optional<EventListing>>> find_event(std::string slug) override {
    return db_.read([slug = std::move(slug)](Connection& c) -> Result<std::optional<EventListing>> {
      return find_listing(c, sql::kFindEventBySlug, std::string_view(slug));
    });
  }

  Task<Result<std::optional<EventListing>>> find_event_by_id(std::int64_t id) override {
    return db_.read([id](Connection& c) -> Result<std::optional<EventListing>> {
      return find_listing(c, sql::kFindEventById, id);
    });
  }

  Task<Result<std::optional<core::Layout>>> find_layout(std::int64_t layout_id) override {
    return db_.read([layout_id](Connection& c) -> Result<std::optional<core::Layout>> {
      auto st = c.prepare(sql::kFindLayout);
      st.bind(1, layout_id);
      if (!st.step()) return std::optional<core::Layout>();
      auto layout = core::parse_layout_json(st.text(0));
      if (!layout) return core::internal("stored layout " + std::to_string(layout_id) + " is unreadable");
      return std::optional<core::Layout>(std::move(layout).value());
    });
  }

  Task<Result<core::Event>> create_event(core::EventDraft draft, core::Layout layout, Announce announce) override {
    const auto now = db_.clock().now_seconds();
    const auto now_ms = db_.clock().now_ms();
    return db_.write([d = std::move(draft), layout = std::move(layout), announce = std::move(announce), now,
                      now_ms](Connection& c) -> Result<core::Event> {
      auto map = core::SeatMap::build(layout);
      if (!map) return std::move(map).take_error();
      Transaction tx(c);
      const auto layout_id = insert_layout(c, layout, *map, now);
      try {
        auto st = c.prepare(sql::kInsertEvent);
        bind_draft(st, d, 1);
        st.bind(16, layout_id).bind(17, map->seat_count()).bind(18, map->min_price()).bind(19, now).bind(20, now)
            .bind(21, d.currency);
        bind_presale(st, d, 22);
        st.run();
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
      if (announce) write_outbox(c, announce(event.id), now_ms);
      tx.commit();
      return event;
    });
  }

  Task<Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft draft,
                                                        std::optional<core::Layout> layout,
                                                        std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_seconds();
    const auto now_ms = db_.clock().now_ms();
    return db_.write([id, d = std::move(draft), layout = std::move(layout), messages = std::move(messages), now,
                      now_ms](Connection& c) -> Result<std::optional<core::Event>> {
      Transaction tx(c);
      if (auto st = currency_kept(c, id, d.currency); !st) return st.error();
      {
        auto st = c.prepare(sql::kUpdateEvent);
        st.bind(1, id);
        bind_draft(st, d, 2);
        st.bind(17, now).bind(18, d.currency);
        bind_presale(st, d, 19);
        try {
          st.run();
        } catch (const SqliteError& e) {
          if (e.is_unique_violation()) return slug_taken(d.slug);
          throw;
        }
      }
      if (c.changes() == 0) return std::optional<core::Event>();
      if (layout) {
        if (seats_taken(c, id)) {
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
      write_outbox(c, messages, now_ms);
      tx.commit();
      return std::optional<core::Event>(std::move(event));
    });
  }

  Task<Result<std::optional<core::Event>>> reprice_event(std::int64_t id, std::int64_t from_layout_id,
                                                         core::Layout layout,
                                                         std::vector<OutboxMessage> messages) override {
    const auto now = db_.clock().now_seconds();
    const auto now_ms = db_.clock().now_ms();
    return db_.write([id, from_layout_id, layout = std::move(layout), messages = std::move(messages), now,
                      now_ms](Connection& c) -> Result<std::optional<core::Event>> {
      Transaction tx(c);
      auto map = core::SeatMap::build(layout);
      if (!map) return std::move(map).take_error();
      const auto layout_id = insert_layout(c, layout, *map, now);
      c.prepare(sql::kRepriceEventLayout).bind(1, id).bind(2, layout_id).bind(3, map->seat_count())
          .bind(4, map->min_price()).bind(5, from_layout_id).run();
      if (c.changes() == 0) {
        auto exists = c.prepare(sql::kFindEventById);
        exists.bind(1, id);
        if (exists.step()) return store::prices_changed_meanwhile();
        return std::optional<core::Event>();
      }
      for (const auto& section : map->sections()) {
        for (const auto& row : section.rows) {
          c.prepare(sql::kRepriceSeats).bind(1, id).bind(2, row.first_index).bind(3, row.first_index + row.seats)
              .bind(4, row.price).run();
        }
      }
      auto st = c.prepare(sql::kFindEventById);
      st.bind(1, id).step();
      auto event = read_event(st);
      write_outbox(c, messages, now_ms);
      tx.commit();
      return std::optional<core::Event>(std::move(event));
    });
  }

  Task<Result<bool>> cancel_event(std::int64_t id, std::string reason, std::vector<OutboxMessage> messages) override {
    const auto now_ms = db_.clock().now_ms();
    return db_.write([id, reason = std::move(reason), messages = std::move(messages), now_ms](Connection& c) -> Result<bool> {
      Transaction tx(c);
      c.prepare(sql::kCancelEvent).bind(1, id).bind(2, now_ms / 1000).bind(3, reason).run();
      if (c.changes() == 0) return false;
      write_outbox(c, messages, now_ms);
      tx.commit();
      return true;
    });
  }

  Task<Result<std::vector<std::int64_t>>> cancellations_in_progress() override {
    return db_.read([](Connection& c) -> Result<std::vector<std::int64_t>> {
      auto st = c.prepare(sql::kCancellationsInProgress);
      std::vector<std::int64_t> out;
      while (st.step()) out.push_back(st.int64(0));
      return out;
    });
  }

  Task<core::Status> finish_cancellation(std::int64_t id) override {
    const auto now = db_.clock().now_seconds();
    return db_.write([id, now](Connection& c) -> core::Status {
      c.prepare(sql::kFinishCancellation).bind(1, id).bind(2, now).run();
      return core::Ok{};
    });
  }

  Task<Result<bool>> deactivate_event(std::int64_t id, std::vector<OutboxMessage> messages) override {
    const auto now_ms = db_.clock().now_ms();
    return db_.write([id, messages = std::move(messages), now_ms](Connection& c) -> Result<bool> {
      Transaction tx(c);
      c.prepare(sql::kDeactivateEvent).bind(1, id).bind(2, now_ms / 1000).run();
      if (c.changes() == 0) return false;
      write_outbox(c, messages, now_ms);
      tx.commit();
      return true;
    });
  }

  Task<Result<int>> count_events() override {
    return db_.read([](Connection& c) -> Result<int> {
      auto st = c.prepare(sql::kCountEvents);
      st.step();
      return static_cast<int>(st.int64(0));
    });
  }

  Task<Result<std::vector<EventStats>>> event_stats() override {
    const auto now_ms = db_.clock().now_ms();
    return db_.read([now_ms](Connection& c) -> Result<std::vector<EventStats>> {
      auto st = c.prepare(sql::kEventStats);
      st.bind(1, now_ms);
      std::vector<EventStats> out;
      while (st.step()) {
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3) != 0, static_cast<int>(st.int64(4)),
                       static_cast<int>(st.int64(5)), static_cast<int>(st.int64(6)), st.int64(7),
                       static_cast<int>(st.int64(8)), st.text(9), std::nullopt});
        if (!st.is_null(10)) out.back().on_sale_at = core::ZonedTime{st.int64(10), static_cast<int>(st.int64(11))};
        out.back().cancelled_at = st.int64(12);
        out.back().currency = st.text(13);
        out.back().blocked_seats = static_cast<int>(st.int64(14));
        if (!st.is_null(15)) out.back().presale_at = core::ZonedTime{st.int64(15), static_cast<int>(st.int64(16))};
      }
      return out;
    });
  }

 private:
  SqliteDatabase& db_;
};

}  // namespace

std::unique_ptr<EventStore> make_sqlite_event_store(SqliteDatabase& db) {
  return std::make_unique<SqliteEventStore>(db);
}

}  // namespace tw::store::sqlite
