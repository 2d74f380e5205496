#pragma once
// A ticket as an Apple Wallet pass (.pkpass): a ZIP of pass.json (an eventTicket with the show,
// the seat, the holder, the time and venue and the QR code), its icons, manifest.json (each
// file's SHA-1) and `signature`, a detached PKCS#7 signature of the manifest (PassSigner). With a
// web service URL, Wallet asks the server for the latest version of the pass, so a transferred or
// cancelled ticket's pass is voided on the phone (services/wallet_passes).
#include <string>

#include "core/iso_time.h"
#include "core/result.h"
#include "tickets/pass_signer.h"

namespace tw::tickets {

struct PassFacts {
  std::string serial;           // unique per pass type: the ticket and its code's issue time
  std::string web_service_url;  // empty: a pass that never updates
  std::string auth_token;       // PassSigner::token_for(serial)
  std::string event_name, artist, venue, when;  // `when` already formatted for people
  core::ZonedTime starts_at;                    // the relevant date: Wallet shows it on the lock screen
  std::string section, row, seat, tier, price, holder, ticket_id, order_id;
  std::string code;             // what the QR code holds; empty for a void pass
  std::string color = "#4F46E5";
  bool voided = false;          // used, cancelled or given away: Wallet greys it out
};

// pass.json as Wallet reads it (tests, and the archive below).
std::string pass_json(const PassFacts& facts, const std::string& pass_type_id, const std::string& team_id);
// The .pkpass bytes. kInternal when an icon, the signature or the archive cannot be made.
core::Result<std::string> build_pkpass(const PassFacts& facts, const PassSigner& signer);

}  // namespace tw::tickets
