#include "services/ticket_keys.h"

#include <sodium.h>

#include <algorithm>

#include "core/encoding.h"

namespace tw::services {

using core::Result;
using core::Status;

namespace {

template <std::size_t N>
bool decode(const std::string& text, std::array<unsigned char, N>& out) {
  std::size_t n = 0;
  return sodium_base642bin(out.data(), N, text.data(), text.size(), nullptr, &n, nullptr,
                           sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
         n == N;
}

}  // namespace

TicketKeys::TicketKeys(store::TicketStore& store, const core::Clock& clock) : store_(store), clock_(clock) {}

Task<Status> TicketKeys::load() {
  auto rows = co_await store_.ticket_keys();
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return co_await add_key();
  verify_.clear();
  for (const auto& r : *rows) {
    tickets::SigningKey k;
    k.id = static_cast<std::uint32_t>(r.id);
    if (!decode(r.public_key, k.public_key) || !decode(r.secret_key, k.secret_key)) {
      co_return core::internal("ticket key " + std::to_string(r.id) + " in the database is damaged");
    }
    verify_.push_back({k.id, k.public_key});
    signing_ = k;  // rows come oldest first: the last one signs
  }
  co_return core::Ok{};
}

Task<Status> TicketKeys::rotate() {
  if (auto st = co_await load(); !st) co_return st;
  co_return co_await add_key();
}

Task<Status> TicketKeys::add_key() {
  const auto next = verify_.empty() ? 1u : signing_.id + 1;
  const auto key = tickets::generate_signing_key(next);
  core::TicketKeyRecord row{key.id, core::base64url(key.public_key), core::base64url(key.secret_key),
                             clock_.now_ms()};
  // Another instance may have added the same id first; loading again picks up whichever won.
  auto added = co_await store_.add_ticket_key(std::move(row));
  auto rows = co_await store_.ticket_keys();
  if (!rows) co_return rows.error();
  if (rows->empty()) co_return added.ok() ? core::internal("ticket key vanished") : added.error();
  co_return co_await load();
}

Result<std::string> TicketKeys::code_for(const core::TicketRecord& t) const {
  return tickets::sign_ticket_code({t.id, t.event_id, t.seat_index, t.code_issued_ms}, signing_);
}

Result<tickets::TicketClaim> TicketKeys::verify(std::string_view code) const {
  return tickets::verify_ticket_code(code, verify_);
}

}  // namespace tw::services
