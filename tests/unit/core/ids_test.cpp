// Hold, order and ticket ids: time-ordered version-7 UUIDs, their random part from a per-thread
// ChaCha20 stream keyed by the OS.
#include "core/ids.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace tw::core {

// xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx, lower-case hex.
bool canonical_v7(const std::string& id) {
  if (id.size() != 36 || id[14] != '7' || std::string("89ab").find(id[19]) == std::string::npos) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (id[i] == '-')) return false;
    if (!dash && std::string("0123456789abcdef").find(id[i]) == std::string::npos) return false;
  }
  return true;
}

TEST(Ids, AreVersionSevenUuidsInCanonicalForm) {
  for (int i = 0; i < 1000; ++i) {
    const auto id = new_uuid();
    EXPECT_TRUE(canonical_v7(id)) << id;
  }
  EXPECT_FALSE(canonical_v7("not-a-uuid"));
}

// The database appends them at the end of its indexes: a later id sorts after an earlier one.
TEST(Ids, SortInTheOrderTheyWereMade) {
  const auto first = new_uuid();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const auto second = new_uuid();
  EXPECT_LT(first, second);
}

TEST(Ids, NeverRepeatWithinOrAcrossThreads) {
  constexpr int kThreads = 4, kEach = 50'000;
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&made, t] {
      for (int i = 0; i < kEach; ++i) made[t].push_back(new_uuid());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : made) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
}

}  // namespace tw::core
