#pragma once
// Presale and access codes. An organiser makes codes for an event, one at a time (a code they
// choose: "FANCLUB") or in batches of generated ones, each batch with its rules: how many
// purchases one code may make, when it may be used, which tiers or sections it unlocks, and
// optionally an allotment (at most K seats sold through the whole batch). A fan redeems a code
// for their account; during the event's presale (core/event.h, SalePhase::kPresale) only such
// accounts may hold seats, and only seats their code unlocks. A hold made with a code counts
// as a use while it runs and for good once sold; the count is checked in the same database
// transaction that records the hold, so racing checkouts cannot spend a code twice.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/layout.h"
#include "core/result.h"

namespace tw::core {

inline constexpr int kMaxCodesPerBatch = 10'000;
inline constexpr int kMaxUsesPerCode = 10'000;
inline constexpr std::size_t kMinCodeLength = 4;
inline constexpr std::size_t kMaxCodeLength = 32;
inline constexpr std::size_t kMaxCodeLabel = 60;
inline constexpr int kGeneratedCodeLength = 10;  // ~49 bits from a 31-letter alphabet

// What a batch's codes unlock and how often; shared by every code of the batch.
struct CodeRules {
  std::string label;               // the organiser's name for the batch: "Fan club", "VIP presale"
  int max_uses = 1;                // purchases (orders) one code may make
  std::int64_t valid_from_ms = 0;  // 0: from the presale's opening
  std::int64_t valid_until_ms = 0; // 0: until the public on-sale
  std::vector<std::string> tiers;     // tier ids; with sections, empty means every seat
  std::vector<std::string> sections;  // section ids
  int allotment = 0;  // seats the whole batch may sell; 0: no cap but the seats themselves

  bool operator==(const CodeRules&) const = default;
};

struct CodeBatch {
  std::string id;
  std::int64_t event_id = 0;
  CodeRules rules;
  std::int64_t by_user_id = 0;
  std::int64_t created_at_ms = 0;

  bool operator==(const CodeBatch&) const = default;
};

struct AccessCode {
  std::string id;
  std::string batch_id;
  std::int64_t event_id = 0;
  std::string code;  // normalized (normalize_code)
  std::int64_t revoked_at_ms = 0;  // 0: not revoked

  bool operator==(const AccessCode&) const = default;
};

// A code with its use at a moment, as organisers see it.
struct CodeListing {
  AccessCode code;
  int uses = 0;         // sold holds made with it
  int held = 0;         // holds made with it and running then
  int seats_sold = 0;   // seats of those sold holds
  int redemptions = 0;  // accounts that redeemed it (and have not redeemed another since)
};

// How much a code (and its batch) has been used at a moment: holds running now count as uses,
// so a use is never promised twice.
struct CodeUsage {
  int uses = 0;        // holds sold or running with this code
  int batch_seats = 0; // seats in holds sold or running with any code of the batch
};

// A code as people type it, in the form it is stored and compared: letters upper-cased; spaces
// and dashes (which generated codes are printed with) dropped. nullopt when what is left is not
// kMinCodeLength..kMaxCodeLength letters and digits.
std::optional<std::string> normalize_code(std::string_view typed);

// A new random code of kGeneratedCodeLength letters and digits, without look-alikes (0/O, 1/I/L).
std::string generate_code();

// The code as printed for people: generated codes in two groups of five ("ABCDE-FGHJK").
std::string printed_code(std::string_view code);

// Checks rules an organiser gives, against the event's layout (tiers and sections it has).
Status validate_code_rules(const CodeRules& rules, const Layout& layout);

// Whether a code with these rules unlocks a seat of this section.
bool unlocks(const CodeRules& rules, const SectionSpec& section);

// What a code unlocks, in words for people: "tier vip and sections A, B", or "every seat".
std::string unlocked_words(const CodeRules& rules);

// Whether a hold of `seats` seats may use a code of these rules now: kConflict "code_revoked",
// "code_used_up" or "code_allotment_reached", kForbidden "code_not_valid_now".
Status code_use_allowed(const CodeRules& rules, const AccessCode& code, const CodeUsage& usage, int seats,
                        std::int64_t now_ms);

}  // namespace tw::core
