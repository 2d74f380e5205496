#include <gtest/gtest.h>

#include "auth/credentials.h"
#include "auth/password.h"
#include "auth/session_token.h"

namespace tw::auth {

TEST(Password, HashVerifiesOnlyTheRightPassword) {
  ASSERT_TRUE(init_crypto());
  auto h = hash_password("correct horse");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*h, "correct horse"));
  EXPECT_FALSE(verify_password(*h, "correct horsf"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse"));
  EXPECT_NE(*hash_password("correct horse"), *h) << "salted";
}

TEST(Password, RandomPasswordsAvoidLookAlikes) {
  ASSERT_TRUE(init_crypto());
  const auto p = random_password(200);
  EXPECT_EQ(p.size(), 200u);
  EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos);
  EXPECT_NE(random_password(20), random_password(20));
}

TEST(SessionToken, TokensAreRandomAndHashedStably) {
  ASSERT_TRUE(init_crypto());
  const auto a = new_session_token(), b = new_session_token();
  EXPECT_NE(a, b);
  EXPECT_TRUE(looks_like_token(a));
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_EQ(token_hash(a).size(), 64u);
  EXPECT_NE(csrf_token_for(a), csrf_token_for(b));
  EXPECT_FALSE(looks_like_token(a.substr(1)));
  EXPECT_FALSE(looks_like_token(std::string(43, '+')));
}

TEST(Credentials, EmailsAreNormalised) {
  EXPECT_EQ(*normalize_email("  Fan@Example.COM "), "fan@example.com");
  for (const char* bad : {"", "fan", "@example.com", "fan@", "fan@example", "fan@@example.com", "fa n@example.com",
                          "fan@.com", "fan@example."}) {
    EXPECT_FALSE(normalize_email(bad).ok()) << bad;
  }
  EXPECT_FALSE(normalize_email(std::string(250, 'a') + "@b.co").ok());
}

TEST(Credentials, PasswordsNeedLengthAndRarity) {
  EXPECT_TRUE(check_password("a long passphrase").ok());
  EXPECT_FALSE(check_password("short").ok());
  EXPECT_FALSE(check_password(std::string(257, 'x')).ok());
  EXPECT_FALSE(check_password("Password123").ok());
}

TEST(Credentials, NamesAreTrimmedAndBounded) {
  EXPECT_EQ(*normalize_name("  Ann "), "Ann");
  EXPECT_FALSE(normalize_name("   ").ok());
  EXPECT_FALSE(normalize_name(std::string(101, 'a')).ok());
  EXPECT_FALSE(normalize_name("bell\x07").ok());
}

}  // namespace tw::auth
