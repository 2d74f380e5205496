#include "services/wallet_passes.h"

#include <sodium.h>

#include <algorithm>

#include "tickets/apple_pass.h"

namespace tw::services {
namespace {

using core::Result;

// "<ticket>.<code issue time>": one pass per holder's code.
std::string serial_of(const core::TicketRecord& t) { return t.id + "." + std::to_string(t.code_issued_ms); }

core::Error not_configured(const char* wallet) {
  return core::not_found("wallet_not_configured", std::string("This site does not offer ") + wallet + " passes");
}

core::Error not_valid(const core::TicketRecord& t) {
  return core::conflict("ticket_not_valid",
                        std::string("A ") + core::state_name(t.status) + " ticket cannot be added to a wallet");
}

tickets::PassFacts pass_facts(const TicketFacts& f, const std::string& serial, bool voided) {
  const auto& a = f.art;
  tickets::PassFacts p;
  p.serial = serial;
  p.event_name = a.event_name;
  p.artist = a.artist;
  p.venue = a.venue;
  p.when = a.when;
  p.starts_at = f.event.listing.event.starts_at;
  p.section = a.section;
  p.row = a.row;
  p.seat = a.seat;
  p.tier = a.tier;
  p.price = a.price;
  // A void pass of a ticket given away must not show who has it now.
  p.holder = voided ? std::string() : a.holder;
  p.ticket_id = f.ticket.id;
  p.order_id = f.ticket.order_id;
  p.code = voided ? std::string() : a.code;
  p.color = a.color;
  p.voided = voided;
  return p;
}

// When the ticket last changed as a pass shows it: bought, given a new code, or scanned; or
// its show changed.
std::int64_t modified_seconds(const TicketFacts& f) {
  const auto& t = f.ticket;
  return std::max({t.purchased_at, t.code_issued_ms / 1000, t.checked_in_at_ms / 1000,
                   f.event.listing.event.updated_at});
}

// Not coroutines: the lambdas are built here, outside any co_await expression (g++ 12 mis-copies
// lambda temporaries with captures inside one).
// Signing (a private-key operation), three icons and the archive: off the I/O threads.
Task<Result<std::string>> pkpass_on(WorkerPool& pool, tickets::PassFacts pass,
                                    std::shared_ptr<const tickets::PassSigner> signer) {
  return pool.run([pass = std::move(pass), signer = std::move(signer)] { return tickets::build_pkpass(pass, *signer); });
}

// An RSA signature, about a millisecond: off the I/O threads too.
Task<Result<std::string>> jwt_on(WorkerPool& pool, tickets::GoogleTicketFacts facts,
                                 std::shared_ptr<const tickets::GoogleWallet> google, std::string origin,
                                 std::int64_t now) {
  return pool.run([facts = std::move(facts), google = std::move(google), origin = std::move(origin), now] {
    return google->save_jwt(facts, origin, now);
  });
}

}  // namespace

WalletPasses::WalletPasses(TicketDesk& desk, store::TicketStore& store, WorkerPool& pool, const core::Clock& clock,
                           WalletOptions options)
    : desk_(desk), store_(store), pool_(pool), clock_(clock), options_(std::move(options)) {}

core::Status WalletPasses::check_pass(const std::string& pass_type_id, const std::string& serial,
                                      const std::string& token) const {
  if (!offers_apple()) return not_configured("Apple Wallet");
  // The token is checked first, in constant time, so serials cannot be probed.
  const auto expected = options_.apple->token_for(serial);
  if (token.size() != expected.size() || sodium_memcmp(token.data(), expected.data(), expected.size()) != 0) {
    return core::Error{core::ErrorKind::kUnauthorized, "pass_token", "This pass's token is not valid"};
  }
  if (pass_type_id != options_.apple->pass_type_id() || serial.rfind('.') == std::string::npos) {
    return core::not_found("pass_not_found", "No such pass");
  }
  return core::Ok{};
}

Task<Result<WalletPasses::PassState>> WalletPasses::state_of(const std::string& serial) {
  auto facts = co_await desk_.facts_of(serial.substr(0, serial.rfind('.')));
  if (!facts) co_return facts.error();
  // Given away (a new code), used or cancelled: the pass Wallet holds is void from now on.
  const bool voided = serial_of(facts->ticket) != serial || facts->ticket.status != core::TicketStatus::kConfirmed;
  // HTTP dates count whole seconds, and a ticket can be given away or scanned in the second it
  // was bought: a void pass is dated a second on, so it is always newer than the pass it voids.
  // A cancellation leaves no time on the ticket: a cancelled ticket's pass is always news.
  auto modified = voided ? modified_seconds(*facts) + 1 : modified_seconds(*facts);
  if (facts->ticket.status == core::TicketStatus::kCancelled) modified = clock_.now_ms() / 1000;
  co_return PassState{std::move(facts).value(), voided, modified};
}

Task<Result<std::string>> WalletPasses::build_on_pool(TicketFacts facts, bool voided) {
  auto pass = pass_facts(facts, serial_of(facts.ticket), voided);
  pass.web_service_url = options_.site_url + "/api/wallet";
  pass.auth_token = options_.apple->token_for(pass.serial);
  co_return co_await pkpass_on(pool_, std::move(pass), options_.apple);
}

Task<Result<std::string>> WalletPasses::apple_pass(std::string ticket_id, std::int64_t user_id) {
  if (!offers_apple()) co_return not_configured("Apple Wallet");
  auto facts = co_await desk_.holder_facts(std::move(ticket_id), user_id);
  if (!facts) co_return facts.error();
  if (facts->ticket.status != core::TicketStatus::kConfirmed) co_return not_valid(facts->ticket);
  co_return co_await build_on_pool(std::move(facts).value(), false);
}

Task<Result<LatestPass>> WalletPasses::latest_apple_pass(std::string pass_type_id, std::string serial,
                                                         std::string token) {
  if (auto st = check_pass(pass_type_id, serial, token); !st) co_return st.error();
  auto state = co_await state_of(serial);
  if (!state) co_return state.error();
  const auto modified = state->modified_seconds;
  auto pkpass = co_await build_on_pool(std::move(state->facts), state->voided);
  if (!pkpass) co_return pkpass.error();
  co_return LatestPass{std::move(pkpass).value(), modified};
}

Task<Result<bool>> WalletPasses::register_device(std::string device_id, std::string pass_type_id, std::string serial,
                                                 std::string token, std::string push_token) {
  if (auto st = check_pass(pass_type_id, serial, token); !st) co_return st.error();
  if (auto st = check_device(device_id); !st) co_return st.error();
  if (push_token.empty() || push_token.size() > 512) {
    co_return core::invalid("invalid_push_token", "pushToken must be 1 to 512 characters");
  }
  // Only a pass TicketWar issued: its ticket must exist.
  auto state = co_await state_of(serial);
  if (!state) co_return state.error();
  core::PassRegistration r{std::move(device_id), std::move(pass_type_id), std::move(serial), std::move(push_token),
                           clock_.now_seconds()};
  co_return co_await store_.register_pass(std::move(r));
}

Task<Result<bool>> WalletPasses::unregister_device(std::string device_id, std::string pass_type_id, std::string serial,
                                                   std::string token) {
  if (auto st = check_pass(pass_type_id, serial, token); !st) co_return st.error();
  if (auto st = check_device(device_id); !st) co_return st.error();
  co_return co_await store_.unregister_pass(std::move(device_id), std::move(pass_type_id), std::move(serial));
}

Task<Result<UpdatedPasses>> WalletPasses::updated_passes(std::string device_id, std::string pass_type_id,
                                                         std::int64_t since) {
  if (!offers_apple()) co_return not_configured("Apple Wallet");
  if (auto st = check_device(device_id); !st) co_return st.error();
  auto serials = co_await store_.registered_serials(std::move(device_id), std::move(pass_type_id));
  if (!serials) co_return serials.error();
  UpdatedPasses out;
  for (auto& serial : *serials) {
    auto state = co_await state_of(serial);
    if (!state) continue;  // a ticket no longer there has nothing to update
    if (state->modified_seconds <= since) continue;
    out.last_updated = std::max(out.last_updated, state->modified_seconds);
    out.serials.push_back(std::move(serial));
  }
  co_return out;
}

core::Status WalletPasses::check_device(const std::string& device_id) {
  const bool ok = !device_id.empty() && device_id.size() <= 128 &&
                  std::all_of(device_id.begin(), device_id.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                  });
  if (!ok) return core::invalid("invalid_device", "The device identifier must be 1 to 128 letters, digits, '-', '_' or '.'");
  return core::Ok{};
}

Task<Result<std::string>> WalletPasses::google_save_url(std::string ticket_id, std::int64_t user_id) {
  if (!offers_google()) co_return not_configured("Google Wallet");
  auto facts = co_await desk_.holder_facts(std::move(ticket_id), user_id);
  if (!facts) co_return facts.error();
  if (facts->ticket.status != core::TicketStatus::kConfirmed) co_return not_valid(facts->ticket);
  const auto& a = facts->art;
  const auto& ev = facts->event.listing.event;
  tickets::GoogleTicketFacts g{.class_suffix = "event-" + std::to_string(ev.id),
                               .object_suffix = "ticket-" + serial_of(facts->ticket),
                               .event_name = a.event_name,
                               .venue = a.venue,
                               .starts_at = ev.starts_at,
                               .section = a.section,
                               .row = a.row,
                               .seat = a.seat,
                               .tier = a.tier,
                               .holder = a.holder,
                               .ticket_id = facts->ticket.id,
                               .code = a.code,
                               .color = a.color,
                               .voided = false};
  auto jwt = co_await jwt_on(pool_, std::move(g), options_.google, options_.site_url, clock_.now_ms() / 1000);
  if (!jwt) co_return jwt.error();
  co_return tickets::GoogleWallet::save_url(*jwt);
}

}  // namespace tw::services
