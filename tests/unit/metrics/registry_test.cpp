// The metrics registry writes the Prometheus text format: one HELP and TYPE per family, escaped
// label values, cumulative histogram buckets, and only the statuses that were answered.
#include "metrics/registry.h"

#include <gtest/gtest.h>

namespace tw::metrics {

TEST(MetricsRegistry, TheSameNameAndLabelsAreOneMetric) {
  Registry r;
  r.counter("t_things_total", "Things.", {{"kind", "a"}}).add(2);
  r.counter("t_things_total", "Things.", {{"kind", "a"}}).add(3);
  r.counter("t_things_total", "Things.", {{"kind", "b"}}).add();
  const auto text = r.text();
  EXPECT_NE(text.find("# HELP t_things_total Things.\n# TYPE t_things_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_things_total{kind=\"a\"} 5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_things_total{kind=\"b\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("# TYPE t_things_total", text.find("# TYPE t_things_total") + 1), std::string::npos)
      << "one header per family";
}

TEST(MetricsRegistry, LabelValuesAreEscaped) {
  Registry r;
  r.gauge("t_level", "Level.", {{"name", "a\"b\\c\nd"}}).set(-4);
  EXPECT_NE(r.text().find("t_level{name=\"a\\\"b\\\\c\\nd\"} -4\n"), std::string::npos) << r.text();
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
  Registry r;
  auto& h = r.histogram("t_seconds", "Seconds.");
  for (double v : {0.0002, 0.003, 0.003, 20.0}) h.observe(v);
  const auto text = r.text();
  EXPECT_NE(text.find("t_seconds_bucket{le=\"0.0005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_seconds_bucket{le=\"0.005\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_seconds_bucket{le=\"10\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_seconds_bucket{le=\"+Inf\"} 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_seconds_count 4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_seconds_sum 20.0062\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, AnUnusedHistogramWritesNoSamples) {
  Registry r;
  r.histogram("t_idle_seconds", "Idle.", {{"route", "/x"}});
  EXPECT_EQ(r.text().find("t_idle_seconds_bucket"), std::string::npos);
}

TEST(MetricsRegistry, StatusCountsWriteOnlyTheStatusesAnswered) {
  Registry r;
  auto& s = r.status_counts("t_requests_total", "Requests.", {{"route", "/api/x/{id}"}});
  s.add(200);
  s.add(200);
  s.add(404);
  s.add(299);  // a status no server sends: "other"
  const auto text = r.text();
  EXPECT_NE(text.find("t_requests_total{route=\"/api/x/{id}\",status=\"200\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_requests_total{route=\"/api/x/{id}\",status=\"404\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("t_requests_total{route=\"/api/x/{id}\",status=\"other\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("status=\"500\""), std::string::npos);
}

TEST(MetricsRegistry, ProcessFiguresAreWritten) {
  std::string out;
  write_process_metrics(out);
  for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_open_fds ",
                           "process_max_fds ", "process_start_time_seconds "}) {
    EXPECT_NE(out.find(std::string("\n") + name), std::string::npos) << name << " in\n" << out;
  }
}

}  // namespace tw::metrics
