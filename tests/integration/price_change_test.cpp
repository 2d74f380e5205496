// Issue 33, item 5: an admin sets a new price for a show's price tier. Seats held before keep
// the price they were held at, through checkout; later holds pay the new price; the change is in
// the activity log with the admin's email. On SQLite and PostgreSQL (a database suite).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "support/api_client.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;
namespace json = boost::json;

class PriceChange : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
    admin_ = sign_in(port(), kDevAdminEmail, kDevAdminPassword);
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  // A show with a floor ("ga", two rows of five at $40 at the back) and a balcony ("bal", $25).
  static std::pair<std::string, std::string> new_show(const std::string& name) {
    const std::string layout =
        R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":2,"seatsPerRow":5,"basePrice":40},)"
        R"({"id":"B","name":"Balcony","tier":"bal","rows":1,"seatsPerRow":5,"basePrice":25,"position":{"x":0,"y":4}}]})";
    auto created = http_request(port(), "POST", "/api/events",
                                R"({"name":")" + name + R"(","artist":"A","venue":"Hall",)"
                                R"("startsAt":"2027-10-01T20:00:00+02:00","layout":)" + layout + "}",
                                bearer_json(admin_));
    if (created.status != 201) throw std::runtime_error("show not created: " + created.body);
    const auto j = created.json();
    return {std::to_string(j.at("id").as_int64()), std::string(j.at("slug").as_string())};
  }
  static HttpResult set_price(const std::string& id, const std::string& body, const TestUser& who = admin_) {
    return http_request(port(), "PUT", "/api/admin/events/" + id + "/prices", body, bearer_json(who));
  }
  static HttpResult hold(const TestUser& u, const std::string& slug, const char* seat) {
    return http_request(port(), "POST", "/api/events/" + slug + "/holds", seats_body({seat}), bearer(u));
  }
  static inline std::unique_ptr<ServerProcess> server_;
  static inline TestUser admin_;
};

TEST_F(PriceChange, AHeldSeatIsPaidAtItsPriceAndLaterHoldsPayTheNewOne) {
  const auto [id, slug] = new_show("Repriced");
  const auto before = http_get(port(), "/api/admin/events/" + id + "/prices", bearer(admin_));
  ASSERT_EQ(before.status, 200) << before.body;
  const auto prices = before.json();
  const auto& tiers = prices.at("tiers").as_array();
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers.at(0).at("tier"), "ga");
  EXPECT_EQ(tiers.at(0).at("basePriceCents"), 40'00);
  EXPECT_EQ(tiers.at(0).at("topPriceCents"), 44'00) << "the front row adds 10 %";

  auto fan = sign_up(port(), "held-early");
  auto held = hold(fan, slug, "F-B-1");
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_EQ(held.json().at("subtotalCents"), 40'00);
  const std::string hold_id(held.json().at("holdId").as_string());

  auto changed = set_price(id, R"({"tier":"ga","basePriceCents":6000})");
  ASSERT_EQ(changed.status, 200) << changed.body << " (allowed with a seat held)";
  EXPECT_EQ(changed.json().at("tiers").at(0).at("basePriceCents"), 60'00);

  auto again = http_get(port(), "/api/holds/" + hold_id, bearer(fan));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("subtotalCents"), 40'00) << "the hold keeps its price";
  auto headers = bearer(fan);
  headers["Idempotency-Key"] = "repriced-1";
  auto paid = http_request(port(), "POST", "/api/checkout", checkout_body(hold_id, kApprove), headers);
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.json().at("subtotalCents"), 40'00);
  EXPECT_EQ(paid.json().at("totalCents"), held.json().at("totalCents")) << "charged what the hold showed";
  EXPECT_EQ(paid.json().at("tickets").at(0).at("priceCents"), 40'00);

  auto later = hold(sign_up(port(), "held-late"), slug, "F-B-2");
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(later.json().at("subtotalCents"), 60'00);
  EXPECT_EQ(hold(sign_up(port(), "front"), slug, "F-A-1").json().at("subtotalCents"), 66'00);
  EXPECT_EQ(hold(sign_up(port(), "balcony"), slug, "B-A-1").json().at("subtotalCents"), 25'00) << "other tiers stay";
  EXPECT_EQ(http_get(port(), "/api/events/" + slug).json().at("priceFromCents"), 25'00);

  // The activity log names the tier, both prices and the admin by email.
  json::array entries;
  for (int i = 0; i < 150 && entries.empty(); ++i) {
    entries = http_get(port(), "/api/admin/audit?type=prices_changed&event=" + id, bearer(admin_)).json().at("entries").as_array();
    if (entries.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(entries.size(), 1u);
  const auto& p = entries.at(0).at("payload");
  EXPECT_EQ(p.at("tier"), "ga");
  EXPECT_EQ(p.at("beforeCents"), 40'00);
  EXPECT_EQ(p.at("afterCents"), 60'00);
  EXPECT_EQ(entries.at(0).at("by").at("email"), kDevAdminEmail);
}

TEST_F(PriceChange, BadInputAndAnyoneButAdminsAreRefusedAndChangeNothing) {
  const auto [id, slug] = new_show("Refusals");
  const std::pair<const char*, const char*> refused[] = {
      {R"({"basePriceCents":5000})", "missing_field"},
      {R"({"tier":"ga"})", "missing_field"},
      {R"({"tier":"ga","basePriceCents":"50"})", "invalid_field"},
      {R"({"tier":"ga","basePriceCents":0})", "bad_price"},
      {R"({"tier":"ga","basePriceCents":-100})", "bad_price"},
      {R"({"tier":"ga","basePriceCents":10000001})", "bad_price"},
      {R"([1,2])", "invalid_json"},
  };
  for (const auto& [body, code] : refused) {
    auto r = set_price(id, body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(error_code(r), code) << body;
  }
  auto unknown_tier = set_price(id, R"({"tier":"vip","basePriceCents":5000})");
  EXPECT_EQ(unknown_tier.status, 404);
  EXPECT_EQ(error_code(unknown_tier), "tier_not_found");
  EXPECT_EQ(set_price("999999", R"({"tier":"ga","basePriceCents":5000})").status, 404);
  EXPECT_EQ(http_get(port(), "/api/admin/events/999999/prices", bearer(admin_)).status, 404);
  auto fan = sign_up(port(), "not-an-admin");
  EXPECT_EQ(set_price(id, R"({"tier":"ga","basePriceCents":100})", fan).status, 403);
  EXPECT_EQ(http_get(port(), "/api/admin/events/" + id + "/prices", bearer(fan)).status, 403);
  EXPECT_EQ(http_request(port(), "PUT", "/api/admin/events/" + id + "/prices", R"({"tier":"ga","basePriceCents":100})").status,
            401);
  EXPECT_EQ(hold(fan, slug, "F-B-1").json().at("subtotalCents"), 40'00) << "nothing changed";

  ASSERT_EQ(http_request(port(), "POST", "/api/admin/events/" + id + "/cancel", R"({"reason":"Storm"})",
                         bearer_json(admin_)).status,
            202);
  auto cancelled = set_price(id, R"({"tier":"ga","basePriceCents":5000})");
  EXPECT_EQ(cancelled.status, 409);
  EXPECT_EQ(error_code(cancelled), "show_cancelled");
}

// Two organisers changing different tiers at the same moment both keep their change: each change
// is made to the layout as it is when written, not as the server last read it (each had replaced
// the whole layout, so the later write put the other tier's old price back).
TEST_F(PriceChange, TwoTiersChangedAtOnceBothKeepTheirNewPrice) {
  const auto [id, slug] = new_show("Two organisers");
  for (int round = 1; round <= 8; ++round) {
    const auto floor = 40'00 + round * 100;
    const auto balcony = 25'00 + round * 100;
    HttpResult floor_answer, balcony_answer;
    std::thread other([&, id = id] {
      balcony_answer = set_price(id, R"({"tier":"bal","basePriceCents":)" + std::to_string(balcony) + "}");
    });
    floor_answer = set_price(id, R"({"tier":"ga","basePriceCents":)" + std::to_string(floor) + "}");
    other.join();
    ASSERT_EQ(floor_answer.status, 200) << floor_answer.body;
    ASSERT_EQ(balcony_answer.status, 200) << balcony_answer.body;
    const auto now = http_get(port(), "/api/admin/events/" + id + "/prices", bearer(admin_)).json();
    const auto& tiers = now.at("tiers").as_array();
    EXPECT_EQ(tiers.at(0).at("basePriceCents"), floor) << "round " << round;
    EXPECT_EQ(tiers.at(1).at("basePriceCents"), balcony) << "round " << round;
  }
}

}  // namespace tw::testing
