#pragma once
// The event stream's consumers (docs/events.md), built from the config. The helpers below are
// shared with the events commands.
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "async/worker_pool.h"
#include "events/audit_trail.h"
#include "events/dispatcher.h"
#include "events/outbox_event_log.h"
#include "events/sales_figures.h"
#include "events/stream_event_log.h"
#include "events/stream_relay.h"
#include "mail/mail_transport.h"
#include "redis/redis_address.h"
#include "redis/redis_connection.h"
#include "services/receipts.h"
#include "store/stores.h"
#include "webhooks/curl_webhook_client.h"
#include "webhooks/webhook_sender.h"
#include "webhooks/webhooks.h"

namespace boost::asio {
class io_context;
}
namespace tw::services {
class Catalog;
class TicketDesk;
}  // namespace tw::services

namespace tw::app {

// Where email goes: the SMTP server named, else .eml files in the data directory.
std::unique_ptr<mail::MailTransport> open_mail(const Config& config, WorkerPool& pool);

// This server's name among a cluster's: on the relay's lease and in the streams' consumer groups.
std::string server_name();

// The Redis the event streams live in: the inventory's (only asked for in cluster mode); null
// otherwise. Fills `address`.
std::unique_ptr<redis::RedisConnection> open_stream_redis(const Config& config, redis::RedisAddress& address);

// The event stream's consumers (docs/events.md) and what they need: the log and its
// dispatcher, the receipts' mail transport, the webhooks' client, admin side and sender; in
// cluster mode also the relay that copies the outbox into Redis streams, which the consumers
// then read. Members are built in order; start() sets them going on the server's loop.
struct EventStream {
  // Every consumer a server runs, by name (events replay checks against these).
  static constexpr std::array<std::string_view, 4> kConsumerNames{"audit", "sales", "webhooks", "receipts"};
  static std::vector<std::string> consumer_names() { return {kConsumerNames.begin(), kConsumerNames.end()}; }

  EventStream(const Config& config, store::Stores& stores, const core::Clock& clock, WorkerPool& pool,
              services::Catalog& catalog, services::TicketDesk& tickets);

  // Servers started with --consumers false leave the log to the others (the API still reads
  // what the consumers keep). In cluster mode every server that runs consumers also offers to
  // relay; the lease lets one do it.
  void start(boost::asio::io_context& loop, bool consumers);

  redis::RedisAddress redis_address;
  std::unique_ptr<redis::RedisConnection> redis;  // cluster mode only, as the two below
  events::OutboxEventLog outbox_log;
  std::unique_ptr<events::StreamEventLog> stream_log;
  events::Dispatcher dispatcher;
  std::unique_ptr<events::StreamRelay> relay;
  events::Dispatcher relay_dispatcher;  // feeds the relay the outbox
  events::AuditTrail audit;
  events::SalesFigures sales;
  webhooks::WebhookFanout fanout;
  std::unique_ptr<mail::MailTransport> mail;
  services::Receipts receipts;
  // Webhook POSTs wait on receivers: a pool of their own, so they never hold the database's.
  WorkerPool webhook_pool{4, "tw-webhooks"};
  webhooks::CurlWebhookClient webhook_client;
  webhooks::Webhooks webhooks;
  webhooks::WebhookSender sender;
};

}  // namespace tw::app
