#pragma once
// AuditStore: the audit trail, an append-only copy of the event log that admins search by event,
// type, account and time (events/audit_trail.h keeps it). Conventions in database.h.
#include <vector>

#include "async/task.h"
#include "core/result.h"
#include "store/records.h"

namespace tw::store {

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Adds entries; one whose sequence is already there is left as it was, so appending the same
  // events again changes nothing.
  virtual Task<core::Status> append_audit(std::vector<AuditEntry> entries) = 0;
  // Entries matching every filter, newest first, at most query.limit.
  virtual Task<core::Result<std::vector<AuditEntry>>> audit_entries(AuditQuery query) = 0;
};

}  // namespace tw::store
