#include "app/event_stream.h"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "mail/mail_directory.h"
#include "mail/smtp_transport.h"

namespace tw::app {

std::unique_ptr<mail::MailTransport> open_mail(const Config& config, WorkerPool& pool) {
  if (!config.smtp.empty()) return std::make_unique<mail::SmtpTransport>(config.smtp, pool);
  return std::make_unique<mail::MailDirectory>(config.mail_dir(), pool);
}

std::string server_name() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + "-" + std::to_string(::getpid());
}

std::unique_ptr<redis::RedisConnection> open_stream_redis(const Config& config, redis::RedisAddress& address) {
  if (!config.uses_event_streams()) return nullptr;
  address = *redis::parse_redis_url(config.inventory);  // checked when the config was parsed
  return std::make_unique<redis::RedisConnection>(address.host, address.port, address.db);
}

EventStream::EventStream(const Config& config, store::Stores& stores, const core::Clock& clock, WorkerPool& pool,
                         services::Catalog& catalog, services::TicketDesk& tickets)
    : redis(open_stream_redis(config, redis_address)),
      outbox_log(*stores.outbox, clock),
      stream_log(redis ? std::make_unique<events::StreamEventLog>(
                             *redis, outbox_log,
                             events::StreamEventLogOptions{redis_address.prefix, server_name(),
                                                                   std::chrono::milliseconds(config.stream_claim_ms)})
                       : nullptr),
      dispatcher(stream_log ? static_cast<events::EventLog&>(*stream_log) : outbox_log, clock, {},
                 stores.dead_letters.get()),
      relay(redis ? std::make_unique<events::StreamRelay>(
                        *redis, outbox_log,
                        events::StreamRelayOptions{redis_address.prefix, server_name(), std::chrono::milliseconds(5'000),
                                                   consumer_names()})
                  : nullptr),
      relay_dispatcher(outbox_log, clock),
      audit(*stores.audit),
      sales(*stores.sales),
      fanout(*stores.webhooks, clock),
      mail(open_mail(config, pool)),
      receipts(*stores.booking, *stores.accounts, catalog, tickets, *mail, clock,
               {{"TicketWar", config.mail_from}, config.site_url()}),
      webhook_client(webhook_pool, {config.allow_private_webhooks}),
      webhooks(*stores.webhooks, clock, config.allow_private_webhooks),
      sender(*stores.webhooks, webhook_client, clock,
             {.first_retry = std::chrono::milliseconds(config.webhook_first_retry_ms)}) {
  for (events::Consumer* c : std::initializer_list<events::Consumer*>{&audit, &sales, &fanout, &receipts}) {
    dispatcher.add(*c);
  }
  if (relay) relay_dispatcher.add(*relay);
}

void EventStream::start(boost::asio::io_context& loop, bool consumers) {
  if (!consumers) return;
  for (auto* c : dispatcher.consumers()) boost::asio::co_spawn(loop, dispatcher.run(*c), boost::asio::detached);
  boost::asio::co_spawn(loop, sender.run(), boost::asio::detached);
  if (relay) boost::asio::co_spawn(loop, relay->run(relay_dispatcher), boost::asio::detached);
}

}  // namespace tw::app
