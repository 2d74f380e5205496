// The store ports' contract, written once and run against every adapter on a real database:
// SQLite in integration_tests, PostgreSQL in integration_pg_tests (support/postgres_instance.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <thread>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "core/tier_price.h"
#include "core/venue_layouts.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_queries.h"
#include "store/postgres/pg_stores.h"
#include "store/sqlite/sqlite_stores.h"
#include "support/postgres_instance.h"
#include "support/server_process.h"

namespace tw::store {
using app::run_task;

class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir();
    auto s = testing::on_postgres() ? open_postgres(testing::PostgresInstance::shared().create_database(), clock_, 4)
                                    : open_sqlite(dir_ + "/t.db", pool_, clock_);
    ASSERT_TRUE(s.ok());
    stores_ = std::move(s).value();
    ASSERT_TRUE(run_task(stores_.database->migrate()).ok());
  }
  void TearDown() override {
    stores_ = {};
    std::filesystem::remove_all(dir_);
  }
  core::EventDraft draft(std::string slug, const char* starts) {
    core::EventDraft d;
    d.slug = std::move(slug);
    d.name = d.artist = d.venue = "x";
    d.color = "#000000";
    d.starts_at = core::parse_iso8601(starts).value();
    return d;
  }
  std::int64_t user(const std::string& email) {
    auto u = run_task(stores_.accounts->create_user({email, "U", "hash", Role::kUser}));
    EXPECT_TRUE(u.ok());
    return u->id;
  }
  std::int64_t event(const std::string& slug) {
    auto e = run_task(stores_.events->create_event(draft(slug, "2027-01-01T10:00:00Z"), core::stadium_layout()));
    EXPECT_TRUE(e.ok());
    return e->id;
  }
  HoldRecord hold(std::int64_t event_id, std::int64_t user_id, std::string id, std::vector<std::string> seats) {
    HoldRecord h{std::move(id), event_id, user_id, std::move(seats), HoldStatus::kActive, 0, 1000, 600'000};
    EXPECT_TRUE(run_task(stores_.booking->insert_hold(h, {})).ok());
    return h;
  }
  PaymentRecord payment(const HoldRecord& h, std::string id, std::string key, core::Cents amount) {
    PaymentRecord p{std::move(id), h.user_id, std::move(key), h.id, h.event_id, amount, PaymentState::kPending,
                    "",            "",        "",             1000, 1000};
    EXPECT_TRUE(run_task(stores_.booking->insert_payment(p)).ok());
    return p;
  }
  OrderRecord order(const HoldRecord& h, const PaymentRecord& p, std::string id,
                    std::vector<std::pair<int, std::string>> seats) {
    OrderRecord o{std::move(id), h.user_id, h.event_id, h.id, p.idempotency_key, 0, 0, 0, p.id,
                  OrderStatus::kConfirmed, 100, {}};
    for (auto& [index, seat] : seats) {
      o.tickets.push_back({o.id + "-" + seat, o.id, h.user_id, h.event_id, index, seat, 10'00, 1'00, 11'00,
                           TicketStatus::kConfirmed, 100});
      o.subtotal += 10'00, o.fee += 1'00, o.total += 11'00;
    }
    return o;
  }
  std::vector<OutboxRow> outbox() { return run_task(stores_.outbox->outbox_after(0, 1000)).value(); }

  WorkerPool pool_{2};
  core::ManualClock clock_;
  std::string dir_;
  Stores stores_;
};

TEST_F(StoreContract, MigratingTwiceChangesNothing) {
  EXPECT_TRUE(run_task(stores_.database->migrate()).ok());
  EXPECT_TRUE(run_task(stores_.database->ping()).ok());
}

TEST_F(StoreContract, CreatesEventsWithTheirSeats) {
  auto e = run_task(stores_.events->create_event(draft("a", "2027-01-01T10:00:00Z"), core::stadium_layout()));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->total_seats, 765);
  auto found = run_task(stores_.events->find_event("a"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->event.id, e->id);
  EXPECT_EQ((*found)->price_from, 75'00);
  EXPECT_EQ((*found)->sold_seats, 0);
  auto layout = run_task(stores_.events->find_layout(e->layout_id));
  ASSERT_TRUE(layout.ok() && layout->has_value());
  EXPECT_EQ(**layout, core::stadium_layout());
  EXPECT_FALSE(run_task(stores_.events->find_event("b"))->has_value());
}

// A price change is written only over the layout it was made from: one made from a layout
// another change has replaced is refused and writes nothing (no layout, no outbox row).
TEST_F(StoreContract, APriceChangeFromAReplacedLayoutIsRefusedAndWritesNothing) {
  auto e = run_task(stores_.events->create_event(draft("repriced", "2027-01-01T10:00:00Z"), core::stadium_layout()));
  ASSERT_TRUE(e.ok()) << e.error().message;
  const auto from = e->layout_id;
  auto first = core::stadium_layout();
  ASSERT_TRUE(core::reprice_tier(first, "vip", 60'00).ok());
  auto moved = run_task(stores_.events->reprice_event(e->id, from, first, {}));
  ASSERT_TRUE(moved.ok() && moved->has_value()) << (moved.ok() ? "no event" : moved.error().message);
  EXPECT_NE((*moved)->layout_id, from);

  auto stale = core::stadium_layout();
  ASSERT_TRUE(core::reprice_tier(stale, "vip", 99'00).ok());
  const auto rows_before = outbox().size();
  OutboxMessage notice{"00000000-0000-4000-8000-000000000033", "prices_changed", std::to_string(e->id), "{}"};
  auto refused = run_task(stores_.events->reprice_event(e->id, from, stale, {notice}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "prices_changed_meanwhile");
  EXPECT_EQ(outbox().size(), rows_before);
  auto found = run_task(stores_.events->find_event("repriced"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->event.layout_id, (*moved)->layout_id);
  EXPECT_EQ(**run_task(stores_.events->find_layout((*found)->event.layout_id)), first);

  auto none = run_task(stores_.events->reprice_event(999'999, from, first, {}));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(StoreContract, DuplicateSlugIsAConflictAndLeavesNothingBehind) {
  ASSERT_TRUE(run_task(stores_.events->create_event(draft("a", "2027-01-01T10:00:00Z"), core::stadium_layout())).ok());
  auto again = run_task(stores_.events->create_event(draft("a", "2027-02-01T10:00:00Z"), core::stadium_layout()));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(again.error().code, "slug_taken");
  EXPECT_EQ(*run_task(stores_.events->count_events()), 1);
}

TEST_F(StoreContract, ListsWithFiltersAndCursor) {
  for (int i = 0; i < 5; ++i) {
    auto d = draft("e" + std::to_string(i), ("2027-01-0" + std::to_string(i + 1) + "T10:00:00Z").c_str());
    d.active = i != 2;
    ASSERT_TRUE(run_task(stores_.events->create_event(d, core::stadium_layout())).ok());
  }
  EventQuery q;
  q.limit = 2;
  auto p1 = run_task(stores_.events->list_events(q));
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->events.size(), 2u);
  ASSERT_TRUE(p1->next.has_value());
  q.after = p1->next;
  auto p2 = run_task(stores_.events->list_events(q));
  ASSERT_EQ(p2->events.size(), 2u);
  EXPECT_EQ(p2->events[0].event.slug, "e3");  // e2 is inactive
  EXPECT_EQ(p2->events[1].event.slug, "e4");
  EXPECT_FALSE(p2->next.has_value());

  EventQuery all;
  all.include_inactive = true;
  all.from_date = "2027-01-02";
  all.to_date = "2027-01-03";
  auto r = run_task(stores_.events->list_events(all));
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[1].event.slug, "e2");
}

TEST_F(StoreContract, UsersHaveUniqueEmails) {
  auto u = run_task(stores_.accounts->create_user({"a@b.c", "A", "hash", Role::kAdmin}));
  ASSERT_TRUE(u.ok());
  EXPECT_GT(u->id, 0);
  auto dup = run_task(stores_.accounts->create_user({"a@b.c", "A2", "hash", Role::kUser}));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "email_taken");
  EXPECT_EQ(*run_task(stores_.accounts->count_admins()), 1);
  auto found = run_task(stores_.accounts->find_user_by_email("a@b.c"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->role, Role::kAdmin);
}

// Issue 34, item 1: a reset link works once, until it expires; spending it spends the account's
// other links, sets the password and ends every session, in one transaction.
TEST_F(StoreContract, APasswordResetLinkWorksOnceAndEndsEverySession) {
  const auto id = user("reset@b.c");
  const auto other = user("other@b.c");
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"s1", id, 100, 100, 10'000, 10'000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"s2", other, 100, 100, 10'000, 10'000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_password_reset({"h1", id, 100, 1900})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_password_reset({"h2", id, 100, 1900})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_password_reset({"old", other, 100, 200})).ok());

  EXPECT_EQ(run_task(stores_.accounts->redeem_password_reset("nope", "new", 150)).error().code, "reset_link_unknown");
  EXPECT_EQ(run_task(stores_.accounts->redeem_password_reset("old", "new", 201)).error().code, "reset_link_expired");
  auto redeemed = run_task(stores_.accounts->redeem_password_reset("h1", "new-hash", 150));
  ASSERT_TRUE(redeemed.ok()) << redeemed.error().message;
  EXPECT_EQ(redeemed->id, id);
  EXPECT_EQ(redeemed->password_hash, "new-hash");
  EXPECT_EQ(run_task(stores_.accounts->redeem_password_reset("h1", "again", 160)).error().code, "reset_link_used");
  EXPECT_EQ(run_task(stores_.accounts->redeem_password_reset("h2", "again", 160)).error().code, "reset_link_used")
      << "the account's other links die with the first one used";
  EXPECT_FALSE(run_task(stores_.accounts->find_session("s1"))->has_value()) << "the account's sessions end";
  EXPECT_TRUE(run_task(stores_.accounts->find_session("s2"))->has_value()) << "others' do not";
  EXPECT_EQ((*run_task(stores_.accounts->find_user(id)))->password_hash, "new-hash");
  EXPECT_EQ((*run_task(stores_.accounts->find_user(other)))->password_hash, "hash");
}

// Issue 34, item 2: a confirmation link marks its address verified, once, until it expires; a
// link for a new address moves the account to it, unless another account took it meanwhile.
TEST_F(StoreContract, AConfirmationLinkVerifiesOrMovesTheAddressOnce) {
  auto made = run_task(stores_.accounts->create_user({"new@b.c", "N", "hash", Role::kUser}));
  ASSERT_TRUE(made.ok());
  EXPECT_FALSE(made->email_verified) << "a fan's sign-up starts unconfirmed";
  const auto id = made->id;
  EXPECT_FALSE((*run_task(stores_.accounts->find_user(id)))->email_verified);
  auto admin = run_task(stores_.accounts->create_user({"adm@b.c", "A", "hash", Role::kAdmin, true}));
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE((*run_task(stores_.accounts->find_user(admin->id)))->email_verified);

  ASSERT_TRUE(run_task(stores_.accounts->create_email_verification({"v1", id, "new@b.c", 100, 1000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_email_verification({"v2", id, "new@b.c", 100, 1000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_email_verification({"late", id, "new@b.c", 100, 200})).ok());
  EXPECT_EQ(run_task(stores_.accounts->redeem_email_verification("nope", 150)).error().code, "verify_link_unknown");
  EXPECT_EQ(run_task(stores_.accounts->redeem_email_verification("late", 201)).error().code, "verify_link_expired");
  auto verified = run_task(stores_.accounts->redeem_email_verification("v1", 150));
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_TRUE(verified->user.email_verified);
  EXPECT_EQ(verified->previous_email, "new@b.c");
  EXPECT_EQ(run_task(stores_.accounts->redeem_email_verification("v1", 160)).error().code, "verify_link_used");
  EXPECT_EQ(run_task(stores_.accounts->redeem_email_verification("v2", 160)).error().code, "verify_link_used");
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"s1", id, 100, 100, 10'000, 10'000})).ok());
  EXPECT_TRUE((*run_task(stores_.accounts->find_session("s1")))->user.email_verified);

  ASSERT_TRUE(run_task(stores_.accounts->create_email_verification({"move", id, "moved@b.c", 300, 1000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_email_verification({"clash", id, "adm@b.c", 300, 1000})).ok());
  EXPECT_EQ(run_task(stores_.accounts->redeem_email_verification("clash", 310)).error().code, "email_taken");
  auto moved = run_task(stores_.accounts->redeem_email_verification("move", 310));
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->user.email, "moved@b.c");
  EXPECT_EQ(moved->previous_email, "new@b.c");
  EXPECT_TRUE(run_task(stores_.accounts->find_user_by_email("moved@b.c"))->has_value());
  EXPECT_FALSE(run_task(stores_.accounts->find_user_by_email("new@b.c"))->has_value());
}

// Issue 34, item 3: the account page's devices are the live sessions, newest use first, with
// what they said of themselves; a new password or "sign out everywhere" ends them.
TEST_F(StoreContract, AnAccountsLiveSessionsAreListedAndEnded) {
  const auto id = user("devices@b.c");
  const auto other = user("else@b.c");
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"old", id, 100, 150, 10'000, 10'000, "Firefox", "127.0.0.2"})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"new", id, 100, 300, 10'000, 10'000, "Safari", "127.0.0.3"})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"gone", id, 100, 400, 500, 10'000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"theirs", other, 100, 100, 10'000, 10'000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->revoke_session("gone", 120)).ok());
  auto live = run_task(stores_.accounts->live_sessions(id, 200));
  ASSERT_TRUE(live.ok());
  ASSERT_EQ(live->size(), 2u);
  EXPECT_EQ((*live)[0].token_hash, "new");
  EXPECT_EQ((*live)[0].user_agent, "Safari");
  EXPECT_EQ((*live)[0].client_ip, "127.0.0.3");
  EXPECT_EQ((*live)[1].token_hash, "old");
  EXPECT_TRUE(run_task(stores_.accounts->live_sessions(id, 20'000))->empty()) << "expired ones are not listed";

  core::UserChange change;
  change.password_hash = "new-hash";
  change.keep_session = "new";
  ASSERT_TRUE(run_task(stores_.accounts->update_user(id, change)).ok());
  EXPECT_EQ((*run_task(stores_.accounts->find_user(id)))->password_hash, "new-hash");
  EXPECT_FALSE(run_task(stores_.accounts->find_session("old"))->has_value()) << "a new password ends the others";
  EXPECT_TRUE(run_task(stores_.accounts->find_session("new"))->has_value()) << "but the one that set it";
  core::UserChange rename;
  rename.name = "Renamed";
  EXPECT_EQ((*run_task(stores_.accounts->update_user(id, rename)))->name, "Renamed");

  ASSERT_TRUE(run_task(stores_.accounts->revoke_sessions(id, "", 250)).ok());
  EXPECT_FALSE(run_task(stores_.accounts->find_session("new"))->has_value());
  EXPECT_TRUE(run_task(stores_.accounts->find_session("theirs"))->has_value()) << "other accounts keep theirs";
}

// Issue 30, item 8: accounts of one mailbox (core/mailbox.h) are one person, the first of them,
// also when they sign up at the same moment; unknown accounts are left out.
TEST_F(StoreContract, AccountsOfOneMailboxAreOnePerson) {
  const auto first = user("fan@box.example"), tagged = user("fan+presale@box.example");
  const auto gmail = user("f.an@gmail.com"), googlemail = user("fan+x@googlemail.com"), other = user("fan@box2.example");
  std::vector<std::int64_t> racers(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < racers.size(); ++i) {
    threads.emplace_back([&, i] {
      NewUser racer{"racer+" + std::to_string(i) + "@box.example", "R", "h", Role::kUser};
      racers[i] = run_task(stores_.accounts->create_user(std::move(racer))).value().id;
    });
  }
  for (auto& t : threads) t.join();
  auto people = run_task(stores_.booking->people_of({first, tagged, gmail, googlemail, other, 999'999}));
  ASSERT_TRUE(people.ok()) << people.error().message;
  std::map<std::int64_t, std::int64_t> person;
  for (const auto& p : *people) person[p.user_id] = p.person_id;
  EXPECT_EQ(person.size(), 5u) << "the unknown account is left out";
  EXPECT_EQ(person[first], first);
  EXPECT_EQ(person[tagged], first);
  EXPECT_EQ(person[gmail], gmail);
  EXPECT_EQ(person[googlemail], gmail);
  EXPECT_EQ(person[other], other);
  auto racing_people = run_task(stores_.booking->people_of(racers));
  ASSERT_TRUE(racing_people.ok());
  std::set<std::int64_t> distinct;
  for (const auto& p : *racing_people) distinct.insert(p.person_id);
  EXPECT_EQ(distinct.size(), 1u) << "accounts of one mailbox made at once are still one person";
}

// Issue 10, problem 5: a renew that read the hold before a checkout sold it wrote it back as
// active. Every hold change is now a compare-and-set on the state it moves from.
TEST_F(StoreContract, ASoldHoldStaysSold) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h1", {"VIP-A-1"});
  auto p = payment(h, "p1", "k1", 11'00);
  {
    auto c = run_task(stores_.booking->commit_order(order(h, p, "o1", {{0, "VIP-A-1"}}), "ch_1", {}));
    ASSERT_TRUE(c.ok()) << c.error().code << ": " << c.error().message;
  }
  auto renew = run_task(stores_.booking->extend_hold("h1", 1, 9'000'000));
  ASSERT_FALSE(renew.ok());
  EXPECT_EQ(renew.error().code, "hold_not_active");
  auto expire = run_task(stores_.booking->end_hold("h1", HoldStatus::kExpired, {{"m1", "seat_released", "k", "{}"}}));
  ASSERT_FALSE(expire.ok());
  EXPECT_EQ(expire.error().code, "hold_not_active");
  EXPECT_TRUE(outbox().empty()) << "a refused change writes no message";
  EXPECT_EQ(run_task(stores_.booking->find_hold("h1"))->value().status, HoldStatus::kSold);
  EXPECT_TRUE(run_task(stores_.booking->active_holds())->empty());
}

// A restart restores every event's active holds; opening one event reads its own.
TEST_F(StoreContract, ActiveHoldsAreFoundForAllEventsOrForOne) {
  const auto e = event("e"), f = event("f"), u = user("u@x.y");
  hold(e, u, "a", {"VIP-A-1"});
  hold(f, u, "b", {"VIP-A-1"});
  hold(e, u, "c", {"VIP-A-2"});
  ASSERT_TRUE(run_task(stores_.booking->end_hold("c", HoldStatus::kReleased, {})).ok());
  auto ids = [](const std::vector<HoldRecord>& holds) {
    std::vector<std::string> out;
    for (const auto& h : holds) out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids(run_task(stores_.booking->active_holds()).value()), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ids(run_task(stores_.booking->active_holds_of(e)).value()), std::vector<std::string>{"a"});
  EXPECT_EQ(ids(run_task(stores_.booking->active_holds_of(f)).value()), std::vector<std::string>{"b"});
  EXPECT_TRUE(run_task(stores_.booking->active_holds_of(f + e + 1))->empty());
}

TEST_F(StoreContract, AnExpiredHoldCanStillBeSoldButAReleasedOneCannot) {
  const auto e = event("e"), u = user("u@x.y");
  auto a = hold(e, u, "a", {"VIP-A-1"});
  auto b = hold(e, u, "b", {"VIP-A-2"});
  ASSERT_TRUE(run_task(stores_.booking->end_hold("a", HoldStatus::kExpired, {})).ok());
  ASSERT_TRUE(run_task(stores_.booking->end_hold("b", HoldStatus::kReleased, {})).ok());
  auto pa = payment(a, "pa", "ka", 11'00);
  auto pb = payment(b, "pb", "kb", 11'00);
  EXPECT_TRUE(run_task(stores_.booking->commit_order(order(a, pa, "oa", {{0, "VIP-A-1"}}), "ch_a", {})).ok());
  auto refused = run_task(stores_.booking->commit_order(order(b, pb, "ob", {{1, "VIP-A-2"}}), "ch_b", {}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "hold_not_active");
  EXPECT_FALSE(run_task(stores_.booking->find_order("ob"))->has_value()) << "nothing of a refused order is written";
  EXPECT_EQ(run_task(stores_.booking->find_payment("pb"))->value().state, PaymentState::kPending);
}

TEST_F(StoreContract, TheUniqueLiveTicketIsTheFinalGuard) {
  const auto e = event("e"), u = user("u@x.y"), v = user("v@x.y");
  auto a = hold(e, u, "a", {"VIP-A-1"});
  auto b = hold(e, v, "b", {"VIP-A-1"});  // the inventory would never allow it; the database must not either
  auto pa = payment(a, "pa", "k", 11'00);
  auto pb = payment(b, "pb", "k", 11'00);  // the same key for another user is fine
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(a, pa, "oa", {{0, "VIP-A-1"}}), "ch_a", {})).ok());
  auto second = run_task(stores_.booking->commit_order(order(b, pb, "ob", {{0, "VIP-A-1"}}), "ch_b", {}));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "seat_sold");
  auto sold = run_task(stores_.booking->sold_seats(e));
  ASSERT_EQ(sold->size(), 1u);
  EXPECT_EQ((*sold)[0].seat_index, 0);
  EXPECT_EQ((*sold)[0].user_id, u);
}

// A ticket is for the seat at its position in the event's layout now. A server whose copy of the
// layout predates an organiser's new one places a seat by the old position: the order must not
// commit, or that seat could be sold again at its true position.
TEST_F(StoreContract, ATicketIsOnlyForTheSeatAtThatPositionNow) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1", "VIP-A-2"});
  auto p = payment(h, "p", "k", 22'00);
  auto moved = run_task(stores_.booking->commit_order(order(h, p, "o1", {{0, "VIP-A-1"}, {20, "VIP-A-2"}}), "ch", {}));
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, "layout_changed");
  EXPECT_FALSE(run_task(stores_.booking->find_order("o1"))->has_value()) << "nothing of a refused order is written";
  EXPECT_TRUE(run_task(stores_.booking->sold_seats(e))->empty());
  EXPECT_TRUE(run_task(stores_.booking->commit_order(order(h, p, "o2", {{0, "VIP-A-1"}, {1, "VIP-A-2"}}), "ch", {})).ok());
  EXPECT_EQ(run_task(stores_.booking->sold_seats(e))->size(), 2u);
}

TEST_F(StoreContract, OnePaymentPerKeyAndItsOrderCommitsWithIt) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1", "VIP-A-2"});
  auto p = payment(h, "p", "key", 22'00);
  PaymentRecord twin = p;
  twin.id = "p2";
  auto dup = run_task(stores_.booking->insert_payment(twin));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "payment_exists");
  std::vector<OutboxMessage> messages{{"m1", "ticket_sold", "k", "{}"}, {"m2", "payment_processed", "k", "{}"}};
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(h, p, "o", {{0, "VIP-A-1"}, {1, "VIP-A-2"}}), "ch_9",
                                                     messages))
                  .ok());
  auto paid = run_task(stores_.booking->find_payment_by_key(u, "key"))->value();
  EXPECT_EQ(paid.state, PaymentState::kApproved);
  EXPECT_EQ(paid.order_id, "o");
  EXPECT_EQ(paid.processor_id, "ch_9");
  auto o = run_task(stores_.booking->find_order_by_key(u, "key"))->value();
  EXPECT_EQ(o.tickets.size(), 2u);
  EXPECT_EQ(o.payment_id, "p");
  EXPECT_EQ(outbox().size(), 2u);
  clock_.advance_ms(1'000'000);
  EXPECT_TRUE(run_task(stores_.booking->unsettled_payments(clock_.now_ms(), 10))->empty());
}

// Issue 30, item 4: at most one charge in flight per hold, whatever key a checkout sends.
TEST_F(StoreContract, AHoldHasAtMostOneOpenPayment) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1"});
  auto p = payment(h, "p", "first", 11'00);
  PaymentRecord other{"p2", u, "second", h.id, e, 11'00, PaymentState::kPending, "", "", "", 1000, 1000};
  auto clash = run_task(stores_.booking->insert_payment(other));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, "payment_in_progress");
  p.state = PaymentState::kDeclined;
  ASSERT_TRUE(run_task(stores_.booking->move_payment(p, PaymentState::kPending, {})).ok());
  EXPECT_TRUE(run_task(stores_.booking->insert_payment(other)).ok()) << "after a decline the buyer may pay again";
  PaymentRecord same_key = other;
  same_key.id = "p3";
  auto twin = run_task(stores_.booking->insert_payment(same_key));
  ASSERT_FALSE(twin.ok());
  EXPECT_EQ(twin.error().code, "payment_exists") << "a key used before is what counts";
}

// Issue 32: a waiting room and its places survive a restart, one place per account.
TEST_F(StoreContract, WaitingRoomsAndTheirPlacesAreKept) {
  const auto e = event("e"), ada = user("ada@x.y"), bob = user("bob@x.y");
  core::WaitingRoomRecord room{e, {true, 120, 50, 15}, std::string(64, 'a'), "c0ffee", "k3y", 0, false, false};
  ASSERT_TRUE(run_task(stores_.queues->save_room(room)).ok());
  room.drawn_at_ms = 5'000;
  room.paused = true;
  ASSERT_TRUE(run_task(stores_.queues->save_room(room)).ok()) << "saving again replaces";
  const auto rooms = run_task(stores_.queues->rooms()).value();
  ASSERT_EQ(rooms.size(), 1u);
  EXPECT_EQ(rooms[0].settings, room.settings);
  EXPECT_EQ(rooms[0].drawn_at_ms, 5'000);
  EXPECT_TRUE(rooms[0].paused);
  EXPECT_EQ(rooms[0].pass_key, "k3y");

  core::QueueEntry first{"q1", e, ada, 100, 0, core::QueueEntryState::kWaiting, 0, 0};
  core::QueueEntry second{"q2", e, bob, 200, 0, core::QueueEntryState::kWaiting, 0, 0};
  ASSERT_TRUE(run_task(stores_.queues->add_entry(first)).ok());
  ASSERT_TRUE(run_task(stores_.queues->add_entry(second)).ok());
  auto again = first;
  again.id = "q3";
  auto twice = run_task(stores_.queues->add_entry(again));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "already_queued");
  first.turn = 2, second.turn = 1;
  second.state = core::QueueEntryState::kAdmitted, second.admitted_at_ms = 300, second.pass_expires_ms = 900;
  ASSERT_TRUE(run_task(stores_.queues->update_entries({first, second})).ok());
  const auto entries = run_task(stores_.queues->entries_of(e)).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].id, "q1") << "in the order they joined";
  EXPECT_EQ(entries[0].turn, 2);
  EXPECT_EQ(entries[1].state, core::QueueEntryState::kAdmitted);
  EXPECT_EQ(entries[1].pass_expires_ms, 900);
  EXPECT_TRUE(run_task(stores_.queues->entries_of(e + 1000))->empty());
  first.state = core::QueueEntryState::kDone;
  ASSERT_TRUE(run_task(stores_.queues->update_entries({first})).ok());
  again.joined_at_ms = 400;
  ASSERT_TRUE(run_task(stores_.queues->add_entry(again)).ok()) << "a place that ended does not stop a new one";
  EXPECT_EQ(run_task(stores_.queues->entries_of(e))->size(), 3u) << "the ended place stays";
}

// Issue 15 (5): organisers find a sale by the buyer's name or email, an order id or a ticket id.
TEST_F(StoreContract, SoldTicketsAreFoundByBuyerOrderOrTicket) {
  const auto e = event("e"), other_event = event("f");
  const auto dana = run_task(stores_.accounts->create_user({"dana@box.example", "Dana 100% Fan", "h", Role::kUser}))->id;
  const auto lee = user("lee@x.y");
  auto h1 = hold(e, dana, "h1", {"VIP-A-1", "VIP-A-2"});
  auto p1 = payment(h1, "p1", "k1", 22'00);
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(h1, p1, "o1", {{0, "VIP-A-1"}, {1, "VIP-A-2"}}), "c1", {})).ok());
  auto h2 = hold(other_event, lee, "h2", {"VIP-A-3"});
  auto p2 = payment(h2, "p2", "k2", 11'00);
  auto later = order(h2, p2, "o2", {{2, "VIP-A-3"}});
  later.created_at = 200;
  for (auto& t : later.tickets) t.purchased_at = 200;
  ASSERT_TRUE(run_task(stores_.booking->commit_order(later, "c2", {})).ok());

  auto find = [&](SoldTicketQuery q) {
    std::vector<std::string> ids;
    const auto sold = run_task(stores_.tickets->find_sold_tickets(q)).value();
    for (const auto& s : sold) ids.push_back(s.ticket.id);
    return ids;
  };
  const auto by_email = run_task(stores_.tickets->find_sold_tickets({0, "BOX.example", 50})).value();
  ASSERT_EQ(by_email.size(), 2u) << "email, any case";
  EXPECT_EQ(by_email[0].buyer_name, "Dana 100% Fan");
  EXPECT_EQ(by_email[0].buyer_email, "dana@box.example");
  EXPECT_EQ(find({0, "100%", 50}).size(), 2u) << "a name, its % taken literally";
  EXPECT_TRUE(find({0, "1000%", 50}).empty());
  EXPECT_EQ(find({0, "o2", 50}), std::vector<std::string>{"o2-VIP-A-3"}) << "an order id";
  EXPECT_EQ(find({0, "o1-VIP-A-2", 50}), std::vector<std::string>{"o1-VIP-A-2"}) << "a ticket id";
  EXPECT_TRUE(find({0, "o9", 50}).empty()) << "ids match whole, not in part";
  EXPECT_TRUE(find({0, "o1-VIP", 50}).empty());
  EXPECT_EQ(find({other_event, "", 50}), std::vector<std::string>{"o2-VIP-A-3"}) << "an event's";
  EXPECT_EQ(find({e, "box.example", 50}).size(), 2u) << "an event's, by the buyer";
  EXPECT_TRUE(find({other_event, "box.example", 50}).empty()) << "another event's buyer";
  EXPECT_EQ(find({0, "", 50}).front(), "o2-VIP-A-3") << "newest first";
  EXPECT_EQ(find({0, "", 1}).size(), 1u);
}

TEST_F(StoreContract, PaymentsMoveOnlyFromTheStateNamed) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1"});
  auto p = payment(h, "p", "key", 11'00);
  auto open = run_task(stores_.booking->unsettled_payments(clock_.now_ms() + 1, 10));
  ASSERT_EQ(open->size(), 1u) << "a pending payment is unsettled";
  p.state = PaymentState::kDeclined;
  p.decline_code = "card_declined";
  ASSERT_TRUE(run_task(stores_.booking->move_payment(p, PaymentState::kPending, {})).ok());
  p.state = PaymentState::kApproved;
  auto again = run_task(stores_.booking->move_payment(p, PaymentState::kPending, {}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "payment_moved");
  auto stored = run_task(stores_.booking->find_payment("p"))->value();
  EXPECT_EQ(stored.state, PaymentState::kDeclined);
  EXPECT_EQ(stored.decline_code, "card_declined");
  EXPECT_TRUE(run_task(stores_.booking->unsettled_payments(clock_.now_ms() + 1, 10))->empty());
}

TEST_F(StoreContract, RefundsAreRecordedRetriedAndSettleTheirPayment) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1"});
  auto p = payment(h, "p", "key", 11'00);
  p.state = PaymentState::kApproved;
  p.processor_id = "ch_1";
  ASSERT_TRUE(run_task(stores_.booking->move_payment(p, PaymentState::kPending, {})).ok());
  ASSERT_EQ(run_task(stores_.booking->unsettled_payments(clock_.now_ms() + 1, 10))->size(), 1u)
      << "approved without an order is unsettled";
  RefundRecord r{"rf-p", "p", "ch_1", "", 11'00, "order_not_completed", RefundState::kPending, 0, "", 1, 1, 5000};
  ASSERT_TRUE(run_task(stores_.booking->insert_refund(r)).ok());
  EXPECT_EQ(run_task(stores_.booking->insert_refund(r)).error().code, "refund_exists");
  EXPECT_TRUE(run_task(stores_.booking->refunds_due(4999, 10))->empty());
  ASSERT_EQ(run_task(stores_.booking->refunds_due(5000, 10))->size(), 1u);
  r.state = RefundState::kFailed;
  r.attempts = 1;
  r.last_error = "processor down";
  r.next_attempt_at_ms = 0;  // an admin's to retry now
  ASSERT_TRUE(run_task(stores_.booking->update_refund(r, {})).ok());
  EXPECT_TRUE(run_task(stores_.booking->refunds_due(1'000'000'000, 10))->empty());
  RefundQuery failed;
  failed.state = RefundState::kFailed;
  ASSERT_EQ(run_task(stores_.booking->list_refunds(failed))->size(), 1u);
  r.state = RefundState::kSucceeded;
  ASSERT_TRUE(run_task(stores_.booking->update_refund(r, {{"m", "order_refunded", "p", "{}"}})).ok());
  EXPECT_EQ(run_task(stores_.booking->find_payment("p"))->value().state, PaymentState::kRefunded);
  EXPECT_TRUE(run_task(stores_.booking->unsettled_payments(clock_.now_ms() + 1, 10))->empty());
  EXPECT_EQ(outbox().size(), 1u);
}

TEST_F(StoreContract, ConsumerOffsetsOnlyMoveForward) {
  auto& log = *stores_.outbox;
  EXPECT_EQ(run_task(log.last_sequence()).value(), 0);
  EXPECT_EQ(run_task(log.consumer_offset("receipts")).value(), 0) << "a consumer never seen";
  std::vector<OutboxMessage> two{{"m1", "seat_locked", "k", "{}"}, {"m2", "seat_locked", "k", "{}"}};
  ASSERT_TRUE(run_task(stores_.booking->append_outbox(std::move(two))).ok());
  const auto last = run_task(log.last_sequence()).value();
  ASSERT_EQ(last, outbox().back().sequence);
  ASSERT_TRUE(run_task(log.commit_offset("receipts", last, 100)).ok());
  EXPECT_EQ(run_task(log.consumer_offset("receipts")).value(), last);
  ASSERT_TRUE(run_task(log.commit_offset("receipts", last - 1, 200)).ok());
  EXPECT_EQ(run_task(log.consumer_offset("receipts")).value(), last) << "an older commit changes nothing";
  EXPECT_EQ(run_task(log.consumer_offset("audit")).value(), 0) << "consumers are apart";
}

TEST_F(StoreContract, TheAuditTrailKeepsOneEntryPerEventAndFindsThemByEachFilter) {
  auto& audit = *stores_.audit;
  std::vector<AuditEntry> entries{{1, "e1", "seat_locked", 7, 3, "user", 1'000, R"({"v":1})"},
                                  {2, "e2", "ticket_sold", 7, 3, "user", 2'000, "{}"},
                                  {3, "e3", "seat_locked", 8, 4, "user", 3'000, "{}"},
                                  {4, "e4", "order_refunded", 0, 0, "system", 4'000, "{}"}};
  ASSERT_TRUE(run_task(audit.append_audit(entries)).ok());
  entries[0].type = "changed";
  ASSERT_TRUE(run_task(audit.append_audit({entries[0], entries[1]})).ok()) << "appending again is no error";
  auto all = run_task(audit.audit_entries({})).value();
  ASSERT_EQ(all.size(), 4u) << "one entry per sequence";
  EXPECT_EQ(all.front().sequence, 4) << "newest first";
  EXPECT_EQ(all.back().type, "seat_locked") << "an entry is never changed";
  EXPECT_EQ(all.back().payload, R"({"v":1})");
  auto sequences = [&](AuditQuery q) {
    std::vector<std::int64_t> out;
    const auto found = run_task(audit.audit_entries(q)).value();
    for (const auto& e : found) out.push_back(e.sequence);
    return out;
  };
  EXPECT_EQ(sequences({.event_id = 7}), (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(sequences({.type = "seat_locked"}), (std::vector<std::int64_t>{3, 1}));
  EXPECT_EQ(sequences({.user_id = 4}), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(sequences({.from_ms = 2'000, .to_ms = 4'000}), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(sequences({.before_sequence = 3, .limit = 1}), (std::vector<std::int64_t>{2}));
  // Narrowed to an account or a show, the other filters still hold.
  EXPECT_EQ(sequences({.event_id = 7, .user_id = 3}), (std::vector<std::int64_t>{2, 1}));
  EXPECT_TRUE(sequences({.event_id = 8, .user_id = 3}).empty());
  EXPECT_EQ(sequences({.event_id = 7, .type = "ticket_sold"}), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(sequences({.user_id = 3, .before_sequence = 2}), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(sequences({.event_id = 7, .limit = 1}), (std::vector<std::int64_t>{2}));
}

TEST_F(StoreContract, SalesCountEachEventOnceWhateverIsOfferedAgain) {
  auto& sales = *stores_.sales;
  EXPECT_EQ(run_task(sales.sales_through()).value(), 0);
  const std::int64_t minute = 60'000;
  std::vector<SalesChange> first{{1, 7, 0, 1, 0, 0, 0, 0},
                                 {2, 7, 0, 0, 0, 1, 0, 11'00},
                                 {3, 7, minute, 1, 0, 0, 0, 0},
                                 {4, 8, 0, 1, 0, 0, 0, 0}};
  ASSERT_TRUE(run_task(sales.apply_sales(first, 5)).ok());
  std::vector<SalesChange> again{{3, 7, minute, 1, 0, 0, 0, 0}, {6, 7, minute, 0, 0, 1, 0, 22'00}};
  ASSERT_TRUE(run_task(sales.apply_sales(again, 6)).ok());
  ASSERT_TRUE(run_task(sales.apply_sales(again, 6)).ok());
  EXPECT_EQ(run_task(sales.sales_through()).value(), 6);
  auto minutes = run_task(sales.sales_minutes(7)).value();
  ASSERT_EQ(minutes.size(), 2u);
  EXPECT_EQ(minutes[0].minute_ms, 0);
  EXPECT_EQ(minutes[0].held, 1);
  EXPECT_EQ(minutes[0].sold, 1);
  EXPECT_EQ(minutes[0].revenue_cents, 11'00);
  EXPECT_EQ(minutes[1].held, 1) << "sequence 3, offered twice, counted once";
  EXPECT_EQ(minutes[1].sold, 1) << "sequence 6, offered twice, counted once";
  EXPECT_EQ(minutes[1].revenue_cents, 22'00);
  EXPECT_EQ(run_task(sales.sales_minutes(8)).value().size(), 1u);
  EXPECT_TRUE(run_task(sales.sales_minutes(9)).value().empty());
}

// Servers sharing a Redis consumer group hand the figures events out of log order: a later
// sequence applied first must not make an earlier one count as done.
TEST_F(StoreContract, SalesCountEventsHandedOverOutOfOrder) {
  auto& sales = *stores_.sales;
  ASSERT_TRUE(run_task(sales.apply_sales({{10, 7, 0, 0, 0, 1, 0, 5'00}}, 10)).ok());
  ASSERT_TRUE(run_task(sales.apply_sales({{8, 7, 0, 0, 0, 1, 0, 3'00}, {9, 7, 0, 1, 0, 0, 0, 0}}, 9)).ok());
  ASSERT_TRUE(run_task(sales.apply_sales({{8, 7, 0, 0, 0, 1, 0, 3'00}, {10, 7, 0, 0, 0, 1, 0, 5'00}}, 10)).ok());
  const auto minutes = run_task(sales.sales_minutes(7)).value();
  ASSERT_EQ(minutes.size(), 1u);
  EXPECT_EQ(minutes[0].sold, 2) << "sequences 8 and 10, each once";
  EXPECT_EQ(minutes[0].held, 1);
  EXPECT_EQ(minutes[0].revenue_cents, 8'00);
  EXPECT_EQ(run_task(sales.sales_through()).value(), 10) << "the furthest applied";
}

TEST_F(StoreContract, AReplayMovesAConsumerBackButNeverForward) {
  auto& log = *stores_.outbox;
  ASSERT_TRUE(run_task(log.commit_offset("audit", 10, 1)).ok());
  ASSERT_TRUE(run_task(log.rewind_offset("audit", 4, 2)).ok());
  EXPECT_EQ(run_task(log.consumer_offset("audit")).value(), 4);
  ASSERT_TRUE(run_task(log.rewind_offset("audit", 8, 3)).ok());
  EXPECT_EQ(run_task(log.consumer_offset("audit")).value(), 4) << "a replay never skips events";
  ASSERT_TRUE(run_task(log.rewind_offset("new", 0, 3)).ok());
  EXPECT_EQ(run_task(log.consumer_offset("new")).value(), 0);
}

// Issue 34, item 8: a ticket has at most one open offer; an offer moves out of the state named
// only, so of a claim and a cancellation racing, one happens.
TEST_F(StoreContract, ATicketHasOneOpenOfferThatMovesOnce) {
  const auto e = event("e"), u = user("u@x.y"), v = user("v@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1"});
  auto p = payment(h, "p", "k", 11'00);
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(h, p, "o", {{0, "VIP-A-1"}}), "c", {})).ok());
  const std::string ticket = "o-VIP-A-1";
  ASSERT_TRUE(run_task(stores_.tickets->create_ticket_offer({"t1", ticket, u, "friend@x.y", 100, 1000})).ok());
  EXPECT_EQ(run_task(stores_.tickets->create_ticket_offer({"t2", ticket, u, "other@x.y", 100, 1000})).error().code,
            "transfer_pending");
  auto open = run_task(stores_.tickets->open_ticket_offer(ticket));
  ASSERT_TRUE(open.ok() && open->has_value());
  EXPECT_EQ((*open)->to_email, "friend@x.y");
  EXPECT_EQ((*open)->state, OfferState::kOpen);

  EXPECT_TRUE(*run_task(stores_.tickets->move_ticket_offer("t1", OfferState::kOpen, OfferState::kClaimed, v, 150)));
  EXPECT_FALSE(*run_task(stores_.tickets->move_ticket_offer("t1", OfferState::kOpen, OfferState::kCancelled, 0, 150)))
      << "a cancellation after the claim finds it claimed";
  auto found = run_task(stores_.tickets->find_ticket_offer("t1"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->state, OfferState::kClaimed);
  EXPECT_EQ((*found)->claimed_by, v);
  EXPECT_EQ((*found)->closed_at, 150);
  EXPECT_FALSE(run_task(stores_.tickets->open_ticket_offer(ticket))->has_value());
  EXPECT_TRUE(run_task(stores_.tickets->create_ticket_offer({"t3", ticket, u, "again@x.y", 200, 1000})).ok())
      << "a closed offer leaves room for a new one";
  EXPECT_FALSE(run_task(stores_.tickets->find_ticket_offer("nope"))->has_value());
}

// Issue 34, item 4: the export's sections are the person's rows, built by each engine the same
// way; forgetting an account pseudonymises it and removes its sessions and links, leaving its
// orders and tickets.
TEST_F(StoreContract, APersonsDataIsExportedAndForgottenButTheirSalesStay) {
  const auto e = event("e"), u = user("gone@x.y"), v = user("stays@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1"});
  auto p = payment(h, "p", "k", 11'00);
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(h, p, "o", {{0, "VIP-A-1"}}), "c", {})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"su", u, 100, 100, 10'000, 10'000, "Firefox", "127.0.0.9"})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_session({"sv", v, 100, 100, 10'000, 10'000})).ok());
  ASSERT_TRUE(run_task(stores_.tickets->create_ticket_offer({"t1", "o-VIP-A-1", u, "friend@x.y", 100, 1000})).ok());
  ASSERT_TRUE(run_task(stores_.accounts->create_password_reset({"r1", u, 100, 1000})).ok());

  auto data = run_task(stores_.accounts->personal_data(u));
  ASSERT_TRUE(data.ok()) << data.error().message;
  std::map<std::string, boost::json::value> sections;
  for (const auto& [name, rows] : *data) sections[name] = boost::json::parse(rows);
  for (const char* name : {"sessions", "holds", "payments", "orders", "tickets", "transfers", "ticketsSentByEmail",
                           "queuePlaces"}) {
    ASSERT_TRUE(sections.contains(name)) << name;
    ASSERT_TRUE(sections[name].is_array()) << name;
  }
  EXPECT_EQ(sections["sessions"].at(0).at("browser"), boost::json::value("Firefox"));
  EXPECT_EQ(sections["holds"].at(0).at("seats").at(0), boost::json::value("VIP-A-1"));
  EXPECT_EQ(sections["payments"].at(0).at("id"), boost::json::value("p"));
  EXPECT_EQ(sections["orders"].at(0).at("id"), boost::json::value("o"));
  EXPECT_EQ(sections["tickets"].at(0).at("seatId"), boost::json::value("VIP-A-1"));
  EXPECT_EQ(sections["ticketsSentByEmail"].at(0).at("to"), boost::json::value("friend@x.y"));
  EXPECT_TRUE(sections["transfers"].as_array().empty());
  EXPECT_TRUE(boost::json::parse(run_task(stores_.accounts->personal_data(v))->at(3).second).as_array().empty())
      << "another's orders are not theirs";

  ASSERT_TRUE(run_task(stores_.accounts->forget_user(u, 500)).ok());
  auto gone = run_task(stores_.accounts->find_user(u));
  ASSERT_TRUE(gone.ok() && gone->has_value());
  EXPECT_EQ((*gone)->email, "deleted-" + std::to_string(u) + "@deleted.invalid");
  EXPECT_EQ((*gone)->name, "Deleted account " + std::to_string(u));
  EXPECT_TRUE((*gone)->disabled);
  EXPECT_FALSE(run_task(stores_.accounts->find_user_by_email("gone@x.y"))->has_value());
  EXPECT_FALSE(run_task(stores_.accounts->find_session("su"))->has_value());
  EXPECT_TRUE(run_task(stores_.accounts->find_session("sv"))->has_value()) << "others keep theirs";
  EXPECT_EQ(run_task(stores_.accounts->redeem_password_reset("r1", "x", 200)).error().code, "reset_link_unknown");
  auto offer = run_task(stores_.tickets->find_ticket_offer("t1"));
  EXPECT_EQ((*offer)->state, OfferState::kCancelled);
  EXPECT_EQ((*offer)->to_email, "");
  EXPECT_TRUE(run_task(stores_.tickets->find_ticket("o-VIP-A-1"))->has_value()) << "the sale stays";
  EXPECT_TRUE(run_task(stores_.accounts->create_user({"gone@x.y", "Again", "h", Role::kUser})).ok())
      << "the address is free again";
}

TEST_F(StoreContract, CancellingATicketRecordsItsRefundInTheSameTransaction) {
  const auto e = event("e"), u = user("u@x.y");
  auto h = hold(e, u, "h", {"VIP-A-1"});
  auto p = payment(h, "p", "key", 11'00);
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(h, p, "o", {{0, "VIP-A-1"}}), "ch_1", {})).ok());
  RefundRecord r{"r1", "p", "ch_1", "o-VIP-A-1", 11'00, "ticket_cancelled", RefundState::kPending, 0, "", 1, 1, 1};
  ASSERT_TRUE(run_task(stores_.booking->cancel_ticket("o-VIP-A-1", r, {{"m", "ticket_cancelled", "k", "{}"}})).ok());
  EXPECT_EQ(run_task(stores_.tickets->find_ticket("o-VIP-A-1"))->value().status, TicketStatus::kCancelled);
  EXPECT_TRUE(run_task(stores_.booking->find_refund("r1"))->has_value());
  r.id = "r2";
  auto twice = run_task(stores_.booking->cancel_ticket("o-VIP-A-1", r, {}));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "not_cancellable");
  EXPECT_FALSE(run_task(stores_.booking->find_refund("r2"))->has_value()) << "no refund without a cancellation";
  EXPECT_TRUE(run_task(stores_.booking->sold_seats(e))->empty());
}

// Access codes: a batch and its codes are written together (a duplicate code writes nothing);
// a hold made with a code counts as one of its uses while it runs and once sold, checked in the
// hold's own transaction; a batch's allotment caps its seats; revoking is counted once.
TEST_F(StoreContract, AccessCodesAreUsedAsManyTimesAsTheyMayBe) {
  const auto e = event("e"), u = user("u@x.y");
  core::CodeBatch batch{"b1", e, core::CodeRules{.label = "Fans", .max_uses = 1, .tiers = {"vip"}, .allotment = 3}, u, 10};
  std::vector<core::AccessCode> codes{{"c1", "b1", e, "AAAA1111", 0}, {"c2", "b1", e, "BBBB2222", 0}};
  ASSERT_TRUE(run_task(stores_.codes->add_batch(batch, codes, {{"m1", "codes_created", "k", "{}"}})).ok());
  auto again = run_task(stores_.codes->add_batch(core::CodeBatch{"b2", e, {}, u, 11},
                                                 {{"c3", "b2", e, "CCCC3333", 0}, {"c4", "b2", e, "AAAA1111", 0}}, {}));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "code_taken");
  EXPECT_FALSE(run_task(stores_.codes->find_batch("b2"))->has_value()) << "nothing of a refused batch is written";
  EXPECT_EQ(run_task(stores_.codes->batches_of(e))->size(), 1u);
  EXPECT_EQ(run_task(stores_.codes->find_batch("b1"))->value(), batch);
  EXPECT_EQ(run_task(stores_.codes->find_by_text(e, "BBBB2222"))->value().id, "c2");

  HoldRecord coded{"h1", e, u, {"VIP-A-1", "VIP-A-2"}, HoldStatus::kActive, 0, 1000, 600'000};
  coded.code_id = "c1", coded.code_batch_id = "b1";
  ASSERT_TRUE(run_task(stores_.booking->insert_hold(coded, {})).ok());
  auto second = coded;
  second.id = "h2", second.seat_ids = {"VIP-A-3"};
  auto used = run_task(stores_.booking->insert_hold(second, {}));
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.error().code, "code_used_up");
  EXPECT_FALSE(run_task(stores_.booking->find_hold("h2"))->has_value());
  auto other = second;
  other.code_id = "c2", other.seat_ids = {"VIP-A-3", "VIP-A-4"};
  auto capped = run_task(stores_.booking->insert_hold(other, {}));
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().code, "code_allotment_reached");
  EXPECT_EQ(run_task(stores_.codes->usage_of("c1", "b1", 2000))->uses, 1);
  EXPECT_EQ(run_task(stores_.codes->usage_of("c1", "b1", 2000))->batch_seats, 2);
  EXPECT_EQ(run_task(stores_.codes->usage_of("c1", "b1", 600'000))->uses, 0) << "an expired hold is no use";

  ASSERT_TRUE(run_task(stores_.booking->end_hold("h1", HoldStatus::kReleased, {})).ok());
  ASSERT_TRUE(run_task(stores_.booking->insert_hold(second, {})).ok()) << "a released hold gives its use back";
  auto p = payment(second, "p1", "k1", 11'00);
  ASSERT_TRUE(run_task(stores_.booking->commit_order(order(second, p, "o1", {{2, "VIP-A-3"}}), "ch_1", {})).ok());
  auto listed = run_task(stores_.codes->codes_of(e, 2000)).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].code.id, "c1");
  EXPECT_EQ(listed[0].uses, 1);
  EXPECT_EQ(listed[0].seats_sold, 1);
  EXPECT_EQ(run_task(stores_.codes->usage_of("c1", "b1", 900'000))->uses, 1) << "a sold hold is a use for good";

  ASSERT_TRUE(run_task(stores_.codes->redeem(codes[1], u, 5)).ok());
  ASSERT_TRUE(run_task(stores_.codes->redeem(codes[0], u, 6)).ok()) << "a later code replaces the first";
  EXPECT_EQ(run_task(stores_.codes->redeemed(e, u))->value().id, "c1");
  EXPECT_FALSE(run_task(stores_.codes->redeemed(e, u + 1))->has_value());

  EXPECT_EQ(run_task(stores_.codes->revoke("c2", false, 7, {{"m2", "codes_revoked", "k", "{}"}})).value(), 1);
  EXPECT_EQ(run_task(stores_.codes->revoke("b1", true, 8, {{"m3", "codes_revoked", "k", "{}"}})).value(), 1);
  EXPECT_EQ(run_task(stores_.codes->revoke("b1", true, 9, {{"m4", "codes_revoked", "k", "{}"}})).value(), 0);
  EXPECT_EQ(run_task(stores_.codes->find_code("c1"))->value().revoked_at_ms, 8);
  EXPECT_EQ(outbox().size(), 3u) << "a revocation that revokes nothing writes no message";
  auto revoked = coded;
  revoked.id = "h3", revoked.code_id = "c2", revoked.seat_ids = {"VIP-A-5"};
  EXPECT_EQ(run_task(stores_.booking->insert_hold(revoked, {})).error().code, "code_revoked");
}

}  // namespace tw::store

namespace tw::store {

// Opening an event reads its sold seats; a plan that scans every ticket of the database made
// opening a big event slow. Guard the plan, not a timing.
TEST(SqliteQueryPlans, SoldSeatsReadOnlyTheEventsLiveTickets) {
  if (testing::on_postgres()) GTEST_SKIP() << "SQLite's query planner";
  const auto dir = testing::make_temp_dir();
  {
    WorkerPool pool(1);
    core::SystemClock clock;
    auto stores = open_sqlite(dir + "/t.db", pool, clock);
    ASSERT_TRUE(stores.ok());
    ASSERT_TRUE(run_task(stores->database->migrate()).ok());
  }
  sqlite::Connection c(dir + "/t.db");
  const std::string explain = std::string("EXPLAIN QUERY PLAN ") + sql::kSoldSeats;
  auto plan = c.prepare(explain.c_str());
  plan.bind(1, 1);
  std::string detail;
  while (plan.step()) detail += plan.text(3) + "\n";
  EXPECT_NE(detail.find("USING INDEX"), std::string::npos) << detail;
  std::filesystem::remove_all(dir);
}

}  // namespace tw::store
