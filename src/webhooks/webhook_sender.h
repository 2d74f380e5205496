#pragma once
// WebhookSender: sends due deliveries. Each round takes up to `batch` pending deliveries whose
// time has come, claims each one (so that of several servers exactly one sends it), POSTs them
// signed, side by side, and records each attempt: a 2xx answer delivers it; anything else is tried again
// after first_retry, doubling up to max_retry, until `give_up_after` from when it was queued,
// when it is failed (an admin can replay it). Runs on the server's event loop; the POSTs go to
// the client's own pool.
#include <chrono>

#include "core/clock.h"
#include "store/webhook_store.h"
#include "webhooks/webhook_client.h"

namespace tw::webhooks {

struct WebhookSenderOptions {
  int batch = 64;  // deliveries claimed per round, then sent side by side
  std::chrono::milliseconds idle_wait{200};
  std::chrono::milliseconds first_retry{10'000};
  std::chrono::milliseconds max_retry{3'600'000};
  std::chrono::milliseconds give_up_after{86'400'000};
  std::chrono::milliseconds claim_for{60'000};  // longer than a POST may take
};

// When the next attempt after `attempts` failed ones is due, or none: time to give up.
std::optional<std::int64_t> next_attempt_ms(const core::DeliveryRecord& d, std::int64_t now_ms,
                                            const WebhookSenderOptions& options);

class WebhookSender {
 public:
  WebhookSender(store::WebhookStore& store, WebhookClient& client, const core::Clock& clock,
                WebhookSenderOptions options = {});

  // Rounds until the event loop stops.
  Task<void> run();
  // One round: how many deliveries were attempted.
  Task<core::Result<int>> send_due();

 private:
  Task<core::Status> attempt(core::DeliveryRecord d, const core::WebhookRecord& hook);
  Task<void> attempt_logged(core::DeliveryRecord d, core::WebhookRecord hook);

  store::WebhookStore& store_;
  WebhookClient& client_;
  const core::Clock& clock_;
  WebhookSenderOptions options_;
};

}  // namespace tw::webhooks
