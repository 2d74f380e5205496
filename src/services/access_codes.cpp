#include "services/access_codes.h"

#include <map>
#include <set>

#include "core/ids.h"
#include "core/text.h"
#include "core/utf8.h"
#include "events/event_codec.h"

namespace tw::services {
using core::AccessCode;
using core::Result;

namespace {

// Generated codes are ~49 bits each: a batch meeting an existing code is next to impossible, but
// costs nothing to draw again.
constexpr int kDrawsPerBatch = 3;

core::Error bad_codes(std::string message) { return core::invalid("invalid_codes", std::move(message)); }

core::Error no_such_code() {
  return core::not_found("code_not_found", "There is no such code for this show; check how it is spelled");
}

core::Error show_cancelled() { return core::conflict("show_cancelled", "This show is cancelled"); }

std::string account_key(std::int64_t user_id) { return "code:account:" + std::to_string(user_id); }
std::string address_key(const std::string& ip) { return "code:address:" + ip; }

// `count` distinct new codes.
std::vector<std::string> draw_codes(int count) {
  std::set<std::string> drawn;
  while (static_cast<int>(drawn.size()) < count) drawn.insert(core::generate_code());
  return {drawn.begin(), drawn.end()};
}

std::vector<AccessCode> codes_of_batch(const core::CodeBatch& batch, const std::vector<std::string>& texts) {
  std::vector<AccessCode> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(AccessCode{"code_" + core::new_uuid(), batch.id, batch.event_id, t, 0});
  return out;
}

}  // namespace

AccessCodes::AccessCodes(store::AccessCodeStore& store, Catalog& catalog, const core::Clock& clock,
                         auth::AttemptRecords* attempts, CodeGuessPolicy policy)
    : store_(store), catalog_(catalog), clock_(clock), attempts_(attempts ? *attempts : own_attempts_),
      policy_(policy) {}

Task<Result<CodeBatchView>> AccessCodes::create(std::int64_t event_id, CodeRequest request, std::int64_t by_user) {
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  if (event->listing.event.cancelled_at != 0) co_return show_cancelled();
  auto& rules = request.rules;
  rules.label = core::trimmed(rules.label);
  if (!core::is_valid_utf8(rules.label)) co_return bad_codes("label must be text");
  if (auto st = core::validate_code_rules(rules, event->seat_map->layout()); !st) co_return st.error();
  std::optional<std::string> chosen;
  if (!request.code.empty()) {
    chosen = core::normalize_code(request.code);
    if (!chosen) {
      co_return bad_codes("A code is " + std::to_string(core::kMinCodeLength) + "-" +
                          std::to_string(core::kMaxCodeLength) + " letters and digits (dashes and spaces are ignored)");
    }
  } else if (request.count < 1 || request.count > core::kMaxCodesPerBatch) {
    co_return bad_codes("count must be 1-" + std::to_string(core::kMaxCodesPerBatch));
  }
  const core::CodeBatch batch{"batch_" + core::new_uuid(), event_id, rules, by_user, clock_.now_ms()};
  const int count = chosen ? 1 : request.count;
  std::vector<core::OutboxMessage> messages{events::to_outbox_message(events::CodesCreated{
      event_id, batch.id, rules.label, count, rules.max_uses, core::unlocked_words(rules), rules.allotment, by_user})};
  for (int draw = 1;; ++draw) {
    auto codes = codes_of_batch(batch, chosen ? std::vector<std::string>{*chosen} : draw_codes(count));
    auto added = co_await store_.add_batch(batch, codes, messages);
    if (added) {
      CodeBatchView view{batch, {}};
      for (auto& c : codes) view.codes.push_back(core::CodeListing{std::move(c)});
      co_return view;
    }
    if (chosen || added.error().code != "code_taken" || draw == kDrawsPerBatch) co_return added.error();
  }
}

Task<Result<EventCodes>> AccessCodes::codes_of(std::int64_t event_id) {
  auto event = co_await catalog_.find_by_id(event_id);
  if (!event) co_return event.error();
  auto batches = co_await store_.batches_of(event_id);
  if (!batches) co_return batches.error();
  auto codes = co_await store_.codes_of(event_id, clock_.now_ms());
  if (!codes) co_return codes.error();
  EventCodes out{std::move(event).value(), {}};
  std::map<std::string, std::size_t> at;
  for (auto& b : *batches) {
    at[b.id] = out.batches.size();
    out.batches.push_back({std::move(b), {}});
  }
  for (auto& c : *codes) {
    if (const auto it = at.find(c.code.batch_id); it != at.end()) out.batches[it->second].codes.push_back(std::move(c));
  }
  co_return out;
}

Task<Result<int>> AccessCodes::revoke(std::string code_id, std::int64_t by_user) {
  auto code = co_await store_.find_code(code_id);
  if (!code) co_return code.error();
  if (!*code) co_return core::not_found("code_not_found", "No such code");
  const auto& c = **code;
  std::vector<core::OutboxMessage> messages{
      events::to_outbox_message(events::CodesRevoked{c.event_id, c.batch_id, c.id, 1, by_user})};
  co_return co_await store_.revoke(c.id, false, clock_.now_ms(), std::move(messages));
}

Task<Result<int>> AccessCodes::revoke_batch(std::int64_t event_id, std::string batch_id, std::int64_t by_user) {
  auto batch = co_await store_.find_batch(batch_id);
  if (!batch) co_return batch.error();
  if (!*batch || (*batch)->event_id != event_id) co_return core::not_found("batch_not_found", "No such batch of codes");
  auto codes = co_await store_.codes_of(event_id, clock_.now_ms());
  if (!codes) co_return codes.error();
  std::int64_t live = 0;
  for (const auto& c : *codes) live += c.code.batch_id == batch_id && !c.code.revoked_at_ms;
  std::vector<core::OutboxMessage> messages{
      events::to_outbox_message(events::CodesRevoked{event_id, batch_id, "", live, by_user})};
  co_return co_await store_.revoke(batch_id, true, clock_.now_ms(), std::move(messages));
}

Task<std::int64_t> AccessCodes::guess_wait_ms(std::int64_t user_id, const std::string& client_ip) {
  const auto now = clock_.now_ms();
  std::int64_t wait = 0;
  // Records that cannot be read let the attempt through (as sign-in does): the code must still
  // be right, and nginx still limits each address.
  if (auto a = co_await attempts_.read(account_key(user_id))) wait = auth::throttle_wait_ms(policy_.account, *a, now);
  if (auto a = co_await attempts_.read(address_key(client_ip))) {
    wait = std::max(wait, auth::throttle_wait_ms(policy_.address, *a, now));
  }
  co_return wait;
}

Task<void> AccessCodes::guess_failed(std::int64_t user_id, const std::string& client_ip) {
  const auto now = clock_.now_ms();
  (void)co_await attempts_.add(account_key(user_id), now, policy_.account.window_ms, policy_.account.keep_ms());
  (void)co_await attempts_.add(address_key(client_ip), now, policy_.address.window_ms, policy_.address.keep_ms());
}

Task<Result<RedeemedCode>> AccessCodes::redeem(std::int64_t user_id, std::string slug, std::string typed,
                                               std::string client_ip) {
  if (const auto wait = co_await guess_wait_ms(user_id, client_ip); wait > 0) {
    co_return core::rate_limited("too_many_code_attempts",
                                 "Too many codes that did not work; try again in " + std::to_string((wait + 999) / 1000) +
                                     " s",
                                 wait);
  }
  auto event = co_await catalog_.find_cached(std::move(slug));
  if (!event) co_return event.error();
  const auto& e = event->listing.event;
  if (e.cancelled_at != 0) co_return show_cancelled();
  const auto text = core::normalize_code(typed);
  Result<std::optional<AccessCode>> found = std::optional<AccessCode>();
  if (text) found = co_await store_.find_by_text(e.id, *text);
  if (!found) co_return found.error();
  if (!*found) {
    co_await guess_failed(user_id, client_ip);
    co_return no_such_code();
  }
  auto code = std::move(**found);
  if (code.revoked_at_ms) co_return core::conflict("code_revoked", "The organiser withdrew this code");
  auto batch = co_await store_.find_batch(code.batch_id);
  if (!batch) co_return batch.error();
  if (!*batch) co_return no_such_code();
  const auto now = clock_.now_ms();
  const auto& rules = (*batch)->rules;
  if (rules.valid_until_ms && now >= rules.valid_until_ms) {
    co_return core::forbidden("code_expired", "This code could be used until " +
                                                  core::format_iso8601(core::ZonedTime{rules.valid_until_ms / 1000, 0}));
  }
  auto usage = co_await store_.usage_of(code.id, code.batch_id, now);
  if (!usage) co_return usage.error();
  if (usage->uses >= rules.max_uses) {
    co_return core::conflict("code_used_up", "This code has been used as many times as it may be");
  }
  if (auto st = co_await store_.redeem(code, user_id, now); !st) co_return st.error();
  co_return RedeemedCode{std::move(code), std::move(**batch)};
}

Task<Result<std::optional<RedeemedCode>>> AccessCodes::redeemed(std::int64_t user_id, std::int64_t event_id) {
  auto code = co_await store_.redeemed(event_id, user_id);
  if (!code) co_return code.error();
  if (!*code) co_return std::optional<RedeemedCode>();
  auto batch = co_await store_.find_batch((*code)->batch_id);
  if (!batch) co_return batch.error();
  if (!*batch) co_return std::optional<RedeemedCode>();
  co_return std::optional<RedeemedCode>(RedeemedCode{std::move(**code), std::move(**batch)});
}

Task<Result<RedeemedCode>> AccessCodes::for_presale_hold(std::int64_t user_id, const EventWithMap& event,
                                                         const std::vector<int>& seats) {
  const auto& e = event.listing.event;
  auto mine = co_await redeemed(user_id, e.id);
  if (!mine) co_return mine.error();
  if (!*mine) {
    std::string when = e.on_sale_at ? " until " + core::format_for_people(*e.on_sale_at) + " (venue time)" : "";
    co_return core::forbidden("presale_code_required",
                              "This show is in its presale" + when +
                                  ": only fans with a presale code can buy now. Enter your code on the event page.");
  }
  const auto& rules = (*mine)->batch.rules;
  for (int i : seats) {
    const auto seat = event.seat_map->seat(i);
    if (!core::unlocks(rules, seat.section->spec)) {
      co_return core::forbidden("code_not_for_these_seats",
                                "Your code unlocks " + core::unlocked_words(rules) + "; seat " + seat.id() + " is not one of them");
    }
  }
  const auto now = clock_.now_ms();
  auto usage = co_await store_.usage_of((*mine)->code.id, (*mine)->code.batch_id, now);
  if (!usage) co_return usage.error();
  if (auto st = core::code_use_allowed(rules, (*mine)->code, *usage, static_cast<int>(seats.size()), now); !st) {
    co_return st.error();
  }
  co_return std::move(**mine);
}

}  // namespace tw::services
