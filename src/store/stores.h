#pragma once
// Stores: one adapter's implementation of every store port, as the composition root wires them.
#include <memory>

#include "store/access_code_store.h"
#include "store/account_store.h"
#include "store/audit_store.h"
#include "store/dead_letter_store.h"
#include "store/booking_store.h"
#include "store/database.h"
#include "store/event_store.h"
#include "store/outbox_store.h"
#include "store/queue_store.h"
#include "store/sales_store.h"
#include "store/seat_block_store.h"
#include "store/ticket_store.h"
#include "store/webhook_store.h"

namespace tw::store {

struct Stores {
  std::unique_ptr<Database> database;  // declared first, so destroyed after the ports that use it
  std::unique_ptr<EventStore> events;
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<BookingStore> booking;
  std::unique_ptr<TicketStore> tickets;
  std::unique_ptr<OutboxStore> outbox;
  std::unique_ptr<AuditStore> audit;
  std::unique_ptr<SalesStore> sales;
  std::unique_ptr<WebhookStore> webhooks;
  std::unique_ptr<DeadLetterStore> dead_letters;
  std::unique_ptr<QueueStore> queues;
  std::unique_ptr<SeatBlockStore> blocks;
  std::unique_ptr<AccessCodeStore> codes;
};

}  // namespace tw::store
