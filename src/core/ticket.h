#pragma once
// Tickets, and what happens to them: sold, searched, transferred, scanned at a gate.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"

namespace tw::core {

enum class TicketStatus { kConfirmed, kCancelled, kUsed, kTransferred };  // kTransferred: a giver's view

struct TicketRecord {
  std::string id;  // UUID
  std::string order_id;
  std::int64_t user_id = 0;
  std::int64_t event_id = 0;
  int seat_index = 0;
  std::string seat_id;
  Cents price = 0;
  Cents fee = 0;
  Cents total = 0;
  TicketStatus status = TicketStatus::kConfirmed;
  std::int64_t purchased_at = 0;
  std::int64_t code_issued_ms = 0;    // issue time of the ticket's current signed code
  std::int64_t checked_in_at_ms = 0;  // 0 until used
  std::string checked_in_gate;
};

// Admins finding sales: tickets of one event (0: any), whose buyer's name or email contains
// `text`, or whose id or order id is `text` (empty: all); newest first, at most `limit`.
struct SoldTicketQuery {
  std::int64_t event_id = 0;
  std::string text;
  int limit = 50;
};

// A ticket with the account that holds it, as the admins' sales search and export show it.
struct SoldTicket {
  TicketRecord ticket;
  std::string buyer_name;
  std::string buyer_email;
};

// One scan at a gate: the ticket, the issue time of the code shown, where and when.
struct CheckInRecord {
  std::string ticket_id;
  std::int64_t code_issued_ms = 0;
  std::string gate;
  std::int64_t at_ms = 0;
};

struct TransferRecord {
  std::string ticket_id;
  std::int64_t from_user = 0;
  std::int64_t to_user = 0;
  std::int64_t at_ms = 0;  // also the issue time of the ticket's new code
};

// A ticket sent to an email address with no account yet: the recipient gets a claim link (only
// its token's hash is kept) and the ticket moves when they claim it, signed in under any account.
// Until then it stays the sender's, who may cancel. kOpen -> kClaimed or kCancelled.
enum class OfferState { kOpen, kClaimed, kCancelled };

struct TicketOffer {
  std::string token_hash;  // hex SHA-256 of the token in the emailed link
  std::string ticket_id;
  std::int64_t from_user = 0;
  std::string to_email;  // normalised
  std::int64_t created_at = 0;  // UTC seconds
  std::int64_t expires_at = 0;
  OfferState state = OfferState::kOpen;
  std::int64_t claimed_by = 0;  // the account that claimed it; 0 unless kClaimed
  std::int64_t closed_at = 0;
};

// A device's Apple Wallet holding a ticket's pass (Apple's pass web service registers it), with
// the push token Apple would be told to wake it with when the pass changes.
struct PassRegistration {
  std::string device_id;  // Wallet's device library identifier
  std::string pass_type;  // the pass type identifier
  std::string serial;
  std::string push_token;
  std::int64_t created_at = 0;  // UTC seconds
};

struct TicketKeyRecord {
  std::int64_t id = 0;
  std::string public_key;  // base64url
  std::string secret_key;  // base64url
  std::int64_t created_at_ms = 0;
};

// A sold seat and who holds its ticket now (the per-account limit counts it against them).
struct SoldSeat {
  int seat_index = 0;
  std::int64_t user_id = 0;
};

const char* state_name(TicketStatus s);
std::optional<TicketStatus> parse_ticket_status(std::string_view s);
const char* state_name(OfferState s);
std::optional<OfferState> parse_offer_state(std::string_view s);

}  // namespace tw::core
