#pragma once
// CurlWebhookClient: POSTs deliveries with libcurl on a worker pool of its own (a slow receiver
// holds a pool thread for up to the timeout, never an I/O thread or the database's workers).
// The host is resolved here and every address checked against the address policy before the
// connection is made to exactly that address, so a name cannot point somewhere else between
// the check and the request. Redirects are not followed; the answer's body is ignored.
#include <chrono>

#include "async/worker_pool.h"
#include "webhooks/webhook_client.h"

namespace tw::webhooks {

struct CurlWebhookClientOptions {
  bool allow_private = false;  // --allow-private-webhooks
  std::chrono::milliseconds timeout{10'000};
};

class CurlWebhookClient final : public WebhookClient {
 public:
  CurlWebhookClient(WorkerPool& pool, CurlWebhookClientOptions options);
  Task<PostAnswer> post(std::string url, std::string body, std::string signature) override;

 private:
  WorkerPool& pool_;
  CurlWebhookClientOptions options_;
};

}  // namespace tw::webhooks
