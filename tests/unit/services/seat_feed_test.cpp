#include "services/seat_feed.h"

#include <gtest/gtest.h>

#include "unit/services/sale_fixture.h"

namespace tw::services {
namespace {

using inventory::SeatState;
constexpr auto A = SeatState::kAvailable;
constexpr auto H = SeatState::kHeld;
constexpr auto S = SeatState::kSold;

TEST(DiffSeats, ListsOnlyChangedSeatsInOrderWithTheirNewState) {
  const std::vector<SeatState> before{A, A, H, S, A};
  const std::vector<SeatState> after{H, A, A, S, S};
  const std::vector<SeatChange> expected{{0, H}, {2, A}, {4, S}};
  EXPECT_EQ(diff_seats(before, after), expected);
}

TEST(DiffSeats, NothingChangedIsEmpty) {
  const std::vector<SeatState> same{A, H, S};
  EXPECT_TRUE(diff_seats(same, same).empty());
}

// Issue 14: the versions kept for catching up are bounded in bytes as well as in number, so a
// 100,000-seat event does not keep 512 copies of its seats (51 MB) during a sale.
class SeatFeedMemory : public SaleFixture {};

TEST_F(SeatFeedMemory, KeepsNoMorePastVersionsThanItsByteBudget) {
  SeatFeedOptions options;
  options.batch = std::chrono::milliseconds(0);
  options.max_kept_bytes = 3 * 40;  // three versions of the 40-seat club
  SeatFeed feed(catalog_, *seats_, clock_, options);
  const auto fan = buyer("watcher");
  std::vector<std::uint64_t> versions;
  for (int i = 1; i <= 5; ++i) {
    versions.push_back(run_task(feed.current("club"))->version);
    hold(fan, {"A-A-" + std::to_string(i)});
  }
  auto oldest = run_task(feed.since("club", versions[0]));
  ASSERT_TRUE(oldest.ok());
  EXPECT_TRUE(oldest->resync) << "the oldest version was let go: a snapshot instead";
  auto recent = run_task(feed.since("club", versions[4]));
  ASSERT_TRUE(recent.ok());
  EXPECT_FALSE(recent->resync);
  ASSERT_EQ(recent->changes.size(), 1u);
  EXPECT_EQ(recent->changes[0].seat, 4);
}

// A fan watching the seats when the organiser replaces the layout: the old version's seats are
// another venue's, so a list of changes against them would be wrong. The fan is sent all of them.
TEST_F(SeatFeedMemory, AFanWatchingBeforeALayoutChangeIsSentAllTheNewSeats) {
  SeatFeedOptions options;
  options.batch = std::chrono::milliseconds(0);
  SeatFeed feed(catalog_, *seats_, clock_, options);
  const auto before = run_task(feed.current("club"))->version;
  core::Layout bigger{"Club", {}, {{"A", "Floor", "ga", 4, 10, 50'00, {0, 0, 0}}, {"B", "Balcony", "bal", 2, 10, 30'00, {0, 4, 0}}}};
  ASSERT_TRUE(run_task(seats_->update_event(event_id_, testing::event_draft("club", "Club", 6), 0, bigger)).ok());
  auto after = run_task(feed.since("club", before));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->resync);
  EXPECT_EQ(after->seats->size(), 60u);
}

}  // namespace
}  // namespace tw::services
