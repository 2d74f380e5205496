#include "core/mailbox.h"

#include <gtest/gtest.h>

namespace tw::core {
namespace {

TEST(Mailbox, PlusTagsReachTheSameMailbox) {
  EXPECT_EQ(mailbox_of("fan+1@example.org"), "fan@example.org");
  EXPECT_EQ(mailbox_of("fan+presale+2@example.org"), "fan@example.org");
  EXPECT_EQ(mailbox_of("fan@example.org"), "fan@example.org");
  EXPECT_EQ(mailbox_of("Fan+X@Example.ORG"), "fan@example.org");
}

TEST(Mailbox, DotsCountExceptAtGmail) {
  EXPECT_EQ(mailbox_of("f.a.n@example.org"), "f.a.n@example.org");
  EXPECT_EQ(mailbox_of("f.a.n+x@gmail.com"), "fan@gmail.com");
  EXPECT_EQ(mailbox_of("f.an@googlemail.com"), "fan@gmail.com");
}

TEST(Mailbox, ALeadingPlusIsTheName) {
  EXPECT_EQ(mailbox_of("+fan@example.org"), "+fan@example.org");
  EXPECT_EQ(mailbox_of("+fan+1@example.org"), "+fan@example.org");
}

TEST(Mailbox, DifferentPeopleStayApart) {
  EXPECT_NE(mailbox_of("fan@example.org"), mailbox_of("fan@example.com"));
  EXPECT_NE(mailbox_of("fan1@example.org"), mailbox_of("fan@example.org"));
}

}  // namespace
}  // namespace tw::core
