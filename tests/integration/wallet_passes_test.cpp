// Tickets in phone wallets (issue 34, items 5 and 6), with throwaway keys made here by openssl:
// a CA and an Apple-style pass certificate (UID = pass type id, OU = team), and an RSA service
// account key for Google. The .pkpass is unpacked and checked as Wallet would: every file's
// SHA-1 in the manifest, the detached PKCS#7 signature verified by `openssl smime -verify`
// against the CA; the pass web service answers the latest pass, void once the ticket is given
// away. The Google link's JWT is verified with `openssl dgst -verify` and its fields read.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <thread>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/encoding.h"
#include "support/api_client.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

namespace {

constexpr const char* kPassType = "pass.com.ticketwar.test";
constexpr const char* kTeam = "TEAM123456";
constexpr const char* kIssuer = "3388000000012345678";

void spill(const std::filesystem::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// The keys, made once for the suite.
struct WalletKeys {
  std::filesystem::path dir;
  WalletKeys() : dir(std::filesystem::temp_directory_path() / ("tw-wallet-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir);
    const auto d = dir.string();
    run_command(
        "cd '" + d + "' && "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=Test WWDR CA' "
        "2>/dev/null && "
        "openssl req -newkey rsa:2048 -nodes -keyout pass.key -out pass.csr -subj '/UID=" + std::string(kPassType) +
        "/CN=Pass Type ID: " + kPassType + "/OU=" + kTeam + "/O=TicketWar Test/C=GB' 2>/dev/null && "
        "openssl x509 -req -in pass.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out pass.pem -days 2 2>/dev/null && "
        "cat pass.pem ca.pem > pass-chain.pem && "
        "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out google.key 2>/dev/null && "
        "openssl pkey -in google.key -pubout -out google.pub 2>/dev/null");
    const json::object account{{"type", "service_account"},
                               {"client_email", "wallet@ticketwar-test.iam.gserviceaccount.com"},
                               {"private_key", read_file((dir / "google.key").string())}};
    spill(dir / "google.json", json::serialize(account));
  }
  ~WalletKeys() { std::filesystem::remove_all(dir); }
  std::string path(const char* name) const { return (dir / name).string(); }
};

}  // namespace

class WalletPasses : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys_ = std::make_unique<WalletKeys>();
    ASSERT_TRUE(std::filesystem::exists(keys_->dir / "pass-chain.pem")) << "openssl made no certificate";
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--dev", "--public-url", "https://tickets.example", "--wallet-cert", keys_->path("pass-chain.pem"),
        "--wallet-key", keys_->path("pass.key"), "--google-wallet-key", keys_->path("google.json"),
        "--google-wallet-issuer", kIssuer});
  }
  static void TearDownTestSuite() {
    server_.reset();
    keys_.reset();
  }
  static std::uint16_t port() { return server_->port(); }
  static json::value ticket(const TestUser& u, const std::string& id) {
    auto r = http_get(port(), "/api/tickets/" + id, bearer(u));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // Unpacks a .pkpass into `into`; the names of its files.
  static std::string unpack(const std::string& pkpass, const std::filesystem::path& into) {
    std::filesystem::create_directories(into);
    spill(into / "pass.pkpass", pkpass);
    return run_command("cd '" + into.string() +
                       "' && /usr/bin/python3 -c \"import zipfile; z = zipfile.ZipFile('pass.pkpass'); "
                       "z.extractall('files'); print(' '.join(sorted(z.namelist())))\" 2>&1");
  }
  // The serial and web-service token of the fan's pass for the ticket, read from its pass.json.
  static std::pair<std::string, std::string> serial_and_token(const TestUser& fan, const std::string& id,
                                                              const std::string& dir_name) {
    auto r = http_get(port(), "/api/tickets/" + id + "/pass.pkpass", bearer(fan));
    EXPECT_EQ(r.status, 200) << r.body;
    const auto dir = keys_->dir / dir_name;
    unpack(r.body, dir);
    const auto pass = json::parse(read_file((dir / "files" / "pass.json").string())).as_object();
    return {std::string(pass.at("serialNumber").as_string()), std::string(pass.at("authenticationToken").as_string())};
  }
  static inline std::unique_ptr<WalletKeys> keys_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(WalletPasses, APassIsSignedItsManifestHashesItsFilesAndItCarriesTheTicket) {
  const std::string fan_name = "wallet";
  auto fan = sign_up(port(), fan_name);
  const auto id = buy_ticket(port(), fan, "coldplay-music-of-the-spheres", "VIP-B-7");
  const auto t = ticket(fan, id);
  ASSERT_EQ(t.at("appleWalletPass"), json::value("/api/tickets/" + id + "/pass.pkpass"));
  auto r = http_get(port(), "/api/tickets/" + id + "/pass.pkpass", bearer(fan));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/vnd.apple.pkpass");
  const auto dir = keys_->dir / ("pass-" + id);
  EXPECT_EQ(unpack(r.body, dir), "icon.png icon@2x.png icon@3x.png manifest.json pass.json signature");
  const auto files = dir / "files";

  // Every file but the manifest and signature is in the manifest with its SHA-1.
  const auto manifest = json::parse(read_file((files / "manifest.json").string())).as_object();
  EXPECT_EQ(manifest.size(), 4u);
  for (const auto& [name, hash] : manifest) {
    const auto sum = run_command("sha1sum '" + (files / std::string(name)).string() + "' | cut -c1-40");
    EXPECT_EQ(std::string(hash.as_string()), sum) << name;
  }
  // The signature is a detached PKCS#7 of the manifest by the pass certificate, which the CA
  // (standing in for Apple's WWDR) vouches for.
  const auto verified = run_command("openssl smime -verify -binary -inform DER -in '" + (files / "signature").string() +
                                    "' -content '" + (files / "manifest.json").string() + "' -CAfile '" +
                                    keys_->path("ca.pem") + "' -purpose any -out /dev/null 2>&1");
  EXPECT_NE(verified.find("Verification successful"), std::string::npos) << verified;
  spill(files / "manifest.json", read_file((files / "manifest.json").string()) + " ");
  const auto tampered = run_command("openssl smime -verify -binary -inform DER -in '" + (files / "signature").string() +
                                    "' -content '" + (files / "manifest.json").string() + "' -CAfile '" +
                                    keys_->path("ca.pem") + "' -purpose any -out /dev/null 2>&1");
  EXPECT_EQ(tampered.find("Verification successful"), std::string::npos) << "a changed manifest fails";

  const auto pass = json::parse(read_file((files / "pass.json").string())).as_object();
  EXPECT_EQ(pass.at("formatVersion"), 1);
  EXPECT_EQ(pass.at("passTypeIdentifier"), kPassType);
  EXPECT_EQ(pass.at("teamIdentifier"), kTeam);
  EXPECT_EQ(pass.at("relevantDate"), "2027-03-12T19:30:00Z");
  EXPECT_EQ(pass.at("webServiceURL"), "https://tickets.example/api/wallet");
  EXPECT_GE(pass.at("authenticationToken").as_string().size(), 16u);
  EXPECT_EQ(pass.at("voided"), false);
  EXPECT_EQ(pass.at("barcodes").at(0).at("message"), t.at("code"));
  EXPECT_EQ(pass.at("barcodes").at(0).at("format"), "PKBarcodeFormatQR");
  const auto& fields = pass.at("eventTicket").as_object();
  EXPECT_EQ(fields.at("primaryFields").at(0).at("value"), "Coldplay: Music of the Spheres");
  EXPECT_EQ(fields.at("secondaryFields").at(1).at("value"), "B");
  EXPECT_EQ(fields.at("secondaryFields").at(2).at("value"), "7");
  EXPECT_EQ(fields.at("auxiliaryFields").at(0).at("value"), "Wembley Stadium, London");
  EXPECT_EQ(fields.at("auxiliaryFields").at(1).at("value"), json::value(fan_name));
}

TEST_F(WalletPasses, TheWebServiceServesTheLatestPassAndVoidsItOnceTheTicketIsGivenAway) {
  auto fan = sign_up(port(), "walletws");
  auto friend_ = sign_up(port(), "walletfriend");
  const auto id = buy_ticket(port(), fan, "coldplay-music-of-the-spheres", "VIP-B-8");
  const auto [serial, token] = serial_and_token(fan, id, "ws-" + id);
  const auto path = std::string("/api/wallet/v1/passes/") + kPassType + "/" + serial;

  auto latest = http_get(port(), path, {{"Authorization", "ApplePass " + token}});
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.header("content-type"), "application/vnd.apple.pkpass");
  const auto modified = latest.header("last-modified");
  ASSERT_FALSE(modified.empty());
  EXPECT_EQ(http_get(port(), path, {{"Authorization", "ApplePass " + token}, {"If-Modified-Since", modified}}).status,
            304);
  EXPECT_EQ(http_get(port(), path, {{"Authorization", "ApplePass " + token + "x"}}).status, 401);
  EXPECT_EQ(http_get(port(), path).status, 401);
  EXPECT_EQ(http_get(port(), std::string("/api/wallet/v1/passes/pass.other/") + serial,
                     {{"Authorization", "ApplePass " + token}}).status,
            404);

  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  ASSERT_EQ(http_request(port(), "POST", "/api/tickets/" + id + "/transfer", json_body({{"email", friend_.email}}), h)
                .status,
            200);
  auto after = http_get(port(), path, {{"Authorization", "ApplePass " + token}, {"If-Modified-Since", modified}});
  ASSERT_EQ(after.status, 200) << "a ticket given away is news to the giver's Wallet";
  const auto after_dir = keys_->dir / ("ws-after-" + id);
  unpack(after.body, after_dir);
  const auto voided = json::parse(read_file((after_dir / "files" / "pass.json").string())).as_object();
  EXPECT_EQ(voided.at("voided"), true);
  EXPECT_FALSE(voided.contains("barcodes")) << "no code on a void pass";
  EXPECT_EQ(voided.at("eventTicket").at("auxiliaryFields").at(1).at("value"), "")
      << "the giver does not learn who holds it now";
  EXPECT_EQ(http_get(port(), "/api/tickets/" + id + "/pass.pkpass", bearer(fan)).status, 404) << "no longer theirs";
  EXPECT_EQ(http_get(port(), "/api/tickets/" + id + "/pass.pkpass", bearer(friend_)).status, 200);
}

// Issue 34, item 5: Apple's pass web service for devices. A device's Wallet registers the pass
// (with its token), asks which of its passes changed since the tag it was given, and fetches
// those; a pass given away is listed as changed. Unregistering stops that.
TEST_F(WalletPasses, ADeviceRegistersItsPassAndLearnsWhenItChanges) {
  auto fan = sign_up(port(), "walletdevice");
  auto friend_ = sign_up(port(), "walletdevicefriend");
  const auto id = buy_ticket(port(), fan, "coldplay-music-of-the-spheres", "VIP-C-9");
  const auto [serial, token] = serial_and_token(fan, id, "dev-" + id);
  const std::string device = "a1b2c3d4e5f6";
  const auto registration = std::string("/api/wallet/v1/devices/") + device + "/registrations/" + kPassType;
  const std::map<std::string, std::string> auth{{"Authorization", "ApplePass " + token},
                                                {"Content-Type", "application/json"}};
  const auto push = json_body({{"pushToken", "0123456789abcdef"}});

  EXPECT_EQ(http_request(port(), "POST", registration + "/" + serial, push).status, 401) << "no token";
  EXPECT_EQ(http_request(port(), "POST", registration + "/" + serial, push,
                         {{"Authorization", "ApplePass " + token + "x"}, {"Content-Type", "application/json"}})
                .status,
            401);
  EXPECT_EQ(http_request(port(), "POST", registration + "/" + serial, "{}", auth).status, 400) << "no push token";
  EXPECT_EQ(http_request(port(), "POST", std::string("/api/wallet/v1/devices/bad%20id/registrations/") + kPassType +
                                             "/" + serial,
                         push, auth)
                .status,
            400);
  EXPECT_EQ(http_request(port(), "POST", registration + "/" + serial, push, auth).status, 201);
  EXPECT_EQ(http_request(port(), "POST", registration + "/" + serial, push, auth).status, 200) << "already held";

  auto all = http_get(port(), registration);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json().at("serialNumbers").at(0), json::value(serial));
  const std::string tag(all.json().at("lastUpdated").as_string());
  EXPECT_EQ(http_get(port(), registration + "?passesUpdatedSince=" + tag).status, 204) << "nothing new since";
  EXPECT_EQ(http_get(port(), registration + "?passesUpdatedSince=yesterday").status, 400);
  EXPECT_EQ(http_get(port(), "/api/wallet/v1/devices/unknowndevice/registrations/" + std::string(kPassType)).status,
            204);

  // Seconds tick between the sale and the gift, so the change is later than the tag.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  ASSERT_EQ(http_request(port(), "POST", "/api/tickets/" + id + "/transfer", json_body({{"email", friend_.email}}), h)
                .status,
            200);
  auto changed = http_get(port(), registration + "?passesUpdatedSince=" + tag);
  ASSERT_EQ(changed.status, 200) << "a pass given away is news to the device";
  EXPECT_EQ(changed.json().at("serialNumbers").at(0), json::value(serial));
  EXPECT_GT(std::stoll(std::string(changed.json().at("lastUpdated").as_string())), std::stoll(tag));

  EXPECT_EQ(http_request(port(), "DELETE", registration + "/" + serial, "", auth).status, 200);
  EXPECT_EQ(http_get(port(), registration).status, 204) << "unregistered: nothing to tell it";
}

TEST_F(WalletPasses, TheGoogleWalletLinkIsAJwtSignedWithTheServiceAccountKey) {
  const std::string fan_name = "gwallet";
  auto fan = sign_up(port(), fan_name);
  const auto id = buy_ticket(port(), fan, "coldplay-music-of-the-spheres", "VIP-B-9");
  const auto t = ticket(fan, id);
  ASSERT_EQ(t.at("googleWalletLink"), json::value("/api/tickets/" + id + "/google-wallet"));
  auto r = http_get(port(), "/api/tickets/" + id + "/google-wallet", bearer(fan));
  ASSERT_EQ(r.status, 302) << r.body;
  const auto location = r.header("location");
  const std::string prefix = "https://pay.google.com/gp/v/save/";
  ASSERT_EQ(location.rfind(prefix, 0), 0u) << location;
  const auto jwt = location.substr(prefix.size());
  const auto dot1 = jwt.find('.');
  const auto dot2 = jwt.rfind('.');
  ASSERT_NE(dot1, dot2);
  const auto header = json::parse(*core::from_base64url(jwt.substr(0, dot1)));
  EXPECT_EQ(header.at("alg"), "RS256");
  const auto dir = keys_->dir / ("jwt-" + id);
  std::filesystem::create_directories(dir);
  spill(dir / "input", jwt.substr(0, dot2));
  spill(dir / "signature", *core::from_base64url(jwt.substr(dot2 + 1)));
  const auto check = [&] {
    return run_command("openssl dgst -sha256 -verify '" + keys_->path("google.pub") + "' -signature '" +
                       (dir / "signature").string() + "' '" + (dir / "input").string() + "' 2>&1");
  };
  EXPECT_EQ(check(), "Verified OK");
  spill(dir / "input", jwt.substr(0, dot2) + "x");
  EXPECT_NE(check(), "Verified OK") << "a changed token fails";

  const auto claims = json::parse(*core::from_base64url(jwt.substr(dot1 + 1, dot2 - dot1 - 1))).as_object();
  EXPECT_EQ(claims.at("iss"), "wallet@ticketwar-test.iam.gserviceaccount.com");
  EXPECT_EQ(claims.at("aud"), "google");
  EXPECT_EQ(claims.at("typ"), "savetowallet");
  EXPECT_EQ(claims.at("origins").at(0), "https://tickets.example");
  const auto& object = claims.at("payload").at("eventTicketObjects").at(0);
  const auto& klass = claims.at("payload").at("eventTicketClasses").at(0);
  EXPECT_EQ(object.at("barcode").at("value"), t.at("code"));
  EXPECT_EQ(object.at("barcode").at("type"), "QR_CODE");
  EXPECT_EQ(object.at("classId"), klass.at("id"));
  EXPECT_EQ(object.at("id").as_string().find(std::string(kIssuer) + ".ticket-" + id), 0u);
  EXPECT_EQ(object.at("seatInfo").at("row").at("defaultValue").at("value"), "B");
  EXPECT_EQ(object.at("ticketHolderName"), json::value(fan_name));
  EXPECT_EQ(klass.at("eventName").at("defaultValue").at("value"), "Coldplay: Music of the Spheres");
  EXPECT_EQ(klass.at("dateTime").at("start"), "2027-03-12T19:30:00Z");
}

TEST_F(WalletPasses, OnlyTheHolderGetsAPassAndASiteWithoutKeysOffersNone) {
  auto owner = sign_up(port(), "walletowner");
  auto other = sign_up(port(), "walletnosy");
  const auto id = buy_ticket(port(), owner, "coldplay-music-of-the-spheres", "VIP-B-10");
  EXPECT_EQ(http_get(port(), "/api/tickets/" + id + "/pass.pkpass", bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + id + "/google-wallet", bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + id + "/pass.pkpass").status, 401);

  ServerProcess plain({"--dev"});
  auto fan = sign_up(plain.port(), "nowallet");
  const auto plain_id = buy_ticket(plain.port(), fan, "coldplay-music-of-the-spheres", "VIP-B-11");
  const auto t = http_get(plain.port(), "/api/tickets/" + plain_id, bearer(fan)).json();
  EXPECT_FALSE(t.as_object().contains("appleWalletPass"));
  EXPECT_FALSE(t.as_object().contains("googleWalletLink"));
  auto pass = http_get(plain.port(), "/api/tickets/" + plain_id + "/pass.pkpass", bearer(fan));
  EXPECT_EQ(pass.status, 404);
  EXPECT_EQ(error_code(pass), "wallet_not_configured");
}

TEST_F(WalletPasses, AServerWithAKeyThatIsNotTheCertificatesRefusesToStart) {
  const auto out = run_command(std::string(TW_BINARY) + " serve --port 0 --data-dir '" + keys_->path("bad-data") +
                               "' --wallet-cert '" + keys_->path("pass.pem") + "' --wallet-key '" +
                               keys_->path("ca.key") + "' 2>&1; echo exit=$?");
  EXPECT_NE(out.find("is not the key of the certificate"), std::string::npos) << out;
  EXPECT_EQ(out.find("exit=0"), std::string::npos) << out;
}

}  // namespace tw::testing
