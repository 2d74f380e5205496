#pragma once
// DeadLetterStore: events a consumer of the event log kept failing on, set aside with their last
// error so the consumer could go on (events/dispatcher.h), until an admin retries or dismisses
// them. Conventions in database.h.
#include <optional>
#include <string>
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class DeadLetterStore {
 public:
  virtual ~DeadLetterStore() = default;
  // Records `letter` (its id is assigned) and answers it. Idempotent by (consumer, event id): a
  // letter set aside already answers as it is stored, so two servers setting aside the same event
  // keep one.
  virtual Task<core::Result<DeadLetter>> add_dead_letter(DeadLetter letter) = 0;
  // Newest first.
  virtual Task<core::Result<std::vector<DeadLetter>>> dead_letters(DeadLetterQuery query) = 0;
  virtual Task<core::Result<std::optional<DeadLetter>>> find_dead_letter(std::int64_t id) = 0;
  // Records a letter's new state, attempts and last error; kNotFound "dead_letter_not_found".
  virtual Task<core::Status> update_dead_letter(DeadLetter letter) = 0;
  // How many letters are open per consumer.
  virtual Task<core::Result<std::vector<std::pair<std::string, int>>>> open_dead_letters() = 0;
};

}  // namespace tw::store
