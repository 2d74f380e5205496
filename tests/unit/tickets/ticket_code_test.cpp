#include "tickets/ticket_code.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace tw::tickets {
namespace {

const TicketClaim kClaim{"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", 42, 317, 1'795'617'994'732};

class TicketCode : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(TicketCode, SignedCodeVerifiesBackToTheSameClaim) {
  const auto key = generate_signing_key(7);
  const VerifyKey keys[] = {{7, key.public_key}};
  auto code = sign_ticket_code(kClaim, key);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->rfind("TW1.", 0), 0u);
  EXPECT_LT(code->size(), 160u) << "short enough for a small QR code";
  auto claim = verify_ticket_code(*code, keys);
  ASSERT_TRUE(claim) << claim.error().message;
  EXPECT_EQ(*claim, kClaim);
}

TEST_F(TicketCode, EveryChangedCharacterIsRefused) {
  const auto key = generate_signing_key(1);
  const VerifyKey keys[] = {{1, key.public_key}};
  const auto code = *sign_ticket_code(kClaim, key);
  for (std::size_t i = 4; i < code.size(); ++i) {
    auto tampered = code;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_ticket_code(tampered, keys)) << "position " << i;
  }
}

TEST_F(TicketCode, AnotherKeyOrAnUnknownKeyIdIsRefused) {
  const auto key = generate_signing_key(1);
  const auto impostor = generate_signing_key(1);
  const auto code = *sign_ticket_code(kClaim, key);
  const VerifyKey wrong[] = {{1, impostor.public_key}};
  EXPECT_EQ(verify_ticket_code(code, wrong).error().code, "bad_signature");
  const VerifyKey other_id[] = {{2, key.public_key}};
  EXPECT_EQ(verify_ticket_code(code, other_id).error().code, "unknown_key");
}

TEST_F(TicketCode, RotatedKeysStillVerifyOldCodes) {
  const auto old_key = generate_signing_key(1);
  const auto new_key = generate_signing_key(2);
  const VerifyKey keys[] = {{1, old_key.public_key}, {2, new_key.public_key}};
  EXPECT_TRUE(verify_ticket_code(*sign_ticket_code(kClaim, old_key), keys));
  EXPECT_TRUE(verify_ticket_code(*sign_ticket_code(kClaim, new_key), keys));
}

TEST_F(TicketCode, MalformedInputIsRefusedNotCrashed) {
  const auto key = generate_signing_key(1);
  const VerifyKey keys[] = {{1, key.public_key}};
  for (const char* text :
       {"", "TW1.", "TW1.!!!", "TW2.AAAA", "hello", "TW1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    auto r = verify_ticket_code(text, keys);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, "malformed") << text;
  }
  EXPECT_FALSE(sign_ticket_code({"not-a-uuid", 1, 1, 1}, key));
}

}  // namespace
}  // namespace tw::tickets
