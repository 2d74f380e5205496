// Hostile and broken clients: each gets its error or is cut off, and the server keeps serving.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;

class ServerLimits : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--request-timeout-ms", "1000", "--max-connections", "20", "--seed", "false"});
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static void expect_still_serving() { EXPECT_EQ(http_get(port(), "/api/health").status, 200); }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(ServerLimits, TenMegabyteBodyGets413) {
  RawConnection c(port());
  c.send("POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n");
  c.send(std::string(64 * 1024, 'x'));
  const auto answer = c.read_until("}}", 5s);
  EXPECT_NE(answer.find("HTTP/1.1 413"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"code\":\"payload_too_large\""), std::string::npos) << answer;
  expect_still_serving();
}

TEST_F(ServerLimits, HugeHeadersGet431) {
  RawConnection c(port());
  c.send("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
  const auto answer = c.read_until("}}", 5s);
  EXPECT_NE(answer.find("HTTP/1.1 431"), std::string::npos) << answer.substr(0, 200);
  expect_still_serving();
}

TEST_F(ServerLimits, GarbageGets400) {
  RawConnection c(port());
  c.send("HELLO THERE\r\n\r\n");
  const auto answer = c.read_until("}}", 5s);
  EXPECT_NE(answer.find("HTTP/1.1 400"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"code\":\"bad_request\""), std::string::npos);
  expect_still_serving();
}

TEST_F(ServerLimits, SlowHeaderClientIsCutOffWhileOthersAreServed) {
  RawConnection slow(port());
  const std::string request = "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: yes\r\n\r\n";
  bool cut_off = false;
  const auto started = std::chrono::steady_clock::now();
  for (char ch : request) {
    if (!slow.send(std::string(1, ch)) || slow.closed_within(250ms)) {
      cut_off = true;
      break;
    }
    expect_still_serving();
  }
  EXPECT_TRUE(cut_off) << "a client sending 4 bytes a second was never cut off";
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  expect_still_serving();
}

TEST_F(ServerLimits, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(port());
  c.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/ready HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto answer = c.read_until("ready", 5s);
  EXPECT_NE(answer.find("{\"status\":\"ok\"}"), std::string::npos);
  EXPECT_NE(answer.find("{\"status\":\"ready\"}"), std::string::npos);
}

TEST_F(ServerLimits, ConnectionsBeyondTheLimitGet503) {
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 20; ++i) held.push_back(std::make_unique<RawConnection>(port()));
  std::this_thread::sleep_for(200ms);  // let the server accept them all
  RawConnection extra(port());
  const auto answer = extra.read_until("}}", 5s);
  EXPECT_NE(answer.find("HTTP/1.1 503"), std::string::npos) << answer;
  EXPECT_NE(answer.find("server_busy"), std::string::npos);
  held.clear();
  std::this_thread::sleep_for(200ms);
  expect_still_serving();
}

TEST_F(ServerLimits, AccessLogIsOneJsonLinePerRequest) {
  http_get(port(), "/api/events?limit=1", {{"X-Request-Id", "log-check-1"}});
  std::string log;
  for (int i = 0; i < 40 && log.find("log-check-1") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);  // the log is flushed every second
    log = server_->stdout_text();
  }
  const auto at = log.find("log-check-1");
  ASSERT_NE(at, std::string::npos) << log;
  const auto begin = log.rfind('\n', at) + 1;
  const std::string line = log.substr(begin, log.find('\n', at) - begin);
  for (const char* field : {"\"method\":\"GET\"", "\"path\":\"/api/events\"", "\"status\":200", "\"us\":", "\"time\":"}) {
    EXPECT_NE(line.find(field), std::string::npos) << line;
  }
}

}  // namespace tw::testing
