#include "redis/redis_address.h"

#include <gtest/gtest.h>

namespace tw::redis {
namespace {

TEST(RedisAddress, UrlsNameHostPortDatabaseAndKeyPrefix) {
  auto ok = parse_redis_url("redis://10.0.0.5:6380/3?prefix=sale");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->host, "10.0.0.5");
  EXPECT_EQ(ok->port, 6380);
  EXPECT_EQ(ok->db, 3);
  EXPECT_EQ(ok->prefix, "sale:");
  EXPECT_EQ(ok->url(), "redis://10.0.0.5:6380/3?prefix=sale");
  auto plain = parse_redis_url("redis://cache");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->host, "cache");
  EXPECT_EQ(plain->port, 6379);
  EXPECT_EQ(plain->db, 0);
  EXPECT_EQ(plain->prefix, "tw:");
}

TEST(RedisAddress, BadUrlsAreRefusedWithAReason) {
  for (auto bad : {"http://x", "redis://x:0", "redis://x:99999", "redis://x:", "redis://x/16", "redis://x/a",
                   "redis://x?db=1", "redis://x?prefix="}) {
    auto parsed = parse_redis_url(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "invalid_redis_url");
    EXPECT_NE(parsed.error().message.find("Redis URL: "), std::string::npos);
  }
}

}  // namespace
}  // namespace tw::redis
