#pragma once
// The store reads and writes the domain's records, which live in src/core (one header per
// aggregate). The using-declarations let the adapters name them unqualified; code above the
// store names them core::. Only the store's own column helpers are declared here.
#include <string>
#include <string_view>
#include <vector>

#include "core/account.h"
#include "core/audit_entry.h"
#include "core/dead_letter.h"
#include "core/event_listing.h"
#include "core/hold.h"
#include "core/order.h"
#include "core/outbox_message.h"
#include "core/payment.h"
#include "core/sales_minute.h"
#include "core/seat_block.h"
#include "core/show_cancellation.h"
#include "core/ticket.h"
#include "core/webhook.h"

namespace tw::store {

using core::Role;
using core::NewUser;
using core::User;
using core::UserQuery;
using core::UserPage;
using core::UserChange;
using core::Session;
using core::SessionWithUser;
using core::PasswordReset;
using core::EmailVerification;
using core::VerifiedEmail;
using core::AccountPerson;
using core::EventCursor;
using core::EventQuery;
using core::EventListing;
using core::EventPage;
using core::EventStats;
using core::CancellationProgress;
using core::CancelledSeat;
using core::HoldStatus;
using core::HoldRecord;
using core::TicketStatus;
using core::TicketRecord;
using core::SoldTicketQuery;
using core::SoldTicket;
using core::CheckInRecord;
using core::TransferRecord;
using core::OfferState;
using core::TicketOffer;
using core::PassRegistration;
using core::TicketKeyRecord;
using core::SoldSeat;
using core::OrderStatus;
using core::OrderRecord;
using core::PaymentState;
using core::RefundState;
using core::PaymentRecord;
using core::RefundRecord;
using core::RefundQuery;
using core::OutboxMessage;
using core::OutboxRow;
using core::AuditEntry;
using core::SeatBlock;
using core::AuditQuery;
using core::SalesChange;
using core::SalesMinute;
using core::WebhookRecord;
using core::DeliveryState;
using core::DeliveryRecord;
using core::DeliveryAttempt;
using core::DeadLetterState;
using core::DeadLetter;
using core::DeadLetterQuery;
using core::role_name;
using core::parse_role;
using core::state_name;
using core::parse_hold_status;
using core::parse_ticket_status;
using core::parse_order_status;
using core::parse_payment_state;
using core::parse_refund_state;
using core::parse_delivery_state;
using core::parse_dead_letter_state;

// A webhook's event types as one column: "a,b,c" and back.
std::string join_types(const std::vector<std::string>& types);
std::vector<std::string> split_types(std::string_view column);

}  // namespace tw::store
