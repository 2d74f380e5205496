#pragma once
// CheckIn: the gate. A scan checks the code's signature, then the ticket as the database has it,
// then marks it used with one conditional update, so of two gates scanning the same ticket at
// the same moment exactly one hears `valid`. Gates that lost the network scan against the
// check-in list and the public keys, and upload their scans later (sync): the earliest scan of a
// ticket wins and the others are reported as conflicts.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/catalog.h"
#include "services/ticket_keys.h"
#include "store/account_store.h"
#include "store/ticket_store.h"

namespace tw::services {

enum class Verdict { kValid, kAlreadyUsed, kCancelled, kWrongEvent, kInvalid };
const char* verdict_name(Verdict v);

struct ScanResult {
  Verdict verdict = Verdict::kInvalid;
  std::string reason;  // for kInvalid: malformed, unknown_key, bad_signature, unknown_ticket, transferred
  std::optional<core::TicketRecord> ticket;  // known tickets
  std::string holder;                         // the holder's name, for valid and used tickets
};

struct OfflineScan {
  std::string code;
  std::int64_t scanned_at_ms = 0;
};

struct SyncResult {
  ScanResult scan;
  bool conflict = false;  // the ticket was also scanned elsewhere; `scan.ticket` shows who was first
};

class CheckIn {
 public:
  CheckIn(store::TicketStore& tickets, store::AccountStore& accounts, TicketKeys& keys, const core::Clock& clock);

  // `event_id`: the event this gate admits (a ticket for another is kWrongEvent); 0 for any.
  Task<core::Result<ScanResult>> scan(std::string code, std::string gate, std::int64_t event_id);
  // Offline scans in the order they happened.
  Task<core::Result<std::vector<SyncResult>>> sync(std::vector<OfflineScan> scans, std::string gate,
                                                   std::int64_t event_id);

 private:
  Task<core::Result<ScanResult>> scan_at(const std::string& code, const std::string& gate,
                                         std::int64_t event_id, std::int64_t at_ms);
  // The verdict for a ticket that is not (or no longer) confirmed with this code.
  Task<ScanResult> judge(core::TicketRecord ticket, const tickets::TicketClaim& claim,
                         std::int64_t event_id);
  Task<std::string> holder_name(std::int64_t user_id);

  store::TicketStore& store_;
  store::AccountStore& accounts_;
  TicketKeys& keys_;
  const core::Clock& clock_;
};

}  // namespace tw::services
