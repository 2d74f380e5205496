// SqliteStore against a real database file.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/run_task.h"
#include "async/worker_pool.h"
#include "core/venue_layouts.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_queries.h"
#include "support/server_process.h"

namespace tw::store {
using app::run_task;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::make_temp_dir();
    auto s = SqliteStore::open(dir_ + "/t.db", pool_);
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    ASSERT_TRUE(run_task(store_->migrate()).ok());
  }
  void TearDown() override {
    store_.reset();
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
  WorkerPool pool_{2};
  std::string dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, MigratingTwiceChangesNothing) {
  EXPECT_TRUE(run_task(store_->migrate()).ok());
  EXPECT_TRUE(run_task(store_->ping()).ok());
}

TEST_F(SqliteStoreTest, CreatesEventsWithTheirSeats) {
  auto e = run_task(store_->create_event(draft("a", "2027-01-01T10:00:00Z"), core::stadium_layout()));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->total_seats, 765);
  auto found = run_task(store_->find_event("a"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->event.id, e->id);
  EXPECT_EQ((*found)->price_from, 75'00);
  EXPECT_EQ((*found)->sold_seats, 0);
  auto layout = run_task(store_->find_layout(e->layout_id));
  ASSERT_TRUE(layout.ok() && layout->has_value());
  EXPECT_EQ(**layout, core::stadium_layout());
  EXPECT_FALSE(run_task(store_->find_event("b"))->has_value());
}

TEST_F(SqliteStoreTest, DuplicateSlugIsAConflictAndLeavesNothingBehind) {
  ASSERT_TRUE(run_task(store_->create_event(draft("a", "2027-01-01T10:00:00Z"), core::stadium_layout())).ok());
  auto again = run_task(store_->create_event(draft("a", "2027-02-01T10:00:00Z"), core::stadium_layout()));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(again.error().code, "slug_taken");
  EXPECT_EQ(*run_task(store_->count_events()), 1);
}

TEST_F(SqliteStoreTest, ListsWithFiltersAndCursor) {
  for (int i = 0; i < 5; ++i) {
    auto d = draft("e" + std::to_string(i), ("2027-01-0" + std::to_string(i + 1) + "T10:00:00Z").c_str());
    d.active = i != 2;
    ASSERT_TRUE(run_task(store_->create_event(d, core::stadium_layout())).ok());
  }
  EventQuery q;
  q.limit = 2;
  auto p1 = run_task(store_->list_events(q));
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->events.size(), 2u);
  ASSERT_TRUE(p1->next.has_value());
  q.after = p1->next;
  auto p2 = run_task(store_->list_events(q));
  ASSERT_EQ(p2->events.size(), 2u);
  EXPECT_EQ(p2->events[0].event.slug, "e3");  // e2 is inactive
  EXPECT_EQ(p2->events[1].event.slug, "e4");
  EXPECT_FALSE(p2->next.has_value());

  EventQuery all;
  all.include_inactive = true;
  all.from_date = "2027-01-02";
  all.to_date = "2027-01-03";
  auto r = run_task(store_->list_events(all));
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[1].event.slug, "e2");
}

TEST_F(SqliteStoreTest, UsersHaveUniqueEmails) {
  auto u = run_task(store_->create_user({"a@b.c", "A", "hash", Role::kAdmin}));
  ASSERT_TRUE(u.ok());
  EXPECT_GT(u->id, 0);
  auto dup = run_task(store_->create_user({"a@b.c", "A2", "hash", Role::kUser}));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "email_taken");
  EXPECT_EQ(*run_task(store_->count_admins()), 1);
  auto found = run_task(store_->find_user_by_email("a@b.c"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->role, Role::kAdmin);
}

}  // namespace tw::store

namespace tw::store {

// The hold path counts a buyer's tickets for an event on every first hold; a plan that scans
// the event's tickets made the flash sale ten times slower. Guard the plan, not a timing.
TEST_F(SqliteStoreTest, TicketLimitCountUsesTheBuyerAndEventIndex) {
  sqlite::Connection c(dir_ + "/t.db");
  const std::string explain = std::string("EXPLAIN QUERY PLAN ") + sql::kLiveTicketsOf;
  auto plan = c.prepare(explain.c_str());
  plan.bind(1, 1).bind(2, 1);
  std::string detail;
  while (plan.step()) detail += plan.text(3) + "\n";
  EXPECT_NE(detail.find("tickets_by_user_and_event"), std::string::npos) << detail;
}

}  // namespace tw::store
