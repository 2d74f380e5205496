#pragma once
// A sale under faults, for the crash and cluster tests: buyers hold one or two random seats of
// one event and pay, retrying a checkout whose answer was lost with the same idempotency key,
// against whatever port the test points them at (0: no server now). Afterwards the books must
// balance (expect_books_balance).
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tw::testing {

struct FlashSale {
  std::string slug = "taylor-swift-eras";
  std::vector<std::string> seats;  // the seats buyers pick from
  std::atomic<std::uint16_t> port{0};
  std::atomic<bool> over{false};
  std::mutex mu;
  std::map<std::string, std::size_t> orders;  // order id -> tickets, for every 201; guarded by mu
  std::atomic<int> attempts{0};
};

// N buyer accounts made by `ticketwar bench-users` over the database `args` name; their session
// tokens (empty when the command failed: it is printed).
std::vector<std::string> signed_in_buyers(int n, std::vector<std::string> args);

// The 215 seats of the demo stadium's premium and standard blocks.
std::vector<std::string> stadium_seats();

// One buyer's loop until sale.over; `id` seeds its choices and names its keys.
void buy_until_over(FlashSale& sale, const std::string& token, int id);

// No seat in two live tickets; every order answered 201 is there whole; every approved charge in
// the processor's ledger is in an order or refunded in full, never both; every refund the
// processor made is recorded as succeeded; no payment left pending; no hold active 2 s past its
// time. Prints what it counted.
class DatabaseReader;
void expect_books_balance(DatabaseReader& db, const std::string& ledger_path, FlashSale& sale);

}  // namespace tw::testing
