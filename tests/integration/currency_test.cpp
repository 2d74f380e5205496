// Issue 33, item 4: an event sells in its own ISO 4217 currency, set at creation and fixed once
// seats are held or sold. Amounts stay integer minor units of it (none for KRW); answers name the
// currency and its decimals beside every amount; the processor charges in it; the receipt and the
// box-office CSV write it. The demo shows sell London in GBP, Dublin in EUR and Seoul in KRW. On
// SQLite and PostgreSQL (a database suite).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

#include "store/sqlite/sqlite_db.h"
#include "support/api_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

class Currency : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
    admin_ = sign_in(port(), kDevAdminEmail, kDevAdminPassword);
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  // A hall of one row of five seats at `base_price` (major units of `currency`).
  static HttpResult create_show(const std::string& name, const std::string& currency, const std::string& base_price) {
    const std::string layout = R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":1,)"
                               R"("seatsPerRow":5,"basePrice":)" + base_price + "}]}";
    return http_request(port(), "POST", "/api/events",
                        R"({"name":")" + name + R"(","artist":"A","venue":"Hall","currency":")" + currency +
                            R"(","startsAt":"2027-10-01T20:00:00+09:00","layout":)" + layout + "}",
                        bearer_json(admin_));
  }
  static HttpResult edit(std::int64_t id, const std::string& body) {
    return http_request(port(), "PUT", "/api/events/" + std::to_string(id), body, bearer_json(admin_));
  }
  static inline std::unique_ptr<ServerProcess> server_;
  static inline TestUser admin_;
};

TEST_F(Currency, TheDemoShowsSellInTheirCountrysCurrency) {
  const auto page = http_get(port(), "/api/events?limit=50").json();
  std::map<std::string, std::pair<std::string, std::int64_t>> by_slug;
  for (const auto& e : page.at("events").as_array()) {
    by_slug[std::string(e.at("slug").as_string())] = {std::string(e.at("currency").as_string()),
                                                      e.at("currencyDigits").as_int64()};
  }
  EXPECT_EQ(by_slug["coldplay-music-of-the-spheres"].first, "GBP") << "Wembley, London";
  EXPECT_EQ(by_slug["imagine-dragons-loom-arena"].first, "GBP") << "The O2, London";
  EXPECT_EQ(by_slug["ed-sheeran-mathematics"].first, "EUR") << "Croke Park, Dublin";
  EXPECT_EQ(by_slug["bts-yet-to-come"], std::pair(std::string("KRW"), std::int64_t{0})) << "Seoul, in whole won";
  EXPECT_EQ(by_slug["taylor-swift-eras"], std::pair(std::string("USD"), std::int64_t{2}));

  const auto map = http_get(port(), "/api/events/bts-yet-to-come/seatmap").json();
  EXPECT_EQ(map.at("currency"), "KRW");
  EXPECT_EQ(map.at("currencyDigits"), 0);
  std::int64_t cheapest = -1;
  for (const auto& t : map.at("tiers").as_array()) {
    const auto p = t.at("minPriceCents").as_int64();
    if (cheapest < 0 || p < cheapest) cheapest = p;
  }
  EXPECT_EQ(cheapest, 112'500) << "Economy's $75 as KRW 112,500, not 7,500 won";
}

TEST_F(Currency, AShowInWonIsHeldChargedReceiptedAndExportedInWon) {
  auto created = create_show("Won Night", "krw", "150000");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto show = created.json();
  EXPECT_EQ(show.at("currency"), "KRW") << "codes are taken in either case";
  const auto id = show.at("id").as_int64();
  const std::string slug(show.at("slug").as_string());
  EXPECT_EQ(show.at("priceFromCents"), 150'000) << "basePrice is in won: no minor unit";

  auto fan = sign_up(port(), "won-fan");
  auto hold = http_request(port(), "POST", "/api/events/" + slug + "/holds", seats_body({"F-A-1"}), bearer(fan));
  ASSERT_EQ(hold.status, 201) << hold.body;
  const auto h = hold.json();
  EXPECT_EQ(h.at("currency"), "KRW");
  EXPECT_EQ(h.at("currencyDigits"), 0);
  EXPECT_EQ(h.at("subtotalCents"), 150'000);
  EXPECT_EQ(h.at("feeCents"), 15'000);
  EXPECT_EQ(h.at("totalCents"), 165'000);

  auto headers = bearer_json(fan);
  headers["Idempotency-Key"] = "won-1";
  auto paid = http_request(port(), "POST", "/api/checkout", checkout_body(std::string(h.at("holdId").as_string()),
                                                                          "4242424242424242"), headers);
  ASSERT_EQ(paid.status, 201) << paid.body;
  const auto order = paid.json();
  EXPECT_EQ(order.at("currency"), "KRW");
  EXPECT_EQ(order.at("totalCents"), 165'000);
  EXPECT_EQ(order.at("tickets").at(0).at("currency"), "KRW");
  const std::string order_id(order.at("orderId").as_string());

  {  // The processor's own ledger charged 165,000 won, not 165,000 of anything else.
    store::sqlite::Connection ledger(server_->data_dir() + "/payment-processor.db");
    auto charge = ledger.prepare("SELECT amount_cents, currency FROM charges WHERE status = 'approved'"
                                 " AND amount_cents = 165000");
    ASSERT_TRUE(charge.step()) << "no charge of 165000 in the ledger";
    EXPECT_EQ(charge.text(1), "KRW");
  }

  const auto receipt = wait_for_file(server_->data_dir() + "/mail/receipt-" + order_id + "_ticketwar.eml");
  ASSERT_FALSE(receipt.empty());
  const auto text = mime_parts(receipt).at(0).second;
  EXPECT_NE(text.find("\u20a9165,000"), std::string::npos) << "the total in won: " << text;
  EXPECT_EQ(text.find("$"), std::string::npos) << "no dollars anywhere: " << text;

  // The activity log and webhooks say what the amounts are in: the payment has no show of its own.
  // (The audit consumer follows the event log on its own: up to 10 s.)
  json::value audit;
  const json::value* entry = nullptr;
  for (int i = 0; i < 100 && !entry; ++i, std::this_thread::sleep_for(std::chrono::milliseconds(100))) {
    audit = http_get(port(), "/api/admin/audit?type=payment_processed&limit=200", bearer(admin_)).json();
    for (const auto& e : audit.at("entries").as_array()) {
      if (e.at("payload").at("amountCents") == 165'000) entry = &e;
    }
  }
  ASSERT_NE(entry, nullptr) << "the payment is not in the activity log";
  EXPECT_EQ(entry->at("payload").at("currency"), "KRW");
  EXPECT_EQ(entry->at("currency"), "KRW");
  EXPECT_EQ(entry->at("currencyDigits"), 0);

  const auto ticket = http_get(port(), "/api/tickets", bearer(fan)).json().at("tickets").at(0);
  EXPECT_EQ(ticket.at("currency"), "KRW");

  const auto csv = http_get(port(), "/api/admin/events/" + std::to_string(id) + "/tickets.csv", bearer(admin_));
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find(R"("150000","15000","165000","KRW")"), std::string::npos) << csv.body;

  const auto stats = http_get(port(), "/api/admin/stats", bearer(admin_)).json();
  bool won = false;
  for (const auto& r : stats.at("totals").at("revenueByCurrency").as_array()) {
    if (r.at("currency") == "KRW") won = r.at("revenueCents").as_int64() >= 165'000;
  }
  EXPECT_TRUE(won) << "revenue in won is summed apart: " << json::serialize(stats.at("totals"));
  EXPECT_TRUE(stats.at("totals").at("revenueCents").is_null()) << "amounts of several currencies are never added";
}

TEST_F(Currency, TheCurrencyIsAnIso4217CodeFixedOnceSeatsAreHeld) {
  for (const char* bad : {"XYZ", "US", "DOLLARS", "XAU", ""}) {
    auto r = create_show(std::string("Bad money ") + bad, bad, "10");
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(error_code(r), "invalid_event") << bad;
  }
  auto created = create_show("Moving money", "USD", "10");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json().at("id").as_int64();
  const std::string slug(created.json().at("slug").as_string());

  auto before = edit(id, R"({"currency":"EUR"})");
  ASSERT_EQ(before.status, 200) << "nothing held yet: the organiser may still choose: " << before.body;
  EXPECT_EQ(before.json().at("currency"), "EUR");
  EXPECT_EQ(http_get(port(), "/api/events/" + slug + "/seatmap").json().at("currency"), "EUR")
      << "the seat map follows the event's currency";

  auto fan = sign_up(port(), "money-mover");
  ASSERT_EQ(http_request(port(), "POST", "/api/events/" + slug + "/holds", seats_body({"F-A-2"}), bearer(fan)).status,
            201);
  auto after = edit(id, R"({"currency":"GBP"})");
  EXPECT_EQ(after.status, 409) << after.body;
  EXPECT_EQ(error_code(after), "currency_locked");
  EXPECT_EQ(http_get(port(), "/api/events/" + slug).json().at("currency"), "EUR") << "nothing changed";
  auto same = edit(id, R"({"name":"Moving money, renamed","currency":"EUR"})");
  EXPECT_EQ(same.status, 200) << "naming the same currency is no change: " << same.body;
}

}  // namespace tw::testing
