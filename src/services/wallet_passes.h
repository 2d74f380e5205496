#pragma once
// Tickets in phone wallets: an Apple Wallet pass (.pkpass) and a "Save to Google Wallet" link
// for a holder's ticket, when the organisation's keys are configured (--wallet-cert and
// --wallet-key; --google-wallet-key and --google-wallet-issuer). A pass's serial is the ticket
// and its code's issue time, so a pass belongs to one holder's code: once the ticket is given
// away, used or cancelled, the latest version Wallet fetches (Apple's pass web service) is void.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "async/worker_pool.h"
#include "core/clock.h"
#include "services/ticket_desk.h"
#include "store/ticket_store.h"
#include "tickets/google_wallet.h"
#include "tickets/pass_signer.h"

namespace tw::services {

struct WalletOptions {
  std::shared_ptr<const tickets::PassSigner> apple;     // null: no Apple Wallet passes
  std::shared_ptr<const tickets::GoogleWallet> google;  // null: no Google Wallet links
  std::string site_url;                                 // the pass web service is under it
};

// The passes of a device that changed after the time it asked about, and the latest change.
struct UpdatedPasses {
  std::vector<std::string> serials;
  std::int64_t last_updated = 0;  // UTC seconds
};

// A pass as Wallet's web service serves it: the bytes and when the ticket last changed.
struct LatestPass {
  std::string pkpass;
  std::int64_t modified_seconds = 0;
};

class WalletPasses {
 public:
  WalletPasses(TicketDesk& desk, store::TicketStore& store, WorkerPool& pool, const core::Clock& clock,
               WalletOptions options = {});

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
  // Apple's pass web service for devices: a device's Wallet registers the passes it holds (with
  // the pass's token, as latest_apple_pass; true when newly registered), unregisters them, and
  // asks which changed after a time it was told (`since`, UTC seconds; 0 for all). kInvalid
  // "invalid_device" or "invalid_push_token". Apple's push notifications are not sent: devices
  // learn of changes when Wallet asks (docs/api.md).
  Task<core::Result<bool>> register_device(std::string device_id, std::string pass_type_id, std::string serial,
                                           std::string token, std::string push_token);
  Task<core::Result<bool>> unregister_device(std::string device_id, std::string pass_type_id, std::string serial,
                                             std::string token);
  Task<core::Result<UpdatedPasses>> updated_passes(std::string device_id, std::string pass_type_id, std::int64_t since);
  // The "Save to Google Wallet" link of the user's ticket; errors as apple_pass.
  Task<core::Result<std::string>> google_save_url(std::string ticket_id, std::int64_t user_id);

 private:
  // A pass as it is now: its ticket, whether it is void, and when it last changed.
  struct PassState {
    TicketFacts facts;
    bool voided = false;
    std::int64_t modified_seconds = 0;
  };
  Task<core::Result<std::string>> build_on_pool(TicketFacts facts, bool voided);
  // kUnauthorized "pass_token" unless `token` is the serial's; kNotFound "pass_not_found".
  core::Status check_pass(const std::string& pass_type_id, const std::string& serial, const std::string& token) const;
  static core::Status check_device(const std::string& device_id);
  Task<core::Result<PassState>> state_of(const std::string& serial);

  TicketDesk& desk_;
  store::TicketStore& store_;
  WorkerPool& pool_;
  const core::Clock& clock_;
  WalletOptions options_;
};

}  // namespace tw::services
