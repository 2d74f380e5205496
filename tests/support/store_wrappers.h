#pragma once
// Forwarding wrappers of the store ports (leveldb's EnvWrapper idea): each passes every call to
// a target port; a test derives from one and overrides the single method whose failure it wants
// to inject, keeping real behaviour everywhere else.
#include "store/account_store.h"
#include "store/booking_store.h"
#include "store/event_store.h"
#include "store/ticket_store.h"

namespace tw::testing {
class EventStoreWrapper : public store::EventStore {
 public:
  explicit EventStoreWrapper(store::EventStore& target) : target_(target) {}
  Task<core::Result<core::EventPage>> list_events(core::EventQuery query) override {
    return target_.list_events(std::move(query));
  }
  Task<core::Result<std::optional<core::EventListing>>> find_event(std::string slug) override {
    return target_.find_event(std::move(slug));
  }
  Task<core::Result<std::optional<core::EventListing>>> find_event_by_id(std::int64_t id) override {
    return target_.find_event_by_id(id);
  }
  Task<core::Result<std::optional<core::Layout>>> find_layout(std::int64_t layout_id) override {
    return target_.find_layout(layout_id);
  }
  Task<core::Result<core::Event>> create_event(core::EventDraft draft, core::Layout layout,
                                               Announce announce) override {
    return target_.create_event(std::move(draft), std::move(layout), std::move(announce));
  }
  Task<core::Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft draft,
                                                              std::optional<core::Layout> layout,
                                                              std::vector<store::OutboxMessage> messages) override {
    return target_.update_event(id, std::move(draft), std::move(layout), std::move(messages));
  }
  Task<core::Result<std::optional<core::Event>>> reprice_event(std::int64_t id, std::int64_t from_layout_id,
                                                               core::Layout layout,
                                                               std::vector<store::OutboxMessage> messages) override {
    return target_.reprice_event(id, from_layout_id, std::move(layout), std::move(messages));
  }
  Task<core::Result<bool>> cancel_event(std::int64_t id, std::string reason,
                                        std::vector<store::OutboxMessage> messages) override {
    return target_.cancel_event(id, std::move(reason), std::move(messages));
  }
  Task<core::Result<std::vector<std::int64_t>>> cancellations_in_progress() override {
    return target_.cancellations_in_progress();
  }
  Task<core::Status> finish_cancellation(std::int64_t id) override { return target_.finish_cancellation(id); }
  Task<core::Result<bool>> deactivate_event(std::int64_t id, std::vector<store::OutboxMessage> messages) override {
    return target_.deactivate_event(id, std::move(messages));
  }
  Task<core::Result<int>> count_events() override { return target_.count_events(); }
  Task<core::Result<std::vector<core::EventStats>>> event_stats() override { return target_.event_stats(); }

 protected:
  store::EventStore& target_;
};

class AccountStoreWrapper : public store::AccountStore {
 public:
  explicit AccountStoreWrapper(store::AccountStore& target) : target_(target) {}
  Task<core::Result<core::User>> create_user(core::NewUser user) override {
    return target_.create_user(std::move(user));
  }
  Task<core::Result<std::optional<core::User>>> find_user(std::int64_t id) override {
    return target_.find_user(id);
  }
  Task<core::Result<std::optional<core::User>>> find_user_by_email(std::string email) override {
    return target_.find_user_by_email(std::move(email));
  }
  Task<core::Result<int>> count_admins() override { return target_.count_admins(); }
  Task<core::Result<core::UserPage>> list_users(core::UserQuery query) override {
    return target_.list_users(std::move(query));
  }
  Task<core::Result<std::optional<core::User>>> update_user(std::int64_t id, core::UserChange change,
                                                             std::vector<store::OutboxMessage> messages) override {
    return target_.update_user(id, std::move(change), std::move(messages));
  }
  Task<core::Status> create_session(core::Session session) override {
    return target_.create_session(std::move(session));
  }
  Task<core::Result<std::optional<core::SessionWithUser>>> find_session(std::string token_hash) override {
    return target_.find_session(std::move(token_hash));
  }
  Task<core::Status> touch_session(std::string token_hash, std::int64_t last_seen_at,
                                   std::int64_t expires_at) override {
    return target_.touch_session(std::move(token_hash), last_seen_at, expires_at);
  }
  Task<core::Status> revoke_session(std::string token_hash, std::int64_t at) override {
    return target_.revoke_session(std::move(token_hash), at);
  }
  Task<core::Status> create_password_reset(core::PasswordReset reset) override {
    return target_.create_password_reset(std::move(reset));
  }
  Task<core::Result<core::User>> redeem_password_reset(std::string token_hash, std::string password_hash,
                                                       std::int64_t now) override {
    return target_.redeem_password_reset(std::move(token_hash), std::move(password_hash), now);
  }
  Task<core::Result<std::vector<core::Session>>> live_sessions(std::int64_t user_id, std::int64_t now) override {
    return target_.live_sessions(user_id, now);
  }
  Task<core::Status> revoke_sessions(std::int64_t user_id, std::string keep_session, std::int64_t at) override {
    return target_.revoke_sessions(user_id, std::move(keep_session), at);
  }
  Task<core::Status> create_email_verification(core::EmailVerification verification) override {
    return target_.create_email_verification(std::move(verification));
  }
  Task<core::Result<core::VerifiedEmail>> redeem_email_verification(std::string token_hash,
                                                                   std::int64_t now) override {
    return target_.redeem_email_verification(std::move(token_hash), now);
  }
  Task<core::Result<std::vector<std::pair<std::string, std::string>>>> personal_data(std::int64_t user_id) override {
    return target_.personal_data(user_id);
  }
  Task<core::Status> forget_user(std::int64_t user_id, std::int64_t at) override {
    return target_.forget_user(user_id, at);
  }
  Task<core::Result<std::vector<core::User>>> create_users(std::vector<core::NewUser> users) override {
    return target_.create_users(std::move(users));
  }
  Task<core::Status> create_sessions(std::vector<core::Session> sessions) override {
    return target_.create_sessions(std::move(sessions));
  }

 protected:
  store::AccountStore& target_;
};

class BookingStoreWrapper : public store::BookingStore {
 public:
  explicit BookingStoreWrapper(store::BookingStore& target) : target_(target) {}
  Task<core::Status> insert_hold(core::HoldRecord hold,
                                 std::vector<core::OutboxMessage> messages) override {
    return target_.insert_hold(std::move(hold), std::move(messages));
  }
  Task<core::Status> extend_hold(std::string hold_id, int renewals, std::int64_t expires_at_ms) override {
    return target_.extend_hold(std::move(hold_id), renewals, expires_at_ms);
  }
  Task<core::Status> end_hold(std::string hold_id, core::HoldStatus to,
                              std::vector<core::OutboxMessage> messages) override {
    return target_.end_hold(std::move(hold_id), to, std::move(messages));
  }
  Task<core::Result<std::optional<core::HoldRecord>>> find_hold(std::string id) override {
    return target_.find_hold(std::move(id));
  }
  Task<core::Result<std::vector<core::HoldRecord>>> active_holds() override {
    return target_.active_holds();
  }
  Task<core::Result<std::vector<core::HoldRecord>>> active_holds_of(std::int64_t event_id) override {
    return target_.active_holds_of(event_id);
  }
  Task<core::Result<std::vector<core::HoldRecord>>> active_holds_of_user(std::int64_t user_id,
                                                                          std::int64_t event_id) override {
    return target_.active_holds_of_user(user_id, event_id);
  }
  Task<core::Result<std::vector<core::SoldSeat>>> sold_seats(std::int64_t event_id) override {
    return target_.sold_seats(event_id);
  }
  Task<core::Result<std::vector<core::AccountPerson>>> people_of(std::vector<std::int64_t> user_ids) override {
    return target_.people_of(std::move(user_ids));
  }
  Task<core::Status> insert_payment(core::PaymentRecord payment) override {
    return target_.insert_payment(std::move(payment));
  }
  Task<core::Result<std::optional<core::PaymentRecord>>> find_payment(std::string id) override {
    return target_.find_payment(std::move(id));
  }
  Task<core::Result<std::optional<core::PaymentRecord>>> find_payment_by_key(std::int64_t user_id,
                                                                              std::string key) override {
    return target_.find_payment_by_key(user_id, std::move(key));
  }
  Task<core::Status> move_payment(core::PaymentRecord payment, core::PaymentState from,
                                  std::vector<core::OutboxMessage> messages) override {
    return target_.move_payment(std::move(payment), from, std::move(messages));
  }
  Task<core::Result<std::vector<core::PaymentRecord>>> unsettled_payments(std::int64_t before_ms,
                                                                           int limit) override {
    return target_.unsettled_payments(before_ms, limit);
  }
  Task<core::Status> commit_order(core::OrderRecord order, std::string processor_id,
                                  std::vector<core::OutboxMessage> messages) override {
    return target_.commit_order(std::move(order), std::move(processor_id), std::move(messages));
  }
  Task<core::Result<std::optional<core::OrderRecord>>> find_order(std::string id) override {
    return target_.find_order(std::move(id));
  }
  Task<core::Result<std::optional<core::OrderRecord>>> find_order_by_key(std::int64_t user_id,
                                                                          std::string key) override {
    return target_.find_order_by_key(user_id, std::move(key));
  }
  Task<core::Status> insert_refund(core::RefundRecord refund) override {
    return target_.insert_refund(std::move(refund));
  }
  Task<core::Status> cancel_ticket(std::string ticket_id, core::RefundRecord refund,
                                   std::vector<core::OutboxMessage> messages) override {
    return target_.cancel_ticket(std::move(ticket_id), std::move(refund), std::move(messages));
  }
  Task<core::Status> update_refund(core::RefundRecord refund,
                                   std::vector<core::OutboxMessage> messages) override {
    return target_.update_refund(std::move(refund), std::move(messages));
  }
  Task<core::Result<std::optional<core::RefundRecord>>> find_refund(std::string id) override {
    return target_.find_refund(std::move(id));
  }
  Task<core::Result<std::vector<core::RefundRecord>>> refunds_due(std::int64_t now_ms, int limit) override {
    return target_.refunds_due(now_ms, limit);
  }
  Task<core::Result<std::vector<core::RefundRecord>>> list_refunds(core::RefundQuery query) override {
    return target_.list_refunds(std::move(query));
  }
  Task<core::Status> append_outbox(std::vector<core::OutboxMessage> messages) override {
    return target_.append_outbox(std::move(messages));
  }
  Task<core::Status> reset_tickets() override { return target_.reset_tickets(); }

 protected:
  store::BookingStore& target_;
};

class TicketStoreWrapper : public store::TicketStore {
 public:
  explicit TicketStoreWrapper(store::TicketStore& target) : target_(target) {}
  Task<core::Result<std::vector<core::TicketRecord>>> tickets_of(std::int64_t user_id) override {
    return target_.tickets_of(user_id);
  }
  Task<core::Result<std::vector<core::TicketRecord>>> tickets_of_event(std::int64_t event_id) override {
    return target_.tickets_of_event(event_id);
  }
  Task<core::Result<std::vector<core::SoldTicket>>> find_sold_tickets(core::SoldTicketQuery q) override {
    return target_.find_sold_tickets(std::move(q));
  }
  Task<core::Result<std::optional<core::TicketRecord>>> find_ticket(std::string id) override {
    return target_.find_ticket(std::move(id));
  }
  Task<core::Status> check_in(core::CheckInRecord scan,
                              std::vector<core::OutboxMessage> messages) override {
    return target_.check_in(std::move(scan), std::move(messages));
  }
  Task<core::Result<bool>> record_earlier_check_in(core::CheckInRecord scan) override {
    return target_.record_earlier_check_in(std::move(scan));
  }
  Task<core::Status> transfer_ticket(core::TransferRecord transfer,
                                     std::vector<core::OutboxMessage> messages) override {
    return target_.transfer_ticket(std::move(transfer), std::move(messages));
  }
  Task<core::Status> create_ticket_offer(core::TicketOffer offer) override {
    return target_.create_ticket_offer(std::move(offer));
  }
  Task<core::Result<std::optional<core::TicketOffer>>> find_ticket_offer(std::string token_hash) override {
    return target_.find_ticket_offer(std::move(token_hash));
  }
  Task<core::Result<std::optional<core::TicketOffer>>> open_ticket_offer(std::string ticket_id) override {
    return target_.open_ticket_offer(std::move(ticket_id));
  }
  Task<core::Result<bool>> move_ticket_offer(std::string token_hash, core::OfferState from, core::OfferState to,
                                             std::int64_t claimed_by, std::int64_t closed_at) override {
    return target_.move_ticket_offer(std::move(token_hash), from, to, claimed_by, closed_at);
  }
  Task<core::Result<bool>> register_pass(core::PassRegistration registration) override {
    return target_.register_pass(std::move(registration));
  }
  Task<core::Result<bool>> unregister_pass(std::string device_id, std::string pass_type, std::string serial) override {
    return target_.unregister_pass(std::move(device_id), std::move(pass_type), std::move(serial));
  }
  Task<core::Result<std::vector<std::string>>> registered_serials(std::string device_id,
                                                                 std::string pass_type) override {
    return target_.registered_serials(std::move(device_id), std::move(pass_type));
  }
  Task<core::Result<std::vector<core::TicketRecord>>> tickets_to_cancel(std::int64_t event_id, int limit) override {
    return target_.tickets_to_cancel(event_id, limit);
  }
  Task<core::Result<core::CancellationProgress>> cancellation_progress(std::int64_t event_id) override {
    return target_.cancellation_progress(event_id);
  }
  Task<core::Result<std::vector<std::int64_t>>> people_to_tell(std::int64_t event_id, int limit) override {
    return target_.people_to_tell(event_id, limit);
  }
  Task<core::Result<bool>> record_cancellation_notice(std::int64_t event_id, std::int64_t user_id,
                                                      std::vector<store::OutboxMessage> messages) override {
    return target_.record_cancellation_notice(event_id, user_id, std::move(messages));
  }
  Task<core::Result<std::vector<core::CancelledSeat>>> cancelled_tickets_for(std::int64_t event_id,
                                                                            std::int64_t user_id) override {
    return target_.cancelled_tickets_for(event_id, user_id);
  }
  Task<core::Result<std::vector<core::TicketKeyRecord>>> ticket_keys() override {
    return target_.ticket_keys();
  }
  Task<core::Status> add_ticket_key(core::TicketKeyRecord key) override {
    return target_.add_ticket_key(std::move(key));
  }

 protected:
  store::TicketStore& target_;
};

}  // namespace tw::testing
