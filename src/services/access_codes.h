#pragma once
// AccessCodes: an event's presale and access codes (core/access_code.h). Organisers make them
// (one they choose, or batches of generated ones), list them with their use, export and revoke
// them; fans redeem one for their account. During the event's presale a hold asks here for the
// code it is made with (Booking::hold); the code's uses are checked again, atomically, when the
// store records the hold.
//
// Guessing is throttled like passwords (auth/sign_in_guard.h): failed redemptions are counted
// per account and per client address in the same AttemptRecords (shared by a cluster's
// instances), each with a free allowance and then a doubling wait.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/attempt_records.h"
#include "auth/memory_attempt_records.h"
#include "auth/throttle_policy.h"
#include "core/access_code.h"
#include "core/clock.h"
#include "services/catalog.h"
#include "store/access_code_store.h"

namespace tw::services {

struct CodeRequest {
  std::string code;  // one code the organiser chose ("FANCLUB"); or, when empty,
  int count = 1;     // this many generated codes
  core::CodeRules rules;
};

struct CodeBatchView {
  core::CodeBatch batch;
  std::vector<core::CodeListing> codes;
};

struct EventCodes {
  EventWithMap event;
  std::vector<CodeBatchView> batches;
};

// A code an account redeemed, with its rules.
struct RedeemedCode {
  core::AccessCode code;
  core::CodeBatch batch;
};

struct CodeGuessPolicy {
  auth::ThrottlePolicy account{10, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
  auth::ThrottlePolicy address{100, 15 * 60 * 1000, 1000, 15 * 60 * 1000};
};

class AccessCodes {
 public:
  // `attempts`: where failed redemptions are counted (nullptr: this process's memory).
  AccessCodes(store::AccessCodeStore& store, Catalog& catalog, const core::Clock& clock,
              auth::AttemptRecords* attempts, CodeGuessPolicy policy = {});

  // kInvalid "invalid_codes"; kNotFound "event_not_found"; kConflict "code_taken",
  // "show_cancelled".
  Task<core::Result<CodeBatchView>> create(std::int64_t event_id, CodeRequest request, std::int64_t by_user);
  Task<core::Result<EventCodes>> codes_of(std::int64_t event_id);
  // Revokes one code, or a batch's codes; how many were revoked now. kNotFound "code_not_found".
  Task<core::Result<int>> revoke(std::string code_id, std::int64_t by_user);
  Task<core::Result<int>> revoke_batch(std::int64_t event_id, std::string batch_id, std::int64_t by_user);

  // Redeems a code for the account. kRateLimited "too_many_code_attempts"; kNotFound
  // "code_not_found" (also for a revoked code or one of another event); kConflict
  // "code_used_up"; kForbidden "code_expired"; kConflict "show_cancelled".
  Task<core::Result<RedeemedCode>> redeem(std::int64_t user_id, std::string slug, std::string typed,
                                          std::string client_ip);
  // The code the account redeemed for the event (revoked ones included: they say so).
  Task<core::Result<std::optional<RedeemedCode>>> redeemed(std::int64_t user_id, std::int64_t event_id);

  // The code a presale hold of `seats` (indexes of the event's map) is made with, checked as far
  // as it can be before the store counts its uses: kForbidden "presale_code_required" (no code
  // redeemed), "code_not_for_these_seats"; kConflict "code_revoked", "code_used_up".
  Task<core::Result<RedeemedCode>> for_presale_hold(std::int64_t user_id, const EventWithMap& event,
                                                    const std::vector<int>& seats);

 private:
  Task<std::int64_t> guess_wait_ms(std::int64_t user_id, const std::string& client_ip);
  Task<void> guess_failed(std::int64_t user_id, const std::string& client_ip);

  store::AccessCodeStore& store_;
  Catalog& catalog_;
  const core::Clock& clock_;
  auth::MemoryAttemptRecords own_attempts_;
  auth::AttemptRecords& attempts_;
  CodeGuessPolicy policy_;
};

}  // namespace tw::services
