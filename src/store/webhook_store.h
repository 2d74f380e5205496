#pragma once
// WebhookStore: integrators' endpoints, the deliveries of events to them and every attempt
// (events/webhook_fanout.h queues, webhooks/webhook_sender.h sends). Conventions in database.h.
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  virtual Task<core::Status> create_webhook(WebhookRecord webhook) = 0;
  // kNotFound "webhook_not_found" when there is none with its id.
  virtual Task<core::Status> update_webhook(WebhookRecord webhook) = 0;
  // Removes the webhook with its deliveries and their attempts. kNotFound "webhook_not_found".
  virtual Task<core::Status> delete_webhook(std::string id) = 0;
  virtual Task<core::Result<std::vector<WebhookRecord>>> webhooks() = 0;  // oldest first

  // Queues deliveries; one already queued for the same (webhook, sequence) stays as it was.
  virtual Task<core::Status> queue_deliveries(std::vector<DeliveryRecord> deliveries) = 0;
  // Pending deliveries due at `now_ms`, oldest first.
  virtual Task<core::Result<std::vector<DeliveryRecord>>> due_deliveries(std::int64_t now_ms, int limit) = 0;
  // Takes a due delivery for one sender: moves its next attempt from `due_ms` to `until_ms`
  // only if no other sender did first. False when another one has it.
  virtual Task<core::Result<bool>> claim_delivery(std::string id, std::int64_t due_ms, std::int64_t until_ms) = 0;
  // Writes the delivery as the attempt left it, and the attempt, in one transaction.
  virtual Task<core::Status> record_attempt(DeliveryRecord delivery, DeliveryAttempt attempt) = 0;
  // Makes a delivered or failed delivery pending again, due now, its retry window starting now.
  // False when it was pending already (or does not exist).
  virtual Task<core::Result<bool>> replay_delivery(std::string id, std::int64_t now_ms) = 0;
  virtual Task<core::Result<std::optional<DeliveryRecord>>> find_delivery(std::string id) = 0;
  // A webhook's deliveries, newest first.
  virtual Task<core::Result<std::vector<DeliveryRecord>>> deliveries_of(std::string webhook_id, int limit) = 0;
  virtual Task<core::Result<std::vector<DeliveryAttempt>>> attempts_of(std::string delivery_id) = 0;
};

}  // namespace tw::store
