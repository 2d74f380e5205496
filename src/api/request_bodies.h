#pragma once
// The JSON bodies clients send, read into values with clear 400 errors (documented in
// docs/api.md). Kept apart from the routes so each can be tested, and fuzzed, on its own; the
// event and layout bodies are in event_body.h.
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/best_seats.h"
#include "core/result.h"
#include "core/seat_selection.h"
#include "payments/payment_gateway.h"
#include "services/check_in.h"

namespace tw::api {

struct CredentialsBody {
  std::string email;
  std::string password;
  std::string name;
};

// {"email","password"[,"name"]}: sign-in, and sign-up when `with_name`.
core::Result<CredentialsBody> read_credentials(const boost::json::object& body, bool with_name);
// {"seats":["VIP-A-1", ...]}: at most `max` (100: a fan's hold) ids of at most 40 characters.
core::Result<std::vector<std::string>> read_seat_list(const boost::json::object& body, std::size_t max = 100);
// An organiser's seats: {"seats":[ids]} or {"section"[,"rows":["A", ...]]}; nothing named is
// an empty selection (the caller says whether that is allowed).
core::Result<core::SeatSelection> read_seat_selection(const boost::json::object& body);
// {"card":{"number","expiry","cvc","name"}}
core::Result<payments::Card> read_card(const boost::json::object& body);
// {"count"[,"tier"][,"section"]}
core::Result<core::BestSeatsRequest> read_best_seats(const boost::json::object& body);
// {"scans":[{"code","scannedAtMs"}, ...]}: at most 5000.
core::Result<std::vector<services::OfflineScan>> read_scans(const boost::json::object& body);

inline constexpr std::size_t kMaxSyncScans = 5000;

}  // namespace tw::api
