#pragma once
// AccessCodeStore: presale and access codes (core/access_code.h), and which code each account
// redeemed. Conventions in database.h. A code's uses are not kept here but counted from the
// holds made with it (BookingStore::insert_hold checks them in the transaction that adds one).
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/access_code.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

using core::CodeListing;

class AccessCodeStore {
 public:
  virtual ~AccessCodeStore() = default;

  // Records a batch and its codes with `messages`, in one transaction. kConflict "code_taken"
  // when one of the codes exists for the event already: nothing is written.
  virtual Task<core::Status> add_batch(core::CodeBatch batch, std::vector<core::AccessCode> codes,
                                       std::vector<OutboxMessage> messages) = 0;
  // An event's batches, oldest first, and its codes with their use at `now_ms` (batch by batch).
  virtual Task<core::Result<std::vector<core::CodeBatch>>> batches_of(std::int64_t event_id) = 0;
  virtual Task<core::Result<std::vector<CodeListing>>> codes_of(std::int64_t event_id, std::int64_t now_ms) = 0;
  virtual Task<core::Result<std::optional<core::CodeBatch>>> find_batch(std::string id) = 0;
  virtual Task<core::Result<std::optional<core::AccessCode>>> find_code(std::string id) = 0;
  // The event's code spelled `code` (normalized), revoked or not.
  virtual Task<core::Result<std::optional<core::AccessCode>>> find_by_text(std::int64_t event_id, std::string code) = 0;
  // Revokes one code (`id` a code id) or every code of a batch (`whole_batch`: `id` a batch id)
  // not revoked yet, with `messages`; how many codes were revoked now (0: none was left to).
  virtual Task<core::Result<int>> revoke(std::string id, bool whole_batch, std::int64_t now_ms,
                                         std::vector<OutboxMessage> messages) = 0;

  // Uses of a code and seats of its batch at `now_ms`, counted as BookingStore::insert_hold does.
  virtual Task<core::Result<core::CodeUsage>> usage_of(std::string code_id, std::string batch_id,
                                                       std::int64_t now_ms) = 0;

  // Records that the account redeemed this code for its event, replacing a code it redeemed before.
  virtual Task<core::Status> redeem(core::AccessCode code, std::int64_t user_id, std::int64_t now_ms) = 0;
  // The code the account redeemed for the event, if any.
  virtual Task<core::Result<std::optional<core::AccessCode>>> redeemed(std::int64_t event_id, std::int64_t user_id) = 0;
};

inline core::Error code_taken() {
  return core::conflict("code_taken", "This event has a code spelled like that already");
}

}  // namespace tw::store
