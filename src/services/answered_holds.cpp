#include "services/answered_holds.h"

#include "async/one_shot.h"

namespace tw::services {

std::shared_ptr<OneShot> AnsweredHolds::add(const core::HoldRecord& record) {
  std::lock_guard lock(mu_);
  if (pending_.size() >= limit_) return nullptr;
  auto signal = std::make_shared<OneShot>();
  pending_.emplace(record.id, Pending{record, signal});
  return signal;
}

void AnsweredHolds::recorded(const std::string& hold_id) {
  std::shared_ptr<OneShot> signal;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(hold_id);
    if (it == pending_.end()) return;
    signal = std::move(it->second.recorded);
    pending_.erase(it);
  }
  signal->set();
}

std::optional<core::HoldRecord> AnsweredHolds::find(const std::string& hold_id) {
  std::lock_guard lock(mu_);
  if (auto it = pending_.find(hold_id); it != pending_.end()) return it->second.record;
  return std::nullopt;
}

std::vector<core::HoldRecord> AnsweredHolds::of(std::int64_t user_id, std::int64_t event_id) {
  std::vector<core::HoldRecord> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, p] : pending_) {
    if (p.record.user_id == user_id && p.record.event_id == event_id) out.push_back(p.record);
  }
  return out;
}

Task<void> AnsweredHolds::wait(const std::string& hold_id) {
  std::shared_ptr<OneShot> signal;
  {
    std::lock_guard lock(mu_);
    if (auto it = pending_.find(hold_id); it != pending_.end()) signal = it->second.recorded;
  }
  if (signal) co_await signal->wait();
}

Task<void> AnsweredHolds::wait_all() {
  std::vector<std::shared_ptr<OneShot>> signals;
  {
    std::lock_guard lock(mu_);
    signals.reserve(pending_.size());
    for (const auto& [id, p] : pending_) signals.push_back(p.recorded);
  }
  for (const auto& s : signals) co_await s->wait();
}

}  // namespace tw::services
