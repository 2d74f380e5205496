#pragma once
// PersonalData: a fan's right to their data. The export is everything TicketWar keeps about the
// account; deleting the account removes or pseudonymises its personal data (docs/privacy.md)
// while its orders and tickets stay for the organisers' accounting, so sales figures do not move.
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "mail/mail_transport.h"
#include "services/accounts.h"
#include "services/catalog.h"
#include "services/ticket_desk.h"
#include "store/account_store.h"

namespace tw::services {

struct PersonalExport {
  std::int64_t exported_at = 0;  // UTC seconds
  core::User user;
  std::vector<Device> devices;  // the sessions signed in now
  std::vector<std::pair<std::string, std::string>> sections;  // {name, JSON array} (AccountStore::personal_data)
};

class PersonalData {
 public:
  // `kept_mail`: where copies of sent messages are kept (receipts), to remove a deleted
  // account's; null when none are kept.
  PersonalData(store::AccountStore& store, Accounts& accounts, TicketDesk& tickets, Catalog& catalog,
               mail::MailTransport* kept_mail, const core::Clock& clock);

  Task<core::Result<PersonalExport>> export_for(const Principal& p);
  // Deletes the caller's account, confirmed by its password. kForbidden "wrong_password";
  // kConflict "tickets_outstanding" while it holds valid tickets for shows still to come (the
  // message names them: they must be transferred or refunded first).
  Task<core::Status> erase(const Principal& p, std::string password, std::string client_ip);

 private:
  // "Taylor Swift | The Eras Tour (VIP-A-1), …" for the valid tickets of shows still to come.
  Task<core::Result<std::string>> upcoming_tickets(std::int64_t user_id);

  store::AccountStore& store_;
  Accounts& accounts_;
  TicketDesk& tickets_;
  Catalog& catalog_;
  mail::MailTransport* kept_mail_;
  const core::Clock& clock_;
};

}  // namespace tw::services
