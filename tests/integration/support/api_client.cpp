#include "support/api_client.h"

#include <atomic>
#include <boost/json.hpp>
#include <stdexcept>

namespace tw::testing {
namespace {

TestUser from_answer(const HttpResult& r, std::string email, std::string password) {
  if (r.status != 200 && r.status != 201) throw std::runtime_error("sign-in failed: " + r.body);
  const auto v = r.json();
  TestUser u{std::move(email), std::move(password), std::string(v.at("token").as_string()), "",
             std::string(v.at("csrfToken").as_string()), v.at("user").at("id").as_int64()};
  const auto cookie = r.header("set-cookie");
  u.cookie = cookie.substr(0, cookie.find(';'));
  return u;
}

}  // namespace

std::string json_body(std::initializer_list<std::pair<std::string, std::string>> fields) {
  boost::json::object o;
  for (const auto& [k, v] : fields) o[k] = v;
  return boost::json::serialize(o);
}

std::string seats_body(const std::vector<std::string>& seats) {
  boost::json::array a;
  for (const auto& s : seats) a.emplace_back(s);
  return boost::json::serialize(boost::json::object{{"seats", std::move(a)}});
}

std::string seats_body(std::initializer_list<const char*> seats) {
  return seats_body(std::vector<std::string>(seats.begin(), seats.end()));
}

std::string checkout_body(const std::string& hold_id, const std::string& number) {
  return boost::json::serialize(boost::json::object{
      {"holdId", hold_id}, {"card", {{"number", number}, {"expiry", "12/39"}, {"cvc", "123"}, {"name", "Fan"}}}});
}

int seat_state(const HttpResult& seats, int index) {
  const std::string b64(seats.json().at("states").as_string());
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  int buf = 0, bits = 0;
  for (char c : b64) {
    if (c == '=') break;
    buf = (buf << 6) | static_cast<int>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) bytes += static_cast<char>((buf >> (bits -= 8)) & 0xff);
  }
  return (static_cast<unsigned char>(bytes[index / 4]) >> ((index % 4) * 2)) & 3;
}

std::string error_code(const HttpResult& r) {
  try {
    return std::string(r.json().at("error").at("code").as_string());
  } catch (const std::exception&) {
    return "(not an error answer: " + r.body.substr(0, 200) + ")";
  }
}

// Each account signs up from its own loopback address, as real fans do from their own
// connections, so the per-address sign-up limit sees many clients, not one.
TestUser sign_up_as(std::uint16_t port, const std::string& email, const std::string& name) {
  static std::atomic<int> n{0};
  const int i = n++;
  const std::string password = "a long test password";
  const std::string source = "127.1." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250 + 1);
  auto r = http_request_from(source, port, "POST", "/api/auth/signup",
                             json_body({{"email", email}, {"password", password}, {"name", name}}));
  return from_answer(r, email, password);
}

TestUser sign_up(std::uint16_t port, const std::string& prefix) {
  static std::atomic<int> n{0};
  return sign_up_as(port, prefix + "-" + std::to_string(n++) + "@example.com", prefix);
}

TestUser sign_in(std::uint16_t port, const std::string& email, const std::string& password,
                 const std::string& user_agent) {
  std::map<std::string, std::string> headers;
  if (!user_agent.empty()) headers["User-Agent"] = user_agent;
  auto r = http_request(port, "POST", "/api/auth/signin", json_body({{"email", email}, {"password", password}}),
                        headers);
  return from_answer(r, email, password);
}

HttpResult sign_in_from(const std::string& source, std::uint16_t port, const std::string& email,
                        const std::string& password) {
  return http_request_from(source, port, "POST", "/api/auth/signin",
                           json_body({{"email", email}, {"password", password}}));
}

std::map<std::string, std::string> bearer(const TestUser& u) { return {{"Authorization", "Bearer " + u.token}}; }

std::map<std::string, std::string> bearer_json(const TestUser& u) {
  auto headers = bearer(u);
  headers["Content-Type"] = "application/json";
  return headers;
}

std::string buy_ticket(std::uint16_t port, const TestUser& u, const std::string& slug, const std::string& seat) {
  auto headers = bearer_json(u);
  auto hold = http_request(port, "POST", "/api/events/" + slug + "/holds", "{\"seats\":[\"" + seat + "\"]}", headers);
  if (hold.status != 201) throw std::runtime_error("hold failed: " + hold.body);
  headers["Idempotency-Key"] = "buy-" + seat + "-" + u.email;
  const std::string body = "{\"holdId\":\"" + std::string(hold.json().at("holdId").as_string()) +
                           "\",\"card\":{\"number\":\"4242424242424242\",\"expiry\":\"12/39\",\"cvc\":\"123\","
                           "\"name\":\"Fan\"}}";
  auto order = http_request(port, "POST", "/api/checkout", body, headers);
  if (order.status != 201) throw std::runtime_error("checkout failed: " + order.body);
  return std::string(order.json().at("tickets").at(0).at("id").as_string());
}

}  // namespace tw::testing
