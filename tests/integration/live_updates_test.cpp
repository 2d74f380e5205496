// Live seat updates over server-sent events: a client at a version gets the seats that changed
// since, as soon as they change; an unknown version gets the whole map first.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;
using namespace std::chrono_literals;

class LiveUpdates : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<ServerProcess>(); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::uint64_t seats_version(const std::string& slug) {
    return http_get(port(), "/api/events/" + slug + "/seats").json().at("version").to_number<std::uint64_t>();
  }
  static std::string open_stream(RawConnection& c, const std::string& target) {
    EXPECT_TRUE(c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"));
    return c.read_until("retry: 2000", 3s);
  }
  static void hold(const TestUser& u, const std::string& slug, const std::string& seats) {
    auto h = bearer(u);
    h["Content-Type"] = "application/json";
    auto r = http_request(port(), "POST", "/api/events/" + slug + "/holds", "{\"seats\":" + seats + "}", h);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(LiveUpdates, StreamsTheSeatsAHoldTakes) {
  const std::string slug = "beyonce-renaissance";
  const auto since = seats_version(slug);
  RawConnection c(port());
  const auto head = open_stream(c, "/api/events/" + slug + "/live?since=" + std::to_string(since));
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos);

  auto buyer = sign_up(port(), "live");
  hold(buyer, slug, "[\"VIP-A-1\",\"VIP-A-2\"]");
  const auto got = c.read_until("\n\n", 2s);
  EXPECT_NE(got.find("event: delta"), std::string::npos) << got;
  EXPECT_NE(got.find("\"changes\":[[0,1],[1,1]]"), std::string::npos)
      << "seats 0 and 1 are now held: " << got;
  EXPECT_GT(seats_version(slug), since);
}

TEST_F(LiveUpdates, UnknownOrMissingVersionStartsWithTheWholeMap) {
  for (const std::string target :
       {"/api/events/ed-sheeran-mathematics/live", "/api/events/ed-sheeran-mathematics/live?since=12"}) {
    RawConnection c(port());
    const auto got = open_stream(c, target) + c.read_until("\n\n", 2s);
    EXPECT_NE(got.find("event: snapshot"), std::string::npos) << got;
    EXPECT_NE(got.find("\"encoding\":\"2bit-le-base64\""), std::string::npos) << got;
  }
}

TEST_F(LiveUpdates, BadRequestsAreRefusedBeforeStreaming) {
  auto unknown = http_get(port(), "/api/events/no-such-show/live");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("content-type"), "application/json");
  auto bad = http_get(port(), "/api/events/bts-yet-to-come/live?since=abc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("invalid_parameter"), std::string::npos);
}

TEST_F(LiveUpdates, HealthAnswersWhileFiftyStreamsAreOpen) {
  std::vector<std::unique_ptr<RawConnection>> watchers;
  for (int i = 0; i < 50; ++i) {
    watchers.push_back(std::make_unique<RawConnection>(port()));
    open_stream(*watchers.back(), "/api/events/bts-yet-to-come/live");
  }
  for (int i = 0; i < 20; ++i) EXPECT_EQ(http_get(port(), "/api/health").status, 200);
}

// Open streams never outlive a shutdown: they end within the poll interval, the process exits 0
// before its grace period runs out, and the client sees the stream's last chunk.
TEST(LiveUpdatesShutdown, OpenStreamsEndPromptlyOnSigterm) {
  ServerProcess server;
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("GET /api/events/bts-yet-to-come/live HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_NE(c.read_until("event: snapshot", 3s).find("event: snapshot"), std::string::npos);
  // A stream holding shutdown up would keep the process alive for the whole 4 s grace period.
  EXPECT_EQ(server.terminate(3s), 0);
  EXPECT_NE(c.read_until_close(1s).find("0\r\n\r\n"), std::string::npos) << "the chunked body was ended";
}

}  // namespace tw::testing
