#pragma once
// Tickets in phone wallets: an Apple Wallet pass (.pkpass) and a "Save to Google Wallet" link
// for a holder's ticket, when the organisation's keys are configured (--wallet-cert and
// --wallet-key; --google-wallet-key and --google-wallet-issuer). A pass's serial is the ticket
// and its code's issue time, so a pass belongs to one holder's code: once the ticket is given
// away, used or cancelled, the latest version Wallet fetches (Apple's pass web service) is void.
#include <cstdint>
#include <memory>
#include <string>

#include "async/worker_pool.h"
#include "core/clock.h"
#include "services/ticket_desk.h"
#include "tickets/google_wallet.h"
#include "tickets/pass_signer.h"

namespace tw::services {

struct WalletOptions {
  std::shared_ptr<const tickets::PassSigner> apple;     // null: no Apple Wallet passes
  std::shared_ptr<const tickets::GoogleWallet> google;  // null: no Google Wallet links
  std::string site_url;                                 // the pass web service is under it
};

// A pass as Wallet's web service serves it: the bytes and when the ticket last changed.
struct LatestPass {
  std::string pkpass;
  std::int64_t modified_seconds = 0;
};

class WalletPasses {
 public:
  WalletPasses(TicketDesk& desk, WorkerPool& pool, const core::Clock& clock, WalletOptions options = {});

  // The keys, read at start-up (before requests are served).
  void configure(WalletOptions options) { options_ = std::move(options); }
  bool offers_apple() const { return options_.apple != nullptr; }
  bool offers_google() const { return options_.google != nullptr; }

  // The user's ticket as an Apple Wallet pass. kNotFound "ticket_not_found" for another's,
  // "wallet_not_configured" without a pass certificate; kConflict "ticket_not_valid" for a
  // ticket that can no longer be used.
  Task<core::Result<std::string>> apple_pass(std::string ticket_id, std::int64_t user_id);
  // The latest version of a pass Wallet holds: kUnauthorized "pass_token" unless `token` is the
  // pass's, kNotFound for another pass type or an unknown serial.
  Task<core::Result<LatestPass>> latest_apple_pass(std::string pass_type_id, std::string serial, std::string token);
  // The "Save to Google Wallet" link of the user's ticket; errors as apple_pass.
  Task<core::Result<std::string>> google_save_url(std::string ticket_id, std::int64_t user_id);

 private:
  Task<core::Result<std::string>> build_on_pool(TicketFacts facts, bool voided);

  TicketDesk& desk_;
  WorkerPool& pool_;
  const core::Clock& clock_;
  WalletOptions options_;
};

}  // namespace tw::services
