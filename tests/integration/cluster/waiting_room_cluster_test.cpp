// Issue 32, item 6: the waiting room in cluster mode. Three servers behind nginx share one line
// in Redis: a fan gets one place whichever server they reach, the pre-queue is drawn once in the
// published order, later fans line up by arrival across servers, and the doorman lets fans in
// at the room's rate while each server in turn is killed (SIGKILL) and started again. A pass
// works on every server, for its own fan only.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "support/api_client.h"
#include "support/flash_sale.h"
#include "support/http_client.h"
#include "support/local_cluster.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kEarly = 400;          // in the pre-queue
constexpr int kLate = 40;            // join after the opening, one after another
constexpr int kPerMinute = 1'200;    // the room's rate: 20 a second

std::string iso_in(std::chrono::seconds from_now) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::map<std::string, std::string> fan(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// The least-squares slope of admissions over time, in admissions a minute, over the samples
// taken while the line was draining (after the first admission, before the last).
double measured_rate(const std::vector<std::pair<double, int>>& samples, int total) {
  std::vector<std::pair<double, int>> draining;
  for (const auto& s : samples) {
    if (s.second > 0 && s.second < total) draining.push_back(s);
  }
  if (draining.size() < 10) return 0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& [x, y] : draining) sx += x, sy += y, sxx += x * x, sxy += x * y;
  const double n = static_cast<double>(draining.size());
  return (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60.0;
}

}  // namespace

TEST(WaitingRoomCluster, OneLineAcrossServersAtTheRoomsRateWhileServersDie) {
  LocalCluster cluster("--dev --client-rate 0 --threads 2 --workers 2");
  ASSERT_TRUE(cluster.started()) << cluster.up_output();
  const auto tokens = signed_in_buyers(kEarly + kLate + 1, {"--data-dir", make_temp_dir(), "--database", cluster.database_url()});
  ASSERT_EQ(tokens.size(), static_cast<std::size_t>(kEarly + kLate + 1));
  auto admin = bearer(sign_in(cluster.port(), kDevAdminEmail, kDevAdminPassword));
  admin["Content-Type"] = "application/json";
  const std::string slug = "cluster-on-sale";
  auto created = http_request(cluster.port(), "POST", "/api/events",
                              R"({"name":"Cluster on sale","slug":")" + slug + R"(","artist":"A","venue":"V",)"
                              R"("startsAt":"2030-01-01T20:00:00Z","onSaleAt":")" + iso_in(20s) +
                                  R"(","layout":"stadium","waitingRoom":{"enabled":true,"admitPerMinute":)" +
                                  std::to_string(kPerMinute) + R"(,"maxActive":100000,"passMinutes":20}})",
                              admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto event_id = created.json().at("id").as_int64();
  const std::string queue = "/api/events/" + slug + "/queue";
  const std::array<std::uint16_t, 3> servers{cluster.instance_port(1), cluster.instance_port(2), cluster.instance_port(3)};

  // Before the opening: every early fan joins through nginx (four at a time, from addresses of
  // their own, as fans do: a room limits new places per address); a second join on each server
  // returns the same place.
  std::vector<std::string> early_ids(kEarly);
  {
    std::vector<std::thread> joiners;
    std::atomic<int> failed{0};
    for (int t = 0; t < 4; ++t) {
      joiners.emplace_back([&, t] {
        for (int i = t; i < kEarly; i += 4) {
          const auto from = "127.0." + std::to_string(1 + i / 200) + "." + std::to_string(1 + i % 200);
          auto r = http_request_from(from, cluster.port(), "POST", queue, "", fan(tokens[i]));
          if (r.status != 200 || r.json().at("state") != "pre_queue") {
            ++failed;
            continue;
          }
          early_ids[i] = std::string(r.json().at("queueId").as_string());
        }
      });
    }
    for (auto& j : joiners) j.join();
    ASSERT_EQ(failed.load(), 0);
  }
  for (const auto port : servers) {
    auto again = http_request(port, "POST", queue, "", fan(tokens[0]));
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.json().at("queueId").as_string(), early_ids[0]) << "one place, whichever server";
  }
  const auto before = http_get(cluster.port(), queue + "/draw").json();
  EXPECT_TRUE(before.at("seed").is_null());
  const std::string commitment(before.at("commitment").as_string());

  // The opening: the pre-queue is drawn once.
  const auto draw_until = Clock::now() + 40s;
  json::value drawn;
  while (Clock::now() < draw_until) {
    drawn = http_get(cluster.port(), queue + "/draw").json();
    if (drawn.at("seed").is_string()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(drawn.at("seed").is_string()) << "never drawn";
  EXPECT_EQ(drawn.at("commitment").as_string(), commitment);
  ASSERT_EQ(drawn.at("entries").as_array().size(), static_cast<std::size_t>(kEarly));

  // Later fans, one after another, each on the next server: in line in order of arrival.
  std::vector<std::int64_t> late_positions;
  for (int i = 0; i < kLate; ++i) {
    auto r = http_request(servers[i % 3], "POST", queue, "", fan(tokens[kEarly + i]));
    ASSERT_EQ(r.status, 200) << r.body;
    late_positions.push_back(r.json().at("position").as_int64());
  }
  EXPECT_TRUE(std::is_sorted(late_positions.begin(), late_positions.end()));
  EXPECT_EQ(std::adjacent_find(late_positions.begin(), late_positions.end()), late_positions.end()) << "no turn twice";
  EXPECT_EQ(late_positions.front(), kEarly + 1);

  // The doorman lets them in while each server in turn dies and comes back.
  std::atomic<bool> drained{false};
  std::vector<std::string> drills;
  std::thread killer([&] {
    for (int i = 1; i <= 3 && !drained; ++i) {
      std::this_thread::sleep_for(2s);
      drills.push_back(cluster.script("kill-instance " + std::to_string(i)));
      std::this_thread::sleep_for(2s);
      drills.push_back(cluster.script("start-instance " + std::to_string(i)));
    }
  });
  constexpr int kTotal = kEarly + kLate;
  const auto t0 = Clock::now();
  std::vector<std::pair<double, int>> samples;
  int last_active = 0;
  while (Clock::now() - t0 < 90s) {
    auto c = http_get(cluster.port(), "/api/admin/events/" + std::to_string(event_id) + "/queue", admin);
    const double at = std::chrono::duration<double>(Clock::now() - t0).count();
    if (c.status != 200) continue;  // nginx found a dead server mid-drill
    const auto v = c.json();
    const auto admitted = static_cast<int>(v.at("admittedTotal").as_int64());
    last_active = static_cast<int>(v.at("active").as_int64());
    samples.emplace_back(at, admitted);
    if (admitted >= kTotal) break;
    std::this_thread::sleep_for(200ms);
  }
  drained = true;
  killer.join();
  for (const auto& d : drills) EXPECT_TRUE(d.ends_with("exit 0")) << d;
  ASSERT_FALSE(samples.empty());
  EXPECT_EQ(samples.back().second, kTotal) << "everyone let in, once";
  EXPECT_LE(last_active, kTotal);
  const double rate = measured_rate(samples, kTotal);
  std::printf("let in %d at %.1f a minute (the room's rate: %d) while the servers died in turn\n", kTotal, rate,
              kPerMinute);
  EXPECT_NEAR(rate, kPerMinute, kPerMinute * 0.02) << "admissions a minute while servers died: " << rate;

  // Each early fan finds their place in the published order; the order checks out by its seed.
  const auto& order = drawn.at("entries").as_array();
  for (int i = 0; i < kEarly; i += 37) {
    const auto place = http_request(cluster.port(), "GET", queue, "", fan(tokens[i])).json();
    ASSERT_TRUE(place.at("position").is_int64()) << json::serialize(place);
    EXPECT_EQ(order.at(static_cast<std::size_t>(place.at("position").as_int64() - 1)), place.at("queueId"));
  }
  const auto file = make_temp_dir() + "/draw.json";
  std::ofstream(file) << json::serialize(drawn);
  const auto checked = run_command(std::string("python3 ") + TW_SOURCE_DIR + "/scripts/verify-queue-draw " + file);
  EXPECT_EQ(checked.rfind("OK:", 0), 0u) << checked;

  // A pass is good on every server, for its own fan only.
  const auto pass_of = [&](const std::string& token) {
    const auto v = http_request(cluster.port(), "GET", queue, "", fan(token)).json();
    return v.at("pass").is_string() ? std::string(v.at("pass").as_string()) : std::string();
  };
  const auto mine = pass_of(tokens[1]);
  ASSERT_FALSE(mine.empty());
  const auto hold = [&](std::uint16_t port, const std::string& token, const std::string& pass, const char* seat) {
    auto h = fan(token);
    h["Content-Type"] = "application/json";
    if (!pass.empty()) h["X-Queue-Pass"] = pass;
    return http_request(port, "POST", "/api/events/" + slug + "/holds", seats_body({seat}), h);
  };
  EXPECT_EQ(error_code(hold(servers[0], tokens[1], "", "VIP-A-1")), "queue_pass_required");
  EXPECT_EQ(error_code(hold(servers[1], tokens[2], mine, "VIP-A-2")), "queue_pass_not_yours");
  EXPECT_EQ(hold(servers[2], tokens[1], mine, "VIP-A-3").status, 201);
  EXPECT_EQ(error_code(hold(servers[0], tokens[kEarly + kLate], "", "VIP-A-4")), "queue_pass_required")
      << "a fan who never queued";
}

}  // namespace tw::testing
