#pragma once
// "Save to Google Wallet": a link carrying a JWT (RS256) signed with the issuer's Google service
// account key, holding an event ticket class (the show) and object (the seat, the holder, the
// QR code). Google reads the link when the fan opens it; nothing is sent from here.
#include <cstdint>
#include <memory>
#include <string>

#include "core/iso_time.h"
#include "core/result.h"

namespace tw::tickets {

struct GoogleTicketFacts {
  std::string class_suffix;   // the show: one class per event
  std::string object_suffix;  // the pass: one per ticket and code
  std::string event_name, venue;
  core::ZonedTime starts_at;
  std::string section, row, seat, tier, holder, ticket_id;
  std::string code;  // the QR code's text; empty for a void pass
  std::string color = "#4F46E5";
  bool voided = false;
};

class GoogleWallet {
 public:
  // Reads a service account's JSON key file (client_email, private_key: an RSA key) for the
  // Google Wallet issuer `issuer_id`. kInvalid with the reason otherwise.
  static core::Result<std::shared_ptr<const GoogleWallet>> load(const std::string& key_file, std::string issuer_id);
  ~GoogleWallet();
  GoogleWallet(const GoogleWallet&) = delete;
  GoogleWallet& operator=(const GoogleWallet&) = delete;

  // The signed JWT; `origin` is the site the link is shown on, `now_seconds` its issue time.
  core::Result<std::string> save_jwt(const GoogleTicketFacts& facts, const std::string& origin,
                                     std::int64_t now_seconds) const;
  // https://pay.google.com/gp/v/save/<jwt>
  static std::string save_url(const std::string& jwt);

 private:
  struct Key;
  GoogleWallet(std::unique_ptr<Key> key, std::string client_email, std::string issuer_id);
  std::unique_ptr<Key> key_;
  std::string client_email_;
  std::string issuer_id_;
};

}  // namespace tw::tickets
