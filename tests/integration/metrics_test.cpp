// GET /metrics (issue 35): the Prometheus text format, read back by the Prometheus client's own
// parser (python3-prometheus-client); its counters move with traffic; only the configured
// addresses or the token may read it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "support/api_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {

constexpr const char* kMetricsEvent = "taylor-swift-eras";

// Every sample as "name{label="value",…}" (labels sorted, as the parser gives them) -> value,
// plus "#type name" -> the family's type; the parser throws on anything malformed.
constexpr const char* kParse = R"(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for f in text_string_to_metric_families(sys.stdin.read()):
    out['#type ' + f.name] = f.type
    for s in f.samples:
        labels = ','.join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
        out[s.name + '{' + labels + '}'] = s.value
print(json.dumps(out))
)";

boost::json::object parse_metrics(const std::string& text) {
  const std::string dir = make_temp_dir();
  std::ofstream(dir + "/metrics.txt") << text;
  std::ofstream(dir + "/parse.py") << kParse;
  const auto out = run_command("/usr/bin/python3 " + dir + "/parse.py < " + dir + "/metrics.txt 2>&1");
  std::filesystem::remove_all(dir);
  try {
    return boost::json::parse(out).as_object();
  } catch (const std::exception&) {
    ADD_FAILURE() << "the Prometheus parser refused the metrics: " << out;
    return {};
  }
}

double value_of(const boost::json::object& m, const std::string& key) {
  const auto* v = m.if_contains(key);
  return v ? v->to_number<double>() : -1;
}

}  // namespace

TEST(Metrics, ParseAsPrometheusTextAndMoveWithTraffic) {
  ServerProcess server;
  auto before = http_get(server.port(), "/metrics");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_NE(before.header("content-type").find("text/plain; version=0.0.4"), std::string::npos);
  const auto first = parse_metrics(before.body);

  ASSERT_EQ(http_get(server.port(), std::string("/api/events/") + kMetricsEvent).status, 200);
  auto fan = sign_up(server.port(), "metrics");
  buy_ticket(server.port(), fan, kMetricsEvent, "STD-H-1");
  auto gone = http_request(server.port(), "POST", std::string("/api/events/") + kMetricsEvent + "/holds",
                           seats_body({"STD-H-1"}), bearer(fan));
  ASSERT_EQ(gone.status, 409);

  const auto m = parse_metrics(http_get(server.port(), "/metrics").body);
  EXPECT_EQ(m.at("#type http_requests").as_string(), "counter");
  EXPECT_EQ(m.at("#type http_request_duration_seconds").as_string(), "histogram");
  EXPECT_GE(value_of(m, "http_requests_total{method=\"GET\",route=\"/api/events/{slug}\",status=\"200\"}"), 1);
  EXPECT_GE(value_of(m, "http_requests_total{method=\"POST\",route=\"/api/events/{slug}/holds\",status=\"409\"}"), 1);
  EXPECT_GE(value_of(m, "http_request_duration_seconds_count{method=\"GET\",route=\"/api/events/{slug}\"}"), 1);
  EXPECT_GE(value_of(m, "http_request_duration_seconds_bucket{le=\"+Inf\",method=\"GET\",route=\"/api/events/{slug}\"}"),
            1);
  // The sale's own counters moved by exactly what was done.
  const auto made = "ticketwar_holds_total{outcome=\"made\"}";
  EXPECT_EQ(value_of(m, made) - std::max(0.0, value_of(first, made)), 1);
  EXPECT_EQ(value_of(m, "ticketwar_checkouts_total{outcome=\"paid\"}"), 1);
  EXPECT_GE(value_of(m, "ticketwar_payment_seconds_count{}"), 1);
  EXPECT_GE(value_of(m, std::string("ticketwar_event_seats{event=\"") + kMetricsEvent + "\",state=\"sold\"}"), 1);
  EXPECT_GT(value_of(m, "ticketwar_worker_queue_seconds_count{pool=\"tw-db\"}"), 0);
  EXPECT_GE(value_of(m, "ticketwar_event_log_lag{consumer=\"receipts\"}"), 0);
  EXPECT_GE(value_of(m, "http_open_connections{}"), 1) << "the scrape's own connection";
  EXPECT_GT(value_of(m, "process_resident_memory_bytes{}"), 1e6);
  EXPECT_GT(value_of(m, "process_open_fds{}"), 3);
  EXPECT_GT(value_of(m, "process_cpu_seconds_total{}"), 0);
}

TEST(Metrics, OnlyTheConfiguredAddressesOrTheTokenMayReadThem) {
  {
    ServerProcess server;
    // A client behind the trusted proxy (loopback) is the address it forwards, not loopback.
    auto outside = http_get(server.port(), "/metrics", {{"X-Forwarded-For", "203.0.113.9"}});
    EXPECT_EQ(outside.status, 403);
    EXPECT_EQ(error_code(outside), "forbidden");
  }
  ServerProcess server({"--metrics-from", "none", "--metrics-token", "s3cret-scraper"});
  EXPECT_EQ(http_get(server.port(), "/metrics").status, 403);
  EXPECT_EQ(http_get(server.port(), "/metrics", {{"Authorization", "Bearer wrong-token-xx"}}).status, 403);
  EXPECT_EQ(http_get(server.port(), "/metrics", {{"Authorization", "Bearer s3cret-scraper"}}).status, 200);
}

}  // namespace tw::testing
