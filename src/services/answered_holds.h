#pragma once
// Holds answered before their record committed (Booking's `answer_holds_before_commit`, see
// services/booking.h), each with the signal its readers wait on. Every read of such a hold by id
// waits for its record, so nothing acts on a hold the store has not seen; a checkout may take it
// as it was answered (its writes queue behind the hold's insert). Thread-safe.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "async/task.h"
#include "core/hold.h"

namespace tw {
class OneShot;
}

namespace tw::services {

class AnsweredHolds {
 public:
  explicit AnsweredHolds(std::size_t limit) : limit_(limit) {}

  // Starts tracking a hold answered now; null when `limit` holds wait already (the caller then
  // records this one before answering: backpressure).
  std::shared_ptr<OneShot> add(const core::HoldRecord& record);
  // The hold's record committed (or was refused): its readers go on.
  void recorded(const std::string& hold_id);
  // The hold as answered, while its record is pending.
  std::optional<core::HoldRecord> find(const std::string& hold_id);
  // Pending holds of one account and event.
  std::vector<core::HoldRecord> of(std::int64_t user_id, std::int64_t event_id);
  // Completes once this hold (if pending) is recorded.
  Task<void> wait(const std::string& hold_id);
  // Completes once every hold answered so far is recorded.
  Task<void> wait_all();

 private:
  struct Pending {
    core::HoldRecord record;
    std::shared_ptr<OneShot> recorded;
  };
  const std::size_t limit_;
  std::mutex mu_;
  std::unordered_map<std::string, Pending> pending_;  // guarded by mu_
};

}  // namespace tw::services
