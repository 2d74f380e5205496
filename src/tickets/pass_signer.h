#pragma once
// The organisation's Apple Wallet pass certificate and key, and what they sign. A pass's
// manifest is signed as a detached PKCS#7 (CMS) signature over the manifest's bytes, carrying
// the certificate and any chain given after it in the same PEM file (Apple's WWDR intermediate),
// as Wallet requires. The pass type id and team id are read from the certificate's subject (UID
// and OU), as Apple issues them, so the two cannot disagree.
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::tickets {

class PassSigner {
 public:
  // Reads the PEM files. kInvalid with the reason when a file is missing or unreadable, the key
  // is not the certificate's, or the subject names no pass type id (UID) or team (OU).
  static core::Result<std::shared_ptr<const PassSigner>> load(const std::string& cert_file,
                                                              const std::string& key_file);
  ~PassSigner();
  PassSigner(const PassSigner&) = delete;
  PassSigner& operator=(const PassSigner&) = delete;

  // DER bytes of a detached PKCS#7 signature over `data`, with the signing time.
  core::Result<std::string> sign_detached(std::string_view data) const;
  // The secret a pass's web-service requests carry ("Authorization: ApplePass <token>"): an
  // HMAC of its serial under a key derived from the private key, so every server that has the
  // key agrees without storing tokens, and nobody without it can forge one.
  std::string token_for(std::string_view serial) const;

  const std::string& pass_type_id() const { return pass_type_id_; }
  const std::string& team_id() const { return team_id_; }

 private:
  struct Keys;
  explicit PassSigner(std::unique_ptr<Keys> keys);
  std::unique_ptr<Keys> keys_;
  std::string pass_type_id_;
  std::string team_id_;
  std::string token_key_;  // 32 bytes
};

}  // namespace tw::tickets
