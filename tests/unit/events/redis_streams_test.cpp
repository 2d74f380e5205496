#include "events/redis_streams.h"

#include "events/event_codec.h"

#include <gtest/gtest.h>

namespace tw::events {
namespace {

using Reply = redis::RedisReply;
using Kind = Reply::Kind;

Reply text(std::string s) {
  return Reply{Kind::kString, 0, std::move(s), {}};
}
Reply list(std::vector<Reply> elements) {
  return Reply{Kind::kArray, 0, {}, std::move(elements)};
}
Reply nil() {
  return Reply{};
}

Reply entry(const LoggedEvent& e) {
  std::vector<Reply> fields;
  for (auto& f : entry_fields(e)) fields.push_back(text(f));
  return list({text(entry_id(e.sequence)), list(std::move(fields))});
}

const LoggedEvent kSold{42, "6f1c", "ticket_sold", "3-VIP-A-1", R"({"v":1})", 1'700'000'000'123};

TEST(RedisStreams, EntryIdsAreTheOutboxSequences) {
  EXPECT_EQ(entry_id(42), "42-0");
  EXPECT_EQ(entry_sequence("42-0"), 42);
  for (const char* id : {"42-1", "0-0", "-3-0", "42", "x-0", "42-0x"}) EXPECT_FALSE(entry_sequence(id)) << id;
  EXPECT_EQ(stream_key("tw:", "ticket_sold"), "tw:events:ticket_sold");
  EXPECT_EQ(stream_keys("p:").size(), event_type_names().size()) << "one stream per type";
}

TEST(RedisStreams, AnEntryReadsBackAsTheEventCopied) {
  const auto reply = list({list({text("tw:events:ticket_sold"), list({entry(kSold)})})});
  const auto got = read_entries(reply).value();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].stream, "tw:events:ticket_sold");
  EXPECT_EQ(got[0].id, "42-0");
  EXPECT_EQ(got[0].sequence, 42);
  ASSERT_TRUE(got[0].event);
  EXPECT_EQ(got[0].event->id, kSold.id);
  EXPECT_EQ(got[0].event->type, kSold.type);
  EXPECT_EQ(got[0].event->key, kSold.key);
  EXPECT_EQ(got[0].event->payload, kSold.payload);
  EXPECT_EQ(got[0].event->created_at_ms, kSold.created_at_ms);
}

TEST(RedisStreams, NothingNewAndTrimmedEntriesAreToldApart) {
  EXPECT_TRUE(read_entries(nil()).value().empty());
  const auto trimmed = list({list({text("s"), list({list({text("7-0"), nil()})})})});
  const auto got = read_entries(trimmed).value();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].sequence, 7);
  EXPECT_FALSE(got[0].event) << "pending, but its data is gone: only to acknowledge";
}

TEST(RedisStreams, ClaimedEntriesIncludeTheDeletedOnes) {
  const auto reply = list({text("0-0"), list({entry(kSold), nil()}), list({text("40-0")})});
  const auto got = claimed_entries("s", reply).value();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].sequence, 42);
  EXPECT_TRUE(got[0].event);
  EXPECT_EQ(got[1].sequence, 40);
  EXPECT_FALSE(got[1].event);
}

TEST(RedisStreams, AnswersOfTheWrongShapeAreErrors) {
  EXPECT_FALSE(read_entries(text("OK")).ok());
  EXPECT_FALSE(read_entries(list({text("s")})).ok());
  EXPECT_FALSE(read_entries(list({list({text("s"), list({list({text("not-an-id"), nil()})})})})).ok());
  EXPECT_FALSE(claimed_entries("s", list({text("0-0")})).ok());
}

}  // namespace
}  // namespace tw::events
