// Digital tickets over real HTTP: signed codes, the PNG with its QR code (read back with
// zbarimg), gate check-in (online, concurrent, offline sync) and transfer.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "events/event_codec.h"
#include "support/api_client.h"
#include "support/child_process.h"
#include "support/database_reader.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

namespace {

std::uint32_t big_endian(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

}  // namespace

class TicketsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
    staff_ = std::make_unique<TestUser>(sign_up(port(), "gate"));
    auto admin = sign_in(port(), kDevAdminEmail, kDevAdminPassword);
    auto h = bearer(admin);
    h["Content-Type"] = "application/json";
    auto r = http_request(port(), "PATCH", "/api/admin/users/" + std::to_string(staff_->id),
                          "{\"role\":\"staff\"}", h);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static void TearDownTestSuite() {
    staff_.reset();
    server_.reset();
  }
  static std::uint16_t port() { return server_->port(); }
  static std::string code_of(const TestUser& u, const std::string& ticket) {
    auto r = http_get(port(), "/api/tickets/" + ticket, bearer(u));
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(r.json().at("code").as_string());
  }
  static json::value scan(const std::string& code, const std::string& gate = "North 1",
                          const TestUser* who = nullptr) {
    auto h = bearer(who ? *who : *staff_);
    h["Content-Type"] = "application/json";
    auto r = http_request(port(), "POST", "/api/checkin",
                          json::serialize(json::object{{"code", code}, {"gate", gate}}), h);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static std::string result(const json::value& v) { return std::string(v.at("result").as_string()); }
  static inline std::unique_ptr<ServerProcess> server_;
  static inline std::unique_ptr<TestUser> staff_;
};

TEST_F(TicketsApi, ImageHasItsSizeAndItsQrCodeReadsBackAsTheSignedCode) {
  auto fan = sign_up(port(), "png");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-B-4");
  const auto code = code_of(fan, ticket);
  EXPECT_EQ(code.rfind("TW1.", 0), 0u);
  auto png = http_get(port(), "/api/tickets/" + ticket + "/image.png", bearer(fan));
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.header("content-type"), "image/png");
  ASSERT_GT(png.body.size(), 24u);
  EXPECT_EQ(png.body.substr(1, 3), "PNG");
  EXPECT_EQ(big_endian(png.body, 16), 1200u) << "width";
  EXPECT_EQ(big_endian(png.body, 20), 480u) << "height";

  const auto path = std::filesystem::temp_directory_path() / ("tw-ticket-" + ticket + ".png");
  std::ofstream(path, std::ios::binary) << png.body;
  EXPECT_EQ(run_command("zbarimg --quiet --raw '" + path.string() + "' 2>/dev/null"), code);
  std::filesystem::remove(path);
}

TEST_F(TicketsApi, SomeoneElsesTicketAndImageAreNotFound) {
  auto owner = sign_up(port(), "owner");
  auto other = sign_up(port(), "nosy");
  const auto ticket = buy_ticket(port(), owner, "taylor-swift-eras", "VIP-B-5");
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/image.png", bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket, bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/image.png").status, 401);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/qr.svg", bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/qr.svg").status, 401);
}

// Issue 15 (7): the ticket page shows the QR code itself, large: an SVG of the holder's code.
TEST_F(TicketsApi, TheHolderGetsTheQrCodeAsAnSvgUntilTheTicketIsUsed) {
  auto fan = sign_up(port(), "qr");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-B-7");
  auto svg = http_get(port(), "/api/tickets/" + ticket + "/qr.svg", bearer(fan));
  ASSERT_EQ(svg.status, 200) << svg.body;
  EXPECT_NE(svg.headers["content-type"].find("image/svg+xml"), std::string::npos);
  EXPECT_EQ(svg.body.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.body.find("h1v1h-1z"), std::string::npos) << "dark modules drawn";
  EXPECT_EQ(result(scan(code_of(fan, ticket), "North 1")), "valid");
  auto used = http_get(port(), "/api/tickets/" + ticket + "/qr.svg", bearer(fan));
  EXPECT_EQ(used.status, 409) << used.body;
  EXPECT_EQ(error_code(used), "ticket_not_valid");
}

TEST_F(TicketsApi, FirstScanIsValidSecondIsAlreadyUsed) {
  auto fan = sign_up(port(), "scan");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-B-6");
  const auto code = code_of(fan, ticket);
  auto first = scan(code, "North 1");
  EXPECT_EQ(result(first), "valid");
  EXPECT_EQ(first.at("ticket").at("seatId").as_string(), "VIP-B-6");
  EXPECT_FALSE(first.at("holder").as_string().empty());
  auto second = scan(code, "South 2");
  EXPECT_EQ(result(second), "already_used");
  EXPECT_EQ(second.at("ticket").at("gate").as_string(), "North 1");
  auto mine = http_get(port(), "/api/tickets/" + ticket, bearer(fan)).json();
  EXPECT_EQ(mine.at("status").as_string(), "used");
  auto image = http_get(port(), "/api/tickets/" + ticket + "/image.png", bearer(fan));
  EXPECT_EQ(image.status, 200) << "a used ticket still has its image (stamped USED)";
  EXPECT_EQ(image.body.substr(1, 3), "PNG");
}

TEST_F(TicketsApi, OneChangedCharacterMakesTheCodeInvalid) {
  auto fan = sign_up(port(), "tamper");
  auto code = code_of(fan, buy_ticket(port(), fan, "taylor-swift-eras", "VIP-B-3"));
  code[20] = code[20] == 'A' ? 'B' : 'A';
  auto r = scan(code);
  EXPECT_EQ(result(r), "invalid");
  EXPECT_EQ(r.at("reason").as_string(), "bad_signature");
  EXPECT_EQ(result(scan("not a ticket")), "invalid");
}

TEST_F(TicketsApi, TwoGatesScanningAtOnceAdmitOnce) {
  auto fan = sign_up(port(), "double");
  const auto code = code_of(fan, buy_ticket(port(), fan, "taylor-swift-eras", "VIP-B-8"));
  std::vector<std::string> results(6);
  std::vector<std::thread> gates;
  for (std::size_t i = 0; i < results.size(); ++i) {
    gates.emplace_back([&, i] { results[i] = result(scan(code, "Gate " + std::to_string(i))); });
  }
  for (auto& g : gates) g.join();
  EXPECT_EQ(std::count(results.begin(), results.end(), "valid"), 1);
  EXPECT_EQ(std::count(results.begin(), results.end(), "already_used"), 5);
}

TEST_F(TicketsApi, TransferVoidsTheOldCodeAndTheNewOwnerGetsAWorkingOne) {
  auto giver = sign_up(port(), "giver");
  auto friend_ = sign_up(port(), "friend");
  const auto ticket = buy_ticket(port(), giver, "taylor-swift-eras", "VIP-B-9");
  const auto old_code = code_of(giver, ticket);
  auto h = bearer(giver);
  h["Content-Type"] = "application/json";
  auto r = http_request(port(), "POST", "/api/tickets/" + ticket + "/transfer",
                        json::serialize(json::object{{"email", friend_.email}}), h);
  ASSERT_EQ(r.status, 200) << r.body;

  auto old_scan = scan(old_code);
  EXPECT_EQ(result(old_scan), "invalid");
  EXPECT_EQ(old_scan.at("reason").as_string(), "transferred");
  const auto new_code = code_of(friend_, ticket);
  EXPECT_NE(new_code, old_code);
  EXPECT_EQ(result(scan(new_code)), "valid");

  auto given = http_get(port(), "/api/tickets", bearer(giver)).json().at("tickets").as_array();
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0].at("status").as_string(), "transferred");
  auto received = http_get(port(), "/api/tickets", bearer(friend_)).json().at("tickets").as_array();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].at("id").as_string(), ticket);
  EXPECT_EQ(http_request(port(), "POST", "/api/tickets/" + ticket + "/transfer",
                         json::serialize(json::object{{"email", friend_.email}}), h)
                .status,
            404)
      << "the giver no longer holds it";
  auto nobody = http_request(port(), "POST", "/api/tickets/" + ticket + "/transfer",
                             "{\"email\":\"nobody@example.com\"}", [&] {
                               auto f = bearer(friend_);
                               f["Content-Type"] = "application/json";
                               return f;
                             }());
  // Scanned at the gate above, the ticket is used: it goes nowhere, to an account or not (an
  // address with no account is otherwise sent a claim link: ticket_offers_test.cpp).
  EXPECT_EQ(nobody.status, 409) << nobody.body;
  EXPECT_EQ(error_code(nobody), "not_transferable");
}

TEST_F(TicketsApi, OnlyStaffAndAdminsCheckIn) {
  auto fan = sign_up(port(), "sneaky");
  const auto code = code_of(fan, buy_ticket(port(), fan, "taylor-swift-eras", "VIP-C-1"));
  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  EXPECT_EQ(
      http_request(port(), "POST", "/api/checkin", "{\"code\":\"" + code + "\",\"gate\":\"x\"}", h).status,
      403);
  EXPECT_EQ(http_get(port(), "/api/events/taylor-swift-eras/checkin-list", bearer(fan)).status, 403);
  EXPECT_EQ(http_get(port(), "/api/events/taylor-swift-eras/checkin-key").status, 401);
}

TEST_F(TicketsApi, OfflineGatesSyncAndTheFirstScanWins) {
  auto fan = sign_up(port(), "offline");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-C-2");
  const auto code = code_of(fan, ticket);
  auto list = http_get(port(), "/api/events/taylor-swift-eras/checkin-list", bearer(*staff_)).json();
  bool listed = false;
  for (const auto& t : list.at("tickets").as_array()) listed |= t.at("id").as_string() == ticket;
  EXPECT_TRUE(listed);
  auto key = http_get(port(), "/api/events/taylor-swift-eras/checkin-key", bearer(*staff_)).json();
  EXPECT_EQ(key.at("algorithm").as_string(), "Ed25519");
  EXPECT_FALSE(key.at("keys").as_array().empty());

  auto h = bearer(*staff_);
  h["Content-Type"] = "application/json";
  const auto sync = [&](const std::string& gate, std::int64_t at) {
    auto r = http_request(
        port(), "POST", "/api/checkin/sync",
        json::serialize(json::object{{"gate", gate},
                                     {"event", "taylor-swift-eras"},
                                     {"scans", json::array{{{"code", code}, {"scannedAtMs", at}}}}}),
        h);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("results").at(0);
  };
  // East scanned later but synced first; West's earlier scan then wins and both hear of it.
  auto east = sync("East", 1'800'000'002'000);
  EXPECT_EQ(east.at("result").as_string(), "valid");
  EXPECT_FALSE(east.at("conflict").as_bool());
  auto west = sync("West", 1'800'000'001'000);
  EXPECT_EQ(west.at("result").as_string(), "already_used");
  EXPECT_TRUE(west.at("conflict").as_bool());
  EXPECT_EQ(west.at("ticket").at("gate").as_string(), "West");
  auto again = sync("West", 1'800'000'001'000);
  EXPECT_EQ(again.at("result").as_string(), "valid") << "re-uploading the same scan is not a conflict";
}

// Issue 13, item 1: every outbox row the server writes, on every path, is a typed event of the
// current version that reads back (docs/events.md).
TEST_F(TicketsApi, EveryOutboxRowIsATypedEventThatReadsBack) {
  auto fan = sign_up(port(), "events");
  auto friend_ = sign_up(port(), "events-friend");
  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  const auto kept = buy_ticket(port(), fan, "taylor-swift-eras", "STD-H-21");
  const auto given = buy_ticket(port(), fan, "taylor-swift-eras", "STD-H-22");
  const auto cancelled = buy_ticket(port(), fan, "taylor-swift-eras", "STD-H-23");
  auto held = http_request(port(), "POST", "/api/events/taylor-swift-eras/holds", seats_body({"STD-H-24"}), h);
  ASSERT_EQ(held.status, 201) << held.body;
  const std::string hold_id(held.json().at("holdId").as_string());
  auto declined_headers = h;
  declined_headers["Idempotency-Key"] = "events-declined";
  EXPECT_EQ(http_request(port(), "POST", "/api/checkout", checkout_body(hold_id, kDecline), declined_headers).status,
            402);
  EXPECT_EQ(http_request(port(), "DELETE", "/api/holds/" + hold_id, "", h).status, 200);
  EXPECT_EQ(result(scan(code_of(fan, kept))), "valid");
  EXPECT_EQ(http_request(port(), "POST", "/api/tickets/" + given + "/transfer",
                         json::serialize(json::object{{"email", friend_.email}}), h)
                .status,
            200);
  auto admin = bearer(sign_in(port(), kDevAdminEmail, kDevAdminPassword));
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/tickets/" + cancelled + "/cancel", "", admin).status, 200);

  DatabaseReader db(server_->data_dir());
  std::set<std::string> types;
  for (const auto& row : db.rows("SELECT type, payload FROM outbox ORDER BY sequence")) {
    auto event = events::parse_event(row[0], row[1]);
    ASSERT_TRUE(event.ok()) << row[0] << " " << row[1] << ": " << event.error().message;
    types.insert(row[0]);
  }
  // Every kind a sale makes is there (other tests of the suite add organisers' kinds beside them).
  for (const char* type : {"seat_locked", "seat_released", "ticket_sold", "payment_processed", "order_refunded",
                           "ticket_cancelled", "ticket_checked_in", "ticket_transferred"}) {
    EXPECT_TRUE(types.contains(type)) << type;
  }
}

// Issue 13, item 4: an operator watches the log as it grows, one kind of event at a time.
TEST_F(TicketsApi, EventsTailFollowsTheLogFilteredByType) {
  const std::string out = server_->data_dir() + "/tail.out", err = server_->data_dir() + "/tail.err";
  const auto tail = start_program({TW_BINARY, "events", "tail", "--type", "ticket_sold", "--data-dir",
                                   server_->data_dir(), "--database", server_->database_url()},
                                  out, err);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // it starts at the log's end, whenever that is
  auto fan = sign_up(port(), "tail");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "STD-H-25");
  std::string text;
  for (int i = 0; i < 100 && text.find(ticket) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream f(out);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  stop_program(tail, SIGTERM, std::chrono::seconds(5));
  ASSERT_NE(text.find(ticket), std::string::npos) << "the sale never showed: " << text;
  std::istringstream lines(text);
  int seen = 0;
  for (std::string line; std::getline(lines, line); ++seen) {
    const auto v = json::parse(line);
    EXPECT_EQ(v.at("type").as_string(), "ticket_sold") << line;
    EXPECT_TRUE(v.at("payload").is_object()) << line;
  }
  EXPECT_GE(seen, 1);
}

TEST_F(TicketsApi, EventsTailRefusesATypeThatDoesNotExist) {
  const std::string out = server_->data_dir() + "/tail-bad.out", err = server_->data_dir() + "/tail-bad.err";
  const auto tail = start_program({TW_BINARY, "events", "tail", "--type", "seat_sneezed", "--data-dir",
                                   server_->data_dir(), "--database", server_->database_url()},
                                  out, err);
  EXPECT_EQ(wait_exit(tail, std::chrono::seconds(10)), 1);
  std::ifstream f(err);
  const std::string said(std::istreambuf_iterator<char>(f), {});
  EXPECT_NE(said.find("no event type is called 'seat_sneezed'"), std::string::npos) << said;
}

}  // namespace tw::testing

namespace tw::testing {

// Issue 15 (5): an organiser finds a buyer by email and takes an event's tickets away as CSV.
TEST_F(TicketsApi, AdminsFindABuyersTicketsByEmailAndExportAnEventAsCsv) {
  auto fan = sign_up(port(), "csvfan");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-C-4");
  auto admin = bearer(sign_in(port(), kDevAdminEmail, kDevAdminPassword));
  auto found = http_get(port(), "/api/admin/sales?q=" + fan.email, admin);
  ASSERT_EQ(found.status, 200) << found.body;
  const auto tickets = found.json().at("tickets").as_array();
  ASSERT_EQ(tickets.size(), 1u) << found.body;
  EXPECT_EQ(tickets.at(0).at("id").as_string(), ticket);
  EXPECT_EQ(tickets.at(0).at("buyer").at("email").as_string(), fan.email);
  EXPECT_EQ(tickets.at(0).at("event").at("slug").as_string(), "taylor-swift-eras");
  EXPECT_EQ(tickets.at(0).at("seat").at("row").as_string(), "C");
  const std::string order(tickets.at(0).at("orderId").as_string());
  EXPECT_EQ(http_get(port(), "/api/admin/sales?q=" + order, admin).json().at("tickets").as_array().size(), 1u);
  EXPECT_EQ(http_get(port(), "/api/admin/sales?q=" + fan.email, bearer(fan)).status, 403);
  EXPECT_EQ(http_get(port(), "/api/admin/sales?limit=0", admin).status, 400);

  const auto event_id = http_get(port(), "/api/events/taylor-swift-eras").json().at("id").as_int64();
  auto csv = http_get(port(), "/api/admin/events/" + std::to_string(event_id) + "/tickets.csv", admin);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.headers["content-type"].find("text/csv"), std::string::npos);
  EXPECT_NE(csv.headers["content-disposition"].find("taylor-swift-eras-tickets.csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind(R"("ticket_id","order_id","status","section","row","seat","seat_id","buyer_name","buyer_email",)", 0),
            0u);
  const auto line = csv.body.substr(csv.body.find(ticket));
  EXPECT_NE(line.find(R"(,"confirmed","VIP Floor","C","4","VIP-C-4","csvfan",")" + fan.email + "\","), std::string::npos)
      << line.substr(0, 200);
  EXPECT_NE(line.find(R"(0","USD",)"), std::string::npos) << "prices in dollars: " << line.substr(0, 200);
  EXPECT_NE(line.find(fan.email), std::string::npos);
  EXPECT_EQ(http_get(port(), "/api/admin/events/999999/tickets.csv", admin).status, 404);
}

}  // namespace tw::testing
