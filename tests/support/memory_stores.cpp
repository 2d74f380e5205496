#include "support/memory_stores.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "core/iso_time.h"
#include "core/mailbox.h"

#include "core/seat_map.h"
#include "store/like_pattern.h"
#include "store/refusals.h"

namespace tw::testing {
using core::Result;
using core::Status;
using namespace store;

struct MemoryState {
  std::mutex mu;
  std::int64_t next_id = 1;
  std::map<std::int64_t, core::Layout> layouts;
  std::map<std::int64_t, EventListing> events;
  std::map<std::int64_t, User> users;
  std::map<std::string, std::pair<Session, bool>> sessions;  // by hash; second: revoked
  std::map<std::string, std::pair<core::PasswordReset, bool>> password_resets;  // by hash; second: used
  std::map<std::string, std::pair<core::EmailVerification, bool>> email_verifications;  // by hash; second: used
  std::map<std::string, core::TicketOffer> ticket_offers;  // by hash
  std::map<std::string, core::PassRegistration> pass_registrations;  // by device, type and serial
  std::map<std::string, HoldRecord> holds;
  std::map<std::string, PaymentRecord> payments;
  std::map<std::string, OrderRecord> orders;  // without tickets
  std::vector<TicketRecord> tickets;          // in insertion order
  std::vector<TransferRecord> transfers;
  std::map<std::string, RefundRecord> refunds;
  std::vector<OutboxRow> outbox;
  std::map<std::string, std::int64_t> offsets;  // consumer -> sequence
  std::vector<TicketKeyRecord> keys;
  std::map<std::int64_t, DeadLetter> dead_letters;  // by id
  std::map<std::int64_t, core::WaitingRoomRecord> rooms;  // by event id
  std::vector<core::QueueEntry> queue_entries;           // in the order they joined
  std::map<std::pair<std::int64_t, int>, SeatBlock> blocks;  // by (event, seat index)
  std::map<std::string, core::CodeBatch> code_batches;       // by id
  std::map<std::string, core::AccessCode> codes;             // by id
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> redemptions;  // (event, user) -> code id
  std::set<std::int64_t> cancellations_done;             // event ids
  std::set<std::pair<std::int64_t, std::int64_t>> cancellation_notices;  // (event, user)
};

std::shared_ptr<MemoryState> new_memory_state() { return std::make_shared<MemoryState>(); }

namespace {

bool live(const TicketRecord& t) {
  return t.status == TicketStatus::kConfirmed || t.status == TicketStatus::kUsed;
}

class Base {
 public:
  Base(std::shared_ptr<MemoryState> s, const core::Clock& clock) : s_(std::move(s)), clock_(clock) {}

 protected:
  void write_outbox(const std::vector<OutboxMessage>& messages) {
    for (const auto& m : messages) {
      s_->outbox.push_back({static_cast<std::int64_t>(s_->outbox.size()) + 1, m.id, m.type, m.key, m.payload,
                            clock_.now_ms()});
    }
  }
  TicketRecord* ticket(const std::string& id) {
    for (auto& t : s_->tickets) {
      if (t.id == id) return &t;
    }
    return nullptr;
  }
  EventListing listing(const EventListing& l) {
    EventListing out = l;
    out.sold_seats = static_cast<int>(std::count_if(s_->tickets.begin(), s_->tickets.end(), [&](const auto& t) {
      return t.event_id == l.event.id && live(t);
    }));
    return out;
  }
  std::shared_ptr<MemoryState> s_;
  const core::Clock& clock_;
};

class MemoryDatabase final : public Database {
 public:
  Task<Status> migrate() override { co_return core::Ok{}; }
  Task<Status> ping() override { co_return core::Ok{}; }
  Task<Status> claim_seat_keeping(SeatKeeping) override { co_return core::Ok{}; }
  void close() override {}
};

bool contains_ci(const std::string& hay, const std::string& needle) {
  auto lower = [](std::string v) {
    for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return v;
  };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

class MemoryEventStore final : public EventStore, Base {
 public:
  using Base::Base;

  Task<Result<EventPage>> list_events(EventQuery q) override {
    std::lock_guard lock(s_->mu);
    std::vector<EventListing> all;
    for (const auto& [id, l] : s_->events) {
      const auto& e = l.event;
      if (!q.include_inactive && !e.active) continue;
      if (!q.text.empty() && !contains_ci(e.name, q.text) && !contains_ci(e.artist, q.text) &&
          !contains_ci(e.venue, q.text)) {
        continue;
      }
      if (!q.venue.empty() && !contains_ci(e.venue, q.venue)) continue;
      if (q.from_utc && e.starts_at.utc_seconds < *q.from_utc) continue;
      if (q.to_utc && e.starts_at.utc_seconds > *q.to_utc) continue;
      if (q.after && std::pair(e.starts_at.utc_seconds, e.id) <= std::pair(q.after->starts_utc, q.after->id)) continue;
      all.push_back(listing(l));
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return std::pair(a.event.starts_at.utc_seconds, a.event.id) < std::pair(b.event.starts_at.utc_seconds, b.event.id);
    });
    EventPage page;
    for (auto& l : all) {
      if (static_cast<int>(page.events.size()) == q.limit) {
        const auto& last = page.events.back().event;
        page.next = EventCursor{last.starts_at.utc_seconds, last.id};
        break;
      }
      page.events.push_back(std::move(l));
    }
    co_return page;
  }

  Task<Result<std::optional<EventListing>>> find_event(std::string slug) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, l] : s_->events) {
      if (l.event.slug == slug) co_return std::optional<EventListing>(listing(l));
    }
    co_return std::optional<EventListing>();
  }

  Task<Result<std::optional<EventListing>>> find_event_by_id(std::int64_t id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->events.find(id);
    if (it == s_->events.end()) co_return std::optional<EventListing>();
    co_return std::optional<EventListing>(listing(it->second));
  }

  Task<Result<std::optional<core::Layout>>> find_layout(std::int64_t id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->layouts.find(id);
    if (it == s_->layouts.end()) co_return std::optional<core::Layout>();
    co_return std::optional<core::Layout>(it->second);
  }

  Task<Result<core::Event>> create_event(core::EventDraft d, core::Layout layout, Announce announce) override {
    auto map = core::SeatMap::build(layout);
    if (!map) co_return map.error();
    std::lock_guard lock(s_->mu);
    for (const auto& [id, l] : s_->events) {
      if (l.event.slug == d.slug) co_return core::conflict("slug_taken", "an event with slug '" + d.slug + "' exists");
    }
    core::Event e;
    static_cast<core::EventDraft&>(e) = d;
    e.layout_id = s_->next_id++;
    e.id = s_->next_id++;
    e.total_seats = map->seat_count();
    e.created_at = e.updated_at = clock_.now_seconds();
    s_->layouts[e.layout_id] = std::move(layout);
    s_->events[e.id] = EventListing{e, map->min_price(), 0, 0};
    if (announce) write_outbox(announce(e.id));
    co_return e;
  }

  Task<Result<std::optional<core::Event>>> update_event(std::int64_t id, core::EventDraft d,
                                                        std::optional<core::Layout> layout,
                                                        std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->events.find(id);
    if (it == s_->events.end()) co_return std::optional<core::Event>();
    for (const auto& [other, l] : s_->events) {
      if (other != id && l.event.slug == d.slug) co_return core::conflict("slug_taken", "slug in use");
    }
    auto& e = it->second.event;
    const bool taken = std::any_of(s_->tickets.begin(), s_->tickets.end(), [&](auto& t) { return t.event_id == id; }) ||
                       std::any_of(s_->holds.begin(), s_->holds.end(), [&](auto& h) {
                         return h.second.event_id == id && h.second.status == HoldStatus::kActive;
                       });
    if (taken && d.currency != e.currency) co_return store::currency_locked();
    if (layout) {
      if (taken) co_return core::conflict("layout_locked", "the layout cannot change once seats are held or sold");
      auto map = core::SeatMap::build(*layout);
      if (!map) co_return map.error();
      e.layout_id = s_->next_id++;
      e.total_seats = map->seat_count();
      it->second.price_from = map->min_price();
      s_->layouts[e.layout_id] = std::move(*layout);
    }
    static_cast<core::EventDraft&>(e) = d;
    if (e.cancelled_at != 0) e.active = false;
    e.updated_at = clock_.now_seconds();
    write_outbox(messages);
    co_return std::optional<core::Event>(e);
  }

  Task<Result<std::optional<core::Event>>> reprice_event(std::int64_t id, std::int64_t from_layout_id,
                                                         core::Layout layout,
                                                         std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->events.find(id);
    if (it == s_->events.end()) co_return std::optional<core::Event>();
    if (it->second.event.layout_id != from_layout_id) co_return store::prices_changed_meanwhile();
    auto map = core::SeatMap::build(layout);
    if (!map) co_return map.error();
    auto& e = it->second.event;
    e.layout_id = s_->next_id++;
    it->second.price_from = map->min_price();
    s_->layouts[e.layout_id] = std::move(layout);
    write_outbox(messages);
    co_return std::optional<core::Event>(e);
  }

  Task<Result<bool>> cancel_event(std::int64_t id, std::string reason, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->events.find(id);
    if (it == s_->events.end() || it->second.event.cancelled_at != 0) co_return false;
    auto& e = it->second.event;
    e.active = false;
    e.cancelled_at = clock_.now_seconds();
    e.cancel_reason = std::move(reason);
    write_outbox(messages);
    co_return true;
  }

  Task<Result<std::vector<std::int64_t>>> cancellations_in_progress() override {
    std::lock_guard lock(s_->mu);
    std::vector<std::int64_t> out;
    for (const auto& [id, l] : s_->events) {
      if (l.event.cancelled_at != 0 && !s_->cancellations_done.contains(id)) out.push_back(id);
    }
    co_return out;
  }

  Task<Status> finish_cancellation(std::int64_t id) override {
    std::lock_guard lock(s_->mu);
    s_->cancellations_done.insert(id);
    co_return core::Ok{};
  }

  Task<Result<bool>> deactivate_event(std::int64_t id, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->events.find(id);
    if (it == s_->events.end()) co_return false;
    it->second.event.active = false;
    write_outbox(messages);
    co_return true;
  }

  Task<Result<int>> count_events() override {
    std::lock_guard lock(s_->mu);
    co_return static_cast<int>(s_->events.size());
  }

  Task<Result<std::vector<EventStats>>> event_stats() override {
    std::lock_guard lock(s_->mu);
    std::vector<EventStats> out;
    for (const auto& [id, l] : s_->events) {
      EventStats st{id, l.event.slug, l.event.name, l.event.active, l.event.total_seats, 0, 0, 0, 0,
                    core::format_iso8601(l.event.starts_at), l.event.on_sale_at, l.event.presale_at, l.event.cancelled_at,
                    l.event.currency};
      for (const auto& [hid, h] : s_->holds) {
        if (h.event_id == id && h.status == HoldStatus::kActive && h.expires_at_ms > clock_.now_ms()) {
          st.held_seats += static_cast<int>(h.seat_ids.size());
        }
      }
      for (const auto& t : s_->tickets) {
        if (t.event_id == id && live(t)) ++st.sold_seats, st.revenue += t.total;
        if (t.event_id == id && t.status == TicketStatus::kUsed) ++st.checked_in;
      }
      for (const auto& [key, b] : s_->blocks) st.blocked_seats += key.first == id;
      out.push_back(st);
    }
    co_return out;
  }
};

class MemoryAccountStore final : public AccountStore, Base {
 public:
  using Base::Base;

  Task<Result<User>> create_user(NewUser u) override {
    std::lock_guard lock(s_->mu);
    co_return insert(u);
  }
  Task<Result<std::optional<User>>> find_user(std::int64_t id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->users.find(id);
    co_return it == s_->users.end() ? std::optional<User>() : std::optional<User>(it->second);
  }
  Task<Result<std::optional<User>>> find_user_by_email(std::string email) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, u] : s_->users) {
      if (u.email == email) co_return std::optional<User>(u);
    }
    co_return std::optional<User>();
  }
  Task<Result<int>> count_admins() override {
    std::lock_guard lock(s_->mu);
    co_return static_cast<int>(std::count_if(s_->users.begin(), s_->users.end(),
                                             [](auto& u) { return u.second.role == Role::kAdmin; }));
  }
  Task<Result<UserPage>> list_users(UserQuery q) override {
    std::lock_guard lock(s_->mu);
    UserPage page;
    for (const auto& [id, u] : s_->users) {
      if (q.after_id && id <= *q.after_id) continue;
      if (!q.email_contains.empty() && !contains_ci(u.email, q.email_contains)) continue;
      if (static_cast<int>(page.users.size()) == q.limit) {
        page.next_after_id = page.users.back().id;
        break;
      }
      page.users.push_back(u);
    }
    co_return page;
  }
  Task<Result<std::optional<User>>> update_user(std::int64_t id, UserChange change,
                                                std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->users.find(id);
    if (it == s_->users.end()) co_return std::optional<User>();
    if (change.role) it->second.role = *change.role;
    if (change.disabled) it->second.disabled = *change.disabled;
    if (change.name) it->second.name = *change.name;
    if (change.password_hash) it->second.password_hash = *change.password_hash;
    for (auto& [hash, s] : s_->sessions) {
      if (s.first.user_id != id) continue;
      if (change.disabled.value_or(false) || (change.password_hash && hash != change.keep_session)) s.second = true;
    }
    write_outbox(messages);
    co_return std::optional<User>(it->second);
  }
  Task<Status> create_session(Session s) override {
    std::lock_guard lock(s_->mu);
    s_->sessions[s.token_hash] = {s, false};
    co_return core::Ok{};
  }
  Task<Result<std::optional<SessionWithUser>>> find_session(std::string hash) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->sessions.find(hash);
    if (it == s_->sessions.end() || it->second.second) co_return std::optional<SessionWithUser>();
    co_return std::optional<SessionWithUser>(SessionWithUser{it->second.first, s_->users.at(it->second.first.user_id)});
  }
  Task<Status> touch_session(std::string hash, std::int64_t last_seen_at, std::int64_t expires_at) override {
    std::lock_guard lock(s_->mu);
    if (auto it = s_->sessions.find(hash); it != s_->sessions.end() && !it->second.second) {
      it->second.first.last_seen_at = last_seen_at;
      it->second.first.expires_at = expires_at;
    }
    co_return core::Ok{};
  }
  Task<Status> revoke_session(std::string hash, std::int64_t) override {
    std::lock_guard lock(s_->mu);
    if (auto it = s_->sessions.find(hash); it != s_->sessions.end()) it->second.second = true;
    co_return core::Ok{};
  }
  Task<Status> create_password_reset(core::PasswordReset r) override {
    std::lock_guard lock(s_->mu);
    s_->password_resets[r.token_hash] = {r, false};
    co_return core::Ok{};
  }
  Task<Result<User>> redeem_password_reset(std::string hash, std::string password_hash, std::int64_t now) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->password_resets.find(hash);
    if (it == s_->password_resets.end()) co_return core::not_found("reset_link_unknown", "unknown link");
    if (it->second.second) co_return core::conflict("reset_link_used", "used link");
    if (it->second.first.expires_at < now) co_return core::conflict("reset_link_expired", "expired link");
    const auto user_id = it->second.first.user_id;
    for (auto& [h, r] : s_->password_resets) {
      if (r.first.user_id == user_id) r.second = true;
    }
    for (auto& [h, s] : s_->sessions) {
      if (s.first.user_id == user_id) s.second = true;
    }
    auto& user = s_->users.at(user_id);
    user.password_hash = std::move(password_hash);
    co_return user;
  }
  Task<Result<std::vector<Session>>> live_sessions(std::int64_t user_id, std::int64_t now) override {
    std::lock_guard lock(s_->mu);
    std::vector<Session> out;
    for (const auto& [hash, s] : s_->sessions) {
      const auto& [session, revoked] = s;
      if (session.user_id == user_id && !revoked && session.expires_at > now && session.absolute_expires_at > now) {
        out.push_back(session);
      }
    }
    std::sort(out.begin(), out.end(), [](const Session& a, const Session& b) { return a.last_seen_at > b.last_seen_at; });
    co_return out;
  }
  Task<Status> revoke_sessions(std::int64_t user_id, std::string keep, std::int64_t) override {
    std::lock_guard lock(s_->mu);
    for (auto& [hash, s] : s_->sessions) {
      if (s.first.user_id == user_id && hash != keep) s.second = true;
    }
    co_return core::Ok{};
  }
  Task<Status> create_email_verification(core::EmailVerification v) override {
    std::lock_guard lock(s_->mu);
    s_->email_verifications[v.token_hash] = {v, false};
    co_return core::Ok{};
  }
  Task<Result<core::VerifiedEmail>> redeem_email_verification(std::string hash, std::int64_t now) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->email_verifications.find(hash);
    if (it == s_->email_verifications.end()) co_return store::verify_link_unknown();
    const auto& link = it->second.first;
    if (auto spent = store::verify_link_spent(it->second.second, link.expires_at, now); !spent) co_return spent.error();
    for (const auto& [id, other] : s_->users) {
      if (other.email == link.email && id != link.user_id) co_return store::email_taken(link.email);
    }
    for (auto& [h, v] : s_->email_verifications) {
      if (v.first.user_id == link.user_id && v.first.email == link.email) v.second = true;
    }
    auto& user = s_->users.at(link.user_id);
    core::VerifiedEmail out{user, user.email};
    user.email = link.email;
    user.email_verified = true;
    out.user = user;
    co_return out;
  }
  // The sections the real stores fill, with only the sessions filled in (for unit tests of the
  // export's shape; the stores' own contract test checks the rest).
  Task<Result<std::vector<std::pair<std::string, std::string>>>> personal_data(std::int64_t user_id) override {
    std::lock_guard lock(s_->mu);
    int sessions = 0;
    for (const auto& [h, s] : s_->sessions) sessions += s.first.user_id == user_id ? 1 : 0;
    std::string list = "[";
    for (int i = 0; i < sessions; ++i) list += i ? ",{}" : "{}";
    std::vector<std::pair<std::string, std::string>> out{{"sessions", list + "]"}};
    for (const char* section : {"holds", "payments", "orders", "tickets", "transfers", "ticketsSentByEmail", "queuePlaces"}) {
      out.emplace_back(section, "[]");
    }
    co_return out;
  }
  Task<Status> forget_user(std::int64_t user_id, std::int64_t) override {
    std::lock_guard lock(s_->mu);
    auto& u = s_->users.at(user_id);
    u.email = "deleted-" + std::to_string(user_id) + "@deleted.invalid";
    u.name = "Deleted account " + std::to_string(user_id);
    u.password_hash = "!";
    u.disabled = true;
    u.email_verified = false;
    std::erase_if(s_->sessions, [&](const auto& kv) { return kv.second.first.user_id == user_id; });
    co_return core::Ok{};
  }
  Task<Result<std::vector<User>>> create_users(std::vector<NewUser> users) override {
    std::lock_guard lock(s_->mu);
    std::vector<User> out;
    for (const auto& u : users) {
      auto made = insert(u);
      if (!made) co_return made.error();
      out.push_back(*made);
    }
    co_return out;
  }
  Task<Status> create_sessions(std::vector<Session> sessions) override {
    std::lock_guard lock(s_->mu);
    for (const auto& s : sessions) s_->sessions[s.token_hash] = {s, false};
    co_return core::Ok{};
  }

 private:
  Result<User> insert(const NewUser& u) {
    for (const auto& [id, other] : s_->users) {
      if (other.email == u.email) return core::conflict("email_taken", u.email + " is already registered");
    }
    User user{s_->next_id++, u.email, u.name, u.password_hash, u.role, false, clock_.now_seconds(), u.email_verified};
    s_->users[user.id] = user;
    return user;
  }
};

// Uses of a code and its batch's seats, as the database adapters count them from holds.
core::CodeUsage code_usage(const MemoryState& s, const std::string& code_id, const std::string& batch_id,
                           std::int64_t now_ms, bool sold_only = false) {
  core::CodeUsage u;
  for (const auto& [id, h] : s.holds) {
    const bool live = h.status == HoldStatus::kSold ||
                      (!sold_only && h.status == HoldStatus::kActive && h.expires_at_ms > now_ms);
    if (!live) continue;
    if (h.code_id == code_id) ++u.uses;
    if (!batch_id.empty() && h.code_batch_id == batch_id) u.batch_seats += static_cast<int>(h.seat_ids.size());
  }
  return u;
}

// Whether a hold may use its code now, under the state's lock (the adapters' transaction).
Status code_use_allowed(const MemoryState& s, const HoldRecord& h) {
  const auto code = s.codes.find(h.code_id);
  if (code == s.codes.end()) return core::conflict("code_revoked", "This code no longer exists");
  const auto& batch = s.code_batches.at(code->second.batch_id);
  return core::code_use_allowed(batch.rules, code->second, code_usage(s, h.code_id, h.code_batch_id, h.created_at_ms),
                                static_cast<int>(h.seat_ids.size()), h.created_at_ms);
}

class MemoryBookingStore final : public BookingStore, Base {
 public:
  using Base::Base;

  // Whether the event's layout now has seat `seat_id` at `index` (s_->mu held).
  bool seat_is_at(std::int64_t event_id, int index, const std::string& seat_id) const {
    const auto e = s_->events.find(event_id);
    if (e == s_->events.end()) return false;
    auto map = core::SeatMap::build(s_->layouts.at(e->second.event.layout_id));
    return map && map->index_of(seat_id) == index;
  }

  Task<Status> insert_hold(HoldRecord h, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    if (!h.code_id.empty()) {
      if (auto allowed = code_use_allowed(*s_, h); !allowed) co_return allowed;
    }
    s_->holds[h.id] = h;
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Status> extend_hold(std::string id, int renewals, std::int64_t expires_at_ms) override {
    std::lock_guard lock(s_->mu);
    auto* h = active(id);
    if (!h) co_return core::conflict("hold_not_active", "The hold is no longer active");
    h->renewals = renewals;
    h->expires_at_ms = expires_at_ms;
    co_return core::Ok{};
  }
  Task<Status> end_hold(std::string id, HoldStatus to, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    auto* h = active(id);
    if (!h) co_return core::conflict("hold_not_active", "The hold is no longer active");
    h->status = to;
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::optional<HoldRecord>>> find_hold(std::string id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->holds.find(id);
    co_return it == s_->holds.end() ? std::optional<HoldRecord>() : std::optional<HoldRecord>(it->second);
  }
  Task<Result<std::vector<HoldRecord>>> active_holds() override {
    co_return active_where([](const HoldRecord&) { return true; });
  }
  Task<Result<std::vector<HoldRecord>>> active_holds_of(std::int64_t event_id) override {
    co_return active_where([event_id](const HoldRecord& h) { return h.event_id == event_id; });
  }
  Task<Result<std::vector<HoldRecord>>> active_holds_of_user(std::int64_t user_id, std::int64_t event_id) override {
    co_return active_where([=](const HoldRecord& h) { return h.user_id == user_id && h.event_id == event_id; });
  }
  Task<Result<std::vector<SoldSeat>>> sold_seats(std::int64_t event_id) override {
    std::lock_guard lock(s_->mu);
    std::vector<SoldSeat> out;
    for (const auto& t : s_->tickets) {
      if (t.event_id == event_id && live(t)) out.push_back({t.seat_index, t.user_id});
    }
    co_return out;
  }
  Task<Result<std::vector<AccountPerson>>> people_of(std::vector<std::int64_t> user_ids) override {
    std::lock_guard lock(s_->mu);
    std::vector<AccountPerson> out;
    for (const auto id : user_ids) {
      const auto it = s_->users.find(id);
      if (it == s_->users.end()) continue;
      const auto mailbox = core::mailbox_of(it->second.email);
      const auto first = std::find_if(s_->users.begin(), s_->users.end(),
                                      [&](const auto& u) { return core::mailbox_of(u.second.email) == mailbox; });
      out.push_back({id, first->first});
    }
    co_return out;
  }
  Task<Status> insert_payment(PaymentRecord p) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, other] : s_->payments) {
      if (id == p.id || (other.user_id == p.user_id && other.idempotency_key == p.idempotency_key)) {
        co_return core::conflict("payment_exists", "this idempotency key was used already");
      }
    }
    for (const auto& [id, other] : s_->payments) {
      if (other.hold_id == p.hold_id &&
          (other.state == core::PaymentState::kPending || other.state == core::PaymentState::kApproved)) {
        co_return core::conflict("payment_in_progress", "another payment of this hold is open");
      }
    }
    s_->payments[p.id] = p;
    co_return core::Ok{};
  }
  Task<Result<std::optional<PaymentRecord>>> find_payment(std::string id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->payments.find(id);
    co_return it == s_->payments.end() ? std::optional<PaymentRecord>() : std::optional<PaymentRecord>(it->second);
  }
  Task<Result<std::optional<PaymentRecord>>> find_payment_by_key(std::int64_t user, std::string key) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, p] : s_->payments) {
      if (p.user_id == user && p.idempotency_key == key) co_return std::optional<PaymentRecord>(p);
    }
    co_return std::optional<PaymentRecord>();
  }
  Task<Status> move_payment(PaymentRecord p, PaymentState from, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->payments.find(p.id);
    if (it == s_->payments.end() || it->second.state != from) {
      co_return core::conflict("payment_moved", "The payment is no longer in that state");
    }
    it->second.state = p.state;
    it->second.processor_id = p.processor_id;
    it->second.decline_code = p.decline_code;
    it->second.updated_at_ms = clock_.now_ms();
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::vector<PaymentRecord>>> unsettled_payments(std::int64_t before_ms, int limit) override {
    std::lock_guard lock(s_->mu);
    std::vector<PaymentRecord> out;
    for (const auto& [id, p] : s_->payments) {
      const bool refunding = std::any_of(s_->refunds.begin(), s_->refunds.end(), [&](const auto& r) {
        return r.second.payment_id == p.id && r.second.ticket_id.empty();
      });
      const bool open = p.state == PaymentState::kPending ||
                        (p.state == PaymentState::kApproved && p.order_id.empty() && !refunding);
      if (open && p.updated_at_ms < before_ms && static_cast<int>(out.size()) < limit) out.push_back(p);
    }
    co_return out;
  }
  Task<Status> commit_order(OrderRecord o, std::string processor_id, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, other] : s_->orders) {
      if (other.user_id == o.user_id && other.idempotency_key == o.idempotency_key) {
        co_return core::conflict("duplicate_order", "this idempotency key was used already");
      }
    }
    for (const auto& t : o.tickets) {
      for (const auto& other : s_->tickets) {
        if (other.event_id == t.event_id && other.seat_index == t.seat_index && live(other)) {
          co_return core::conflict("seat_sold", "seat " + t.seat_id + " was sold already");
        }
      }
      if (!seat_is_at(t.event_id, t.seat_index, t.seat_id)) co_return layout_changed();
    }
    const auto h = s_->holds.find(o.hold_id);
    if (h == s_->holds.end() || (h->second.status != HoldStatus::kActive && h->second.status != HoldStatus::kExpired)) {
      co_return core::conflict("hold_not_active", "The hold is no longer active");
    }
    const auto p = s_->payments.find(o.payment_id);
    if (p == s_->payments.end() || p->second.state != PaymentState::kPending) {
      co_return core::conflict("payment_moved", "The payment is no longer in that state");
    }
    h->second.status = HoldStatus::kSold;
    p->second.state = PaymentState::kApproved;
    p->second.processor_id = processor_id;
    p->second.order_id = o.id;
    p->second.updated_at_ms = clock_.now_ms();
    for (auto t : o.tickets) {
      t.code_issued_ms = t.purchased_at * 1000;
      s_->tickets.push_back(t);
    }
    o.tickets.clear();
    s_->orders[o.id] = o;
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::optional<OrderRecord>>> find_order(std::string id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->orders.find(id);
    if (it == s_->orders.end()) co_return std::optional<OrderRecord>();
    co_return std::optional<OrderRecord>(with_tickets(it->second));
  }
  Task<Result<std::optional<OrderRecord>>> find_order_by_key(std::int64_t user, std::string key) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, o] : s_->orders) {
      if (o.user_id == user && o.idempotency_key == key) co_return std::optional<OrderRecord>(with_tickets(o));
    }
    co_return std::optional<OrderRecord>();
  }
  Task<Status> insert_refund(RefundRecord r) override {
    std::lock_guard lock(s_->mu);
    if (s_->refunds.count(r.id)) co_return core::conflict("refund_exists", "this refund is recorded already");
    s_->refunds[r.id] = r;
    co_return core::Ok{};
  }
  Task<Status> cancel_ticket(std::string id, RefundRecord refund, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    auto* t = ticket(id);
    if (!t || t->status != TicketStatus::kConfirmed) {
      co_return core::conflict("not_cancellable", "Only a confirmed, unused ticket can be cancelled");
    }
    t->status = TicketStatus::kCancelled;
    s_->refunds[refund.id] = refund;
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Status> update_refund(RefundRecord r, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->refunds.find(r.id);
    if (it == s_->refunds.end()) co_return core::not_found("refund_not_found", "No such refund");
    it->second.state = r.state;
    it->second.attempts = r.attempts;
    it->second.last_error = r.last_error;
    it->second.next_attempt_at_ms = r.next_attempt_at_ms;
    it->second.updated_at_ms = clock_.now_ms();
    if (r.state == RefundState::kSucceeded && r.ticket_id.empty()) {
      if (auto p = s_->payments.find(r.payment_id);
          p != s_->payments.end() && p->second.state == PaymentState::kApproved && p->second.order_id.empty()) {
        p->second.state = PaymentState::kRefunded;
      }
    }
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::optional<RefundRecord>>> find_refund(std::string id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->refunds.find(id);
    co_return it == s_->refunds.end() ? std::optional<RefundRecord>() : std::optional<RefundRecord>(it->second);
  }
  Task<Result<std::vector<RefundRecord>>> refunds_due(std::int64_t now_ms, int limit) override {
    std::lock_guard lock(s_->mu);
    std::vector<RefundRecord> out;
    for (const auto& [id, r] : s_->refunds) {
      if (r.state != RefundState::kSucceeded && r.next_attempt_at_ms > 0 && r.next_attempt_at_ms <= now_ms &&
          static_cast<int>(out.size()) < limit) {
        out.push_back(r);
      }
    }
    co_return out;
  }
  Task<Result<std::vector<RefundRecord>>> list_refunds(RefundQuery q) override {
    std::lock_guard lock(s_->mu);
    std::vector<RefundRecord> out;
    for (const auto& [id, r] : s_->refunds) {
      if (!q.state || r.state == *q.state) out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.created_at_ms > b.created_at_ms; });
    if (static_cast<int>(out.size()) > q.limit) out.resize(static_cast<std::size_t>(q.limit));
    co_return out;
  }
  Task<Status> append_outbox(std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Status> reset_tickets() override {
    std::lock_guard lock(s_->mu);
    s_->tickets.clear(), s_->orders.clear(), s_->payments.clear(), s_->refunds.clear(), s_->holds.clear();
    co_return core::Ok{};
  }

 private:
  HoldRecord* active(const std::string& id) {
    const auto it = s_->holds.find(id);
    return it == s_->holds.end() || it->second.status != HoldStatus::kActive ? nullptr : &it->second;
  }
  template <class Keep>
  std::vector<HoldRecord> active_where(Keep keep) {
    std::lock_guard lock(s_->mu);
    std::vector<HoldRecord> out;
    for (const auto& [id, h] : s_->holds) {
      if (h.status == HoldStatus::kActive && keep(h)) out.push_back(h);
    }
    return out;
  }
  OrderRecord with_tickets(OrderRecord o) {
    for (const auto& t : s_->tickets) {
      if (t.order_id == o.id) o.tickets.push_back(t);
    }
    std::sort(o.tickets.begin(), o.tickets.end(), [](auto& a, auto& b) { return a.seat_index < b.seat_index; });
    return o;
  }
};

class MemoryTicketStore final : public TicketStore, Base {
 public:
  using Base::Base;

  Task<Result<std::vector<TicketRecord>>> tickets_of(std::int64_t user) override {
    std::lock_guard lock(s_->mu);
    std::vector<TicketRecord> out;
    for (auto it = s_->tickets.rbegin(); it != s_->tickets.rend(); ++it) {
      if (it->user_id == user) {
        out.push_back(*it);
      } else if (std::any_of(s_->transfers.begin(), s_->transfers.end(),
                             [&](auto& x) { return x.ticket_id == it->id && x.from_user == user; })) {
        auto given = *it;
        given.user_id = user;
        given.status = TicketStatus::kTransferred;
        out.push_back(given);
      }
    }
    std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.purchased_at > b.purchased_at; });
    co_return out;
  }
  Task<Result<std::vector<SoldTicket>>> find_sold_tickets(SoldTicketQuery q) override {
    std::lock_guard lock(s_->mu);
    const auto contains = [&](const std::string& s) {
      auto lower = [](std::string v) {
        for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return v;
      };
      return lower(s).find(lower(q.text)) != std::string::npos;
    };
    std::vector<SoldTicket> out;
    for (const auto& t : s_->tickets) {
      if (q.event_id != 0 && t.event_id != q.event_id) continue;
      const auto u = s_->users.find(t.user_id);
      if (u == s_->users.end()) continue;
      if (!q.text.empty() && t.id != q.text && t.order_id != q.text && !contains(u->second.email) &&
          !contains(u->second.name)) {
        continue;
      }
      out.push_back({t, u->second.name, u->second.email});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](auto& a, auto& b) { return a.ticket.purchased_at > b.ticket.purchased_at; });
    if (static_cast<int>(out.size()) > q.limit) out.resize(static_cast<std::size_t>(q.limit));
    co_return out;
  }
  Task<Result<std::vector<TicketRecord>>> tickets_of_event(std::int64_t event_id) override {
    std::lock_guard lock(s_->mu);
    std::vector<TicketRecord> out;
    for (const auto& t : s_->tickets) {
      if (t.event_id == event_id) out.push_back(t);
    }
    std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.seat_index < b.seat_index; });
    co_return out;
  }
  Task<Result<std::optional<TicketRecord>>> find_ticket(std::string id) override {
    std::lock_guard lock(s_->mu);
    auto* t = ticket(id);
    co_return t ? std::optional<TicketRecord>(*t) : std::optional<TicketRecord>();
  }
  Task<Status> check_in(CheckInRecord scan, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    auto* t = ticket(scan.ticket_id);
    if (!t || t->status != TicketStatus::kConfirmed || t->code_issued_ms != scan.code_issued_ms) {
      co_return core::conflict("not_checked_in", "The ticket is not a valid, unused ticket with this code");
    }
    t->status = TicketStatus::kUsed;
    t->checked_in_at_ms = scan.at_ms;
    t->checked_in_gate = scan.gate;
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<bool>> record_earlier_check_in(CheckInRecord scan) override {
    std::lock_guard lock(s_->mu);
    auto* t = ticket(scan.ticket_id);
    if (!t || t->status != TicketStatus::kUsed || t->checked_in_at_ms <= scan.at_ms) co_return false;
    t->checked_in_at_ms = scan.at_ms;
    t->checked_in_gate = scan.gate;
    co_return true;
  }
  Task<Status> transfer_ticket(TransferRecord x, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    auto* t = ticket(x.ticket_id);
    if (!t || t->user_id != x.from_user || t->status != TicketStatus::kConfirmed) {
      co_return core::conflict("not_transferable", "Only your own confirmed, unused ticket can be transferred");
    }
    t->user_id = x.to_user;
    t->code_issued_ms = x.at_ms;
    s_->transfers.push_back(x);
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Status> create_ticket_offer(TicketOffer o) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [h, other] : s_->ticket_offers) {
      if (other.ticket_id == o.ticket_id && other.state == OfferState::kOpen) co_return store::transfer_pending();
    }
    s_->ticket_offers[o.token_hash] = o;
    co_return core::Ok{};
  }
  Task<Result<std::optional<TicketOffer>>> find_ticket_offer(std::string hash) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->ticket_offers.find(hash);
    co_return it == s_->ticket_offers.end() ? std::optional<TicketOffer>() : std::optional<TicketOffer>(it->second);
  }
  Task<Result<std::optional<TicketOffer>>> open_ticket_offer(std::string ticket_id) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [h, o] : s_->ticket_offers) {
      if (o.ticket_id == ticket_id && o.state == OfferState::kOpen) co_return std::optional<TicketOffer>(o);
    }
    co_return std::optional<TicketOffer>();
  }
  Task<Result<bool>> move_ticket_offer(std::string hash, OfferState from, OfferState to, std::int64_t claimed_by,
                                       std::int64_t closed_at) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->ticket_offers.find(hash);
    if (it == s_->ticket_offers.end() || it->second.state != from) co_return false;
    it->second.state = to;
    it->second.claimed_by = claimed_by;
    it->second.closed_at = closed_at;
    co_return true;
  }
  Task<Result<bool>> register_pass(PassRegistration r) override {
    std::lock_guard lock(s_->mu);
    const auto key = r.device_id + "\n" + r.pass_type + "\n" + r.serial;
    const bool known = s_->pass_registrations.contains(key);
    s_->pass_registrations[key] = r;
    co_return !known;
  }
  Task<Result<bool>> unregister_pass(std::string device_id, std::string pass_type, std::string serial) override {
    std::lock_guard lock(s_->mu);
    co_return s_->pass_registrations.erase(device_id + "\n" + pass_type + "\n" + serial) > 0;
  }
  Task<Result<std::vector<std::string>>> registered_serials(std::string device_id, std::string pass_type) override {
    std::lock_guard lock(s_->mu);
    std::vector<std::string> out;
    for (const auto& [key, r] : s_->pass_registrations) {
      if (r.device_id == device_id && r.pass_type == pass_type) out.push_back(r.serial);
    }
    co_return out;
  }
  Task<Result<std::vector<TicketRecord>>> tickets_to_cancel(std::int64_t event_id, int limit) override {
    std::lock_guard lock(s_->mu);
    std::vector<TicketRecord> out;
    for (const auto& t : s_->tickets) {
      if (t.event_id == event_id && t.status == TicketStatus::kConfirmed && std::ssize(out) < limit) out.push_back(t);
    }
    co_return out;
  }

  Task<Result<CancellationProgress>> cancellation_progress(std::int64_t event_id) override {
    std::lock_guard lock(s_->mu);
    CancellationProgress p;
    for (const auto& t : s_->tickets) {
      if (t.event_id == event_id && t.status == TicketStatus::kConfirmed) ++p.tickets_left;
    }
    for (const auto& [id, r] : s_->refunds) {
      const auto* t = ticket(r.ticket_id);
      if (!t || t->event_id != event_id || r.reason != core::kShowCancelledRefund) continue;
      ++p.tickets_cancelled;
      p.to_refund += r.amount;
      if (r.state == core::RefundState::kSucceeded) ++p.refunds_succeeded, p.refunded += r.amount;
      if (r.state == core::RefundState::kPending) ++p.refunds_pending;
      if (r.state == core::RefundState::kFailed) ++p.refunds_failed;
    }
    for (const auto& [e, u] : s_->cancellation_notices) p.people_told += e == event_id ? 1 : 0;
    co_return p;
  }

  Task<Result<std::vector<std::int64_t>>> people_to_tell(std::int64_t event_id, int limit) override {
    std::lock_guard lock(s_->mu);
    std::set<std::int64_t> people;
    for (const auto& seat : cancelled_seats(event_id)) people.insert({seat.ticket.user_id, seat.paid_by});
    std::vector<std::int64_t> out;
    for (auto p : people) {
      if (!s_->cancellation_notices.contains({event_id, p}) && std::ssize(out) < limit) out.push_back(p);
    }
    co_return out;
  }

  Task<Result<bool>> record_cancellation_notice(std::int64_t event_id, std::int64_t user_id,
                                                std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    if (!s_->cancellation_notices.insert({event_id, user_id}).second) co_return false;
    write_outbox(messages);
    co_return true;
  }

  Task<Result<std::vector<CancelledSeat>>> cancelled_tickets_for(std::int64_t event_id, std::int64_t user_id) override {
    std::lock_guard lock(s_->mu);
    std::vector<CancelledSeat> out;
    for (auto& seat : cancelled_seats(event_id)) {
      if (seat.ticket.user_id == user_id || seat.paid_by == user_id) out.push_back(std::move(seat));
    }
    co_return out;
  }

  Task<Result<std::vector<TicketKeyRecord>>> ticket_keys() override {
    std::lock_guard lock(s_->mu);
    co_return s_->keys;
  }
  Task<Status> add_ticket_key(TicketKeyRecord key) override {
    std::lock_guard lock(s_->mu);
    s_->keys.push_back(key);
    co_return core::Ok{};
  }

 private:
  // The event's tickets cancelled with the show, with their buyers and refunds (caller locks).
  std::vector<CancelledSeat> cancelled_seats(std::int64_t event_id) {
    std::vector<CancelledSeat> out;
    for (const auto& t : s_->tickets) {
      if (t.event_id != event_id) continue;
      for (const auto& [id, r] : s_->refunds) {
        if (r.ticket_id != t.id || r.reason != core::kShowCancelledRefund) continue;
        const auto order = s_->orders.find(t.order_id);
        out.push_back({t, order == s_->orders.end() ? 0 : order->second.user_id, r.amount, r.state});
      }
    }
    return out;
  }
};

class MemoryOutboxStore final : public OutboxStore, Base {
 public:
  using Base::Base;
  Task<Result<std::vector<OutboxRow>>> outbox_after(std::int64_t sequence, int limit) override {
    std::lock_guard lock(s_->mu);
    std::vector<OutboxRow> out;
    for (const auto& r : s_->outbox) {
      if (r.sequence > sequence && static_cast<int>(out.size()) < limit) out.push_back(r);
    }
    co_return out;
  }
  Task<Result<std::int64_t>> last_sequence() override {
    std::lock_guard lock(s_->mu);
    co_return s_->outbox.empty() ? 0 : s_->outbox.back().sequence;
  }
  Task<Result<std::int64_t>> consumer_offset(std::string consumer) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->offsets.find(consumer);
    co_return it == s_->offsets.end() ? 0 : it->second;
  }
  Task<Status> commit_offset(std::string consumer, std::int64_t sequence, std::int64_t) override {
    std::lock_guard lock(s_->mu);
    auto& offset = s_->offsets[consumer];
    offset = std::max(offset, sequence);
    co_return core::Ok{};
  }
  Task<Status> rewind_offset(std::string consumer, std::int64_t sequence, std::int64_t) override {
    std::lock_guard lock(s_->mu);
    auto& offset = s_->offsets[consumer];
    offset = std::min(offset, sequence);
    co_return core::Ok{};
  }
};

class MemoryDeadLetterStore final : public DeadLetterStore, Base {
 public:
  using Base::Base;
  Task<Result<DeadLetter>> add_dead_letter(DeadLetter d) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, other] : s_->dead_letters) {
      if (other.consumer == d.consumer && other.event_id == d.event_id) co_return other;
    }
    d.id = s_->dead_letters.empty() ? 1 : s_->dead_letters.rbegin()->first + 1;
    d.updated_at_ms = d.created_at_ms;
    s_->dead_letters[d.id] = d;
    co_return d;
  }
  Task<Result<std::vector<DeadLetter>>> dead_letters(DeadLetterQuery q) override {
    std::lock_guard lock(s_->mu);
    std::vector<DeadLetter> out;
    for (auto it = s_->dead_letters.rbegin(); it != s_->dead_letters.rend(); ++it) {
      const auto& d = it->second;
      if ((q.state && d.state != *q.state) || (!q.consumer.empty() && d.consumer != q.consumer)) continue;
      if (static_cast<int>(out.size()) < q.limit) out.push_back(d);
    }
    co_return out;
  }
  Task<Result<std::optional<DeadLetter>>> find_dead_letter(std::int64_t id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->dead_letters.find(id);
    co_return it == s_->dead_letters.end() ? std::optional<DeadLetter>() : std::optional<DeadLetter>(it->second);
  }
  Task<Status> update_dead_letter(DeadLetter d) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->dead_letters.find(d.id);
    if (it == s_->dead_letters.end()) co_return core::not_found("dead_letter_not_found", "No such dead letter");
    it->second.state = d.state;
    it->second.attempts = d.attempts;
    it->second.last_error = d.last_error;
    it->second.updated_at_ms = d.updated_at_ms;
    co_return core::Ok{};
  }
  Task<Result<std::vector<std::pair<std::string, int>>>> open_dead_letters() override {
    std::lock_guard lock(s_->mu);
    std::map<std::string, int> open;
    for (const auto& [id, d] : s_->dead_letters) open[d.consumer] += d.state == DeadLetterState::kOpen;
    std::vector<std::pair<std::string, int>> out;
    for (const auto& [consumer, n] : open) {
      if (n > 0) out.emplace_back(consumer, n);
    }
    co_return out;
  }
};

class MemorySeatBlockStore final : public SeatBlockStore, Base {
 public:
  using Base::Base;
  Task<Status> add_blocks(std::vector<SeatBlock> blocks, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    for (const auto& b : blocks) {
      const bool ticketed = std::any_of(s_->tickets.begin(), s_->tickets.end(), [&](const TicketRecord& t) {
        return live(t) && t.event_id == b.event_id && t.seat_index == b.seat_index;
      });
      if (ticketed || s_->blocks.count({b.event_id, b.seat_index})) co_return seats_unavailable_to_block();
    }
    for (auto& b : blocks) s_->blocks[{b.event_id, b.seat_index}] = std::move(b);
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::vector<SeatBlock>>> blocks_of(std::int64_t event_id) override {
    std::lock_guard lock(s_->mu);
    std::vector<SeatBlock> out;
    for (const auto& [key, b] : s_->blocks) {
      if (key.first == event_id) out.push_back(b);
    }
    co_return out;
  }
  Task<Status> end_blocks(std::int64_t event_id, std::vector<int> seats, std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    for (int seat : seats) {
      if (!s_->blocks.count({event_id, seat})) co_return seats_not_blocked();
    }
    for (int seat : seats) s_->blocks.erase({event_id, seat});
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::vector<SeatBlock>>> blocks_due(std::int64_t now_ms, int limit) override {
    std::lock_guard lock(s_->mu);
    std::vector<SeatBlock> out;
    for (const auto& [key, b] : s_->blocks) {
      if (b.release_at_ms > 0 && b.release_at_ms <= now_ms) out.push_back(b);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.release_at_ms < b.release_at_ms; });
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    co_return out;
  }
};

class MemoryAccessCodeStore final : public AccessCodeStore, Base {
 public:
  using Base::Base;
  Task<Status> add_batch(core::CodeBatch b, std::vector<core::AccessCode> codes,
                         std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    for (const auto& c : codes) {
      for (const auto& [id, other] : s_->codes) {
        if (other.event_id == b.event_id && other.code == c.code) co_return store::code_taken();
      }
    }
    for (auto& c : codes) s_->codes[c.id] = std::move(c);
    s_->code_batches[b.id] = std::move(b);
    write_outbox(messages);
    co_return core::Ok{};
  }
  Task<Result<std::vector<core::CodeBatch>>> batches_of(std::int64_t event_id) override {
    std::lock_guard lock(s_->mu);
    std::vector<core::CodeBatch> out;
    for (const auto& [id, b] : s_->code_batches) {
      if (b.event_id == event_id) out.push_back(b);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created_at_ms < b.created_at_ms; });
    co_return out;
  }
  Task<Result<std::vector<core::CodeListing>>> codes_of(std::int64_t event_id, std::int64_t now_ms) override {
    std::lock_guard lock(s_->mu);
    std::vector<core::CodeListing> out;
    for (const auto& [id, c] : s_->codes) {
      if (c.event_id != event_id) continue;
      const auto sold = code_usage(*s_, c.id, "", now_ms, true);
      const auto live = code_usage(*s_, c.id, "", now_ms);
      int seats = 0, redeemed = 0;
      for (const auto& [hid, h] : s_->holds) {
        if (h.code_id == c.id && h.status == HoldStatus::kSold) seats += static_cast<int>(h.seat_ids.size());
      }
      for (const auto& [key, code] : s_->redemptions) redeemed += code == c.id;
      out.push_back({c, sold.uses, live.uses - sold.uses, seats, redeemed});
    }
    co_return out;
  }
  Task<Result<std::optional<core::CodeBatch>>> find_batch(std::string id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->code_batches.find(id);
    co_return it == s_->code_batches.end() ? std::nullopt : std::optional<core::CodeBatch>(it->second);
  }
  Task<Result<std::optional<core::AccessCode>>> find_code(std::string id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->codes.find(id);
    co_return it == s_->codes.end() ? std::nullopt : std::optional<core::AccessCode>(it->second);
  }
  Task<Result<std::optional<core::AccessCode>>> find_by_text(std::int64_t event_id, std::string code) override {
    std::lock_guard lock(s_->mu);
    for (const auto& [id, c] : s_->codes) {
      if (c.event_id == event_id && c.code == code) co_return std::optional<core::AccessCode>(c);
    }
    co_return std::nullopt;
  }
  Task<Result<int>> revoke(std::string id, bool whole_batch, std::int64_t now_ms,
                           std::vector<OutboxMessage> messages) override {
    std::lock_guard lock(s_->mu);
    int revoked = 0;
    for (auto& [cid, c] : s_->codes) {
      if ((whole_batch ? c.batch_id : c.id) != id || c.revoked_at_ms) continue;
      c.revoked_at_ms = now_ms;
      ++revoked;
    }
    if (revoked) write_outbox(messages);
    co_return revoked;
  }
  Task<Result<core::CodeUsage>> usage_of(std::string code_id, std::string batch_id, std::int64_t now_ms) override {
    std::lock_guard lock(s_->mu);
    co_return code_usage(*s_, code_id, batch_id, now_ms);
  }
  Task<Status> redeem(core::AccessCode code, std::int64_t user_id, std::int64_t) override {
    std::lock_guard lock(s_->mu);
    s_->redemptions[{code.event_id, user_id}] = code.id;
    co_return core::Ok{};
  }
  Task<Result<std::optional<core::AccessCode>>> redeemed(std::int64_t event_id, std::int64_t user_id) override {
    std::lock_guard lock(s_->mu);
    const auto it = s_->redemptions.find({event_id, user_id});
    if (it == s_->redemptions.end()) co_return std::nullopt;
    co_return std::optional<core::AccessCode>(s_->codes.at(it->second));
  }
};

class MemoryQueueStore final : public QueueStore, Base {
 public:
  using Base::Base;
  Task<Result<std::vector<core::WaitingRoomRecord>>> rooms() override {
    std::lock_guard lock(s_->mu);
    std::vector<core::WaitingRoomRecord> out;
    for (const auto& [id, r] : s_->rooms) out.push_back(r);
    co_return out;
  }
  Task<Status> save_room(core::WaitingRoomRecord room) override {
    std::lock_guard lock(s_->mu);
    s_->rooms[room.event_id] = std::move(room);
    co_return core::Ok{};
  }
  Task<Status> add_entry(core::QueueEntry entry) override {
    std::lock_guard lock(s_->mu);
    for (const auto& e : s_->queue_entries) {
      if (e.event_id == entry.event_id && e.user_id == entry.user_id) {
        co_return core::conflict("already_queued", "This account has a place in this waiting room");
      }
    }
    s_->queue_entries.push_back(std::move(entry));
    co_return core::Ok{};
  }
  Task<Result<std::vector<core::QueueEntry>>> entries_of(std::int64_t event_id) override {
    std::lock_guard lock(s_->mu);
    std::vector<core::QueueEntry> out;
    for (const auto& e : s_->queue_entries) {
      if (e.event_id == event_id) out.push_back(e);
    }
    co_return out;
  }
  Task<Status> update_entries(std::vector<core::QueueEntry> entries) override {
    std::lock_guard lock(s_->mu);
    std::unordered_map<std::string, const core::QueueEntry*> by_id;
    for (const auto& e : entries) by_id[e.id] = &e;
    for (auto& e : s_->queue_entries) {
      if (const auto it = by_id.find(e.id); it != by_id.end()) e = *it->second;
    }
    co_return core::Ok{};
  }
};

}  // namespace

store::Stores memory_stores(const core::Clock& clock, std::shared_ptr<MemoryState> state) {
  store::Stores s;
  s.database = std::make_unique<MemoryDatabase>();
  s.events = std::make_unique<MemoryEventStore>(state, clock);
  s.accounts = std::make_unique<MemoryAccountStore>(state, clock);
  s.booking = std::make_unique<MemoryBookingStore>(state, clock);
  s.tickets = std::make_unique<MemoryTicketStore>(state, clock);
  s.outbox = std::make_unique<MemoryOutboxStore>(state, clock);
  s.dead_letters = std::make_unique<MemoryDeadLetterStore>(state, clock);
  s.queues = std::make_unique<MemoryQueueStore>(state, clock);
  s.blocks = std::make_unique<MemorySeatBlockStore>(state, clock);
  s.codes = std::make_unique<MemoryAccessCodeStore>(state, clock);
  return s;
}

store::Stores memory_stores(const core::Clock& clock) { return memory_stores(clock, new_memory_state()); }

}  // namespace tw::testing
