// The Grafana dashboard and the alerting rules in deploy/monitoring query only series TicketWar
// serves: every metric they name is in docs/operations.md's table of series (which
// tests/integration/metrics_test.cpp checks against a real scrape), and the dashboard is JSON
// Grafana can import.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace tw {
namespace {

std::string read_source_file(const std::string& path) {
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Metric names in a query, without the histogram's _bucket/_sum/_count.
std::set<std::string> metric_names(const std::string& text) {
  static const std::regex name(R"(\b((?:ticketwar|http|process)_[a-z_]+))");
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) {
    std::string n = (*it)[1];
    for (const char* suffix : {"_bucket", "_count", "_sum"}) {
      if (n.ends_with(suffix)) n.resize(n.size() - std::string_view(suffix).size());
    }
    out.insert(n);
  }
  return out;
}

bool documented(const std::string& docs, const std::string& name) {
  if (docs.find("`" + name + "`") != std::string::npos || docs.find("`" + name + "{") != std::string::npos) return true;
  // "`ticketwar_event_log_lag{consumer}`, `…_failing_rounds`": a family's siblings by suffix.
  const auto last = name.rfind('_', name.size() - 1);
  for (auto cut = name.find('_'); cut != std::string::npos && cut < last + 1; cut = name.find('_', cut + 1)) {
    if (docs.find("`…" + name.substr(cut) + "`") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST(MonitoringFiles, QueryOnlyDocumentedSeries) {
  const auto docs = read_source_file("docs/operations.md");
  const auto dashboard = boost::json::parse(read_source_file("deploy/monitoring/grafana-dashboard.json")).as_object();
  std::string exprs;
  for (const auto& panel : dashboard.at("panels").as_array()) {
    for (const auto& target : panel.at("targets").as_array()) exprs += target.at("expr").as_string().c_str() + std::string("\n");
  }
  const auto alerts = read_source_file("deploy/monitoring/alerts.yml");
  ASSERT_NE(alerts.find("alert: TicketWarCheckoutErrors"), std::string::npos);
  auto names = metric_names(exprs);
  names.merge(metric_names(alerts));
  ASSERT_GE(names.size(), 10u);
  for (const auto& n : names) EXPECT_TRUE(documented(docs, n)) << n << " is queried but not in docs/operations.md";
}

TEST(MonitoringFiles, EveryAlertHasARunbookEntry) {
  const auto docs = read_source_file("docs/operations.md");
  const auto alerts = read_source_file("deploy/monitoring/alerts.yml");
  static const std::regex alert(R"(alert: (\w+))");
  int n = 0;
  for (std::sregex_iterator it(alerts.begin(), alerts.end(), alert), end; it != end; ++it, ++n) {
    EXPECT_NE(docs.find("### " + (*it)[1].str()), std::string::npos) << (*it)[1] << " has no runbook entry";
  }
  EXPECT_GE(n, 5);
}

}  // namespace tw
