#pragma once
// SalesFigures: the consumer that keeps each event's sales per minute (seats held and let go,
// tickets sold and cancelled, revenue) as the log goes by, so the admin's live chart
// (GET /api/admin/events/{id}/sales) reads a few rows instead of counting tickets. The store
// applies each event once, whatever is offered again.
#include <optional>

#include "events/consumer.h"
#include "store/sales_store.h"

namespace tw::events {

// What `e` changes in its show's sales, in the minute it was logged; none for events that do
// not (payments, refunds, check-ins, transfers: a refund's money is counted with its
// ticket_cancelled).
std::optional<core::SalesChange> sales_change(const DecodedEvent& e);

struct SalesReport {
  std::vector<core::SalesMinute> minutes;  // oldest first
  core::SalesMinute totals;                // minute_ms unused
  std::int64_t held_now = 0;                // seats in holds now: held − released − sold
  std::int64_t through = 0;                 // the last event counted
};

class SalesFigures final : public Consumer {
 public:
  explicit SalesFigures(store::SalesStore& store) : store_(store) {}

  std::string_view name() const override { return "sales"; }
  Task<core::Status> handle(const std::vector<DecodedEvent>& batch) override;

  Task<core::Result<SalesReport>> report(std::int64_t event_id);

 private:
  store::SalesStore& store_;
};

}  // namespace tw::events
