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

  // Tickets sent to an address with no account (core::TicketOffer). kConflict "transfer_pending"
  // when the ticket already has an open offer.
  virtual Task<core::Status> create_ticket_offer(TicketOffer offer) = 0;
  virtual Task<core::Result<std::optional<TicketOffer>>> find_ticket_offer(std::string token_hash) = 0;
  // The ticket's open offer, if any.
  virtual Task<core::Result<std::optional<TicketOffer>>> open_ticket_offer(std::string ticket_id) = 0;
  // Moves the offer from state `from` to `to` (recording who claimed it and when it closed; 0 for
  // none): false when it was not in `from`, so of two racing moves exactly one happens.
  virtual Task<core::Result<bool>> move_ticket_offer(std::string token_hash, OfferState from, OfferState to,
                                                     std::int64_t claimed_by, std::int64_t closed_at) = 0;

  // Apple Wallet's devices and the passes they hold. register_pass: true when the device did not
  // hold the pass yet (a new push token replaces the old). unregister_pass: true when it did.
  virtual Task<core::Result<bool>> register_pass(PassRegistration registration) = 0;
  virtual Task<core::Result<bool>> unregister_pass(std::string device_id, std::string pass_type, std::string serial) = 0;
  virtual Task<core::Result<std::vector<std::string>>> registered_serials(std::string device_id,
                                                                         std::string pass_type) = 0;

  // A cancelled show (core/show_cancellation.h): its confirmed tickets, up to `limit`; how far its
  // cancellation has come; the payers and holders of its cancelled tickets not told yet.
  virtual Task<core::Result<std::vector<TicketRecord>>> tickets_to_cancel(std::int64_t event_id, int limit) = 0;
  virtual Task<core::Result<CancellationProgress>> cancellation_progress(std::int64_t event_id) = 0;
  virtual Task<core::Result<std::vector<std::int64_t>>> people_to_tell(std::int64_t event_id, int limit) = 0;
  // Records that `user_id` is told, with the outbox messages that tell them; false (nothing
  // written) when they were already.
  virtual Task<core::Result<bool>> record_cancellation_notice(std::int64_t event_id, std::int64_t user_id,
                                                              std::vector<OutboxMessage> messages) = 0;
  // The show's cancelled tickets that `user_id` held or paid for, with their refunds.
  virtual Task<core::Result<std::vector<CancelledSeat>>> cancelled_tickets_for(std::int64_t event_id,
                                                                              std::int64_t user_id) = 0;

  virtual Task<core::Result<std::vector<TicketKeyRecord>>> ticket_keys() = 0;
  virtual Task<core::Status> add_ticket_key(TicketKeyRecord key) = 0;
};

}  // namespace tw::store
