#include "webhooks/webhooks.h"

#include <algorithm>

#include "core/ids.h"
#include "auth/password.h"
#include "core/iso_time.h"
#include "core/utf8.h"
#include "events/event_codec.h"
#include "webhooks/address_policy.h"

namespace tw::webhooks {
namespace {

core::Error invalid(std::string why) { return core::invalid("invalid_webhook", std::move(why)); }

}  // namespace

Webhooks::Webhooks(store::WebhookStore& store, const core::Clock& clock, bool allow_private)
    : store_(store), clock_(clock), allow_private_(allow_private) {}

core::Status Webhooks::check(const core::WebhookRecord& w) const {
  if (auto st = check_webhook_url(w.url); !st) return st;
  const auto host = host_of(w.url);
  // Literal addresses are checked now; names are checked each time they are resolved.
  const bool literal = host.find_first_not_of("0123456789.") == std::string::npos || host.find(':') != std::string::npos;
  if (!allow_private_ && (host == "localhost" || (literal && !is_public_address(host)))) {
    return core::invalid("invalid_webhook_url", "The webhook URL names a private or loopback address, which this "
                                                "server does not deliver to");
  }
  if (w.secret.size() < 16 || w.secret.size() > 200) return invalid("The secret must be 16 to 200 characters long");
  if (!core::is_valid_utf8(w.secret)) return invalid("The secret must be text");
  if (w.types.empty()) return invalid("Choose at least one event type");
  for (const auto& t : w.types) {
    if (!events::known_event_type(t)) return invalid("No event type is called '" + t + "' (see docs/events.md)");
  }
  return core::Ok{};
}

Task<core::Result<core::WebhookRecord>> Webhooks::create(WebhookDraft d) {
  const auto now = clock_.now_ms();
  core::WebhookRecord w{core::new_uuid(), d.url.value_or(""), d.secret.value_or(auth::random_password(32)),
                         d.types.value_or(std::vector<std::string>{}), d.active.value_or(true), now, now};
  if (auto st = check(w); !st) co_return st.error();
  auto existing = co_await store_.webhooks();
  if (!existing) co_return existing.error();
  if (static_cast<int>(existing->size()) >= kMaxWebhooks) {
    co_return core::conflict("too_many_webhooks", "At most " + std::to_string(kMaxWebhooks) + " webhooks");
  }
  if (auto st = co_await store_.create_webhook(w); !st) co_return st.error();
  co_return w;
}

Task<core::Result<core::WebhookRecord>> Webhooks::find(const std::string& id) {
  auto all = co_await store_.webhooks();
  if (!all) co_return all.error();
  for (auto& w : *all) {
    if (w.id == id) co_return std::move(w);
  }
  co_return core::not_found("webhook_not_found", "No such webhook");
}

Task<core::Result<core::WebhookRecord>> Webhooks::update(std::string id, WebhookDraft d) {
  auto w = co_await find(id);
  if (!w) co_return w.error();
  if (d.url) w->url = *d.url;
  if (d.secret) w->secret = *d.secret;
  if (d.types) w->types = *d.types;
  if (d.active) w->active = *d.active;
  w->updated_at_ms = clock_.now_ms();
  if (auto st = check(*w); !st) co_return st.error();
  if (auto st = co_await store_.update_webhook(*w); !st) co_return st.error();
  co_return w;
}

Task<core::Status> Webhooks::remove(std::string id) { co_return co_await store_.delete_webhook(std::move(id)); }

Task<core::Result<std::vector<core::WebhookRecord>>> Webhooks::list() { co_return co_await store_.webhooks(); }

Task<core::Result<std::vector<core::DeliveryRecord>>> Webhooks::deliveries(std::string webhook_id, int limit) {
  if (auto w = co_await find(webhook_id); !w) co_return w.error();
  co_return co_await store_.deliveries_of(std::move(webhook_id), std::clamp(limit, 1, 200));
}

Task<core::Result<DeliveryDetail>> Webhooks::delivery(std::string id) {
  auto d = co_await store_.find_delivery(id);
  if (!d) co_return d.error();
  if (!d->has_value()) co_return core::not_found("delivery_not_found", "No such delivery");
  auto attempts = co_await store_.attempts_of(std::move(id));
  if (!attempts) co_return attempts.error();
  co_return DeliveryDetail{std::move(**d), std::move(attempts).value()};
}

Task<core::Result<core::DeliveryRecord>> Webhooks::replay(std::string delivery_id) {
  auto replayed = co_await store_.replay_delivery(delivery_id, clock_.now_ms());
  if (!replayed) co_return replayed.error();
  auto detail = co_await delivery(std::move(delivery_id));
  if (!detail) co_return detail.error();
  if (!*replayed) co_return core::conflict("delivery_pending", "The delivery is still being tried");
  co_return std::move(detail->delivery);
}

std::string delivery_body(const events::LoggedEvent& e) {
  return "{\"id\":" + core::json_quote(e.id) + ",\"type\":" + core::json_quote(e.type) +
         ",\"sequence\":" + std::to_string(e.sequence) +
         ",\"createdAt\":" + core::json_quote(core::format_utc_ms(e.created_at_ms)) +
         ",\"createdAtMs\":" + std::to_string(e.created_at_ms) + ",\"data\":" + e.payload + "}";
}

Task<core::Status> WebhookFanout::handle(const std::vector<events::DecodedEvent>& batch) {
  auto hooks = co_await store_.webhooks();
  if (!hooks) co_return hooks.error();
  const auto now = clock_.now_ms();
  std::vector<core::DeliveryRecord> queued;
  for (const auto& e : batch) {
    for (const auto& w : *hooks) {
      if (!w.active || std::find(w.types.begin(), w.types.end(), e.logged.type) == w.types.end()) continue;
      core::DeliveryRecord d{core::new_uuid(), w.id, e.logged.sequence, e.logged.id, e.logged.type,
                              delivery_body(e.logged)};
      d.next_attempt_ms = d.created_at_ms = d.updated_at_ms = now;
      queued.push_back(std::move(d));
    }
  }
  if (queued.empty()) co_return core::Ok{};
  co_return co_await store_.queue_deliveries(std::move(queued));
}

}  // namespace tw::webhooks
