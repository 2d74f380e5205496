#include "services/personal_data.h"

#include "async/log.h"

namespace tw::services {

PersonalData::PersonalData(store::AccountStore& store, Accounts& accounts, TicketDesk& tickets, Catalog& catalog,
                           mail::MailTransport* kept_mail, const core::Clock& clock)
    : store_(store), accounts_(accounts), tickets_(tickets), catalog_(catalog), kept_mail_(kept_mail), clock_(clock) {}

Task<core::Result<PersonalExport>> PersonalData::export_for(const Principal& p) {
  auto user = co_await accounts_.account(p);
  if (!user) co_return user.error();
  auto devices = co_await accounts_.devices(p);
  if (!devices) co_return devices.error();
  auto sections = co_await store_.personal_data(p.user_id);
  if (!sections) co_return sections.error();
  co_return PersonalExport{clock_.now_seconds(), std::move(user).value(), std::move(devices).value(),
                           std::move(sections).value()};
}

Task<core::Result<std::string>> PersonalData::upcoming_tickets(std::int64_t user_id) {
  auto tickets = co_await tickets_.tickets_of(user_id);
  if (!tickets) co_return tickets.error();
  const auto now = clock_.now_seconds();
  std::string list;
  for (const auto& t : *tickets) {
    if (t.status != core::TicketStatus::kConfirmed || t.user_id != user_id) continue;
    auto event = co_await catalog_.find_cached_by_id(t.event_id);
    if (!event) co_return event.error();
    const auto& ev = event->listing.event;
    if (ev.starts_at.utc_seconds <= now) continue;
    list += (list.empty() ? "" : ", ") + ev.name + " (" + t.seat_id + ")";
  }
  co_return list;
}

Task<core::Status> PersonalData::erase(const Principal& p, std::string password, std::string client_ip) {
  auto user = co_await accounts_.check_password(p, std::move(password), std::move(client_ip));
  if (!user) co_return user.error();
  auto upcoming = co_await upcoming_tickets(p.user_id);
  if (!upcoming) co_return upcoming.error();
  if (!upcoming->empty()) {
    co_return core::conflict("tickets_outstanding",
                             "You still hold tickets for shows to come: " + *upcoming +
                                 ". Transfer them to someone, or ask the organiser for a refund, before deleting "
                                 "your account.");
  }
  if (auto st = co_await store_.forget_user(p.user_id, clock_.now_seconds()); !st) co_return st;
  // Its sessions are gone from the store; no server may go on trusting one it cached.
  co_await accounts_.refresh_everywhere(p.user_id);
  if (kept_mail_) {
    // The account is gone either way; receipts left behind are logged for an operator to remove.
    if (auto st = co_await kept_mail_->forget_recipient(user->email); !st) {
      log_problem("a deleted account's emails not removed", st.error());
    }
  }
  co_return core::Ok{};
}

}  // namespace tw::services
