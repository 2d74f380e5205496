#pragma once
// SalesStore: each event's sales per minute, kept up to date by the sales figures consumer
// (events/sales_figures.h) rather than counted from tickets on every read. Conventions in
// database.h.
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class SalesStore {
 public:
  virtual ~SalesStore() = default;
  // In one transaction: adds the changes whose sequence was never applied, in any order, and
  // raises the furthest sequence applied to `through`. Changes offered again (a retry, a replay,
  // a second server) count once.
  virtual Task<core::Status> apply_sales(std::vector<SalesChange> changes, std::int64_t through) = 0;
  // The event's minutes with any sales activity, oldest first.
  virtual Task<core::Result<std::vector<SalesMinute>>> sales_minutes(std::int64_t event_id) = 0;
  // The furthest sequence applied; 0 before any.
  virtual Task<core::Result<std::int64_t>> sales_through() = 0;
};

// The changes summed per (event, minute): what an adapter writes once it has kept the new ones.
std::vector<SalesChange> sum_sales_by_minute(const std::vector<SalesChange>& changes);

}  // namespace tw::store
