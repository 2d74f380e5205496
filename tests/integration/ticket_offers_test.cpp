// Issue 34, item 8: a ticket sent to any email. An address with no account gets a claim link;
// the ticket stays the sender's (its code still works) until someone signed in claims it, which
// moves it as a transfer does (a new code; the receiver's ticket limit applies). Until then the
// sender may cancel, and exactly one of two racing claims wins.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <memory>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/mail_reader.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

class TicketOffers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"}); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::map<std::string, std::string> as(const TestUser& u) { return bearer_json(u); }
  static HttpResult send(const TestUser& from, const std::string& ticket, const std::string& email) {
    return http_request(port(), "POST", "/api/tickets/" + ticket + "/transfer", json_body({{"email", email}}), as(from));
  }
  static std::string claim_token(const std::string& email) {
    return link_token(server_->data_dir() + "/mail", "ticket-offer-", email, "/claim");
  }
  static HttpResult lookup(const std::string& token) {
    return http_request(port(), "POST", "/api/ticket-offers/lookup", json_body({{"token", token}}),
                        {{"Content-Type", "application/json"}});
  }
  static HttpResult claim(const TestUser& who, const std::string& token) {
    return http_request(port(), "POST", "/api/ticket-offers/claim", json_body({{"token", token}}), as(who));
  }
  static json::value ticket(const TestUser& who, const std::string& id) {
    return http_get(port(), "/api/tickets/" + id, bearer(who)).json();
  }
  // The ticket's status in the fan's list (a giver sees a ticket given away there only).
  static std::string listed_status(const TestUser& who, const std::string& id) {
    const auto list = http_get(port(), "/api/tickets", bearer(who)).json();
    for (const auto& t : list.at("tickets").as_array()) {
      if (t.at("id") == json::value(id)) return std::string(t.at("status").as_string());
    }
    return "";
  }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(TicketOffers, AnAddressWithoutAnAccountClaimsTheTicketWithTheEmailedLink) {
  auto sender = sign_up(port(), "giver");
  const auto id = buy_ticket(port(), sender, "taylor-swift-eras", "VIP-C-10");
  const auto code_before = std::string(ticket(sender, id).at("code").as_string());

  auto sent = send(sender, id, "New.Friend@Example.com");
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_TRUE(sent.json().at("offered").as_bool());
  EXPECT_EQ(sent.json().at("to"), json::value("new.friend@example.com"));
  auto mine = ticket(sender, id);
  EXPECT_EQ(mine.at("status"), json::value("confirmed")) << "still the sender's until claimed";
  EXPECT_EQ(mine.at("code").as_string(), code_before) << "and its code still works";
  EXPECT_EQ(mine.at("pendingTransfer").at("to"), json::value("new.friend@example.com"));
  EXPECT_EQ(error_code(send(sender, id, "someone.else@example.com")), "transfer_pending");

  const auto token = claim_token("new.friend@example.com");
  ASSERT_EQ(token.size(), 43u) << "a claim link went to the address";
  auto seen = lookup(token);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.json().at("status"), json::value("open"));
  EXPECT_EQ(seen.json().at("from"), json::value("giver"));
  EXPECT_EQ(seen.json().at("seat").at("row"), json::value("C"));
  EXPECT_EQ(seen.body.find(code_before), std::string::npos) << "the link never shows the code";

  EXPECT_EQ(claim(sender, token).status, 400) << "the sender cannot claim their own";
  auto friend_ = sign_up(port(), "friend");  // any address: the link is the proof
  auto claimed = claim(friend_, token);
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.json().at("ticketId"), json::value(id));
  auto theirs = ticket(friend_, id);
  EXPECT_EQ(theirs.at("status"), json::value("confirmed"));
  EXPECT_NE(theirs.at("code").as_string(), code_before) << "a new code for the new holder";
  EXPECT_EQ(listed_status(sender, id), "transferred");
  EXPECT_EQ(error_code(claim(friend_, token)), "claim_link_used");
  EXPECT_EQ(lookup(token).json().at("status"), json::value("claimed"));
}

TEST_F(TicketOffers, TheSenderCanCancelUntilItIsClaimed) {
  auto sender = sign_up(port(), "changed-mind");
  const auto id = buy_ticket(port(), sender, "taylor-swift-eras", "VIP-C-11");
  ASSERT_EQ(send(sender, id, "maybe@example.com").status, 202);
  const auto token = claim_token("maybe@example.com");
  auto stranger = sign_up(port(), "stranger");
  EXPECT_EQ(http_request(port(), "DELETE", "/api/tickets/" + id + "/transfer", "", bearer(stranger)).status, 404);
  ASSERT_EQ(http_request(port(), "DELETE", "/api/tickets/" + id + "/transfer", "", bearer(sender)).status, 200);
  EXPECT_FALSE(ticket(sender, id).as_object().contains("pendingTransfer"));
  auto late = claim(stranger, token);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(error_code(late), "claim_link_cancelled");
  EXPECT_EQ(error_code(http_request(port(), "DELETE", "/api/tickets/" + id + "/transfer", "", bearer(sender))),
            "no_pending_transfer");
  EXPECT_EQ(ticket(sender, id).at("status"), json::value("confirmed"));
  ASSERT_EQ(send(sender, id, "second.try@example.com").status, 202) << "a new link can be sent";
}

TEST_F(TicketOffers, OnlyTheHolderSendsAndBadInputIsRefused) {
  auto sender = sign_up(port(), "holder");
  const auto id = buy_ticket(port(), sender, "taylor-swift-eras", "VIP-C-12");
  auto other = sign_up(port(), "other");
  EXPECT_EQ(send(other, id, "x@example.com").status, 404) << "not the other's to send";
  EXPECT_EQ(send(sender, id, "not an address").status, 400);
  EXPECT_EQ(error_code(lookup("nope")), "claim_link_unknown");
  EXPECT_EQ(error_code(lookup(std::string(43, 'A'))), "claim_link_unknown");
  EXPECT_EQ(error_code(claim(other, std::string(43, 'A'))), "claim_link_unknown");
  EXPECT_EQ(http_request(port(), "POST", "/api/ticket-offers/claim", json_body({{"token", std::string(43, 'A')}}),
                         {{"Content-Type", "application/json"}})
                .status,
            401);
  auto to_account = send(sender, id, other.email);
  EXPECT_EQ(to_account.status, 200) << "an address with an account gets the ticket at once";
  EXPECT_TRUE(to_account.json().at("transferred").as_bool());
}

TEST_F(TicketOffers, AClaimOverTheReceiversLimitIsRefusedAndTheLinkStaysOpen) {
  auto sender = sign_up(port(), "generous");
  const auto id = buy_ticket(port(), sender, "coldplay-music-of-the-spheres", "ECO-G-1");
  ASSERT_EQ(send(sender, id, "collector@example.com").status, 202);
  const auto token = claim_token("collector@example.com");
  auto collector = sign_up(port(), "collector");
  auto held = http_request(port(), "POST", "/api/events/coldplay-music-of-the-spheres/holds",
                           seats_body({"STD-J-1", "STD-J-2", "STD-J-3", "STD-J-4", "STD-J-5", "STD-J-6", "STD-J-7",
                                       "STD-J-8"}),
                           as(collector));
  ASSERT_EQ(held.status, 201) << held.body;
  auto over = claim(collector, token);
  EXPECT_EQ(over.status, 422) << over.body;
  EXPECT_EQ(error_code(over), "ticket_limit");
  EXPECT_EQ(lookup(token).json().at("status"), json::value("open")) << "someone else may still claim it";
  EXPECT_EQ(ticket(sender, id).at("status"), json::value("confirmed"));
  auto neighbour = sign_up(port(), "neighbour");
  EXPECT_EQ(claim(neighbour, token).status, 200);
}

TEST_F(TicketOffers, OfTwoRacingClaimsExactlyOneWins) {
  auto sender = sign_up(port(), "racer");
  const auto id = buy_ticket(port(), sender, "taylor-swift-eras", "VIP-C-13");
  ASSERT_EQ(send(sender, id, "race@example.com").status, 202);
  const auto token = claim_token("race@example.com");
  auto a = sign_up(port(), "claimer-a");
  auto b = sign_up(port(), "claimer-b");
  auto first = std::async(std::launch::async, [&] { return claim(a, token).status; });
  auto second = std::async(std::launch::async, [&] { return claim(b, token).status; });
  const int x = first.get(), y = second.get();
  EXPECT_EQ((x == 200) + (y == 200), 1) << x << " " << y;
  EXPECT_EQ((x == 409) + (y == 409), 1) << x << " " << y;
  const bool a_has = http_get(port(), "/api/tickets/" + id, bearer(a)).status == 200;
  const bool b_has = http_get(port(), "/api/tickets/" + id, bearer(b)).status == 200;
  EXPECT_NE(a_has, b_has) << "one holder";
}

}  // namespace tw::testing
