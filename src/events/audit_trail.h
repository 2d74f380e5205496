#pragma once
// AuditTrail: the consumer that keeps the audit trail, an append-only record of every event
// with the show and account it concerns, who acted and when, for admins to search
// (GET /api/admin/audit). Entries are keyed by the event's sequence, so an event handled twice
// leaves one entry.
#include "events/consumer.h"
#include "store/audit_store.h"

namespace tw::events {

// The entry recording `e`: which show and account it concerns and who acted (the buyer or
// holder "user"; "admin" for a cancellation; "system" for a hold that ran out or a refund the
// payment reconciler made; "gate:<name>" for a check-in).
core::AuditEntry audit_entry(const DecodedEvent& e);

class AuditTrail final : public Consumer {
 public:
  static constexpr int kMaxPage = 200;

  explicit AuditTrail(store::AuditStore& store) : store_(store) {}

  std::string_view name() const override { return "audit"; }
  Task<core::Status> handle(const std::vector<DecodedEvent>& batch) override;

  // Entries matching the query, newest first; the limit is kept within 1..kMaxPage.
  Task<core::Result<std::vector<core::AuditEntry>>> search(core::AuditQuery query);

 private:
  store::AuditStore& store_;
};

}  // namespace tw::events
