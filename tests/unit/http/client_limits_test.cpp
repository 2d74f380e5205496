#include "http/client_limits.h"

#include <gtest/gtest.h>

#include "core/token_buckets.h"

namespace tw::http {

TEST(AddressRange, MatchesItsPrefixInV4AndV6) {
  auto loopback = AddressRange::parse("127.0.0.0/8").value();
  EXPECT_TRUE(loopback.contains("127.1.2.3"));
  EXPECT_TRUE(loopback.contains("::ffff:127.0.0.1"));
  EXPECT_FALSE(loopback.contains("128.0.0.1"));
  EXPECT_FALSE(loopback.contains("not an address"));
  auto one = AddressRange::parse("10.1.2.3").value();
  EXPECT_TRUE(one.contains("10.1.2.3"));
  EXPECT_FALSE(one.contains("10.1.2.4"));
  auto v6 = AddressRange::parse("2001:db8::/32").value();
  EXPECT_TRUE(v6.contains("2001:db8:1::5"));
  EXPECT_FALSE(v6.contains("2001:db9::5"));
  EXPECT_TRUE(AddressRange::parse("0.0.0.0/0")->contains("8.8.8.8"));
  for (const char* bad : {"", "10.0.0.0/33", "::1/129", "10.0.0/8", "10.0.0.0/x", "10.0.0.0/-1"}) {
    EXPECT_FALSE(AddressRange::parse(bad).has_value()) << bad;
  }
  EXPECT_EQ(AddressRange::parse_list("127.0.0.1, ::1")->size(), 2u);
  EXPECT_FALSE(AddressRange::parse_list("127.0.0.1,nope").has_value());
}

TEST(ClientAddress, OnlyATrustedProxyMayNameTheClient) {
  const auto proxies = AddressRange::parse_list("10.0.0.0/8").value();
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9") << "not a proxy: header ignored";
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "", proxies), "10.0.0.2") << "no header: the proxy itself";
  // The client may send its own header; proxies append what they saw: read from the right.
  EXPECT_EQ(client_address("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.7", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "garbage, 198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1, garbage", proxies), "10.0.0.2") << "malformed hop: stop";
  EXPECT_EQ(client_address("10.0.0.2", "10.0.0.3", proxies), "10.0.0.3");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", {}), "10.0.0.2") << "no proxies trusted by default";
}

TEST(ConnectionsPerAddress, CountsUpToTheLimitPerAddress) {
  ConnectionsPerAddress c(2);
  EXPECT_TRUE(c.try_add("a"));
  EXPECT_TRUE(c.try_add("a"));
  EXPECT_FALSE(c.try_add("a"));
  EXPECT_TRUE(c.try_add("b"));
  c.remove("a");
  EXPECT_TRUE(c.try_add("a"));
  ConnectionsPerAddress unlimited(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(unlimited.try_add("a"));
}

}  // namespace tw::http

namespace tw::core {

TEST(TokenBuckets, BurstThenTheSustainedRate) {
  TokenBuckets b(10, 5);  // 10 a second, bursts of 5
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.take("k", 1000), 0);
  EXPECT_EQ(b.take("k", 1000), 100) << "the next token comes in 100 ms";
  EXPECT_EQ(b.take("other", 1000), 0) << "keys are independent";
  EXPECT_EQ(b.take("k", 1100), 0);
  EXPECT_GT(b.take("k", 1100), 0);
  EXPECT_EQ(b.take("k", 10'000), 0) << "refilled";
  TokenBuckets off(0, 0);
  EXPECT_EQ(off.take("k", 0), 0);
}

}  // namespace tw::core
