#include "tickets/google_wallet.h"

#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "core/encoding.h"

namespace tw::tickets {

struct GoogleWallet::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

namespace json = boost::json;

json::object localized(const std::string& text) {
  return {{"defaultValue", json::object{{"language", "en-US"}, {"value", text}}}};
}

// Google's ids allow letters, digits, '.', '_' and '-'; anything else becomes '_'.
std::string id_part(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  }
  return out;
}

json::object ticket_class(const std::string& id, const GoogleTicketFacts& f) {
  return {{"id", id},
          {"issuerName", "TicketWar"},
          {"reviewStatus", "UNDER_REVIEW"},
          {"eventName", localized(f.event_name)},
          {"venue", json::object{{"name", localized(f.venue)}, {"address", localized(f.venue)}}},
          {"dateTime", json::object{{"start", core::format_iso8601(f.starts_at)}}},
          {"hexBackgroundColor", f.color}};
}

json::object ticket_object(const std::string& id, const std::string& class_id, const GoogleTicketFacts& f) {
  json::object o{{"id", id},
                 {"classId", class_id},
                 {"state", f.voided ? "INACTIVE" : "ACTIVE"},
                 {"ticketHolderName", f.holder},
                 {"ticketNumber", f.ticket_id},
                 {"ticketType", localized(f.tier)},
                 {"seatInfo", json::object{{"section", localized(f.section)},
                                           {"row", localized(f.row)},
                                           {"seat", localized(f.seat)}}},
                 {"hexBackgroundColor", f.color}};
  if (!f.code.empty() && !f.voided) {
    o["barcode"] = json::object{{"type", "QR_CODE"}, {"value", f.code},
                                {"alternateText", f.section + " " + f.row + " " + f.seat}};
  }
  return o;
}

}  // namespace

GoogleWallet::GoogleWallet(std::unique_ptr<Key> key, std::string client_email, std::string issuer_id)
    : key_(std::move(key)), client_email_(std::move(client_email)), issuer_id_(std::move(issuer_id)) {}
GoogleWallet::~GoogleWallet() = default;

core::Result<std::shared_ptr<const GoogleWallet>> GoogleWallet::load(const std::string& key_file,
                                                                     std::string issuer_id) {
  std::ifstream in(key_file);
  if (!in) return core::invalid("google_wallet_key", "Cannot read the Google service account key " + key_file);
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  const auto doc = json::parse(text.str(), ec);
  const auto* account = doc.if_object();
  const auto* email = account ? account->if_contains("client_email") : nullptr;
  const auto* pem = account ? account->if_contains("private_key") : nullptr;
  if (ec || !email || !email->is_string() || !pem || !pem->is_string()) {
    return core::invalid("google_wallet_key", key_file + " is not a service account key (client_email, private_key)");
  }
  if (issuer_id.empty() || id_part(issuer_id) != issuer_id) {
    return core::invalid("google_wallet_issuer", "The Google Wallet issuer id is missing or malformed");
  }
  const auto& pem_text = pem->as_string();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem_text.data(), static_cast<int>(pem_text.size())),
                                                &BIO_free);
  auto key = std::make_unique<Key>();
  key->pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (!key->pkey || EVP_PKEY_get_base_id(key->pkey) != EVP_PKEY_RSA) {
    return core::invalid("google_wallet_key", key_file + "'s private_key is not an RSA key in PEM");
  }
  return std::shared_ptr<const GoogleWallet>(
      new GoogleWallet(std::move(key), std::string(email->as_string()), std::move(issuer_id)));
}

core::Result<std::string> GoogleWallet::save_jwt(const GoogleTicketFacts& f, const std::string& origin,
                                                 std::int64_t now_seconds) const {
  const auto class_id = issuer_id_ + "." + id_part(f.class_suffix);
  const auto object_id = issuer_id_ + "." + id_part(f.object_suffix);
  const json::object claims{
      {"iss", client_email_},
      {"aud", "google"},
      {"typ", "savetowallet"},
      {"iat", now_seconds},
      {"origins", json::array{json::value(origin)}},
      {"payload", json::object{{"eventTicketClasses", json::array{ticket_class(class_id, f)}},
                               {"eventTicketObjects", json::array{ticket_object(object_id, class_id, f)}}}}};
  const auto signing_input = core::base64url(std::string_view(R"({"alg":"RS256","typ":"JWT"})")) + "." +
                             core::base64url(std::string_view(json::serialize(claims)));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
    return core::internal("Could not sign the Google Wallet pass");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
    return core::internal("Could not sign the Google Wallet pass");
  }
  signature.resize(length);
  return signing_input + "." + core::base64url(std::string_view(signature));
}

std::string GoogleWallet::save_url(const std::string& jwt) { return "https://pay.google.com/gp/v/save/" + jwt; }

}  // namespace tw::tickets
