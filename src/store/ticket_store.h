#pragma once
// TicketStore: issued tickets as their holders and the gates see them, the keys that sign their
// codes, check-in and transfer (conventions in database.h). Selling and cancelling tickets is
// money, and lives in BookingStore.
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // The user's tickets and those they gave away (status kTransferred), newest first.
  virtual Task<core::Result<std::vector<TicketRecord>>> tickets_of(std::int64_t user_id) = 0;
  // Every ticket of an event, in seat order, whatever its status.
  virtual Task<core::Result<std::vector<TicketRecord>>> tickets_of_event(std::int64_t event_id) = 0;
  virtual Task<core::Result<std::optional<TicketRecord>>> find_ticket(std::string id) = 0;
  // Tickets with their holders, for admins (see SoldTicketQuery).
  virtual Task<core::Result<std::vector<SoldTicket>>> find_sold_tickets(SoldTicketQuery query) = 0;
  // Marks a confirmed ticket whose current code has this issue time as used, with its outbox
  // messages. kConflict "not_checked_in" when it is not (used, cancelled, transferred): exactly
  // one of two simultaneous scans succeeds.
  virtual Task<core::Status> check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) = 0;
  // Offline scans, first one wins: moves a used ticket's check-in to this earlier scan.
  virtual Task<core::Result<bool>> record_earlier_check_in(CheckInRecord scan) = 0;
  // Gives a confirmed ticket of `from_user` to `to_user` with a new code issue time.
  // kConflict "not_transferable" otherwise.
  virtual Task<core::Status> transfer_ticket(TransferRecord transfer, std::vector<OutboxMessage> messages) = 0;

  virtual Task<core::Result<std::vector<TicketKeyRecord>>> ticket_keys() = 0;
  virtual Task<core::Status> add_ticket_key(TicketKeyRecord key) = 0;
};

}  // namespace tw::store
