#pragma once
// WebhookClient port: POSTs one delivery to a receiver. Adapter: CurlWebhookClient (libcurl).
// Unit tests of the sender use a scripted fake.
#include <string>

#include "async/task.h"

namespace tw::webhooks {

struct PostAnswer {
  int status = 0;     // the receiver's HTTP status; 0 when there was no answer
  std::string error;  // why there was no answer, or why the address was refused
};

class WebhookClient {
 public:
  virtual ~WebhookClient() = default;
  // POSTs `body` (JSON) with the signature header; never throws, never blocks the caller's loop.
  virtual Task<PostAnswer> post(std::string url, std::string body, std::string signature) = 0;
};

}  // namespace tw::webhooks
