// Webhook rules with no I/O: the signature, where deliveries may go, when they are retried.
#include <gtest/gtest.h>

#include <sodium.h>

#include "webhooks/address_policy.h"
#include "webhooks/signature.h"
#include "webhooks/webhook_sender.h"

namespace tw::webhooks {
namespace {

TEST(WebhookSignature, IsTheHexHmacSha256OfTheTimeAndTheBody) {
  ASSERT_GE(sodium_init(), 0);
  // HMAC-SHA256("key", "1700000000.{}"), computed independently with
  // `printf '1700000000.{}' | openssl dgst -sha256 -hmac key`.
  EXPECT_EQ(sign("key", 1'700'000'000, "{}"), "9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
}

TEST(WebhookSignature, TheHeaderCarriesTheTimeAndTheSignature) {
  const auto h = signature_header("secret", 42, "body");
  EXPECT_EQ(h, "t=42,v1=" + sign("secret", 42, "body"));
  EXPECT_NE(sign("secret", 43, "body"), sign("secret", 42, "body")) << "the time is signed too";
}

TEST(AddressPolicy, OnlyPublicAddressesArePublic) {
  for (const char* ip : {"127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                         "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1",
                         "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not an address"}) {
    EXPECT_FALSE(is_public_address(ip)) << ip;
  }
  for (const char* ip : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::6810:84e5", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(is_public_address(ip)) << ip;
  }
}

// Issue 30, item 10: IPv6 forms that carry a private IPv4 address reach it.
TEST(AddressPolicy, AnIpv6FormOfAPrivateIpv4AddressIsPrivate) {
  for (const char* ip : {"2002:7f00:1::", "2002:a00:1::1", "64:ff9b::10.0.0.1", "64:ff9b::7f00:1", "::ffff:192.168.0.1",
                         "64:ff9b:1::8.8.8.8", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "fec0::1", "100::1", "::10.0.0.1",
                         "::8.8.8.8"}) {
    EXPECT_FALSE(is_public_address(ip)) << ip;
  }
  for (const char* ip : {"2002:808:808::1", "64:ff9b::8.8.8.8", "::ffff:93.184.216.34", "2a00:1450:4001:81c::200e"}) {
    EXPECT_TRUE(is_public_address(ip)) << ip;
  }
}

TEST(AddressPolicy, WebhookUrlsAreHttpWithAHostAndNoCredentials) {
  EXPECT_TRUE(check_webhook_url("https://hooks.example.test/tw?x=1").ok());
  EXPECT_TRUE(check_webhook_url("http://[2606:4700::1]:8080/x").ok());
  EXPECT_EQ(host_of("http://[2606:4700::1]:8080/x"), "2606:4700::1");
  EXPECT_EQ(host_of("https://hooks.example.test:8443/x"), "hooks.example.test");
  for (const char* bad : {"ftp://x/y", "https://", "https://u:p@host/x", "https://host/a b", "hooks.example.test"}) {
    EXPECT_EQ(check_webhook_url(bad).error().code, "invalid_webhook_url") << bad;
  }
}

TEST(WebhookRetries, DoubleFromTheFirstWaitAndStopAfterADay) {
  WebhookSenderOptions o;
  core::DeliveryRecord d;
  d.created_at_ms = 0;
  d.attempts = 1;
  EXPECT_EQ(next_attempt_ms(d, 1'000, o), 1'000 + 10'000);
  d.attempts = 3;
  EXPECT_EQ(next_attempt_ms(d, 1'000, o), 1'000 + 40'000);
  d.attempts = 30;
  EXPECT_EQ(next_attempt_ms(d, 1'000, o), 1'000 + 3'600'000) << "at most an hour apart";
  EXPECT_FALSE(next_attempt_ms(d, 86'000'000, o)) << "the next try would fall after the day: failed";
}

}  // namespace
}  // namespace tw::webhooks
