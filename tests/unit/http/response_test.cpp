#include "http/response.h"

#include <gtest/gtest.h>

#include "http/request_id.h"

namespace tw::http {

TEST(Response, ErrorsHaveTheOneJsonShape) {
  auto r = Response::error(400, "bad_request", "Say \"please\"\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"error":{"code":"bad_request","message":"Say \"please\"\n"}})");
}

TEST(Response, JsonQuoteEscapesControlCharacters) {
  EXPECT_EQ(json_quote(std::string("a\x01" "b\\", 4)), R"("a\u0001b\\")");
}

TEST(RequestId, KeepsPlainCallerIdsOnly) {
  EXPECT_TRUE(is_acceptable_request_id("abc-123_x.y"));
  EXPECT_FALSE(is_acceptable_request_id(""));
  EXPECT_FALSE(is_acceptable_request_id("has space"));
  EXPECT_FALSE(is_acceptable_request_id("inject\"quote"));
  EXPECT_FALSE(is_acceptable_request_id(std::string(65, 'a')));
}

TEST(RequestId, GeneratedIdsAreUniqueAndAcceptable) {
  const auto a = next_request_id(), b = next_request_id();
  EXPECT_NE(a, b);
  EXPECT_TRUE(is_acceptable_request_id(a));
}

}  // namespace tw::http
