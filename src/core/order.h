#pragma once
// An order: what one payment bought, with its tickets.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/ticket.h"

namespace tw::core {

enum class OrderStatus { kConfirmed, kRefunded };

struct OrderRecord {
  std::string id;  // UUID
  std::int64_t user_id = 0;
  std::int64_t event_id = 0;
  std::string hold_id;
  std::string idempotency_key;
  Cents subtotal = 0;
  Cents fee = 0;
  Cents total = 0;
  std::string payment_id;  // PaymentRecord::id
  OrderStatus status = OrderStatus::kConfirmed;
  std::int64_t created_at = 0;
  std::vector<TicketRecord> tickets;
};

const char* state_name(OrderStatus s);
std::optional<OrderStatus> parse_order_status(std::string_view s);

}  // namespace tw::core
