// Start-up, configuration errors, restarts and graceful shutdown of the real binary.
#include <gtest/gtest.h>
#include <boost/json.hpp>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
using namespace std::chrono_literals;

TEST(Lifecycle, SigtermUnderLoadFinishesInFlightRequestsAndExitsZero) {
  ServerProcess server;
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, broken{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      while (!stop) {
        try {
          auto r = http_get(server.port(), "/api/events/imagine-dragons-loom-arena/seatmap");
          // A complete answer must be a whole, parseable seat map.
          if (r.status == 200 && r.json().at("seatCount").as_int64() > 20000) {
            ++ok;
          } else {
            ++broken;
          }
        } catch (const std::exception&) {
          // Refused or closed before a request was read: expected once the listener closes.
          if (stop) break;
          std::this_thread::sleep_for(1ms);
        }
      }
    });
  }
  while (ok < 20) std::this_thread::sleep_for(5ms);
  const auto started = std::chrono::steady_clock::now();
  const int code = server.terminate(5s);
  const auto took = std::chrono::steady_clock::now() - started;
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(code, 0);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(broken, 0);
}

TEST(Lifecycle, IdleKeepAliveConnectionsDoNotDelayShutdown) {
  ServerProcess server;
  RawConnection idle(server.port());
  idle.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
  idle.read_until("}", 2s);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.terminate(5s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(Lifecycle, RestartKeepsDataAndDoesNotReseed) {
  std::string dir;
  {
    ServerProcess first;
    dir = first.data_dir();
    EXPECT_NE(first.stderr_text().find("Admin account created"), std::string::npos);
    setenv("TW_KEEP_TEST_DATA", "1", 1);
  }
  unsetenv("TW_KEEP_TEST_DATA");
  ServerProcess second({"--data-dir", dir});
  EXPECT_EQ(second.stderr_text().find("Admin account created"), std::string::npos) << second.stderr_text();
  EXPECT_EQ(second.stderr_text().find("seeded"), std::string::npos);
  auto r = http_get(second.port(), "/api/events");
  EXPECT_EQ(r.json().at("events").as_array().size(), 7u);
  std::filesystem::remove_all(dir);
}

TEST(Lifecycle, DevModeUsesTheDocumentedAdminPassword) {
  ServerProcess server({"--dev"});
  EXPECT_NE(server.stderr_text().find("ticketwar-dev-admin"), std::string::npos);
}

TEST(Lifecycle, ConfigErrorsExitNonZeroWithOneLine) {
  auto bad_port = run_binary({"--port", "70000"});
  EXPECT_EQ(bad_port.exit_code, 2);
  EXPECT_EQ(bad_port.err, "ticketwar: --port: '70000' is not a whole number from 0 to 65535\n");

  auto bad_dir = run_binary({"serve", "--data-dir", "/dev/null/sub", "--port", "0"});
  EXPECT_NE(bad_dir.exit_code, 0);
  EXPECT_NE(bad_dir.err.find("data dir"), std::string::npos) << bad_dir.err;
  EXPECT_EQ(std::count(bad_dir.err.begin(), bad_dir.err.end(), '\n'), 1) << bad_dir.err;
}

// Issue 31, item 3: a command's missing or bad arguments are a configuration error too (2, as the
// README says), in every command; a failure while running stays 1.
TEST(Lifecycle, ACommandsBadArgumentsExitTwoWithItsUsage) {
  const auto dir = make_temp_dir();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"admin", "--data-dir", dir}, {"admin", "fly", "--data-dir", dir}, {"bench-users", "x", "--data-dir", dir},
           {"bench-users", "0", "--data-dir", dir}, {"events", "--data-dir", dir}, {"events", "replay", "--data-dir", dir}}) {
    auto r = run_binary(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_NE(r.err.find("usage: ticketwar"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(Lifecycle, AddressInUseIsReported) {
  ServerProcess server;
  const auto dir = make_temp_dir();
  auto second = run_binary({"serve", "--data-dir", dir, "--port", std::to_string(server.port()), "--seed", "false"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

TEST(Lifecycle, SubcommandsWork) {
  auto version = run_binary({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("ticketwar ", 0), 0u);
  auto help = run_binary({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("TICKETWAR_DATA_DIR"), std::string::npos);

  const auto dir = make_temp_dir();
  auto migrate = run_binary({"migrate", "--data-dir", dir});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  auto seed = run_binary({"seed", "--data-dir", dir});
  EXPECT_EQ(seed.exit_code, 0) << seed.err;
  EXPECT_NE(seed.err.find("seeded 7 demo events"), std::string::npos) << seed.err;
  auto again = run_binary({"seed", "--data-dir", dir});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.err.find("seeded"), std::string::npos) << "seeding twice must add nothing";
}

// Issue 35: application log lines carry time, level and message, and --log-level chooses the
// lowest level written; the "listening" line scripts wait for is written at every level.
TEST(Lifecycle, LogLinesHaveTimeAndLevelAndTheLevelIsChosen) {
  {
    ServerProcess chatty({"--log-level", "debug"});
    const auto out = chatty.stdout_text();
    const auto at = out.find("\"msg\":\"configuration\"");
    ASSERT_NE(at, std::string::npos) << out;
    const auto line = out.substr(out.rfind('\n', at) + 1, out.find('\n', at) - out.rfind('\n', at) - 1);
    auto parsed = boost::json::parse(line).as_object();
    EXPECT_EQ(parsed.at("level").as_string(), "debug");
    EXPECT_EQ(parsed.at("time").as_string().size(), std::string("2026-11-25T11:46:40.123Z").size()) << line;
    EXPECT_EQ(parsed.at("time").as_string().back(), 'Z');
  }
  {
    ServerProcess quiet({"--log-level", "error"});
    EXPECT_NE(quiet.stdout_text().find("\"msg\":\"listening\""), std::string::npos);
    EXPECT_EQ(quiet.stdout_text().find("\"msg\":\"configuration\""), std::string::npos);
  }
  ServerProcess usual;
  EXPECT_EQ(usual.stdout_text().find("\"msg\":\"configuration\""), std::string::npos) << "debug lines are off by default";
  auto bad = run_binary({"serve", "--log-level", "loud"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("debug, info, warning or error"), std::string::npos) << bad.err;
}

}  // namespace tw::testing
