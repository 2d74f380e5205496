#include "events/sales_figures.h"

#include <algorithm>

namespace tw::events {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;

struct Delta {
  std::int64_t event_id = 0;
  std::int64_t held = 0, released = 0, sold = 0, cancelled = 0, revenue_cents = 0;
};

std::optional<Delta> delta(const SeatLocked& e) { return Delta{e.event_id, 1}; }
std::optional<Delta> delta(const SeatReleased& e) { return Delta{e.event_id, 0, 1}; }
std::optional<Delta> delta(const TicketSold& e) { return Delta{e.event_id, 0, 0, 1, 0, e.total_cents}; }
std::optional<Delta> delta(const TicketCancelled& e) { return Delta{e.event_id, 0, 0, 0, 1, -e.refund_cents}; }
template <class Other>
std::optional<Delta> delta(const Other&) {
  return std::nullopt;
}

}  // namespace

std::optional<core::SalesChange> sales_change(const DecodedEvent& e) {
  const auto d = std::visit([](const auto& event) { return delta(event); }, e.event);
  if (!d) return std::nullopt;
  const auto at = e.logged.created_at_ms;
  return core::SalesChange{e.logged.sequence, d->event_id, at - at % kMinuteMs, d->held,
                            d->released,        d->sold,     d->cancelled,        d->revenue_cents};
}

Task<core::Status> SalesFigures::handle(const std::vector<DecodedEvent>& batch) {
  std::vector<core::SalesChange> changes;
  for (const auto& e : batch) {
    if (auto c = sales_change(e)) changes.push_back(*c);
  }
  co_return co_await store_.apply_sales(std::move(changes), batch.back().logged.sequence);
}

Task<core::Result<SalesReport>> SalesFigures::report(std::int64_t event_id) {
  auto minutes = co_await store_.sales_minutes(event_id);
  if (!minutes) co_return minutes.error();
  auto through = co_await store_.sales_through();
  if (!through) co_return through.error();
  SalesReport r{std::move(minutes).value(), {}, 0, *through};
  for (const auto& m : r.minutes) {
    r.totals.held += m.held;
    r.totals.released += m.released;
    r.totals.sold += m.sold;
    r.totals.cancelled += m.cancelled;
    r.totals.revenue_cents += m.revenue_cents;
  }
  // A hold sold after it ran out was counted released too; never report fewer than none.
  r.held_now = std::max<std::int64_t>(0, r.totals.held - r.totals.released - r.totals.sold);
  co_return r;
}

}  // namespace tw::events
