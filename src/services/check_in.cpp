#include "services/check_in.h"

#include <algorithm>

#include "events/event_codec.h"

namespace tw::services {

using core::Result;

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return "valid";
    case Verdict::kAlreadyUsed:
      return "already_used";
    case Verdict::kCancelled:
      return "cancelled";
    case Verdict::kWrongEvent:
      return "wrong_event";
    case Verdict::kInvalid:
      return "invalid";
  }
  return "invalid";
}

namespace {

ScanResult invalid(std::string reason) {
  return ScanResult{Verdict::kInvalid, std::move(reason), std::nullopt, {}};
}

core::OutboxMessage checked_in_message(const core::TicketRecord& t, const std::string& gate,
                                        std::int64_t at_ms) {
  return events::to_outbox_message(events::TicketCheckedIn{t.id, t.event_id, t.seat_id, t.user_id, gate, at_ms});
}

}  // namespace

CheckIn::CheckIn(store::TicketStore& tickets, store::AccountStore& accounts, TicketKeys& keys,
                 const core::Clock& clock)
    : store_(tickets), accounts_(accounts), keys_(keys), clock_(clock) {}

Task<std::string> CheckIn::holder_name(std::int64_t user_id) {
  auto user = co_await accounts_.find_user(user_id);
  co_return user && user->has_value() ? (*user)->name : std::string();
}

Task<ScanResult> CheckIn::judge(core::TicketRecord t, const tickets::TicketClaim& claim,
                                std::int64_t event_id) {
  ScanResult r;
  if (event_id != 0 && t.event_id != event_id) {
    r.verdict = Verdict::kWrongEvent;
  } else if (claim.issued_at_ms != t.code_issued_ms || claim.event_id != t.event_id ||
             claim.seat_index != t.seat_index) {
    r = invalid("transferred");
  } else if (t.status == core::TicketStatus::kCancelled) {
    r.verdict = Verdict::kCancelled;
  } else if (t.status == core::TicketStatus::kUsed) {
    r.verdict = Verdict::kAlreadyUsed;
    r.holder = co_await holder_name(t.user_id);
  } else {
    r.verdict = Verdict::kValid;  // confirmed: the caller may now try to check it in
  }
  r.ticket = std::move(t);
  co_return r;
}

Task<Result<ScanResult>> CheckIn::scan(std::string code, std::string gate, std::int64_t event_id) {
  co_return co_await scan_at(code, gate, event_id, clock_.now_ms());
}

Task<Result<ScanResult>> CheckIn::scan_at(const std::string& code, const std::string& gate,
                                          std::int64_t event_id, std::int64_t at_ms) {
  auto claim = keys_.verify(code);
  if (!claim) co_return invalid(claim.error().code);
  auto found = co_await store_.find_ticket(claim->ticket_id);
  if (!found) co_return found.error();
  if (!found->has_value()) co_return invalid("unknown_ticket");
  auto verdict = co_await judge(std::move(**found), *claim, event_id);
  if (verdict.verdict != Verdict::kValid) co_return verdict;

  const auto& t = *verdict.ticket;
  std::vector<core::OutboxMessage> messages{checked_in_message(t, gate, at_ms)};
  core::CheckInRecord record{t.id, t.code_issued_ms, gate, at_ms};
  auto st = co_await store_.check_in(std::move(record), std::move(messages));
  if (!st && st.error().kind != core::ErrorKind::kConflict) co_return st.error();
  if (!st) {
    // Another gate (or a cancel, or a transfer) got there first: say what happened.
    auto again = co_await store_.find_ticket(t.id);
    if (!again) co_return again.error();
    if (!again->has_value()) co_return invalid("unknown_ticket");
    auto lost = co_await judge(std::move(**again), *claim, event_id);
    if (lost.verdict == Verdict::kValid) lost = invalid("not_checked_in");
    co_return lost;
  }
  verdict.ticket->status = core::TicketStatus::kUsed;
  verdict.ticket->checked_in_at_ms = at_ms;
  verdict.ticket->checked_in_gate = gate;
  verdict.holder = co_await holder_name(t.user_id);
  co_return verdict;
}

Task<Result<std::vector<SyncResult>>> CheckIn::sync(std::vector<OfflineScan> scans, std::string gate,
                                                    std::int64_t event_id) {
  std::stable_sort(scans.begin(), scans.end(), [](const OfflineScan& a, const OfflineScan& b) {
    return a.scanned_at_ms < b.scanned_at_ms;
  });
  std::vector<SyncResult> out;
  for (const auto& s : scans) {
    auto r = co_await scan_at(s.code, gate, event_id, s.scanned_at_ms);
    if (!r) co_return r.error();
    SyncResult sr{std::move(*r), false};
    const bool replayed = sr.scan.ticket && sr.scan.ticket->checked_in_gate == gate &&
                          sr.scan.ticket->checked_in_at_ms == s.scanned_at_ms;
    if (sr.scan.verdict == Verdict::kAlreadyUsed && replayed) {
      sr.scan.verdict = Verdict::kValid;  // this very scan, uploaded again
    } else if (sr.scan.verdict == Verdict::kAlreadyUsed && sr.scan.ticket) {
      // Scanned here before the recorded check-in: this scan was first and takes its place.
      core::CheckInRecord earlier{sr.scan.ticket->id, 0, gate, s.scanned_at_ms};
      auto moved = co_await store_.record_earlier_check_in(earlier);
      if (!moved) co_return moved.error();
      if (*moved) {
        sr.scan.ticket->checked_in_at_ms = s.scanned_at_ms;
        sr.scan.ticket->checked_in_gate = gate;
      }
      sr.conflict = true;
    }
    out.push_back(std::move(sr));
  }
  co_return out;
}

}  // namespace tw::services
