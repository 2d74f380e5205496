// EventStore on PostgreSQL: events, layouts and the seats table.
#include "core/seat_map.h"
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"
#include "store/refusals.h"

namespace tw::store::pg {
using core::Result;

namespace {

core::Event read_event(const PgResult& r, int i) {
  core::Event e;
  e.id = r.int64(i, 0);
  e.slug = r.text(i, 1);
  e.name = r.text(i, 2);
  e.artist = r.text(i, 3);
  e.venue = r.text(i, 4);
  e.starts_at = {r.int64(i, 5), static_cast<int>(r.int64(i, 6))};
  e.description = r.text(i, 7);
  e.image = r.text(i, 8);
  e.color = r.text(i, 9);
  if (!r.is_null(i, 10)) e.on_sale_at = core::ZonedTime{r.int64(i, 10), static_cast<int>(r.int64(i, 11))};
  e.active = r.int64(i, 12) != 0;
  e.ticket_limit = static_cast<int>(r.int64(i, 13));
  if (!r.is_null(i, 14)) e.hold_seconds = static_cast<int>(r.int64(i, 14));
  e.layout_id = r.int64(i, 15);
  e.total_seats = static_cast<int>(r.int64(i, 16));
  e.created_at = r.int64(i, 18);
  e.updated_at = r.int64(i, 19);
  if (!r.is_null(i, 21)) e.cancelled_at = r.int64(i, 21);
  e.cancel_reason = r.text(i, 22);
  e.currency = r.text(i, 23);
  if (!r.is_null(i, 24)) e.presale_at = core::ZonedTime{r.int64(i, 24), static_cast<int>(r.int64(i, 25))};
  return e;
}

EventListing read_listing(const PgResult& r, int i) {
  return EventListing{read_event(r, i), r.int64(i, 17), static_cast<int>(r.int64(i, 20))};
}

// The 15 draft columns in the order kInsertEvent and kUpdateEvent share.
void add_draft(Params& p, const core::EventDraft& d) {
  p.insert(p.end(), {arg(d.slug), arg(d.name), arg(d.artist), arg(d.venue), arg(core::format_iso8601(d.starts_at)),
                     arg(d.starts_at.utc_seconds), arg(d.starts_at.offset_minutes), arg(d.description), arg(d.image),
                     arg(d.color),
                     d.on_sale_at ? arg(d.on_sale_at->utc_seconds) : std::nullopt,
                     d.on_sale_at ? arg(d.on_sale_at->offset_minutes) : std::nullopt, flag(d.active),
                     arg(d.ticket_limit), arg(d.hold_seconds)});
}

// The presale's opening (two columns, NULL when there is none).
void add_presale(Params& p, const core::EventDraft& d) {
  p.push_back(d.presale_at ? arg(d.presale_at->utc_seconds) : std::nullopt);
  p.push_back(d.presale_at ? arg(d.presale_at->offset_minutes) : std::nullopt);
}

core::Error slug_taken(const std::string& slug) {
  return core::conflict("slug_taken", "an event with slug '" + slug + "' exists");
}

std::optional<core::Error> refusal(const PgFailure& f, const std::string& slug) {
  if (f.unique_violation() && f.constraint == "events_slug_key") return slug_taken(slug);
  return translate(f);
}

class PgEventStore final : public EventStore {
 public:
  explicit PgEventStore(PgDatabase& db) : db_(db) {}

  Task<Result<EventPage>> list_events(EventQuery q) override {
    Params args{flag(q.include_inactive),
                q.text.empty() ? std::nullopt : arg(like_pattern(q.text)),
                q.venue.empty() ? std::nullopt : arg(q.venue),
                arg(q.from_utc),
                arg(q.to_utc),
                q.after ? arg(q.after->starts_utc) : std::nullopt,
                q.after ? arg(q.after->id) : std::nullopt,
                arg(q.limit + 1),
                arg(q.from_date),
                arg(q.to_date)};
    auto r = co_await query_once(db_, sql::kListEvents, std::move(args));
    if (!r) co_return r.error();
    EventPage page;
    for (int i = 0; i < r->rows(); ++i) page.events.push_back(read_listing(*r, i));
    if (static_cast<int>(page.events.size()) > q.limit) {
      page.events.pop_back();
      const auto& last = page.events.back().event;
      page.next = EventCursor{last.starts_at.utc_seconds, last.id};
    }
    co_return page;
  }

  Task<Result<std::optional<EventListing>>> find_event(std::string slug) override {
    co_return co_await find_one(sql::kFindEventBySlug, std::move(slug));
  }

  Task<Result<std::optional<EventListing>>> find_event_by_id(std::int64_t id) override {
    co_return co_await find_one(sql::kFindEventById, std::to_string(id));
  }

  Task<Result<std::optional<core::Layout>>> find_layout(std::int64_t layout_id) override {
    Params args{arg(layout_id)};
    auto r = co_await query_once(db_, sql::kFindLayout, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<core::Layout>();
    auto layout = core::parse_layout_json(r->text(0, 0));
    if (!layout) co_return core::internal("stored layout " + std::to_string(layout_id) + " is unreadable");
    co_return std::optional<core::Layout>(std::move(layout).value());
  }

  Task<Result<core::Event>> create_event(core::EventDraft draft, core::Layout layout, Announce announce) override {
    auto map = core::SeatMap::build(layout);
    if (!map) co_return std::move(map).take_error();
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto made = co_await insert_event(*lease, draft, layout, *map);
    if (made && announce) {
      if (auto failed = co_await write_outbox(*lease, announce(made->id), db_.clock().now_ms())) made = translate(*failed);
    }
    co_return co_await lease->finish(std::move(made));
  }

  Task<Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft draft,
                                                        std::optional<core::Layout> layout,
                                                        std::vector<OutboxMessage> messages) override {
    co_return co_await changing(messages, [&](Lease& lease) { return change_event(lease, id, draft, std::move(layout)); });
  }

  Task<Result<std::optional<core::Event>>> reprice_event(std::int64_t id, std::int64_t from_layout_id,
                                                         core::Layout layout,
                                                         std::vector<OutboxMessage> messages) override {
    co_return co_await changing(messages, [&](Lease& lease) { return reprice(lease, id, from_layout_id, layout); });
  }

  Task<Result<bool>> cancel_event(std::int64_t id, std::string reason, std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto cancelled = co_await cancel(*lease, id, std::move(reason), messages);
    co_return co_await lease->finish(std::move(cancelled));
  }

  Task<Result<std::vector<std::int64_t>>> cancellations_in_progress() override {
    Params none;
    auto r = co_await query_once(db_, sql::kCancellationsInProgress, std::move(none));
    if (!r) co_return r.error();
    std::vector<std::int64_t> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(r->int64(i, 0));
    co_return out;
  }

  Task<core::Status> finish_cancellation(std::int64_t id) override {
    Params args{arg(id), arg(db_.clock().now_seconds())};
    auto n = co_await change_once(db_, sql::kFinishCancellation, std::move(args));
    if (!n) co_return n.error();
    co_return core::Ok{};
  }

  Task<Result<bool>> deactivate_event(std::int64_t id, std::vector<OutboxMessage> messages) override {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto done = co_await deactivate(*lease, id, messages);
    co_return co_await lease->finish(std::move(done));
  }

  Task<Result<int>> count_events() override {
    Params none;
    auto r = co_await query_once(db_, sql::kCountEvents, std::move(none));
    if (!r) co_return r.error();
    co_return static_cast<int>(r->int64(0, 0));
  }

  Task<Result<std::vector<EventStats>>> event_stats() override {
    Params args{arg(db_.clock().now_ms())};
    auto r = co_await query_once(db_, sql::kEventStats, std::move(args));
    if (!r) co_return r.error();
    std::vector<EventStats> out;
    for (int i = 0; i < r->rows(); ++i) {
      out.push_back({r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->int64(i, 3) != 0,
                     static_cast<int>(r->int64(i, 4)), static_cast<int>(r->int64(i, 5)),
                     static_cast<int>(r->int64(i, 6)), r->int64(i, 7), static_cast<int>(r->int64(i, 8)),
                     r->text(i, 9), std::nullopt});
      if (!r->is_null(i, 10)) out.back().on_sale_at = core::ZonedTime{r->int64(i, 10), static_cast<int>(r->int64(i, 11))};
      out.back().cancelled_at = r->int64(i, 12);
      out.back().currency = r->text(i, 13);
      out.back().blocked_seats = static_cast<int>(r->int64(i, 14));
      if (!r->is_null(i, 15)) out.back().presale_at = core::ZonedTime{r->int64(i, 15), static_cast<int>(r->int64(i, 16))};
    }
    co_return out;
  }

 private:
  Task<Result<std::optional<EventListing>>> find_one(const char* query, std::string key) {
    Params args{std::move(key)};
    auto r = co_await query_once(db_, query, std::move(args));
    if (!r) co_return r.error();
    if (r->rows() == 0) co_return std::optional<EventListing>();
    co_return std::optional<EventListing>(read_listing(*r, 0));
  }

  // Inside a transaction: the layout row, then its seats for event `event_id`.
  Task<Result<std::int64_t>> insert_layout(Lease& lease, const core::Layout& layout, const core::SeatMap& map,
                                           std::int64_t now) {
    Params args{layout.name, core::layout_to_json(layout), arg(map.seat_count()), arg(now)};
    auto r = co_await lease.query(sql::kInsertLayout, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    co_return r.result.int64(0, 0);
  }

  Task<core::Status> insert_seats(Lease& lease, std::int64_t event_id, const core::SeatMap& map) {
    std::vector<std::int64_t> index, number, price;
    std::vector<std::string> id, section, row, tier;
    for (int i = 0; i < map.seat_count(); ++i) {
      const auto seat = map.seat(i);
      index.push_back(i), id.push_back(seat.id()), section.push_back(seat.section->spec.id);
      row.push_back(seat.row->label), number.push_back(seat.number), tier.push_back(seat.section->spec.tier);
      price.push_back(seat.row->price);
    }
    Params args{arg(event_id),      int_array(index),  text_array(id),  text_array(section),
                text_array(row),    int_array(number), text_array(tier), int_array(price)};
    auto r = co_await lease.query(sql::kInsertSeats, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    co_return core::Ok{};
  }

  Task<Result<core::Event>> insert_event(Lease& lease, const core::EventDraft& d, const core::Layout& layout,
                                         const core::SeatMap& map) {
    const auto now = db_.clock().now_seconds();
    auto layout_id = co_await insert_layout(lease, layout, map, now);
    if (!layout_id) co_return layout_id.error();
    Params args;
    add_draft(args, d);
    args.insert(args.end(), {arg(*layout_id), arg(map.seat_count()), arg(map.min_price()), arg(now), arg(now), d.currency});
    add_presale(args, d);
    auto r = co_await lease.query(sql::kInsertEvent, std::move(args));
    if (!r.ok()) co_return *refusal(*r.failure, d.slug);
    core::Event event;
    static_cast<core::EventDraft&>(event) = d;
    event.id = r.result.int64(0, 0);
    event.layout_id = *layout_id;
    event.total_seats = map.seat_count();
    event.created_at = event.updated_at = now;
    if (auto st = co_await insert_seats(lease, event.id, map); !st) co_return st.error();
    co_return event;
  }

  Task<Result<bool>> deactivate(Lease& lease, std::int64_t id, const std::vector<OutboxMessage>& messages) {
    Params args{arg(id), arg(db_.clock().now_seconds())};
    auto r = co_await lease.query(sql::kDeactivateEvent, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) co_return false;
    if (auto failed = co_await write_outbox(lease, messages, db_.clock().now_ms())) co_return translate(*failed);
    co_return true;
  }

  Task<Result<bool>> cancel(Lease& lease, std::int64_t id, std::string reason,
                           const std::vector<OutboxMessage>& messages) {
    const auto now_ms = db_.clock().now_ms();
    Params args{arg(id), arg(now_ms / 1000), std::move(reason)};
    auto r = co_await lease.query(sql::kCancelEvent, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.changed() == 0) co_return false;
    if (auto failed = co_await write_outbox(lease, messages, now_ms)) co_return translate(*failed);
    co_return true;
  }

  // One transaction: `step` changes an event (none: no such event) and `messages` go to the
  // outbox with the change.
  template <class Step>
  Task<Result<std::optional<core::Event>>> changing(const std::vector<OutboxMessage>& messages, Step step) {
    auto lease = co_await db_.lease();
    if (!lease) co_return lease.error();
    if (auto st = co_await lease->begin(); !st) co_return st.error();
    auto changed = co_await step(*lease);
    if (changed && changed->has_value()) {
      if (auto failed = co_await write_outbox(*lease, messages, db_.clock().now_ms())) changed = translate(*failed);
    }
    co_return co_await lease->finish(std::move(changed));
  }

  // A concurrent change of the same event waits on its row lock, then finds the layout changed.
  Task<Result<std::optional<core::Event>>> reprice(Lease& lease, std::int64_t id, std::int64_t from_layout_id,
                                                   const core::Layout& layout) {
    auto map = core::SeatMap::build(layout);
    if (!map) co_return std::move(map).take_error();
    auto layout_id = co_await insert_layout(lease, layout, *map, db_.clock().now_seconds());
    if (!layout_id) co_return layout_id.error();
    Params relink{arg(id), arg(*layout_id), arg(map->seat_count()), arg(map->min_price()), arg(from_layout_id)};
    auto linked = co_await lease.query(sql::kRepriceEventLayout, std::move(relink));
    if (!linked.ok()) co_return translate(*linked.failure);
    if (linked.result.changed() == 0) {
      Params find{arg(id)};
      auto exists = co_await lease.query(sql::kFindEventById, std::move(find));
      if (!exists.ok()) co_return translate(*exists.failure);
      if (exists.result.rows() > 0) co_return store::prices_changed_meanwhile();
      co_return std::optional<core::Event>();
    }
    std::vector<std::int64_t> firsts, lasts, prices;
    for (const auto& section : map->sections()) {
      for (const auto& row : section.rows) {
        firsts.push_back(row.first_index), lasts.push_back(row.first_index + row.seats), prices.push_back(row.price);
      }
    }
    Params rows{arg(id), int_array(firsts), int_array(lasts), int_array(prices)};
    auto repriced = co_await lease.query(sql::kRepriceSeats, std::move(rows));
    if (!repriced.ok()) co_return translate(*repriced.failure);
    Params find{arg(id)};
    auto found = co_await lease.query(sql::kFindEventById, std::move(find));
    if (!found.ok()) co_return translate(*found.failure);
    co_return std::optional<core::Event>(read_event(found.result, 0));
  }

  Task<Result<bool>> seats_taken(Lease& lease, std::int64_t id) {
    Params args{arg(id)};
    auto taken = co_await lease.query(sql::kSeatsTaken, std::move(args));
    if (!taken.ok()) co_return translate(*taken.failure);
    co_return taken.result.int64(0, 0) > 0;
  }

  // A new currency only while no seat of the event is held or sold: their prices are amounts of
  // the old one.
  Task<core::Status> currency_kept(Lease& lease, std::int64_t id, const std::string& currency) {
    Params args{arg(id)};
    auto r = co_await lease.query(sql::kEventCurrency, std::move(args));
    if (!r.ok()) co_return translate(*r.failure);
    if (r.result.rows() == 0 || r.result.text(0, 0) == currency) co_return core::Ok{};
    auto taken = co_await seats_taken(lease, id);
    if (!taken) co_return taken.error();
    if (*taken) co_return store::currency_locked();
    co_return core::Ok{};
  }

  Task<Result<std::optional<core::Event>>> change_event(Lease& lease, std::int64_t id, const core::EventDraft& d,
                                                        std::optional<core::Layout> layout) {
    const auto now = db_.clock().now_seconds();
    if (auto st = co_await currency_kept(lease, id, d.currency); !st) co_return st.error();
    Params args{arg(id)};
    add_draft(args, d);
    args.insert(args.end(), {arg(now), d.currency});
    add_presale(args, d);
    auto r = co_await lease.query(sql::kUpdateEvent, std::move(args));
    if (!r.ok()) co_return *refusal(*r.failure, d.slug);
    if (r.result.changed() == 0) co_return std::optional<core::Event>();
    if (layout) {
      auto taken = co_await seats_taken(lease, id);
      if (!taken) co_return taken.error();
      if (*taken) {
        co_return core::conflict("layout_locked", "the layout cannot change once seats are held or sold");
      }
      auto map = core::SeatMap::build(*layout);
      if (!map) co_return std::move(map).take_error();
      auto layout_id = co_await insert_layout(lease, *layout, *map, now);
      if (!layout_id) co_return layout_id.error();
      Params relink{arg(id), arg(*layout_id), arg(map->seat_count()), arg(map->min_price())};
      auto linked = co_await lease.query(sql::kUpdateEventLayout, std::move(relink));
      if (!linked.ok()) co_return translate(*linked.failure);
      Params gone{arg(id)};
      auto deleted = co_await lease.query(sql::kDeleteSeats, std::move(gone));
      if (!deleted.ok()) co_return translate(*deleted.failure);
      if (auto st = co_await insert_seats(lease, id, *map); !st) co_return st.error();
    }
    Params find{arg(id)};
    auto found = co_await lease.query(sql::kFindEventById, std::move(find));
    if (!found.ok()) co_return translate(*found.failure);
    co_return std::optional<core::Event>(read_event(found.result, 0));
  }

  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<EventStore> make_pg_event_store(PgDatabase& db) { return std::make_unique<PgEventStore>(db); }

}  // namespace tw::store::pg
