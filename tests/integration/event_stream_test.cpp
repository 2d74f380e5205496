// The event log's consumers over real HTTP and a real database (issue 13): the audit trail and
// the sales figures follow every sale, count each event once across a crash and a replay, and
// answer admins only; receipts reach the mail directory, or an SMTP server once it is up;
// webhooks reach their receiver, signed, once it is up.
#include <gtest/gtest.h>

#include <sodium.h>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "support/api_client.h"
#include "support/database_reader.h"
#include "support/http_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"
#include "support/smtp_sink.h"
#include "support/webhook_receiver.h"
#include "webhooks/signature.h"

namespace tw::testing {
namespace json = boost::json;
namespace {

constexpr const char* kEvent = "taylor-swift-eras";

class EventStream : public ::testing::Test {
 protected:
  void start(std::vector<std::string> flags = {}) {
    flags.insert(flags.end(), {"--dev", "--data-dir", dir_});
    server_ = std::make_unique<ServerProcess>(flags);
    admin_ = bearer(sign_in(port(), kDevAdminEmail, kDevAdminPassword));
  }
  void SetUp() override { start(); }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::uint16_t port() const { return server_->port(); }
  json::value admin_get(const std::string& path) {
    auto r = http_get(port(), path, admin_);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.json() : json::value();
  }
  json::array consumers() { return admin_get("/api/admin/consumers").at("consumers").as_array(); }
  // Waits until every consumer has handled the whole log.
  void wait_for_consumers() {
    for (int i = 0; i < 300; ++i) {
      bool done = true;
      for (const auto& c : consumers()) done = done && c.at("lag").as_int64() == 0;
      if (done) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the consumers did not catch up: " << json::serialize(consumers());
  }
  std::int64_t event_id() { return http_get(port(), std::string("/api/events/") + kEvent).json().at("id").as_int64(); }
  json::array audit(const std::string& query) { return admin_get("/api/admin/audit?" + query).at("entries").as_array(); }
  json::object sales() {
    return admin_get("/api/admin/events/" + std::to_string(event_id()) + "/sales").as_object();
  }
  std::string hold(const TestUser& fan, const std::vector<std::string>& seats) {
    auto h = bearer(fan);
    h["Content-Type"] = "application/json";
    auto r = http_request(port(), "POST", std::string("/api/events/") + kEvent + "/holds", seats_body(seats), h);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("holdId").as_string());
  }
  // One order of these seats, paid: its id.
  std::string buy(const TestUser& fan, const std::vector<std::string>& seats, const std::string& key) {
    const auto held = hold(fan, seats);
    auto h = bearer(fan);
    h["Content-Type"] = "application/json";
    h["Idempotency-Key"] = key;
    auto paid = http_request(port(), "POST", "/api/checkout", checkout_body(held, kApprove), h);
    EXPECT_EQ(paid.status, 201) << paid.body;
    return std::string(paid.json().at("orderId").as_string());
  }

  std::string dir_ = make_temp_dir();
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> admin_;
};

std::vector<std::string> types_of(const json::array& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.emplace_back(e.at("type").as_string());
  return out;
}

TEST_F(EventStream, APurchaseIsInTheAuditTrailFoundByEachFilter) {
  auto fan = sign_up(port(), "audit");
  const auto ticket = buy_ticket(port(), fan, kEvent, "STD-H-21");
  wait_for_consumers();
  const auto user = "user=" + std::to_string(fan.id);
  const auto mine = audit(user);
  EXPECT_EQ(types_of(mine), (std::vector<std::string>{"payment_processed", "ticket_sold", "seat_locked"}))
      << "newest first: " << json::serialize(mine);
  for (const auto& e : mine) {
    EXPECT_EQ(e.at("actor").as_string(), "user");
    EXPECT_EQ(e.at("userId").as_int64(), fan.id);
    EXPECT_EQ(e.at("by").at("email").as_string(), fan.email) << "a fan acts for themselves";
    EXPECT_TRUE(e.at("payload").is_object());
    EXPECT_FALSE(e.at("at").as_string().empty());
  }
  EXPECT_EQ(mine.at(1).at("payload").at("ticketId").as_string(), ticket);
  EXPECT_EQ(mine.at(1).at("eventId").as_int64(), event_id());

  const auto sold = audit("type=ticket_sold&event=" + std::to_string(event_id()));
  ASSERT_FALSE(sold.empty());
  EXPECT_EQ(types_of(sold), std::vector<std::string>(sold.size(), "ticket_sold"));

  auto first = admin_get("/api/admin/audit?" + user + "&limit=2");
  ASSERT_EQ(first.at("entries").as_array().size(), 2u);
  ASSERT_TRUE(first.at("nextCursor").is_string());
  auto rest = admin_get("/api/admin/audit?" + user + "&limit=2&cursor=" + std::string(first.at("nextCursor").as_string()));
  EXPECT_EQ(types_of(rest.at("entries").as_array()), std::vector<std::string>{"seat_locked"});
  EXPECT_TRUE(rest.at("nextCursor").is_null());

  EXPECT_TRUE(audit(user + "&from=2999-01-01").empty());
  EXPECT_TRUE(audit(user + "&to=2000-01-01").empty());
  EXPECT_EQ(audit(user + "&from=2000-01-01&to=2999-01-01").size(), 3u);
}

// Issue 33, item 7: organisers' actions are in the audit trail with who did them, by email.
TEST_F(EventStream, OrganisersEditsAndRoleChangesNameTheAdminByEmail) {
  auto as_admin = admin_;
  as_admin["Content-Type"] = "application/json";
  const std::string layout =
      R"({"name":"Hall","sections":[{"id":"F","name":"Floor","tier":"ga","rows":1,"seatsPerRow":4,"basePrice":20}]})";
  auto created = http_request(port(), "POST", "/api/events",
                              R"({"name":"Audit Night","artist":"A","venue":"Hall","startsAt":"2027-10-01T20:00:00+02:00",)"
                              R"("layout":)" + layout + "}", as_admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = std::to_string(created.json().at("id").as_int64());
  ASSERT_EQ(http_request(port(), "PUT", "/api/events/" + id, R"({"name":"Audit Night II","ticketLimit":4})", as_admin).status, 200);
  ASSERT_EQ(http_request(port(), "DELETE", "/api/events/" + id, "", as_admin).status, 200);
  auto fan = sign_up(port(), "promoted");
  ASSERT_EQ(http_request(port(), "PATCH", "/api/admin/users/" + std::to_string(fan.id), R"({"role":"staff"})", as_admin).status,
            200);
  wait_for_consumers();

  const auto shown = audit("event=" + id);
  ASSERT_EQ(types_of(shown), (std::vector<std::string>{"event_changed", "event_changed", "event_created"}))
      << json::serialize(shown);
  for (const auto& e : shown) {
    EXPECT_EQ(e.at("actor").as_string(), "admin");
    EXPECT_EQ(e.at("by").at("email").as_string(), kDevAdminEmail) << "who did it, by email";
  }
  EXPECT_EQ(shown.at(2).at("payload").at("name").as_string(), "Audit Night");
  EXPECT_EQ(shown.at(1).at("payload").at("fields").as_string(), "name,ticketLimit");
  EXPECT_EQ(shown.at(0).at("payload").at("fields").as_string(), "isActive");
  EXPECT_FALSE(shown.at(0).at("payload").at("isActive").as_bool());

  const auto role = audit("type=user_changed&user=" + std::to_string(fan.id));
  ASSERT_EQ(role.size(), 1u);
  EXPECT_EQ(role.at(0).at("payload").at("role").as_string(), "staff");
  EXPECT_EQ(role.at(0).at("account").at("email").as_string(), fan.email);
  EXPECT_EQ(role.at(0).at("by").at("email").as_string(), kDevAdminEmail);
}

TEST_F(EventStream, TheAuditTrailRefusesBadFiltersAndAnyoneButAdmins) {
  for (const char* query : {"type=seat_sneezed", "event=abc", "user=-1", "from=yesterday", "limit=0", "cursor=x"}) {
    auto r = http_get(port(), std::string("/api/admin/audit?") + query, admin_);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_EQ(error_code(r), "invalid_parameter") << query;
  }
  auto fan = sign_up(port(), "snoop");
  for (const auto* path : {"/api/admin/audit", "/api/admin/consumers", "/api/admin/events/1/sales"}) {
    EXPECT_EQ(http_get(port(), path, bearer(fan)).status, 403) << path;
    EXPECT_EQ(http_get(port(), path).status, 401) << path;
  }
  EXPECT_EQ(http_get(port(), "/api/admin/events/999999/sales", admin_).status, 404);
}

TEST_F(EventStream, SalesFiguresEqualTheDatabaseAfterSalesACancellationAndAReleasedHold) {
  auto a = sign_up(port(), "sales-a"), b = sign_up(port(), "sales-b");
  std::vector<std::string> tickets;
  for (const char* seat : {"STD-H-21", "STD-H-22", "STD-H-23"}) tickets.push_back(buy_ticket(port(), a, kEvent, seat));
  for (const char* seat : {"VIP-A-1", "VIP-A-2"}) tickets.push_back(buy_ticket(port(), b, kEvent, seat));
  auto h = bearer(b);
  EXPECT_EQ(http_request(port(), "DELETE", "/api/holds/" + hold(b, {"STD-H-24"}), "", h).status, 200);
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/tickets/" + tickets[0] + "/cancel", "", admin_).status, 200);
  wait_for_consumers();

  const auto report = sales();
  const auto& totals = report.at("totals").as_object();
  DatabaseReader db(dir_);
  const auto id = std::to_string(event_id());
  const auto sold = db.number("SELECT COUNT(*) FROM tickets WHERE event_id = $1", {id});
  const auto cancelled = db.number("SELECT COUNT(*) FROM tickets WHERE event_id = $1 AND status = 'cancelled'", {id});
  const auto revenue =
      db.number("SELECT COALESCE(SUM(total_cents), 0) FROM tickets WHERE event_id = $1", {id}) -
      db.number("SELECT COALESCE(SUM(r.amount_cents), 0) FROM refunds r JOIN tickets t ON t.id = r.ticket_id"
                " WHERE t.event_id = $1 AND r.state = 'succeeded'",
                {id});
  EXPECT_EQ(sold, 5);
  EXPECT_EQ(cancelled, 1);
  EXPECT_EQ(totals.at("sold").as_int64(), sold);
  EXPECT_EQ(totals.at("cancelled").as_int64(), cancelled);
  EXPECT_EQ(totals.at("revenueCents").as_int64(), revenue);
  EXPECT_EQ(totals.at("held").as_int64(), 6) << "five sold seats and one let go";
  EXPECT_EQ(totals.at("released").as_int64(), 1);
  EXPECT_EQ(totals.at("heldNow").as_int64(), 0);
  std::int64_t by_minute = 0;
  for (const auto& m : report.at("minutes").as_array()) by_minute += m.at("sold").as_int64();
  EXPECT_EQ(by_minute, sold) << "the minutes add up to the totals";
}

// Sales committed while no consumer runs (as when the server dies between a commit and its
// dispatch), then a crash: the next start hands every event to each consumer, which counts it
// once; a replay hands them all over again and changes nothing.
TEST_F(EventStream, EventsCommittedBeforeACrashAreCountedOnceAfterItAndAgainAfterAReplay) {
  server_.reset();
  start({"--consumers", "false"});
  auto fan = sign_up(port(), "crash");
  for (const char* seat : {"STD-H-21", "STD-H-22", "STD-H-23"}) buy_ticket(port(), fan, kEvent, seat);
  for (const auto& c : consumers()) {
    EXPECT_GT(c.at("lag").as_int64(), 0) << "nothing consumed yet: " << json::serialize(c);
  }
  server_->kill_now();
  start();
  wait_for_consumers();
  DatabaseReader db(dir_);
  const auto logged = db.number("SELECT COUNT(*) FROM outbox");
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log"), logged);
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log a JOIN outbox o ON o.sequence = a.sequence AND o.id = a.id"),
            logged);
  const auto before = sales().at("totals");
  EXPECT_EQ(before.at("sold").as_int64(), 3);

  const auto handled = [&] {
    std::int64_t n = 0;
    for (const auto& c : consumers()) n += c.at("name") == "receipts" ? 0 : c.at("handled").as_int64();
    return n;
  };
  const auto handled_before = handled();
  for (const char* consumer : {"sales", "audit"}) {
    auto replay = run_binary({"events", "replay", "--consumer", consumer, "--from", "1", "--data-dir", dir_});
    EXPECT_EQ(replay.exit_code, 0) << replay.err;
  }
  wait_for_consumers();
  EXPECT_EQ(handled() - handled_before, 2 * logged) << "both were fed the whole log again";
  EXPECT_EQ(sales().at("totals"), before) << "a replayed event counts once";
  EXPECT_EQ(db.number("SELECT COUNT(*) FROM audit_log"), logged);

  auto unknown = run_binary({"events", "replay", "--consumer", "pigeons", "--from", "1", "--data-dir", dir_});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no consumer is called 'pigeons' (the consumers are audit, sales, webhooks, receipts)"), std::string::npos)
      << unknown.err;
}

}  // namespace
}  // namespace tw::testing

namespace tw::testing {
namespace {

TEST_F(EventStream, AnOrderLeavesOneReceiptWithEveryTicketAndACancellationANotice) {
  auto fan = sign_up(port(), "receipt");
  const auto order = buy(fan, {"STD-H-21", "STD-H-22"}, "receipt-1");
  const auto receipt = wait_for_file(dir_ + "/mail/receipt-" + order + "_ticketwar.eml");
  ASSERT_FALSE(receipt.empty()) << "no receipt in " << dir_ << "/mail";
  EXPECT_NE(receipt.find("Subject: Your tickets for Taylor Swift"), std::string::npos) << receipt.substr(0, 400);
  EXPECT_NE(receipt.find("<" + fan.email + ">"), std::string::npos);
  EXPECT_NE(receipt.find("Message-ID: <receipt-" + order + "@ticketwar>"), std::string::npos);
  const auto parts = mime_parts(receipt);
  ASSERT_EQ(parts.size(), 3u) << "the text and one image per ticket";
  const auto& text = parts[0].second;
  EXPECT_NE(text.find("Order " + order), std::string::npos) << text;
  EXPECT_NE(text.find("Row H \u00b7 Seat 21"), std::string::npos) << "seats as people read them: " << text;
  EXPECT_NE(text.find("Total"), std::string::npos);
  EXPECT_NE(text.find("/api/orders/" + order + "/tickets.pdf"), std::string::npos) << "a link to print them: " << text;
  EXPECT_NE(text.find("/event.ics"), std::string::npos) << "a link to add the show to a calendar: " << text;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    EXPECT_NE(parts[i].first.find("image/png"), std::string::npos);
    EXPECT_EQ(parts[i].second.substr(0, 4), "\x89PNG") << "an attached ticket is a PNG";
  }

  const auto tickets = http_get(port(), "/api/orders/" + order, bearer(fan)).json().at("tickets").as_array();
  const std::string ticket(tickets.at(0).at("id").as_string());
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/tickets/" + ticket + "/cancel", "", admin_).status, 200);
  const auto notice = wait_for_file(dir_ + "/mail/cancelled-" + ticket + "_ticketwar.eml");
  EXPECT_NE(notice.find("Subject: Ticket cancelled: Taylor Swift"), std::string::npos) << notice.substr(0, 400);
  EXPECT_NE(mime_parts(notice).at(0).second.find("A refund of $"), std::string::npos);

  wait_for_consumers();
  auto replay = run_binary({"events", "replay", "--consumer", "receipts", "--from", "1", "--data-dir", dir_});
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
  wait_for_consumers();
  // The receipt and the notice (the sign-up's confirmation link is mail too, of another kind).
  const auto files = mail_files(dir_ + "/mail", "receipt-").size() + mail_files(dir_ + "/mail", "cancelled-").size();
  EXPECT_EQ(files, 2u) << "a replayed order is not mailed twice";
}

// Issue 30, item 1: a buyer who transferred a ticket before its receipt was written left the
// receipts consumer failing with "No such ticket" for ever, and every later receipt waited.
TEST_F(EventStream, ATicketGivenAwayBeforeItsReceiptStopsNoReceipt) {
  server_.reset();
  start({"--consumers", "false"});  // the receipt is written after the transfer
  auto buyer = sign_up(port(), "giver");
  auto friend_ = sign_up(port(), "gifted");
  const auto order = buy(buyer, {"STD-H-25", "STD-H-26"}, "gift-1");
  const auto tickets = http_get(port(), "/api/orders/" + order, bearer(buyer)).json().at("tickets").as_array();
  auto h = bearer(buyer);
  h["Content-Type"] = "application/json";
  const std::string given(tickets.at(0).at("id").as_string());
  ASSERT_EQ(http_request(port(), "POST", "/api/tickets/" + given + "/transfer", json_body({{"email", friend_.email}}), h)
                .status,
            200);
  server_.reset();
  start();
  auto later = sign_up(port(), "later");
  const auto next = buy(later, {"STD-H-27"}, "gift-2");
  const auto receipt = wait_for_file(dir_ + "/mail/receipt-" + order + "_ticketwar.eml");
  ASSERT_FALSE(receipt.empty()) << "the buyer still gets a receipt";
  const auto parts = mime_parts(receipt);
  ASSERT_EQ(parts.size(), 2u) << "the text and the one ticket still theirs";
  EXPECT_NE(parts[0].second.find("transferred to another account"), std::string::npos) << parts[0].second;
  EXPECT_FALSE(wait_for_file(dir_ + "/mail/receipt-" + next + "_ticketwar.eml").empty()) << "later receipts go out";
  wait_for_consumers();
  for (const auto& c : consumers()) {
    EXPECT_EQ(c.at("failures").as_int64(), 0) << json::serialize(c);
    EXPECT_EQ(c.at("deadLetters").as_int64(), 0) << json::serialize(c);
  }
}

// Issue 30, item 1: an event a consumer keeps failing on is set aside with its error, the
// consumer goes on, and an admin sees it and retries or dismisses it.
TEST_F(EventStream, AnEventAConsumerKeepsFailingOnIsSetAsideForAnAdmin) {
  auto fan = sign_up(port(), "dead-letter");
  const auto order = buy(fan, {"STD-H-28"}, "dead-1");
  ASSERT_FALSE(wait_for_file(dir_ + "/mail/receipt-" + order + "_ticketwar.eml").empty());
  wait_for_consumers();
  server_.reset();
  {
    // A payment event naming an order the database does not have: no receipt can be written.
    DatabaseReader db(dir_);
    db.rows("INSERT INTO outbox (id, type, key, payload, created_at_ms) SELECT 'bad-receipt', type, key,"
            " replace(payload, $1, 'no-such-order'), created_at_ms FROM outbox WHERE type = 'payment_processed'"
            " RETURNING id",
            {order});
  }
  start();
  const auto next = buy(fan, {"STD-H-29"}, "dead-2");
  json::value receipts;
  // Five tries with back-off (some 8 s), then it is set aside and the later receipt goes out.
  for (int i = 0; i < 600; ++i) {
    for (const auto& c : consumers()) {
      if (c.at("name") == "receipts") receipts = c;
    }
    if (receipts.at("deadLetters").as_int64() == 1 && receipts.at("lag").as_int64() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(receipts.at("deadLetters").as_int64(), 1) << json::serialize(receipts);
  EXPECT_EQ(receipts.at("lag").as_int64(), 0);
  EXPECT_FALSE(wait_for_file(dir_ + "/mail/receipt-" + next + "_ticketwar.eml").empty()) << "later receipts go out";
  const auto letters = admin_get("/api/admin/dead-letters?state=open").at("deadLetters").as_array();
  ASSERT_EQ(letters.size(), 1u);
  const auto& letter = letters[0];
  EXPECT_EQ(letter.at("consumer"), "receipts");
  EXPECT_EQ(letter.at("eventId"), "bad-receipt");
  EXPECT_EQ(letter.at("type"), "payment_processed");
  EXPECT_NE(std::string(letter.at("lastError").as_string()).find("no-such-order"), std::string::npos)
      << json::serialize(letter);
  const auto id = std::to_string(letter.at("id").as_int64());
  EXPECT_EQ(http_get(port(), "/api/admin/dead-letters", bearer(fan)).status, 403);
  auto retried = http_request(port(), "POST", "/api/admin/dead-letters/" + id + "/retry", "", admin_);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("state"), "open") << "it still fails";
  auto dismissed = http_request(port(), "POST", "/api/admin/dead-letters/" + id + "/dismiss", "", admin_);
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(dismissed.json().at("state"), "dismissed");
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/dead-letters/" + id + "/retry", "", admin_).status, 409);
  EXPECT_EQ(http_request(port(), "POST", "/api/admin/dead-letters/99999/retry", "", admin_).status, 404);
  EXPECT_EQ(http_get(port(), "/api/admin/dead-letters?state=nonsense", admin_).status, 400);
}

TEST_F(EventStream, AReceiptWaitsForTheMailServerAndReachesItOnceItIsUp) {
  std::uint16_t smtp_port = 0;
  {
    SmtpSink probe;  // a free port, closed again: the mail server is down
    smtp_port = probe.port();
  }
  server_.reset();
  start({"--smtp", "smtp://127.0.0.1:" + std::to_string(smtp_port), "--mail-from", "box-office@example.test"});
  auto fan = sign_up(port(), "smtp");
  const auto order = buy(fan, {"STD-H-23", "STD-H-24"}, "smtp-1");
  bool failing = false;
  for (int i = 0; i < 100 && !failing; ++i) {
    for (const auto& c : consumers()) failing = failing || (c.at("name") == "receipts" && c.at("failures").as_int64() > 0);
    if (!failing) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(failing) << "the receipt cannot go while the mail server is down";
  SmtpSink sink(smtp_port);
  const auto got = sink.wait_for(1, 30);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].from, "box-office@example.test");
  EXPECT_EQ(got[0].to, std::vector<std::string>{fan.email});
  EXPECT_NE(got[0].data.find("Message-ID: <receipt-" + order + "@ticketwar>"), std::string::npos);
  EXPECT_EQ(mime_parts(got[0].data).size(), 3u);
  wait_for_consumers();
  EXPECT_EQ(sink.messages().size(), 1u) << "sent once";
}

}  // namespace
}  // namespace tw::testing

namespace tw::testing {
namespace {

json::value admin_send(std::uint16_t port, const std::map<std::string, std::string>& admin, const std::string& method,
                       const std::string& path, const std::string& body, int expect) {
  auto h = admin;
  h["Content-Type"] = "application/json";
  auto r = http_request(port, method, path, body, h);
  EXPECT_EQ(r.status, expect) << method << " " << path << ": " << r.body;
  return r.body.empty() ? json::value() : r.json();
}

// Issue 13: an integrator's endpoint is down, then refuses once, then takes the sale; it gets
// the ticket_sold event signed with its secret, and a repeat of the event is recognisable.
TEST_F(EventStream, AWebhookGetsTheSaleSignedOnceItsReceiverIsBack) {
  std::uint16_t hook_port = 0;
  {
    WebhookReceiver probe;  // a free port, closed again: the receiver is down
    hook_port = probe.port();
  }
  server_.reset();
  start({"--allow-private-webhooks", "--webhook-first-retry-ms", "200"});
  const std::string secret = "whsec-test-0123456789";
  const auto hook = admin_send(port(), admin_, "POST", "/api/admin/webhooks",
                               json::serialize(json::object{{"url", "http://127.0.0.1:" + std::to_string(hook_port) + "/tw"},
                                                            {"secret", secret},
                                                            {"types", json::array{"ticket_sold"}}}),
                               201);
  const std::string hook_id(hook.at("id").as_string());
  auto fan = sign_up(port(), "hooked");
  const auto ticket = buy_ticket(port(), fan, kEvent, "STD-H-25");
  const auto deliveries_path = "/api/admin/webhooks/" + hook_id + "/deliveries";
  json::value first;
  for (int i = 0; i < 200; ++i) {
    auto list = admin_get(deliveries_path).at("deliveries").as_array();
    if (!list.empty() && list.at(0).at("attempts").as_int64() > 0) {
      first = list.at(0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(first.is_object()) << "no attempt while the receiver was down";
  EXPECT_EQ(first.at("state"), "pending");
  EXPECT_TRUE(first.at("lastError").is_string());

  WebhookReceiver receiver(hook_port, 1);
  const auto posts = receiver.wait_for(2, 30);
  ASSERT_EQ(posts.size(), 2u) << "refused once, then taken";
  const auto& got = posts[1];
  EXPECT_EQ(got.target, "/tw");
  EXPECT_EQ(got.headers.at("content-type"), "application/json");
  const auto& signature = got.headers.at("ticketwar-signature");
  const auto comma = signature.find(",v1=");
  ASSERT_TRUE(signature.starts_with("t=") && comma != std::string::npos) << signature;
  const auto t = std::stoll(signature.substr(2, comma - 2));
  EXPECT_EQ(signature.substr(comma + 4), webhooks::sign(secret, t, got.body)) << "signed with the endpoint's secret";
  EXPECT_NE(signature.substr(comma + 4), webhooks::sign("another-secret-entirely", t, got.body));
  const auto event = json::parse(got.body);
  EXPECT_EQ(event.at("type"), "ticket_sold");
  EXPECT_EQ(event.at("data").at("ticketId").as_string(), ticket);

  json::value delivered;
  for (int i = 0; i < 100 && !delivered.is_object(); ++i) {
    auto d = admin_get(deliveries_path).at("deliveries").as_array().at(0);
    if (d.at("state") == "delivered") delivered = d;
    else std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(delivered.is_object());
  const auto detail = admin_get("/api/admin/webhook-deliveries/" + std::string(delivered.at("id").as_string()));
  const auto& log = detail.at("attemptLog").as_array();
  ASSERT_GE(log.size(), 3u) << "down, refused, taken: " << json::serialize(detail);
  EXPECT_TRUE(log.at(0).at("status").is_null()) << "no answer while down";
  EXPECT_EQ(log.at(log.size() - 2).at("status").as_int64(), 503);
  EXPECT_EQ(log.back().at("status").as_int64(), 200);

  // Replayed by an admin: the same event again, with the same id for the receiver to spot.
  admin_send(port(), admin_, "POST", "/api/admin/webhook-deliveries/" + std::string(delivered.at("id").as_string()) +
             "/replay", "", 200);
  const auto again = receiver.wait_for(3, 30);
  ASSERT_EQ(again.size(), 3u);
  EXPECT_EQ(json::parse(again[2].body).at("id"), event.at("id"));
  // Replaying the log to the fan-out queues nothing new: one delivery per event.
  auto replay = run_binary({"events", "replay", "--consumer", "webhooks", "--from", "1", "--data-dir", dir_});
  EXPECT_EQ(replay.exit_code, 0) << replay.err;
  wait_for_consumers();
  EXPECT_EQ(admin_get(deliveries_path).at("deliveries").as_array().size(), 1u);
}

// Issue 30, item 10: a webhook to an IPv6 literal was accepted, then every delivery failed with
// "Couldn't parse CURLOPT_RESOLVE entry".
TEST_F(EventStream, AWebhookToAnIpv6AddressIsDelivered) {
  WebhookReceiver receiver(0, 0, true);
  server_.reset();
  start({"--allow-private-webhooks"});
  admin_send(port(), admin_, "POST", "/api/admin/webhooks",
             json::serialize(json::object{{"url", "http://[::1]:" + std::to_string(receiver.port()) + "/v6"},
                                          {"types", json::array{"ticket_sold"}}}),
             201);
  auto fan = sign_up(port(), "hooked-v6");
  buy(fan, {"STD-J-1"}, "v6-1");
  const auto posts = receiver.wait_for(1, 30);
  ASSERT_EQ(posts.size(), 1u) << "delivered over IPv6";
  EXPECT_EQ(posts[0].target, "/v6");
}

TEST_F(EventStream, WebhooksRefuseBadEndpointsAndPrivateAddresses) {
  const std::string path = "/api/admin/webhooks";
  auto body = [](std::string url, json::array types, std::string secret = "a-good-long-secret") {
    return json::serialize(json::object{{"url", url}, {"types", types}, {"secret", secret}});
  };
  struct Bad {
    std::string body;
    std::string code;
  };
  const std::vector<Bad> bad{{body("http://127.0.0.1:9/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("http://localhost/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("http://10.1.2.3/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("http://[::1]/x", {"ticket_sold"}), "invalid_webhook_url"},
                             // Issue 30, item 10: IPv6 forms of private IPv4 addresses (6to4, NAT64).
                             {body("http://[2002:7f00:1::]:9/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("http://[64:ff9b::a00:1]/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("ftp://hooks.example.test/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("https://user:pw@hooks.example.test/x", {"ticket_sold"}), "invalid_webhook_url"},
                             {body("https://hooks.example.test/x", {"seat_sneezed"}), "invalid_webhook"},
                             {body("https://hooks.example.test/x", {}), "invalid_webhook"},
                             {body("https://hooks.example.test/x", {"ticket_sold"}, "short"), "invalid_webhook"},
                             {R"({"url":"https://hooks.example.test/x"})", "missing_field"},
                             {R"({"url":"https://hooks.example.test/x","types":"ticket_sold"})", "invalid_field"}};
  for (const auto& b : bad) {
    auto r = admin_send(port(), admin_, "POST", path, b.body, 400);
    EXPECT_EQ(r.at("error").at("code").as_string(), b.code) << b.body;
  }
  auto fan = sign_up(port(), "not-admin");
  EXPECT_EQ(http_get(port(), path, bearer(fan)).status, 403);

  auto created = admin_send(port(), admin_, "POST", path,
                            R"({"url":"https://hooks.example.test/tw","types":["ticket_sold","ticket_cancelled"]})", 201);
  EXPECT_EQ(created.at("secret").as_string().size(), 32u) << "a secret is made when none is given";
  const auto one = path + "/" + std::string(created.at("id").as_string());
  auto paused = admin_send(port(), admin_, "PATCH", one, R"({"active":false})", 200);
  EXPECT_FALSE(paused.at("active").as_bool());
  EXPECT_EQ(admin_get(path).at("webhooks").as_array().size(), 1u);
  admin_send(port(), admin_, "DELETE", one, "", 200);
  admin_send(port(), admin_, "DELETE", one, "", 404);
  admin_send(port(), admin_, "POST", "/api/admin/webhook-deliveries/nope/replay", "", 404);
}

}  // namespace
}  // namespace tw::testing
