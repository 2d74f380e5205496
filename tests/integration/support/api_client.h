#pragma once
// Helpers for tests that act as signed-in users against a ServerProcess.
#include <string>
#include <vector>

#include "support/http_client.h"

namespace tw::testing {

struct TestUser {
  std::string email;
  std::string password;
  std::string token;
  std::string cookie;  // "tw_session=…"
  std::string csrf;
  std::int64_t id = 0;
};

// Signs up a fresh account (unique email from `prefix`) and returns its session.
TestUser sign_up(std::uint16_t port, const std::string& prefix);
TestUser sign_up_as(std::uint16_t port, const std::string& email, const std::string& name);
// `user_agent`: the User-Agent header to send, if any (the account page names devices by it).
TestUser sign_in(std::uint16_t port, const std::string& email, const std::string& password,
                 const std::string& user_agent = "");
// One sign-in attempt from the local address `source` (127.x.y.z), answered as it comes.
HttpResult sign_in_from(const std::string& source, std::uint16_t port, const std::string& email,
                        const std::string& password);
std::map<std::string, std::string> bearer(const TestUser& u);
// The same with "Content-Type: application/json", for requests with a JSON body.
std::map<std::string, std::string> bearer_json(const TestUser& u);
// Holds one seat and pays for it with the approving card; returns the ticket id (throws on failure).
std::string buy_ticket(std::uint16_t port, const TestUser& u, const std::string& slug, const std::string& seat);
std::string json_body(std::initializer_list<std::pair<std::string, std::string>> fields);
std::string seats_body(std::initializer_list<const char*> seats);
std::string seats_body(const std::vector<std::string>& seats);
std::string checkout_body(const std::string& hold_id, const std::string& card_number);
// Seat states from the packed availability of GET /seats: 0 available, 1 held, 2 sold.
int seat_state(const HttpResult& seats, int index);
// The error code of an error answer.
std::string error_code(const HttpResult& r);

inline constexpr const char* kApprove = "4242 4242 4242 4242";
inline constexpr const char* kDecline = "4000 0000 0000 0002";
inline constexpr const char* kRefundsFail = "4000 0000 0000 5126";

inline constexpr const char* kDevAdminEmail = "admin@ticketwar.local";
inline constexpr const char* kDevAdminPassword = "ticketwar-dev-admin";

}  // namespace tw::testing
