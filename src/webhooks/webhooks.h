#pragma once
// Webhooks for integrators (issue 13): admins register endpoints (URL, secret, event types);
// the fan-out consumer queues a delivery of each matching event to each active endpoint; the
// sender POSTs them, signed (signature.h), retrying with exponential back-off for a day, after
// which a delivery is failed and can be replayed. Every attempt is recorded.
//
// This file: the admin side (register, list, change, remove, deliveries and their attempts,
// replay) with its validation, and the fan-out consumer.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/consumer.h"
#include "store/webhook_store.h"

namespace tw::webhooks {

// What an admin sends to register or change an endpoint; fields left empty keep their value on
// a change. A secret left out of a registration is generated.
struct WebhookDraft {
  std::optional<std::string> url;
  std::optional<std::string> secret;
  std::optional<std::vector<std::string>> types;
  std::optional<bool> active;
};

struct DeliveryDetail {
  core::DeliveryRecord delivery;
  std::vector<core::DeliveryAttempt> attempts;
};

class Webhooks {
 public:
  static constexpr int kMaxWebhooks = 50;

  // `allow_private`: whether endpoints may name loopback or private hosts (--allow-private-webhooks).
  Webhooks(store::WebhookStore& store, const core::Clock& clock, bool allow_private);

  // kInvalid "invalid_webhook_url" / "invalid_webhook" (the reason in words), kConflict
  // "too_many_webhooks".
  Task<core::Result<core::WebhookRecord>> create(WebhookDraft draft);
  Task<core::Result<core::WebhookRecord>> update(std::string id, WebhookDraft draft);
  Task<core::Status> remove(std::string id);
  Task<core::Result<std::vector<core::WebhookRecord>>> list();
  Task<core::Result<std::vector<core::DeliveryRecord>>> deliveries(std::string webhook_id, int limit);
  Task<core::Result<DeliveryDetail>> delivery(std::string id);
  // Sends a delivered or failed delivery again. kNotFound "delivery_not_found"; kConflict
  // "delivery_pending" while it is still being tried.
  Task<core::Result<core::DeliveryRecord>> replay(std::string delivery_id);

 private:
  Task<core::Result<core::WebhookRecord>> find(const std::string& id);
  core::Status check(const core::WebhookRecord& w) const;

  store::WebhookStore& store_;
  const core::Clock& clock_;
  bool allow_private_;
};

// The JSON a receiver gets: {"id","type","sequence","createdAt","data":{…payload…}}.
std::string delivery_body(const events::LoggedEvent& e);

// The consumer that queues a delivery of each event to each active webhook that wants its type
// (idempotent: one delivery per webhook and sequence).
class WebhookFanout final : public events::Consumer {
 public:
  WebhookFanout(store::WebhookStore& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  std::string_view name() const override { return "webhooks"; }
  Task<core::Status> handle(const std::vector<events::DecodedEvent>& batch) override;

 private:
  store::WebhookStore& store_;
  const core::Clock& clock_;
};

}  // namespace tw::webhooks
