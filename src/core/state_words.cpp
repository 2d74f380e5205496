#include <array>
#include <utility>

#include "core/account.h"
#include "core/dead_letter.h"
#include "core/hold.h"
#include "core/order.h"
#include "core/payment.h"
#include "core/ticket.h"
#include "core/webhook.h"

namespace tw::core {
namespace {

// One table per enum: its words, in enumerator order. The API answers with them and the stores
// write them, so a state reads the same in a response, a CSV export and a row.
template <class E, std::size_t N>
const char* name_in(const std::array<const char*, N>& names, E e) {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? names[i] : "unknown";
}

template <class E, std::size_t N>
std::optional<E> parse_in(const std::array<const char*, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<const char*, 3> kRoles{"user", "staff", "admin"};
constexpr std::array<const char*, 4> kHoldStatuses{"active", "released", "expired", "sold"};
constexpr std::array<const char*, 4> kTicketStatuses{"confirmed", "cancelled", "used", "transferred"};
constexpr std::array<const char*, 3> kOfferStates{"open", "claimed", "cancelled"};
constexpr std::array<const char*, 2> kOrderStatuses{"confirmed", "refunded"};
constexpr std::array<const char*, 5> kPaymentStates{"pending", "approved", "declined", "failed", "refunded"};
constexpr std::array<const char*, 3> kRefundStates{"pending", "succeeded", "failed"};
constexpr std::array<const char*, 3> kDeliveryStates{"pending", "delivered", "failed"};
constexpr std::array<const char*, 3> kDeadLetterStates{"open", "resolved", "dismissed"};

}  // namespace

const char* role_name(Role r) { return name_in(kRoles, r); }
std::optional<Role> parse_role(std::string_view s) { return parse_in<Role>(kRoles, s); }

const char* state_name(HoldStatus s) { return name_in(kHoldStatuses, s); }
const char* state_name(TicketStatus s) { return name_in(kTicketStatuses, s); }
const char* state_name(OfferState s) { return name_in(kOfferStates, s); }
const char* state_name(OrderStatus s) { return name_in(kOrderStatuses, s); }
const char* state_name(PaymentState s) { return name_in(kPaymentStates, s); }
const char* state_name(RefundState s) { return name_in(kRefundStates, s); }
const char* state_name(DeliveryState s) { return name_in(kDeliveryStates, s); }
const char* state_name(DeadLetterState s) { return name_in(kDeadLetterStates, s); }

std::optional<HoldStatus> parse_hold_status(std::string_view s) { return parse_in<HoldStatus>(kHoldStatuses, s); }
std::optional<TicketStatus> parse_ticket_status(std::string_view s) {
  return parse_in<TicketStatus>(kTicketStatuses, s);
}
std::optional<OfferState> parse_offer_state(std::string_view s) { return parse_in<OfferState>(kOfferStates, s); }
std::optional<OrderStatus> parse_order_status(std::string_view s) { return parse_in<OrderStatus>(kOrderStatuses, s); }
std::optional<PaymentState> parse_payment_state(std::string_view s) {
  return parse_in<PaymentState>(kPaymentStates, s);
}
std::optional<RefundState> parse_refund_state(std::string_view s) { return parse_in<RefundState>(kRefundStates, s); }
std::optional<DeliveryState> parse_delivery_state(std::string_view s) {
  return parse_in<DeliveryState>(kDeliveryStates, s);
}
std::optional<DeadLetterState> parse_dead_letter_state(std::string_view s) {
  return parse_in<DeadLetterState>(kDeadLetterStates, s);
}

}  // namespace tw::core
