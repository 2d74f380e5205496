#pragma once
// TicketKeys: the Ed25519 keys that sign ticket codes, kept in the store so every instance signs
// and verifies alike. The newest key signs; every stored key verifies, so a key can be rotated
// (`ticketwar admin rotate-ticket-key`) without voiding tickets already issued.
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "store/ticket_store.h"
#include "tickets/ticket_code.h"

namespace tw::services {

class TicketKeys {
 public:
  TicketKeys(store::TicketStore& store, const core::Clock& clock);

  // Loads the stored keys, creating the first one for a new database. Call before serving.
  Task<core::Status> load();
  // Adds a new signing key; older codes stay valid.
  Task<core::Status> rotate();
  // The signed code of a ticket as it is now (its current code issue time).
  core::Result<std::string> code_for(const core::TicketRecord& ticket) const;
  core::Result<tickets::TicketClaim> verify(std::string_view code) const;
  const std::vector<tickets::VerifyKey>& public_keys() const { return verify_; }
  std::uint32_t signing_key_id() const { return signing_.id; }

 private:
  Task<core::Status> add_key();

  store::TicketStore& store_;
  const core::Clock& clock_;
  tickets::SigningKey signing_;
  std::vector<tickets::VerifyKey> verify_;
};

}  // namespace tw::services
