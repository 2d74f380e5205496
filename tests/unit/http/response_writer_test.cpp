#include "http/response_writer.h"

#include <gtest/gtest.h>

namespace tw::http {

TEST(ResponseWriter, WritesStatusHeadersAndBody) {
  auto res = Response::json(200, R"({"a":1})").with_header("ETag", "\"x\"");
  const auto bytes = serialize_response(res, {true, false, "rid-1", "Wed, 25 Nov 2026 12:00:00 GMT"});
  EXPECT_EQ(bytes,
            "HTTP/1.1 200 OK\r\nServer: TicketWar\r\nDate: Wed, 25 Nov 2026 12:00:00 GMT\r\n"
            "Content-Type: application/json\r\nX-Request-Id: rid-1\r\nX-Content-Type-Options: nosniff\r\n"
            "X-Frame-Options: DENY\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n"
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nETag: \"x\"\r\n"
            "Content-Length: 7\r\nConnection: keep-alive\r\n\r\n{\"a\":1}");
}

TEST(ResponseWriter, AnAnswerWithAPolicyOfItsOwnKeepsItAlone) {
  auto res = Response::json(200, "<html></html>").with_header("Content-Security-Policy", "default-src 'self'");
  const auto bytes = serialize_response(res, {true, false, "r", "d"});
  EXPECT_NE(bytes.find("Content-Security-Policy: default-src 'self'\r\n"), std::string::npos);
  EXPECT_EQ(bytes.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(bytes.find("X-Frame-Options: DENY\r\n"), std::string::npos);
}

TEST(ResponseWriter, HeadKeepsTheLengthButDropsTheBody) {
  const auto bytes = serialize_response(Response::json(200, "12345"), {false, true, "r", "d"});
  EXPECT_NE(bytes.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_NE(bytes.find("Connection: close\r\n\r\n"), std::string::npos);
  EXPECT_EQ(bytes.substr(bytes.size() - 4), "\r\n\r\n");
}

TEST(ResponseWriter, NotModifiedHasNoBodyOrLength) {
  const auto bytes = serialize_response(Response::not_modified("\"e\""), {true, false, "r", "d"});
  EXPECT_EQ(bytes.find("Content-Length"), std::string::npos);
  EXPECT_NE(bytes.find("HTTP/1.1 304 Not Modified\r\n"), std::string::npos);
  EXPECT_NE(bytes.find("ETag: \"e\""), std::string::npos);
}

TEST(ResponseWriter, KnowsTheReasonPhrases) {
  EXPECT_EQ(reason_phrase(413), "Payload Too Large");
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(599), "Unknown");
}

}  // namespace tw::http

namespace tw::http {
namespace {

TEST(ResponseWriter, ChunkedHeadersAnnounceNoLength) {
  const auto bytes = serialize_response(Response::json(200, "ignored"), {true, false, "r", "d", true});
  EXPECT_NE(bytes.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_EQ(bytes.find("Content-Length"), std::string::npos);
  EXPECT_EQ(bytes.find("ignored"), std::string::npos);
}

TEST(ResponseWriter, ChunksCarryTheirHexLengthAndAnEmptyOneEnds) {
  EXPECT_EQ(chunk("hello"), "5\r\nhello\r\n");
  EXPECT_EQ(chunk(std::string(26, 'x')).substr(0, 4), "1a\r\n");
  EXPECT_EQ(chunk({}), "0\r\n\r\n");
}

}  // namespace
}  // namespace tw::http
