#include "webhooks/webhook_sender.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

#include "async/log.h"
#include "async/sleep.h"
#include "webhooks/signature.h"

namespace tw::webhooks {

std::optional<std::int64_t> next_attempt_ms(const core::DeliveryRecord& d, std::int64_t now_ms,
                                            const WebhookSenderOptions& options) {
  auto delay = options.first_retry;
  for (int i = 1; i < d.attempts && delay < options.max_retry; ++i) delay *= 2;
  const auto at = now_ms + std::min(delay, options.max_retry).count();
  if (at > d.created_at_ms + options.give_up_after.count()) return std::nullopt;
  return at;
}

WebhookSender::WebhookSender(store::WebhookStore& store, WebhookClient& client, const core::Clock& clock,
                             WebhookSenderOptions options)
    : store_(store), client_(client), clock_(clock), options_(options) {}

Task<void> WebhookSender::run() {
  for (;;) {
    auto sent = co_await send_due();
    if (!sent) log_problem("webhook deliveries could not be read", sent.error());
    if (!sent || *sent == 0) co_await sleep_for(options_.idle_wait);
  }
}

Task<core::Result<int>> WebhookSender::send_due() {
  const auto now = clock_.now_ms();
  auto due = co_await store_.due_deliveries(now, options_.batch);
  if (!due) co_return due.error();
  if (due->empty()) co_return 0;
  auto hooks = co_await store_.webhooks();
  if (!hooks) co_return hooks.error();
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  using Attempt = decltype(asio::co_spawn(ex, attempt_logged({}, {}), asio::deferred));
  std::vector<Attempt> attempts;
  for (auto& d : *due) {
    const auto hook =
        std::find_if(hooks->begin(), hooks->end(), [&](const auto& w) { return w.id == d.webhook_id; });
    if (hook == hooks->end()) continue;  // removed since: its deliveries went with it
    auto claimed = co_await store_.claim_delivery(d.id, d.next_attempt_ms, now + options_.claim_for.count());
    if (!claimed) co_return claimed.error();
    if (!*claimed) continue;  // another server has it
    attempts.push_back(asio::co_spawn(ex, attempt_logged(std::move(d), *hook), asio::deferred));
  }
  const int attempted = static_cast<int>(attempts.size());
  // Side by side: one slow receiver does not hold up the round's others (the client's pool bounds
  // how many POSTs are in flight).
  if (attempted > 0) {
    co_await asio::experimental::make_parallel_group(std::move(attempts))
        .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  }
  co_return attempted;
}

Task<void> WebhookSender::attempt_logged(core::DeliveryRecord d, core::WebhookRecord hook) {
  if (auto st = co_await attempt(std::move(d), hook); !st)
    log_problem("a webhook attempt could not be recorded", st.error());
}

Task<core::Status> WebhookSender::attempt(core::DeliveryRecord d, const core::WebhookRecord& hook) {
  const auto signature = signature_header(hook.secret, clock_.now_ms() / 1000, d.body);
  const auto answer = co_await client_.post(hook.url, d.body, signature);
  const auto now = clock_.now_ms();
  ++d.attempts;
  d.last_status = answer.status;
  const bool delivered = answer.status >= 200 && answer.status < 300;
  d.last_error = delivered              ? ""
                 : answer.error.empty() ? "the receiver answered " + std::to_string(answer.status)
                                        : answer.error;
  d.updated_at_ms = now;
  if (delivered) {
    d.state = core::DeliveryState::kDelivered;
  } else if (const auto next = next_attempt_ms(d, now, options_)) {
    d.next_attempt_ms = *next;
  } else {
    d.state = core::DeliveryState::kFailed;
  }
  core::DeliveryAttempt a{d.id, d.attempts, now, answer.status, d.last_error};
  co_return co_await store_.record_attempt(std::move(d), std::move(a));
}

}  // namespace tw::webhooks
