#include "events/audit_trail.h"

#include <algorithm>

namespace tw::events {
namespace {

struct Concerns {
  std::int64_t event_id = 0;
  std::int64_t user_id = 0;
  std::string actor = "user";
};

Concerns concerns(const SeatLocked& e) { return {e.event_id, e.user_id}; }
Concerns concerns(const SeatReleased& e) {
  return {e.event_id, e.user_id, e.reason == ReleaseReason::kTimeout ? "system" : "user"};
}
Concerns concerns(const TicketSold& e) { return {e.event_id, e.user_id}; }
Concerns concerns(const PaymentProcessed& e) { return {0, e.user_id}; }
// Refunds follow an admin's cancellation, or the reconciler giving back a charge that never
// became an order.
Concerns concerns(const OrderRefunded& e) {
  return {0, 0, e.reason == "ticket_cancelled" || e.reason == "show_cancelled" ? "admin" : "system"};
}
Concerns concerns(const TicketCancelled& e) { return {e.event_id, e.user_id, "admin"}; }
Concerns concerns(const TicketCheckedIn& e) { return {e.event_id, e.user_id, "gate:" + e.gate}; }
Concerns concerns(const TicketTransferred& e) { return {e.event_id, e.from_user_id}; }
// Organisers' actions concern the show; who acted is in the payload's byUserId.
Concerns concerns(const ShowCancelled& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const CancellationNotice& e) { return {e.event_id, e.user_id, "system"}; }
Concerns concerns(const ShowMoved& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const EventCreated& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const EventChanged& e) { return {e.event_id, 0, e.by_user_id ? "admin" : "operator"}; }
Concerns concerns(const PricesChanged& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const SeatsBlocked& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const SeatsReleased& e) { return {e.event_id, 0, e.by_user_id ? "admin" : "system"}; }
Concerns concerns(const TicketsIssued& e) { return {e.event_id, e.user_id, "admin"}; }
Concerns concerns(const CodesCreated& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const CodesRevoked& e) { return {e.event_id, 0, "admin"}; }
Concerns concerns(const UserChanged& e) { return {0, e.user_id, e.by_user_id ? "admin" : "operator"}; }

}  // namespace

core::AuditEntry audit_entry(const DecodedEvent& e) {
  auto c = std::visit([](const auto& event) { return concerns(event); }, e.event);
  const auto& l = e.logged;
  return {l.sequence, l.id, l.type, c.event_id, c.user_id, std::move(c.actor), l.created_at_ms, l.payload};
}

Task<core::Status> AuditTrail::handle(const std::vector<DecodedEvent>& batch) {
  std::vector<core::AuditEntry> entries;
  entries.reserve(batch.size());
  for (const auto& e : batch) entries.push_back(audit_entry(e));
  co_return co_await store_.append_audit(std::move(entries));
}

Task<core::Result<std::vector<core::AuditEntry>>> AuditTrail::search(core::AuditQuery query) {
  query.limit = std::clamp(query.limit, 1, kMaxPage);
  co_return co_await store_.audit_entries(std::move(query));
}

}  // namespace tw::events
