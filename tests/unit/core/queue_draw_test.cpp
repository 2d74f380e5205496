// The waiting room's draw: committed before, reproducible after, and fair (every order equally
// likely, checked with chi-squared tests over many draws).
#include "core/queue_draw.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "core/waiting_room.h"

namespace tw::core {
namespace {

std::vector<std::string> ids(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("id-" + std::to_string(1000 + i));
  return out;
}

TEST(QueueDraw, TheCommitmentIsTheSha256OfTheSeed) {
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(draw_commitment(std::string(64, '0')), "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
  const auto seed = new_draw_seed();
  EXPECT_EQ(seed.size(), 64u);
  EXPECT_NE(seed, new_draw_seed());
  EXPECT_EQ(draw_commitment(seed).size(), 64u);
  EXPECT_EQ(draw_commitment("not hex"), "");
}

TEST(QueueDraw, TheSeedAndTheIdsGiveOneOrderWhateverOrderTheyCameIn) {
  const auto seed = new_draw_seed();
  auto shuffled_input = ids(50);
  std::reverse(shuffled_input.begin(), shuffled_input.end());
  const auto a = draw_order(seed, ids(50));
  EXPECT_EQ(a, draw_order(seed, shuffled_input));
  EXPECT_NE(a, ids(50)) << "shuffled";
  EXPECT_NE(a, draw_order(new_draw_seed(), ids(50))) << "another seed, another order";
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, ids(50)) << "the same people, each once";
}

// Pinned draws, computed by scripts/verify-queue-draw (Python's hashlib): the algorithm of
// queue_draw.h and the script anyone checks a draw with must agree, and must not drift.
TEST(QueueDraw, PinnedSeedsGiveThePinnedOrders) {
  EXPECT_EQ(draw_order(std::string(64, 'a'), {"e", "a", "b", "d", "c"}),
            (std::vector<std::string>{"c", "d", "b", "a", "e"}));
  EXPECT_EQ(draw_order(std::string(64, '0'), ids(10)),
            (std::vector<std::string>{"id-1001", "id-1007", "id-1003", "id-1006", "id-1009", "id-1004", "id-1002",
                                      "id-1000", "id-1005", "id-1008"}));
}

// Issue 32, item 7: the pre-queue's order is uniform. Every order of four is equally likely
// (chi-squared, 23 degrees of freedom, p = 0.001 critical value 49.73), and one fan's place among
// ten is uniform (9 degrees of freedom, 27.88).
TEST(QueueDraw, EveryOrderIsEquallyLikely) {
  std::map<std::vector<std::string>, int> orders;
  const int rounds = 24'000;
  for (int r = 0; r < rounds; ++r) ++orders[draw_order(new_draw_seed(), ids(4))];
  ASSERT_EQ(orders.size(), 24u);
  double chi2 = 0;
  const double expected = rounds / 24.0;
  for (const auto& [order, n] : orders) chi2 += (n - expected) * (n - expected) / expected;
  EXPECT_LT(chi2, 49.73) << "orders of four";

  std::vector<int> place(10, 0);
  for (int r = 0; r < 20'000; ++r) {
    const auto order = draw_order(new_draw_seed(), ids(10));
    ++place[static_cast<std::size_t>(std::find(order.begin(), order.end(), "id-1000") - order.begin())];
  }
  double chi2_place = 0;
  for (int n : place) chi2_place += (n - 2000.0) * (n - 2000.0) / 2000.0;
  EXPECT_LT(chi2_place, 27.88) << "one fan's place among ten";
}

TEST(AdmissionBudget, AdmitsAtItsRateWithinTwoPercent) {
  WaitingRoomSettings s;
  s.admit_per_minute = 600;
  AdmissionBudget budget;
  int admitted = 0;
  for (std::int64_t t = 1'000; t <= 1'000 + 10 * 60'000; t += 200) {
    const int n = budget.available(s, t);
    budget.spend(n);
    admitted += n;
  }
  EXPECT_NEAR(admitted, 6000, 120) << "ten minutes at 600 a minute";
}

TEST(AdmissionBudget, APauseBanksNoBurst) {
  WaitingRoomSettings s;
  s.admit_per_minute = 600;
  AdmissionBudget budget;
  budget.available(s, 1'000);
  EXPECT_LE(budget.available(s, 1'000 + 10 * 60'000), 20) << "at most two seconds' worth after ten idle minutes";
}

TEST(AdmissionBudget, TheOpeningStartsFromNothing) {
  WaitingRoomSettings s;
  s.admit_per_minute = 6'000;
  AdmissionBudget budget;
  for (std::int64_t t = 1'000; t <= 60'000; t += 250) budget.closed(t);
  EXPECT_EQ(budget.available(s, 60'250), 25) << "a quarter second's worth, no banked burst";
}

TEST(AdmissionBudget, TheDoormanNeverPassesMaxActiveNorAdmitsWhenNothingIsLeft) {
  EXPECT_EQ(admissions_due(50, 95, 1000, 100, true), 5);
  EXPECT_EQ(admissions_due(50, 100, 1000, 100, true), 0);
  EXPECT_EQ(admissions_due(50, 0, 3, 100, true), 3);
  EXPECT_EQ(admissions_due(50, 0, 1000, 100, false), 0) << "sold out";
  EXPECT_EQ(admissions_due(50, 120, 1000, 100, true), 0) << "never negative";
}

TEST(WaitingRoomSettings, OutOfRangeSettingsAreRefusedByName) {
  WaitingRoomSettings s;
  EXPECT_TRUE(validate_waiting_room(s).ok());
  s.admit_per_minute = 0;
  EXPECT_NE(validate_waiting_room(s).error().message.find("admitPerMinute"), std::string::npos);
  s = {};
  s.max_active = -1;
  EXPECT_NE(validate_waiting_room(s).error().message.find("maxActive"), std::string::npos);
  s = {};
  s.pass_minutes = 10'000;
  EXPECT_NE(validate_waiting_room(s).error().message.find("passMinutes"), std::string::npos);
}

}  // namespace
}  // namespace tw::core
