#pragma once
// The services of one server, built from the config in dependency order. Construction does no
// I/O; prepare() reads what start-up must know before the first
// request (seats of live holds, open payments, ticket keys, waiting rooms).
#include <memory>

#include "app/config.h"
#include "app/event_stream.h"
#include "app/startup.h"
#include "async/worker_pool.h"
#include "auth/password_hasher.h"
#include "auth/redis_attempt_records.h"
#include "auth/redis_session_revocations.h"
#include "inventory/inventory.h"
#include "payments/payment_gateway.h"
#include "services/accounts.h"
#include "services/booking.h"
#include "services/box_office.h"
#include "services/catalog.h"
#include "services/check_in.h"
#include "services/checkout.h"
#include "services/demo_data.h"
#include "services/payments.h"
#include "services/show_cancellations.h"
#include "services/seat_blocks.h"
#include "services/seat_feed.h"
#include "services/seat_keeper.h"
#include "services/ticket_desk.h"
#include "services/ticket_offers.h"
#include "services/personal_data.h"
#include "services/ticket_keys.h"
#include "services/wallet_passes.h"
#include "services/waiting_room.h"

namespace boost::asio {
class io_context;
}

namespace tw::app {

struct Application {
  Application(const Config& config, Base& base, inventory::Inventory& inventory, payments::PaymentGateway& gateway);

  core::Status prepare();
  // The timers of a running server: hold expiry, the waiting rooms' doorman, payment
  // reconciliation; and the event stream's consumers.
  void start(boost::asio::io_context& loop);
  // Runs what the background pools still have queued; call once the server's loop has stopped.
  void join_pools();

  const Config& config;
  const core::Clock& clock;
  auth::PasswordHasher hasher;
  services::Catalog catalog;
  std::unique_ptr<auth::RedisAttemptRecords> sign_in_attempts;  // cluster mode only, as below
  std::unique_ptr<auth::RedisSessionRevocations> revocations;
  std::unique_ptr<mail::MailTransport> account_mail;  // password reset links and notices
  services::Accounts accounts;
  services::SeatKeeper seat_keeper;
  services::SeatBlocks seat_blocks;
  services::AccessCodes access_codes;
  services::Booking booking;
  services::Payments payments;
  services::ShowCancellations show_cancellations;
  services::Checkout checkout;
  services::BoxOffice box_office;
  services::SeatFeed seat_feed;
  services::TicketKeys ticket_keys;
  // Ticket images (receipts draw one per ticket sold) on a thread of their own: during a sale they
  // take at most one core and never hold the database's workers, whose reads the sale waits on.
  // At the lowest priority: receipts can wait a few seconds, fans' requests should not. In the
  // arena sale the receipts' images took a core; at nice 19 they give it up whenever a thread
  // answering fans can run (the sale's time did not measurably change: they mostly use the time
  // the cores would be idle).
  WorkerPool render_pool{1, "tw-images", WorkerPool::Priority::kBackground};
  services::TicketDesk ticket_desk;
  services::TicketOffers ticket_offers;
  services::PersonalData personal_data;
  services::WalletPasses wallet_passes;
  services::CheckIn check_in;
  services::DemoData demo_data;
  EventStream stream;
  std::unique_ptr<queue::QueueLine> queue_line;
  services::WaitingRoom waiting_room;
};

}  // namespace tw::app
