#include "core/pricing.h"

#include <algorithm>
#include <numeric>

namespace tw::core {

// Integer arithmetic throughout: (base × (10 + k) + 5) / 10 rounds half up without floats.
Cents row_price(Cents base, int rows_from_back) { return (base * (10 + rows_from_back) + 5) / 10; }

Cents service_fee(Cents subtotal) { return (subtotal * kServiceFeePercent + 50) / 100; }

OrderPrice price_order(const std::vector<Cents>& prices) {
  OrderPrice p;
  p.subtotal = std::accumulate(prices.begin(), prices.end(), Cents{0});
  p.fee = service_fee(p.subtotal);
  p.total = p.subtotal + p.fee;
  p.seat_fees.assign(prices.size(), 0);
  if (p.subtotal <= 0) return p;
  // Each seat's exact share is price × fee / subtotal: take the whole cents, then hand the cents
  // left over to the seats with the largest fractions.
  std::vector<std::size_t> order(prices.size());
  std::vector<Cents> remainder(prices.size());
  Cents given = 0;
  for (std::size_t i = 0; i < prices.size(); ++i) {
    p.seat_fees[i] = prices[i] * p.fee / p.subtotal;
    remainder[i] = prices[i] * p.fee % p.subtotal;
    given += p.seat_fees[i];
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (std::size_t k = 0; given < p.fee; ++k, ++given) ++p.seat_fees[order[k % order.size()]];
  return p;
}

}  // namespace tw::core
