#include "store/sales_store.h"

#include <map>
#include <utility>

namespace tw::store {

std::vector<SalesChange> sum_sales_by_minute(const std::vector<SalesChange>& changes) {
  std::map<std::pair<std::int64_t, std::int64_t>, SalesChange> sums;
  for (const auto& c : changes) {
    auto& s = sums[{c.event_id, c.minute_ms}];
    s.sequence = std::max(s.sequence, c.sequence);
    s.event_id = c.event_id;
    s.minute_ms = c.minute_ms;
    s.held += c.held;
    s.released += c.released;
    s.sold += c.sold;
    s.cancelled += c.cancelled;
    s.revenue_cents += c.revenue_cents;
  }
  std::vector<SalesChange> out;
  for (auto& [_, s] : sums) out.push_back(s);
  return out;
}

}  // namespace tw::store
