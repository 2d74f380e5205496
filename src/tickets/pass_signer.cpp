#include "tickets/pass_signer.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <cstdio>

#include "core/encoding.h"

namespace tw::tickets {

struct PassSigner::Keys {
  X509* cert = nullptr;
  EVP_PKEY* key = nullptr;
  STACK_OF(X509)* chain = nullptr;
  ~Keys() {
    X509_free(cert);
    EVP_PKEY_free(key);
    sk_X509_pop_free(chain, X509_free);
  }
};

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

Bio open_file(const std::string& path) { return Bio(BIO_new_file(path.c_str(), "r"), &BIO_free); }

// The UTF-8 text of the subject's first entry of `nid`, or empty.
std::string subject_entry(X509* cert, int nid) {
  X509_NAME* subject = X509_get_subject_name(cert);
  const int at = X509_NAME_get_index_by_NID(subject, nid, -1);
  if (at < 0) return {};
  unsigned char* text = nullptr;
  const int n = ASN1_STRING_to_UTF8(&text, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at)));
  if (n < 0) return {};
  std::string out(reinterpret_cast<char*>(text), static_cast<std::size_t>(n));
  OPENSSL_free(text);
  return out;
}

}  // namespace

PassSigner::PassSigner(std::unique_ptr<Keys> keys) : keys_(std::move(keys)) {}
PassSigner::~PassSigner() = default;

core::Result<std::shared_ptr<const PassSigner>> PassSigner::load(const std::string& cert_file,
                                                                 const std::string& key_file) {
  auto keys = std::make_unique<Keys>();
  auto certs = open_file(cert_file);
  if (!certs) return core::invalid("wallet_cert", "Cannot read the pass certificate " + cert_file);
  keys->cert = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr);
  if (!keys->cert) return core::invalid("wallet_cert", cert_file + " holds no PEM certificate");
  keys->chain = sk_X509_new_null();
  while (X509* more = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) sk_X509_push(keys->chain, more);
  auto key = open_file(key_file);
  if (!key) return core::invalid("wallet_key", "Cannot read the pass key " + key_file);
  keys->key = PEM_read_bio_PrivateKey(key.get(), nullptr, nullptr, nullptr);
  if (!keys->key) return core::invalid("wallet_key", key_file + " holds no unencrypted PEM private key");
  if (X509_check_private_key(keys->cert, keys->key) != 1) {
    return core::invalid("wallet_key", key_file + " is not the key of the certificate in " + cert_file);
  }
  std::shared_ptr<PassSigner> signer(new PassSigner(std::move(keys)));
  signer->pass_type_id_ = subject_entry(signer->keys_->cert, NID_userId);
  signer->team_id_ = subject_entry(signer->keys_->cert, NID_organizationalUnitName);
  if (signer->pass_type_id_.empty() || signer->team_id_.empty()) {
    return core::invalid("wallet_cert", "The pass certificate's subject must name the pass type id (UID) and the "
                                        "team (OU), as Apple's pass certificates do");
  }
  // The token key: a hash of the private key under a label, never the key itself.
  unsigned char* der = nullptr;
  const int der_len = i2d_PrivateKey(signer->keys_->key, &der);
  if (der_len <= 0) return core::invalid("wallet_key", "Cannot read the pass key " + key_file);
  std::string material = "ticketwar wallet pass tokens\n";
  material.append(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_len));
  OPENSSL_clear_free(der, static_cast<std::size_t>(der_len));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(material.data(), material.size(), digest, &digest_len, EVP_sha256(), nullptr);
  OPENSSL_cleanse(material.data(), material.size());
  signer->token_key_.assign(reinterpret_cast<char*>(digest), digest_len);
  return std::shared_ptr<const PassSigner>(std::move(signer));
}

core::Result<std::string> PassSigner::sign_detached(std::string_view data) const {
  Bio in(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())), &BIO_free);
  std::unique_ptr<PKCS7, decltype(&PKCS7_free)> p7(
      PKCS7_sign(keys_->cert, keys_->key, keys_->chain, in.get(), PKCS7_BINARY | PKCS7_DETACHED), &PKCS7_free);
  if (!p7) return core::internal("Could not sign the pass");
  unsigned char* der = nullptr;
  const int n = i2d_PKCS7(p7.get(), &der);
  if (n <= 0) return core::internal("Could not encode the pass's signature");
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

std::string PassSigner::token_for(std::string_view serial) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), token_key_.data(), static_cast<int>(token_key_.size()),
       reinterpret_cast<const unsigned char*>(serial.data()), serial.size(), mac, &mac_len);
  return core::base64url(std::string_view(reinterpret_cast<char*>(mac), mac_len));
}

}  // namespace tw::tickets
